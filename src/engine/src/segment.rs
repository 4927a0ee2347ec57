//! Sentence segmentation. Rules in the style of pySBD's "golden rules":
//! a full stop, question or exclamation mark (with any closing quotes and
//! brackets after it) ends a sentence when white space and a sentence start
//! follow, unless the word before it is an abbreviation, an initial, or a
//! list marker. Abbreviations come from a data file per language.

use std::ops::Range;

use crate::lexicon::{Abbreviations, Lexicon, PhraseSet};

const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', '›', ')', ']', '}', '」', '』'];
const OPENERS: &[char] = &['"', '\'', '“', '‘', '«', '‹', '(', '[', '{', '¿', '¡', '「', '『'];
const BULLETS: &[char] = &['•', '⁃', '◦', '▪', '●', '‣'];
/// Terminals of scripts that do not put a space after a sentence.
const WIDE_TERMINALS: &[char] = &['。', '！', '？', '｡'];

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '؟' | '।') || WIDE_TERMINALS.contains(&c)
}

pub struct Segmenter {
    abbr: Abbreviations,
    starters: PhraseSet,
}

/// What the token after a candidate boundary starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    Upper,
    Lower,
    Digit,
    /// A letter of a script without case (CJK, Arabic, Hebrew…), or a bullet.
    Uncased,
    Other,
}

fn classify_next(tok: &str) -> Next {
    let Some(c) = tok.trim_start_matches(OPENERS).chars().next() else { return Next::Other };
    if BULLETS.contains(&c) {
        Next::Uncased
    } else if c.is_uppercase() {
        Next::Upper
    } else if c.is_lowercase() {
        Next::Lower
    } else if c.is_numeric() {
        Next::Digit
    } else if c.is_alphabetic() {
        Next::Uncased
    } else {
        Next::Other
    }
}

/// The white-space separated token starting at byte `i` (which is not space).
fn token_at(text: &str, i: usize) -> &str {
    let rest = &text[i..];
    &rest[..rest.find(char::is_whitespace).unwrap_or(rest.len())]
}

/// The token ending just before byte `i`.
fn token_before(text: &str, i: usize) -> &str {
    let head = &text[..i];
    let start = head.rfind(char::is_whitespace).map(|p| p + head[p..].chars().next().map_or(1, char::len_utf8)).unwrap_or(0);
    &head[start..]
}

/// A list marker at byte `i`: `1.` `1.)` `1)` `a.` `a)`; its value and the
/// bytes it spans. Values: numbers as is, letters as 1 for `a`, 2 for `b`…
fn list_marker(text: &str, i: usize) -> Option<(u32, bool, usize)> {
    let tok = token_at(text, i);
    let digits = tok.bytes().take_while(u8::is_ascii_digit).count();
    let (value, numeric, rest) = if (1..=3).contains(&digits) {
        (tok[..digits].parse().ok()?, true, &tok[digits..])
    } else {
        let c = tok.chars().next()?;
        if !c.is_ascii_lowercase() {
            return None;
        }
        (c as u32 - 'a' as u32 + 1, false, &tok[1..])
    };
    matches!(rest, "." | ".)" | ")").then_some((value, numeric, tok.len()))
}

impl Segmenter {
    /// The segmenter of a language's lexicon: its abbreviations and the
    /// words that start a sentence.
    pub fn new(lex: &Lexicon) -> Segmenter {
        Segmenter { abbr: lex.abbreviations.clone(), starters: lex.sentence_starters.clone() }
    }

    fn is_starter(&self, tok: &str) -> bool {
        let w: String = tok.trim_start_matches(OPENERS).chars().take_while(|c| c.is_alphanumeric()).collect();
        self.starters.contains_word(&crate::block::fold_case(&w))
    }

