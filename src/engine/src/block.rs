//! Block text model: the text a reader sees in one block (paragraph, heading,
//! caption…), white space collapsed, with a map from text offsets back to the
//! DOM text node and UTF-16 offset each character came from, so that any
//! sentence can become a DOM `Range` across `<a>`, `<em>`, `<q>` and so on.

use serde::Serialize;

use crate::dom::NodeId;

/// What kind of block the text sits in; it decides some labels outright
/// (headings, bylines and captions are never checkable claims).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Heading,
    Paragraph,
    ListItem,
    Quote,
    Caption,
    Byline,
    CallToAction,
    Preformatted,
}

impl BlockKind {
    /// The kind's name, as features and the training data spell it.
    pub fn name(self) -> &'static str {
        match self {
            BlockKind::Heading => "heading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::ListItem => "list_item",
            BlockKind::Quote => "quote",
            BlockKind::Caption => "caption",
            BlockKind::Byline => "byline",
            BlockKind::CallToAction => "cta",
            BlockKind::Preformatted => "pre",
        }
    }

    /// Blocks read as one unit: a caption with a photo credit after its full
    /// stop is still one caption.
    pub fn is_single_unit(self) -> bool {
        matches!(self, BlockKind::Heading | BlockKind::Caption | BlockKind::Byline)
    }
}

/// A stretch of block text copied one-to-one from one text node: byte range
/// `start..end` of the block text began at UTF-16 offset `node_u16` of `node`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub start: usize,
    pub end: usize,
    pub node: NodeId,
    pub node_u16: u32,
}

const MAX_RUN: usize = 256;

/// A hyperlink inside a block: byte range of its text and its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub start: usize,
    pub end: usize,
    pub href: String,
}

/// A point in the page: a text node and a UTF-16 offset into its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DomPoint {
    pub node: NodeId,
    pub offset: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
    pub runs: Vec<Run>,
    pub links: Vec<Link>,
}

impl Block {
    /// How many bytes of the text are link text.
    pub fn linked_len(&self) -> usize {
        self.links.iter().map(|l| l.end - l.start).sum()
    }

    /// The page point of the character starting at byte `pos` (or, for
    /// `pos == text.len()`, just past the last character).
    pub fn point_at(&self, pos: usize) -> Option<DomPoint> {
        if self.runs.is_empty() {
            return None;
        }
        // The run containing pos, or for an end position the run ending there.
        let i = self.runs.partition_point(|r| r.end <= pos);
        let run = if i < self.runs.len() && self.runs[i].start <= pos { self.runs[i] } else { *self.runs.get(i.checked_sub(1)?)? };
        let within = self.text.get(run.start..pos.min(run.end))?;
        let u16s: u32 = within.chars().map(|c| c.len_utf16() as u32).sum();
        Some(DomPoint { node: run.node, offset: run.node_u16 + u16s })
    }

    /// The page range of block bytes `start..end`: from the start of the
    /// first character to the end of the last one.
    pub fn range(&self, start: usize, end: usize) -> Option<(DomPoint, DomPoint)> {
        let first = self.point_at(start)?;
        let last_char = self.text.get(start..end)?.chars().next_back()?;
        let last_start = end - last_char.len_utf8();
        let mut last = self.point_at(last_start)?;
        last.offset += last_char.len_utf16() as u32;
        Some((first, last))
    }
}

/// Accumulates text nodes into a block, collapsing white space as a browser
/// renders it and recording where each kept character came from.
#[derive(Debug, Default)]
pub struct BlockBuilder {
    text: String,
    runs: Vec<Run>,
    links: Vec<Link>,
    /// A white-space character seen but not yet written (it becomes one space
    /// if more text follows in this block).
    pending_space: Option<(NodeId, u32)>,
    open_links: Vec<(usize, String)>,
    /// UTF-16 offset in its node just past the last run's end.
    last_run_u16_end: u32,
    /// A boundary between inline parts (a table's cells) with no white space
    /// in the page: a space is written if more text follows.
    gap: bool,
}

impl BlockBuilder {
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn push_text(&mut self, node: NodeId, raw: &str) {
        // One allocation for the node's text, not a doubling per few characters.
        self.text.reserve(raw.len());
        let mut u16pos: u32 = 0;
        for c in raw.chars() {
            let w = c.len_utf16() as u32;
            if c.is_whitespace() || c == '\u{200b}' {
                if self.pending_space.is_none() {
                    self.pending_space = Some((node, u16pos));
                }
            } else {
                if let Some((n, u)) = self.pending_space.take() {
                    if !self.text.is_empty() {
                        self.emit(' ', n, u);
                    }
                } else if self.gap && !self.text.is_empty() {
                    // No character of the page stands for this space: it
                    // points where the next text starts.
                    self.emit(' ', node, u16pos);
                }
                self.gap = false;
                self.emit(c, node, u16pos);
            }
            u16pos += w;
        }
    }

