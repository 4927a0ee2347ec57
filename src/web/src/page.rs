//! The in-page front end: where the content script may compile wasm, the
//! engine runs there, and this layer reads the live page straight into the
//! core's [`Doc`] (the same [`DocBuilder`] the HTML parser and the snapshot
//! decoder feed) and paints the answer with the CSS Custom Highlight API.
//! Nothing crosses a message boundary and no snapshot text is written.
//!
//! The walk keeps exactly what `extension/walker.js` keeps (the background
//! route's walker): the browser tests paint the same pages both ways and
//! require the same highlights.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlIFrameElement, HtmlSlotElement, Node, Range};

use sourcelight_engine::annotation::Label;
use sourcelight_engine::dom::{is_json_ld, is_opaque, Doc, DocBuilder, NodeId, NodeKind, KEPT_ATTRIBUTES};
use sourcelight_engine::error::Error;
use sourcelight_engine::Annotated;

#[wasm_bindgen]
extern "C" {
    /// A CSS highlight: a set of ranges painted by `::highlight(name)`
    /// (web-sys has these types only behind an unstable flag).
    #[wasm_bindgen(extends = js_sys::Object)]
    #[derive(Clone)]
    pub type Highlight;
    #[wasm_bindgen(method)]
    fn add(this: &Highlight, range: &Range);
    #[wasm_bindgen(method, js_name = delete)]
    fn take(this: &Highlight, range: &Range) -> bool;

    /// An element read through its names as JavaScript values: a tag or an
    /// attribute name is looked up in a map of the ones seen before, where
    /// making a Rust string of it for every element is most of the cost of
    /// reading a page.
    #[wasm_bindgen(extends = Element)]
    type NamedElement;
    #[wasm_bindgen(method, getter, js_name = localName)]
    fn local_name_value(this: &NamedElement) -> JsValue;
    #[wasm_bindgen(method, js_name = getAttributeNames)]
    fn attribute_names(this: &NamedElement) -> js_sys::Array;
    #[wasm_bindgen(method, js_name = getAttribute)]
    fn attribute(this: &NamedElement, name: &JsValue) -> Option<String>;

    /// A `Map` from names to small numbers, read as numbers (one call
    /// where `get` and then reading its value as a number are two).
    #[wasm_bindgen(extends = js_sys::Map)]
    type NameMap;
    #[wasm_bindgen(method, js_name = get)]
    fn index(this: &NameMap, name: &JsValue) -> Option<u32>;

    /// A document's `CSS.highlights`.
    #[wasm_bindgen(extends = js_sys::Object)]
    #[derive(Clone)]
    type HighlightRegistry;
    #[wasm_bindgen(method)]
    fn set(this: &HighlightRegistry, name: &str, highlight: &Highlight);
    #[wasm_bindgen(method, js_name = delete)]
    fn unset(this: &HighlightRegistry, name: &str) -> bool;
}

/// The labels that are painted, in the order of the `show` bits.
const PAINTED: [Label; 3] = [Label::Sourced, Label::Unsourced, Label::Speculative];

const TEXT_NODE: u16 = 3;
const CDATA_NODE: u16 = 4;
const ELEMENT_NODE: u16 = 1;