    /// Splits `text` (one block, white space already collapsed) into sentence
    /// byte ranges that are trimmed, non-empty and in order.
    pub fn split(&self, text: &str) -> Vec<Range<usize>> {
        let (mut cuts, quiet) = self.list_cuts(text);
        let quotes = quotations(text);
        let mut i = 0;
        while i < text.len() {
            let Some(c) = text[i..].chars().next() else { break };
            if !is_terminal(c) || quiet.contains(&i) {
                i += c.len_utf8();
                continue;
            }
            let (cut, resume) = self.boundary_at(text, i);
            if let Some(cut) = cut {
                // A quotation closed later in the block holds its sentences
                // together (the quoted passage is one claim, and its speaker
                // is often named after it: "“… . …,” Lourimi said.").
                if !quotes.iter().any(|q| q.start < i && q.end >= cut) {
                    cuts.push(cut);
                }
            }
            i = resume.max(i + c.len_utf8());
        }
        cuts.sort_unstable();
        cuts.dedup();
        let mut out = Vec::new();
        let mut start = 0;
        for cut in cuts.into_iter().chain(std::iter::once(text.len())) {
            if cut > start {
                let piece = &text[start..cut];
                let lead = piece.len() - piece.trim_start().len();
                let trimmed = piece.trim();
                if !trimmed.is_empty() {
                    out.push(start + lead..start + lead + trimmed.len());
                }
                start = cut;
            }
        }
        out
    }

    /// Cut points before list items, and the full stops of list markers (which
    /// are not sentence ends). Only for text that starts as a list.
    fn list_cuts(&self, text: &str) -> (Vec<usize>, Vec<usize>) {
        let mut cuts = Vec::new();
        let mut quiet = Vec::new();
        let first = text.chars().next();
        let token_starts = || text.char_indices().filter(|&(p, _)| p == 0 || text[..p].ends_with(char::is_whitespace)).map(|(p, _)| p);
        let quiet_marker = |quiet: &mut Vec<usize>, p: usize, len: usize| {
            if let Some(d) = text[p..p + len].find('.') {
                quiet.push(p + d);
            }
        };
        if first.is_some_and(|c| BULLETS.contains(&c)) {
            for (p, c) in text.char_indices() {
                if BULLETS.contains(&c) {
                    if p > 0 {
                        cuts.push(p);
                    }
                    let after = p + c.len_utf8();
                    let after = after + text[after..].len() - text[after..].trim_start().len();
                    if after < text.len() {
                        if let Some((_, true, len)) = list_marker(text, after) {
                            quiet_marker(&mut quiet, after, len);
                        }
                    }
                }
            }
        } else if let Some((v0, numeric, len)) = list_marker(text, 0) {
            if v0 == 1 {
                quiet_marker(&mut quiet, 0, len);
                let mut want = v0 + 1;
                for p in token_starts().filter(|&p| p > 0) {
                    if let Some((v, n, len)) = list_marker(text, p) {
                        if v == want && n == numeric {
                            cuts.push(p);
                            quiet_marker(&mut quiet, p, len);
                            want += 1;
                        }
                    }
                }
            }
        }
        (cuts, quiet)
    }

    /// Decides whether the terminal at byte `i` ends a sentence. Returns the
    /// cut (where the next sentence may start) and where scanning resumes.
    fn boundary_at(&self, text: &str, i: usize) -> (Option<usize>, usize) {
        // The run of terminal marks: "?!", "....", "…".
        let run_end = i + text[i..].find(|c: char| !is_terminal(c)).unwrap_or(text.len() - i);
        let run = &text[i..run_end];
        let prev = text[..i].chars().next_back();
        let spaced = spaced_dots(text, run_end);

        // "[...]": an omission mark, not an end.
        if prev == Some('[') {
            return (None, run_end);
        }
        // Spaced ellipsis ". . ." begun after a space: it ends a sentence only
        // with a fourth dot (the full stop) before a capital.
        if run == "." && prev.is_some_and(char::is_whitespace) {
            let (count, end) = spaced_dots_from(text, i);
            if count >= 3 {
                let after = skip_closers(text, end);
                let ok = count >= 4 && self.next_starts_sentence(text, after, None);
                return (ok.then_some(after), after);
            }
        }
        // "word. . . . Next": the full stop ends the sentence and the ellipsis
        // opens the next one.
        if run == "." && spaced.0 >= 3 {
            let after = skip_closers(text, spaced.1);
            if after < text.len() && self.next_starts_sentence(text, after, None) {
                return (Some(run_end), spaced.1);
            }
            return (None, spaced.1);
        }

        let after = skip_closers(text, run_end);
        if run.chars().all(|c| WIDE_TERMINALS.contains(&c)) {
            return ((after < text.len()).then_some(after), after);
        }
        if after >= text.len() {
            return (None, after);
        }
        if !text[after..].starts_with(char::is_whitespace) {
            return (None, after);
        }
        if run != "." {
            return (self.next_starts_sentence(text, after, None).then_some(after), after);
        }
        let word = token_before(text, i).trim_start_matches(OPENERS);
        let ok = self.next_starts_sentence(text, after, Some((word, text, i)));
        (ok.then_some(after), after)
    }

