//! The annotation model and its JSON: `sourcelight/annotations@2`, and the
//! W3C Web Annotation Data Model export. One serde model for the CLI, the
//! extension and the playground.
//!
//! `@2` is `@1` with the reader's corrections (see `correction`): per
//! sentence a `key` (its text's hash), the `engine_label` and a
//! `correction`; `label` is then the reader's label where there is one, so
//! its meaning changed and the schema name with it. The summary counts by
//! `label` and keeps the engine's own share beside it.

use serde::{Deserialize, Serialize};

use crate::reason::Why;

pub const SCHEMA: &str = "sourcelight/annotations@2";
/// The schema before corrections; still read (`correction::read_export`).
pub const SCHEMA_V1: &str = "sourcelight/annotations@1";
pub const TOOL_NAME: &str = "Sourcelight";
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The narrator's stance toward a sentence's claim (see ANNOTATION_GUIDE.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    Sourced,
    Unsourced,
    Speculative,
    None,
}

/// Enums are written as their names, by hand: serde's derived form is a
/// call per variant, which the wasm pays for in bytes.
impl Serialize for Label {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Serialize for CueKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Label {
    pub const ALL: [Label; 4] = [Label::Sourced, Label::Unsourced, Label::Speculative, Label::None];

    pub fn as_str(self) -> &'static str {
        match self {
            Label::Sourced => "sourced",
            Label::Unsourced => "unsourced",
            Label::Speculative => "speculative",
            Label::None => "none",
        }
    }

