//! WordPiece, as BERT's uncased tokenizer splits text (the vocabulary is
//! the teacher's, all-MiniLM-L6-v2's): white space and punctuation split
//! words, letters are lower-cased and lose their accents, and each word is
//! cut into the longest pieces the vocabulary holds, the later ones marked
//! `##`. Written here rather than taken from the `tokenizers` crate, which
//! would be most of the `.wasm`; the student is trained on exactly these
//! pieces (`sourcelight sentences` writes them), so the two cannot drift.

use std::ops::Range;

use crate::error::Error;

/// The most pieces a sentence is read as; the rest adds little.
pub const MAX_PIECES: usize = 96;
/// A longer word is one unknown piece, as in BERT.
const MAX_WORD_CHARS: usize = 100;

/// A vocabulary: pieces by id, and an open-addressed table to find them.
#[derive(Debug, Clone)]
pub struct Vocab {
    /// Every piece's text, one after another; `ends[i]` is where piece `i` ends.
    text: String,
    ends: Vec<u32>,
    /// Piece ids (plus one; 0 is empty) by hash; a power of two long.
    slots: Vec<u32>,
    unknown: u32,
}

fn hash(continued: bool, s: &str) -> u64 {
    let start = if continued { 0x84222325cbf29ce4u64 } else { 0xcbf2_9ce4_8422_2325 };
    let h = s.bytes().fold(start, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    h ^ (h >> 32)
}

impl Vocab {
    /// Reads a vocabulary: one piece a line, in id order (BERT's `vocab.txt`).
    pub fn from_lines(lines: &str) -> Result<Vocab, Error> {
        let mut text = String::with_capacity(lines.len());
        let mut ends = Vec::new();
        for line in lines.split('\n') {
            text.push_str(line);
            ends.push(text.len() as u32);
        }
        if ends.len() < 2 || ends.len() > (u32::MAX / 2) as usize {
            return Err(Error::Model("the vocabulary is empty or too large".into()));
        }
        let size = (ends.len() * 2).next_power_of_two();
        let mut v = Vocab { text, ends, slots: vec![0; size], unknown: 0 };
        for id in 0..v.ends.len() {
            let piece = v.piece(id as u32);
            let (continued, bare) = match piece.strip_prefix("##") {
                Some(rest) if !rest.is_empty() => (true, rest),
                _ => (false, piece),
            };
            let mut at = hash(continued, bare) as usize & (size - 1);
            while v.slots[at] != 0 {
                at = (at + 1) & (size - 1);
            }
            v.slots[at] = id as u32 + 1;
        }
        v.unknown = v.find(false, "[UNK]").ok_or_else(|| Error::Model("the vocabulary has no [UNK]".into()))?;
        Ok(v)
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn piece(&self, id: u32) -> &str {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// The id of `s` (a continuation piece without its `##` when `continued`).
    fn find(&self, continued: bool, s: &str) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut at = hash(continued, s) as usize & mask;
        loop {
            let slot = self.slots[at];
            if slot == 0 {
                return None;
            }
            let p = self.piece(slot - 1);
            let bare = if continued { p.strip_prefix("##") } else { Some(p) };
            if bare == Some(s) {
                return Some(slot - 1);
            }
            at = (at + 1) & mask;
        }
    }

    /// The pieces of `text`, each with the byte range of the word it is
    /// part of, at most [`MAX_PIECES`].
    pub fn pieces(&self, text: &str, out: &mut Vec<(u32, Range<usize>)>) {
        out.clear();
        let mut word = String::new();
        let mut start = 0;
        let flush = |word: &mut String, range: Range<usize>, out: &mut Vec<(u32, Range<usize>)>| {
            if !word.is_empty() && out.len() < MAX_PIECES {
                self.word_pieces(word, range, out);
            }
            word.clear();
        };
        for (i, c) in text.char_indices() {
            if c.is_whitespace() || c.is_control() {
                flush(&mut word, start..i, out);
                start = i + c.len_utf8();
            } else if is_punctuation(c) || is_cjk(c) {
                flush(&mut word, start..i, out);
                let end = i + c.len_utf8();
                word.push(c);
                flush(&mut word, i..end, out);
                start = end;
            } else {
                push_folded(&mut word, c);
            }
        }
        flush(&mut word, start..text.len(), out);
        out.truncate(MAX_PIECES);
    }

    fn word_pieces(&self, word: &str, range: Range<usize>, out: &mut Vec<(u32, Range<usize>)>) {
        let before = out.len();
        if word.chars().count() > MAX_WORD_CHARS {
            out.push((self.unknown, range));
            return;
        }
        let mut at = 0;
        while at < word.len() {
            let mut end = word.len();
            let found = loop {
                if let Some(id) = self.find(at > 0, &word[at..end]) {
                    break Some(id);
                }
                // One character shorter.
                match word[at..end].char_indices().next_back() {
                    Some((k, _)) if k > 0 => end = at + k,
                    _ => break None,
                }
            };
            match found {
                Some(id) => out.push((id, range.clone())),
                None => {
                    out.truncate(before);
                    out.push((self.unknown, range));
                    return;
                }
            }
            at = end;
        }
    }
}

/// BERT's punctuation: ASCII symbols and Unicode punctuation.
fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    matches!(c, '\u{2000}'..='\u{206F}' | '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '¡' | '¿' | '«' | '»' | '§' | '¶' | '·')
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// Lower-cases `c` and drops its accent, for the letters of the Latin
/// alphabets (what BERT's NFD and accent stripping do to them); a full
/// Unicode decomposition table would cost more of the `.wasm` than the
/// rest of the tokenizer.
fn push_folded(out: &mut String, c: char) {
    // NFD, marks dropped, lower case, for U+00C0–U+00FF and U+0100–U+017F.
    const LATIN1: &str = "aaaaaaæceeeeiiiiðnooooo×øuuuuyþßaaaaaaæceeeeiiiiðnooooo÷øuuuuyþy";
    const EXT_A: &str =
        "aaaaaaccccccccddđđeeeeeeeeeegggggggghhħħiiiiiiiiiıĳĳjjkkĸllllllŀŀłłnnnnnnŉŋŋooooooœœrrrrrrssssssssttttŧŧuuuuuuuuuuuuwwyyyzzzzzzſ";
    let code = c as u32;
    let folded = match code {
        0xC0..=0xFF => LATIN1.chars().nth((code - 0xC0) as usize),
        0x100..=0x17F => EXT_A.chars().nth((code - 0x100) as usize),
        // Combining marks: what NFD leaves of an accent.
        0x300..=0x36F => return,
        _ => None,
    };
    match folded {
        Some(f) => out.push(f),
        // Greek and Cyrillic as the engine folds them elsewhere; the full
        // Unicode case tables would cost the `.wasm` more than the rest.
        None => out.push(crate::block::fold_char(c)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocab {
        Vocab::from_lines("[PAD]\n[UNK]\nthe\nminister\nsaid\n,\n.\nun\n##aff\n##able\ncafe\n\"\nit").expect("a vocabulary")
    }

    fn ids(v: &Vocab, text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        v.pieces(text, &mut out);
        out.into_iter().map(|p| p.0).collect()
    }

    #[test]
    fn splits_words_punctuation_and_pieces() {
        let v = vocab();
        assert_eq!(ids(&v, "The minister said, \"unaffable.\""), [2, 3, 4, 5, 11, 7, 8, 9, 6, 11]);
        assert_eq!(ids(&v, "Café"), [10], "accents fold away");
        assert_eq!(ids(&v, "unxyz"), [1], "a word with a piece the vocabulary lacks is unknown");
        let mut out = Vec::new();
        v.pieces("said  unaffable", &mut out);
        assert_eq!(out[1].1, 6..15, "each piece keeps its word's bytes");
    }

    #[test]
    fn the_fold_tables_cover_their_blocks() {
        let mut s = String::new();
        push_folded(&mut s, 'À');
        push_folded(&mut s, 'ÿ');
        push_folded(&mut s, 'Ā');
        push_folded(&mut s, 'ſ');
        assert_eq!(s, "ayaſ");
    }

    #[test]
    fn a_vocabulary_needs_an_unknown_piece() {
        assert!(Vocab::from_lines("a\nb").is_err());
        assert!(Vocab::from_lines("").is_err());
    }
}
