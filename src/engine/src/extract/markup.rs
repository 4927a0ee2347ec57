//! What an element's own markup says about it: hidden, a page-furniture role,
//! or class and id words of boilerplate (with the reason reported for it),
//! and the class weight the content scorer adds. Decided on attributes only
//! (never computed style), so the page and the CLI agree.

use serde::{Deserialize, Serialize};

use crate::dom::{Doc, NodeId, NodeKind};

/// Why a region of the page is not part of the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// `hidden`, `aria-hidden`, `display:none`, editable or not text at all.
    Hidden,
    Navigation,
    Header,
    Footer,
    Sidebar,
    Related,
    Comments,
    Share,
    Newsletter,
    Advertising,
    CookieBanner,
    AuthorBio,
    Paywall,
    Popup,
    /// Link-dense, image-only, form-like or otherwise not prose (scored).
    LinkDense,
    /// A short line of page furniture ("Advertisement", "Read more").
    Boilerplate,
    /// Text outside the chosen article.
    OutsideArticle,
    /// Not in the body text the page itself declares (JSON-LD `articleBody`).
    NotInDeclaredBody,
}

/// As its name, by hand: serde's derived form is a call per variant, which
/// the wasm pays for in bytes.
impl Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Hidden => "hidden",
            Reason::Navigation => "navigation",
            Reason::Header => "header",
            Reason::Footer => "footer",
            Reason::Sidebar => "sidebar",
            Reason::Related => "related",
            Reason::Comments => "comments",
            Reason::Share => "share",
            Reason::Newsletter => "newsletter",
            Reason::Advertising => "advertising",
            Reason::CookieBanner => "cookie_banner",
            Reason::AuthorBio => "author_bio",
            Reason::Paywall => "paywall",
            Reason::Popup => "popup",
            Reason::LinkDense => "link_dense",
            Reason::Boilerplate => "boilerplate",
            Reason::OutsideArticle => "outside_article",
            Reason::NotInDeclaredBody => "not_in_declared_body",
        }
    }
}

/// A list of words to look for inside class and id strings, indexed by
/// first byte: one pass over the string, trying only the words that start
/// with the byte at hand (every element's class is checked, so a substring
/// search per word would dominate extraction).
pub(crate) struct Words {
    /// Sorted by first byte (checked when the constant is built).
    pub(crate) list: &'static [&'static str],
    /// The words starting with byte `b` are `list[from[b]..from[b + 1]]`.
    from: [u8; 257],
    /// Bit `c` of `pairs[b]` is set when some word starts with bytes `b, c`
    /// (ASCII): most positions in a class string fail this one test.
    pairs: [u128; 128],
}

impl Words {
    pub(crate) const fn new(list: &'static [&'static str]) -> Words {
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
        let mut pairs = [0u128; 128];
        let mut k = 0;
        while k < list.len() {
            let w = list[k].as_bytes();
            assert!(w.len() >= 2 && w[0] < 128 && w[1] < 128, "Words: ASCII words of two bytes or more");
            pairs[w[0] as usize] |= 1u128 << w[1];
            k += 1;
        }
        Words { list, from, pairs }
    }

    /// Calls `f(word index, byte position)` for each word found in `hay`,
    /// left to right, ignoring ASCII case (class names are matched without
    /// lower-casing a copy), until `f` returns false.
    pub(crate) fn scan(&self, hay: &str, mut f: impl FnMut(usize, usize) -> bool) {
        let h = hay.as_bytes();
        for i in 0..h.len().saturating_sub(1) {
            let (b, c) = (h[i].to_ascii_lowercase(), h[i + 1].to_ascii_lowercase());
            if b >= 128 || c >= 128 || self.pairs[b as usize] & (1u128 << c) == 0 {
                continue;
            }
            let (lo, hi) = (self.from[b as usize] as usize, self.from[b as usize + 1] as usize);
            let rest = &h[i..];
            for k in lo..hi {
                let w = self.list[k].as_bytes();
                if w.len() <= rest.len() && rest[..w.len()].eq_ignore_ascii_case(w) && !f(k, i) {
                    return;
                }
            }
        }
    }

    /// The index in `list` of the first word found (leftmost in `hay`).
    pub(crate) fn find(&self, hay: &str) -> Option<usize> {
        let mut found = None;
        self.scan(hay, |k, _| {
            found = Some(k);
            false
        });
        found
    }

    pub(crate) fn found_in(&self, hay: &str) -> bool {
        self.find(hay).is_some()
    }
}

