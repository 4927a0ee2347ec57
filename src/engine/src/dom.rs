//! The core's DOM abstraction: a flat, read-only arena of elements and text
//! nodes in document order.
//!
//! Why a data type and not a trait over a live DOM: Chromium refuses to compile
//! WebAssembly in a content script on pages whose CSP forbids it, so the wasm
//! runs in the extension's own context, which cannot touch the page. The page
//! therefore sends a snapshot (tags, a few attributes, raw text; the text
//! form is [`crate::snapshot`], the typed one [`Snapshot`]) and the
//! same article detection runs on it as runs natively on parsed HTML. Node ids
//! are snapshot indices, so results map straight back to the page's text nodes.

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// Index of a node in [`Doc`] (and in the snapshot it came from).
pub type NodeId = u32;

/// The attributes the article detector looks at; everything else is dropped
/// at the source so that snapshots stay small.
pub const KEPT_ATTRIBUTES: &[&str] = &["id", "class", "role", "itemprop", "hidden", "aria-hidden", "style", "href", "rel", "contenteditable"];

/// Elements whose content is never article text, wherever they are: the
/// detector skips them, so neither the page walker nor the HTML front end
/// copies their children (on a news page that is a quarter to a third of
/// the nodes the page would otherwise send to the engine).
pub const OPAQUE_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "textarea", "title", "head", "nav", "aside", "footer", "button", "select", "option", "input",
    "iframe", "object", "embed", "canvas", "video", "audio", "svg", "math", "dialog", "menu", "map",
];

/// Whether `tag` is in [`OPAQUE_TAGS`], without a string compare per entry
/// (asked of every element).
pub fn is_opaque(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "textarea"
            | "title"
            | "head"
            | "nav"
            | "aside"
            | "footer"
            | "button"
            | "select"
            | "option"
            | "input"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "svg"
            | "math"
            | "dialog"
            | "menu"
            | "map"
    )
}

/// The one exception to [`OPAQUE_TAGS`]: a JSON-LD script's text is copied
/// (never shown), since it may declare the article's body.
pub fn is_json_ld(tag: &str, type_attr: Option<&str>) -> bool {
    tag == "script" && type_attr.is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
}

/// One node as the page walker sends it: `p` parent index (-1 for a root),
/// `t` lower-case tag name or `#text`, `x` the raw text of a text node,
/// `a` attribute names and values, flattened.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SnapNode {
    pub p: i64,
    pub t: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub a: Vec<String>,
}

/// What crosses the seam from the page to the engine.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Snapshot {
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub lang: String,
    pub nodes: Vec<SnapNode>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Element { tag: String, attrs: Vec<(String, String)> },
    Text(String),
}

#[derive(Debug, Clone)]
pub struct Node {
    pub parent: Option<NodeId>,
    pub kind: NodeKind,
    /// One past the last descendant: the subtree of `i` is `i+1..end`.
    pub end: NodeId,
}

/// A document in document order. Because children always follow their
/// parent, every subtree is a contiguous index range, which lets the
/// detector walk and skip subtrees without recursion (10,000-deep pages).
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub nodes: Vec<Node>,
    pub url: String,
    pub title: String,
    /// The language the page declares (`<html lang>`), or empty.
    pub lang: String,
}

impl Node {
    pub fn tag(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Element { tag, .. } => Some(tag),
            NodeKind::Text(_) => None,
        }
    }

    pub fn text(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Text(t) => Some(t),
            NodeKind::Element { .. } => None,
        }
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        match &self.kind {
            NodeKind::Element { attrs, .. } => attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()),
            NodeKind::Text(_) => None,
        }
    }
}

impl Doc {
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    /// Ancestors of `id`, nearest first, excluding `id`.
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.node(id).parent, move |&p| self.node(p).parent)
    }

    /// The page's language tag (`<html lang>`), if it says one.
    pub fn lang(&self) -> Option<&str> {
        Some(self.lang.trim()).filter(|l| !l.is_empty())
    }

    pub fn is_ancestor(&self, anc: NodeId, id: NodeId) -> bool {
        anc < id && id < self.node(anc).end
    }

    /// Direct children of `id`, in order.
    pub fn children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let end = self.node(id).end;
        let mut next = id + 1;
        std::iter::from_fn(move || {
            if next >= end {
                return None;
            }
            let c = next;
            next = self.node(c).end;
            Some(c)
        })
    }
}

