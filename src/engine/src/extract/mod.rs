//! Article detection over the [`Doc`] arena, in the spirit of Mozilla's
//! Readability and trafilatura: what the page declares (JSON-LD
//! `articleBody`, `itemprop="articleBody"`) first, else content scoring of
//! paragraphs and their containers; then the chosen subtrees read as blocks,
//! leaving out navigation, asides, comments, share bars, related rails, ads,
//! link-dense boxes and hidden elements. A page with text never comes out
//! empty: the filters are relaxed step by step, then the page's text is
//! taken as it is, and [`Article::method`] says which step found it.

mod blocks;
mod candidates;
mod hints;
mod markup;
mod stats;

use serde::{Deserialize, Serialize};

use crate::block::{Block, BlockKind};
use crate::dom::{Doc, NodeId};

pub use markup::Reason;
use stats::Flags;

/// Block-level elements: each starts and ends a block of text.
pub(crate) fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "br"
            | "caption"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// How the article was found, from the most to the least certain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The page's JSON-LD `articleBody`, matched to the page's text.
    DeclaredBody,
    /// An element marked `itemprop="articleBody"`.
    MarkedBody,
    /// Content scoring with every filter on.
    Scored,
    /// Content scoring with some filters relaxed (a short first result).
    Relaxed,
    /// No container stood out: the page's prose, link-dense lines left out.
    Densest,
    /// Plain text given as such (no page to search).
    #[default]
    Text,
    /// The page has no text to read.
    Empty,
}

/// A region of the page left out of the article, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Region {
    pub reason: Reason,
    #[serde(skip)]
    pub node: NodeId,
    /// Its text length (characters, white space collapsed).
    pub chars: u32,
    /// Its first words (for the largest regions only; empty for the rest).
    pub preview: String,
}

/// The article found on a page: its blocks in reading order.
#[derive(Debug, Clone, Default)]
pub struct Article {
    pub title: String,
    pub blocks: Vec<Block>,
    /// Index in `blocks` of the headline, if one was found.
    pub headline: Option<usize>,
    pub method: Method,
    /// What was left out, largest first.
    pub skipped: Vec<Region>,
}

/// What the export says of extraction: how much was kept, how it was
/// found, and the regions left out, counted by reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub method: Method,
    pub blocks: usize,
    pub paragraphs: usize,
    pub chars: usize,
    pub skipped: ReasonCounts,
}

/// How many regions were left out for each reason, in the reasons' order;
/// written as a JSON object. A sorted list rather than a `BTreeMap`, whose
/// code costs the wasm more than everything here.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReasonCounts(pub Vec<(Reason, u32)>);

impl ReasonCounts {
    pub fn add(&mut self, reason: Reason) {
        match self.0.binary_search_by_key(&reason, |&(r, _)| r) {
            Ok(i) => self.0[i].1 += 1,
            Err(i) => self.0.insert(i, (reason, 1)),
        }
    }
}

impl Serialize for ReasonCounts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (reason, n) in &self.0 {
            map.serialize_entry(reason, n)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for ReasonCounts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let pairs: Vec<(Reason, u32)> = std::collections::BTreeMap::<Reason, u32>::deserialize(d)?.into_iter().collect();
        Ok(ReasonCounts(pairs))
    }
}

impl Region {
    /// An element left out. Its size and preview are filled in once the
    /// article is chosen (`extract`): attempts that lose need neither.
    fn of_node(node: NodeId, reason: Reason) -> Region {
        Region { reason, node, chars: 0, preview: String::new() }
    }

    /// A block read and then left out, as a region.
    fn of_block(reason: Reason, b: &Block, fallback: NodeId) -> Region {
        Region {
            reason,
            node: b.runs.first().map_or(fallback, |r| r.node),
            chars: stats::text_weight(&b.text).0,
            preview: b.text.chars().take(80).collect(),
        }
    }
}

impl Article {
    /// Blocks of plain text, as given (no extraction).
    pub fn from_blocks(title: String, blocks: Vec<Block>) -> Article {
        Article { title, blocks, ..Article::default() }
    }

