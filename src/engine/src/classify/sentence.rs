//! A sentence as the rules read it: its tokens with their quotation state,
//! its words' normalised forms, the lexicon's phrases found in it, and the
//! small closed classes of English words (auxiliaries, determiners,
//! pronouns) the other rules ask about.

use std::ops::Range;

use crate::lexicon::{norm_word, Lexicon, PhraseSet};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum TokKind {
    Word,
    OpenQuote,
    CloseQuote,
    Punct(char),
}

#[derive(Debug, Clone)]
pub(super) struct Tok {
    pub(super) range: Range<usize>,
    pub(super) kind: TokKind,
    /// For a word, its index in the sentence's words (`Sentence::norms`).
    pub(super) word: u32,
    pub(super) in_quote: bool,
    pub(super) cap: bool,
}

impl Tok {
    /// A word, or the punctuation inside a name or a plain phrase
    /// ("G.K.", "R-Ky", "Appeals’").
    pub(super) fn in_phrase(&self) -> bool {
        matches!(self.kind, TokKind::Word | TokKind::Punct('.' | '-' | '’' | '\''))
    }
}

pub(super) const WORD_JOINERS: &[char] = &['\'', '’', '-', '.', ',', ':', '/', '@', '&', '_'];

/// The tokens of `text`, the normalised form of each word, and whether a
/// quotation is open at the end.
pub(super) fn tokenize(text: &str, mut in_quote: bool) -> (Vec<Tok>, Vec<String>, bool) {
    let mut chars: Vec<(usize, char)> = Vec::with_capacity(text.len());
    chars.extend(text.char_indices());
    let mut toks = Vec::with_capacity(text.len() / 4);
    let mut norms = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    while i < chars.len() {
        let (p, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        // "@nycsouthpaw", "#MeToo": a handle or a tag is one word.
        let tag = matches!(c, '#' | '@') && chars.get(i + 1).is_some_and(|n| n.1.is_alphanumeric());
        if c.is_alphanumeric() || c == '$' || c == '%' || tag {
            let mut j = i + 1;
            while j < chars.len() {
                let d = chars[j].1;
                let joins = WORD_JOINERS.contains(&d) && chars.get(j + 1).is_some_and(|n| n.1.is_alphanumeric());
                if d.is_alphanumeric() || d == '%' || joins {
                    j += if joins { 2 } else { 1 };
                } else {
                    break;
                }
            }
            // "Rep. Jim Clyburn", "John D. Podesta": a title's or an
            // initial's full stop before a capitalised word is the name's.
            let title = |w: &str| NAME_TITLES.contains(&w) || (w.chars().count() <= 4 && w.chars().all(|c| c.is_uppercase() || c == '.'));
            // A suffix's full stop is the name's whatever follows
            // ("James Kennedy Jr. said", "Apple Inc. said").
            let suffix = |w: &str| NAME_SUFFIXES.contains(&w);
            let dot_then_space = chars.get(j).is_some_and(|x| x.1 == '.') && chars.get(j + 1).is_some_and(|x| x.1 == ' ');
            // "James P. Kennedy Jr., the U.S. Attorney, said": before a comma too.
            let dot_then_comma = chars.get(j).is_some_and(|x| x.1 == '.') && chars.get(j + 1).is_some_and(|x| x.1 == ',');
            // "U.S. senator", "the D.C. court": a dotted abbreviation keeps
            // its last full stop before any word.
            let dotted = {
                let w = &text[p..chars.get(j).map_or(text.len(), |x| x.0)];
                w.contains('.') && w.chars().all(|c| c.is_uppercase() || c == '.')
            };
            if (dot_then_space
                && (dotted
                    || (chars.get(j + 2).is_some_and(|x| x.1.is_uppercase()) && title(&text[p..chars[j].0]))
                    || (chars.get(j + 2).is_some_and(|x| x.1.is_lowercase()) && suffix(&text[p..chars[j].0]))))
                || (dot_then_comma && suffix(&text[p..chars[j].0]))
            {
                j += 1;
            }
            let end = chars.get(j).map_or(text.len(), |x| x.0);
            let word = &text[p..end];
            toks.push(Tok {
                range: p..end,
                kind: TokKind::Word,
                word: norms.len() as u32,
                in_quote,
                cap: word.chars().next().is_some_and(char::is_uppercase),
            });
            norms.push(norm_word(word.trim_end_matches('.')));
            i = j;
            continue;
        }
        // Two apostrophes or backticks: the quotation marks of some wires.
        let doubled = matches!(c, '\'' | '`') && chars.get(i + 1).is_some_and(|n| n.1 == c);
        if doubled {
            let kind = if c == '`' || !in_quote { TokKind::OpenQuote } else { TokKind::CloseQuote };
            in_quote = kind == TokKind::OpenQuote;
            toks.push(Tok { range: p..p + 2, kind, word: u32::MAX, in_quote, cap: false });
            i += 2;
            continue;
        }
        let end = p + c.len_utf8();
        let kind = match c {
            '“' | '„' | '«' => TokKind::OpenQuote,
            '”' | '»' => TokKind::CloseQuote,
            // A straight quote closes an open quotation, else opens one.
            '"' if in_quote => TokKind::CloseQuote,
            '"' => TokKind::OpenQuote,
            _ => TokKind::Punct(c),
        };
        match kind {
            TokKind::OpenQuote => in_quote = true,
            TokKind::CloseQuote => in_quote = false,
            _ => {}
        }
        toks.push(Tok { range: p..end, kind, word: u32::MAX, in_quote, cap: false });
        i += 1;
    }
    (toks, norms, in_quote)
}

/// Titles whose full stop belongs to the name before a capitalised word
/// ("Rep. Jim Clyburn").
pub(super) const NAME_TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Rep", "Sen", "Reps", "Sens", "Gov", "Gen", "Lt", "Col", "Sgt", "Prof", "St", "Jr", "Sr", "Rev", "Hon", "Capt", "Adm",
    "Maj", "Supt", "Det", "Insp", "Pres",
];
/// Suffixes whose full stop is the name's whatever follows ("Apple Inc. said").
pub(super) const NAME_SUFFIXES: &[&str] = &["Jr", "Sr", "Inc", "Corp", "Co", "Ltd", "Bros"];
/// Words that do not open a title after a comma ("…, said X, who …").
pub(super) const NOT_TITLE_STARTS: &[&str] =
    &["as", "who", "which", "to", "in", "on", "at", "for", "with", "after", "before", "adding", "according", "saying", "not", "but"];
