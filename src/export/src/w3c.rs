//! The W3C Web Annotation Data Model export
//! (<https://www.w3.org/TR/annotation-model/>): an `AnnotationCollection`
//! whose annotations target the article text with a quote and a position.

use serde::{Deserialize, Serialize};
use sourcelight_engine::annotation::{Label, TOOL_NAME, TOOL_VERSION};
use sourcelight_engine::correction::Correction;
use sourcelight_engine::Annotated;

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
    /// When the reader made it (a correction's annotation only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
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
/// natively, or from the fields of an exported `annotations@2` sentence that
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
    /// The reader's correction, if any.
    pub correction: Option<Correction>,
}

fn text_body(purpose: &str, value: String) -> W3cBody {
    W3cBody { kind: "TextualBody".into(), purpose: purpose.into(), value }
}

/// The W3C Web Annotation form: one annotation per sentence the engine
/// labelled (motivation `classifying`: the engine's label, why, and the
/// named source), and one more per sentence the reader corrected
/// (motivation `assessing`: the reader's label and comment), each
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
    let mut items = Vec::new();
    for s in sentences {
        if s.label == Label::None && s.correction.is_none() {
            continue;
        }
        let (start, end) = (s.start as usize, s.end as usize);
        // Made afresh for each annotation of the sentence (rarely two).
        let target = || {
            let (prefix, suffix) = context_utf16(&units, start, end, 32);
            let exact = String::from_utf16_lossy(units.get(start..end).unwrap_or_default());
            let selector =
                vec![W3cSelector::TextQuoteSelector { exact, prefix, suffix }, W3cSelector::TextPositionSelector { start: s.start, end: s.end }];
            W3cTarget { source: source.clone(), selector }
        };
        if s.label != Label::None {
            let mut body = vec![text_body("tagging", s.label.as_str().into()), text_body("describing", s.why)];
            if let Some(src) = s.source {
                body.push(text_body("identifying", src));
            }
            let id = format!("{source}#sourcelight-{}", s.id);
            items.push(W3cAnnotation { id, kind: "Annotation".into(), motivation: "classifying".into(), created: None, body, target: target() });
        }
        if let Some(c) = s.correction {
            let mut body = vec![text_body("tagging", c.label.as_str().into())];
            if !c.comment.is_empty() {
                body.push(text_body("commenting", c.comment));
            }
            let id = format!("{source}#sourcelight-{}-correction", s.id);
            let created = (!c.at.is_empty()).then_some(c.at);
            items.push(W3cAnnotation { id, kind: "Annotation".into(), motivation: "assessing".into(), created, body, target: target() });
        }
    }
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

/// The W3C Web Annotation form of the engine's answer (see `w3c_collection`).
pub fn of(annotated: &Annotated) -> W3cCollection {
    let a = &annotated.annotations;
    let sentences = a.sentences.iter().map(|s| W3cSentence {
        id: s.id,
        start: s.start,
        end: s.end,
        label: s.engine_label,
        why: s.why.clone(),
        source: s.source.as_ref().map(|x| x.text.clone()),
        correction: s.correction.clone(),
    });
    w3c_collection(&a.url, &a.title, &a.generated_at, sentences, &annotated.article_text)
}
