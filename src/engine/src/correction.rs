//! Readers' corrections of the engine's labels.
//!
//! A correction is kept by the page (its address without the fragment; the
//! extension's storage) and by the sentence's text, hashed
//! ([`sentence_key`]), not by its position: when the article changes, a
//! correction follows its sentence or, if the sentence is gone, stays
//! unapplied and listed (`Annotations::corrections_not_found`) instead of
//! landing on another sentence. The engine applies them
//! ([`Annotations::apply_corrections`]) on every pass, so a live page, a
//! reload and the CLI all show the same corrected labels.

use serde::Deserialize;
use thiserror::Error;

use crate::annotation::{source_index, Annotations, Label, Summary, SCHEMA, SCHEMA_V1};
pub use crate::annotation::{Correction, PageCorrection};

/// A name for a sentence's text that survives re-rendering: 64-bit FNV-1a
/// over its words joined by single spaces, as 16 hex digits. Whitespace
/// differences (a reflowed paragraph) give the same key; any other edit a
/// different one.
pub fn sentence_key(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let h = key_hash(text);
    (0..16).map(|i| char::from(HEX[((h >> (60 - 4 * i)) & 0xf) as usize])).collect()
}

fn key_hash(text: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = OFFSET;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(PRIME);
    };
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            eat(b' ');
        }
        word.bytes().for_each(&mut eat);
    }
    h
}

/// A key as its number; a key that is not 16 hex digits matches no sentence.
fn key_number(key: &str) -> Option<u64> {
    if key.len() != 16 {
        return None;
    }
    u64::from_str_radix(key, 16).ok()
}

impl Annotations {
    /// Applies the reader's corrections: each sentence whose key has one
    /// takes its label and carries it; the summary and the source list then
    /// follow the corrected labels. Corrections whose sentence is not here
    /// are kept in `corrections_not_found`. Applying again replaces what an
    /// earlier call applied.
    pub fn apply_corrections(&mut self, corrections: &[PageCorrection]) {
        if corrections.is_empty() && self.corrections_not_found.is_empty() && self.summary.corrected == 0 {
            return; // nothing to apply or to take back
        }
        // One per key, the last: as a later write to the store replaces an
        // earlier one. Keys as numbers, searched in a line: a page has few
        // corrections, and a map would cost the wasm more than it saves.
        let mut latest: Vec<(Option<u64>, &PageCorrection, bool)> = Vec::new();
        for c in corrections.iter().rev() {
            if !latest.iter().any(|(_, d, _)| d.key == c.key) {
                latest.push((key_number(&c.key), c, false));
            }
        }
        for s in &mut self.sentences {
            s.label = s.engine_label;
            s.correction = None;
            let Some(key) = key_number(&s.key) else { continue };
            if let Some((_, c, found)) = latest.iter_mut().find(|(k, _, _)| *k == Some(key)) {
                *found = true;
                s.label = c.label;
                s.correction = Some(c.correction());
            }
        }
        self.corrections_not_found = latest.iter().rev().filter(|(_, _, found)| !found).map(|(_, c, _)| (*c).clone()).collect();
        self.summary = Summary::of(&self.sentences);
        self.sources = source_index(&self.sentences);
    }
}

/// Why an exported file cannot be read as annotations.
#[derive(Debug, Error)]
pub enum ExportError {
    #[error("not JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("not Sourcelight annotations (schema {0:?}; expected {SCHEMA} or {SCHEMA_V1})")]
    Schema(String),
}

/// A sentence of an exported file, `@1` or `@2`.
#[derive(Debug, Clone, Deserialize)]
pub struct ExportedSentence {
    pub text: String,
    pub label: Label,
    /// `@1` has none: its `label` was the engine's.
    #[serde(default)]
    pub engine_label: Option<Label>,
    #[serde(default)]
    pub correction: Option<Correction>,
    #[serde(default)]
    pub start: u32,
    #[serde(default)]
    pub end: u32,
}

/// What is read of an exported file.
#[derive(Debug, Clone, Deserialize)]
pub struct Export {
    pub schema: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub title: String,
    pub sentences: Vec<ExportedSentence>,
    #[serde(default)]
    pub corrections_not_found: Vec<PageCorrection>,
}

impl Export {
    /// Reads an exported `sourcelight/annotations@1` or `@2` file.
    pub fn parse(json: &str) -> Result<Export, ExportError> {
        #[derive(Deserialize)]
        struct Head {
            #[serde(default)]
            schema: String,
        }
        let head: Head = serde_json::from_str(json)?;
        if head.schema != SCHEMA && head.schema != SCHEMA_V1 {
            return Err(ExportError::Schema(head.schema));
        }
        Ok(serde_json::from_str(json)?)
    }

    /// The reader's corrections in this file, those not found on its page
    /// included.
    pub fn corrections(&self) -> Vec<PageCorrection> {
        let applied = self.sentences.iter().filter_map(|s| {
            let c = s.correction.as_ref()?;
            Some(PageCorrection { key: sentence_key(&s.text), text: s.text.clone(), label: c.label, comment: c.comment.clone(), at: c.at.clone() })
        });
        applied.chain(self.corrections_not_found.iter().cloned()).collect()
    }