    /// The blocks of the article's body: all but the headline, bylines,
    /// captions and calls to action.
    fn body(&self) -> impl Iterator<Item = &Block> {
        self.blocks
            .iter()
            .enumerate()
            .filter(|&(i, b)| Some(i) != self.headline && !matches!(b.kind, BlockKind::Byline | BlockKind::CallToAction | BlockKind::Caption))
            .map(|(_, b)| b)
    }

    /// The article's body, one block per line (what extraction benchmarks
    /// score).
    pub fn body_text(&self) -> String {
        self.body().map(|b| b.text.as_str()).collect::<Vec<_>>().join("\n")
    }

    pub fn coverage(&self) -> Coverage {
        let mut skipped = ReasonCounts::default();
        for r in &self.skipped {
            skipped.add(r.reason);
        }
        Coverage {
            method: self.method,
            blocks: self.blocks.len(),
            paragraphs: self.blocks.iter().filter(|b| b.kind == BlockKind::Paragraph).count(),
            chars: self.blocks.iter().map(|b| b.text.chars().count()).sum(),
            skipped,
        }
    }
}

/// How many of the largest regions left out get their first words.
const PREVIEWS: usize = 16;

/// Shorter than this, an attempt is tried again with fewer filters
/// (Readability's character threshold).
const ENOUGH: usize = 500;
/// Shorter than this on a page with more text, the prose is taken as it is.
const TOO_SHORT: usize = 200;

/// The article of a page, with English page furniture (the CLI's
/// `extract`, the benchmarks); the engine passes its language's
/// ([`extract_with`]).
#[cfg(not(target_arch = "wasm32"))]
pub fn extract(doc: &Doc) -> Article {
    extract_with(doc, &english_furniture())
}

#[cfg(not(target_arch = "wasm32"))]
fn english_furniture() -> std::sync::Arc<Vec<String>> {
    use std::sync::{Arc, OnceLock};
    static FURNITURE: OnceLock<Arc<Vec<String>>> = OnceLock::new();
    FURNITURE.get_or_init(|| Arc::new(crate::lexicon::Lexicon::english().furniture)).clone()
}

/// The article of a page; `furniture` is the language's short lines of
/// page furniture (`Lexicon::furniture`), left out where they sit among
/// the paragraphs.
pub fn extract_with(doc: &Doc, furniture: &[String]) -> Article {
    let page = markup::read_page(doc);
    let marks = &page.marks;
    let mut weights = stats::Weights::new(doc);
    let declared = hints::declared_body(doc, &page.scripts).map(|b| hints::Declared::new(&b)).filter(|d| d.len >= 200);
    let relaxations =
        [Flags::ALL, Flags { strip_unlikely: false, ..Flags::ALL }, Flags { strip_unlikely: false, weight_classes: false, clean: true }, Flags::NONE];
    let mut best: Option<(usize, Article)> = None;
    let mut page_text = 0;
    // The counts depend on one flag only: what the class words skip.
    let strict = stats::compute(doc, marks, &mut weights, Flags::ALL);
    let mut relaxed: Option<stats::Stats> = None;
    for flags in relaxations {
        let st = if flags.strip_unlikely { &strict } else { relaxed.get_or_insert_with(|| stats::compute(doc, marks, &mut weights, flags)) };
        page_text = page_text.max(roots_text(doc, st));
        let article = attempt(doc, &page, st, flags, declared.as_ref(), furniture);
        let len = article.body_chars();
        if best.as_ref().is_none_or(|(b, _)| len > *b) {
            best = Some((len, article));
        }
        if len >= ENOUGH {
            break;
        }
    }
    let (len, mut article) = best.unwrap_or_default();
    if len < TOO_SHORT && page_text as usize >= ENOUGH {
        let st = relaxed.get_or_insert_with(|| stats::compute(doc, marks, &mut weights, Flags::NONE));
        let densest = densest(doc, &page, st, furniture);
        if densest.body_chars() > len {
            article = densest;
        }
    }
    if article.blocks.is_empty() {
        article.method = Method::Empty;
    }
    article.title = doc.title.clone();
    for r in article.skipped.iter_mut().filter(|r| r.chars == 0 && doc.node(r.node).tag().is_some()) {
        r.chars = blocks::raw_chars(doc, r.node);
    }
    // Regions with no text are worth naming only as page furniture (a
    // `<nav>` the walker does not copy the text of).
    article.skipped.retain(|r| r.chars > 0 || !matches!(r.reason, Reason::Hidden | Reason::OutsideArticle));
    article.skipped.sort_by_key(|r| std::cmp::Reverse(r.chars));
    // The first words of the largest regions only: a page has hundreds.
    for r in article.skipped.iter_mut().take(PREVIEWS).filter(|r| r.preview.is_empty()) {
        r.preview = blocks::preview(doc, r.node);
    }
    article
}

