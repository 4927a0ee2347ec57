//! Sentence classification, following ANNOTATION_GUIDE.md.
//!
//! Each sentence is tokenised with its quotation state, lexicon phrases are
//! found, attributions are checked for a real subject (not negated, not
//! passive, not the writer), and each attribution's reported speech is
//! marked, because a hedge there belongs to the source (rule 1) while a hedge
//! in the writer's voice wins over any attribution (rule 2).

// Reported spans are lists that often hold one range; that is intended.
#![allow(clippy::single_range_in_vec_init)]

mod features;

use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;

pub use features::Features;

use crate::learn::student::Student;
use crate::learn::{class_of, FeatureId, LinearModel, Prediction};
use crate::lexicon::{norm_word, Lexicon, PhraseSet, WITH_OBJECT};
use crate::model::{CueKind, Label, Source};
use crate::text::BlockKind;

/// A cue found in a sentence; `range` is in bytes of the sentence text.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCue {
    pub kind: CueKind,
    pub range: Range<usize>,
}

/// Sorts cues by where they start. One function for every call: each
/// closure passed to `sort_by_key` is a sort of its own in the wasm.
fn in_text_order(cues: &mut [RawCue]) {
    cues.sort_by_key(|c| c.range.start);
}

/// What the classifier remembers of the previous sentence in the same block.
#[derive(Debug, Clone, Default)]
pub struct Carry {
    pub label: Option<Label>,
    pub source: Option<Source>,
    /// The previous sentence quoted someone it attributed.
    pub attributed_quote: bool,
    /// A quotation opened and not yet closed.
    pub open_quote: bool,
    /// The last sources named in the article, latest last, each with the
    /// document words of its sentence: what "he said" and "the same report"
    /// stand for.
    pub recent: Rc<Vec<(Source, Vec<String>)>>,
    /// The previous sentence of the article as the student read it (its
    /// pooled embedding), whatever block it was in.
    pub prev_reading: Option<Rc<Vec<f32>>>,
}

impl Carry {
    /// What a new block starts with: only the article's recent source and
    /// the student's reading of the sentence before.
    pub fn next_block(&self) -> Carry {
        Carry { recent: Rc::clone(&self.recent), prev_reading: self.prev_reading.clone(), ..Carry::default() }
    }
}

const PERSONAL_PRONOUNS: &[&str] = &["he", "she", "they", "him", "her", "them"];

/// How many recent sources are kept for [`resolve`].
const RECENT: usize = 8;

/// Words that make a source a document rather than a person.
const DOCUMENT_NOUNS: &[&str] = &[
    "thread",
    "report",
    "statement",
    "post",
    "study",
    "survey",
    "data",
    "document",
    "documents",
    "letter",
    "memo",
    "article",
    "tweet",
    "video",
    "release",
    "filing",
    "analysis",
    "poll",
];

/// A pronoun names the latest person among the recent sources; "the same
/// thread" names the latest source whose sentence spoke of a thread (a
/// word of [`DOCUMENT_NOUNS`]).
fn resolve(src: &mut Source, recent: &[(Source, Vec<String>)]) {
    // Pronouns and "the same report" are short; names often are not.
    if src.text.len() > 24 || recent.is_empty() {
        return;
    }
    let lower = crate::text::fold_case(&src.text);
    let said = src.text.clone();
    if PERSONAL_PRONOUNS.contains(&lower.as_str()) {
        let person = recent.iter().rev().map(|(r, _)| r).find(|r| {
            let words: Vec<String> = r.text.split_whitespace().map(norm_word).collect();
            // A person's name ends a part of the phrase ("her mother, Fiona");
            // "West Mercia police" and "The Food Standards Agency" are no "she".
            !PERSONAL_PRONOUNS.contains(&crate::text::fold_case(&r.text).as_str())
                && !r.text.starts_with("The ")
                && r.text.split(',').any(|part| part.rsplit(' ').next().is_some_and(|w| w.starts_with(char::is_uppercase)))
                && !words.iter().any(|w| DOCUMENT_NOUNS.contains(&w.as_str()))
        });
        if let Some(p) = person {
            src.text = p.text.clone();
            src.anonymous = p.anonymous;
        }
    } else if let Some(noun) = lower.strip_prefix("the same ").filter(|n| !n.contains(' ')) {
        let named = recent.iter().rev().find(|(r, words)| words.iter().any(|w| w == noun) && !crate::text::fold_case(&r.text).contains(noun));
        if let Some((r, _)) = named {
            src.text = format!("{} {noun}", r.text);
        }
    }
    if src.text != said {
        src.mention = Some(said);
    }
}

#[derive(Debug, Clone)]
pub struct Decision {
    pub label: Label,
    pub confidence: f64,
    pub cues: Vec<RawCue>,
    pub source: Option<Source>,
    pub why: String,
    pub carry: Carry,
    /// What the hand rules alone decided (the learned model's main evidence).
    pub rule_label: Label,
    /// The sentence's features, as the model saw them.
    pub features: Features,
}

impl Decision {
    /// A decision of the hand rules, before the model and the carry are
    /// filled in.
    fn of(label: Label, confidence: f64, cues: Vec<RawCue>, source: Option<Source>, why: String) -> Decision {
        Decision { label, confidence, cues, source, why, carry: Carry::default(), rule_label: Label::None, features: Features::default() }
    }
}