/// Reads the tree under `root` as the page renders it (open shadow roots,
/// slots' assigned nodes, same-origin frames), then the head's JSON-LD
/// scripts as roots of their own. Returns the document and, for node `i`
/// of it, the page's node.
pub fn read(root: &Node, url: String, title: String, lang: String) -> Result<(Doc, Vec<Node>), Error> {
    let mut b = DocBuilder::default();
    let mut nodes = Vec::new();
    let mut names = Names::new();
    // Explicit stack of (node, parent): pages nest thousands deep.
    let mut stack: Vec<(Node, Option<NodeId>)> = declarations(root).into_iter().rev().map(|n| (n, None)).collect();
    stack.push((root.clone(), None));
    while let Some((node, parent)) = stack.pop() {
        let kind = node.node_type();
        if kind == TEXT_NODE || kind == CDATA_NODE {
            b.push_with_parent(parent, NodeKind::Text(node.node_value().unwrap_or_default()))?;
            nodes.push(node);
            continue;
        }
        if kind != ELEMENT_NODE {
            continue;
        }
        let el: &NamedElement = node.unchecked_ref();
        let tag = names.tag(el);
        let mut attrs = Vec::new();
        if el.has_attributes() {
            let list = el.attribute_names();
            for k in 0..list.length() {
                let name = list.get(k);
                if let Some(kept) = names.kept(&name) {
                    attrs.push((kept.to_string(), el.attribute(&name).unwrap_or_default()));
                }
            }
        }
        let json_ld = tag == "script" && is_json_ld(&tag, el.get_attribute("type").as_deref());
        let id = b.push_with_parent(parent, NodeKind::Element { tag: tag.clone(), attrs })?;
        nodes.push(node.clone());
        // Interfaces are told by tag, not `instanceof`, which fails for a
        // frame's nodes (another realm); only HTML's elements have them.
        let html = |el: &Element| el.namespace_uri().as_deref() == Some("http://www.w3.org/1999/xhtml");
        if tag == "iframe" {
            // A same-origin frame's body stands as the frame's one child; a
            // cross-origin frame has no document for us and stays opaque.
            let frame = html(el).then(|| el.unchecked_ref::<HtmlIFrameElement>());
            if let Some(body) = frame.and_then(|f| f.content_document()).and_then(|d| d.body()) {
                stack.push((body.into(), Some(id)));
            }
            continue;
        }
        if is_opaque(&tag) && !json_ld {
            continue;
        }
        if tag == "slot" && html(el) {
            let assigned = el.unchecked_ref::<HtmlSlotElement>().assigned_nodes();
            if assigned.length() > 0 {
                for k in (0..assigned.length()).rev() {
                    stack.push((assigned.get(k).unchecked_into(), Some(id)));
                }
                continue;
            }
        }
        let container: Node = el.shadow_root().map_or(node, Into::into);
        let mut kid = container.last_child();
        while let Some(k) = kid {
            kid = k.previous_sibling();
            stack.push((k, Some(id)));
        }
    }
    let mut doc = b.finish(url, title);
    doc.lang = lang;
    Ok((doc, nodes))
}

/// The names met while reading a page, by their JavaScript value: the same
/// few tag and attribute names come back on every element.
struct Names {
    /// Attribute name -> its index in [`KEPT_ATTRIBUTES`].
    kept: NameMap,
    /// `localName` -> its index in `tags`.
    seen: NameMap,
    /// Tags, lower case.
    tags: Vec<String>,
}

impl Names {
    fn new() -> Names {
        let kept = js_sys::Map::new();
        for (i, name) in KEPT_ATTRIBUTES.iter().enumerate() {
            kept.set(&JsValue::from_str(name), &JsValue::from(i as u32));
        }
        Names { kept: kept.unchecked_into(), seen: js_sys::Map::new().unchecked_into(), tags: Vec::new() }
    }

    /// The element's tag, lower case.
    fn tag(&mut self, el: &NamedElement) -> String {
        let name = el.local_name_value();
        if let Some(tag) = self.seen.index(&name).and_then(|i| self.tags.get(i as usize)) {
            return tag.clone();
        }
        let tag = name.as_string().unwrap_or_default().to_ascii_lowercase();
        self.seen.set(&name, &JsValue::from(self.tags.len() as u32));
        self.tags.push(tag.clone());
        tag
    }

    /// The kept attribute called `name`, if it is one.
    fn kept(&self, name: &JsValue) -> Option<&'static str> {
        self.kept.index(name).and_then(|i| KEPT_ATTRIBUTES.get(i as usize)).copied()
    }
}

/// The head's JSON-LD scripts, when `root` is the body: they may declare
/// the article's body.
fn declarations(root: &Node) -> Vec<Node> {
    let Some(doc) = root.owner_document() else { return Vec::new() };
    let (Some(body), Some(head)) = (doc.body(), doc.head()) else { return Vec::new() };
    if !root.is_same_node(Some(&body)) {
        return Vec::new();
    }
    let scripts = head.get_elements_by_tag_name("script");
    (0..scripts.length())
        .filter_map(|i| scripts.item(i))
        .filter(|s| is_json_ld("script", s.get_attribute("type").as_deref()))
        .map(Into::into)
        .collect()
}

/// One document's highlights, one per painted label, made with that
/// document's own `Highlight` (a frame's registry takes only its own).
struct Painter {
    doc: Document,
    registry: HighlightRegistry,
    highlights: [Highlight; 3],
}

