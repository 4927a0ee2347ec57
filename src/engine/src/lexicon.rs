//! Cue lexicons: data files (compiled into the native binary, handed to the
//! wasm at run time), parsed once per engine, and extensible with the
//! user's own cue words.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::error::Error;

#[cfg(not(target_arch = "wasm32"))]
use crate::language::{Language, ENGLISH};

/// The Fx hash (as in rustc): lexicon keys are short words that the
/// classifier looks up many times per sentence, where SipHash's DoS
/// resistance buys nothing and costs most of the lookup time.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut buf = [0u8; 8];
            buf[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// A set with the same hasher (one hasher in the wasm, not two).
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

/// A set of word sequences, looked up by their first word.
#[derive(Debug, Default, Clone)]
pub struct PhraseSet {
    by_first: FastMap<String, Vec<Vec<String>>>,
    /// This set's bit in [`Lexicon::first_words`]; 0 while the set is empty.
    bit: u32,
}

/// Lower-cases a word and folds the typographic apostrophe, so that lexicon
/// lines and page text compare alike.
pub fn norm_word(w: &str) -> String {
    if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return w.to_string();
    }
    let lower = crate::block::fold_case(w);
    if lower.contains('’') {
        lower.replace('’', "'")
    } else {
        lower
    }
}

impl PhraseSet {
    /// Adds a phrase; returns its first word, normalised.
    fn insert(&mut self, phrase: &str, bit: u32) -> Option<String> {
        let words: Vec<String> = phrase.split_whitespace().map(norm_word).collect();
        let first = words.first()?.clone();
        self.bit = bit;
        let list = self.by_first.entry(first.clone()).or_default();
        if !list.contains(&words) {
            // Longest first, so the longest phrase wins at a position; after
            // the phrases as long, in the order they came.
            let at = list.iter().position(|w| w.len() < words.len()).unwrap_or(list.len());
            list.insert(at, words);
        }
        Some(first)
    }

    /// This set's bit in [`Lexicon::first_words`].
    pub fn bit(&self) -> u32 {
        self.bit
    }

    /// The length in words of the longest phrase starting at `words[i]`.
    pub fn match_at<S: AsRef<str>>(&self, words: &[S], i: usize) -> Option<usize> {
        let cands = self.by_first.get(words.get(i)?.as_ref())?;
        cands.iter().find(|p| p.len() <= words.len() - i && p.iter().zip(&words[i..]).all(|(a, b)| a == b.as_ref())).map(|p| p.len())
    }

    pub fn contains_word(&self, w: &str) -> bool {
        self.by_first.get(w).is_some_and(|l| l.iter().any(|p| p.len() == 1))
    }
}

/// Verbs that attribute only with a given kind of object.
#[derive(Debug, Default, Clone)]
pub struct VerbObjects {
    pub map: FastMap<String, FastSet<String>>,
}

#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    pub speech_verbs: PhraseSet,
    pub speech_verbs_with_object: VerbObjects,
    pub speech_verbs_with_content: PhraseSet,
    pub not_attributions: PhraseSet,
    pub data_verbs: PhraseSet,
    pub data_nouns: PhraseSet,
    pub according_to: PhraseSet,
    pub narrator_references: PhraseSet,
    pub non_response: PhraseSet,
    pub hedge_adverbs: PhraseSet,
    pub hedge_modals: PhraseSet,
    pub not_hedges: PhraseSet,
    pub conditional: PhraseSet,
    pub not_conditional: PhraseSet,
    pub vague_sources: PhraseSet,
    pub anonymous_sources: PhraseSet,
    pub calls_to_action: PhraseSet,
    pub boilerplate: PhraseSet,
    pub fragment_starts: PhraseSet,
    pub sentence_starters: PhraseSet,
    /// Words of time that may stand where an inverted speaker would ("said Tuesday").
    pub when_words: PhraseSet,
    /// Past tenses without "-ed": a clause, not a name, before "and".
    pub clause_verbs: PhraseSet,
    /// Verbs followed by their object or listener, never by an inverted speaker.
    pub object_verbs: PhraseSet,
    /// Verb forms that are nouns far more often ("states", "reports").
    pub noun_like_verbs: PhraseSet,
    /// Verbs of a stance rather than speech ("worry", "fear", "believe").
    pub stance_verbs: PhraseSet,
    /// Adverbs that may stand between a subject and its verb, besides "-ly".
    pub adverbs: PhraseSet,
    /// Words that open a phrase before the clause's subject ("Meanwhile,").
    pub openers: PhraseSet,
    /// Verbs that report only a person's words ("Clinton suggested"), a
    /// thing's being the writer's inference ("the results suggest").
    pub person_verbs: PhraseSet,
    /// For every word that starts a phrase, one bit per set it starts a
    /// phrase in ([`PhraseSet::bit`]), and [`WITH_OBJECT`] for the verbs of
    /// `speech_verbs_with_object`. The classifier looks each word of a
    /// sentence up here once and asks only the sets whose bit is on: one hash
    /// lookup per word where it took one per word per set (most of its time).
    pub first_words: FastMap<String, u32>,
    /// What the segmenter must not end a sentence after (the language's
    /// `abbreviations_<code>.txt`, parsed with the lexicon).
    pub abbreviations: Abbreviations,
    /// Short lines of page furniture among an article's paragraphs ("read
    /// more", "advertisement"), case-folded, matched whole by extraction.
    pub furniture: Vec<String>,
    /// The language these words are of: its primary subtag (`en`), from the
    /// file's `[language]` section.
    pub language: String,
}