    /// Whether the text after byte `after` (white space) starts a sentence,
    /// given the word before a single full stop, if any.
    fn next_starts_sentence(&self, text: &str, after: usize, word_before: Option<(&str, &str, usize)>) -> bool {
        let rest = text[after..].trim_start();
        if rest.is_empty() {
            return false;
        }
        let mut tok = token_at(rest, 0);
        // A line signed with a dash after the quotation it ends ("…in
        // trouble.” ― Edwin G. Monroy “Mr. Trump…”): the name starts the next.
        if matches!(tok, "―" | "—") {
            let after = rest[tok.len()..].trim_start();
            tok = token_at(after, 0);
        }
        let next = classify_next(tok);
        let starts = matches!(next, Next::Upper | Next::Digit | Next::Uncased);
        let Some((word, text, i)) = word_before else { return starts };
        if !starts {
            return false;
        }
        let lower = crate::block::fold_case(word);
        if lower.contains('.') {
            let parts: Vec<&str> = lower.split('.').collect();
            let initialism = parts.iter().all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(char::is_alphabetic));
            if initialism {
                if self.abbr.never_end.contains(&lower) {
                    return false;
                }
                if lower == "a.m" || lower == "p.m" {
                    let upper = word.chars().any(char::is_uppercase);
                    return if upper { next == Next::Upper } else { self.is_starter(tok) };
                }
                return self.is_starter(tok);
            }
            return true;
        }
        let letters = word.chars().count();
        if letters == 1 && word.chars().all(char::is_alphabetic) {
            // "you and I. Did": the pronoun ends a sentence; "Albert I. Jones"
            // and "Jonas E. Smith" are initials.
            return word == "I" && !self.prev_word_capitalised(text, i, word);
        }
        if self.abbr.titles.contains(&lower) || self.abbr.never_end.contains(&lower) {
            return false;
        }
        if self.abbr.number_prefixes.contains(&lower) {
            return next != Next::Digit && (next == Next::Uncased || self.is_starter(tok));
        }
        if self.abbr.suffixes.contains(&lower) {
            return self.is_starter(tok);
        }
        true
    }

    fn prev_word_capitalised(&self, text: &str, i: usize, word: &str) -> bool {
        let start = before_start(text, i, word);
        let prev = token_before(text, start).trim_end_matches([',', ';', ':']);
        prev.chars().next().is_some_and(char::is_uppercase)
    }
}

/// Byte index where the token `word` ending at `i` begins, minus the space
/// before it (so that `token_before` of it is the previous word).
fn before_start(text: &str, i: usize, word: &str) -> usize {
    let s = i.saturating_sub(word.len());
    text[..s].trim_end().len()
}

/// Counts " ." pairs starting at byte `i` ("word. . . ." has three after the
/// first dot); returns the count and where they end.
/// The longest quotation, in bytes, that is read as one sentence; past it,
/// a missing closing mark more likely joined two quotations.
const QUOTATION_MAX: usize = 600;