    pub fn parse(s: &str) -> Option<Label> {
        Label::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// What a cue is evidence of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CueKind {
    Attribution,
    AccordingTo,
    DataAttribution,
    Link,
    QuoteContinuation,
    AnonymousSource,
    VagueAttribution,
    Hedge,
    Modal,
    Conditional,
    NonResponse,
    Question,
    Heading,
    Caption,
    Byline,
    CallToAction,
    Boilerplate,
    Fragment,
}

impl CueKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CueKind::Attribution => "attribution",
            CueKind::AccordingTo => "according_to",
            CueKind::DataAttribution => "data_attribution",
            CueKind::Link => "link",
            CueKind::QuoteContinuation => "quote_continuation",
            CueKind::AnonymousSource => "anonymous_source",
            CueKind::VagueAttribution => "vague_attribution",
            CueKind::Hedge => "hedge",
            CueKind::Modal => "modal",
            CueKind::Conditional => "conditional",
            CueKind::NonResponse => "non_response",
            CueKind::Question => "question",
            CueKind::Heading => "heading",
            CueKind::Caption => "caption",
            CueKind::Byline => "byline",
            CueKind::CallToAction => "call_to_action",
            CueKind::Boilerplate => "boilerplate",
            CueKind::Fragment => "fragment",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cue {
    pub kind: CueKind,
    pub text: String,
    /// UTF-16 offsets into the article's plain text.
    pub start: u32,
    pub end: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub text: String,
    pub anonymous: bool,
    pub href: Option<String>,
    /// The sentence's own words for the source, where `text` names whom they
    /// stand for ("he" for "Putin").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mention: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    pub id: u32,
    pub text: String,
    /// The reader's label where they corrected it, else the engine's.
    pub label: Label,
    /// What the engine said, whatever the reader did.
    pub engine_label: Label,
    /// The text's hash (`correction::sentence_key`): corrections are kept
    /// by it, so they follow the sentence and not its position.
    pub key: String,
    #[serde(default)]
    pub correction: Option<Correction>,
    pub confidence: f64,
    /// UTF-16 offsets into the article's plain text.
    pub start: u32,
    pub end: u32,
    pub cues: Vec<Cue>,
    pub source: Option<Source>,
    /// The reason in words, in the language's messages; empty where the
    /// engine has no wording (the wasm, whose page words it: `reason`).
    pub why: String,
    /// The reason as decided: message keys and the page's words it quotes.
    #[serde(skip)]
    pub reason: Why,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub sourced: u32,
    pub unsourced: u32,
    pub speculative: u32,
    pub none: u32,
    /// Sourced sentences over all checkable claims (sourced + unsourced +
    /// speculative); 0 when there are none.
    pub sourced_share: f64,
    /// The same share by the engine's own labels.
    pub engine_sourced_share: f64,
    /// Sentences the reader corrected.
    pub corrected: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceEntry {
    pub text: String,
    pub anonymous: bool,
    pub href: Option<String>,
    pub sentence_ids: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotations {
    pub schema: String,
    pub url: String,
    pub title: String,
    pub generated_at: String,
    pub tool: Tool,
    pub summary: Summary,
    /// What extraction kept and left out; absent for plain-text input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<crate::extract::Coverage>,
    pub sources: Vec<SourceEntry>,
    pub sentences: Vec<Sentence>,
    /// Corrections kept for this page whose sentence is not in it (the
    /// article changed): kept, so that an export loses none of them.
    #[serde(default)]
    pub corrections_not_found: Vec<PageCorrection>,
    /// The language the page declares (`<html lang>`, or the CLI's
    /// `--lang`) where the engine has no data for it: its sentences are
    /// labeled by the English data all the same, and the extension paints
    /// none of them. Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unsupported_language: Option<String>,
}

/// The reader's label for a sentence, their comment and when they made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    pub label: Label,
    #[serde(default)]
    pub comment: String,
    /// RFC 3339 time stamp.
    #[serde(default)]
    pub at: String,
}

/// A correction as a page keeps it: for which sentence, by its key, with
/// the sentence's text to show when it is not found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageCorrection {
    pub key: String,
    pub text: String,
    pub label: Label,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub at: String,
}

impl PageCorrection {
    pub(crate) fn correction(&self) -> Correction {
        Correction { label: self.label, comment: self.comment.clone(), at: self.at.clone() }
    }
}

impl Summary {
    pub fn of(sentences: &[Sentence]) -> Summary {
        let mut s = Summary::default();
        let (mut engine_sourced, mut engine_claims) = (0u32, 0u32);
        for x in sentences {
            match x.label {
                Label::Sourced => s.sourced += 1,
                Label::Unsourced => s.unsourced += 1,
                Label::Speculative => s.speculative += 1,
                Label::None => s.none += 1,
            }
            engine_sourced += u32::from(x.engine_label == Label::Sourced);
            engine_claims += u32::from(x.engine_label != Label::None);
            s.corrected += u32::from(x.correction.is_some());
        }
        s.sourced_share = share(s.sourced, s.sourced + s.unsourced + s.speculative);
        s.engine_sourced_share = share(engine_sourced, engine_claims);
        s
    }
}

/// `part / whole` to two places; 0 when `whole` is.
fn share(part: u32, whole: u32) -> f64 {
    if whole == 0 {
        0.0
    } else {
        round2(part as f64 / whole as f64)
    }
}

pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Groups sentences by the source they name, in order of first mention.
pub fn source_index(sentences: &[Sentence]) -> Vec<SourceEntry> {
    let mut out: Vec<SourceEntry> = Vec::new();
    for s in sentences {
        let Some(src) = &s.source else { continue };
        if s.label != Label::Sourced {
            continue;
        }
        let key = crate::block::fold_case(&src.text);
        match out.iter_mut().find(|e| crate::block::fold_case(&e.text) == key) {
            Some(e) => {
                e.sentence_ids.push(s.id);
                if e.href.is_none() {
                    e.href = src.href.clone();
                }
            }
            None => out.push(SourceEntry { text: src.text.clone(), anonymous: src.anonymous, href: src.href.clone(), sentence_ids: vec![s.id] }),
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    /// Every name serde reads for the enum `T`, from its own error message
    /// for an unknown one ("expected one of `a`, `b`, …"); each must be
    /// written back as itself by the hand-written `Serialize`.
    pub(crate) fn names_round_trip<T: serde::Serialize + serde::de::DeserializeOwned>() -> usize {
        let err = serde_json::from_str::<T>("\"no such variant\"").err().map(|e| e.to_string()).unwrap_or_default();
        let names: Vec<&str> = err.split('`').skip(3).step_by(2).collect();
        for name in &names {
            let value: T = serde_json::from_str(&format!("\"{name}\"")).unwrap();
            assert_eq!(serde_json::to_string(&value).unwrap(), format!("\"{name}\""));
        }
        names.len()
    }

    #[test]
    fn enums_write_the_names_they_read() {
        assert_eq!(names_round_trip::<super::CueKind>(), 18);
        assert_eq!(names_round_trip::<super::Label>(), 4);
    }
}