/// One sentence to classify, with what the page says around it.
pub struct Input<'a> {
    pub text: &'a str,
    pub kind: BlockKind,
    /// Links inside the sentence: byte range (in `text`) and target.
    pub links: Vec<(Range<usize>, &'a str)>,
    /// The host of the page, so that links to it are not outside sources.
    pub page_host: Option<&'a str>,
    /// The sentence is its block's only sentence.
    pub whole_block: bool,
    /// The sentence is its block's first.
    pub first_in_block: bool,
    /// The text comes from a web page (with its furniture), not plain text.
    pub from_page: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum TokKind {
    Word,
    OpenQuote,
    CloseQuote,
    Punct(char),
}

#[derive(Debug, Clone)]
struct Tok {
    range: Range<usize>,
    kind: TokKind,
    /// For a word, its index in the sentence's words (`Sentence::norms`).
    word: u32,
    in_quote: bool,
    cap: bool,
}

impl Tok {
    /// A word, or the punctuation inside a name or a plain phrase
    /// ("G.K.", "R-Ky", "Appeals’").
    fn in_phrase(&self) -> bool {
        matches!(self.kind, TokKind::Word | TokKind::Punct('.' | '-' | '’' | '\''))
    }
}

const WORD_JOINERS: &[char] = &['\'', '’', '-', '.', ',', ':', '/', '@', '&', '_'];

/// The tokens of `text`, the normalised form of each word, and whether a
/// quotation is open at the end.
fn tokenize(text: &str, mut in_quote: bool) -> (Vec<Tok>, Vec<String>, bool) {
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
const NAME_TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Rep", "Sen", "Reps", "Sens", "Gov", "Gen", "Lt", "Col", "Sgt", "Prof", "St", "Jr", "Sr", "Rev", "Hon", "Capt", "Adm",
    "Maj", "Supt", "Det", "Insp", "Pres",
];
/// Suffixes whose full stop is the name's whatever follows ("Apple Inc. said").
const NAME_SUFFIXES: &[&str] = &["Jr", "Sr", "Inc", "Corp", "Co", "Ltd", "Bros"];
/// Words that do not open a title after a comma ("…, said X, who …").
const NOT_TITLE_STARTS: &[&str] =
    &["as", "who", "which", "to", "in", "on", "at", "for", "with", "after", "before", "adding", "according", "saying", "not", "but"];
/// Forms of "be" and modals, beside the auxiliaries.
const FINITE: &[&str] = &["is", "was", "are", "were", "be", "been", "can", "could", "should", "shall", "may", "might", "must"];
/// A subject holding one of these is a clause, not a name.
const CLAUSE_VERBS: &[&str] = &["has", "have", "had", "is", "was", "were", "are", "will", "would", "can", "could", "should"];
const NEGATORS: &[&str] =
    &["not", "never", "no", "didn't", "doesn't", "don't", "won't", "wouldn't", "hasn't", "haven't", "hadn't", "cannot", "can't", "nor"];
const DETERMINERS: &[&str] = &["a", "an", "the", "his", "her", "its", "their", "our", "my", "your", "these", "those", "this"];
const PASSIVE: &[&str] = &["been", "be", "was", "were", "is", "are", "being", "to", "'s"];
const SUBJECT_STOPS: &[&str] = &[
    "that", "and", "but", "while", "when", "as", "which", "because", "from", "by", "if", "after", "before", "so", "yet", "although", "though",
    "since", "than", "where", "whereas", "unless", "then", "also", "what",
];
/// The longest appositive taken into a source: a title and a place of
/// work ("an associate professor of surgery at the Wayne State University
/// School of Medicine and the editor of a prominent blog").
const APPOSITIVE_WORDS: usize = 25;

const PREPOSITIONS_AFTER_VERB: &[&str] = &[
    "in", "on", "at", "during", "last", "this", "to", "via", "through", "earlier", "late", "early", "after", "before", "from", "when", "while", "of",
];

struct Sentence<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    /// Token indices of words, and their normalised forms.
    words: Vec<usize>,
    norms: Vec<String>,
    /// Per word, its bits in [`Lexicon::first_words`]: the phrase sets worth
    /// asking about a phrase that starts there.
    first: Vec<u32>,
}

impl<'a> Sentence<'a> {
    fn new(text: &'a str, carry_quote: bool, lex: &Lexicon) -> (Sentence<'a>, bool) {
        let (toks, norms, open) = tokenize(text, carry_quote);
        let words: Vec<usize> = toks.iter().enumerate().filter(|(_, t)| t.kind == TokKind::Word).map(|(i, _)| i).collect();
        let first = norms.iter().map(|w| lex.first_words.get(w).copied().unwrap_or(0)).collect();
        (Sentence { text, toks, words, norms, first }, open)
    }

    /// Token `t`'s normalised form ("" for punctuation and quotes).
    fn norm(&self, t: usize) -> &str {
        self.toks.get(t).and_then(|tok| self.norms.get(tok.word as usize)).map_or("", String::as_str)
    }

    /// Whether some phrase of `set` may start at word `w`.
    fn may_start(&self, set_bit: u32, w: usize) -> bool {
        self.first.get(w).is_some_and(|b| b & set_bit != 0)
    }

    /// The length in words of the longest phrase of `set` at word `w`.
    fn phrase_at(&self, set: &PhraseSet, w: usize) -> Option<usize> {
        if !self.may_start(set.bit(), w) {
            return None;
        }
        set.match_at(&self.norms, w)
    }

    /// Whether word `w` is a one-word phrase of `set`.
    fn is_word_of(&self, set: &PhraseSet, w: usize) -> bool {
        self.may_start(set.bit(), w) && set.contains_word(&self.norms[w])
    }

    /// Matches of a phrase set: (first word index, word count).
    fn find(&self, set: &PhraseSet) -> Vec<(usize, usize)> {
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

    fn word_range(&self, w: usize, n: usize) -> Range<usize> {
        self.toks[self.words[w]].range.start..self.toks[self.words[w + n - 1]].range.end
    }

    fn span_text(&self, r: Range<usize>) -> &str {
        &self.text[r]
    }
}

/// An attribution found in the sentence.
#[derive(Debug, Clone)]
struct Attribution {
    kind: CueKind,
    cue: Range<usize>,
    subject: Option<Range<usize>>,
    /// Bytes of the sentence that are the source's words, not the writer's.
    reported: Vec<Range<usize>>,
    vague: bool,
    anonymous: bool,
    href: Option<String>,
}

/// Whether reported content starts at token `k`, just after a verb: "that",
/// a quotation, a colon, a clause ("believes it is"), or one of those after
/// a short object or phrase ("told her that", "wrote on Twitter that").
fn reports_content(s: &Sentence, k: usize) -> bool {
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

pub struct Classifier {
    lex: Lexicon,
    model: LinearModel,
    /// Makes the learned decision where it is loaded (the linear model then
    /// only gives the hash space of the rules' evidence).
    student: Option<Arc<Student>>,
}

fn is_auxiliary(w: &str) -> bool {
    matches!(w, "has" | "have" | "had" | "will" | "would" | "did" | "does" | "do")
}

/// An auxiliary, a form of "be" or a modal: a clause's finite verb.
fn is_finite(w: &str) -> bool {
    is_auxiliary(w) || FINITE.contains(&w)
}

/// Whether token `k` is a participle: a capitalised "-ing" word is a name
/// ("Schilling said", "King told"), but for the participles that open a
/// sentence ("Having said that, …", "Speaking to reporters, …").
fn participle_at(s: &Sentence, k: usize) -> bool {
    let w = s.norm(k);
    w.ends_with("ing")
        && w.len() > 4
        && (!s.toks[k].cap
            || matches!(w, "having" | "being" | "speaking" | "citing" | "noting" | "saying" | "adding" | "following" | "writing" | "asking"))
}

fn is_subject_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "it" | "they")
}

/// A pronoun that stands for a person.
fn is_person_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "they")
}

