//! Who an attribution's verb belongs to: the noun phrase before it (over
//! adverbs, titles and appositives), the name that opens the sentence, or
//! the phrase after an inverted verb ("said the minister"); and whether
//! that subject is vague ("some say") or anonymous ("a senior official").

use std::ops::Range;

use super::context::PERSONAL_PRONOUNS;
use super::sentence::*;
use super::Classifier;
use crate::lexicon::norm_word;

impl Classifier {
    /// An adverb between a subject and its verb ("also", "later", "-ly";
    /// the lexicon's `adverbs`).
    pub(super) fn is_adverb(&self, w: &str) -> bool {
        (w.ends_with("ly") && w.len() > 4) || self.lex.adverbs.contains_word(w)
    }

    /// Whether token `k` is an adverb: a capitalised "-ly" word is a name
    /// ("Kelly said", "Donnelly wrote").
    pub(super) fn adverb_at(&self, s: &Sentence, k: usize) -> bool {
        let w = s.norm(k);
        if s.toks[k].cap {
            self.lex.adverbs.contains_word(w)
        } else {
            self.is_adverb(w)
        }
    }

    /// Walks back from token `t` (exclusive) over a subject noun phrase.
    pub(super) fn subject_before(&self, s: &Sentence, t: usize) -> Option<Range<usize>> {
        let mut i = t;
        // Adverbs and auxiliaries between subject and verb: "Lavrov also
        // said", "Proponents have urged".
        while i > 0 && s.toks[i - 1].kind == TokKind::Word && (self.adverb_at(s, i - 1) || is_auxiliary(s.norm(i - 1))) {
            i -= 1;
        }
        let end_tok = i;
        // Appositive: "Dr. Amina Diallo, the study's lead author, said".
        if i > 0 && s.toks[i - 1].kind == TokKind::Punct(',') {
            let comma = i - 1;
            let prev_comma = (0..comma).rev().find(|&k| matches!(s.toks[k].kind, TokKind::Punct(',') | TokKind::CloseQuote | TokKind::OpenQuote));
            return match prev_comma {
                // The name and its appositive, when that is short.
                Some(k) if s.toks[k].kind == TokKind::Punct(',') => self.subject_before(s, k).map(|name| {
                    let words = s.toks[k + 1..comma].iter().filter(|x| x.kind == TokKind::Word).count();
                    let plain = s.toks[k + 1..comma].iter().all(Tok::in_phrase);
                    // "Proponents, including the Conference of Mayors, have
                    // urged": "including" names members; other participles
                    // are actions.
                    let participle = s.norm(k + 1).ends_with("ing") && !matches!(s.norm(k + 1), "including" | "managing");
                    // "Her chief policy aide, Jake Sullivan, calls": a name
                    // after a description is the description's.
                    let described_name = s.toks[k - 1].kind == TokKind::Word
                        && !s.toks[k - 1].cap
                        && s.toks[k + 1..comma].iter().all(|x| x.kind != TokKind::Word || x.cap)
                        && words <= 4;
                    if (1..=APPOSITIVE_WORDS).contains(&words)
                        && plain
                        && !participle
                        && (!s.toks[k + 1].cap || DETERMINERS.contains(&s.norm(k + 1)) || described_name)
                    {
                        name.start..s.toks[comma - 1].range.end
                    } else {
                        name
                    }
                }),
                Some(_) => None,
                None => {
                    let start = 0;
                    (comma > start).then(|| s.toks[start].range.start..s.toks[comma - 1].range.end)
                }
            };
        }
        let mut start = end_tok;
        let mut count = 0;
        while start > 0 && count < 12 {
            let tok = &s.toks[start - 1];
            match &tok.kind {
                // "Rep. Jim Jordan (R-Ohio) said": a parenthesis inside the name.
                TokKind::Punct(')') => {
                    let Some(open) = (0..start - 1).rev().find(|&k| s.toks[k].kind == TokKind::Punct('(')) else { break };
                    if open == 0 || s.toks[open - 1].kind != TokKind::Word {
                        break;
                    }
                    start = open;
                }
                // "the Court of Appeals’ Board": a plural's possessive mark.
                TokKind::Punct('’' | '\'')
                    if start >= 2 && s.toks[start - 2].kind == TokKind::Word && s.toks[start - 2].range.end == tok.range.start =>
                {
                    start -= 1;
                }
                TokKind::Word => {
                    // "the report that said": a relative "that" right before
                    // the verb is the subject, resolved below.
                    let norm = s.norm(start - 1);
                    let relative = count == 0 && matches!(norm, "that" | "which" | "who");
                    // ("“…,” From said": a capitalised one inside the sentence is a name.)
                    let name = tok.cap && start > 1;
                    let joined = norm == "and" && count > 0 && self.joins_nouns(s, start - 1);
                    if SUBJECT_STOPS.contains(&norm) && !(relative || name || joined) {
                        break;
                    }
                    start -= 1;
                    count += 1;
                    // "he said", "the equations that described": the subject is
                    // the pronoun alone, or the relative's antecedent (below).
                    if relative || (count == 1 && matches!(norm, "he" | "she" | "they" | "it" | "we" | "i")) {
                        break;
                    }
                }
                _ => break,
            }
        }
        // A parenthesis skipped at the start leaves no words.
        while start < end_tok && s.toks[start].kind != TokKind::Word {
            start += 1;
        }
        if start == end_tok {
            return None;
        }
        // "rates could also overshoot the budget office forecast": after a
        // modal or "to" the words are a verb phrase, not a subject.
        let before = (0..start).rev().find(|&k| s.toks[k].kind != TokKind::Word || !self.adverb_at(s, k));
        if before.is_some_and(|k| {
            s.toks[k].kind == TokKind::Word && matches!(s.norm(k), "could" | "would" | "will" | "may" | "might" | "should" | "can" | "must" | "to")
        }) {
            return None;
        }
        // "…, who said": the antecedent before the comma is the source.
        if end_tok - start == 1 && matches!(s.norm(start), "who" | "which" | "that") {
            if start > 0 && s.toks[start - 1].kind == TokKind::Punct(',') {
                // Token `start - 1` is the comma: treating it as an appositive
                // comma walks back past it to the antecedent.
                return self.subject_plain_before(s, start - 1).or_else(|| self.subject_before(s, start));
            }
            return self.subject_plain_before(s, start);
        }
        // Drop a leading "As" ("As pollster Dana Whitaker put it").
        let mut first = start;
        if s.norm(first) == "as" && first + 1 < end_tok {
            first += 1;
        }
        // "In a Bloomberg interview Trump said": an opening phrase with no
        // comma; the speaker is the name that ends it.
        // The preposition alone is no phrase ("AT said").
        if PREPOSITIONS_AFTER_VERB.contains(&s.norm(first)) && end_tok > first + 1 && s.toks[end_tok - 1].cap {
            let mut k = end_tok;
            while k > first + 1 && s.toks[k - 1].kind == TokKind::Word && s.toks[k - 1].cap {
                k -= 1;
            }
            first = k;
        }
        // A subject with a finite auxiliary in it is a clause, not a name
        // ("Lorenz had suggested a cap to weather … said").
        let clause = (first..end_tok).any(|k| s.toks[k].kind == TokKind::Word && CLAUSE_VERBS.contains(&s.norm(k)));
        // "(Having said that, …": a participle alone is no subject.
        let participle = (first..end_tok).all(|k| s.toks[k].kind != TokKind::Word || participle_at(s, k));
        // "I hope in 2017 America says": a clause of the writer's own.
        let writer = matches!(s.norm(first), "i" | "we") && end_tok > first + 1;
        if clause || participle || writer {
            return None;
        }
        Some(s.toks[first].range.start..s.toks[end_tok - 1].range.end)
    }