fn roots_text(doc: &Doc, st: &stats::Stats) -> u32 {
    (0..doc.len()).filter(|&i| doc.nodes[i].parent.is_none()).map(|i| st.c[i].text_len).sum()
}

impl Article {
    fn body_chars(&self) -> usize {
        self.body().map(|b| b.text.len()).sum()
    }
}

/// One pass of detection with the given filters.
fn attempt(doc: &Doc, page: &markup::Page, st: &stats::Stats, flags: Flags, declared: Option<&hints::Declared>, furniture: &[String]) -> Article {
    let marks = &page.marks;
    let choice = candidates::choose(doc, st, flags);
    let no_scores = vec![0f32; doc.len()];
    let scores = choice.as_ref().map_or(&no_scores, |c| &c.scores);
    let declared_root = declared.and_then(|d| hints::declared_root(doc, st, d));
    let marked = hints::item_body(doc, st, &page.item_bodies);
    let (roots, method, filter) = if let Some(r) = declared_root {
        // A declared body much shorter than the page's prose there is a
        // summary or a teaser: it finds the article but does not trim it.
        let prose = st.c[r as usize].text_len.saturating_sub(st.c[r as usize].link_len);
        let trim = declared.filter(|d| d.len as f32 >= 0.6 * prose as f32);
        (vec![r], Method::DeclaredBody, trim)
    } else if !marked.is_empty() {
        (marked, Method::MarkedBody, None)
    } else if let Some(c) = &choice {
        (c.roots.clone(), if flags == Flags::ALL { Method::Scored } else { Method::Relaxed }, None)
    } else {
        // No paragraph long enough to score: a short page. Take an explicit
        // article or main element, else the whole body.
        let explicit = (0..doc.len() as NodeId)
            .find(|&i| st.skip[i as usize].is_none() && matches!(doc.node(i).tag(), Some("article" | "main")))
            .or_else(|| (!doc.is_empty() && st.skip[0].is_none()).then_some(0));
        let roots = explicit.into_iter().filter(|&r| st.c[r as usize].text_len > 0).collect();
        (roots, if flags == Flags::ALL { Method::Scored } else { Method::Relaxed }, None)
    };
    let reader = blocks::Reader { doc, marks, st, scores, flags, declared: filter, markers: blocks::MarkerCache::new(doc) };
    read_article(doc, st, &reader, (&page.h1s, furniture), &roots, method)
}

/// Reads `roots` as the article, with the headline before them when it sits
/// outside, and notes what around them was left out.
/// `page` is the page's headlines and its language's furniture.
fn read_article(doc: &Doc, st: &stats::Stats, reader: &blocks::Reader, page: (&[NodeId], &[String]), roots: &[NodeId], method: Method) -> Article {
    let (h1s, furniture) = page;
    let mut article = Article { method, ..Article::default() };
    let Some(&first) = roots.first() else { return article };
    let in_roots = |i: NodeId| roots.iter().any(|&r| r == i || doc.is_ancestor(r, i));
    let inner_h1 = h1s.iter().copied().find(|&i| st.skip[i as usize].is_none() && in_roots(i));
    if inner_h1.is_none() {
        // A headline above the article body (in a page header) is still
        // the article's first line.
        if let Some(h1) = h1s.iter().copied().rev().find(|&i| i < first && st.skip[i as usize].is_none()) {
            let before = article.blocks.len();
            reader.read(h1, &mut article.blocks, &mut article.skipped);
            if article.blocks.len() > before {
                article.headline = Some(before);
            }
        }
    }
    for &r in roots {
        reader.read(r, &mut article.blocks, &mut article.skipped);
    }
    if article.headline.is_none() && inner_h1.is_some() {
        article.headline = article.blocks.iter().position(|b| b.kind == BlockKind::Heading);
    }
    let headline_text = article.headline.map(|h| article.blocks[h].text.clone());
    let drop: Vec<Option<Reason>> = article
        .blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            if Some(i) == article.headline {
                None
            } else if blocks::is_link_line(b) {
                Some(Reason::LinkDense)
            } else if blocks::is_furniture(b, furniture) {
                Some(Reason::Boilerplate)
            } else {
                None
            }
        })
        .collect();
    // Lines that look like furniture are all a tiny page has: keep them.
    let body_left = article.blocks.iter().zip(&drop).any(|(b, d)| d.is_none() && b.kind != BlockKind::Heading);
    if body_left {
        let all = std::mem::take(&mut article.blocks);
        for (b, d) in all.into_iter().zip(drop) {
            match d {
                Some(reason) => article.skipped.push(Region::of_block(reason, &b, first)),
                None => article.blocks.push(b),
            }
        }
    }
    article.headline = headline_text.and_then(|t| article.blocks.iter().position(|b| b.text == t && b.kind == BlockKind::Heading));
    outside(doc, st, roots, &mut article.skipped);
    article
}

