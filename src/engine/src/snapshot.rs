//! The page snapshot as it crosses from the page to the engine: one string,
//! written by `extension/walker.js` and read here straight into a [`Doc`].
//!
//! Why not JSON: the snapshot is built on the page's own thread, and every
//! millisecond there is one the reader feels. Appending to a string costs less
//! than building an object per node and then `JSON.stringify`, which also
//! escapes every quote in the page's text; and reading it here costs less than
//! walking a JavaScript object graph through `serde-wasm-bindgen`. Strings are
//! length-prefixed, so page text is copied as it is and needs no escaping.
//!
//! ```text
//! snapshot := "SL2" str(url) str(title) str(lang) node*
//! node     := "T" int(back) "," str(text)
//!           | "E" int(back) "," str(tag) attr*
//! attr     := letter str(value)     letter: "a" + index in KEPT_ATTRIBUTES
//! str      := int(n) ":" n UTF-16 code units
//! int      := decimal digits
//! ```
//! `back` is how many nodes back the parent is (`id - parent`); 0 is a root.
//! Lengths count UTF-16 units because that is what `String.length` gives the
//! walker for free and what DOM offsets use; a lone surrogate becomes U+FFFD
//! on its way into UTF-8, which is one unit too, so lengths survive it.

use crate::dom::{Doc, DocBuilder, NodeId, NodeKind, Snapshot, KEPT_ATTRIBUTES};
use crate::error::Error;

impl Doc {
    /// Builds the arena from a typed page snapshot, checking that it is well
    /// formed (parents precede children). It goes through the same reader as
    /// the page walker's text, so tests of one test the other.
    pub fn from_snapshot(snap: Snapshot) -> Result<Doc, Error> {
        decode(&encode(&snap)?)
    }
}

/// First bytes of every snapshot; the number changes with the format.
pub const MAGIC: &str = "SL2";

/// Reads a snapshot into a document, checking it is a tree in document order
/// (it comes from page-controlled data).
pub fn decode(wire: &str) -> Result<Doc, Error> {
    let mut r = Reader { s: wire, pos: 0 };
    if !wire.starts_with(MAGIC) {
        return Err(Error::Snapshot("not a Sourcelight snapshot (wrong version?)".into()));
    }
    r.pos = MAGIC.len();
    let url = r.string()?.to_string();
    let title = r.string()?.to_string();
    let lang = r.string()?.to_string();
    let mut b = DocBuilder::default();
    let mut id: u64 = 0;
    while let Some(kind) = r.peek() {
        if kind != b'T' && kind != b'E' {
            return Err(Error::Snapshot(format!("unknown node kind `{}` at byte {}", kind as char, r.pos)));
        }
        r.pos += 1;
        let back = r.int()?;
        r.expect(b',')?;
        let parent = match back {
            0 => None,
            n if n <= id => Some(NodeId::try_from(id - n).map_err(|_| Error::TooLarge)?),
            n => return Err(Error::Snapshot(format!("node {id} names a parent {n} nodes back"))),
        };
        let node = if kind == b'T' {
            NodeKind::Text(r.string()?.to_string())
        } else {
            let tag = r.string()?.to_ascii_lowercase();
            let mut attrs = Vec::new();
            while let Some(name) = r.peek().and_then(attribute_name) {
                r.pos += 1;
                attrs.push((name.to_string(), r.string()?.to_string()));
            }
            NodeKind::Element { tag, attrs }
        };
        b.push_with_parent(parent, node)?;
        id += 1;
    }
    let mut doc = b.finish(url, title);
    doc.lang = lang;
    Ok(doc)
}

fn attribute_name(letter: u8) -> Option<&'static str> {
    KEPT_ATTRIBUTES.get(letter.checked_sub(b'a')? as usize).copied()
}

/// Writes a snapshot the way the page walker does (for tests and tools: the
/// extension's snapshots are written in JavaScript).
pub fn encode(snap: &Snapshot) -> Result<String, Error> {
    let mut out = String::from(MAGIC);
    let put = |out: &mut String, s: &str| {
        out.push_str(&s.encode_utf16().count().to_string());
        out.push(':');
        out.push_str(s);
    };
    put(&mut out, &snap.url);
    put(&mut out, &snap.title);
    put(&mut out, &snap.lang);
    for (i, n) in snap.nodes.iter().enumerate() {
        let back = match n.p {
            p if p < 0 => 0,
            p if (p as usize) < i => i - p as usize,
            p => return Err(Error::Snapshot(format!("node {i} names parent {p} that does not precede it"))),
        };
        let text = n.t == "#text";
        out.push(if text { 'T' } else { 'E' });
        out.push_str(&back.to_string());
        out.push(',');
        if text {
            put(&mut out, n.x.as_deref().unwrap_or_default());
        } else {
            put(&mut out, &n.t);
            for pair in n.a.chunks_exact(2) {
                if let Some(k) = KEPT_ATTRIBUTES.iter().position(|k| *k == pair[0]) {
                    out.push((b'a' + k as u8) as char);
                    put(&mut out, &pair[1]);
                }
            }
        }
    }
    Ok(out)
}