    /// Whether the "and" at token `k` joins two nouns of one subject
    /// ("Experts on North Korea and nuclear nonproliferation said", "The
    /// former first lady and U.S. senator said") rather than two clauses
    /// ("The team won and Smith said"): the words before it run back to the
    /// sentence's start with nothing that reads as a verb.
    pub(super) fn joins_nouns(&self, s: &Sentence, k: usize) -> bool {
        let words = (0..k).filter(|&j| s.toks[j].kind == TokKind::Word).count();
        let all_words = s.toks[..k].iter().all(Tok::in_phrase);
        let verb_like = (0..k).any(|j| {
            let w = s.norm(j);
            (!s.toks[j].cap && (w.ends_with("ed") || w.ends_with("ing")))
                || is_finite(w)
                || SUBJECT_STOPS.contains(&w)
                || PERSONAL_PRONOUNS.contains(&w)
                || matches!(w, "it" | "we" | "i" | "you")
                || self.lex.clause_verbs.contains_word(w)
        });
        (1..=8).contains(&words) && all_words && !verb_like
    }

    /// Like `subject_before` but with no appositive handling: the phrase just
    /// before token `t`.
    pub(super) fn subject_plain_before(&self, s: &Sentence, t: usize) -> Option<Range<usize>> {
        let mut start = t;
        // The noun phrase: a few words, not past a preposition or a verb.
        let stop = |w: &str| {
            SUBJECT_STOPS.contains(&w)
                || matches!(w, "in" | "on" | "at" | "for" | "with" | "to" | "into" | "about" | "is" | "was" | "were" | "are" | "has" | "have" | "had")
        };
        while start > 0 && s.toks[start - 1].kind == TokKind::Word && !stop(s.norm(start - 1)) {
            start -= 1;
            if t - start >= 6 {
                break;
            }
        }
        (start < t).then(|| s.toks[start].range.start..s.toks[t - 1].range.end)
    }

