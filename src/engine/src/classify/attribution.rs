//! Attributions: a speech or data verb with a real subject (not negated,
//! not passive, not the writer), "according to", a link to a document; the
//! reported words each one covers (a hedge there is the source's, rule 1);
//! and the source it names.

use std::ops::Range;

use super::context::PERSONAL_PRONOUNS;
use super::sentence::*;
use super::{Classifier, Input};
use crate::annotation::{CueKind, Source};
use crate::lexicon::{norm_word, WITH_OBJECT};

/// An attribution found in the sentence.
#[derive(Debug, Clone)]
pub(super) struct Attribution {
    pub(super) kind: CueKind,
    pub(super) cue: Range<usize>,
    pub(super) subject: Option<Range<usize>>,
    /// Bytes of the sentence that are the source's words, not the writer's.
    pub(super) reported: Vec<Range<usize>>,
    pub(super) vague: bool,
    pub(super) anonymous: bool,
    pub(super) href: Option<String>,
}

/// Whether reported content starts at token `k`, just after a verb: "that",
/// a quotation, a colon, a clause ("believes it is"), or one of those after
/// a short object or phrase ("told her that", "wrote on Twitter that").
pub(super) fn reports_content(s: &Sentence, k: usize) -> bool {
    let opens = |k: usize| match s.toks.get(k).map(|x| &x.kind) {
        Some(TokKind::OpenQuote | TokKind::Punct(':')) => true,
        Some(TokKind::Punct(',')) => s.toks.get(k + 1).is_some_and(|x| x.kind == TokKind::OpenQuote),
        Some(TokKind::Word) => s.norm(k) == "that",
        _ => false,
    };
    if opens(k) {
        return true;
    }
    let Some(first) = s.toks.get(k).filter(|x| x.kind == TokKind::Word) else { return false };
    let word = s.norm(k);
    let within = |j: usize| s.toks[j].kind != TokKind::Punct(',') || opens(j);
    // "described the incident as a “terrible situation”", "called it “a
    // responsible mix”": a quotation a few words on is what the verb reports.
    if (k..(k + 12).min(s.toks.len())).take_while(|&j| within(j)).any(|j| s.toks[j].kind == TokKind::OpenQuote) {
        return true;
    }
    // "responded pointedly, with a smile: “…”": what follows a colon.
    if (k..(k + 12).min(s.toks.len())).take_while(|&j| s.toks[j].kind != TokKind::Punct('.')).any(|j| s.toks[j].kind == TokKind::Punct(':')) {
        return true;
    }
    // "Microsoft describes these upgrades as a bonus": a characterisation.
    if s.norm(k.saturating_sub(1)).starts_with("describ")
        && (k..(k + 6).min(s.toks.len())).take_while(|&j| within(j)).any(|j| s.toks[j].kind == TokKind::Word && s.norm(j) == "as")
    {
        return true;
    }
    // "described hearing several bangs", "recalled seeing him".
    if word.ends_with("ing") && word.len() > 5 && s.norm(k.saturating_sub(1)) != "continued" {
        return true;
    }
    if matches!(word, "he" | "she" | "they" | "it" | "we" | "i" | "there") {
        // "believes it is", not "described it during the session".
        return s.toks.get(k + 1).is_some_and(|x| x.kind == TokKind::Word)
            && !PREPOSITIONS_AFTER_VERB.contains(&s.norm(k + 1))
            && !matches!(s.norm(k + 1), "by" | "with" | "as" | "and" | "for" | "into" | "about");
    }
    // "suggested the United States should send": a clause with no "that".
    let opens_noun = first.cap || DETERMINERS.contains(&word);
    let clause = (k + 1..(k + 6).min(s.toks.len()))
        .take_while(|&j| s.toks[j].kind == TokKind::Word && !matches!(s.norm(j), "that" | "which" | "who" | "to" | "and" | "or"))
        .any(|j| is_finite(s.norm(j)));
    if opens_noun && clause {
        return true;
    }
    let lead = first.cap || matches!(word, "her" | "him" | "them" | "us" | "me" | "reporters" | "in" | "on" | "to" | "at" | "via" | "for" | "during");
    lead && (k + 1..(k + 6).min(s.toks.len())).take_while(|&j| within(j)).any(opens)
}