/// The host of an absolute URL (`None` for relative links and other schemes).
pub fn host_of(href: &str) -> Option<&str> {
    let rest = href.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    Some(host.rsplit('@').next().unwrap_or(host)).filter(|h| !h.is_empty())
}

impl Classifier {
    /// The hand rules and the built-in learned model over them.
    pub fn new(lex: Lexicon) -> Classifier {
        Classifier::with_model(lex, LinearModel::english())
    }

    /// With another model; an empty one leaves the rules' decision as it is.
    pub fn with_model(lex: Lexicon, model: LinearModel) -> Classifier {
        Classifier { lex, model, student: None }
    }

    /// With the student making the learned decision, or without one.
    pub fn set_student(&mut self, student: Option<Arc<Student>>) {
        self.student = student;
    }

    pub fn student(&self) -> Option<&Student> {
        self.student.as_deref()
    }

    pub fn buckets(&self) -> u32 {
        self.model.buckets
    }

    /// The student's wordpiece ids of `text` (empty without a student).
    pub fn wordpieces(&self, text: &str) -> Vec<u32> {
        self.student.as_ref().map_or_else(Vec::new, |st| st.read(text).pieces.into_iter().map(|p| p.0).collect())
    }

    pub fn model(&self) -> &LinearModel {
        &self.model
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    /// An adverb between a subject and its verb ("also", "later", "-ly";
    /// the lexicon's `adverbs`).
    fn is_adverb(&self, w: &str) -> bool {
        (w.ends_with("ly") && w.len() > 4) || self.lex.adverbs.contains_word(w)
    }

    /// Whether token `k` is an adverb: a capitalised "-ly" word is a name
    /// ("Kelly said", "Donnelly wrote").
    fn adverb_at(&self, s: &Sentence, k: usize) -> bool {
        let w = s.norm(k);
        if s.toks[k].cap {
            self.lex.adverbs.contains_word(w)
        } else {
            self.is_adverb(w)
        }
    }

    /// Walks back from token `t` (exclusive) over a subject noun phrase.
    fn subject_before(&self, s: &Sentence, t: usize) -> Option<Range<usize>> {
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
    fn joins_nouns(&self, s: &Sentence, k: usize) -> bool {
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
    fn subject_plain_before(&self, s: &Sentence, t: usize) -> Option<Range<usize>> {
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
    fn leading_name(&self, s: &Sentence, t: usize) -> Option<Range<usize>> {
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
    fn opens_phrase(&self, s: &Sentence, k: usize) -> bool {
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
    fn describes(&self, s: &Sentence, r: Range<usize>) -> bool {
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
    fn fronted_name(&self, s: &Sentence, t: usize) -> Option<Range<usize>> {
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
    fn phrase_after(&self, s: &Sentence, t: usize, appositive: bool) -> Option<Range<usize>> {
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
    fn subject_is_vague(&self, subj: &str) -> bool {
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

    fn subject_is_anonymous(&self, subj_range: &Range<usize>, s: &Sentence) -> bool {
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

    fn attributions(&self, s: &Sentence, input: &Input) -> Vec<Attribution> {
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

    /// Classifies one sentence given the previous one in its block.
    pub fn classify(&self, input: &Input, carry: &Carry) -> Decision {
        let (s, open_after) = Sentence::new(input.text, carry.open_quote, &self.lex);
        let has_quote = s.toks.iter().any(|t| t.in_quote);
        let mut d = self.decide(&s, input, carry);
        if let Some(src) = &mut d.source {
            resolve(src, &carry.recent);
            if let Some(rest) = d.why.strip_prefix("Attributed to ") {
                // The reason names the source as resolved.
                if let Some((_, tail)) = rest.split_once(" (\u{201c}") {
                    d.why = format!("Attributed to {} (\u{201c}{tail}", src.text);
                }
            }
        }
        d.rule_label = d.label;
        // Only the native linear model reads the hashed words.
        let with_words = cfg!(not(target_arch = "wasm32")) && self.student.is_none();
        d.features = features::features(&s, input, carry, &d, self.model.buckets, with_words);
        // What the next sentence is told is the rules' view, as in training.
        d.carry.open_quote = open_after;
        d.carry.attributed_quote = d.label == Label::Sourced && (has_quote || open_after);
        d.carry.label = Some(d.label);
        d.carry.source = d.source.clone().or_else(|| carry.source.clone());
        d.carry.recent = Rc::clone(&carry.recent);
        if let Some(src) = d.source.clone().filter(|_| d.label == Label::Sourced) {
            let mut recent = (*carry.recent).clone();
            if recent.len() == RECENT {
                recent.remove(0);
            }
            // Only the document words are asked about later.
            let docs = s.norms.iter().filter(|w| DOCUMENT_NOUNS.contains(&w.as_str())).cloned().collect();
            recent.push((src, docs));
            d.carry.recent = Rc::new(recent);
        }
        if let Some(student) = &self.student {
            let reading = student.read(input.text);
            let words_from = crate::learn::word_buckets_from(self.model.buckets);
            let evidence: Vec<FeatureId> = d.features.ids.iter().copied().filter(|f| f.0 < words_from).collect();
            let prev = carry.prev_reading.as_deref().map(Vec::as_slice);
            let p = student.predict(&reading, prev, &evidence, d.rule_label);
            let pulls = if p.label == d.rule_label {
                Vec::new()
            } else {
                student.pulls(&reading, prev, &evidence, class_of(p.label), class_of(d.rule_label))
            };
            self.apply(&s, carry, &mut d, p, pulls);
            d.carry.prev_reading = Some(Rc::new(reading.mean));
        }
        #[cfg(not(target_arch = "wasm32"))]
        if self.student.is_none() && !self.model.is_empty() {
            let p = self.model.predict(&d.features.ids, d.rule_label);
            let (new, old) = (class_of(p.label), class_of(d.rule_label));
            let pulls = d
                .features
                .ids
                .iter()
                .zip(&d.features.spans)
                .filter_map(|(&f, span)| {
                    let pull = self.model.weight(f, new) - self.model.weight(f, old);
                    span.clone().filter(|_| pull > 0.0).map(|r| (pull, r))
                })
                .collect();
            self.apply(&s, carry, &mut d, p, pulls);
        }
        d
    }

    /// Takes the learned label and its calibrated probability; where it
    /// differs from the rules', says which words decided it (`pulls`: each
    /// word's pull toward the new label, with its bytes).
    fn apply(&self, s: &Sentence, carry: &Carry, d: &mut Decision, p: Prediction, mut pulls: Vec<(f32, Range<usize>)>) {
        // Two decimals: what a reader can use, and exact through JSON.
        d.confidence = (f64::from(p.confidence) * 100.0).round() / 100.0;
        if p.label == d.rule_label {
            return;
        }
        // The two strongest, picked by hand: a sort would add its code to the wasm.
        let mut words: Vec<String> = Vec::new();
        let mut top: Vec<Range<usize>> = Vec::new();
        while words.len() < 2 && !pulls.is_empty() {
            let k = (0..pulls.len()).fold(0, |b, i| if pulls[i].0 > pulls[b].0 { i } else { b });
            let (_, r) = pulls.swap_remove(k);
            let w = format!("\u{201c}{}\u{201d}", s.text[r.clone()].trim());
            if !words.contains(&w) {
                words.push(w);
                top.push(r);
            }
        }
        let cued = if words.is_empty() { String::new() } else { format!(": {}", words.join(", ")) };
        let rules_said = d.rule_label.as_str();
        match p.label {
            Label::Sourced => {
                let quoted = s.toks.iter().any(|t| t.in_quote) || carry.open_quote;
                if d.source.is_none() && quoted {
                    d.source = carry.source.clone();
                }
                if d.source.is_none() {
                    d.source = self.source_before_cue(s, &top, carry);
                }
                d.why = match &d.source {
                    Some(src) => format!("Reads as attributed to {}{cued}.", src.text),
                    None => format!("Reads as attributed{cued}."),
                };
            }
            Label::Speculative => {
                d.source = None;
                d.why = format!("Reads as hedged or forecast in the writer's voice{cued}.");
            }
            Label::Unsourced => {
                d.source = None;
                // The words that pulled this way are the cues the model discounted.
                let discounted = match words.len() {
                    0 => String::new(),
                    n => format!(": {} {} not attribute or hedge it here", words.join(" and "), if n == 1 { "does" } else { "do" }),
                };
                d.why = format!("Reads as stated as fact in the writer's own voice{discounted} (the rules alone said {rules_said}).");
            }
            Label::None => {
                d.source = None;
                d.why = format!("Reads as not a checkable claim{cued}.");
            }
        }
        d.label = p.label;
    }

    /// Where the student reads a sentence as attributed and the rules found
    /// no source: the subject before the word that decided it, if that word
    /// reads as a verb with one ("the union argued that…": "the union").
    fn source_before_cue(&self, s: &Sentence, cues: &[Range<usize>], carry: &Carry) -> Option<Source> {
        for r in cues {
            let Some(t) = s.toks.iter().position(|t| t.kind == TokKind::Word && t.range.start == r.start) else { continue };
            let Some(subj) = self.subject_before(s, t) else { continue };
            let text = s.text[subj.clone()].trim();
            if text.is_empty() || text.split_whitespace().count() > 10 {
                continue;
            }
            let anonymous = self.subject_is_anonymous(&subj, s);
            let mut src = Source { text: text.to_string(), anonymous, href: None, mention: None };
            resolve(&mut src, &carry.recent);
            return Some(src);
        }
        None
    }

    fn none(&self, kind: CueKind, range: Range<usize>, confidence: f64, why: &str) -> Decision {
        Decision::of(Label::None, confidence, vec![RawCue { kind, range }], None, why.to_string())
    }

    fn decide(&self, s: &Sentence, input: &Input, carry: &Carry) -> Decision {
        let all = 0..s.text.len();
        match input.kind {
            BlockKind::Heading => return self.none(CueKind::Heading, all, 0.95, "Heading: not a checkable claim."),
            BlockKind::Caption => return self.none(CueKind::Caption, all, 0.9, "Caption or photo credit: not a checkable claim."),
            BlockKind::Byline => return self.none(CueKind::Byline, all, 0.95, "Byline or dateline: not a checkable claim."),
            BlockKind::CallToAction => return self.none(CueKind::CallToAction, all, 0.9, "Call to action: not a checkable claim."),
            _ => {}
        }
        let trimmed = s.text.trim_end_matches(|c: char| c.is_whitespace() || "\"'”’»)]".contains(c));
        if let Some(mark) = trimmed.chars().next_back().filter(|c| matches!(c, '?' | '？' | '؟')) {
            let q = trimmed.len() - mark.len_utf8()..trimmed.len();
            // `Trump said: "Did she…?"` reports a question: the attribution decides.
            let quoted = s.toks.iter().rev().find(|t| t.range.start < q.start).is_some_and(|t| t.in_quote);
            if !quoted || self.attributions(s, input).iter().all(|a| a.vague) {
                return self.none(CueKind::Question, q, 0.9, "Question: not a checkable claim.");
            }
        }
        if s.norms.is_empty() {
            return self.none(CueKind::Fragment, all, 0.9, "No words: not a checkable claim.");
        }
        if let Some(n) = s.phrase_at(&self.lex.calls_to_action, 0) {
            if s.norms.len() <= 25 {
                return self.none(CueKind::CallToAction, s.word_range(0, n), 0.85, "Call to action: not a checkable claim.");
            }
        }
        // After an opening clause: "To see it in action, check out the
        // footage below:", "If you run a website, try browsing it…".
        let opens_clause = s.norms.iter().take(2).any(|w| matches!(w.as_str(), "to" | "if" | "since" | "when" | "once" | "before" | "unless"));
        if opens_clause && s.norms.len() <= 25 {
            let comma = s.toks.iter().position(|t| t.kind == TokKind::Punct(','));
            let next = comma.and_then(|c| s.toks.get(c + 1)).filter(|t| t.kind == TokKind::Word).map(|t| t.word as usize);
            if let Some((w, n)) = next.and_then(|w| s.phrase_at(&self.lex.calls_to_action, w).map(|n| (w, n))) {
                return self.none(CueKind::CallToAction, s.word_range(w, n), 0.85, "Call to action: not a checkable claim.");
            }
        }
        if let Some(&(w, n)) = s.find(&self.lex.boilerplate).first() {
            return self.none(CueKind::Boilerplate, s.word_range(w, n), 0.85, "Boilerplate or disclaimer: not a checkable claim.");
        }
        if s.text.starts_with('©') || s.text.starts_with("(c)") {
            return self.none(CueKind::Boilerplate, all, 0.85, "Copyright notice: not a checkable claim.");
        }
        let attributions = self.attributions(s, input);
        // "But there is progress." and "But we messed up." have a clause.
        let clause = s.norms.iter().any(|w| {
            matches!(
                w.as_str(),
                "i" | "we"
                    | "you"
                    | "he"
                    | "she"
                    | "they"
                    | "there"
                    | "is"
                    | "are"
                    | "was"
                    | "were"
                    | "has"
                    | "have"
                    | "had"
                    | "will"
                    | "can"
                    | "did"
                    | "does"
            )
        });
        // "Here." "Literally.": one word is no claim.
        let one_word = s.norms.len() == 1 && !s.text.bytes().any(|b| b.is_ascii_digit());
        if attributions.is_empty() && (one_word || (s.norms.len() <= 4 && s.is_word_of(&self.lex.fragment_starts, 0) && !clause)) {
            return self.none(CueKind::Fragment, all, 0.7, "Fragment without a claim of its own.");
        }
        let ends_like_sentence = trimmed.ends_with(['.', '!', ':', ';', '…', '。', '！']);
        // "EXPERTS DOWNPLAY PLANNED LAUNCH.", "TOP STORIES.": a line in
        // capitals outside quotation marks is a heading or a label.
        let letters = || s.text.chars().filter(|c| c.is_alphabetic());
        let capitals = s.norms.len() >= 2 && letters().all(char::is_uppercase) && letters().count() >= 6 && !s.toks.iter().any(|t| t.in_quote);
        if capitals && attributions.is_empty() {
            return self.none(CueKind::Heading, all, 0.7, "Heading-like line in capitals: not a checkable claim.");
        }
        if input.whole_block && !ends_like_sentence && s.norms.len() <= 12 && attributions.is_empty() {
            return self.none(CueKind::Heading, all, 0.7, "Heading-like line without a full stop: not a checkable claim.");
        }

        let reported: Vec<Range<usize>> = attributions.iter().flat_map(|a| a.reported.iter().cloned()).collect();
        let in_reported = |r: &Range<usize>| reported.iter().any(|x| x.start <= r.start && r.end <= x.end);
        let in_quote = |w: usize| s.toks[s.words[w]].in_quote;
        let not_hedge: Vec<Range<usize>> = s.find(&self.lex.not_hedges).into_iter().map(|(w, n)| s.word_range(w, n)).collect();
        let excluded = |r: &Range<usize>| not_hedge.iter().any(|x| x.start <= r.start && r.end <= x.end);

        // Hedges in the writer's voice.
        let mut hedges: Vec<RawCue> = Vec::new();
        for (w, n) in s.find(&self.lex.hedge_adverbs) {
            let r = s.word_range(w, n);
            if !in_quote(w) && !excluded(&r) {
                hedges.push(RawCue { kind: CueKind::Hedge, range: r });
            }
        }
        // A modal in a relative or concessive clause hedges that clause,
        // not the sentence's claim ("Contracts, which may result in a
        // payment, will contain…", "While they may not solve it, there are
        // steps…"): the clause runs from its marker to the next break.
        let modals = s.find(&self.lex.hedge_modals);
        let mut aside: Vec<Range<usize>> = Vec::new();
        for w in (0..s.norms.len()).filter(|_| !modals.is_empty()) {
            let t = s.words[w];
            let marker = matches!(
                s.norms[w].as_str(),
                "which" | "who" | "whom" | "whose" | "while" | "although" | "though" | "whereas" | "whatever" | "whichever"
            ) || (s.norms[w] == "even" && s.norms.get(w + 1).is_some_and(|x| x == "if"));
            if !marker || s.toks[t].in_quote {
                continue;
            }
            let end =
                (t + 1..s.toks.len()).find(|&k| matches!(s.toks[k].kind, TokKind::Punct(',' | ';' | '–' | '—' | '(' | ')'))).unwrap_or(s.toks.len());
            // A clause that runs to the end is the sentence's last word on it.
            if end < s.toks.len() {
                aside.push(s.toks[t].range.start..s.toks[end - 1].range.end);
            }
        }
        let in_aside = |r: &Range<usize>| aside.iter().any(|x| x.start <= r.start && r.end <= x.end);
        for (w, n) in modals {
            let r = s.word_range(w, n);
            // "May 5" is a date, not a hedge.
            if s.norms[w] == "may" && s.toks[s.words[w]].cap && w > 0 {
                continue;
            }
            // The verb of an attribution ("Clinton suggested that") is no hedge.
            let on_cue = attributions.iter().any(|a| !a.vague && a.cue.start == r.start);
            if !in_quote(w) && !excluded(&r) && !in_reported(&r) && !in_aside(&r) && !on_cue {
                hedges.push(RawCue { kind: CueKind::Modal, range: r });
            }
        }
        let not_cond: Vec<Range<usize>> = s.find(&self.lex.not_conditional).into_iter().map(|(w, n)| s.word_range(w, n)).collect();
        for (w, n) in s.find(&self.lex.conditional) {
            let r = s.word_range(w, n);
            if in_quote(w) || in_reported(&r) || not_cond.iter().any(|x| x.start <= r.start && r.end <= x.end) {
                continue;
            }
            if (w + n..s.norms.len()).any(|k| matches!(s.norms[k].as_str(), "will" | "would" | "'ll" | "could" | "might")) {
                hedges.push(RawCue { kind: CueKind::Conditional, range: r });
            }
        }

        let firm: Vec<&Attribution> = attributions.iter().filter(|a| !a.vague).collect();
        let vague: Vec<&Attribution> = attributions.iter().filter(|a| a.vague).collect();
        // "Clinton had told police …, the source added": the attribution
        // whose reported words hold another's cue is the sentence's.
        let outer = |a: &&&Attribution| {
            !firm.iter().any(|b| {
                matches!(b.kind, CueKind::Attribution | CueKind::DataAttribution)
                    && b.reported.iter().any(|r| r.start <= a.cue.start && a.cue.end <= r.end)
            })
        };
        // Two that hold each other's cues: the one that ends the sentence
        // and reports all before it.
        let reports_before = |a: &&&Attribution| a.reported.first().is_some_and(|r| r.start == 0 && r.end <= a.cue.start);
        let primary = firm
            .iter()
            .filter(|a| a.kind != CueKind::Link)
            .find(outer)
            .or_else(|| firm.iter().filter(|a| a.kind != CueKind::Link).find(reports_before))
            .or_else(|| firm.iter().find(|a| a.kind != CueKind::Link))
            .copied()
            .or_else(|| firm.first().copied());
        let source = primary.map(|a| self.source_of(s, a, &attributions));

        let mut cues: Vec<RawCue> = Vec::new();
        for a in &attributions {
            cues.push(RawCue { kind: if a.vague { CueKind::VagueAttribution } else { a.kind }, range: a.cue.clone() });
            if a.anonymous && !a.vague {
                if let Some(subj) = &a.subject {
                    cues.push(RawCue { kind: CueKind::AnonymousSource, range: subj.clone() });
                }
            }
        }
        let quote_cue = |c: &RawCue| format!("\u{201c}{}\u{201d}", &s.text[c.range.clone()]);

        if !hedges.is_empty() {
            in_text_order(&mut hedges);
            let strongest = hedges.iter().find(|h| h.kind == CueKind::Hedge).unwrap_or(&hedges[0]).clone();
            let confidence = match strongest.kind {
                CueKind::Hedge => 0.9,
                CueKind::Conditional => 0.65,
                _ => 0.75,
            };
            let mut why = match strongest.kind {
                CueKind::Hedge => format!("Hedged in the writer's own voice: {}.", quote_cue(&strongest)),
                CueKind::Conditional => format!("Conditional conjecture: {}.", quote_cue(&strongest)),
                _ => format!("Hedged or forecast in the writer's own voice: {}.", quote_cue(&strongest)),
            };
            if let Some(src) = &source {
                why.push_str(&format!(" The hedge outweighs the attribution to {}.", src.text));
            }
            cues.extend(hedges);
            in_text_order(&mut cues);
            return Decision::of(Label::Speculative, confidence, cues, source, why);
        }
        if let (Some(a), Some(src)) = (primary, source.clone()) {
            let verb = &s.text[a.cue.clone()];
            let why = match (a.kind, src.anonymous) {
                (CueKind::Link, _) => format!("Links to its source: {}.", src.text),
                (_, true) => format!("Attributed to an unnamed source: {} (\u{201c}{verb}\u{201d}).", src.text),
                _ => format!("Attributed to {} (\u{201c}{verb}\u{201d}).", src.text),
            };
            let confidence = match (a.kind, src.anonymous) {
                (CueKind::Link, _) => 0.7,
                (_, true) => 0.8,
                (CueKind::DataAttribution, _) => 0.8,
                _ => 0.9,
            };
            in_text_order(&mut cues);
            return Decision::of(Label::Sourced, confidence, cues, Some(src), why);
        }
        if let Some(a) = vague.first() {
            let phrase = match &a.subject {
                Some(subj) if subj.end <= a.cue.start => &s.text[subj.start..a.cue.end],
                _ => &s.text[a.cue.clone()],
            };
            let why = format!("Vague attribution counts as a hedge: \u{201c}{phrase}\u{201d}.");
            in_text_order(&mut cues);
            return Decision::of(Label::Speculative, 0.7, cues, None, why);
        }
        // Rule 5: a quotation continuing one whose speaker was just named.
        let starts_quoted = carry.open_quote || s.toks.first().is_some_and(|t| t.kind == TokKind::OpenQuote);
        // "Schultze once summed up the danger with a metaphor. “It's not so
        // much the wolf at the door …”": a whole quotation right after a
        // named speaker's sentence is theirs too.
        let whole_quote =
            s.toks.first().is_some_and(|t| t.kind == TokKind::OpenQuote) && s.toks.last().is_some_and(|t| t.kind == TokKind::CloseQuote);
        let named = carry.source.as_ref().is_some_and(|src| !src.anonymous && src.text.chars().next().is_some_and(char::is_uppercase));
        if starts_quoted && carry.label == Some(Label::Sourced) && (carry.attributed_quote || (whole_quote && named)) {
            if let Some(src) = carry.source.clone() {
                let why = format!("Continues a quotation attributed to {} in the previous sentence.", src.text);
                cues.push(RawCue { kind: CueKind::QuoteContinuation, range: all });
                return Decision::of(Label::Sourced, 0.75, cues, Some(src), why);
            }
        }
        let non_response = s.find(&self.lex.non_response);
        let why = if let Some(&(w, n)) = non_response.first() {
            let cue = RawCue { kind: CueKind::NonResponse, range: s.word_range(w, n) };
            let why = format!("Reports a non-response ({}): stated as fact, with no source for a claim.", quote_cue(&cue));
            cues.push(cue);
            why
        } else if let (Some(Label::Sourced), Some(src)) = (carry.label, &carry.source) {
            format!("Stated as fact with no attribution of its own; the previous sentence cites {}.", src.text)
        } else {
            "Stated as fact with no attribution or hedge.".to_string()
        };
        let confidence = if cues.is_empty() { 0.6 } else { 0.7 };
        Decision::of(Label::Unsourced, confidence, cues, None, why)
    }

    fn source_of(&self, s: &Sentence, a: &Attribution, all: &[Attribution]) -> Source {
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
                named.chars().next().is_some_and(char::is_uppercase) && !PERSONAL_PRONOUNS.contains(&crate::text::fold_case(&named).as_str());
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
                return format!("{}{rest}", crate::text::fold_case(det));
            }
        }
    }
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(text: &str) -> (Label, Option<Source>) {
        label_with(Lexicon::english(), text)
    }

    /// A sentence of a plain-text paragraph.
    fn paragraph(text: &str, first_in_block: bool) -> Input<'_> {
        Input { text, kind: BlockKind::Paragraph, links: vec![], page_host: None, whole_block: false, first_in_block, from_page: false }
    }

    fn label_with(lex: Lexicon, text: &str) -> (Label, Option<Source>) {
        let d = Classifier::new(lex).classify(&paragraph(text, true), &Carry::default());
        (d.label, d.source)
    }

    #[test]
    fn a_link_is_a_source_on_a_document_not_on_any_name() {
        let with_link = |text: &'static str, anchor: &str| {
            let at = text.find(anchor).expect("anchor in text");
            let input =
                Input { links: vec![(at..at + anchor.len(), "https://other.example/x")], page_host: Some("news.example"), ..paragraph(text, true) };
            Classifier::new(Lexicon::english()).classify(&input, &Carry::default()).label
        };
        // Rule 8: the link is on the document the claim comes from.
        assert_eq!(with_link("The ministry's statement lists 20 sites that were hit overnight.", "The ministry's statement"), Label::Sourced);
        // A link on a place, a company or a product is no attribution.
        assert_eq!(with_link("A photo she posted to Facebook started an online backlash.", "Facebook"), Label::Unsourced);
        assert_eq!(with_link("It plays more titles in native 4K than Sony's PlayStation 4 Pro.", "Sony's PlayStation 4 Pro"), Label::Unsourced);
    }

    #[test]
    fn guide_precedence_rules() {
        assert_eq!(label("Putin said the plan may fail.").0, Label::Sourced);
        assert_eq!(label("Lavrov allegedly told Waltz the deal was off.").0, Label::Speculative);
        assert_eq!(label("According to the thread, Patrushev supposedly presented terms.").0, Label::Speculative);
        assert_eq!(label("Social media reports suggest the talks failed.").0, Label::Speculative);
        // Rule 3 with the group after the verb, or in a named place.
        assert_eq!(label("The combination, say economists, marks a journey into uncharted territory.").0, Label::Speculative);
        assert_eq!(label("Many in Hong Kong fear that to pause is to surrender.").0, Label::Speculative);
        assert_eq!(label("Northwind did not respond to requests for comment.").0, Label::Unsourced);
        assert_eq!(label("Flight-tracking data show the plane landed in Washington.").0, Label::Sourced);
        assert_eq!(label("The bridge will close on Jan. 5.").0, Label::Unsourced);
        assert_eq!(label("The title is likely to be decided by a single point.").0, Label::Speculative);
        assert_eq!(label("Brazen?").0, Label::None);
        assert_eq!(label("EXPERTS DOWNPLAY PLANNED NORTH KOREA LAUNCH.").0, Label::None);
        assert_eq!(label("Robert Galbraith / Getty Images.").0, Label::None);
        assert_eq!(label("Follow John Nolte on Twitter @NolteNC.").0, Label::None);
        assert_eq!(label("To see the game in action, check out the footage below:").0, Label::None);
        assert_eq!(label("If you run a website, try browsing it with a blocking extension turned on.").0, Label::None);
        assert_eq!(label("If the talks fail, prices will rise.").0, Label::Speculative);
        // A modal in a relative or concessive clause leaves the claim plain.
        assert_eq!(label("Many contracts, which may result in a payment, will contain change-of-control provisions.").0, Label::Unsourced);
        assert_eq!(label("While they may not solve the problem, there are some technical steps people can take.").0, Label::Unsourced);
        assert_eq!(label("The contracts may contain change-of-control provisions.").0, Label::Speculative);
    }

    #[test]
    fn verbs_with_plain_senses_attribute_only_with_content() {
        assert_eq!(label("Hamilton later led the team that wrote the software for Skylab.").0, Label::Unsourced);
        assert_eq!(label("The revision added a 3.5mm headphone jack.").0, Label::Unsourced);
        assert_eq!(label("Lorenz had written that the results were surprising.").0, Label::Sourced);
        assert_eq!(label("Witnesses described hearing several loud bangs.").0, Label::Sourced);
        assert_eq!(label("The economy is weak, he added.").0, Label::Sourced);
        assert_eq!(label("Christie described Clinton as a “disgrace” after the speech.").0, Label::Sourced);
        assert_eq!(label("In 2009 he called it “a responsible mix of tax cuts and investments.”").0, Label::Sourced);
        assert_eq!(label("Emery states, “Some people think they have to put words in his mouth.”").0, Label::Sourced);
        assert_eq!(label("The program costs less than the United States citizenship fee.").0, Label::Unsourced);
        assert_eq!(label("All told, it’s a neat narrative.").0, Label::Unsourced);
        assert_eq!(label("But in November 1960, Lorenz described it during the session after a talk in Tokyo.").0, Label::Unsourced);
        assert_eq!(
            label("In 1972, a conference organizer, unable to check back, wrote his own title that switched the metaphor.").0,
            Label::Unsourced
        );
        assert_eq!(
            label("Hamilton, who popularized the term “software engineering,” later led the team that wrote the software for Skylab.").0,
            Label::Unsourced
        );
    }

    #[test]
    fn speech_in_its_other_forms() {
        // The progressive is a finite verb, not a passive.
        assert_eq!(
            label("The state attorney general is confirming that the foundation is not registered.").1.map(|s| s.text),
            Some("the state attorney general".into())
        );
        assert_eq!(label("The extreme temperature swings are adding to the challenges of winter.").0, Label::Unsourced);
        // A capitalised "-ly" word is a name, not an adverb.
        assert_eq!(label("Kelly said the plan would fail.").1.map(|s| s.text), Some("Kelly".into()));
        // A person's suggestion is reported; the results' is the writer's hedge.
        assert_eq!(label("Clinton suggested the United States should send more troops.").0, Label::Sourced);
        assert_eq!(label("The results also suggest that most voters there support him.").0, Label::Speculative);
        // Content after a colon, a quotation further on, an adverb before the end.
        assert_eq!(label("Kelly responded pointedly, with a smile: “Can happen when you’re 45.”").0, Label::Sourced);
        assert_eq!(label("Bolton called Obama’s ignorance of solid advice from seasoned military commanders “disrespectful.”").0, Label::Sourced);
        assert_eq!(label("That’s what my friend Andy McCarthy at the National Review wrote recently.").0, Label::Sourced);
        assert_eq!(label("The council dismissed the lawsuit on Monday.").0, Label::Unsourced);
        // Verbs that report only with their object.
        assert_eq!(label("Several senators expressed concern that the bill would raise costs.").0, Label::Sourced);
        assert_eq!(label("The Congressional Budget Office cited the tax as a major reason for the deficit.").0, Label::Sourced);
        assert_eq!(label("He expressed his thanks to the crew.").0, Label::Unsourced);
        assert_eq!(label("Trump charged that countries that stand to benefit from the deal donated millions.").0, Label::Sourced);
        assert_eq!(label("He was charged with murder.").0, Label::Unsourced);
    }

    #[test]
    fn names_keep_their_titles_and_appositives() {
        let src = |t: &str| label(t).1.map(|s| s.text).unwrap_or_default();
        assert_eq!(
            src("In Washington, White House press secretary Josh Earnest condemned the attack and said the U.S. would help."),
            "White House press secretary Josh Earnest"
        );
        assert_eq!(
            src("Senator Dianne Feinstein, Democrat of California, said the program sent a terrible message."),
            "Senator Dianne Feinstein, Democrat of California"
        );
        assert_eq!(
            src("“This is a disgusting day,” said Rep. G.K. Butterfield (D-N.C.), head of the Congressional Black Caucus."),
            "Rep. G.K. Butterfield (D-N.C.), head of the Congressional Black Caucus"
        );
        assert_eq!(src("U.S. Attorney James Kennedy Jr. said in the release the case was closed."), "U.S. Attorney James Kennedy Jr");
        assert_eq!(
            src("James P. Kennedy Jr., the U.S. Attorney for the Western District of New York, said the case highlights that speech carries responsibilities."),
            "James P. Kennedy Jr., the U.S. Attorney for the Western District of New York"
        );
        assert_eq!(src("The strandings have been described as “heartbreaking” by the conservation department."), "the conservation department");
        assert_eq!(src("Politifact seized on Trump’s claim that there have been thousands of shootings."), "Trump’s");
        assert_eq!(src("Clinton had told police officials that she did not want the escort, the source added."), "the source");
        assert_eq!(src("In an interview with Trending Today, Ham made it clear he had misgivings."), "Ham");
        assert_eq!(src("“It was outrageous,” Mr. Alexander said in an interview."), "Mr. Alexander");
    }

    #[test]
    fn hedges_of_the_writer_and_of_unattributable_groups() {
        // An idea, a theory, a people's mood: no one to check (rule 3).
        assert_eq!(label("One idea holds that early personal computers were marketed to boys.").0, Label::Speculative);
        assert_eq!(label("Tunisians worry that extremists can easily get arms.").0, Label::Speculative);
        assert_eq!(label("Republicans say the bill will pass.").0, Label::Sourced);
        // A concessive clause's attribution ends with the clause; the
        // writer's hedge after it decides (rule 2).
        assert_eq!(
            label("And while advertisers claim to allow an opt-out, it's not clear that the opt-outs govern collection.").0,
            Label::Speculative
        );
        // A participle after a noun reports what the agent said, not the claim.
        assert_eq!(label("The plan appears consistent with another announced by the ministry in March.").0, Label::Speculative);
        // Ability and idiom, not doubt.
        assert_eq!(label("For example, it's possible to display a button without sending requests.").0, Label::Unsourced);
        assert_eq!(label("But Uber, as its name suggests, is hierarchical in structure.").0, Label::Unsourced);
    }

    #[test]
    fn sources_are_noun_phrases_not_clause_fragments() {
        let src = |t: &str| label(t).1.map(|s| s.text).unwrap_or_default();
        // A day after the verb is when, not who.
        assert_eq!(
            src("“Our assumption is that the veto will be overridden,” Senate Majority Leader Mitch McConnell, R-Ky., said Tuesday."),
            "Senate Majority Leader Mitch McConnell"
        );
        // After "told" comes the listener.
        assert_eq!(
            src("“It is pushed by media,” Malkia Cyril, a director at the center, told The Huffington Post."),
            "Malkia Cyril, a director at the center"
        );
        // "and" inside one subject.
        assert_eq!(
            src("Experts on North Korea and nuclear nonproliferation said the test could change that."),
            "Experts on North Korea and nuclear nonproliferation"
        );
        assert_eq!(src("The former first lady and U.S. senator said it was a mistake."), "the former first lady and U.S. senator");
        assert_eq!(src("The dog barked and Smith said it was late."), "Smith");
        // A pronoun after the name that opens the sentence stands for it.
        assert_eq!(src("Trump, appearing after Clinton at the forum, cited problems that he blamed on Obama."), "Trump");
        // A relative clause that says who the speaker is, not one that reports.
        assert_eq!(
            src("Derek Mitchell, who served as U.S. ambassador to Burma, said Clinton reached out."),
            "Derek Mitchell, who served as U.S. ambassador to Burma"
        );
        assert_eq!(src("“It is hard,” said Mr. Kamin, who emphasized that her proposals would simplify returns."), "Mr. Kamin");
        assert_eq!(src("Kadzik's refusal did not go over well, said one GOP source in the room."), "one GOP source in the room");
        assert_eq!(src("As one Twitter user @nycsouthpaw pointed out, the gap is vast."), "one Twitter user @nycsouthpaw");
        assert_eq!(src("That sort of difference between what Trump says his plan would do has endured."), "Trump");
        assert_eq!(src("Meanwhile, it attacked Trump, saying he has offended women."), "it");
        // A participle after a quotation belongs to the clause's subject.
        assert_eq!(src("Kerpen needled the CNN “reporter,” saying that it was bad."), "Kerpen");
        // Plural nouns and infinitives are not speech verbs.
        assert_eq!(src("PolitiFact rated 32% of Republican claims as “false.”"), "");
        assert_eq!(src("The mayor said it was too early to tell whether it was caused by a bomb."), "the mayor");
        assert_eq!(src("The campaign will air the ad in all battleground states."), "");
        assert_eq!(src("The issue grew amid reports of unrest."), "");
        assert_eq!(src("Breitbart reports the two had a falling out."), "Breitbart");
        assert_eq!(src("Her chief policy aide, Jake Sullivan, calls her record a “blueprint” for jobs."), "Her chief policy aide, Jake Sullivan");
        // An outlet's kind is a source; "social media reports" are not (rule 3).
        assert_eq!(label("About 50 people were wounded, according to local news reports.").0, Label::Sourced);
        assert_eq!(src("Because as “The Wall Street Journal” wrote, it shows their top concern."), "The Wall Street Journal");
        assert_eq!(src("A few days ago in an interview with RT he blasted the American media."), "he");
        assert_eq!(src("His speech featured Patti LaBelle and Stevie Wonder, who joked of the museum, “I haven't seen it yet.”"), "Stevie Wonder");
    }

    #[test]
    fn a_whole_quotation_after_a_named_speaker_is_theirs() {
        let c = Classifier::new(Lexicon::english());
        let first = c.classify(&paragraph("Charles Schultze once summed up the danger of deficits with a metaphor.", true), &Carry::default());
        assert_eq!(first.label, Label::Sourced);
        let second =
            c.classify(&paragraph("“It’s not so much a question of the wolf at the door, but termites in the woodwork.”", false), &first.carry);
        assert_eq!(second.label, Label::Sourced);
        assert_eq!(second.source.map(|s| s.text), Some("Charles Schultze".to_string()));
    }

    #[test]
    fn a_lone_preposition_is_no_subject() {
        // Found by the fuzzer: the subject walk once ended before it began.
        let (label, source) = label("“ \" \"\"\" \" \"\"AT said ? x");
        assert!(source.is_none_or(|s| !s.text.is_empty()), "{label:?}");
    }

    #[test]
    fn sources_are_named_or_anonymous() {
        let (l, s) = label("City officials said detours would add 10 minutes.");
        assert_eq!(l, Label::Sourced);
        assert!(s.unwrap().anonymous);
        let (_, s) = label("“We can't wait,” said Transportation Director Luis Ferreira.");
        let s = s.unwrap();
        assert_eq!(s.text, "Transportation Director Luis Ferreira");
        assert!(!s.anonymous);
    }

    #[test]
    fn user_cue_words_take_effect() {
        // The classifier asks a phrase set only about words that start one of
        // its phrases (Lexicon::first_words): words added at run time must
        // be found the same way as the built-in ones.
        let text = "The mayor rumoredly signed the deal.";
        assert_eq!(label(text).0, Label::Unsourced);
        assert_eq!(label_with(Lexicon::with_extra([("hedge_adverbs", "Rumoredly")]).unwrap(), text).0, Label::Speculative);
        let text = "The mayor squawked that taxes rose.";
        assert_eq!(label(text).0, Label::Unsourced);
        let (l, s) = label_with(Lexicon::with_extra([("speech_verbs", "squawked")]).unwrap(), text);
        assert_eq!(l, Label::Sourced);
        assert_eq!(s.unwrap().text, "the mayor");
    }
}