/// Forms of "be" and modals, beside the auxiliaries.
pub(super) const FINITE: &[&str] = &["is", "was", "are", "were", "be", "been", "can", "could", "should", "shall", "may", "might", "must"];
/// A subject holding one of these is a clause, not a name.
pub(super) const CLAUSE_VERBS: &[&str] = &["has", "have", "had", "is", "was", "were", "are", "will", "would", "can", "could", "should"];
pub(super) const NEGATORS: &[&str] =
    &["not", "never", "no", "didn't", "doesn't", "don't", "won't", "wouldn't", "hasn't", "haven't", "hadn't", "cannot", "can't", "nor"];
pub(super) const DETERMINERS: &[&str] = &["a", "an", "the", "his", "her", "its", "their", "our", "my", "your", "these", "those", "this"];
pub(super) const PASSIVE: &[&str] = &["been", "be", "was", "were", "is", "are", "being", "to", "'s"];
pub(super) const SUBJECT_STOPS: &[&str] = &[
    "that", "and", "but", "while", "when", "as", "which", "because", "from", "by", "if", "after", "before", "so", "yet", "although", "though",
    "since", "than", "where", "whereas", "unless", "then", "also", "what",
];
/// The longest appositive taken into a source: a title and a place of
/// work ("an associate professor of surgery at the Wayne State University
/// School of Medicine and the editor of a prominent blog").
pub(super) const APPOSITIVE_WORDS: usize = 25;

