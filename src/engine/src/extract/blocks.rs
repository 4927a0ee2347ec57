//! Reading the chosen subtrees as blocks (paragraphs, headings, captions…),
//! leaving out what is skipped, and, inside the article, the containers that
//! Readability's conditional cleaning drops: link-dense lists and boxes,
//! image strips, form-like boxes, embeds. Every region left out is recorded
//! with its reason.

use crate::block::{Block, BlockBuilder, BlockKind};
use crate::dom::{Doc, NodeId, NodeKind};

use super::hints::Declared;
use std::cell::Cell;

use super::markup::{markers, Mark, Markers, Reason};
use super::stats::{Flags, Stats};
use super::Region;

/// Everything the reader consults besides the document.
pub(crate) struct Reader<'a> {
    pub doc: &'a Doc,
    pub marks: &'a [Mark],
    pub st: &'a Stats,
    pub scores: &'a [f32],
    pub flags: Flags,
    /// With a declared body, blocks not in it are left out.
    pub declared: Option<&'a Declared>,
    pub markers: MarkerCache,
}

/// Each element's [`Markers`], read when first asked for.
pub(crate) struct MarkerCache(Vec<Cell<u8>>);

impl MarkerCache {
    pub fn new(doc: &Doc) -> MarkerCache {
        MarkerCache(vec![Cell::new(0); doc.len()])
    }

    fn get(&self, doc: &Doc, id: NodeId) -> Markers {
        let cell = &self.0[id as usize];
        let mut bits = cell.get();
        if bits == 0 {
            let m = markers(doc, id);
            bits = 1 | u8::from(m.byline) << 1 | u8::from(m.caption) << 2 | u8::from(m.cta) << 3;
            cell.set(bits);
        }
        Markers { byline: bits & 2 != 0, caption: bits & 4 != 0, cta: bits & 8 != 0 }
    }
}

/// The kind of block whose innermost open elements are `open` (outermost first).
fn block_kind(doc: &Doc, cache: &MarkerCache, open: &[NodeId]) -> BlockKind {
    for &id in open.iter().rev() {
        let m = cache.get(doc, id);
        if m.byline {
            return BlockKind::Byline;
        }
        if m.cta {
            return BlockKind::CallToAction;
        }
        if m.caption {
            return BlockKind::Caption;
        }
        match doc.node(id).tag().unwrap_or("") {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => return BlockKind::Heading,
            "figcaption" | "caption" => return BlockKind::Caption,
            "li" | "dd" | "dt" => return BlockKind::ListItem,
            "blockquote" => return BlockKind::Quote,
            "pre" => return BlockKind::Preformatted,
            _ => {}
        }
    }
    BlockKind::Paragraph
}

pub(crate) fn preview(doc: &Doc, id: NodeId) -> String {
    let mut s = String::new();
    for i in id..doc.node(id).end {
        if let Some(t) = doc.node(i).text() {
            for w in t.split_whitespace() {
                if !s.is_empty() {
                    s.push(' ');
                }
                s.push_str(w);
                if s.chars().count() >= 80 {
                    return s.chars().take(80).collect::<String>() + "…";
                }
            }
        }
    }
    s
}

/// The length of a subtree's text, skipped parts included (characters,
/// white space collapsed, as the scorer counts them).
pub(crate) fn raw_chars(doc: &Doc, id: NodeId) -> u32 {
    (id..doc.node(id).end).filter_map(|i| doc.node(i).text()).map(|t| super::stats::text_weight(t).0).sum()
}

