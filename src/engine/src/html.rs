//! Native front end of the DOM abstraction: parses HTML with html5ever (via
//! `scraper`) into the same [`Doc`] arena the page walker's snapshot becomes.
//! It keeps what the page walker keeps (see `extension/walker.js`), so the CLI
//! and the extension see the same nodes.

use ego_tree::NodeRef;
use scraper::{Html, Node as HNode};

use crate::dom::{Doc, DocBuilder, NodeId, NodeKind, KEPT_ATTRIBUTES};
use crate::error::Error;

/// Parses an HTML document and returns the `<body>` subtree as a [`Doc`].
pub fn parse_html(html: &str, url: &str) -> Result<Doc, Error> {
    let page = Html::parse_document(html);
    let title = page
        .tree
        .root()
        .descendants()
        .find(|n| matches!(n.value(), HNode::Element(e) if e.name() == "title"))
        .map(|n| collapse(&n.descendants().filter_map(|d| d.value().as_text().map(|t| t.to_string())).collect::<String>()))
        .unwrap_or_default();
    let body = page.tree.root().descendants().find(|n| matches!(n.value(), HNode::Element(e) if e.name() == "body"));
    let mut b = DocBuilder::default();
    if let Some(body) = body {
        walk(body, &mut b)?;
    }
    // The head's JSON-LD scripts follow as roots of their own (the page
    // walker does the same): they may declare the article's body.
    let head = page.tree.root().descendants().find(|n| matches!(n.value(), HNode::Element(e) if e.name() == "head"));
    for script in head.into_iter().flat_map(|h| h.descendants()) {
        if script.value().as_element().is_some_and(|e| crate::dom::is_json_ld(e.name(), e.attr("type"))) {
            walk(script, &mut b)?;
        }
    }
    let mut doc = b.finish(url.to_string(), title);
    // The page's declared language chooses the language data (and whether
    // there is any).
    let html = page.tree.root().descendants().find(|n| matches!(n.value(), HNode::Element(e) if e.name() == "html"));
    doc.lang =
        html.and_then(|h| h.value().as_element().and_then(|e| e.attr("lang").or_else(|| e.attr("xml:lang")))).unwrap_or_default().trim().to_string();
    Ok(doc)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Pre-order walk with an explicit stack: pages can nest 10,000 deep.
fn walk(root: NodeRef<'_, HNode>, b: &mut DocBuilder) -> Result<(), Error> {
    let mut stack: Vec<(NodeRef<'_, HNode>, Option<NodeId>)> = vec![(root, None)];
    while let Some((node, parent)) = stack.pop() {
        let json_ld = node.value().as_element().is_some_and(|e| crate::dom::is_json_ld(e.name(), e.attr("type")));
        let kind = match node.value() {
            HNode::Element(e) => {
                let attrs = e.attrs().filter(|(k, _)| KEPT_ATTRIBUTES.contains(k)).map(|(k, v)| (k.to_string(), v.to_string())).collect();
                NodeKind::Element { tag: e.name().to_ascii_lowercase(), attrs }
            }
            HNode::Text(t) => NodeKind::Text(t.to_string()),
            _ => continue,
        };
        let opaque = !json_ld && matches!(&kind, NodeKind::Element { tag, .. } if crate::dom::is_opaque(tag));
        let id = b.push_with_parent(parent, kind)?;
        if !opaque && node.value().is_element() {
            let kids: Vec<_> = node.children().collect();
            for c in kids.into_iter().rev() {
                stack.push((c, Some(id)));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_body_text_and_skips_script_text() {
        let d = parse_html("<title> T  x </title><p>Hi <b>there</b></p><script>var x</script>", "").unwrap();
        assert_eq!(d.title, "T x");
        let texts: Vec<_> = d.nodes.iter().filter_map(|n| n.text()).collect();
        assert_eq!(texts, vec!["Hi ", "there"]);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div>".repeat(10_000) + "deep text." + &"</div>".repeat(10_000);
        let d = parse_html(&html, "").unwrap();
        assert!(d.nodes.iter().any(|n| n.text() == Some("deep text.")));
    }
}
