//! Sourcelight: finds a news article on a page, splits it into sentences and
//! labels each one `sourced`, `unsourced`, `speculative` or `none`, with the
//! cues and a one-line reason.
//!
//! The pipeline is pure Rust with no browser types: [`dom::Doc`] is the page
//! (built natively from HTML by [`html::parse_html`], or in the extension from
//! a snapshot of the live DOM), [`extract`] finds the article, [`segment`]
//! splits sentences, [`classify`] labels them and [`annotation`] is the
//! answer's model and its JSON. The exports, the scoring, the CLI and the
//! wasm front end are crates of their own above this one (ARCHITECTURE.md).

pub mod annotation;
pub mod block;
pub mod classify;
pub mod correction;
pub mod dom;
pub mod error;
pub mod extract;
pub mod language;
pub mod learn;
pub mod lexicon;
pub mod reason;
pub mod segment;
pub mod snapshot;

#[cfg(not(target_arch = "wasm32"))]
pub mod html;

use std::sync::Arc;

use serde::Serialize;

use annotation::{Annotations, Cue, Sentence, Summary, Tool};
use block::{utf16_len, Block, BlockKind, DomPoint};
use classify::{Carry, Classifier, Input};
use dom::Doc;
pub use error::Error;
use extract::Article;
use learn::student::Student;
use lexicon::Lexicon;
#[cfg(not(target_arch = "wasm32"))]
use reason::Reasons;
use segment::Segmenter;

/// Where a sentence sits in the page: from a text node offset to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Anchor {
    pub start: DomPoint,
    pub end: DomPoint,
}

/// The result of annotating a page: the exported model, the article's plain
/// text (which the offsets index) and, per sentence, its place in the DOM.
#[derive(Debug, Clone)]
pub struct Annotated {
    pub annotations: Annotations,
    pub article_text: String,
    /// `anchors[i]` belongs to `annotations.sentences[i]`; `None` for text input.
    pub anchors: Vec<Option<Anchor>>,
}

/// What the learned model was given for one sentence, and what the hand
/// rules alone said of it (for training and for measuring the model).
#[derive(Debug, Clone)]
pub struct Evidence {
    pub rule_label: annotation::Label,
    pub features: Vec<learn::FeatureId>,
    /// The kind of block the sentence is in.
    pub kind: BlockKind,
}

/// Page facts that are not in the text.
#[derive(Debug, Clone, Default)]
pub struct PageInfo<'a> {
    pub url: &'a str,
    pub title: &'a str,
    /// RFC 3339 time stamp; the caller knows the clock.
    pub generated_at: &'a str,
}

pub struct Engine {
    classifier: Classifier,
    segmenter: Segmenter,
    /// The wording of the reasons; the wasm has none (see `reason`).
    #[cfg(not(target_arch = "wasm32"))]
    reasons: Option<Reasons>,
}

#[cfg(not(target_arch = "wasm32"))]
impl Default for Engine {
    fn default() -> Self {
        Engine::new(Lexicon::english())
    }
}

/// The built-in English student of the native build (none in the wasm,
/// which is handed its student at run time).
#[cfg(not(target_arch = "wasm32"))]
pub fn english_student() -> Option<Arc<Student>> {
    use std::sync::OnceLock;
    static STUDENT: OnceLock<Option<Arc<Student>>> = OnceLock::new();
    STUDENT.get_or_init(|| Student::from_bytes(language::ENGLISH.student).ok().map(Arc::new)).clone()
}

#[cfg(target_arch = "wasm32")]
pub fn english_student() -> Option<Arc<Student>> {
    None
}

impl Engine {
    /// The built-in lexicon and models, with the built-in student where
    /// there is one.
    pub fn new(lex: Lexicon) -> Engine {
        let segmenter = Segmenter::new(&lex);
        let mut classifier = Classifier::new(lex);
        classifier.set_student(english_student());
        Engine::assemble(classifier, segmenter)
    }

    /// The same engine with another student, or none (the rules and the
    /// linear model alone).
    pub fn with_student(mut self, student: Option<Arc<Student>>) -> Engine {
        self.classifier.set_student(student);
        self
    }

    pub fn student(&self) -> Option<&Student> {
        self.classifier.student()
    }