struct Reader<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.pos).copied()
    }

    fn expect(&mut self, byte: u8) -> Result<(), Error> {
        if self.peek() != Some(byte) {
            return Err(Error::Snapshot(format!("expected `{}` at byte {}", byte as char, self.pos)));
        }
        self.pos += 1;
        Ok(())
    }

    fn int(&mut self) -> Result<u64, Error> {
        let start = self.pos;
        let mut n: u64 = 0;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(u64::from(d - b'0')))
                .ok_or_else(|| Error::Snapshot(format!("number too large at byte {start}")))?;
            self.pos += 1;
        }
        if self.pos == start {
            return Err(Error::Snapshot(format!("expected a number at byte {start}")));
        }
        Ok(n)
    }

    /// A length-prefixed string: `n:` then `n` UTF-16 units.
    fn string(&mut self) -> Result<&'a str, Error> {
        let units = usize::try_from(self.int()?).map_err(|_| Error::TooLarge)?;
        self.expect(b':')?;
        let rest = &self.s[self.pos..];
        // Most text is ASCII, where a unit is a byte.
        let len = match rest.as_bytes().get(..units) {
            Some(head) if head.is_ascii() => units,
            _ => {
                utf16_prefix(rest, units).ok_or_else(|| Error::Snapshot(format!("string of {units} units at byte {} runs past the end", self.pos)))?
            }
        };
        self.pos += len;
        Ok(&rest[..len])
    }
}

/// The byte length of the first `units` UTF-16 units of `s`, if they end on
/// a character boundary.
fn utf16_prefix(s: &str, units: usize) -> Option<usize> {
    let mut seen = 0;
    for (at, c) in s.char_indices() {
        if seen == units {
            return Some(at);
        }
        seen += c.len_utf16();
    }
    (seen == units).then_some(s.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dom::SnapNode;

    fn n(p: i64, t: &str, x: Option<&str>, a: &[&str]) -> SnapNode {
        SnapNode { p, t: t.into(), x: x.map(Into::into), a: a.iter().map(|s| s.to_string()).collect() }
    }

    #[test]
    fn round_trips_text_that_looks_like_the_format() {
        let tricky = "T1,5:E0,é😀\u{0}\"\\ 3:ab <b>";
        let snap = Snapshot {
            url: "https://x.example/ä".into(),
            title: "Ünïcode 😀".into(),
            lang: "pt-BR".into(),
            nodes: vec![
                n(-1, "body", None, &["class", "story", "onclick", "dropped"]),
                n(0, "P", None, &["href", "a:b"]),
                n(1, "#text", Some(tricky), &[]),
                n(0, "#text", Some(""), &[]),
            ],
        };
        let wire = encode(&snap).unwrap();
        assert!(wire.starts_with("SL2"));
        let doc = decode(&wire).unwrap();
        assert_eq!((doc.url.as_str(), doc.title.as_str(), doc.lang.as_str()), ("https://x.example/ä", "Ünïcode 😀", "pt-BR"));
        assert_eq!(doc.len(), 4);
        assert_eq!(doc.node(0).attr("class"), Some("story"));
        assert_eq!(doc.node(0).attr("onclick"), None);
        assert_eq!(doc.node(1).tag(), Some("p"));
        assert_eq!(doc.node(1).attr("href"), Some("a:b"));
        assert_eq!(doc.node(2).text(), Some(tricky));
        assert_eq!(doc.node(3).parent, Some(0));
    }

    #[test]
    fn what_the_walker_writes() {
        // The same bytes walker.js writes for <body class="x"><p>Hi é</p></body>.
        let doc = decode("SL212:https://a.b/5:Title2:frE0,4:bodyb1:xE1,1:pT1,4:Hi é").unwrap();
        assert_eq!(doc.node(2).text(), Some("Hi é"));
        assert_eq!(doc.lang(), Some("fr"));
        assert_eq!(doc.node(1).parent, Some(0));
        assert_eq!(doc.node(0).end, 3);
    }

    #[test]
    fn rejects_bad_snapshots_with_a_reason() {
        for bad in [
            "",
            "SL2",
            "SL112:https://a.b/5:TitleE0,4:body",
            "SL20:0:0:X0,0:",
            "SL20:0:0:E1,4:body",
            "SL20:0:0:E0,4:bo",
            "SL20:0:0:E0,4:body;",
            "SL20:0:0:T0,1:😀",
            "SL20:0:0:E0,99999999999999999999999:x",
            "SL20:0:0:E0,4:bodyT1,1:xT1,1:y",
        ] {
            let err = decode(bad).expect_err(bad).to_string();
            assert!(err.starts_with("malformed page snapshot"), "{bad}: {err}");
        }
    }

    #[test]
    fn counts_utf16_units() {
        assert_eq!(utf16_prefix("😀x", 2), Some(4));
        assert_eq!(utf16_prefix("😀x", 1), None);
        assert_eq!(utf16_prefix("😀x", 3), Some(5));
        assert_eq!(utf16_prefix("😀x", 4), None);
    }
}