/// The host of an absolute URL (`None` for relative links and other schemes).
/// Written here rather than with the `url` crate: the wasm runs it on every
/// link, and that crate's IDNA tables would cost the module more than its
/// whole budget margin; a host compared for equality needs no more.
pub fn host_of(href: &str) -> Option<&str> {
    let rest = href.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    Some(host.rsplit('@').next().unwrap_or(host)).filter(|h| !h.is_empty())
}

impl Classifier {
    pub(super) fn attributions(&self, s: &Sentence, input: &Input) -> Vec<Attribution> {
        let mut out = Vec::new();
        let narrator: Vec<Range<usize>> = s.find(&self.lex.narrator_references).into_iter().map(|(w, n)| s.word_range(w, n)).collect();
        let anonymity_phrase = !s.find(&self.lex.anonymous_sources).into_iter().all(|(_, n)| n < 3);
        let not_attribution = s.find(&self.lex.not_attributions);
        let n = s.norms.len();
        for w in 0..n {
            let t = s.words[w];
            let tok = &s.toks[t];
            if tok.in_quote || narrator.iter().any(|r| r.contains(&tok.range.start)) {
                continue;
            }
            let always = s.phrase_at(&self.lex.speech_verbs, w);
            let content_verb = if always.is_none() { s.phrase_at(&self.lex.speech_verbs_with_content, w) } else { None };
            let speech = always.or(content_verb);
            let after_quote = t >= 1
                && (s.toks[t - 1].kind == TokKind::CloseQuote
                    || (t >= 2 && s.toks[t - 2].kind == TokKind::CloseQuote)
                    || (t >= 3 && s.toks[t - 3].kind == TokKind::CloseQuote && s.toks[t - 1].kind == TokKind::Word));
            let with_object = s.may_start(WITH_OBJECT, w)
                && self
                    .lex
                    .speech_verbs_with_object
                    .map
                    .get(&s.norms[w])
                    .is_some_and(|nouns| after_quote || (w + 1..(w + 5).min(n)).any(|k| nouns.contains(&s.norms[k])));
            let data = s.is_word_of(&self.lex.data_verbs, w) && (w.saturating_sub(10)..w).any(|k| s.is_word_of(&self.lex.data_nouns, k));
            if speech.is_none() && !with_object && !data {
                continue;
            }
            // "Stevie Wonder, who joked": a capitalised word inside a run of
            // words is a name, not a verb (a line in capitals aside).
            let shouted = s.text[tok.range.clone()].chars().all(|c| !c.is_lowercase());
            if tok.cap && t > 0 && s.toks[t - 1].kind == TokKind::Word && !shouted {
                continue;
            }
            let len = speech.unwrap_or(1);
            // "All told, …", "a liberal think tank".
            if not_attribution.iter().any(|&(k, m)| (k..k + m).contains(&w)) {
                continue;
            }
            // "social media reports, evidence suggests": a present-tense verb
            // form with no complement after it is a plural noun.
            // "…, Sherman says." ends the sentence: a verb.
            let after_verb = s.words[w + len - 1] + 1;
            let next = s.toks.get(after_verb).map(|x| &x.kind);
            let next_is_word = matches!(next, Some(TokKind::Word));
            let ends = matches!(next, Some(TokKind::Punct('.' | '!' | '?')) | Some(TokKind::CloseQuote));
            // "He says, …" and "Mr. Obama often says, …" are verbs too.
            let speaker_before = (0..t).rev().find(|&k| !(s.toks[k].kind == TokKind::Word && self.adverb_at(s, k))).map(|k| &s.toks[k]);
            let speaker_before = speaker_before.is_some_and(|x| x.kind == TokKind::Word && (x.cap || is_subject_pronoun(&s.norms[x.word as usize])));
            // ("The tweet reads: “…”": a verb before its quotation.)
            let quote_next = matches!(next, Some(TokKind::Punct(':') | TokKind::OpenQuote))
                || (matches!(next, Some(TokKind::Punct(','))) && s.toks.get(after_verb + 1).is_some_and(|x| x.kind == TokKind::OpenQuote));
            if s.norms[w].ends_with('s') && len == 1 && !next_is_word && !ends && !speaker_before && !quote_next {
                continue;
            }
            // "rated 32% of Republican claims as “false”", "the woman’s quotes
            // as its headline", "worries from Paris": a plural noun before
            // what follows nouns, unless a pronoun is its subject.
            // The word right before the verb, where there is one.
            let prev_word = (t > 0 && s.toks[t - 1].kind == TokKind::Word).then(|| s.norm(t - 1));
            let pronoun_before = prev_word.is_some_and(|p| is_subject_pronoun(p) || matches!(p, "who" | "which"));
            let noun_next = next_is_word && matches!(s.norm(s.words[w + len - 1] + 1), "as" | "from" | "like" | "or");
            // "11% of Democratic claims", "in 11 swing states", "mailers and
            // phone calls.": a noun after "of", a number or a list.
            let number_at = |k: usize| s.toks[k].kind == TokKind::Word && s.norm(k).starts_with(|c: char| c.is_ascii_digit());
            let counted_noun =
                t >= 2 && s.toks[t - 1].kind == TokKind::Word && (number_at(t - 2) || (t >= 3 && s.norm(t - 2) == "of" && number_at(t - 3)));
            let listed_noun = ends
                && t >= 2
                && s.toks[t - 1].kind == TokKind::Word
                && !s.toks[t - 1].cap
                && (matches!(s.toks[t - 2].kind, TokKind::Punct(',')) || matches!(s.norm(t - 2), "and" | "or"));
            if s.norms[w].ends_with('s') && len == 1 && (noun_next || counted_noun || listed_noun) && !pronoun_before {
                continue;
            }
            // "left little doubt that": after a quantity word it is a noun.
            if prev_word.is_some_and(|p| matches!(p, "little" | "much" | "any" | "more" | "less" | "such")) {
                continue;
            }
            // "amid reports", "for fear", "a lead in pledged delegates": no
            // verb follows a preposition.
            // ("in calling for" is a verb.)
            if prev_word.is_some_and(|p| matches!(p, "for" | "of" | "with" | "amid" | "in" | "about" | "over" | "despite"))
                && !s.norms[w].ends_with("ing")
            {
                continue;
            }
            // "battleground states", "notes", "fears", "claims": words that are
            // nouns far more often than verbs attribute only before "that" or
            // after a subject: a name, a pronoun or "the candidate"
            // ("Breitbart reports", "who he claims", "the ad states"); a
            // modifier is not ("battleground states", "its FEC reports").
            let nouny = len == 1 && s.is_word_of(&self.lex.noun_like_verbs, w);
            // After an appositive's comma too ("Jake Sullivan, her aide, calls").
            let after_appositive = t > 0 && s.toks[t - 1].kind == TokKind::Punct(',');
            let subject_like = after_appositive
                || prev_word.is_some_and(|prev| {
                    let before = if t >= 2 && s.toks[t - 2].kind == TokKind::Word { s.norm(t - 2) } else { "" };
                    let modified = matches!(before, "its" | "their" | "his" | "her" | "our") || before.ends_with("'s");
                    (s.toks[t - 1].cap && !modified)
                        || is_subject_pronoun(prev)
                        || matches!(prev, "who" | "which" | "that" | "also" | "often")
                        || matches!(before, "the" | "a" | "an" | "this" | "another")
                        || (t == 1 && s.toks[0].cap)
                });
            if nouny && !subject_like && s.norm(t + 1) != "that" {
                continue;
            }
            // "Asked whether …, Trump said": the one asked answers in the
            // main clause; "asked" that opens the sentence names no one.
            if t == 0 && s.norms[w] == "asked" {
                continue;
            }
            // Not negated, passive, infinitive or a noun ("his notes").
            // Only words directly before the verb, not across punctuation.
            let before: Vec<&str> = (w.saturating_sub(2)..w)
                .filter(|&k| s.toks[s.words[k]..t].iter().all(|x| x.kind == TokKind::Word))
                .map(|k| s.norms[k].as_str())
                .collect();
            if before.iter().any(|b| NEGATORS.contains(b)) {
                continue;
            }
            // Past an adverb: "was first reported".
            let before_adverb = (0..w).rev().find(|&k| !self.adverb_at(s, s.words[k]) && s.norms[k] != "first").map(|k| s.norms[k].as_str());
            let by_agent = s.toks.get(t + len).is_some_and(|x| x.kind == TokKind::Word) && s.norm(t + len) == "by";
            // "Clinton is stressing that …": a participle after "be" is a
            // progressive, the clause's finite verb, not a passive.
            let progressive = s.norms[w].ends_with("ing")
                && before_adverb.is_some_and(|b| matches!(b, "is" | "are" | "was" | "were" | "been" | "am" | "'s"))
                && !before.contains(&"to");
            let passive = !progressive
                && (before.last().is_some_and(|b| PASSIVE.contains(b))
                    || before_adverb.is_some_and(|b| matches!(b, "was" | "were" | "is" | "are" | "been" | "be"))
                    // "…, further confirmed by Putin": a passive without its auxiliary.
                    || by_agent);
            // "too early to tell whether …": an infinitive reports nothing.
            if before.last() == Some(&"to") {
                continue;
            }
            // "the monitor maintained by the Embassy": kept, not asserted;
            // "as it is called by Māori": named, not reported; "suggested by
            // the demands of science": a cause, not a speaker.
            if passive && (matches!(s.norms[w].as_str(), "maintained" | "maintains" | "called") || s.is_word_of(&self.lex.person_verbs, w)) {
                continue;
            }
            if passive {
                // "…, first reported by The Washington Post": the agent is the source.
                // "…, first reported by X"; after an auxiliary, a few words
                // on too ("has been described as “heartbreaking” by X").
                let reach = if by_agent { 1 } else { 6 };
                let agent_at = (t + len..(t + len + reach).min(s.toks.len()))
                    .take_while(|&k| !matches!(s.toks[k].kind, TokKind::Punct(',' | '.' | ';' | ':' | '!' | '?')))
                    .find(|&k| s.toks[k].kind == TokKind::Word && !s.toks[k].in_quote && s.norm(k) == "by");
                let by = agent_at.unwrap_or(t + len);
                let agent = agent_at.is_some();
                let named = s.toks.get(by + 1).is_some_and(|x| x.cap || DETERMINERS.contains(&s.norm(by + 1)));
                if agent && named {
                    let cue = s.word_range(w, len);
                    let subject = self.phrase_after(s, by, false);
                    let anonymous = subject.as_ref().is_some_and(|r| self.subject_is_anonymous(r, s));
                    // "The plan appears consistent with another announced by
                    // MOTIE": a participle right after a noun names what the
                    // agent said, not the sentence before it.
                    let reduced = by_agent && t > 0 && s.toks[t - 1].kind == TokKind::Word && !before_adverb.is_some_and(|b| PASSIVE.contains(&b));
                    out.push(Attribution {
                        kind: CueKind::Attribution,
                        cue: cue.clone(),
                        subject,
                        reported: if reduced { vec![] } else { vec![0..cue.start] },
                        vague: false,
                        anonymous,
                        href: None,
                    });
                }
                continue;
            }
            if before.last().is_some_and(|b| DETERMINERS.contains(b)) {
                continue;
            }
            // "Trump's claim that …": after a possessive the word is a noun,
            // and the claim is the possessor's.
            let possessive = before.last().is_some_and(|b| {
                b.ends_with("'s")
                    && b.len() > 2
                    && !matches!(*b, "he's" | "she's" | "it's" | "that's" | "there's" | "what's" | "who's" | "let's" | "here's")
            });
            // ("the Party's claim to a divine right": a claim to a thing is
            // no report; "the IMF's estimate of growth" still names its source.)
            if possessive && s.norms[w].starts_with("claim") && !reports_content(s, after_verb) {
                continue;
            }
            if possessive && t > 0 && s.toks[t - 1].cap {
                let mut k = t - 1;
                while k > 0 && s.toks[k - 1].kind == TokKind::Word && s.toks[k - 1].cap {
                    k -= 1;
                }
                let cue = s.word_range(w, len);
                let subject = Some(s.toks[k].range.start..s.toks[t - 1].range.end);
                out.push(Attribution {
                    kind: CueKind::Attribution,
                    cue: cue.clone(),
                    subject,
                    reported: vec![cue.end..s.text.len()],
                    vague: false,
                    anonymous: false,
                    href: None,
                });
                continue;
            }
            let cue = s.word_range(w, len);
            let prev_tok = t.checked_sub(1).map(|k| &s.toks[k]);
            let after = s.toks.get(t + len);
            // ", said Nargis Kassenova, an analyst": a named speaker after the verb.
            // ", say economists,": an unnamed group after the verb, a hedge.
            let group_after = after.is_some_and(|a| a.kind == TokKind::Word && self.lex.vague_sources.contains_word(s.norm(t + len)));
            // "said one GOP source in the room": a count opens a named
            // phrase as a determiner does.
            let counted = matches!(s.norm(t + len), "one" | "another" | "two" | "three" | "several" | "both" | "senior" | "top" | "former");
            let named_after = (after.is_some_and(|a| a.kind == TokKind::Word && (a.cap || DETERMINERS.contains(&s.norm(t + len)) || counted))
                || group_after)
                && !matches!(s.norm(t + len), "to" | "that" | "this" | "it")
                // "McConnell, R-Ky., said Tuesday": a day is when, not who.
                && !self.lex.when_words.contains_word(s.norm(t + len));
            let participle = s.norms[w].ends_with("ing") && !progressive;
            if participle && t == 0 {
                continue;
            }
            // A bare verb that opens the sentence is an imperative ("Tell us
            // what you think"), not an inverted "Says Trump".
            if t == 0
                && len == 1
                && !s.norms[w].ends_with('s')
                && !s.norms[w].ends_with("ed")
                && !matches!(s.norms[w].as_str(), "said" | "told" | "wrote")
            {
                continue;
            }
            // ", wrote his own title that switched …" is no inverted speaker:
            // the phrase after the verb must end the clause.
            let speaker_ends = |from: usize| {
                let end = (from..s.toks.len()).find(|&k| s.toks[k].kind != TokKind::Word).unwrap_or(s.toks.len());
                let clause_word = (from + 1..end).any(|k| matches!(s.norm(k), "that" | "which" | "to" | "for" | "in" | "on" | "of" | "with"));
                // "His lawyer, Sonya Zoghlin, said the case was weak": a
                // finite verb makes it the reported clause.
                let finite = (from + 1..end).any(|k| is_finite(s.norm(k)));
                // "…, said one GOP source in the room.": a place or a title
                // that ends the sentence is the speaker's.
                let place_only = !(from + 1..end).any(|k| matches!(s.norm(k), "that" | "which" | "to"));
                let last = end + 1 >= s.toks.len() || s.toks[end + 1..].iter().all(|x| x.kind != TokKind::Word);
                !finite
                    && (!clause_word
                        || s.toks.get(end).is_some_and(|x| matches!(x.kind, TokKind::Punct(',')))
                        || (place_only && last && s.toks.get(end).is_some_and(|x| matches!(x.kind, TokKind::Punct('.')))))
            };
            // "Malkia Cyril … told The Huffington Post": after "told" comes
            // the listener, never the speaker.
            // "…, called an emergency meeting": verbs that take an object are
            // not inverted after a comma either.
            let listener_next = s.is_word_of(&self.lex.object_verbs, w);
            let inverted = (!listener_next
                // A participle after a quotation is the clause's ("“…,” saying").
                && ((!participle && matches!(prev_tok.map(|p| &p.kind), Some(TokKind::CloseQuote)))
                    || (matches!(prev_tok.map(|p| &p.kind), Some(TokKind::Punct(','))) && t >= 2 && s.toks[t - 2].kind == TokKind::CloseQuote)
                    || (matches!(prev_tok.map(|p| &p.kind), Some(TokKind::Punct(',')))
                        && named_after
                        && !participle
                        && t >= 3
                        && speaker_ends(t + len))))
                || t == 0;
            // (Also "the CNN “reporter,” saying": the comma inside the quotation mark.)
            let after_comma = matches!(prev_tok.map(|p| &p.kind), Some(TokKind::Punct(',')))
                || (t >= 2 && s.toks[t - 1].kind == TokKind::CloseQuote && s.toks[t - 2].kind == TokKind::Punct(','));
            let fronted = if after_comma && !participle { self.fronted_name(s, t) } else { None };
            let (subject, reported) = if let Some(subj) = fronted {
                (Some(subj), vec![cue.end..s.text.len()])
            } else if inverted && group_after {
                let end = (t + len..s.toks.len()).find(|&k| s.toks[k].kind != TokKind::Word).unwrap_or(s.toks.len());
                (Some(s.toks[t + len].range.start..s.toks[end - 1].range.end), vec![0..cue.start])
            } else if inverted {
                // "as “The Wall Street Journal” wrote, it shows": with nothing
                // after the verb, a short quoted title before it is the source.
                let quoted_title = || {
                    let close = t.checked_sub(1).filter(|&c| s.toks[c].kind == TokKind::CloseQuote)?;
                    let open = (0..close).rev().find(|&k| s.toks[k].kind == TokKind::OpenQuote)?;
                    let inside = &s.toks[open + 1..close];
                    (!inside.is_empty() && inside.len() <= 6 && inside[0].cap && inside.iter().all(|x| x.kind == TokKind::Word))
                        .then(|| inside[0].range.start..inside[inside.len() - 1].range.end)
                };
                let Some(subj) = self.phrase_after(s, t + len - 1, true).or_else(quoted_title) else { continue };
                (Some(subj), vec![0..cue.start])
            } else if participle && after_comma {
                // "Obama addressed the concerns, stating that…": the speaker
                // is the clause's subject, a name at the sentence's start.
                let Some(subj) = self.leading_name(s, t) else { continue };
                (Some(subj), vec![cue.end..s.text.len()])
            } else if participle {
                continue;
            } else {
                // "Josh Earnest condemned the attack and said …": the second
                // of two verbs shares the clause's subject, a name.
                let coordinated = t > 0 && s.toks[t - 1].kind == TokKind::Word && matches!(s.norm(t - 1), "and" | "but");
                // A progressive's subject is before its "is".
                let mut verb_at = t;
                while progressive
                    && verb_at > 0
                    && s.toks[verb_at - 1].kind == TokKind::Word
                    && (self.adverb_at(s, verb_at - 1) || is_finite(s.norm(verb_at - 1)) || s.norm(verb_at - 1) == "am")
                {
                    verb_at -= 1;
                }
                let subj = self.subject_before(s, verb_at).or_else(|| coordinated.then(|| self.leading_name(s, t - 1)).flatten());
                let Some(subj) = subj else { continue };
                let subj_text = s.span_text(subj.clone());
                let head = subj_text.split_whitespace().last().map(norm_word).unwrap_or_default();
                // ("heavier than you'd expect": the reader, in general.)
                if matches!(head.as_str(), "i" | "we" | "i've" | "we've" | "i'm" | "we're" | "i'd" | "we'd" | "i'll" | "we'll" | "you" | "you'd") {
                    continue;
                }
                // "…girders, the city's transportation department said in a
                // report": the clause before the subject is what was said.
                let subj_tok = s.toks.iter().position(|x| x.range.start == subj.start).unwrap_or(0);
                let clause_before = subj_tok >= 3
                    && matches!(s.toks[subj_tok - 1].kind, TokKind::Punct(',') | TokKind::CloseQuote | TokKind::Punct('–') | TokKind::Punct('—'));
                let after_words = n - (w + len);
                let after_is_adjunct = after_words <= 3 || PREPOSITIONS_AFTER_VERB.contains(&s.norms.get(w + len).map(String::as_str).unwrap_or(""));
                let reported = if clause_before && after_is_adjunct { vec![0..subj.start] } else { vec![cue.end..s.text.len()] };
                (Some(subj), reported)
            };
            let subj_text = subject.clone().map(|r| s.span_text(r).to_string()).unwrap_or_default();
            // "Clinton suggested that …" and "her aides indicated that …"
            // report their words; "the results suggest" and "a rash
            // indicates" are the writer's inference (a hedge, below).
            if s.is_word_of(&self.lex.person_verbs, w) && !data {
                let head_word = subj_text.split_whitespace().last().unwrap_or("");
                let person = head_word.starts_with(char::is_uppercase)
                    || is_person_pronoun(&norm_word(head_word))
                    || subject.as_ref().is_some_and(|r| self.subject_is_anonymous(r, s));
                if !person || inverted {
                    continue;
                }
            }
            // "Tunisians worry that …": a people's mood is unattributable
            // (rule 3), as "many Tunisians fear" is; a party's is not.
            let stance = s.is_word_of(&self.lex.stance_verbs, w);
            let people = !subj_text.contains(' ')
                && subj_text.chars().next().is_some_and(char::is_uppercase)
                && ["ans", "ons", "ese", "is"].iter().any(|e| subj_text.ends_with(e))
                && !matches!(subj_text.as_str(), "Republicans" | "Democrats" | "Conservatives" | "Liberals" | "Independents");
            let vague = (!inverted || group_after) && (self.subject_is_vague(&subj_text) || (stance && people));
            // "wrote the software", "added a jack": no reported content.
            // "…, he added, are like", "“…,” Rendell recalled, suggesting":
            // a subject set off by a comma or a quotation is parenthetical.
            let set_off = subject.as_ref().and_then(|r| s.toks.iter().position(|x| x.range.start == r.start)).is_some_and(|k| {
                // A comma before the subject sets it off only with one after
                // the verb too ("…, he added, are like").
                let comma_after = matches!(next, Some(TokKind::Punct(',' | '–' | '—')));
                // A quotation before it is what was said when it is the
                // sentence's own opening, not a phrase in an appositive.
                let quote_opens =
                    |close: usize| (0..close).rev().find(|&j| s.toks[j].kind == TokKind::OpenQuote).is_some_and(|j| j == 0 || close - j > 6);
                k > 0
                    && ((s.toks[k - 1].kind == TokKind::CloseQuote && quote_opens(k - 1))
                        || (matches!(s.toks[k - 1].kind, TokKind::Punct(',' | '–' | '—')) && comma_after))
                    // "As the Voice of Ukraine presented in a thread, …"
                    || (k > 0 && s.toks[k - 1].kind == TokKind::Word && s.norm(k - 1) == "as")
                    || (s.toks[k].kind == TokKind::Word && s.norm(k) == "as")
            });
            // "the technique called “mental chronometry”" names, not reports.
            let naming = s.norms[w].starts_with("call") && s.toks.get(t + len).is_some_and(|x| x.kind == TokKind::OpenQuote);
            // "the United States citizenship": a capitalised verb form only
            // opens a sentence.
            let capital = s.toks[t].cap && t > 0;
            // "That's what McCarthy wrote recently.": an adverb or a day may
            // come between the verb and the sentence's end.
            let rest = (after_verb..s.toks.len())
                .find(|&k| !(s.toks[k].kind == TokKind::Word && (self.adverb_at(s, k) || self.lex.when_words.contains_word(s.norm(k)))))
                .unwrap_or(s.toks.len());
            let ends_later = rest > after_verb && matches!(s.toks.get(rest).map(|x| &x.kind), Some(TokKind::Punct('.' | '!' | '?')));
            if content_verb.is_some()
                && !with_object
                && (naming || capital || !(inverted || ends || ends_later || vague || set_off || reports_content(s, t + len)))
            {
                continue;
            }
            let anonymous = anonymity_phrase || subject.as_ref().is_some_and(|r| self.subject_is_anonymous(r, s));
            let kind = if data { CueKind::DataAttribution } else { CueKind::Attribution };
            // "And while advertisers claim to allow …, it's not clear that …":
            // in a concessive clause that opens the sentence, the source's
            // words end with the clause.
            let concessive = s.norms.iter().take(2).any(|w| matches!(w.as_str(), "while" | "although" | "though" | "whereas"));
            // (A comma just inside a closing quotation mark ends it too.)
            let clause_end = (t + len..s.toks.len()).find(|&k| {
                s.toks[k].kind == TokKind::Punct(',') && (!s.toks[k].in_quote || s.toks.get(k + 1).is_some_and(|x| x.kind == TokKind::CloseQuote))
            });
            let mut reported = reported;
            if let Some(c) = clause_end.filter(|_| concessive && (0..t).all(|k| s.toks[k].kind != TokKind::Punct(','))) {
                let end = s.toks[c].range.start;
                for r in &mut reported {
                    *r = r.start.min(end)..r.end.min(end);
                }
            }
            out.push(Attribution { kind, cue, subject, reported, vague, anonymous, href: None });
        }
        // "According to X", "citing X".
        for (w, len) in s.find(&self.lex.according_to) {
            let t = s.words[w];
            if s.toks[t].in_quote {
                continue;
            }
            let cue = s.word_range(w, len);
            let last = s.words[w + len - 1];
            // "Keron Blair, director of AROS, called for … in a statement":
            // the statement is the name's that opens the sentence.
            let subject = if s.norms[w].starts_with("in") {
                let comma = (0..t).rev().find(|&k| s.toks[k].kind == TokKind::Punct(','));
                // "In an interview with RT, Ham made it clear": at the start,
                // the name after the opening phrase.
                let after_opening = (t == 0).then(|| self.leading_name(s, s.toks.len())).flatten().filter(|r| r.start > cue.end);
                let opener = comma
                    .and_then(|c| self.fronted_name(s, c + 1))
                    .or_else(|| self.leading_name(s, t).filter(|r| r.start == s.toks[0].range.start))
                    .or(after_opening);
                // "A few days ago in an interview with RT he blasted …": the
                // pronoun after the phrase.
                let pronoun_after = (last + 1..s.toks.len())
                    .find(|&k| s.toks[k].kind == TokKind::Word && !s.toks[k].in_quote && is_person_pronoun(s.norm(k)))
                    .map(|k| s.toks[k].range.clone());
                opener.or(pronoun_after).or(Some(cue.clone()))
            } else {
                // "…, according to Craig Bryan, head of the National Center
                // …": after the claim, a title that follows is the source's;
                // at the start, what follows the comma is the claim.
                self.phrase_after(s, last, t > 0)
            };
            let subj_text = subject.clone().map(|r| s.span_text(r).to_string()).unwrap_or_default();
            let mut reported = vec![0..cue.start];
            if let Some(r) = &subject {
                reported.push(r.end..s.text.len());
            }
            let vague = self.subject_is_vague(&subj_text);
            let anonymous = anonymity_phrase || subject.as_ref().is_some_and(|r| self.subject_is_anonymous(r, s));
            out.push(Attribution { kind: CueKind::AccordingTo, cue, subject, reported, vague, anonymous, href: None });
        }
        // A link on the source's name or document (rule 8).
        for (range, href) in &input.links {
            let external = host_of(href).is_some_and(|h| input.page_host != Some(h));
            if !external {
                continue;
            }
            let anchor = &s.text[range.clone()];
            let anchor_words: Vec<String> = anchor.split_whitespace().map(norm_word).collect();
            // On a document, not on any capitalised name: a link on a
            // place, a company or a product is the page's reference for
            // it, and on the real pages such sentences are the writer's
            // own claims.
            let on_document = anchor_words.iter().any(|w| {
                self.lex.data_nouns.contains_word(w)
                    || matches!(w.as_str(), "statement" | "page" | "post" | "thread" | "website" | "site" | "release" | "filing" | "blog" | "article")
            });
            if on_document {
                out.push(Attribution {
                    kind: CueKind::Link,
                    cue: range.clone(),
                    subject: Some(range.clone()),
                    reported: vec![],
                    vague: false,
                    anonymous: false,
                    href: Some(href.to_string()),
                });
            }
        }
        out
    }