impl<'a> Reader<'a> {
    /// A reader that leaves out only what is never text (no class words, no
    /// scores, no cleaning): for whole-page reading and the last resort.
    pub fn unfiltered(doc: &'a Doc, marks: &'a [Mark], st: &'a Stats) -> Reader<'a> {
        // No scores: with `clean` off they are never read.
        Reader { doc, marks, st, scores: &[], flags: Flags::NONE, declared: None, markers: MarkerCache::new(doc) }
    }

    /// Readability's conditional cleaning: whether a container inside the
    /// article is furniture rather than prose.
    fn clean_reason(&self, id: NodeId) -> Option<Reason> {
        if !self.flags.clean {
            return None;
        }
        let (doc, st) = (self.doc, self.st);
        let i = id as usize;
        let tag = doc.node(id).tag()?;
        if tag == "span" {
            return self.is_hover_card(id).then_some(Reason::Popup);
        }
        if !matches!(tag, "div" | "section" | "table" | "ul" | "ol" | "form" | "fieldset" | "header") {
            return None;
        }
        // A call to action stays, as a block of its own kind (never a claim).
        if self.markers.get(doc, id).cta {
            return None;
        }
        let mark = self.marks[i];
        let weight = if self.flags.weight_classes { super::markup::weight(doc, id) } else { 0.0 };
        let why = mark.unlikely.unwrap_or(Reason::LinkDense);
        if weight + self.scores[i] < 0.0 {
            return Some(why);
        }
        if st.c[i].commas >= 10 {
            return None;
        }
        // An embedded post or a quotation is mostly links and names, and
        // still part of the story.
        if st.c[i].quote_len * 2 >= st.c[i].text_len && st.c[i].quote_len > 0 {
            return None;
        }
        let is_list = matches!(tag, "ul" | "ol");
        let (p, img, li, input, embeds) =
            (st.c[i].paragraphs as f32, st.c[i].images as f32, st.c[i].list_items as f32 - 100.0, st.c[i].inputs as f32, st.c[i].embeds);
        let len = st.c[i].text_len as f32;
        let heading_density = if len > 0.0 { st.c[i].heading_len as f32 / len } else { 0.0 };
        let density = st.link_density(id);
        let in_figure = || doc.ancestors(id).any(|a| doc.node(a).tag() == Some("figure"));
        let remove = (img > 1.0 && p / img < 0.5 && !in_figure())
            || (!is_list && li > p)
            || (input > (p / 3.0).floor())
            || (!is_list && heading_density < 0.9 && len < 25.0 && (img == 0.0 || img > 2.0) && !in_figure())
            || (!is_list && weight < 25.0 && density > 0.2)
            || (weight >= 25.0 && density > 0.5)
            || ((embeds == 1 && len < 75.0) || embeds > 1);
        remove.then_some(why)
    }

    /// A card that the page shows on hover over a name in a sentence (a
    /// photo, the name again, headlines about them), kept in the markup
    /// inside the sentence: all links, and led by its image, where the name
    /// it hangs on is text before any image.
    fn is_hover_card(&self, id: NodeId) -> bool {
        let c = &self.st.c[id as usize];
        if c.images == 0 || c.text_len < 40 || self.st.link_density(id) < 0.9 {
            return false;
        }
        let doc = self.doc;
        for k in id + 1..doc.node(id).end {
            match &doc.node(k).kind {
                NodeKind::Text(t) if !t.trim().is_empty() => return false,
                NodeKind::Element { tag, .. } if tag == "img" => return true,
                _ => {}
            }
        }
        false
    }

    /// A table cell in a row: a row reads as one line, its cells apart by a
    /// space, as a reader reads a row of figures ("DL Larry Ogunjobi 63 85%
    /// 1 tackle"); a cell's own paragraphs still break it.
    fn is_cell(&self, id: NodeId) -> bool {
        let node = self.doc.node(id);
        matches!(node.tag(), Some("td" | "th")) && node.parent.is_some_and(|p| self.doc.node(p).tag() == Some("tr"))
    }

    /// Reads the subtree of `root` as blocks, appending to `out` and noting
    /// the regions left out in `skipped`.
    pub fn read(&self, root: NodeId, out: &mut Vec<Block>, skipped: &mut Vec<Region>) {
        let doc = self.doc;
        let mut b = BlockBuilder::default();
        let mut kind = BlockKind::Paragraph;
        // Open elements, outermost first.
        let mut open: Vec<NodeId> = Vec::new();
        let end = doc.node(root).end;
        let mut i = root;
        let flush = |b: &mut BlockBuilder, kind: BlockKind, out: &mut Vec<Block>, skipped: &mut Vec<Region>| {
            if let Some(block) = b.finish(kind) {
                match self.declared.and_then(|d| d.share(&block.text)) {
                    Some(share) if share < 0.3 && kind != BlockKind::Heading => {
                        skipped.push(Region::of_block(Reason::NotInDeclaredBody, &block, root))
                    }
                    _ => out.push(block),
                }
            }
        };
        while i < end {
            while let Some(&top) = open.last() {
                if doc.node(top).end > i {
                    break;
                }
                open.pop();
                let tag = doc.node(top).tag().unwrap_or("");
                if tag == "a" {
                    b.close_link();
                }
                if self.is_cell(top) {
                    b.separate();
                } else if self.marks[top as usize].block {
                    flush(&mut b, kind, out, skipped);
                }
            }
            let node = doc.node(i);
            if let Some(why) = self.st.skip[i as usize] {
                let top_of_skip = node.parent.is_none_or(|p| self.st.skip[p as usize].is_none());
                if top_of_skip && node.tag().is_some() {
                    skipped.push(Region::of_node(i, why));
                }
                i = node.end;
                continue;
            }
            match &node.kind {
                NodeKind::Text(t) => {
                    if b.is_empty() && !t.trim().is_empty() {
                        kind = block_kind(doc, &self.markers, &open);
                    }
                    b.push_text(i, t);
                }
                NodeKind::Element { tag, .. } => {
                    if let Some(why) = self.clean_reason(i) {
                        if self.marks[i as usize].block {
                            flush(&mut b, kind, out, skipped);
                        }
                        if self.st.c[i as usize].text_len > 0 {
                            skipped.push(Region::of_node(i, why));
                        }
                        i = node.end;
                        continue;
                    }
                    if self.is_cell(i) {
                        b.separate();
                    } else if self.marks[i as usize].block {
                        flush(&mut b, kind, out, skipped);
                    }
                    if tag == "a" {
                        b.open_link(node.attr("href").unwrap_or(""));
                    }
                    open.push(i);
                }
            }
            i += 1;
        }
        flush(&mut b, kind, out, skipped);
    }
}

/// Link-only list items and short link-only paragraphs are navigation
/// ("Related" lists and teaser lines inside articles).
pub(crate) fn is_link_line(b: &Block) -> bool {
    let linked = b.linked_len();
    match b.kind {
        BlockKind::ListItem => linked * 10 >= b.text.len() * 8,
        BlockKind::Paragraph => b.text.len() <= 120 && linked * 10 >= b.text.len() * 9,
        _ => false,
    }
}

/// Short lines of page furniture that sit among the paragraphs: the
/// language's phrases (`Lexicon::furniture`) and a slide show's counter.
pub(crate) fn is_furniture(b: &Block, furniture: &[String]) -> bool {
    if b.text.len() > 60 {
        return false;
    }
    let t: String = crate::block::fold_case(b.text.trim_matches(|c: char| !c.is_alphanumeric())).split_whitespace().collect::<Vec<_>>().join(" ");
    furniture.contains(&t) || is_gallery_count(&t)
}

/// "Image 2 of 5", "photo 3 / 12": a slide show's counter.
fn is_gallery_count(t: &str) -> bool {
    let w: Vec<&str> = t.split(' ').filter(|w| *w != "/").collect();
    let num = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    matches!(w.as_slice(), [kind, a, "of", b] | [kind, a, b] if matches!(*kind, "image" | "photo" | "picture" | "slide") && num(a) && num(b))
}