    fn emit(&mut self, c: char, node: NodeId, u16pos: u32) {
        let start = self.text.len();
        self.text.push(c);
        let end = self.text.len();
        let next_u16 = u16pos + c.len_utf16() as u32;
        if let Some(last) = self.runs.last_mut() {
            // Runs are capped so that `point_at` counts at most a few hundred
            // characters, even in a page that is one huge paragraph.
            if last.node == node && last.end == start && self.last_run_u16_end == u16pos && end - last.start <= MAX_RUN {
                last.end = end;
                self.last_run_u16_end = next_u16;
                return;
            }
        }
        self.runs.push(Run { start, end, node, node_u16: u16pos });
        self.last_run_u16_end = next_u16;
    }

    /// Marks a boundary that reads as a space (between a row's cells).
    pub fn separate(&mut self) {
        self.gap = true;
    }

    pub fn open_link(&mut self, href: &str) {
        self.open_links.push((self.text.len(), href.to_string()));
    }

    pub fn close_link(&mut self) {
        if let Some((start, href)) = self.open_links.pop() {
            // A pending space belongs before the link text, not inside it.
            let start = if self.text[start..].starts_with(' ') { start + 1 } else { start };
            if self.text.len() > start {
                self.links.push(Link { start, end: self.text.len(), href });
            }
        }
    }

    /// Ends the block: returns it if it holds any text, and starts afresh.
    /// Links still open (the block ended inside an `<a>`) are closed here and
    /// reopened at the start of the next block.
    pub fn finish(&mut self, kind: BlockKind) -> Option<Block> {
        let open: Vec<String> = self.open_links.iter().map(|(_, h)| h.clone()).collect();
        for _ in 0..open.len() {
            self.close_link();
        }
        self.pending_space = None;
        self.gap = false;
        let block = if self.text.is_empty() {
            None
        } else {
            Some(Block { kind, text: std::mem::take(&mut self.text), runs: std::mem::take(&mut self.runs), links: std::mem::take(&mut self.links) })
        };
        for h in open {
            self.open_link(&h);
        }
        block
    }
}

pub fn utf16_len(s: &str) -> u32 {
    s.chars().map(|c| c.len_utf16() as u32).sum()
}

/// Lower case for matching words: ASCII, Latin-1, Latin Extended-A,
/// Greek and Cyrillic capitals folded as `char::to_lowercase` folds them,
/// any other character kept. The standard library's full tables cost the
/// wasm more than the rest of the lexicon code; cue words are matched
/// against these scripts only.
pub fn fold_char(c: char) -> char {
    let u = c as u32;
    let folded = match u {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => u + 0x20,
        // Latin Extended-A pairs capitals and small letters in turn; three
        // runs are offset by one (Ĺ…Ň, Ÿ, Ź…Ž), and ı/İ/ĸ/ŉ/ſ have no pair.
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 if u % 2 == 0 => u + 1,
        0x139..=0x148 | 0x179..=0x17E if u % 2 == 1 => u + 1,
        0x178 => 0xFF,
        0x391..=0x3A1 | 0x3A3..=0x3AB => u + 0x20,
        0x386 => 0x3AC,
        0x388..=0x38A => u + 0x25,
        0x38C => 0x3CC,
        0x38E | 0x38F => u + 0x3F,
        0x400..=0x40F => u + 0x50,
        0x410..=0x42F => u + 0x20,
        _ => u,
    };
    char::from_u32(folded).unwrap_or(c)
}

/// [`fold_char`] over a string.
pub fn fold_case(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars().map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn folding_matches_the_standard_library_where_it_folds() {
        for u in 0..0x500u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let f = super::fold_char(c);
            let mut std = c.to_lowercase();
            let (one, more) = (std.next(), std.next());
            if f != c {
                assert_eq!(Some(f), one, "U+{u:04X}");
                assert!(more.is_none());
            } else if (0x41..0x430).contains(&u)
                && one.is_some_and(|l| l != c)
                && more.is_none()
                && !matches!(u, 0x130 | 0x180..=0x36F | 0x370..=0x385 | 0x3CF..=0x3FF)
            {
                panic!("U+{u:04X} ({c}) folds to {:?} in the standard library, not here", one);
            }
        }
        assert_eq!(super::fold_case("ÉLYSÉE Путин Ŵ ASCII"), "élysée путин ŵ ascii");
    }

    use super::*;

    #[test]
    fn collapses_space_and_maps_back() {
        let mut b = BlockBuilder::default();
        b.push_text(1, "  Hello\n   ");
        b.open_link("https://x.example/");
        b.push_text(2, "wörld 😀");
        b.close_link();
        b.push_text(3, " end.");
        let blk = b.finish(BlockKind::Paragraph).unwrap();
        assert_eq!(blk.text, "Hello wörld 😀 end.");
        assert_eq!(blk.point_at(0), Some(DomPoint { node: 1, offset: 2 }));
        let w = blk.text.find('w').unwrap();
        assert_eq!(blk.point_at(w), Some(DomPoint { node: 2, offset: 0 }));
        let e = blk.text.find("end").unwrap();
        assert_eq!(blk.point_at(e), Some(DomPoint { node: 3, offset: 1 }));
        // The emoji is two UTF-16 units.
        let (a, z) = blk.range(w, blk.text.find(" end").unwrap()).unwrap();
        assert_eq!((a.node, a.offset, z.node, z.offset), (2, 0, 2, 8));
        assert_eq!(blk.links, vec![Link { start: w, end: w + "wörld 😀".len(), href: "https://x.example/".into() }]);
    }
}