/// The regions beside the path from each root up to the page, as left out.
fn outside(doc: &Doc, st: &stats::Stats, roots: &[NodeId], skipped: &mut Vec<Region>) {
    let on_path = |i: NodeId| roots.iter().any(|&r| r == i || doc.is_ancestor(i, r));
    let mut seen = crate::lexicon::FastSet::default();
    for &r in roots {
        for anc in doc.ancestors(r) {
            if !seen.insert(anc) {
                break;
            }
            for c in doc.children(anc) {
                if on_path(c) || doc.node(c).tag().is_none() {
                    continue;
                }
                let why = st.skip[c as usize].unwrap_or(Reason::OutsideArticle);
                skipped.push(Region::of_node(c, why));
            }
        }
    }
}

/// Every block of a page's text, nothing left out but what is never text
/// (scripts, styles, hidden elements): how an expected article, saved as
/// HTML, is read for scoring.
pub fn whole_page(doc: &Doc) -> Article {
    let page = markup::read_page(doc);
    let st = stats::compute(doc, &page.marks, &mut stats::Weights::new(doc), Flags::NONE);
    let reader = blocks::Reader::unfiltered(doc, &page.marks, &st);
    let mut article = Article { title: doc.title.clone(), method: Method::Densest, ..Article::default() };
    for r in (0..doc.len() as NodeId).filter(|&i| doc.node(i).parent.is_none() && doc.node(i).tag() != Some("script")) {
        reader.read(r, &mut article.blocks, &mut article.skipped);
    }
    article
}