    /// The first run of capitalised words before token `t`, past any
    /// opening prepositional phrase ("At an event in Ames, Mrs. Clinton…"):
    /// the clause's subject when it is a name.
    pub(super) fn leading_name(&self, s: &Sentence, t: usize) -> Option<Range<usize>> {
        let mut k = 0;
        // Skip opening phrases that end at a comma: "At an event in Ames,",
        // "Meanwhile,", "Chastened by the analyses, as well as …,".
        while k < t && self.opens_phrase(s, k) {
            k = (k..t).find(|&i| s.toks[i].kind == TokKind::Punct(',')).map_or(t, |c| c + 1);
        }
        // "Meanwhile, it attacked Trump, saying …": the subject is the pronoun.
        if k < t && s.toks[k].kind == TokKind::Word && is_subject_pronoun(s.norm(k)) {
            return Some(s.toks[k].range.clone());
        }
        while k < t && s.toks[k].kind == TokKind::Word && DETERMINERS.contains(&s.norm(k)) && !s.toks[k].cap {
            k += 1;
        }
        let start = k;
        // A word of a title: lowercase, not a function word, not a verb form
        // ("press secretary", "presidential nominee"; not "tried on").
        let title_word = |x: usize| {
            let w = s.norm(x);
            !s.toks[x].cap
                && !DETERMINERS.contains(&w)
                && !SUBJECT_STOPS.contains(&w)
                && !PREPOSITIONS_AFTER_VERB.contains(&w)
                && !matches!(w, "by" | "with" | "and" | "or" | "not" | "is" | "was" | "has" | "had")
                && !w.ends_with("ed")
                && !w.ends_with("ing")
                && !self.is_adverb(w)
        };
        let inside_name = |k: usize| {
            // "of", "for", or up to two title words before the next
            // capitalised one ("White House press secretary Josh").
            matches!(s.norm(k), "of" | "for")
                || (1..=3).any(|d| (k..=k + d).all(|x| x < t && s.toks[x].kind == TokKind::Word) && (k..k + d).all(title_word) && s.toks[k + d].cap)
        };
        while k < t && s.toks[k].kind == TokKind::Word && (s.toks[k].cap || inside_name(k)) {
            k += 1;
        }
        while k > start && !s.toks[k - 1].cap {
            k -= 1;
        }
        // "A few days ago …": a capitalised determiner alone is no name.
        let only_determiner = k == start + 1 && DETERMINERS.contains(&s.norm(start));
        if k <= start || k - start > 8 || only_determiner {
            return None;
        }
        // "Dean, a former Democratic National Committee chairman, poked at
        // …, tweeting": the appositive that describes the name is its own.
        let described = s.toks.get(k).is_some_and(|x| x.kind == TokKind::Punct(','))
            && s.toks.get(k + 1).is_some_and(|x| x.kind == TokKind::Word && !x.cap && matches!(s.norm(k + 1), "a" | "an" | "the"));
        if described {
            let close = (k + 1..t).find(|&j| !s.toks[j].in_phrase());
            if let Some(c) = close.filter(|&c| s.toks[c].kind == TokKind::Punct(',') && c - (k + 1) <= APPOSITIVE_WORDS) {
                return Some(s.toks[start].range.start..s.toks[c - 1].range.end);
            }
        }
        Some(s.toks[start].range.start..s.toks[k - 1].range.end)
    }

