//! Article detection over the [`Doc`] arena, in the spirit of Mozilla's
//! Readability: score containers by the paragraph text they hold, prefer the
//! enclosing `<article>`, then read the chosen subtree as blocks while leaving
//! out navigation, asides, comments, forms and hidden elements.

use crate::dom::{Doc, NodeId, NodeKind, OPAQUE_TAGS};
use crate::text::{Block, BlockBuilder, BlockKind};

/// The article found on a page: its blocks in reading order.
#[derive(Debug, Clone, Default)]
pub struct Article {
    pub title: String,
    pub blocks: Vec<Block>,
}

const BLOCK_TAGS: &[&str] = &[
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
];


const SKIP_ROLES: &[&str] = &[
    "navigation", "contentinfo", "complementary", "dialog", "alertdialog", "menu", "menubar", "search", "toolbar",
    "tablist", "banner",
];

/// A short list of words to look for inside class and id strings, indexed by
/// first byte: one pass over the string, trying only the words that start
/// with the byte at hand. (A substring search per word took a fifth of the
/// extraction time: every element's class is checked.)
struct Words {
    /// Sorted by first byte (checked when the constant is built).
    list: &'static [&'static str],
    /// The words starting with byte `b` are `list[from[b]..from[b + 1]]`.
    from: [u8; 257],
}

impl Words {
    const fn new(list: &'static [&'static str]) -> Words {
        assert!(list.len() < 256);
        let mut from = [0u8; 257];
        let mut b = 0;
        let mut i = 0;
        while b < 257 {
            while i < list.len() && (list[i].as_bytes()[0] as usize) < b {
                i += 1;
            }
            from[b] = i as u8;
            b += 1;
        }
        let mut k = 1;
        while k < list.len() {
            assert!(list[k - 1].as_bytes()[0] <= list[k].as_bytes()[0], "Words: sort the list by first byte");
            k += 1;
        }
        Words { list, from }
    }

    fn found_in(&self, hay: &str) -> bool {
        let h = hay.as_bytes();
        (0..h.len()).any(|i| {
            let b = h[i] as usize;
            self.list[self.from[b] as usize..self.from[b + 1] as usize].iter().any(|w| h[i..].starts_with(w.as_bytes()))
        })
    }
}

/// Class or id words of boilerplate containers (Readability's list, trimmed).
const UNLIKELY: Words = Words::new(&[
    "-ad-", "ad-slot", "advert", "banner", "breadcrumb", "combx", "comment", "community", "cookie", "disqus",
    "footer", "gdpr", "masthead", "menu", "modal", "newsletter-signup", "outbrain", "pager", "pagination", "popup",
    "promo", "related", "remark", "replies", "rss", "share", "sharing", "shoutbox", "sidebar", "skyscraper", "social",
    "sponsor", "subnav", "supplemental", "taboola", "toolbar", "widget",
]);
const MAYBE: Words = Words::new(&["and", "article", "body", "column", "content", "main", "post-text", "shadow", "story"]);
const POSITIVE: Words =
    Words::new(&["article", "blog", "body", "content", "entry", "hentry", "main", "page", "post", "story", "text"]);

fn class_id(doc: &Doc, id: NodeId) -> String {
    let n = doc.node(id);
    let mut s = String::new();
    for a in ["class", "id"] {
        if let Some(v) = n.attr(a) {
            s.push(' ');
            s.push_str(&v.to_ascii_lowercase());
        }
    }
    s
}

/// Whether an element's own markup says it is not article text. Decided on
/// attributes only (never computed style), so the page and the CLI agree.
fn skip_self(doc: &Doc, id: NodeId) -> bool {
    let n = doc.node(id);
    let NodeKind::Element { tag, .. } = &n.kind else { return false };
    if OPAQUE_TAGS.contains(&tag.as_str()) {
        return true;
    }
    if n.attr("hidden").is_some() || n.attr("aria-hidden").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return true;
    }
    if let Some(ce) = n.attr("contenteditable") {
        if !ce.eq_ignore_ascii_case("false") {
            return true;
        }
    }
    if let Some(style) = n.attr("style") {
        let s: String = style.to_ascii_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    if n.attr("role").is_some_and(|r| SKIP_ROLES.contains(&r.to_ascii_lowercase().as_str())) {
        return true;
    }
    if matches!(tag.as_str(), "body" | "article" | "main" | "html") {
        return false;
    }
    let ci = class_id(doc, id);
    if ci.is_empty() {
        return false;
    }
    UNLIKELY.found_in(&ci) && !MAYBE.found_in(&ci)
}

/// Per-element facts computed bottom-up in one reverse pass.
struct Stats {
    skipped: Vec<bool>,
    text_len: Vec<u32>,
    link_len: Vec<u32>,
}

