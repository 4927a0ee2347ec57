//! The wasm-bindgen entry points over the same pipeline.
//! The same module runs on two routes (`extension/engine.js` alone chooses):
//! in the page's content script, where it reads and paints the live page
//! itself (`annotatePage`, [`page`]); or, where the page's CSP forbids
//! compiling wasm there (Chromium), in the extension's own context (service
//! worker / background script), where the page sends a snapshot of its DOM
//! and gets back annotations plus, per sentence, where it sits in the page's
//! text nodes (`annotateSnapshot`). The playground uses it as well.

use std::cell::RefCell;
use std::sync::Arc;

use wasm_bindgen::prelude::*;

use sourcelight_engine::annotation::Label;
use sourcelight_engine::correction::{Correction, PageCorrection};
use sourcelight_engine::learn::student::Student;
use sourcelight_engine::lexicon::Lexicon;
use sourcelight_engine::{snapshot, Annotated, Engine, PageInfo};
use sourcelight_export::w3c::{w3c_collection, W3cSentence};

use crate::answer;
use crate::page::{self, PageView};

// Talc in place of the standard library's dlmalloc: much smaller code in the
// module, at a small cost in speed (BENCHMARKS.md, "WebAssembly size").
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

thread_local! {
    /// Built once per set of user cues: parsing the lexicon is not free.
    static ENGINE: RefCell<Option<(Vec<String>, Engine)>> = const { RefCell::new(None) };
    /// The language's data, handed over once per engine start (`loadLanguage`).
    static LANGUAGE: RefCell<Option<Loaded>> = const { RefCell::new(None) };
}

/// What `loadLanguage` was given: the lexicon's text (parsed again with
/// each new set of user cues) and the student.
struct Loaded {
    lexicon: String,
    student: Arc<Student>,
}

/// Takes the language's data, which the module does not carry so that its
/// code stays small: the cue lexicon's text (the extension's
/// `pkg/en.lexicon.txt`) and the student's weights (`pkg/en.student`).
/// Nothing is annotated before it; a damaged file is an error here, and
/// whatever was loaded before stays.
#[wasm_bindgen(js_name = loadLanguage)]
pub fn load_language(lexicon: &str, student: &[u8]) -> Result<(), JsError> {
    Lexicon::parse(lexicon).map_err(|e| JsError::new(&format!("the lexicon is damaged: {e}")))?;
    let student = Arc::new(Student::from_bytes(student)?);
    LANGUAGE.with(|l| *l.borrow_mut() = Some(Loaded { lexicon: lexicon.to_string(), student }));
    // Engines built before it are built again with it.
    ENGINE.with(|e| *e.borrow_mut() = None);
    Ok(())
}