    /// Whether an opening phrase that is not the clause's subject starts at
    /// token `k`: a preposition, or an adverb, participle or "as" before a
    /// comma or a lowercase word ("Separately,", "Chastened by", not "Ted
    /// Cruz" or "Kelly said").
    pub(super) fn opens_phrase(&self, s: &Sentence, k: usize) -> bool {
        if s.toks[k].kind != TokKind::Word {
            return false;
        }
        let w = s.norm(k);
        if PREPOSITIONS_AFTER_VERB.contains(&w) {
            return true;
        }
        let next = s.toks.get(k + 1);
        let comma_next = next.is_some_and(|x| x.kind == TokKind::Punct(','));
        let lower_next = next.is_some_and(|x| x.kind == TokKind::Word && !x.cap);
        // "Simply put,", "Broadly speaking,": an adverb and one word.
        let comma_after_next = lower_next && s.toks.get(k + 2).is_some_and(|x| x.kind == TokKind::Punct(','));
        (self.lex.openers.contains_word(w) || self.is_adverb(w)) && comma_next
            || self.is_adverb(w) && comma_after_next
            || (w.ends_with("ed") && w.len() > 4 || participle_at(s, k) || w == "as") && (comma_next || lower_next)
    }

    /// Whether tokens `r` are a short clause of plain words that reports no
    /// speech: what a relative clause after a name says about the person.
    pub(super) fn describes(&self, s: &Sentence, r: Range<usize>) -> bool {
        let plain = s.toks[r.clone()].iter().all(Tok::in_phrase);
        let mut words = 0;
        for k in r.filter(|&k| s.toks[k].kind == TokKind::Word) {
            let w = s.toks[k].word as usize;
            if s.norm(k) == "that"
                || s.phrase_at(&self.lex.speech_verbs, w).is_some()
                || s.phrase_at(&self.lex.speech_verbs_with_content, w).is_some()
            {
                return false;
            }
            words += 1;
        }
        plain && (1..=15).contains(&words)
    }