/// The bit of `speech_verbs_with_object` in [`Lexicon::first_words`].
pub const WITH_OBJECT: u32 = 1;

/// Abbreviation classes for the segmenter.
#[derive(Debug, Default, Clone)]
pub struct Abbreviations {
    pub titles: FastSet<String>,
    pub number_prefixes: FastSet<String>,
    pub suffixes: FastSet<String>,
    pub never_end: FastSet<String>,
}

/// Splits a lexicon file into (section, line) pairs, dropping comments.
fn sections(src: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut section = "";
    src.lines().filter_map(move |line| {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name;
            return None;
        }
        Some((section, line))
    })
}

/// The sections a user may extend from the options page.
pub const USER_SECTIONS: &[&str] = &["speech_verbs", "hedge_adverbs", "hedge_modals", "anonymous_sources", "vague_sources"];

impl Lexicon {
    #[cfg(not(target_arch = "wasm32"))]
    pub fn english() -> Lexicon {
        Lexicon::of(&ENGLISH)
    }

    /// A language's built-in lexicon: its cues and its abbreviations.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn of(language: &Language) -> Lexicon {
        // The built-in files are tested line by line (`builtin_files_parse_into_known_sections`).
        let mut lex = Lexicon::parse(language.cues).unwrap_or_default();
        for (section, line) in sections(language.abbreviations) {
            lex.abbreviations.add(section, line);
        }
        if lex.language.is_empty() {
            lex.language = language.code.to_string();
        }
        lex
    }

    /// A lexicon from its text: the sections of `src/engine/src/lexicon/<code>.txt`
    /// and of `abbreviations_<code>.txt`, in one text or two. The wasm is
    /// handed it at run time (`pkg/<code>.lexicon.txt`, both files).
    pub fn parse(text: &str) -> Result<Lexicon, Error> {
        let mut lex = Lexicon::default();
        for (section, line) in sections(text) {
            lex.add(section, line)?;
        }
        Ok(lex)
    }

    /// Adds one phrase to a section.
    pub fn add(&mut self, section: &str, line: &str) -> Result<(), Error> {
        if line.split_whitespace().next().is_none() {
            return Err(Error::Cue { cue: line.into(), why: "empty" });
        }
        if self.abbreviations.add(section, line) {
            return Ok(());
        }
        if section == "language" {
            self.language = line.trim().to_ascii_lowercase();
            return Ok(());
        }
        if section == "page_furniture" {
            self.furniture.push(crate::block::fold_case(line).split_whitespace().collect::<Vec<_>>().join(" "));
            return Ok(());
        }
        if section == "speech_verbs_with_object" {
            let (verb, nouns) = line.split_once('|').ok_or(Error::Cue { cue: line.into(), why: "needs `verb | nouns`" })?;
            let verb = norm_word(verb.trim());
            *self.first_words.entry(verb.clone()).or_default() |= WITH_OBJECT;
            let entry = self.speech_verbs_with_object.map.entry(verb).or_default();
            entry.extend(nouns.split_whitespace().map(norm_word));
            return Ok(());
        }
        // Each set's bit in `first_words`: 2 << n, bit 0 being WITH_OBJECT.
        let (n, set) = match section {
            "speech_verbs" => (0, &mut self.speech_verbs),
            "data_verbs" => (1, &mut self.data_verbs),
            "data_nouns" => (2, &mut self.data_nouns),
            "according_to" => (3, &mut self.according_to),
            "narrator_references" => (4, &mut self.narrator_references),
            "non_response" => (5, &mut self.non_response),
            "hedge_adverbs" => (6, &mut self.hedge_adverbs),
            "hedge_modals" => (7, &mut self.hedge_modals),
            "not_hedges" => (8, &mut self.not_hedges),
            "conditional" => (9, &mut self.conditional),
            "not_conditional" => (10, &mut self.not_conditional),
            "vague_sources" => (11, &mut self.vague_sources),
            "anonymous_sources" => (12, &mut self.anonymous_sources),
            "calls_to_action" => (13, &mut self.calls_to_action),
            "boilerplate" => (14, &mut self.boilerplate),
            "fragment_starts" => (15, &mut self.fragment_starts),
            "sentence_starters" => (16, &mut self.sentence_starters),
            "speech_verbs_with_content" => (17, &mut self.speech_verbs_with_content),
            "not_attributions" => (18, &mut self.not_attributions),
            "when_words" => (19, &mut self.when_words),
            "clause_verbs" => (20, &mut self.clause_verbs),
            "object_verbs" => (21, &mut self.object_verbs),
            "noun_like_verbs" => (22, &mut self.noun_like_verbs),
            "stance_verbs" => (23, &mut self.stance_verbs),
            "adverbs" => (24, &mut self.adverbs),
            "openers" => (25, &mut self.openers),
            "person_verbs" => (26, &mut self.person_verbs),
            _ => return Err(Error::Cue { cue: line.into(), why: "unknown cue section" }),
        };
        let bit = 2 << n;
        if let Some(first) = set.insert(line, bit) {
            *self.first_words.entry(first).or_default() |= bit;
        }
        Ok(())
    }

    /// The built-in lexicon plus the user's cue words, each `(section, phrase)`.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn with_extra<'a>(extra: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Lexicon, Error> {
        Lexicon::english().extended(extra)
    }

    /// This lexicon plus the user's cue words, each `(section, phrase)`.
    pub fn extended<'a>(mut self, extra: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Lexicon, Error> {
        for (section, phrase) in extra {
            if !USER_SECTIONS.contains(&section) {
                return Err(Error::Cue { cue: phrase.into(), why: "not a section users can extend" });
            }
            self.add(section, phrase)?;
        }
        Ok(self)
    }
}

