//! The browser front end: wasm-bindgen entry points over the same pipeline.
//! It runs in the extension's own context (service worker / background
//! script) or the playground page, never in a web page: the page sends a
//! snapshot of its DOM and gets back annotations plus, per sentence, where it
//! sits in the page's text nodes.

use std::cell::RefCell;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::dom::{Doc, Snapshot};
use crate::model::{w3c_collection, Annotations, W3cSentence};
use crate::{Annotated, Engine, PageInfo};

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Options {
    /// The user's extra cue words: `[section, phrase]` pairs.
    #[serde(default)]
    cues: Vec<(String, String)>,
    #[serde(default)]
    generated_at: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Output<'a> {
    annotations: &'a Annotations,
    article_text: &'a str,
    /// Per sentence `[startNode, startOffset, endNode, endOffset]`, or null.
    anchors: Vec<Option<[u32; 4]>>,
}

thread_local! {
    /// Built once per set of user cues: parsing the lexicon is not free.
    static ENGINE: RefCell<Option<(Vec<(String, String)>, Engine)>> = const { RefCell::new(None) };
}

fn with_engine<T>(cues: &[(String, String)], f: impl FnOnce(&Engine) -> T) -> Result<T, JsError> {
    ENGINE.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.as_ref().is_none_or(|(c, _)| c != cues) {
            let engine = Engine::with_cues(cues.iter().map(|(a, b)| (a.as_str(), b.as_str())))?;
            *slot = Some((cues.to_vec(), engine));
        }
        match slot.as_ref() {
            Some((_, engine)) => Ok(f(engine)),
            None => Err(JsError::new("engine unavailable")),
        }
    })
}

fn options(value: JsValue) -> Result<Options, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Options::default());
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("bad options: {e}")))
}

/// The answer to the page: annotations, the article text, anchors. The W3C
/// form is not in it (on a very long page it is several times the size of
/// the article, and Chromium caps a message between extension contexts at
/// 64 MiB); an export asks for it through `toW3c`.
fn output(a: &Annotated) -> Result<JsValue, JsError> {
    let out = Output {
        annotations: &a.annotations,
        article_text: &a.article_text,
        anchors: a.anchors.iter().map(|x| x.map(|x| [x.start.node, x.start.offset, x.end.node, x.end.offset])).collect(),
    };
    out.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

/// Annotates a page snapshot (see `dom::Snapshot` and `extension/walker.js`).
#[wasm_bindgen(js_name = annotateSnapshot)]
pub fn annotate_snapshot(snapshot: JsValue, opts: JsValue) -> Result<JsValue, JsError> {
    let opts = options(opts)?;
    let snap: Snapshot = serde_wasm_bindgen::from_value(snapshot).map_err(|e| JsError::new(&format!("bad snapshot: {e}")))?;
    let doc = Doc::from_snapshot(snap)?;
    let a = with_engine(&opts.cues, |e| e.annotate_doc(&doc, &opts.generated_at))?;
    output(&a)
}

/// Annotates plain text (paragraphs separated by blank lines).
#[wasm_bindgen(js_name = annotateText)]
pub fn annotate_text(text: &str, url: &str, title: &str, opts: JsValue) -> Result<JsValue, JsError> {
    let opts = options(opts)?;
    let info = PageInfo { url, title, generated_at: &opts.generated_at };
    let a = with_engine(&opts.cues, |e| e.annotate_text(text, &info))?;
    output(&a)
}

/// What `toW3c` reads back of an earlier result: only the fields the W3C
/// form needs, so the wasm carries no deserialiser for the whole model.
#[derive(Deserialize)]
struct LeanAnnotations {
    #[serde(default)]
    url: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    generated_at: String,
    sentences: Vec<W3cSentence>,
}

/// The W3C Web Annotation collection of an earlier result (`annotations@1`
/// JSON plus the article text it indexes).
#[wasm_bindgen(js_name = toW3c)]
pub fn to_w3c(annotations: JsValue, article_text: &str) -> Result<JsValue, JsError> {
    let a: LeanAnnotations = serde_wasm_bindgen::from_value(annotations).map_err(|e| JsError::new(&format!("bad annotations: {e}")))?;
    w3c_collection(&a.url, &a.title, &a.generated_at, a.sentences, article_text)
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// The version of the engine, for the popup's about line.
#[wasm_bindgen]
pub fn version() -> String {
    crate::model::TOOL_VERSION.to_string()
}
