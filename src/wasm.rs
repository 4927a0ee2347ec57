//! The browser front end: wasm-bindgen entry points over the same pipeline.
//! It runs in the extension's own context (service worker / background
//! script) or the playground page, never in a web page: the page sends a
//! snapshot of its DOM and gets back annotations plus, per sentence, where it
//! sits in the page's text nodes.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::model::{w3c_collection, Label, W3cSentence};
use crate::{answer, wire, Annotated, Engine, PageInfo};

thread_local! {
    /// Built once per set of user cues: parsing the lexicon is not free.
    static ENGINE: RefCell<Option<(Vec<String>, Engine)>> = const { RefCell::new(None) };
}

/// Runs `f` with the engine for the user's cue words, given flat:
/// `[section, phrase, section, phrase, ...]`.
fn with_engine<T>(cues: Vec<String>, f: impl FnOnce(&Engine) -> T) -> Result<T, JsError> {
    ENGINE.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.as_ref().is_none_or(|(c, _)| *c != cues) {
            let pairs = cues.chunks_exact(2).map(|p| (p[0].as_str(), p[1].as_str()));
            let engine = Engine::with_cues(pairs)?;
            *slot = Some((cues, engine));
        }
        match slot.as_ref() {
            Some((_, engine)) => Ok(f(engine)),
            None => Err(JsError::new("engine unavailable")),
        }
    })
}

/// The answer to the page: JSON lines (see `answer`). Text, not a
/// JavaScript object: it crosses a message boundary next, and one string is
/// copied in one piece where an object graph is walked node by node.
fn output(a: &Annotated) -> Result<String, JsError> {
    // Writing our own types to a string cannot fail on their content; a
    // fixed message keeps serde_json's table of error texts out of the wasm.
    answer::json_lines(a).map_err(|_| JsError::new("could not write the answer as JSON"))
}

/// Annotates a page snapshot (the text `extension/walker.js` writes; see
/// `wire`). `cues` is the user's cue words, flat; `generated_at` an RFC
/// 3339 time stamp. Returns the answer as JSON lines (see `output`).
#[wasm_bindgen(js_name = annotateSnapshot)]
pub fn annotate_snapshot(snapshot: &str, cues: Vec<String>, generated_at: &str) -> Result<String, JsError> {
    let doc = wire::decode(snapshot)?;
    let a = with_engine(cues, |e| e.annotate_doc(&doc, generated_at))?;
    output(&a)
}

/// Annotates plain text (paragraphs separated by blank lines); arguments and
/// answer as for `annotateSnapshot`.
#[wasm_bindgen(js_name = annotateText)]
pub fn annotate_text(text: &str, url: &str, title: &str, cues: Vec<String>, generated_at: &str) -> Result<String, JsError> {
    let info = PageInfo { url, title, generated_at };
    let a = with_engine(cues, |e| e.annotate_text(text, &info))?;
    output(&a)
}

/// The W3C Web Annotation collection, as JSON text, of an earlier result:
/// the page's `url`, `title` and `generatedAt`, the article text the offsets
/// index, and its sentences' fields, one array per field (`source` is the
/// named source's text, or empty). Arrays, not the result's JSON: reading
/// JSON would put a JSON parser, about a fifth of the module, into the wasm.
#[wasm_bindgen(js_name = toW3c)]
#[allow(clippy::too_many_arguments)]
pub fn to_w3c(
    url: &str,
    title: &str,
    generated_at: &str,
    article_text: &str,
    id: Vec<u32>,
    start: Vec<u32>,
    end: Vec<u32>,
    label: Vec<String>,
    why: Vec<String>,
    source: Vec<String>,
) -> Result<String, JsError> {
    let n = id.len();
    if [start.len(), end.len(), label.len(), why.len(), source.len()].iter().any(|&l| l != n) {
        return Err(JsError::new("bad annotations: the sentence fields differ in length"));
    }
    let mut sentences = Vec::with_capacity(n);
    for (i, ((label, why), source)) in label.iter().zip(why).zip(source).enumerate() {
        let label = Label::parse(label).ok_or_else(|| JsError::new(&format!("bad annotations: unknown label {label:?}")))?;
        let source = (!source.is_empty()).then_some(source);
        sentences.push(W3cSentence { id: id[i], start: start[i], end: end[i], label, why, source });
    }
    serde_json::to_string(&w3c_collection(url, title, generated_at, sentences, article_text))
        .map_err(|_| JsError::new("could not write the W3C annotations as JSON"))
}

/// The version of the engine, for the popup's about line.
#[wasm_bindgen]
pub fn version() -> String {
    crate::model::TOOL_VERSION.to_string()
}
