//! Per-element facts for one extraction attempt, computed in two linear
//! passes (no recursion: pages nest 10,000 deep): what is skipped and why,
//! and, bottom-up, how much text, link text, commas, paragraphs, images,
//! list items, inputs and embeds each subtree holds.

use crate::dom::{Doc, NodeId};

use super::markup::{Kind, Mark, Reason};

/// Which of the detector's filters an attempt applies; a page whose article
/// comes out short is tried again with fewer of them, as Readability does.
/// Of these, only `strip_unlikely` changes the counts in [`Stats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Flags {
    /// Skip containers whose class or id words say boilerplate.
    pub strip_unlikely: bool,
    /// Add class and id weights to candidate scores.
    pub weight_classes: bool,
    /// Drop link-dense, image-only and form-like containers inside the article.
    pub clean: bool,
}

impl Flags {
    pub const ALL: Flags = Flags { strip_unlikely: true, weight_classes: true, clean: true };
    /// Only what is never text is skipped: the last attempt, and whole-page reading.
    pub const NONE: Flags = Flags { strip_unlikely: false, weight_classes: false, clean: false };
}

pub(crate) struct Stats {
    /// The reason a node is skipped (its own, or an ancestor's).
    pub skip: Vec<Option<Reason>>,
    /// Each node's subtree counts, side by side so that the bottom-up pass
    /// touches one record per node and one per parent.
    pub c: Vec<Counts>,
}

/// What a subtree holds.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Counts {
    /// Visible text length: characters plus one per word gap.
    pub text_len: u32,
    pub link_len: u32,
    pub commas: u32,
    /// Text whose nearest block-level ancestor is this element (a `<div>`
    /// holding text directly reads as a paragraph of its own).
    pub inline_len: u32,
    pub inline_commas: u32,
    pub paragraphs: u32,
    pub images: u32,
    pub list_items: u32,
    pub inputs: u32,
    pub embeds: u32,
    pub heading_len: u32,
    /// Text inside block quotes (embedded posts and quotations).
    pub quote_len: u32,
}

impl Counts {
    /// Adds a child's subtree (its inline text stays its own).
    fn add(&mut self, k: &Counts) {
        self.text_len += k.text_len;
        self.link_len += k.link_len;
        self.commas += k.commas;
        self.paragraphs += k.paragraphs;
        self.images += k.images;
        self.list_items += k.list_items;
        self.inputs += k.inputs;
        self.embeds += k.embeds;
        self.heading_len += k.heading_len;
        self.quote_len += k.quote_len;
    }
}

/// A text's length (characters plus one per word, white space collapsed)
/// and its commas, in one pass: eight ASCII bytes at a time, the rest a
/// byte at a time.
pub(crate) fn text_weight(t: &str) -> (u32, u32) {
    let b = t.as_bytes();
    let mut w = Weigher::default();
    let mut i = 0;
    while i + 8 <= b.len() {
        let mut chunk = [0u8; 8];
        chunk.copy_from_slice(&b[i..i + 8]);
        let x = u64::from_le_bytes(chunk);
        if x & HIGH == 0 {
            w.ascii8(x);
        } else {
            for j in i..i + 8 {
                w.byte(t, j);
            }
        }
        i += 8;
    }
    for j in i..b.len() {
        w.byte(t, j);
    }
    (w.len, w.commas)
}