/// Class or id words of containers that are not article text, each with the
/// reason reported for it (Readability's "unlikely candidates", grouped and
/// extended with the furniture of news sites). Sorted by first byte.
const UNLIKELY_WORDS: &[(&str, Reason)] = &[
    ("-ad-", Reason::Advertising),
    ("-ads", Reason::Advertising),
    ("ad-slot", Reason::Advertising),
    ("adslot", Reason::Advertising),
    ("advert", Reason::Advertising),
    ("agegate", Reason::Popup),
    ("author-bio", Reason::AuthorBio),
    ("author-box", Reason::AuthorBio),
    ("author-info", Reason::AuthorBio),
    ("about-author", Reason::AuthorBio),
    ("about-the-author", Reason::AuthorBio),
    ("banner", Reason::Advertising),
    ("breadcrumb", Reason::Navigation),
    ("combx", Reason::Comments),
    ("comment", Reason::Comments),
    ("community", Reason::Comments),
    ("cookie", Reason::CookieBanner),
    ("consent", Reason::CookieBanner),
    ("disqus", Reason::Comments),
    ("footer", Reason::Footer),
    ("gdpr", Reason::CookieBanner),
    ("header", Reason::Header),
    ("masthead", Reason::Header),
    ("menu", Reason::Navigation),
    ("modal", Reason::Popup),
    ("most-popular", Reason::Related),
    ("most-read", Reason::Related),
    ("mostpopular", Reason::Related),
    ("mostread", Reason::Related),
    ("newsletter", Reason::Newsletter),
    ("outbrain", Reason::Related),
    ("pager", Reason::Navigation),
    ("pagination", Reason::Navigation),
    ("paywall", Reason::Paywall),
    ("popup", Reason::Popup),
    ("promo", Reason::Advertising),
    ("recommend", Reason::Related),
    ("related", Reason::Related),
    ("remark", Reason::Comments),
    ("replies", Reason::Comments),
    ("rss", Reason::Share),
    ("share", Reason::Share),
    ("sharing", Reason::Share),
    ("shoutbox", Reason::Comments),
    ("sidebar", Reason::Sidebar),
    ("skyscraper", Reason::Advertising),
    ("social", Reason::Share),
    ("sponsor", Reason::Advertising),
    ("subnav", Reason::Navigation),
    ("subscribe", Reason::Newsletter),
    ("supplemental", Reason::Sidebar),
    ("taboola", Reason::Related),
    ("toolbar", Reason::Navigation),
    ("trending", Reason::Related),
    ("widget", Reason::Sidebar),
];

const fn words_of(pairs: &'static [(&'static str, Reason)]) -> [&'static str; UNLIKELY_WORDS.len()] {
    let mut out = [""; UNLIKELY_WORDS.len()];
    let mut i = 0;
    while i < pairs.len() {
        out[i] = pairs[i].0;
        i += 1;
    }
    out
}

static UNLIKELY_LIST: [&str; UNLIKELY_WORDS.len()] = words_of(UNLIKELY_WORDS);
pub(crate) static UNLIKELY: Words = Words::new(&UNLIKELY_LIST);
/// Words that rescue a container from UNLIKELY ("sidebar-and-content").
pub(crate) static MAYBE: Words = Words::new(&["and", "article", "body", "column", "content", "main", "shadow", "story"]);
pub(crate) static POSITIVE: Words =
    Words::new(&["article", "blog", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "story", "text"]);
/// Readability's negative words: a container scores less, whatever it holds.
pub(crate) static NEGATIVE: Words = Words::new(&[
    "-ad-",
    "banner",
    "byline",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "recommend",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "widget",
]);

const SKIP_ROLES: &[(&str, Reason)] = &[
    ("navigation", Reason::Navigation),
    ("contentinfo", Reason::Footer),
    ("complementary", Reason::Sidebar),
    ("dialog", Reason::Popup),
    ("alertdialog", Reason::Popup),
    ("menu", Reason::Navigation),
    ("menubar", Reason::Navigation),
    ("search", Reason::Navigation),
    ("toolbar", Reason::Navigation),
    ("tablist", Reason::Navigation),
    ("banner", Reason::Header),
];