    pub(super) fn source_of(&self, s: &Sentence, a: &Attribution, all: &[Attribution]) -> Source {
        let text = a
            .subject
            .clone()
            .map(|r| clean_source(s.span_text(r)))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| s.span_text(a.cue.clone()).to_string());
        let link = all.iter().find(|x| x.kind == CueKind::Link);
        let href = a.href.clone().or_else(|| link.and_then(|l| l.href.clone()));
        // "researchers reported in [The Lancet]": the named link is the better label.
        let text = match link {
            Some(l) if a.kind != CueKind::Link && !text.chars().next().is_some_and(char::is_uppercase) => {
                let anchor = l.subject.clone().map(|r| s.span_text(r).to_string()).unwrap_or_default();
                if anchor.chars().next().is_some_and(char::is_uppercase) {
                    format!("{text} ({anchor})")
                } else {
                    text
                }
            }
            _ => text,
        };
        // "Trump, appearing after Clinton, cited problems that he blamed on
        // …": a pronoun after the name that opens the sentence stands for it.
        let pronoun_at =
            a.subject.as_ref().and_then(|r| s.toks.iter().position(|x| x.range == *r)).filter(|&k| k > 0 && is_person_pronoun(s.norm(k)));
        if let Some(name) = pronoun_at.and_then(|k| self.leading_name(s, k)) {
            let named = clean_source(s.span_text(name));
            let person =
                named.chars().next().is_some_and(char::is_uppercase) && !PERSONAL_PRONOUNS.contains(&crate::block::fold_case(&named).as_str());
            if person {
                return Source { text: named, anonymous: a.anonymous, href, mention: Some(text) };
            }
        }
        // "the Chicago Police Department, which reported": the sentence's own
        // word for the source is the relative pronoun.
        let mention = a.subject.as_ref().filter(|r| r.end <= a.cue.start).and_then(|r| {
            let between = s.text[r.end..a.cue.start].trim_start_matches(|c: char| c == ',' || c.is_whitespace());
            let word = between.split_whitespace().next().map(norm_word)?;
            matches!(word.as_str(), "who" | "which" | "that").then_some(word)
        });
        Source { text, anonymous: a.anonymous, href, mention }
    }
}

/// Trims a source phrase of leading conjunctions and trailing punctuation.
fn clean_source(t: &str) -> String {
    let t = t.trim().trim_end_matches([',', '.', ';', ':']);
    let t = t.strip_prefix("and ").unwrap_or(t).trim();
    // "The regional authority" reads better mid-sentence as "the regional
    // authority"; "The Lancet" keeps its capital.
    for det in ["The ", "A ", "An "] {
        if let Some(rest) = t.strip_prefix(det) {
            if rest.chars().next().is_some_and(char::is_lowercase) {
                return format!("{}{rest}", crate::block::fold_case(det));
            }
        }
    }
    t.to_string()
}