    /// The built-in lexicon plus user cue words, each `(section, phrase)`.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn with_cues<'a>(extra: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Engine, Error> {
        Ok(Engine::new(Lexicon::with_extra(extra)?))
    }

    /// The hash space of the learned model's features.
    pub fn buckets(&self) -> u32 {
        self.classifier.buckets()
    }

    /// The student's wordpiece ids of `text` (empty without a student).
    pub fn wordpieces(&self, text: &str) -> Vec<u32> {
        self.classifier.wordpieces(text)
    }

    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }

    /// A language's lexicon and model (see [`language::for_tag`]).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn for_language(language: &language::Language) -> Engine {
        let student =
            if std::ptr::eq(language, &language::ENGLISH) { english_student() } else { Student::from_bytes(language.student).ok().map(Arc::new) };
        let mut engine = Engine::with_model(Lexicon::of(language), learn::LinearModel::of(language)).with_student(student);
        engine.reasons = Reasons::parse(language.reasons).ok();
        engine
    }

    /// With another learned model (an empty one: the hand rules alone).
    pub fn with_model(lex: Lexicon, model: learn::LinearModel) -> Engine {
        let segmenter = Segmenter::new(&lex);
        Engine::assemble(Classifier::with_model(lex, model), segmenter)
    }

    /// Finds the article in a page and annotates it.
    pub fn annotate_doc(&self, doc: &Doc, generated_at: &str) -> Annotated {
        self.annotate_doc_evidence(doc, generated_at).0
    }

    /// [`Engine::annotate_doc`], with each sentence's evidence for the model.
    pub fn annotate_doc_evidence(&self, doc: &Doc, generated_at: &str) -> (Annotated, Vec<Evidence>) {
        self.annotate_doc_in(doc, generated_at, doc.lang())
    }

    /// [`Engine::annotate_doc_evidence`] for a page in the language `lang`
    /// (the CLI's `--lang`; else what the page declares). A page in a
    /// language this engine has no data for is labeled by the same rules
    /// (as the guide labels every sentence), and says so
    /// (`unsupported_language`): the extension then paints none of it, as
    /// English words read into another language would be wrong with every
    /// appearance of care, and the panel says why.
    pub fn annotate_doc_in(&self, doc: &Doc, generated_at: &str, lang: Option<&str>) -> (Annotated, Vec<Evidence>) {
        let lexicon = self.classifier.lexicon();
        let article = extract::extract_with(doc, &lexicon.furniture);
        let info = PageInfo { url: &doc.url, title: &doc.title, generated_at };
        let (mut a, evidence) = self.annotate_article(&article, &info, true);
        let ours = if lexicon.language.is_empty() { "en" } else { lexicon.language.as_str() };
        a.annotations.unsupported_language = lang.map(str::trim).filter(|tag| !language::reads_as(tag, ours)).map(str::to_string);
        (a, evidence)
    }

    /// Annotates plain text: paragraphs are separated by blank lines.
    pub fn annotate_text(&self, text: &str, info: &PageInfo) -> Annotated {
        self.annotate_text_evidence(text, info).0
    }

    /// [`Engine::annotate_text`], with each sentence's evidence for the model.
    pub fn annotate_text_evidence(&self, text: &str, info: &PageInfo) -> (Annotated, Vec<Evidence>) {
        let mut blocks = Vec::new();
        for para in text.split("\n\n").flat_map(|p| p.split("\r\n\r\n")) {
            let mut b = block::BlockBuilder::default();
            b.push_text(0, para);
            if let Some(block) = b.finish(BlockKind::Paragraph) {
                blocks.push(block);
            }
        }
        let article = Article::from_blocks(info.title.to_string(), blocks);
        self.annotate_article(&article, info, false)
    }

    /// With the English reasons' wording, natively; the wasm leaves the
    /// wording to the page.
    fn assemble(classifier: Classifier, segmenter: Segmenter) -> Engine {
        Engine {
            classifier,
            segmenter,
            #[cfg(not(target_arch = "wasm32"))]
            reasons: Reasons::parse(language::ENGLISH.reasons).ok(),
        }
    }

    /// The reason in words, natively; the wasm leaves the wording to the page.
    #[cfg(not(target_arch = "wasm32"))]
    fn word(&self, why: &reason::Why) -> String {
        self.reasons.as_ref().map(|r| r.render(why)).unwrap_or_default()
    }

    #[cfg(target_arch = "wasm32")]
    fn word(&self, _: &reason::Why) -> String {
        String::new()
    }

    fn annotate_article(&self, article: &Article, info: &PageInfo, with_anchors: bool) -> (Annotated, Vec<Evidence>) {
        let mut evidence = Vec::new();
        let page_host = classify::host_of(info.url);
        let mut article_text = String::new();
        let mut u16_base: u32 = 0;
        let mut sentences = Vec::new();
        let mut anchors = Vec::new();
        let mut carry = Carry::default();
        for block in &article.blocks {
            if !article_text.is_empty() {
                article_text.push_str("\n\n");
                u16_base += 2;
            }
            article_text.push_str(&block.text);
            let ranges = if block.kind.is_single_unit() { std::iter::once(0..block.text.len()).collect() } else { self.segmenter.split(&block.text) };
            let whole_block = ranges.len() == 1;
            let mut first_in_block = true;
            carry = carry.next_block();
            // UTF-16 offset of `done` bytes into the block, advanced sentence
            // by sentence so that long blocks cost linear time.
            let (mut done, mut done_u16) = (0usize, u16_base);
            for r in ranges {
                done_u16 += utf16_len(&block.text[done..r.start]);
                done = r.start;
                let sentence_u16 = done_u16;
                let text = &block.text[r.clone()];
                let links = block
                    .links
                    .iter()
                    .filter(|l| l.start < r.end && l.end > r.start)
                    .map(|l| (l.start.max(r.start) - r.start..l.end.min(r.end) - r.start, l.href.as_str()))
                    .collect();
                let input = Input { text, kind: block.kind, links, page_host, whole_block, first_in_block, from_page: with_anchors };
                first_in_block = false;
                let d = self.classifier.classify(&input, &carry);
                let to_u16 = |byte: usize| sentence_u16 + utf16_len(&text[..byte]);
                let cues = d
                    .cues
                    .iter()
                    .map(|c| Cue { kind: c.kind, text: text[c.range.clone()].to_string(), start: to_u16(c.range.start), end: to_u16(c.range.end) })
                    .collect();
                sentences.push(Sentence {
                    id: sentences.len() as u32 + 1,
                    text: text.to_string(),
                    label: d.label,
                    engine_label: d.label,
                    key: correction::sentence_key(text),
                    correction: None,
                    confidence: d.confidence,
                    start: to_u16(0),
                    end: to_u16(text.len()),
                    cues,
                    source: d.source,
                    why: self.word(&d.why),
                    reason: d.why,
                });
                anchors.push(if with_anchors { anchor(block, r.start, r.end) } else { None });
                evidence.push(Evidence { rule_label: d.rule_label, features: d.features.ids, kind: block.kind });
                carry = d.carry;
            }
            u16_base += utf16_len(&block.text);
        }
        let annotations = Annotations {
            schema: annotation::SCHEMA.to_string(),
            url: info.url.to_string(),
            title: info.title.to_string(),
            generated_at: info.generated_at.to_string(),
            tool: Tool { name: annotation::TOOL_NAME.to_string(), version: annotation::TOOL_VERSION.to_string() },
            summary: Summary::of(&sentences),
            coverage: with_anchors.then(|| article.coverage()),
            sources: annotation::source_index(&sentences),
            sentences,
            corrections_not_found: Vec::new(),
            unsupported_language: None,
        };
        (Annotated { annotations, article_text, anchors }, evidence)
    }
}

fn anchor(block: &Block, start: usize, end: usize) -> Option<Anchor> {
    block.range(start, end).map(|(start, end)| Anchor { start, end })
}

/// Annotates an HTML page with the built-in lexicon (native front end).
#[cfg(not(target_arch = "wasm32"))]
pub fn annotate_html(html: &str, url: &str, generated_at: &str) -> Result<Annotated, Error> {
    let doc = html::parse_html(html, url)?;
    Ok(Engine::default().annotate_doc(&doc, generated_at))
}