pub(super) const PREPOSITIONS_AFTER_VERB: &[&str] = &[
    "in", "on", "at", "during", "last", "this", "to", "via", "through", "earlier", "late", "early", "after", "before", "from", "when", "while", "of",
];

pub(super) struct Sentence<'a> {
    pub(super) text: &'a str,
    pub(super) toks: Vec<Tok>,
    /// Token indices of words, and their normalised forms.
    pub(super) words: Vec<usize>,
    pub(super) norms: Vec<String>,
    /// Per word, its bits in [`Lexicon::first_words`]: the phrase sets worth
    /// asking about a phrase that starts there.
    pub(super) first: Vec<u32>,
}

impl<'a> Sentence<'a> {
    pub(super) fn new(text: &'a str, carry_quote: bool, lex: &Lexicon) -> (Sentence<'a>, bool) {
        let (toks, norms, open) = tokenize(text, carry_quote);
        let words: Vec<usize> = toks.iter().enumerate().filter(|(_, t)| t.kind == TokKind::Word).map(|(i, _)| i).collect();
        let first = norms.iter().map(|w| lex.first_words.get(w).copied().unwrap_or(0)).collect();
        (Sentence { text, toks, words, norms, first }, open)
    }

    /// Token `t`'s normalised form ("" for punctuation and quotes).
    pub(super) fn norm(&self, t: usize) -> &str {
        self.toks.get(t).and_then(|tok| self.norms.get(tok.word as usize)).map_or("", String::as_str)
    }

    /// Whether some phrase of `set` may start at word `w`.
    pub(super) fn may_start(&self, set_bit: u32, w: usize) -> bool {
        self.first.get(w).is_some_and(|b| b & set_bit != 0)
    }

    /// The length in words of the longest phrase of `set` at word `w`.
    pub(super) fn phrase_at(&self, set: &PhraseSet, w: usize) -> Option<usize> {
        if !self.may_start(set.bit(), w) {
            return None;
        }
        set.match_at(&self.norms, w)
    }

    /// Whether word `w` is a one-word phrase of `set`.
    pub(super) fn is_word_of(&self, set: &PhraseSet, w: usize) -> bool {
        self.may_start(set.bit(), w) && set.contains_word(&self.norms[w])
    }

    /// Matches of a phrase set: (first word index, word count).
    pub(super) fn find(&self, set: &PhraseSet) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut w = 0;
        while w < self.norms.len() {
            if let Some(n) = self.phrase_at(set, w) {
                out.push((w, n));
                w += n;
            } else {
                w += 1;
            }
        }
        out
    }

    pub(super) fn word_range(&self, w: usize, n: usize) -> Range<usize> {
        self.toks[self.words[w]].range.start..self.toks[self.words[w + n - 1]].range.end
    }

    pub(super) fn span_text(&self, r: Range<usize>) -> &str {
        &self.text[r]
    }
}

pub(super) fn is_auxiliary(w: &str) -> bool {
    matches!(w, "has" | "have" | "had" | "will" | "would" | "did" | "does" | "do")
}

/// An auxiliary, a form of "be" or a modal: a clause's finite verb.
pub(super) fn is_finite(w: &str) -> bool {
    is_auxiliary(w) || FINITE.contains(&w)
}

/// Whether token `k` is a participle: a capitalised "-ing" word is a name
/// ("Schilling said", "King told"), but for the participles that open a
/// sentence ("Having said that, …", "Speaking to reporters, …").
pub(super) fn participle_at(s: &Sentence, k: usize) -> bool {
    let w = s.norm(k);
    w.ends_with("ing")
        && w.len() > 4
        && (!s.toks[k].cap
            || matches!(w, "having" | "being" | "speaking" | "citing" | "noting" | "saying" | "adding" | "following" | "writing" | "asking"))
}

pub(super) fn is_subject_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "it" | "they")
}

/// A pronoun that stands for a person.
pub(super) fn is_person_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "they")
}