const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` (all ASCII) that is `n` or more.
fn at_least(x: u64, n: u8) -> u64 {
    x.wrapping_add(LOW * u64::from(0x80 - n)) & HIGH
}

/// The high bit of each byte of `x` (all ASCII) equal to `n`.
fn equal(x: u64, n: u8) -> u64 {
    let v = x ^ (LOW * u64::from(n));
    !(((v & !HIGH).wrapping_add(!HIGH)) | v | !HIGH)
}

#[derive(Default)]
struct Weigher {
    len: u32,
    commas: u32,
    in_word: bool,
}

impl Weigher {
    /// Eight ASCII bytes: spaces are tab to carriage return and the space.
    fn ascii8(&mut self, x: u64) {
        let space = (at_least(x, b'\t') & !at_least(x, b'\r' + 1)) | equal(x, b' ');
        let word = !space & HIGH;
        // A word starts where the byte before (lower in the word) was a space.
        let before = (space << 8) | if self.in_word { 0 } else { 0x80 };
        self.len += word.count_ones() + (word & before).count_ones();
        self.commas += equal(x, b',').count_ones();
        self.in_word = word >> 63 == 1;
    }

    /// The byte at `i` of `t`.
    fn byte(&mut self, t: &str, i: usize) {
        let space = match BYTE_CLASS[t.as_bytes()[i] as usize] {
            WORD => false,
            SPACE => true,
            COMMA => {
                self.commas += 1;
                false
            }
            // The middle of a character counted at its first byte.
            TRAILING => return,
            // The first byte of a character that may be a space or a comma.
            _ => {
                let ch = t[i..].chars().next().unwrap_or(' ');
                self.commas += u32::from(matches!(ch, '，' | '、'));
                ch.is_whitespace()
            }
        };
        if space {
            self.in_word = false;
        } else {
            self.len += 1 + u32::from(!self.in_word);
            self.in_word = true;
        }
    }
}

const WORD: u8 = 0;
const SPACE: u8 = 1;
const COMMA: u8 = 2;
const TRAILING: u8 = 3;
const ASK: u8 = 4;

/// Each byte's class for [`text_weight`]: a table, so the loop has one
/// branch per byte. The first bytes of every non-ASCII white space and of
/// the CJK commas (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000, U+3001,
/// U+FF0C) are decoded; every other character counts as a word's.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [WORD; 256];
    let mut b = 0x80;
    while b < 0xc0 {
        t[b] = TRAILING;
        b += 1;
    }
    t[b' ' as usize] = SPACE;
    let mut b = b'\t';
    while b <= b'\r' {
        t[b as usize] = SPACE;
        b += 1;
    }
    t[b',' as usize] = COMMA;
    t[0xc2] = ASK;
    t[0xe1] = ASK;
    t[0xe2] = ASK;
    t[0xe3] = ASK;
    t[0xef] = ASK;
    t
};

/// Text nodes' [`text_weight`]s, each computed when an attempt first needs
/// it and kept for the next: text that every attempt skips is never weighed.
pub(crate) struct Weights(Vec<(u32, u32)>);

const UNWEIGHED: (u32, u32) = (u32::MAX, 0);

impl Weights {
    pub fn new(doc: &Doc) -> Weights {
        Weights(vec![UNWEIGHED; doc.len()])
    }

    fn of(&mut self, i: usize, doc: &Doc) -> (u32, u32) {
        if self.0[i] == UNWEIGHED {
            self.0[i] = doc.node(i as NodeId).text().map_or((0, 0), text_weight);
        }
        self.0[i]
    }
}

pub(crate) fn compute(doc: &Doc, marks: &[Mark], weights: &mut Weights, flags: Flags) -> Stats {
    let n = doc.len();
    let mut skip: Vec<Option<Reason>> = vec![None; n];
    let mut nearest_block: Vec<u32> = vec![u32::MAX; n];
    for i in 0..n {
        let node = doc.node(i as NodeId);
        let parent = node.parent.map(|p| p as usize);
        let inherited = parent.and_then(|p| skip[p]);
        let own = marks[i].hard.or(if flags.strip_unlikely { marks[i].unlikely } else { None });
        skip[i] = inherited.or(own);
        let up = parent.map_or(u32::MAX, |p| nearest_block[p]);
        nearest_block[i] = if marks[i].block { i as u32 } else { up };
    }
    let mut st = Stats { skip, c: vec![Counts::default(); n] };
    for i in (0..n).rev() {
        let mut me = st.c[i];
        let visible = st.skip[i].is_none();
        match marks[i].kind {
            Kind::Text if visible => {
                let (len, commas) = weights.of(i, doc);
                me.text_len = len;
                me.commas = commas;
                let b = nearest_block[i];
                if b != u32::MAX {
                    st.c[b as usize].inline_len += len;
                    st.c[b as usize].inline_commas += commas;
                }
            }
            Kind::Link if visible => me.link_len = me.text_len,
            Kind::Paragraph if visible => me.paragraphs += 1,
            Kind::Image if visible => me.images += 1,
            Kind::ListItem if visible => me.list_items += 1,
            Kind::Input => me.inputs += 1,
            // A frame read as part of the page is not an embed.
            Kind::Embed if marks[i].hard.is_some() => me.embeds += 1,
            Kind::Heading if visible => me.heading_len = me.text_len,
            Kind::Quote if visible => me.quote_len = me.text_len,
            _ => {}
        }
        // Inline text may have been added to this record by its children.
        me.inline_len = st.c[i].inline_len;
        me.inline_commas = st.c[i].inline_commas;
        st.c[i] = me;
        if let Some(p) = doc.node(i as NodeId).parent {
            // A skipped subtree adds nothing but its form controls and embeds.
            st.c[p as usize].add(&me);
        }
    }
    st
}

impl Stats {
    pub fn link_density(&self, id: NodeId) -> f32 {
        let c = &self.c[id as usize];
        if c.text_len == 0 {
            0.0
        } else {
            c.link_len as f32 / c.text_len as f32
        }
    }
}

#[cfg(test)]
mod tests {
    use super::text_weight;

    #[test]
    fn text_weight_counts_characters_words_and_commas() {
        let slow = |t: &str| -> (u32, u32) {
            let len = t.split_whitespace().map(|w| w.chars().count() as u32 + 1).sum();
            (len, t.matches([',', '，', '、']).count() as u32)
        };
        for t in [
            "",
            "  ",
            "a",
            "exactly8",
            " spaces  between  words\n\r\x0b\x0c,,x ",
            " one, two\tthree\n",
            "été\u{a0}déjà, 北京，上海、",
            "x\u{b}y\u{2003}z 😀,",
        ] {
            assert_eq!(text_weight(t), slow(t), "{t:?}");
        }
        // The byte table must know every space and comma there is.
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            let t = format!("a{c}b");
            assert_eq!(text_weight(&t), slow(&t), "U+{:04X}", c as u32);
            // And in the eight-byte steps, at every offset.
            let t = format!("ab, cd{c}\tefgh ij,{c}kl mnopq r{c}");
            assert_eq!(text_weight(&t), slow(&t), "U+{:04X}", c as u32);
        }
    }
}
