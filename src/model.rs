//! The annotation model and its JSON: `sourcelight/annotations@1`, and the
//! W3C Web Annotation Data Model export. One serde model for the CLI, the
//! extension and the playground.

use serde::{Deserialize, Serialize};

pub const SCHEMA: &str = "sourcelight/annotations@1";
pub const TOOL_NAME: &str = "Sourcelight";
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The narrator's stance toward a sentence's claim (see ANNOTATION_GUIDE.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    Sourced,
    Unsourced,
    Speculative,
    None,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
    pub label: Label,
    pub confidence: f64,
    /// UTF-16 offsets into the article's plain text.
    pub start: u32,
    pub end: u32,
    pub cues: Vec<Cue>,
    pub source: Option<Source>,
    pub why: String,
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
}

impl Summary {
    pub fn of(sentences: &[Sentence]) -> Summary {
        let mut s = Summary::default();
        for x in sentences {
            match x.label {
                Label::Sourced => s.sourced += 1,
                Label::Unsourced => s.unsourced += 1,
                Label::Speculative => s.speculative += 1,
                Label::None => s.none += 1,
            }
        }
        let claims = s.sourced + s.unsourced + s.speculative;
        s.sourced_share = if claims == 0 { 0.0 } else { round2(s.sourced as f64 / claims as f64) };
        s
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
        let key = crate::text::fold_case(&src.text);
        match out.iter_mut().find(|e| crate::text::fold_case(&e.text) == key) {
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

// ---- W3C Web Annotation Data Model ------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct W3cCollection {
    #[serde(rename = "@context")]
    pub context: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub label: String,
    pub generator: W3cAgent,
    pub generated: String,
    pub total: usize,
    pub first: W3cPage,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct W3cAgent {
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct W3cPage {
    #[serde(rename = "type")]
    pub kind: String,
    pub items: Vec<W3cAnnotation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct W3cAnnotation {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub motivation: String,
    pub body: Vec<W3cBody>,
    pub target: W3cTarget,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct W3cBody {
    #[serde(rename = "type")]
    pub kind: String,
    pub purpose: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct W3cTarget {
    pub source: String,
    pub selector: Vec<W3cSelector>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum W3cSelector {
    TextQuoteSelector { exact: String, prefix: String, suffix: String },
    TextPositionSelector { start: u32, end: u32 },
}

/// Up to `n` UTF-16 units of context before/after a sentence.
fn context_utf16(text: &[u16], start: usize, end: usize, n: usize) -> (String, String) {
    let p0 = start.saturating_sub(n);
    let s1 = (end + n).min(text.len());
    (String::from_utf16_lossy(&text[p0..start.min(text.len())]), String::from_utf16_lossy(&text[end.min(text.len())..s1]))
}

/// What the W3C form needs of a sentence: made from a full `Sentence`
/// natively, or from the fields of an exported `annotations@1` sentence that
/// the wasm layer is handed as arrays (so the wasm carries no JSON reader).
/// The quote is not here: it is the article text between `start` and `end`.
pub struct W3cSentence {
    pub id: u32,
    pub start: u32,
    pub end: u32,
    pub label: Label,
    pub why: String,
    /// The named source's text, if any.
    pub source: Option<String>,
}

/// The W3C Web Annotation form: one annotation per labelled sentence,
/// targeting the page with a quote and a position selector. The position
/// counts UTF-16 units of `article_text` (the text the offsets index).
pub fn w3c_collection(
    url: &str,
    title: &str,
    generated_at: &str,
    sentences: impl IntoIterator<Item = W3cSentence>,
    article_text: &str,
) -> W3cCollection {
    let units: Vec<u16> = article_text.encode_utf16().collect();
    let source = if url.is_empty() { "urn:sourcelight:document".to_string() } else { url.to_string() };
    let items = sentences
        .into_iter()
        .filter(|s| s.label != Label::None)
        .map(|s| {
            let (start, end) = (s.start as usize, s.end as usize);
            let (prefix, suffix) = context_utf16(&units, start, end, 32);
            let exact = String::from_utf16_lossy(units.get(start..end).unwrap_or_default());
            let mut body = vec![
                W3cBody { kind: "TextualBody".into(), purpose: "tagging".into(), value: s.label.as_str().into() },
                W3cBody { kind: "TextualBody".into(), purpose: "describing".into(), value: s.why },
            ];
            if let Some(src) = s.source {
                body.push(W3cBody { kind: "TextualBody".into(), purpose: "identifying".into(), value: src });
            }
            W3cAnnotation {
                id: format!("{source}#sourcelight-{}", s.id),
                kind: "Annotation".into(),
                motivation: "classifying".into(),
                body,
                target: W3cTarget {
                    source: source.clone(),
                    selector: vec![
                        W3cSelector::TextQuoteSelector { exact, prefix, suffix },
                        W3cSelector::TextPositionSelector { start: s.start, end: s.end },
                    ],
                },
            }
        })
        .collect::<Vec<_>>();
    W3cCollection {
        context: "http://www.w3.org/ns/anno.jsonld".into(),
        kind: "AnnotationCollection".into(),
        label: format!("Sourcelight annotations of {}", if title.is_empty() { &source } else { title }),
        generator: W3cAgent { kind: "Software".into(), name: format!("{TOOL_NAME} {TOOL_VERSION}") },
        generated: generated_at.to_string(),
        total: items.len(),
        first: W3cPage { kind: "AnnotationPage".into(), items },
    }
}

impl Annotations {
    /// The W3C Web Annotation form of these annotations (see `w3c_collection`).
    pub fn to_w3c(&self, article_text: &str) -> W3cCollection {
        let sentences = self.sentences.iter().map(|s| W3cSentence {
            id: s.id,
            start: s.start,
            end: s.end,
            label: s.label,
            why: s.why.clone(),
            source: s.source.as_ref().map(|x| x.text.clone()),
        });
        w3c_collection(&self.url, &self.title, &self.generated_at, sentences, article_text)
    }
}
