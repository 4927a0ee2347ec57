//! Content scoring in the spirit of Readability: every paragraph of prose
//! scores the containers above it (its parent fully, its grandparent half,
//! further ancestors less), a container's score is cut by its link density,
//! the best container wins, and its siblings that look like more of the same
//! article join it.

use crate::dom::{Doc, NodeId};

use super::stats::{Flags, Stats};

/// The chosen article subtrees, in document order, and every container's
/// score (zero for those no paragraph reached).
pub(crate) struct Choice {
    pub roots: Vec<NodeId>,
    pub scores: Vec<f32>,
}

fn tag_weight(tag: &str) -> f32 {
    match tag {
        "div" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Elements that hold text directly read as one paragraph of their own.
fn hosts_virtual_paragraph(tag: &str) -> bool {
    matches!(tag, "div" | "section" | "article" | "main" | "center" | "font")
}

/// A paragraph: the element whose ancestors it scores first, its length and
/// its commas.
fn paragraph(doc: &Doc, st: &Stats, i: usize) -> Option<(NodeId, u32, u32)> {
    let node = doc.node(i as NodeId);
    let tag = node.tag()?;
    if st.skip[i].is_some() {
        return None;
    }
    if matches!(tag, "p" | "pre" | "td") {
        return Some((node.parent?, st.c[i].text_len, st.c[i].commas));
    }
    if hosts_virtual_paragraph(tag) && st.c[i].inline_len >= 25 {
        return Some((i as NodeId, st.c[i].inline_len, st.c[i].inline_commas));
    }
    None
}

pub(crate) fn choose(doc: &Doc, st: &Stats, flags: Flags) -> Option<Choice> {
    let n = doc.len();
    let mut scores = vec![0f32; n];
    let mut candidate = vec![false; n];
    let initial = |id: NodeId| {
        let w = if flags.weight_classes { super::markup::weight(doc, id) } else { 0.0 };
        tag_weight(doc.node(id).tag().unwrap_or("")) + w
    };
    for i in 0..n {
        let Some((first, len, commas)) = paragraph(doc, st, i) else { continue };
        if len < 25 {
            continue;
        }
        let content = 1.0 + commas as f32 + (len as f32 / 100.0).min(3.0);
        let chain = std::iter::once(first).chain(doc.ancestors(first));
        for (level, anc) in chain.take(5).enumerate() {
            let a = anc as usize;
            if st.skip[a].is_some() {
                break;
            }
            if !candidate[a] {
                candidate[a] = true;
                scores[a] = initial(anc);
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            scores[a] += content / divider;
        }
    }
    // Scores cut by link density; the five best.
    let mut top: Vec<(NodeId, f32)> = Vec::new();
    for i in 0..n {
        if !candidate[i] {
            continue;
        }
        scores[i] *= 1.0 - st.link_density(i as NodeId);
        let s = scores[i];
        let at = top.partition_point(|&(_, b)| b >= s);
        if at < 5 {
            top.insert(at, (i as NodeId, s));
            top.truncate(5);
        }
    }
    let &(mut best, best_score) = top.first()?;
    let root = 0 as NodeId;
    // Several strong candidates under one ancestor: the ancestor holds the
    // article (pages that split it into sections).
    let alternatives: Vec<NodeId> = top[1..].iter().filter(|&&(_, s)| s >= 0.75 * best_score).map(|&(id, _)| id).collect();
    if alternatives.len() >= 3 {
        for anc in doc.ancestors(best) {
            if anc == root {
                break;
            }
            let containing = alternatives.iter().filter(|&&a| doc.is_ancestor(anc, a)).count();
            if containing >= 3 {
                best = anc;
                break;
            }
        }
    }
    // Climb while the parent scores better: the article is bigger than its
    // densest part.
    let mut last = scores[best as usize];
    let threshold = last / 3.0;
    for anc in doc.ancestors(best) {
        if anc == root {
            break;
        }
        if !candidate[anc as usize] {
            continue;
        }
        let s = scores[anc as usize];
        if s < threshold {
            break;
        }
        if s > last {
            best = anc;
            break;
        }
        last = s;
    }
    // An only child stands for its parent.
    while let Some(p) = doc.node(best).parent {
        if p == root || doc.children(p).filter(|&c| doc.node(c).tag().is_some()).count() != 1 {
            break;
        }
        best = p;
    }
    let mut roots = siblings(doc, st, &scores, &candidate, best);
    repeats(doc, st, best, &mut roots);
    Some(Choice { roots, scores })
}

/// The best candidate and those of its siblings that read as more of it.
fn siblings(doc: &Doc, st: &Stats, scores: &[f32], candidate: &[bool], best: NodeId) -> Vec<NodeId> {
    let Some(parent) = doc.node(best).parent else { return vec![best] };
    let best_score = scores[best as usize];
    let threshold = (best_score * 0.2).max(10.0);
    let best_class = doc.node(best).attr("class").filter(|c| !c.is_empty());
    let mut out = Vec::new();
    for sib in doc.children(parent) {
        let s = sib as usize;
        if sib == best {
            out.push(sib);
            continue;
        }
        let node = doc.node(sib);
        let Some(tag) = node.tag() else { continue };
        if st.skip[s].is_some() || st.c[s].text_len == 0 {
            continue;
        }
        let bonus = if best_class.is_some() && node.attr("class") == best_class { best_score * 0.2 } else { 0.0 };
        if candidate[s] && scores[s] + bonus >= threshold {
            out.push(sib);
        } else if tag == "p" {
            let (len, density) = (st.c[s].text_len, st.link_density(sib));
            let ends_sentence = || (sib..node.end).filter_map(|k| doc.node(k).text()).any(|t| t.contains(". ") || t.trim_end().ends_with('.'));
            if (len > 80 && density < 0.25) || (len > 0 && len <= 80 && density == 0.0 && ends_sentence()) {
                out.push(sib);
            }
        }
    }
    out
}

/// Elsewhere on the page, containers of the best candidate's own tag and
/// class: an article cut into parts by ads and figures, each part in a
/// wrapper of its own.
fn repeats(doc: &Doc, st: &Stats, best: NodeId, roots: &mut Vec<NodeId>) {
    let node = doc.node(best);
    let Some(class) = node.attr("class").filter(|c| !c.trim().is_empty()) else { return };
    let tag = node.tag();
    let mut extra = Vec::new();
    let mut i: NodeId = 0;
    while (i as usize) < doc.len() {
        let n = doc.node(i);
        if roots.iter().any(|&r| r == i || doc.is_ancestor(r, i)) {
            i = n.end;
            continue;
        }
        let covers_root = roots.iter().any(|&r| doc.is_ancestor(i, r));
        // The same wrapper in the same kind of parent: a teaser card that
        // happens to share the article's class sits in another container.
        let same_parent = || parent_class(doc, i) == parent_class(doc, best);
        if !covers_root && n.tag() == tag && n.attr("class") == Some(class) && st.skip[i as usize].is_none() && same_parent() {
            if st.c[i as usize].text_len >= 80 && st.link_density(i) < 0.33 {
                extra.push(i);
            }
            i = n.end;
            continue;
        }
        i += 1;
    }
    if !extra.is_empty() {
        roots.extend(extra);
        roots.sort_unstable();
    }
}

fn parent_class(doc: &Doc, id: NodeId) -> Option<(&str, &str)> {
    let p = doc.node(doc.node(id).parent?);
    Some((p.tag()?, p.attr("class").unwrap_or("")))
}
