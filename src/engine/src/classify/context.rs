//! What the classifier carries from one sentence to the next: the
//! previous sentence's label and source, an open quotation, and the
//! article's recent sources that "he said" and "the same report" stand for
//! (the guide's rule 5 and its pronoun rule).

use std::rc::Rc;

use crate::annotation::{Label, Source};
use crate::lexicon::norm_word;

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

pub(super) const PERSONAL_PRONOUNS: &[&str] = &["he", "she", "they", "him", "her", "them"];

/// How many recent sources are kept for [`resolve`].
pub(super) const RECENT: usize = 8;

/// Words that make a source a document rather than a person.
pub(super) const DOCUMENT_NOUNS: &[&str] = &[
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
pub(super) fn resolve(src: &mut Source, recent: &[(Source, Vec<String>)]) {
    // Pronouns and "the same report" are short; names often are not.
    if src.text.len() > 24 || recent.is_empty() {
        return;
    }
    let lower = crate::block::fold_case(&src.text);
    let said = src.text.clone();
    if PERSONAL_PRONOUNS.contains(&lower.as_str()) {
        let person = recent.iter().rev().map(|(r, _)| r).find(|r| {
            let words: Vec<String> = r.text.split_whitespace().map(norm_word).collect();
            // A person's name ends a part of the phrase ("her mother, Fiona");
            // "West Mercia police" and "The Food Standards Agency" are no "she".
            !PERSONAL_PRONOUNS.contains(&crate::block::fold_case(&r.text).as_str())
                && !r.text.starts_with("The ")
                && r.text.split(',').any(|part| part.rsplit(' ').next().is_some_and(|w| w.starts_with(char::is_uppercase)))
                && !words.iter().any(|w| DOCUMENT_NOUNS.contains(&w.as_str()))
        });
        if let Some(p) = person {
            src.text = p.text.clone();
            src.anonymous = p.anonymous;
        }
    } else if let Some(noun) = lower.strip_prefix("the same ").filter(|n| !n.contains(' ')) {
        let named = recent.iter().rev().find(|(r, words)| words.iter().any(|w| w == noun) && !crate::block::fold_case(&r.text).contains(noun));
        if let Some((r, _)) = named {
            src.text = format!("{} {noun}", r.text);
        }
    }
    if src.text != said {
        src.mention = Some(said);
    }
}
