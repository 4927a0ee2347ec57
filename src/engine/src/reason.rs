//! Why a sentence got its label, as the tooltip and the exports say it.
//!
//! The engine decides *which* reason applies and which of the page's words it
//! quotes ([`Why`]: message keys with their arguments); the wording is the
//! language's data, the `why_*` messages of `extension/_locales/<lang>/
//! messages.json`, the same file every other UI string comes from. The
//! native build compiles its language's messages in ([`Reasons`], made by
//! build.rs from that file) and writes the reason out; the wasm carries no
//! wording at all: its answer holds the keys and arguments, and the page
//! renders them through the browser's `i18n` (`readAnswer` in
//! `extension/walker.js`), so a second language's reasons are its
//! `_locales` file.

use serde::ser::{Serialize, SerializeSeq, Serializer};

use crate::error::Error;

/// One message of a reason: its key in `_locales` and its arguments (`$1`,
/// `$2`, … in the message), the page's own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<String>,
}

/// A reason: one or more messages, said one after the other.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Why {
    pub parts: Vec<Message>,
}

impl Why {
    /// A reason of one message. (A `Vec`, not any iterator: each iterator
    /// type would be a copy of the code in the wasm.)
    pub fn new(key: &'static str, args: Vec<String>) -> Why {
        Why { parts: vec![Message { key, args }] }
    }

    /// A reason with no arguments.
    pub fn fixed(key: &'static str) -> Why {
        Why::new(key, Vec::new())
    }

    /// This reason and then another message.
    pub fn then(mut self, key: &'static str, args: Vec<String>) -> Why {
        self.parts.push(Message { key, args });
        self
    }
}

/// On the wire to the page: `[[key, arg, …], …]`.
impl Serialize for Why {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.parts.len()))?;
        for m in &self.parts {
            seq.serialize_element(&MessageWire(m))?;
        }
        seq.end()
    }
}

struct MessageWire<'a>(&'a Message);

impl Serialize for MessageWire<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(1 + self.0.args.len()))?;
        seq.serialize_element(self.0.key)?;
        for a in &self.0.args {
            seq.serialize_element(a)?;
        }
        seq.end()
    }
}

/// A language's reason messages: each key's text with `$1`, `$2`, … where
/// its arguments go (the placeholders of `_locales` resolved by build.rs),
/// sorted by key: every sentence looks one up.
#[derive(Debug, Clone, Default)]
pub struct Reasons {
    messages: Vec<(String, String)>,
}

impl Reasons {
    /// Reads the table build.rs writes: one `key<TAB>message` a line.
    pub fn parse(text: &str) -> Result<Reasons, Error> {
        let mut messages = Vec::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let (key, message) = line.split_once('\t').ok_or_else(|| Error::Model(format!("a reason without its message: {line:?}")))?;
            messages.push((key.to_string(), message.to_string()));
        }
        messages.sort_unstable();
        Ok(Reasons { messages })
    }

    pub fn message(&self, key: &str) -> Option<&str> {
        let i = self.messages.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok()?;
        Some(self.messages[i].1.as_str())
    }

    /// The reason in words; a key with no message is written as the key,
    /// as the browser's `i18n` would leave it.
    pub fn render(&self, why: &Why) -> String {
        let mut out = String::new();
        for m in &why.parts {
            if !out.is_empty() {
                out.push(' ');
            }
            self.render_message(m.key, &m.args, &mut out);
        }
        out
    }

    /// One message with its arguments in place of `$1`, `$2`, ….
    pub fn render_message(&self, key: &str, args: &[String], out: &mut String) {
        let Some(text) = self.message(key) else {
            out.push_str(key);
            return;
        };
        let mut rest = text;
        while let Some(at) = rest.find('$') {
            out.push_str(&rest[..at]);
            let digits = rest[at + 1..].bytes().take_while(u8::is_ascii_digit).count();
            match rest[at + 1..at + 1 + digits].parse::<usize>() {
                Ok(n) if n >= 1 => out.push_str(args.get(n - 1).map_or("", String::as_str)),
                _ => out.push('$'),
            }
            rest = &rest[at + 1 + digits..];
        }
        out.push_str(rest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_take_their_arguments_in_order() {
        let r = Reasons::parse("why_a\tAttributed to $1 (“$2”).\nwhy_b\tThe hedge outweighs it.\n").unwrap();
        let why = Why::new("why_a", vec!["the council".to_string(), "said".to_string()]).then("why_b", vec![]);
        assert_eq!(r.render(&why), "Attributed to the council (“said”). The hedge outweighs it.");
        assert_eq!(r.render(&Why::fixed("why_missing")), "why_missing");
        assert!(Reasons::parse("no tab here").is_err());
    }

    #[test]
    fn the_wire_form_is_keys_then_arguments() {
        let why = Why::new("why_a", vec!["x".to_string()]).then("why_b", vec![]);
        assert_eq!(serde_json::to_string(&why).unwrap(), r#"[["why_a","x"],["why_b"]]"#);
    }
}
