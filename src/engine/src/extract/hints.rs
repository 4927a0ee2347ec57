//! What the page itself says its article is: an element marked
//! `itemprop="articleBody"`, and the `articleBody` text of its JSON-LD
//! (schema.org `NewsArticle` and kin). The JSON-LD text is never shown as
//! such, since it has no place in the page to paint; it is matched against
//! the page's own text to find and trim the article.

use crate::lexicon::FastSet;

use crate::dom::{Doc, NodeId, NodeKind};

use super::stats::Stats;

/// Elements marked `itemprop=articleBody` holding real text, outermost only.
pub(crate) fn item_body(doc: &Doc, st: &Stats, marked: &[NodeId]) -> Vec<NodeId> {
    let mut out: Vec<NodeId> = Vec::new();
    for &i in marked {
        if st.skip[i as usize].is_some() {
            continue;
        }
        if out.last().is_some_and(|&o| doc.is_ancestor(o, i)) {
            continue;
        }
        if st.c[i as usize].text_len >= 200 {
            out.push(i);
        }
    }
    out
}

/// The longest `articleBody` string in the page's JSON-LD scripts.
pub(crate) fn declared_body(doc: &Doc, scripts: &[NodeId]) -> Option<String> {
    let mut best: Option<String> = None;
    for &i in scripts {
        let text: String = doc.children(i).filter_map(|c| doc.node(c).text()).collect();
        for body in article_bodies(&text) {
            if best.as_ref().is_none_or(|b| body.len() > b.len()) {
                best = Some(body);
            }
        }
    }
    best
}

/// Every string value of an `"articleBody"` key in JSON text. A scan, not a
/// parse: a JSON reader would add a fifth to the wasm for this one field,
/// and a malformed script still yields the bodies it spells out.
fn article_bodies(json: &str) -> Vec<String> {
    const KEY: &str = "\"articleBody\"";
    let mut out = Vec::new();
    let mut rest = json;
    while let Some(at) = rest.find(KEY) {
        rest = &rest[at + KEY.len()..];
        let after = rest.trim_start();
        let Some(value) = after.strip_prefix(':').map(str::trim_start).and_then(|v| v.strip_prefix('"')) else { continue };
        if let Some((s, used)) = json_string(value) {
            out.push(s);
            rest = &value[used..];
        }
    }
    out
}

/// Decodes a JSON string's body up to its closing quote: the text and the
/// bytes read (quote included). `None` if it never closes.
fn json_string(v: &str) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut chars = v.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, i + 1)),
            '\\' => {
                let (_, e) = chars.next()?;
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'b' | 'f' => out.push(' '),
                    'u' => {
                        let hex = |chars: &mut std::str::CharIndices| -> Option<u32> {
                            let h: String = (0..4).filter_map(|_| chars.next().map(|x| x.1)).collect();
                            u32::from_str_radix(&h, 16).ok()
                        };
                        let hi = hex(&mut chars)?;
                        let code = if (0xd800..0xdc00).contains(&hi) {
                            // A surrogate pair: "\ud83d\ude00".
                            let (_, a) = chars.next()?;
                            let (_, b) = chars.next()?;
                            let lo = if a == '\\' && b == 'u' { hex(&mut chars)? } else { 0 };
                            0x10000 + ((hi - 0xd800) << 10) + lo.saturating_sub(0xdc00)
                        } else {
                            hi
                        };
                        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    }
                    other => out.push(other),
                }
            }
            c => out.push(c),
        }
    }
    None
}

/// Each word of `text` (runs of letters and digits), as a hash of its
/// lower-cased form: no string is built per word.
fn words(text: &str) -> impl Iterator<Item = u64> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| {
        // FNV-1a over the lower-cased characters.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for c in w.chars().map(crate::block::fold_char) {
            h = (h ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3);
        }
        h
    })
}

fn trigram(w: &[u64]) -> u64 {
    w[0].rotate_left(21) ^ w[1].rotate_left(42) ^ w[2]
}

/// The declared body as word trigrams and words, to tell which of the
/// page's text is in it.
pub(crate) struct Declared {
    trigrams: FastSet<u64>,
    words: FastSet<u64>,
    /// Length in the units of [`Stats::text_len`].
    pub len: u32,
}

impl Declared {
    pub fn new(body: &str) -> Declared {
        let ws: Vec<u64> = words(body).collect();
        let trigrams = ws.windows(3).map(trigram).collect();
        let len = super::stats::text_weight(body).0;
        Declared { trigrams, words: ws.into_iter().collect(), len }
    }

    /// The share of `text` found in the declared body (trigrams; single
    /// words for a text of fewer than three), or `None` for no words.
    pub fn share(&self, text: &str) -> Option<f32> {
        let ws: Vec<u64> = words(text).collect();
        if ws.is_empty() {
            return None;
        }
        if ws.len() < 3 {
            let hit = ws.iter().filter(|w| self.words.contains(*w)).count();
            return Some(hit as f32 / ws.len() as f32);
        }
        let all = ws.len() - 2;
        let hit = ws.windows(3).filter(|w| self.trigrams.contains(&trigram(w))).count();
        Some(hit as f32 / all as f32)
    }
}

/// The smallest element holding nine tenths of the page text found in the
/// declared body, if the page shows enough of it to trust.
pub(crate) fn declared_root(doc: &Doc, st: &Stats, declared: &Declared) -> Option<NodeId> {
    let n = doc.len();
    let mut matched = vec![0u32; n];
    for i in (0..n).rev() {
        let node = doc.node(i as NodeId);
        if let NodeKind::Text(t) = &node.kind {
            // Short text nodes (a link inside a sentence) prove nothing alone.
            if st.skip[i].is_none() && t.split_whitespace().nth(3).is_some() && declared.share(t).is_some_and(|s| s >= 0.5) {
                matched[i] = st.c[i].text_len;
            }
        }
        if let Some(p) = node.parent {
            matched[p as usize] += matched[i];
        }
    }
    let total = *matched.first()?;
    if total < 200 || (total as f32) < 0.5 * declared.len as f32 {
        return None;
    }
    let mut root =
        (0..n).filter(|&i| doc.node(i as NodeId).tag().is_some() && matched[i] as f32 >= 0.9 * total as f32).min_by_key(|&i| st.c[i].text_len)?;
    // The rest of the declared text may sit in a sibling box (an intro above
    // the body's own wrapper): take the parent while it adds more of the
    // declared text than of other text.
    let unmatched = |i: usize| st.c[i].text_len.saturating_sub(matched[i]);
    while matched[root] < total {
        let Some(p) = doc.node(root as NodeId).parent.map(|p| p as usize) else { break };
        let (more, other) = (matched[p] - matched[root], unmatched(p).saturating_sub(unmatched(root)));
        if more == 0 || other > more {
            break;
        }
        root = p;
    }
    Some(root as NodeId)
}

#[cfg(test)]
mod scan_tests {
    use super::article_bodies;

    #[test]
    fn article_bodies_are_read_from_json_ld() {
        let json = r#"{"@graph": [{"@type": "NewsArticle", "articleBody" : "One \"two\"\nthree \u00e9 \ud83d\ude00 \\ end", "x": 1},
            {"articleBody":"second"}, {"articleBody": 5}, {"articleBody": "never closed"#;
        assert_eq!(article_bodies(json), vec!["One \"two\"\nthree é 😀 \\ end".to_string(), "second".to_string()]);
        assert!(article_bodies("not json at all").is_empty());
    }
}