impl Painter {
    fn of(doc: &Document) -> Option<Painter> {
        // The page's own document through this script's globals: in a
        // Firefox content script those are the script's, and a highlight
        // made through the page's window (an Xray there) never paints.
        let main = page_document().is_some_and(|d| d == *doc);
        let window: JsValue = if main { js_sys::global().into() } else { doc.default_view()?.into() };
        let css = js_sys::Reflect::get(&window, &"CSS".into()).ok()?;
        // Checked by kind, not `instanceof`: in a Firefox content script the
        // page's objects come from another compartment.
        let registry = js_sys::Reflect::get(&css, &"highlights".into()).ok().filter(JsValue::is_object)?.unchecked_into();
        let ctor: js_sys::Function = js_sys::Reflect::get(&window, &"Highlight".into()).ok().filter(JsValue::is_function)?.unchecked_into();
        let make = || js_sys::Reflect::construct(&ctor, &js_sys::Array::new()).ok().map(JsCast::unchecked_into::<Highlight>);
        Some(Painter { doc: doc.clone(), registry, highlights: [make()?, make()?, make()?] })
    }
}

/// The page's own document (not a frame's), through this script's globals.
fn page_document() -> Option<Document> {
    web_sys::window().and_then(|w| w.document())
}

fn slot(label: Label) -> Option<usize> {
    PAINTED.iter().position(|l| *l == label)
}

/// The page's sentences as ranges, and the highlights that paint them.
#[wasm_bindgen]
pub struct PageView {
    /// Per sentence: its range, or none (the page changed under us).
    ranges: Vec<Option<Range>>,
    /// Per sentence: the label it is painted as.
    labels: Vec<Label>,
    painters: Vec<Painter>,
    /// What `paint` registered: (painter, name).
    painted: Vec<(usize, String)>,
    /// Text node -> the sentences touching it, for hit-testing.
    by_node: js_sys::Map,
    /// Open shadow roots and frame documents holding ranges (they need the
    /// style sheet, and an observer of their own).
    scopes: js_sys::Array,
    /// The engine's answer (JSON lines), until taken.
    pub(super) answer: String,
    /// Nodes read, then the milliseconds spent reading the page, in the
    /// engine and making the ranges (for the benchmarks).
    pub(super) timing: [f64; 4],
}

/// Milliseconds on the page's clock, lap by lap.
pub(super) struct Clock {
    performance: Option<web_sys::Performance>,
    last: std::cell::Cell<f64>,
}

impl Clock {
    pub(super) fn start() -> Clock {
        let performance = web_sys::window().and_then(|w| w.performance());
        let now = performance.as_ref().map_or(0.0, |p| p.now());
        Clock { performance, last: now.into() }
    }

    /// Milliseconds since the last lap (or the start).
    pub(super) fn lap(&self) -> f64 {
        let now = self.performance.as_ref().map_or(0.0, |p| p.now());
        now - self.last.replace(now)
    }
}

impl PageView {
    /// Makes the ranges of `a`'s sentences in the page's `nodes`.
    pub fn new(a: &Annotated, nodes: &[Node]) -> PageView {
        let sentences = &a.annotations.sentences;
        let mut view = PageView {
            ranges: Vec::with_capacity(sentences.len()),
            labels: sentences.iter().map(|s| s.label).collect(),
            painters: Vec::new(),
            painted: Vec::new(),
            by_node: js_sys::Map::new(),
            scopes: js_sys::Array::new(),
            answer: String::new(),
            timing: [0.0; 4],
        };
        // A scope is any tree but the page's own document: an open shadow
        // root, or a same-origin frame's document (whose root is itself).
        let page: Option<Node> = page_document().map(Into::into);
        let mut last_parent: Option<Node> = None;
        for (i, anchor) in a.anchors.iter().enumerate() {
            let range = anchor.and_then(|x| {
                let start = nodes.get(x.start.node as usize)?;
                let end = nodes.get(x.end.node as usize)?;
                let doc = start.owner_document()?;
                let r = doc.create_range().ok()?;
                r.set_start(start, x.start.offset).ok()?;
                r.set_end(end, x.end.offset).ok()?;
                // Sentences in a row share their text's parent: ask for its tree once.
                let parent = start.parent_node();
                if parent != last_parent {
                    let root = start.get_root_node();
                    if !root.is_same_node(page.as_ref()) && !view.scopes.includes(&root, 0) {
                        view.scopes.push(&root);
                    }
                    last_parent = parent;
                }
                if let Some((k, p)) = slot(view.labels[i]).zip(view.painter(&doc)) {
                    view.painters[p].highlights[k].add(&r);
                }
                for n in x.start.node..=x.end.node {
                    let Some(node) = nodes.get(n as usize).filter(|n| n.node_type() == TEXT_NODE) else { continue };
                    let list = view.by_node.get(node);
                    let list = if list.is_undefined() {
                        let fresh = js_sys::Array::new();
                        view.by_node.set(node, &fresh);
                        fresh
                    } else {
                        list.unchecked_into()
                    };
                    list.push(&JsValue::from(i as u32));
                }
                Some(r)
            });
            view.ranges.push(range);
        }
        view
    }

