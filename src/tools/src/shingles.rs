//! The shingle score of the public article-extraction benchmarks (Zyte's
//! article-extraction-benchmark, used by trafilatura and others): both texts
//! become 4-token shingles (tokens are maximal runs of word characters, case
//! kept), and a page's precision and recall count shared shingles with their
//! multiplicity. Over many pages, the means of precision and of recall give
//! the F1. `sourcelight extract --truth` and the extraction tests score with it.

use std::collections::HashMap;

use crate::score::f1;

const N: usize = 4;

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !is_word(c)).filter(|t| !t.is_empty()).collect()
}

/// Shingles with their counts. A text shorter than four tokens is one
/// shingle of what it has, as in the benchmark; an empty text has none.
fn shingles<'a>(tokens: &'a [&'a str]) -> HashMap<&'a [&'a str], u32> {
    let mut m = HashMap::new();
    if tokens.is_empty() {
        return m;
    }
    let count = tokens.len().saturating_sub(N - 1).max(1);
    for i in 0..count {
        *m.entry(&tokens[i..(i + N).min(tokens.len())]).or_insert(0) += 1;
    }
    m
}

/// One page's precision and recall of `predicted` against `truth`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageScore {
    pub precision: f64,
    pub recall: f64,
}

impl PageScore {
    pub fn f1(&self) -> f64 {
        f1(self.precision, self.recall)
    }
}

/// Scores one page. Nothing on either side is a perfect page.
pub fn score(truth: &str, predicted: &str) -> PageScore {
    let (tt, pt) = (tokens(truth), tokens(predicted));
    let (ts, ps) = (shingles(&tt), shingles(&pt));
    let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
    for (k, &t) in &ts {
        let p = ps.get(k).copied().unwrap_or(0);
        tp += u64::from(t.min(p));
        fn_ += u64::from(t.saturating_sub(p));
    }
    for (k, &p) in &ps {
        fp += u64::from(p.saturating_sub(ts.get(k).copied().unwrap_or(0)));
    }
    let ratio = |num: u64, den: u64| if den == 0 { 1.0 } else { num as f64 / den as f64 };
    PageScore { precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn_) }
}

/// The benchmark's overall figures: mean precision, mean recall, and the F1
/// of those two means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Overall {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub pages: usize,
}

pub fn overall(pages: &[PageScore]) -> Overall {
    let n = pages.len().max(1) as f64;
    let precision = pages.iter().map(|p| p.precision).sum::<f64>() / n;
    let recall = pages.iter().map(|p| p.recall).sum::<f64>() / n;
    Overall { precision, recall, f1: f1(precision, recall), pages: pages.len() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_and_disjoint_texts() {
        let s = score("one two three four five", "one two three four five");
        assert_eq!((s.precision, s.recall), (1.0, 1.0));
        let s = score("one two three four five", "six seven eight nine");
        assert_eq!((s.precision, s.recall), (0.0, 0.0));
        assert_eq!(score("", ""), PageScore { precision: 1.0, recall: 1.0 });
        assert_eq!(score("a b c d", ""), PageScore { precision: 1.0, recall: 0.0 });
    }

    #[test]
    fn counts_repeats_and_ignores_punctuation() {
        // truth: 2 shingles; predicted repeats the text: 5 shingles, 2 shared.
        let s = score("a, b. c d e", "a b c d e a b c d e");
        assert!((s.recall - 1.0).abs() < 1e-9);
        assert!((s.precision - 2.0 / 7.0).abs() < 1e-9, "{s:?}");
        // Short texts are one shingle.
        assert_eq!(score("Hello world", "Hello world").precision, 1.0);
        assert_eq!(tokens("l'été, 2019_x"), vec!["l", "été", "2019_x"]);
    }

    #[test]
    fn overall_is_f1_of_means() {
        let o = overall(&[PageScore { precision: 1.0, recall: 0.5 }, PageScore { precision: 0.5, recall: 1.0 }]);
        assert!((o.f1 - 0.75).abs() < 1e-9);
    }
}