fn stats(doc: &Doc) -> Stats {
    let n = doc.len();
    let mut skipped = vec![false; n];
    for i in 0..n {
        let id = i as NodeId;
        let parent_skipped = doc.node(id).parent.is_some_and(|p| skipped[p as usize]);
        skipped[i] = parent_skipped || skip_self(doc, id);
    }
    let mut text_len = vec![0u32; n];
    let mut link_len = vec![0u32; n];
    for i in (0..n).rev() {
        if skipped[i] {
            continue;
        }
        let node = doc.node(i as NodeId);
        if let Some(t) = node.text() {
            text_len[i] = t.split_whitespace().map(|w| w.chars().count() as u32 + 1).sum();
        }
        if node.tag() == Some("a") {
            link_len[i] = text_len[i];
        }
        if let Some(p) = node.parent {
            let p = p as usize;
            text_len[p] = text_len[p].saturating_add(text_len[i]);
            link_len[p] = link_len[p].saturating_add(link_len[i]);
        }
    }
    Stats { skipped, text_len, link_len }
}

fn tag_weight(tag: &str) -> f32 {
    match tag {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

fn class_weight(doc: &Doc, id: NodeId) -> f32 {
    let ci = class_id(doc, id);
    let mut w = 0.0;
    if POSITIVE.found_in(&ci) {
        w += 25.0;
    }
    if UNLIKELY.found_in(&ci) {
        w -= 25.0;
    }
    w
}

/// Readability's candidate scoring: each paragraph scores its parent fully,
/// its grandparent half and further ancestors less.
fn best_candidate(doc: &Doc, st: &Stats) -> Option<NodeId> {
    let mut score: Vec<f32> = vec![0.0; doc.len()];
    let mut is_candidate = vec![false; doc.len()];
    for i in 0..doc.len() {
        let id = i as NodeId;
        if st.skipped[i] || !matches!(doc.node(id).tag(), Some("p" | "pre" | "td" | "blockquote")) {
            continue;
        }
        let len = st.text_len[i];
        if len < 25 {
            continue;
        }
        let commas = doc.nodes[i..doc.node(id).end as usize]
            .iter()
            .filter_map(|n| n.text())
            .map(|t| t.matches([',', '，', '、']).count())
            .sum::<usize>() as f32;
        let content = 1.0 + commas + (len as f32 / 100.0).min(3.0);
        for (level, anc) in doc.ancestors(id).take(5).enumerate() {
            let a = anc as usize;
            if !is_candidate[a] {
                is_candidate[a] = true;
                score[a] = tag_weight(doc.node(anc).tag().unwrap_or("")) + class_weight(doc, anc);
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[a] += content / divider;
        }
    }
    let mut best: Option<(NodeId, f32)> = None;
    for i in 0..doc.len() {
        if !is_candidate[i] || st.skipped[i] {
            continue;
        }
        let density = if st.text_len[i] > 0 { st.link_len[i] as f32 / st.text_len[i] as f32 } else { 0.0 };
        let s = score[i] * (1.0 - density);
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((i as NodeId, s));
        }
    }
    best.map(|(id, _)| id)
}

/// The subtree(s) holding the article, in document order.
fn article_roots(doc: &Doc, st: &Stats) -> Vec<NodeId> {
    let explicit = |id: NodeId| {
        let n = doc.node(id);
        n.tag() == Some("article") || n.attr("itemprop").is_some_and(|v| v.contains("articleBody"))
    };
    if let Some(best) = best_candidate(doc, st) {
        // The nearest enclosing <article> holds the headline and byline too.
        if let Some(a) = std::iter::once(best).chain(doc.ancestors(best)).find(|&a| explicit(a) && !st.skipped[a as usize]) {
            return vec![a];
        }
        return vec![best];
    }
    // No paragraph long enough to score: a short page. Take an explicit
    // article or main element, else the whole body.
    let fallback = (0..doc.len() as NodeId)
        .find(|&i| !st.skipped[i as usize] && (explicit(i) || doc.node(i).tag() == Some("main")))
        .or_else(|| (!doc.is_empty() && !st.skipped[0]).then_some(0));
    fallback.into_iter().filter(|&r| st.text_len[r as usize] > 0).collect()
}

fn byline_marker(doc: &Doc, id: NodeId) -> bool {
    let n = doc.node(id);
    let ci = class_id(doc, id);
    ci.contains("byline") || ci.contains("dateline") || ci.contains("author")
        || n.attr("rel").is_some_and(|r| r.contains("author"))
        || n.attr("itemprop").is_some_and(|r| r.contains("author"))
}

fn cta_marker(doc: &Doc, id: NodeId) -> bool {
    let ci = class_id(doc, id);
    ci.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| matches!(w, "cta" | "newsletter" | "subscribe" | "signup"))
}

/// The kind of block whose innermost open elements are `open` (outermost first).
fn block_kind(doc: &Doc, open: &[NodeId]) -> BlockKind {
    for &id in open.iter().rev() {
        if byline_marker(doc, id) {
            return BlockKind::Byline;
        }
        if cta_marker(doc, id) {
            return BlockKind::CallToAction;
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

/// Reads the subtree of `root` as blocks, appending to `out`.
fn read_blocks(doc: &Doc, st: &Stats, root: NodeId, out: &mut Vec<Block>) {
    let mut b = BlockBuilder::default();
    let mut kind = BlockKind::Paragraph;
    // Open elements, outermost first, with the index where each ends.
    let mut open: Vec<NodeId> = Vec::new();
    let end = doc.node(root).end;
    let mut i = root;
    let flush = |b: &mut BlockBuilder, kind: BlockKind, out: &mut Vec<Block>| {
        if let Some(block) = b.finish(kind) {
            out.push(block);
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
            if BLOCK_TAGS.contains(&tag) {
                flush(&mut b, kind, out);
            }
        }
        let node = doc.node(i);
        if st.skipped[i as usize] {
            i = node.end;
            continue;
        }
        match &node.kind {
            NodeKind::Text(t) => {
                if b.is_empty() && !t.trim().is_empty() {
                    kind = block_kind(doc, &open);
                }
                b.push_text(i, t);
            }
            NodeKind::Element { tag, .. } => {
                if BLOCK_TAGS.contains(&tag.as_str()) {
                    flush(&mut b, kind, out);
                }
                if tag == "a" {
                    b.open_link(node.attr("href").unwrap_or(""));
                }
                open.push(i);
            }
        }
        i += 1;
    }
    flush(&mut b, kind, out);
}

/// Link-only list items are navigation ("Related" lists inside articles).
fn is_link_list_item(b: &Block) -> bool {
    if b.kind != BlockKind::ListItem {
        return false;
    }
    let linked: usize = b.links.iter().map(|l| l.end - l.start).sum();
    linked * 10 >= b.text.len() * 8
}

pub fn extract(doc: &Doc) -> Article {
    let st = stats(doc);
    let roots = article_roots(doc, &st);
    let mut blocks = Vec::new();
    // A headline that sits above the article body (in a page header) is still
    // the article's first line.
    if let Some(&first) = roots.first() {
        let has_h1 = (first..doc.node(first).end).any(|i| doc.node(i).tag() == Some("h1"));
        if !has_h1 {
            if let Some(h1) = (0..first).rev().find(|&i| doc.node(i).tag() == Some("h1") && !st.skipped[i as usize]) {
                read_blocks(doc, &st, h1, &mut blocks);
            }
        }
    }
    for r in roots {
        read_blocks(doc, &st, r, &mut blocks);
    }
    blocks.retain(|b| !is_link_list_item(b));
    Article { title: doc.title.clone(), blocks }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::html::parse_html;

    fn texts(html: &str) -> Vec<(BlockKind, String)> {
        let doc = parse_html(html, "").unwrap();
        extract(&doc).blocks.into_iter().map(|b| (b.kind, b.text)).collect()
    }

    #[test]
    fn finds_the_article_and_drops_chrome() {
        let html = r#"<header><nav><a href="/">Home</a></nav></header>
        <main><article><h1>Big news</h1><p class="byline">By A. Writer</p>
        <p>First paragraph of the story, long enough to count as text.</p>
        <aside class="related"><p>Other story that should not appear at all here.</p></aside>
        <figure><img src=x><figcaption>A photo.</figcaption></figure>
        <p>Second <a href="https://ex.org">paragraph</a> with a link in it, also long.</p>
        <div hidden>Hidden words</div></article>
        <div class="comments"><p>A comment that is long enough to be scored as text.</p></div></main>
        <footer>Footer</footer>"#;
        let t = texts(html);
        assert_eq!(
            t,
            vec![
                (BlockKind::Heading, "Big news".to_string()),
                (BlockKind::Byline, "By A. Writer".to_string()),
                (BlockKind::Paragraph, "First paragraph of the story, long enough to count as text.".to_string()),
                (BlockKind::Caption, "A photo.".to_string()),
                (BlockKind::Paragraph, "Second paragraph with a link in it, also long.".to_string()),
            ]
        );
    }

    #[test]
    fn no_article_means_no_blocks() {
        assert!(texts("").is_empty());
        assert!(texts("<nav><a href=/>Home</a></nav>").is_empty());
    }

    #[test]
    fn class_words_are_found_at_any_position() {
        // `Words` tries only the words that start with the byte at hand; each
        // word must still be found alone, at the start, inside and at the end.
        for words in [&UNLIKELY, &MAYBE, &POSITIVE] {
            for w in words.list {
                for hay in [w.to_string(), format!("x {w}"), format!("main-{w}-box"), format!("zz{w}")] {
                    assert!(words.found_in(&hay), "{w} in {hay}");
                }
            }
        }
        assert!(!UNLIKELY.found_in(" story-body article__text"));
        assert!(!POSITIVE.found_in(" sidebar widget"));
        assert!(!UNLIKELY.found_in(""));
    }
}