impl Abbreviations {
    /// Adds a line of an abbreviation section; false for another section.
    fn add(&mut self, section: &str, line: &str) -> bool {
        let set = match section {
            "titles" => &mut self.titles,
            "number_prefixes" => &mut self.number_prefixes,
            "suffixes" => &mut self.suffixes,
            "never_end" => &mut self.never_end,
            _ => return false,
        };
        set.insert(crate::block::fold_case(line));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_files_parse_into_known_sections() {
        for (section, line) in sections(ENGLISH.cues) {
            Lexicon::default().add(section, line).unwrap_or_else(|e| panic!("{section}: {e}"));
        }
        let lex = Lexicon::english();
        let words = ["according", "to", "the", "data"];
        assert_eq!(lex.according_to.match_at(&words, 0), Some(2));
        assert!(lex.speech_verbs.contains_word("said"));
        assert!(lex.speech_verbs_with_object.map["issued"].contains("statement"));
        assert!(lex.abbreviations.titles.contains("dr"));
    }

    #[test]
    fn user_cues_extend_only_user_sections() {
        let lex = Lexicon::with_extra([("hedge_adverbs", "Rumoredly")]).unwrap();
        assert!(lex.hedge_adverbs.contains_word("rumoredly"));
        assert!(Lexicon::with_extra([("boilerplate", "x")]).is_err());
        assert!(Lexicon::with_extra([("hedge_adverbs", "  ")]).is_err());
    }
}