    /// "Senator Dianne Feinstein, Democrat of California, said": a name
    /// that opens the sentence and a short appositive set off by commas,
    /// ending just before token `t` (the comma before the verb).
    pub(super) fn fronted_name(&self, s: &Sentence, t: usize) -> Option<Range<usize>> {
        let comma = t.checked_sub(1).filter(|&c| s.toks[c].kind == TokKind::Punct(','))?;
        let first = (0..comma).find(|&k| s.toks[k].kind == TokKind::Punct(','))?;
        // "A publicist for Thicke's son, Robin, said": a description, then
        // the name.
        let described = || {
            DETERMINERS.contains(&s.norm(0))
                && first <= 8
                && !(0..first).any(|k| is_finite(s.norm(k)))
                && (first + 1..comma).all(|k| s.toks[k].kind != TokKind::Word || s.toks[k].cap)
        };
        let name = self.leading_name(s, first).filter(|n| n.start == s.toks[0].range.start && n.end == s.toks[first - 1].range.end);
        let Some(name) = name else {
            return described().then(|| s.toks[0].range.start..s.toks[comma - 1].range.end);
        };
        let between = &s.toks[first + 1..comma];
        // "Trump, speaking to veterans, said", "Mr. Obama, who understood …,
        // told": a participle or a relative clause is not part of the name.
        let opener = s.norm(first + 1);
        // "Derek Mitchell, who served as U.S. ambassador to Burma, said": a
        // short clause that says who the speaker is belongs to the name; one
        // that reports speech of its own does not.
        if opener == "who" && self.describes(s, first + 2..comma) {
            return Some(s.toks[0].range.start..s.toks[comma - 1].range.end);
        }
        if opener.ends_with("ing") || matches!(opener, "who" | "which" | "whose" | "whom" | "that") {
            return Some(name);
        }
        // "Today, many programmers leave science …, but because coding is
        // better compensated, said Alyssa Goodman": a finite verb makes it a
        // clause, not an appositive (one after "which", "who" or "that" is a
        // relative clause's, inside the appositive).
        if (first + 1..comma).map(|k| s.norm(k)).take_while(|w| !matches!(*w, "which" | "who" | "that")).any(is_finite) {
            return None;
        }
        let words = between.iter().filter(|x| x.kind == TokKind::Word).count();
        // The appositive may hold commas of its own ("a Cruz supporter from
        // Jackson, Miss., attending the convention").
        let plain = between.iter().all(|x| matches!(x.kind, TokKind::Word | TokKind::Punct('.' | '-' | '’' | '\'' | '(' | ')' | ',')))
            && between.iter().filter(|x| x.kind == TokKind::Punct(',')).count() <= 3;
        ((1..=APPOSITIVE_WORDS).contains(&words) && plain).then(|| s.toks[0].range.start..s.toks[comma - 1].range.end)
    }

    /// The phrase after token `t` up to punctuation: "said Luis Ferreira".
    pub(super) fn phrase_after(&self, s: &Sentence, t: usize, appositive: bool) -> Option<Range<usize>> {
        let mut end = t + 1;
        while end < s.toks.len() && s.toks[end].kind == TokKind::Word && end - t <= 10 {
            // "said Luis Ferreira as he left": the name ends at a clause word
            // ("told by WeWork to sign the terms": or an infinitive).
            if end > t + 1 && matches!(s.norm(end), "as" | "that" | "who" | "which" | "when" | "while" | "because" | "after" | "before" | "to") {
                break;
            }
            end += 1;
        }
        if end == t + 1 {
            return None;
        }
        let mut last = end - 1;
        // "said Rep. G.K. Butterfield (D-N.C.), head of …": the parenthesis
        // is the name's.
        if appositive && s.toks.get(end).is_some_and(|x| x.kind == TokKind::Punct('(')) {
            if let Some(close) = (end + 1..s.toks.len().min(end + 8)).find(|&k| s.toks[k].kind == TokKind::Punct(')')) {
                last = close;
                end = close + 1;
            }
        }
        // "said Kenneth Baer, a former official who runs a firm": a short
        // appositive that describes the speaker is part of the source, and
        // so is a title ("head of the caucus", "Democrat of California").
        if appositive
            && s.toks.get(end).is_some_and(|x| x.kind == TokKind::Punct(','))
            && s.toks.get(end + 1).is_some_and(|x| x.kind == TokKind::Word)
        {
            let first = s.norm(end + 1);
            // "Democrat of California", "House editor for the Cook Political
            // Report": a capitalised title word then "of", "for" or "at".
            let of_within = |k: usize| s.toks.get(k).is_some_and(|x| x.kind == TokKind::Word && matches!(s.norm(k), "of" | "for" | "at"));
            // "Facebook's global politics director": a possessive opens one too.
            let possessive = first.ends_with("'s") && s.toks.get(end + 2).is_some_and(|x| x.kind == TokKind::Word && !x.cap);
            let capital_title = (possessive || of_within(end + 2) || (s.toks.get(end + 2).is_some_and(|x| !x.cap) && of_within(end + 3)))
                && !self.lex.when_words.contains_word(s.norm(end + 1));
            let title = (!s.toks[end + 1].cap || capital_title)
                && !SUBJECT_STOPS.contains(&first)
                && !NOT_TITLE_STARTS.contains(&first)
                // "according to the same thread, was a total rejection": a
                // verb after the comma is the sentence's predicate.
                && !is_finite(first)
                && !first.ends_with("ed");
            // "managing director and analyst at Evercore" is a title.
            if (DETERMINERS.contains(&first) || matches!(first, "who" | "whose") || title) && (!first.ends_with("ing") || first == "managing") {
                let stop = (end + 1..s.toks.len()).find(|&k| s.toks[k].kind != TokKind::Word).unwrap_or(s.toks.len());
                // "said Mr. Kamin, who emphasized that …": a clause that
                // reports speech of its own is not the name's.
                let reports = matches!(first, "who" | "whose") && !self.describes(s, end + 2..stop);
                if stop - (end + 1) <= APPOSITIVE_WORDS && !reports {
                    last = stop - 1;
                }
            }
        }
        Some(s.toks[t + 1].range.start..s.toks[last].range.end)
    }