/// Appends nodes in document order and fills in subtree ends. Both front ends
/// (native HTML parser, page snapshot) go through it.
#[derive(Default)]
pub struct DocBuilder {
    nodes: Vec<Node>,
    /// Open elements: the chain from the root to the last element pushed.
    stack: Vec<NodeId>,
}

impl DocBuilder {
    /// Pushes a node whose parent is an earlier node (or none). Closing the
    /// subtrees in between keeps `end` correct.
    pub fn push_with_parent(&mut self, parent: Option<NodeId>, kind: NodeKind) -> Result<NodeId, Error> {
        let id = NodeId::try_from(self.nodes.len()).map_err(|_| Error::TooLarge)?;
        if let Some(p) = parent {
            if self.nodes.get(p as usize).is_none_or(|n| n.text().is_some()) {
                return Err(Error::Snapshot(format!("node {id} has no element parent {p}")));
            }
        }
        // Pop open elements that are not the parent: their subtree ended.
        while let Some(&top) = self.stack.last() {
            if Some(top) == parent {
                break;
            }
            self.nodes[top as usize].end = id;
            self.stack.pop();
        }
        if parent.is_some() && self.stack.last().copied() != parent {
            // The parent was closed already: the snapshot is not in document order.
            return Err(Error::Snapshot(format!("node {id} is not in document order")));
        }
        let is_element = matches!(kind, NodeKind::Element { .. });
        self.nodes.push(Node { parent, kind, end: id + 1 });
        if is_element {
            self.stack.push(id);
        }
        Ok(id)
    }

    pub fn finish(mut self, url: String, title: String) -> Doc {
        let end = self.nodes.len() as NodeId;
        for id in self.stack.drain(..) {
            self.nodes[id as usize].end = end;
        }
        Doc { nodes: self.nodes, url, title, lang: String::new() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(p: i64, t: &str, x: Option<&str>) -> SnapNode {
        SnapNode { p, t: t.into(), x: x.map(Into::into), a: vec![] }
    }

    #[test]
    fn subtree_ranges_follow_document_order() {
        let snap = Snapshot {
            nodes: vec![n(-1, "body", None), n(0, "p", None), n(1, "#text", Some("a")), n(0, "p", None), n(3, "#text", Some("b"))],
            ..Default::default()
        };
        let doc = Doc::from_snapshot(snap).unwrap();
        assert_eq!(doc.node(0).end, 5);
        assert_eq!(doc.node(1).end, 3);
        assert_eq!(doc.children(0).collect::<Vec<_>>(), vec![1, 3]);
        assert!(doc.is_ancestor(0, 4));
        assert!(!doc.is_ancestor(1, 4));
    }

    /// The page walker (JS) must keep what the native front end keeps.
    #[test]
    fn walker_lists_match() {
        let js = include_str!("../../../extension/walker.js");
        let list = |name: &str| -> Vec<String> {
            let start = js.find(name).expect("list in walker.js");
            let body = &js[start..];
            let body = &body[body.find('[').unwrap_or(0) + 1..body.find(']').unwrap_or(0)];
            body.split(',').map(|x| x.trim().trim_matches('\'').to_string()).filter(|x| !x.is_empty()).collect()
        };
        assert_eq!(list("const KEPT"), KEPT_ATTRIBUTES);
        assert_eq!(list("const OPAQUE"), OPAQUE_TAGS);
    }

    #[test]
    fn is_opaque_is_the_list() {
        for t in OPAQUE_TAGS {
            assert!(is_opaque(t), "{t}");
        }
        for t in ["p", "div", "a", "body", "article", "span", "scripts", ""] {
            assert!(!is_opaque(t), "{t}");
        }
    }

    #[test]
    fn rejects_out_of_order_snapshots() {
        let bad = Snapshot { nodes: vec![n(-1, "body", None), n(5, "p", None)], ..Default::default() };
        assert!(Doc::from_snapshot(bad).is_err());
        let closed = Snapshot { nodes: vec![n(-1, "body", None), n(0, "p", None), n(0, "p", None), n(1, "#text", Some("x"))], ..Default::default() };
        assert!(Doc::from_snapshot(closed).is_err());
    }
}
