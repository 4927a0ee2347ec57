//! Per-element facts for one extraction attempt, computed in two linear
//! passes (no recursion: pages nest 10,000 deep): what is skipped and why,
//! and, bottom-up, how much text, link text, commas, paragraphs, images,
//! list items, inputs and embeds each subtree holds.

use crate::dom::{Doc, NodeId, NodeKind};

use super::markup::{Mark, Reason};

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
/// and its commas, in one pass.
pub(crate) fn text_weight(t: &str) -> (u32, u32) {
    let (mut len, mut commas, mut in_word) = (0u32, 0u32, false);
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // ASCII a byte at a time; anything else decoded as a char.
        let (space, comma, width) = if b[i] < 0x80 {
            (matches!(b[i], b' ' | b'\t'..=b'\r'), b[i] == b',', 1)
        } else {
            let c = t[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), matches!(c, '，' | '、'), c.len_utf8())
        };
        i += width;
        if space {
            in_word = false;
            continue;
        }
        if !in_word {
            len += 1;
            in_word = true;
        }
        len += 1;
        commas += u32::from(comma);
    }
    (len, commas)
}

/// Text nodes' [`text_weight`]s, each computed when an attempt first needs
/// it and kept for the next: text that every attempt skips is never weighed.
pub(crate) struct Weights(Vec<(u32, u32)>);

const UNWEIGHED: (u32, u32) = (u32::MAX, 0);

impl Weights {
    pub fn new(doc: &Doc) -> Weights {
        Weights(vec![UNWEIGHED; doc.len()])
    }

    fn of(&mut self, i: usize, t: &str) -> (u32, u32) {
        if self.0[i] == UNWEIGHED {
            self.0[i] = text_weight(t);
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
        nearest_block[i] = match &node.kind {
            NodeKind::Element { .. } if marks[i].block => i as u32,
            _ => up,
        };
    }
    let mut st = Stats { skip, c: vec![Counts::default(); n] };
    for i in (0..n).rev() {
        let node = doc.node(i as NodeId);
        let mut me = st.c[i];
        match &node.kind {
            NodeKind::Text(t) if st.skip[i].is_none() => {
                let (len, commas) = weights.of(i, t);
                me.text_len = len;
                me.commas = commas;
                let b = nearest_block[i];
                if b != u32::MAX {
                    st.c[b as usize].inline_len += len;
                    st.c[b as usize].inline_commas += commas;
                }
            }
            NodeKind::Text(_) => {}
            NodeKind::Element { tag, .. } => {
                let visible = st.skip[i].is_none();
                match tag.as_str() {
                    "a" if visible => me.link_len = me.text_len,
                    "p" if visible => me.paragraphs += 1,
                    "img" | "picture" if visible => me.images += 1,
                    "li" if visible => me.list_items += 1,
                    "input" | "select" | "textarea" | "button" => me.inputs += 1,
                    // A frame read as part of the page is not an embed.
                    "iframe" | "embed" | "object" | "video" if marks[i].hard.is_some() => me.embeds += 1,
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if visible => me.heading_len = me.text_len,
                    "blockquote" if visible => me.quote_len = me.text_len,
                    _ => {}
                }
            }
        }
        // Inline text may have been added to this record by its children.
        me.inline_len = st.c[i].inline_len;
        me.inline_commas = st.c[i].inline_commas;
        st.c[i] = me;
        if let Some(p) = node.parent {
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
        for t in ["", "  ", "a", " one, two\tthree\n", "été\u{a0}déjà, 北京，上海、", "x\u{b}y\u{2003}z 😀,"] {
            assert_eq!(text_weight(t), slow(t), "{t:?}");
        }
    }
}