    /// The article's text as plain text, put back together from the
    /// sentences: a gap of two or more units between two sentences was a
    /// paragraph break (the engine joins blocks with a blank line).
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        let mut last_end: Option<u32> = None;
        for s in &self.sentences {
            if let Some(end) = last_end {
                out.push_str(if s.start >= end.saturating_add(2) { "\n\n" } else { " " });
            }
            out.push_str(&s.text);
            last_end = Some(s.end);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Engine, PageInfo};

    const INFO: PageInfo = PageInfo { url: "https://example.org/a", title: "A", generated_at: "2026-12-02T00:00:00Z" };

    fn annotated() -> Annotations {
        let text = "The mayor said the bridge would reopen. Traffic fell by a third.\n\nIt may close again in May.";
        Engine::default().annotate_text(text, &INFO).annotations
    }

    fn correction(key: &str, label: Label) -> PageCorrection {
        PageCorrection { key: key.into(), text: "t".into(), label, comment: "no source named".into(), at: "2026-12-02T10:00:00Z".into() }
    }

    #[test]
    fn keys_ignore_whitespace_and_nothing_else() {
        assert_eq!(sentence_key("Traffic fell  by\n a third."), sentence_key(" Traffic fell by a third. "));
        assert_ne!(sentence_key("Traffic fell by a third."), sentence_key("Traffic fell by a half."));
        assert_eq!(sentence_key(""), "cbf29ce484222325");
        assert_eq!(sentence_key("a").len(), 16);
    }

    #[test]
    fn a_correction_relabels_its_sentence_and_the_summary_follows() {
        let mut a = annotated();
        let traffic = a.sentences.iter().position(|s| s.text.starts_with("Traffic")).unwrap();
        assert_eq!(a.sentences[traffic].label, Label::Unsourced);
        let before = a.summary.sourced_share;
        a.apply_corrections(&[correction(&a.sentences[traffic].key.clone(), Label::Sourced)]);
        let s = &a.sentences[traffic];
        assert_eq!((s.label, s.engine_label), (Label::Sourced, Label::Unsourced));
        assert_eq!(s.correction.as_ref().unwrap().comment, "no source named");
        assert_eq!(a.summary.corrected, 1);
        assert_eq!(a.summary.engine_sourced_share, before);
        assert!(a.summary.sourced_share > before);
        assert!(a.corrections_not_found.is_empty());
        // Applied again with none: back to the engine's labels.
        a.apply_corrections(&[]);
        assert_eq!(a.sentences[traffic].label, Label::Unsourced);
        assert_eq!(a.summary.corrected, 0);
        assert_eq!(a.summary.sourced_share, before);
    }

    #[test]
    fn a_correction_for_a_missing_sentence_is_kept_not_applied() {
        let mut a = annotated();
        let labels: Vec<Label> = a.sentences.iter().map(|s| s.label).collect();
        a.apply_corrections(&[correction(&sentence_key("A sentence the article no longer has."), Label::Speculative)]);
        assert_eq!(a.sentences.iter().map(|s| s.label).collect::<Vec<_>>(), labels);
        assert_eq!(a.corrections_not_found.len(), 1);
        assert_eq!(a.summary.corrected, 0);
    }

    #[test]
    fn the_last_correction_for_a_sentence_wins() {
        let mut a = annotated();
        let key = a.sentences[0].key.clone();
        a.apply_corrections(&[correction(&key, Label::Unsourced), correction(&key, Label::Speculative)]);
        assert_eq!(a.sentences[0].label, Label::Speculative);
        assert!(a.corrections_not_found.is_empty());
    }

    #[test]
    fn an_export_round_trips_its_corrections_and_text() {
        let mut a = annotated();
        let key = a.sentences[1].key.clone();
        let gone = correction(&sentence_key("Gone."), Label::None);
        a.apply_corrections(&[correction(&key, Label::Speculative), gone.clone()]);
        let json = serde_json::to_string(&a).unwrap();
        let e = Export::parse(&json).unwrap();
        let got = e.corrections();
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].key.as_str(), got[0].label), (key.as_str(), Label::Speculative));
        assert_eq!(got[1], gone);
        let text = e.plain_text();
        assert_eq!(text, "The mayor said the bridge would reopen. Traffic fell by a third.\n\nIt may close again in May.");
    }

    #[test]
    fn old_exports_read_and_others_are_refused_clearly() {
        let v1 = r#"{"schema":"sourcelight/annotations@1","url":"u","sentences":[{"text":"A.","label":"unsourced","start":0,"end":2}]}"#;
        let e = Export::parse(v1).unwrap();
        assert_eq!(e.sentences[0].engine_label, None);
        assert!(e.corrections().is_empty());
        let other = Export::parse(r#"{"schema":"something/else","sentences":[]}"#).unwrap_err();
        assert!(other.to_string().contains("not Sourcelight annotations"), "{other}");
        assert!(Export::parse("{").unwrap_err().to_string().starts_with("not JSON"));
        assert!(Export::parse(r#"{"schema":"sourcelight/annotations@2","sentences":[{"text":"A.","label":"maybe"}]}"#).is_err());
    }
}