/// The last resort on a page with text but no article found: its prose,
/// read from the top with link-dense and one-word blocks left out.
fn densest(doc: &Doc, page: &markup::Page, st: &stats::Stats, furniture: &[String]) -> Article {
    let reader = blocks::Reader::unfiltered(doc, &page.marks, st);
    let roots: Vec<NodeId> = (0..doc.len() as NodeId).filter(|&i| doc.node(i).parent.is_none()).collect();
    let mut article = read_article(doc, st, &reader, (&page.h1s, furniture), &roots, Method::Densest);
    let prose = |b: &Block| b.linked_len() * 2 < b.text.len() && b.text.split_whitespace().nth(1).is_some();
    let headline = article.headline.map(|h| article.blocks[h].clone());
    article.blocks.retain(|b| prose(b) || headline.as_ref() == Some(b));
    article.headline = headline.and_then(|h| article.blocks.iter().position(|b| *b == h));
    article
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::html::parse_html;

    #[test]
    fn is_block_is_the_list() {
        for t in ["p", "div", "li", "h2", "br", "td", "blockquote", "figcaption", "section"] {
            assert!(is_block(t), "{t}");
        }
        for t in ["a", "span", "em", "slot", "iframe", ""] {
            assert!(!is_block(t), "{t}");
        }
    }

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
    fn a_table_row_reads_as_one_line() {
        // Minified (no white space between cells) and not; a cell's own
        // paragraphs still break the row.
        let html = r#"<article><p>The defence played most of the snaps, as the table below shows in full.</p>
        <table><tr><th>Pos</th><th>Player</th><th>Plays</th></tr>
        <tr><td>DL</td><td>Larry Ogunjobi</td><td>63</td></tr>
        <tr>
          <td>LB</td>
          <td>Joe Schobert</td>
          <td><p>74 plays.</p><p>7 tackles.</p></td>
        </tr></table></article>"#;
        let t: Vec<String> = texts(html).into_iter().map(|(_, t)| t).collect();
        assert_eq!(t[1..], ["Pos Player Plays", "DL Larry Ogunjobi 63", "LB Joe Schobert", "74 plays.", "7 tackles."]);
    }

    #[test]
    fn a_hover_card_inside_a_sentence_is_left_out() {
        let card = r#"<span class="card"><img src="x.jpg"><a href="/p/omar">Ilhan Omar</a><a href="/a/1">Senators call for a security coordinator</a> <a href="/a/2">Louisiana hit by ransomware attack</a></span>"#;
        let html = format!(
            r#"<article><p>A New York man pleaded guilty to charges he threatened to kill Rep. <span><a href="/p/omar">Ilhan Omar</a>{card}</span> (D-Minn.), prosecutors announced Monday.</p>
            <p>The case was heard in Buffalo, where the man lives, and he will be sentenced in February, the court said.</p>
            <p>He faces up to ten years in prison, a fine of up to $250,000, or both, under the federal statute, prosecutors said.</p>
            <p>His lawyer, reached by phone on Monday, said his client regretted the calls, which he made in March, and would appeal.</p>
            <p>Omar, who has received threats before, thanked the police and the FBI, and said she would go on speaking out, as before.</p></article>"#
        );
        let t: Vec<String> = texts(&html).into_iter().map(|(_, t)| t).collect();
        assert_eq!(t[0], "A New York man pleaded guilty to charges he threatened to kill Rep. Ilhan Omar (D-Minn.), prosecutors announced Monday.");
    }

    #[test]
    fn a_declared_body_takes_its_intro_from_a_sibling_box() {
        let intro = "The new console is the most powerful one ever made, and it plays more games in full resolution than any rival.";
        let body = [
            "Despite all the power inside, it is the smallest console the company has made to date, and it is slightly slimmer.",
            "Its real upgrades are under the hood: a faster processor, more memory and a graphics chip with far more computing power.",
            "Along the front there is a disc drive, a power button, a single port and a button to pair the controller with it.",
            "The controller has not changed since the last upgrade, which rounded out its seams and added a headphone jack.",
            "Navigating the menus is fast, but mostly because of a recent update that every owner of the older model got too.",
            "Moving over from an older model is easy: a backup tool copies the games and settings to an external drive first.",
            "Some games take a while to download, because their textures are four times the size of the ones they replace.",
            "A few games were ready to test during the review, and each of them took advantage of the new hardware in its way.",
            "One runs at full resolution at thirty frames a second, while another runs at sixty and looks smoother for it.",
            "Films on disc loaded quickly, and skipping around in them showed few delays, even in the longest of them.",
        ];
        let declared = format!("{intro} {}", body.join(" "));
        let html = format!(
            r#"<html><head><script type="application/ld+json">{{"@type": "Article", "articleBody": "{declared}"}}</script></head><body>
            <div class="page"><div class="block"><div class="text"><p>{intro}</p></div></div>
            <div class="block"><div class="text">{}</div></div></div>
            <aside><p>Other stories that the page shows beside the article, with enough words to count as text.</p></aside></body></html>"#,
            body.iter().map(|p| format!("<p>{p}</p>")).collect::<String>()
        );
        let doc = parse_html(&html, "").unwrap();
        let a = extract(&doc);
        assert_eq!(a.method, Method::DeclaredBody);
        let t: Vec<String> = a.blocks.into_iter().map(|b| b.text).collect();
        assert_eq!(t.first().map(String::as_str), Some(intro));
        assert_eq!(t.len(), 11, "{t:?}");
    }

    #[test]
    fn no_article_means_no_blocks() {
        assert!(texts("").is_empty());
        assert!(texts("<nav><a href=/>Home</a></nav>").is_empty());
    }
}