/// What an element's markup says, computed once per element.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Mark {
    /// Never article text, whatever the flags (hidden, opaque, a role).
    pub hard: Option<Reason>,
    /// Boilerplate by its class or id words; relaxed on a retry.
    pub unlikely: Option<Reason>,
    /// A block-level element (it starts and ends a block of text).
    pub block: bool,
    /// What the counts in [`super::stats`] need of the tag, so that each
    /// attempt's passes never read the tag's text again.
    pub kind: Kind,
}

/// The node kinds the subtree counts tell apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Link,
    Paragraph,
    Image,
    ListItem,
    /// A form control.
    Input,
    /// A frame, embed, object or video.
    Embed,
    Heading,
    Quote,
    #[default]
    Other,
}

impl Kind {
    fn of(tag: &str) -> Kind {
        match tag {
            "a" => Kind::Link,
            "p" => Kind::Paragraph,
            "img" | "picture" => Kind::Image,
            "li" => Kind::ListItem,
            "input" | "select" | "textarea" | "button" => Kind::Input,
            "iframe" | "embed" | "object" | "video" => Kind::Embed,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Kind::Heading,
            "blockquote" => Kind::Quote,
            _ => Kind::Other,
        }
    }
}

fn opaque_reason(tag: &str) -> Reason {
    match tag {
        "nav" | "menu" => Reason::Navigation,
        "footer" => Reason::Footer,
        "aside" => Reason::Sidebar,
        "dialog" => Reason::Popup,
        _ => Reason::Hidden,
    }
}

/// An element's [`Mark`], and whether it is marked `itemprop="articleBody"`.
fn mark(doc: &Doc, id: NodeId) -> (Mark, bool) {
    let n = doc.node(id);
    let NodeKind::Element { tag, attrs } = &n.kind else { return (Mark { kind: Kind::Text, ..Mark::default() }, false) };
    let tag = tag.as_str();
    let kind = Kind::of(tag);
    // A frame the page walker could read holds its document's body.
    let readable_frame = tag == "iframe" && n.end > id + 1;
    if crate::dom::is_opaque(tag) && !readable_frame {
        return (Mark { hard: Some(opaque_reason(tag)), kind, ..Mark::default() }, false);
    }
    let block = super::is_block(tag);
    // One pass over the element's few attributes.
    let (mut class, mut ident, mut role) = ("", "", "");
    let (mut hidden, mut item_body) = (false, false);
    for (k, v) in attrs {
        match k.as_str() {
            "class" => class = v,
            "id" => ident = v,
            "role" => role = v,
            "itemprop" => item_body = v.split_whitespace().any(|w| w == "articleBody"),
            "hidden" => hidden = true,
            "aria-hidden" => hidden |= v.eq_ignore_ascii_case("true"),
            "contenteditable" => hidden |= !v.eq_ignore_ascii_case("false"),
            "style" => hidden |= hidden_by_style(v),
            _ => {}
        }
    }
    if hidden {
        return (Mark { hard: Some(Reason::Hidden), block, kind, ..Mark::default() }, item_body);
    }
    if !role.is_empty() {
        let r = role.to_ascii_lowercase();
        if let Some(&(_, why)) = SKIP_ROLES.iter().find(|(name, _)| *name == r) {
            return (Mark { hard: Some(why), block, kind, ..Mark::default() }, item_body);
        }
    }
    let mut m = Mark { block, kind, ..Mark::default() };
    // Containers that are the page or its article, and links, are never
    // unlikely; nor is one whose words also say content.
    if (class.is_empty() && ident.is_empty()) || matches!(tag, "body" | "article" | "main" | "html" | "a") {
        return (m, item_body);
    }
    let unlikely = [class, ident].into_iter().find_map(|p| UNLIKELY.find(p)).map(|k| UNLIKELY_WORDS[k].1);
    if unlikely.is_some() && !MAYBE.found_in(class) && !MAYBE.found_in(ident) {
        m.unlikely = unlikely;
    }
    (m, item_body)
}

/// Every element's [`Mark`], and the few elements later steps look for,
/// found in the same pass.
pub(crate) struct Page {
    pub marks: Vec<Mark>,
    /// `<h1>` elements, in document order.
    pub h1s: Vec<NodeId>,
    /// Elements marked `itemprop="articleBody"`.
    pub item_bodies: Vec<NodeId>,
    /// Scripts with text (only JSON-LD scripts are carried with theirs).
    pub scripts: Vec<NodeId>,
}