    fn painter(&mut self, doc: &Document) -> Option<usize> {
        if let Some(p) = self.painters.iter().position(|p| p.doc == *doc) {
            return Some(p);
        }
        self.painters.push(Painter::of(doc)?);
        Some(self.painters.len() - 1)
    }
}

#[wasm_bindgen]
impl PageView {
    /// The engine's answer, JSON lines as `annotateSnapshot` gives them
    /// (once: it is moved out).
    #[wasm_bindgen(js_name = takeAnswer)]
    pub fn take_answer(&mut self) -> String {
        std::mem::take(&mut self.answer)
    }

    /// `[nodes read, read ms, engine ms, ranges ms]`.
    #[wasm_bindgen(getter)]
    pub fn timing(&self) -> Vec<f64> {
        self.timing.to_vec()
    }

    /// Per sentence, its range or null.
    #[wasm_bindgen(getter)]
    pub fn ranges(&self) -> js_sys::Array {
        self.ranges.iter().map(|r| r.as_ref().map_or(JsValue::NULL, |r| r.into())).collect()
    }

    /// Text node -> indices of the sentences touching it.
    #[wasm_bindgen(getter, js_name = byNode)]
    pub fn by_node(&self) -> js_sys::Map {
        self.by_node.clone()
    }

    /// Open shadow roots and frame documents that hold ranges.
    #[wasm_bindgen(getter)]
    pub fn scopes(&self) -> js_sys::Array {
        self.scopes.clone()
    }

    /// Registers the highlights: `show` has bit k set for the k-th of
    /// sourced, unsourced, speculative; names end in `palette` ("" or
    /// "-light", "-dark", "-contrast"); sentence `focus` (or none, if
    /// negative) gets the focus highlight too.
    pub fn paint(&mut self, show: u8, palette: &str, focus: i32) {
        self.clear();
        for (p, painter) in self.painters.iter().enumerate() {
            for (k, label) in PAINTED.iter().enumerate() {
                if show & (1 << k) != 0 {
                    let name = format!("sourcelight-{}{palette}", label.as_str());
                    painter.registry.set(&name, &painter.highlights[k]);
                    self.painted.push((p, name));
                }
            }
        }
        let focused = usize::try_from(focus).ok().and_then(|i| self.ranges.get(i)).and_then(Option::as_ref).cloned();
        if let Some(r) = focused {
            let Some(doc) = r.start_container().ok().and_then(|n| n.owner_document()) else { return };
            let Some(p) = self.painter(&doc) else { return };
            let Some(ctor) = js_sys::Reflect::get(&self.painters[p].highlights[0], &"constructor".into()).ok().filter(JsValue::is_function) else {
                return;
            };
            let ctor: js_sys::Function = ctor.unchecked_into();
            let Ok(h) = js_sys::Reflect::construct(&ctor, &js_sys::Array::of1(&r)) else { return };
            let name = format!("sourcelight-focus{palette}");
            self.painters[p].registry.set(&name, h.unchecked_ref());
            self.painted.push((p, name));
        }
    }

    /// Takes every highlight this view registered out of the registries.
    pub fn clear(&mut self) {
        for (p, name) in self.painted.drain(..) {
            self.painters[p].registry.unset(&name);
        }
    }

    /// Moves sentence `i` into `label`'s highlight at once (a reader's
    /// correction, before the pass that applies it).
    #[wasm_bindgen(js_name = paintAs)]
    pub fn paint_as(&mut self, i: usize, label: &str) {
        let (Some(Some(r)), Some(label)) = (self.ranges.get(i).cloned(), Label::parse(label)) else { return };
        let Some(doc) = r.start_container().ok().and_then(|n| n.owner_document()) else { return };
        let Some(p) = self.painter(&doc) else { return };
        for h in &self.painters[p].highlights {
            h.take(&r);
        }
        if let Some(k) = slot(label) {
            self.painters[p].highlights[k].add(&r);
        }
        self.labels[i] = label;
    }
}