    /// "Experts", "some analysts", "social media": unnamed and unspecific.
    /// A qualifier makes a source specific ("traders in Geneva"), so only
    /// short subjects that end in a vague phrase count.
    pub(super) fn subject_is_vague(&self, subj: &str) -> bool {
        let words: Vec<String> = subj
            .split_whitespace()
            .map(norm_word)
            .filter(|w| !DETERMINERS.contains(&w.as_str()) && !matches!(w.as_str(), "most" | "several" | "other"))
            .collect();
        // "Many Tunisians", "some in Hong Kong", "a number of experts": a
        // quantifier over an unnamed group.
        let quantified = subj
            .split_whitespace()
            .map(norm_word)
            .find(|w| !DETERMINERS.contains(&w.as_str()))
            .is_some_and(|w| matches!(w.as_str(), "many" | "some" | "few" | "numerous" | "countless" | "various"));
        // "Many Republican Senators" names a group; "many in Hong Kong" is
        // unnamed people in a named place.
        let ws: Vec<&str> = subj.split_whitespace().collect();
        let cap_pair = (1..ws.len().saturating_sub(1)).any(|k| {
            let cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
            cap(ws[k]) && cap(ws[k + 1]) && !matches!(norm_word(ws[k - 1]).as_str(), "in" | "at" | "from" | "across" | "around" | "throughout")
        });
        // "local news reports", "Turkish news reports", "media reports" name
        // a kind of outlet; "social media reports" do not (rule 3).
        let outlet_reports = words.len() >= 2
            && words[words.len() - 1] == "reports"
            && matches!(words[words.len() - 2].as_str(), "news" | "press" | "media")
            && !(words.len() >= 3 && words[words.len() - 3] == "social");
        if outlet_reports {
            return false;
        }
        (quantified && words.len() <= 5 && !cap_pair)
            || (words.len() <= 3 && (0..words.len()).any(|k| self.lex.vague_sources.match_at(&words, k) == Some(words.len() - k)))
    }

    pub(super) fn subject_is_anonymous(&self, subj_range: &Range<usize>, s: &Sentence) -> bool {
        let toks: Vec<&Tok> =
            s.toks.iter().filter(|t| t.kind == TokKind::Word && t.range.start >= subj_range.start && t.range.end <= subj_range.end).collect();
        let norms: Vec<&str> = toks.iter().map(|t| s.norms[t.word as usize].as_str()).collect();
        let has_head = (0..norms.len()).any(|i| self.lex.anonymous_sources.match_at(&norms, i).is_some());
        if !has_head {
            return false;
        }
        // A name: two capitalised words in a row, not counting the sentence's
        // first word ("City officials" is anonymous, "Jia Wen" is not).
        let caps: Vec<bool> = toks.iter().map(|t| t.cap && t.range.start != s.toks.first().map_or(0, |f| f.range.start)).collect();
        !caps.windows(2).any(|w| w[0] && w[1])
    }
}