pub(crate) fn read_page(doc: &Doc) -> Page {
    let mut page = Page { marks: Vec::with_capacity(doc.len()), h1s: Vec::new(), item_bodies: Vec::new(), scripts: Vec::new() };
    for i in 0..doc.len() as NodeId {
        let n = doc.node(i);
        match n.tag() {
            Some("h1") => page.h1s.push(i),
            Some("script") if n.end > i + 1 => page.scripts.push(i),
            _ => {}
        }
        let (m, item_body) = mark(doc, i);
        if item_body {
            page.item_bodies.push(i);
        }
        page.marks.push(m);
    }
    page
}

/// Class words that name the kind of block inside (a call to action's only
/// as whole words). Sorted by first byte.
static MARKERS: Words = Words::new(&["author", "byline", "caption", "credit", "cta", "dateline", "newsletter", "subscribe", "signup"]);

/// Class and id words (and `rel`/`itemprop` author) that name the kind of
/// block an element holds. Asked only of the elements a block is read in.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Markers {
    pub byline: bool,
    pub caption: bool,
    pub cta: bool,
}

pub(crate) fn markers(doc: &Doc, id: NodeId) -> Markers {
    let n = doc.node(id);
    let author = |a: &str| n.attr(a).is_some_and(|v| v.contains("author"));
    let mut f = Markers { byline: author("rel") || author("itemprop"), ..Markers::default() };
    for part in [n.attr("class"), n.attr("id")].into_iter().flatten() {
        MARKERS.scan(part, |k, at| {
            let word = MARKERS.list[k];
            match word {
                "author" | "byline" | "dateline" => f.byline = true,
                "caption" | "credit" => f.caption = true,
                _ => {
                    let before = part[..at].bytes().next_back().is_none_or(|c| !c.is_ascii_alphanumeric());
                    let after = part[at + word.len()..].bytes().next().is_none_or(|c| !c.is_ascii_alphanumeric());
                    f.cta |= before && after;
                }
            }
            true
        });
    }
    f
}

/// Readability's class weight: +25 for positive words and -25 for negative
/// ones, for the class and for the id. Asked only of the containers that
/// are scored or cleaned, a small share of the page.
pub(crate) fn weight(doc: &Doc, id: NodeId) -> f32 {
    let n = doc.node(id);
    let mut w = 0.0;
    for part in [n.attr("class"), n.attr("id")].into_iter().flatten() {
        if NEGATIVE.found_in(part) {
            w -= 25.0;
        }
        if POSITIVE.found_in(part) {
            w += 25.0;
        }
    }
    w
}

fn hidden_by_style(style: &str) -> bool {
    let has = |w: &[u8]| style.as_bytes().windows(w.len()).any(|x| x.eq_ignore_ascii_case(w));
    if !has(b"none") && !has(b"hidden") {
        return false;
    }
    let s: String = style.to_ascii_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    s.contains("display:none") || s.contains("visibility:hidden")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_words_are_found_at_any_position() {
        // `Words` tries only the words that start with the byte at hand; each
        // word must still be found alone, at the start, inside and at the end.
        for words in [&UNLIKELY, &MAYBE, &POSITIVE, &NEGATIVE] {
            for w in words.list {
                for hay in [w.to_string(), format!("x {w}"), format!("main-{w}-box"), format!("zz{w}")] {
                    assert!(words.found_in(&hay), "{w} in {hay}");
                }
            }
        }
        assert!(!UNLIKELY.found_in(" story-body article__text"));
        assert!(!POSITIVE.found_in(" sidebar widget"));
        assert!(!UNLIKELY.found_in(""));
        assert!(UNLIKELY.found_in("Site-SideBar"), "class words match whatever their case");
        assert_eq!(UNLIKELY.find(" x-related-links").map(|k| UNLIKELY_WORDS[k].1), Some(Reason::Related));
    }
}

#[cfg(test)]
mod reason_tests {
    /// The hand-written names are the ones serde reads back.
    #[test]
    fn reasons_write_the_names_they_read() {
        assert_eq!(crate::annotation::tests::names_round_trip::<super::Reason>(), 18);
    }
}