/// Runs `f` with the engine for the user's cue words, given flat:
/// `[section, phrase, section, phrase, ...]`.
fn with_engine<T>(cues: Vec<String>, f: impl FnOnce(&Engine) -> T) -> Result<T, JsError> {
    ENGINE.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.as_ref().is_none_or(|(c, _)| *c != cues) {
            let pairs = cues.chunks_exact(2).map(|p| (p[0].as_str(), p[1].as_str()));
            let engine = LANGUAGE.with(|l| match l.borrow().as_ref() {
                Some(lang) => Ok(Engine::new(Lexicon::parse(&lang.lexicon)?.extended(pairs)?).with_student(Some(Arc::clone(&lang.student)))),
                None => Err(JsError::new("the language data is not loaded yet (loadLanguage)")),
            })?;
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

fn label(s: &str) -> Result<Label, JsError> {
    Label::parse(s).ok_or_else(|| JsError::new(&format!("unknown label \"{s}\"")))
}

/// The page's corrections, flat: `[key, text, label, comment, at, ...]`.
fn corrections(flat: &[String]) -> Result<Vec<PageCorrection>, JsError> {
    if flat.len() % 5 != 0 {
        return Err(JsError::new("bad corrections: not five fields each"));
    }
    let mut out = Vec::with_capacity(flat.len() / 5);
    for c in flat.chunks_exact(5) {
        out.push(PageCorrection { key: c[0].clone(), text: c[1].clone(), label: label(&c[2])?, comment: c[3].clone(), at: c[4].clone() });
    }
    Ok(out)
}

/// Annotates a page snapshot (the text `extension/walker.js` writes; see
/// `sourcelight_engine::snapshot`). `cues` is the user's cue words, flat; `generated_at` an RFC
/// 3339 time stamp; `corrections` the reader's corrections kept for the
/// page, flat (see `corrections`). Returns the answer as JSON lines (see
/// `output`).
#[wasm_bindgen(js_name = annotateSnapshot)]
pub fn annotate_snapshot(snapshot: &str, cues: Vec<String>, generated_at: &str, corrections: Vec<String>) -> Result<String, JsError> {
    let fixes = self::corrections(&corrections)?;
    let doc = snapshot::decode(snapshot)?;
    let mut a = with_engine(cues, |e| e.annotate_doc(&doc, generated_at))?;
    a.annotations.apply_corrections(&fixes);
    output(&a)
}

/// Annotates the live page under `root` (the body) in place: reads it (see
/// [`page::read`]), annotates it and makes its sentences' ranges and
/// highlights, without painting them yet (`PageView::paint`). Arguments
/// as for `annotateSnapshot`; the answer, the same JSON lines, is taken
/// from the view with `takeAnswer`.
#[wasm_bindgen(js_name = annotatePage)]
pub fn annotate_page(root: &web_sys::Node, cues: Vec<String>, generated_at: &str, corrections: Vec<String>) -> Result<PageView, JsError> {
    let fixes = self::corrections(&corrections)?;
    let clock = page::Clock::start();
    let owner = root.owner_document();
    let (url, title) = owner.as_ref().map(|d| (d.url().unwrap_or_default(), d.title())).unwrap_or_default();
    let lang = owner.and_then(|d| d.document_element()).and_then(|e| e.get_attribute("lang")).unwrap_or_default();
    let (doc, nodes) = page::read(root, url, title, lang)?;
    let read_ms = clock.lap();
    let mut a = with_engine(cues, |e| e.annotate_doc(&doc, generated_at))?;
    a.annotations.apply_corrections(&fixes);
    let engine_ms = clock.lap();
    let mut view = PageView::new(&a, &nodes);
    view.answer = output(&a)?;
    view.timing = [nodes.len() as f64, read_ms, engine_ms, clock.lap()];
    Ok(view)
}

/// Annotates plain text (paragraphs separated by blank lines); arguments and
/// answer as for `annotateSnapshot`.
#[wasm_bindgen(js_name = annotateText)]
pub fn annotate_text(text: &str, url: &str, title: &str, cues: Vec<String>, generated_at: &str, corrections: Vec<String>) -> Result<String, JsError> {
    let fixes = self::corrections(&corrections)?;
    let info = PageInfo { url, title, generated_at };
    let mut a = with_engine(cues, |e| e.annotate_text(text, &info))?;
    a.annotations.apply_corrections(&fixes);
    output(&a)
}

/// A sentence's correction from the export's arrays: `[label, comment, at]`
/// with an empty label for none.
fn correction_at(flat: &[String], i: usize) -> Result<Option<Correction>, JsError> {
    match flat.get(3 * i..3 * i + 3) {
        Some([l, comment, at]) if !l.is_empty() => Ok(Some(Correction { label: label(l)?, comment: comment.clone(), at: at.clone() })),
        _ => Ok(None),
    }
}

/// The W3C Web Annotation collection, as JSON text, of an earlier result:
/// the page's `url`, `title` and `generatedAt`, the article text the offsets
/// index, and its sentences' fields, one array per field (`label` is the
/// engine's label, `source` the named source's text or empty, `correction`
/// three strings a sentence: see `correction_at`). Arrays, not the result's
/// JSON: reading JSON would put a JSON parser, about a fifth of the module,
/// into the wasm.
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
    correction: Vec<String>,
) -> Result<String, JsError> {
    let n = id.len();
    if [start.len(), end.len(), label.len(), why.len(), source.len(), correction.len() / 3].iter().any(|&l| l != n) {
        return Err(JsError::new("bad annotations: the sentence fields differ in length"));
    }
    let mut sentences = Vec::with_capacity(n);
    for (i, ((l, why), source)) in label.iter().zip(why).zip(source).enumerate() {
        let source = (!source.is_empty()).then_some(source);
        let correction = correction_at(&correction, i)?;
        sentences.push(W3cSentence { id: id[i], start: start[i], end: end[i], label: self::label(l)?, why, source, correction });
    }
    serde_json::to_string(&w3c_collection(url, title, generated_at, sentences, article_text))
        .map_err(|_| JsError::new("could not write the W3C annotations as JSON"))
}

/// The CSV form (see `csv`) of an earlier result, from its sentences'
/// fields: numbers one array per field (`anonymous` 1 or 0), text five
/// strings a sentence: the label (the reader's or the engine's), the
/// engine's label, the named source (empty for none), the reader's comment
/// (or empty) and the sentence's text.
#[wasm_bindgen(js_name = toCsv)]
pub fn to_csv(id: Vec<u32>, start: Vec<u32>, end: Vec<u32>, confidence: Vec<f64>, anonymous: Vec<u8>, text: Vec<String>) -> Result<String, JsError> {
    let n = id.len();
    if [start.len(), end.len(), confidence.len(), anonymous.len(), text.len() / 5].iter().any(|&l| l != n) || text.len() % 5 != 0 {
        return Err(JsError::new("bad annotations: the sentence fields differ in length"));
    }
    let mut rows = Vec::with_capacity(n);
    for (i, f) in text.chunks_exact(5).enumerate() {
        rows.push(sourcelight_export::csv::Row {
            id: id[i],
            label: label(&f[0])?,
            engine_label: label(&f[1])?,
            confidence: confidence[i],
            source: (!f[2].is_empty()).then(|| (f[2].as_str(), anonymous[i] != 0)),
            start: start[i],
            end: end[i],
            text: &f[4],
            comment: &f[3],
        });
    }
    Ok(sourcelight_export::csv::write(rows))
}

/// The version of the engine, for the popup's about line.
#[wasm_bindgen]
pub fn version() -> String {
    sourcelight_engine::annotation::TOOL_VERSION.to_string()
}
