//! What an element's own markup says about it: hidden, a page-furniture role,
//! or class and id words of boilerplate (with the reason reported for it),
//! and the class weight the content scorer adds. Decided on attributes only
//! (never computed style), so the page and the CLI agree.

use serde::{Deserialize, Serialize};

use crate::dom::{Doc, NodeId, NodeKind, OPAQUE_TAGS};

/// Why a region of the page is not part of the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
        Words { list, from }
    }

    /// The index in `list` of the first word found (leftmost in `hay`).
    pub(crate) fn find(&self, hay: &str) -> Option<usize> {
        let h = hay.as_bytes();
        (0..h.len()).find_map(|i| {
            let b = h[i] as usize;
            let (lo, hi) = (self.from[b] as usize, self.from[b + 1] as usize);
            (lo..hi).find(|&k| h[i..].starts_with(self.list[k].as_bytes()))
        })
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
    "-ad-", "banner", "byline", "combx", "comment", "com-", "contact", "footer", "gdpr", "masthead", "media", "meta",
    "outbrain", "promo", "related", "recommend", "scroll", "share", "shoutbox", "sidebar", "skyscraper", "sponsor",
    "shopping", "tags", "widget",
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
    /// Readability's class weight: ±25 for class, ±25 for id.
    pub weight: i8,
}

/// The lower-cased class and id of an element, space-separated.
pub(crate) fn class_id(doc: &Doc, id: NodeId) -> String {
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

fn opaque_reason(tag: &str) -> Reason {
    match tag {
        "nav" | "menu" => Reason::Navigation,
        "footer" => Reason::Footer,
        "aside" => Reason::Sidebar,
        "dialog" => Reason::Popup,
        _ => Reason::Hidden,
    }
}

pub(crate) fn mark(doc: &Doc, id: NodeId) -> Mark {
    let n = doc.node(id);
    let NodeKind::Element { tag, .. } = &n.kind else { return Mark::default() };
    let tag = tag.as_str();
    let hard = if OPAQUE_TAGS.contains(&tag) {
        Some(opaque_reason(tag))
    } else if n.attr("hidden").is_some()
        || n.attr("aria-hidden").is_some_and(|v| v.eq_ignore_ascii_case("true"))
        || n.attr("contenteditable").is_some_and(|ce| !ce.eq_ignore_ascii_case("false"))
        || n.attr("style").is_some_and(hidden_by_style)
    {
        Some(Reason::Hidden)
    } else {
        n.attr("role").and_then(|r| {
            let r = r.to_ascii_lowercase();
            SKIP_ROLES.iter().find(|(name, _)| *name == r).map(|&(_, why)| why)
        })
    };
    if hard.is_some() {
        return Mark { hard, ..Mark::default() };
    }
    let mut m = Mark::default();
    let (class, ident) = (n.attr("class").unwrap_or(""), n.attr("id").unwrap_or(""));
    if class.is_empty() && ident.is_empty() {
        return m;
    }
    let ci = class_id(doc, id);
    if !matches!(tag, "body" | "article" | "main" | "html" | "a") && !MAYBE.found_in(&ci) {
        m.unlikely = UNLIKELY.find(&ci).map(|k| UNLIKELY_WORDS[k].1);
    }
    let mut w: i8 = 0;
    for part in [class, ident] {
        if part.is_empty() {
            continue;
        }
        let p = part.to_ascii_lowercase();
        if NEGATIVE.found_in(&p) {
            w -= 25;
        }
        if POSITIVE.found_in(&p) {
            w += 25;
        }
    }
    m.weight = w;
    m
}

fn hidden_by_style(style: &str) -> bool {
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
        assert_eq!(UNLIKELY.find(" x-related-links").map(|k| UNLIKELY_WORDS[k].1), Some(Reason::Related));
    }
}