/// The quotations of `text` that close within it: from the opening mark to
/// the closing one (its byte), for curly double quotes, guillemets and
/// straight double quotes (an opening one starts a word, a closing one ends
/// one). A mark left open (a quotation that goes on in the next paragraph,
/// as news style has it) holds nothing together.
fn quotations(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let starts_word = prev.is_none_or(|p| p.is_whitespace() || OPENERS.contains(&p) || matches!(p, '—' | '–'));
        let closes = match (c, open) {
            ('”', Some((_, '“'))) | ('»', Some((_, '«'))) => true,
            ('"', Some((_, '"'))) => prev.is_some_and(|p| !p.is_whitespace()),
            _ => false,
        };
        if let (true, Some((o, _))) = (closes, open) {
            if i - o <= QUOTATION_MAX {
                out.push(o..i);
            }
            open = None;
        } else if matches!(c, '“' | '«') || (c == '"' && starts_word && next.is_some_and(|n| !n.is_whitespace())) {
            open = Some((i, c));
        }
        prev = Some(c);
    }
    out
}

fn spaced_dots(text: &str, mut i: usize) -> (usize, usize) {
    let mut n = 0;
    while text[i..].starts_with(" .") {
        n += 1;
        i += 2;
    }
    (n, i)
}

/// Counts the dots of a spaced ellipsis whose first dot is at `i`.
fn spaced_dots_from(text: &str, i: usize) -> (usize, usize) {
    let (n, end) = spaced_dots(text, i + 1);
    (n + 1, end)
}

fn skip_closers(text: &str, mut i: usize) -> usize {
    while let Some(c) = text[i..].chars().next() {
        if CLOSERS.contains(&c) {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<String> {
        let s = Segmenter::new(&Lexicon::english());
        s.split(t).into_iter().map(|r| t[r].to_string()).collect()
    }

    #[test]
    fn news_cases() {
        assert_eq!(
            split("On Dec. 25, a plane flew to St. Petersburg. On Dec. 26, it left."),
            vec!["On Dec. 25, a plane flew to St. Petersburg.", "On Dec. 26, it left."]
        );
        assert_eq!(
            split("Rumor has it that talks were “difficult and tense.” The Russians left."),
            vec!["Rumor has it that talks were “difficult and tense.”", "The Russians left."]
        );
        assert_eq!(
            split("“What difference does it make?” he asked. Northwind Cloud Inc. said no."),
            vec!["“What difference does it make?” he asked.", "Northwind Cloud Inc. said no."]
        );
        // A closed quotation is one sentence, its speaker after it or not;
        // one left open (it goes on in the next paragraph) is split as usual.
        assert_eq!(
            split("“There is a consensus here. We want to unify against this danger,” Lourimi said. Then he left."),
            vec!["“There is a consensus here. We want to unify against this danger,” Lourimi said.", "Then he left."]
        );
        assert_eq!(
            split("She added: \"They never stood a chance. She burned and crashed.\" It was 2 a.m."),
            vec!["She added: \"They never stood a chance. She burned and crashed.\"", "It was 2 a.m."]
        );
        assert_eq!(split("“Most of us don’t believe it. Nobody does."), vec!["“Most of us don’t believe it.", "Nobody does."]);
        assert_eq!(split("A 50\" screen. It is big. \"Yes.\""), vec!["A 50\" screen.", "It is big.", "\"Yes.\""]);
        assert_eq!(split("Service was restored at 3:12 p.m."), vec!["Service was restored at 3:12 p.m."]);
        // A line signed with a dash after the quotation it ends.
        assert_eq!(
            split("“We are in trouble.” ― Edwin G. Monroy “He is clueless.”"),
            vec!["“We are in trouble.”", "― Edwin G. Monroy “He is clueless.”"]
        );
        assert_eq!(split("It was over. — and then it was not."), vec!["It was over. — and then it was not."]);
        // Plural titles precede names too.
        assert_eq!(
            split("Sens. Jeff Merkley and Sherrod Brown agreed. Reps. Ann Kuster said no."),
            vec!["Sens. Jeff Merkley and Sherrod Brown agreed.", "Reps. Ann Kuster said no."]
        );
        assert_eq!(split("新闻。第二句。"), vec!["新闻。", "第二句。"]);
        assert_eq!(split("no punctuation at all"), vec!["no punctuation at all"]);
        assert!(split("   ").is_empty());
    }
}
