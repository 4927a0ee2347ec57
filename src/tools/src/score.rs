//! Scoring against a labeled data set (the format of
//! `shared/corpus/labeled_dev.json`): boundary accuracy, per-label precision,
//! recall and F1, macro-F1 and a confusion matrix.

use serde::Deserialize;

use sourcelight_engine::annotation::Label;
use sourcelight_engine::Annotated;

#[derive(Debug, Clone, Deserialize)]
pub struct GoldSentence {
    pub text: String,
    /// A label, or `skip` for a sentence that is not scored.
    pub label: String,
    #[serde(default)]
    pub anonymous: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldArticle {
    pub id: String,
    #[serde(default)]
    pub title: String,
    /// The page's address, where the data set gives one.
    #[serde(default)]
    pub url: String,
    pub html: String,
    pub sentences: Vec<GoldSentence>,
}

/// One gold sentence and what the pipeline said of it.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub article: String,
    pub text: String,
    pub gold: Option<Label>,
    pub predicted: Label,
    /// The pipeline produced exactly this sentence.
    pub exact: bool,
    /// The pipeline's sentence whose label counts for it, if any.
    pub index: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub outcomes: Vec<Outcome>,
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Pairs gold sentences with equal predicted ones, in order, as many as
/// possible (a longest common subsequence): a greedy search would let one
/// repeated line ("Image") jump far ahead and lose everything in between.
fn exact_pairs(gold: &[String], got: &[&str]) -> Vec<Option<usize>> {
    let (n, m) = (gold.len(), got.len());
    // best[i][j]: most pairs among gold[i..] and got[j..].
    let mut best = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            best[at(i, j)] = if gold[i] == got[j] { best[at(i + 1, j + 1)] + 1 } else { best[at(i + 1, j)].max(best[at(i, j + 1)]) };
        }
    }
    let mut pairs = vec![None; n];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if gold[i] == got[j] && best[at(i, j)] == best[at(i + 1, j + 1)] + 1 {
            pairs[i] = Some(j);
            i += 1;
            j += 1;
        } else if best[at(i + 1, j)] >= best[at(i, j + 1)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

/// Compares one article's annotation with its gold sentences. A gold sentence
/// the pipeline did not output counts as labeled `none` unless the pipeline
/// output a sentence overlapping it (then that sentence's label counts, but
/// its boundaries are wrong).
pub fn score_article(id: &str, gold: &[GoldSentence], got: &Annotated) -> Vec<Outcome> {
    let sents = &got.annotations.sentences;
    let text = &got.article_text;
    // Byte offsets of predicted sentences in the article text.
    let mut pred_spans = Vec::new();
    let mut c = 0usize;
    for s in sents {
        let at = text[c..].find(&s.text).map(|p| p + c).unwrap_or(c);
        pred_spans.push(at..at + s.text.len());
        c = at + s.text.len();
    }
    let golds: Vec<String> = gold.iter().map(|g| squash(&g.text)).collect();
    // Paired with white space left out: some gold texts come from a
    // tokenized source ("Boeing 's", "CNBC's \" Trading Nation\"") and are
    // the page's sentence all the same.
    let bare = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let gold_bare: Vec<String> = golds.iter().map(|g| bare(g)).collect();
    let got_bare: Vec<String> = sents.iter().map(|s| bare(&s.text)).collect();
    let pairs = exact_pairs(&gold_bare, &got_bare.iter().map(String::as_str).collect::<Vec<_>>());
    let mut out = Vec::new();
    let mut cursor = 0usize; // byte offset in article text
    for (k, (g, gtext)) in gold.iter().zip(golds).enumerate() {
        let gold_label = if g.label == "skip" { None } else { Label::parse(&g.label) };
        let (index, exact) = match pairs[k] {
            Some(i) => {
                cursor = pred_spans[i].end;
                (Some(i), true)
            }
            None => {
                // Search only up to the next paired sentence.
                let limit = pairs[k..].iter().flatten().next().map_or(text.len(), |&i| pred_spans[i].start);
                let from = cursor.min(text.len());
                match text.get(from..limit.max(from)).and_then(|t| t.find(&gtext)) {
                    Some(p) => {
                        let at = from + p;
                        let mid = at + gtext.len() / 2;
                        cursor = at + gtext.len();
                        (pred_spans.iter().position(|r| r.start <= mid && mid < r.end), false)
                    }
                    None => (None, false),
                }
            }
        };
        let predicted = index.map_or(Label::None, |i| sents[i].label);
        out.push(Outcome { article: id.to_string(), text: gtext, gold: gold_label, predicted, exact, index });
    }
    out
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
}

impl Report {
    pub fn boundary_accuracy(&self) -> f64 {
        ratio(self.outcomes.iter().filter(|o| o.exact).count(), self.outcomes.len())
    }

    fn scored(&self) -> impl Iterator<Item = (Label, Label)> + '_ {
        self.outcomes.iter().filter_map(|o| o.gold.map(|g| (g, o.predicted)))
    }

    pub fn label_accuracy(&self) -> f64 {
        let n = self.scored().count();
        ratio(self.scored().filter(|(g, p)| g == p).count(), n)
    }

    pub fn prf(&self, label: Label) -> Prf {
        let tp = self.scored().filter(|&(g, p)| g == label && p == label).count();
        let fp = self.scored().filter(|&(g, p)| g != label && p == label).count();
        let support = self.scored().filter(|&(g, _)| g == label).count();
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, support);
        Prf { precision, recall, f1: f1(precision, recall), support }
    }

    pub fn macro_f1(&self) -> f64 {
        Label::ALL.iter().map(|&l| self.prf(l).f1).sum::<f64>() / Label::ALL.len() as f64
    }

    /// `matrix[gold][predicted]`, in `Label::ALL` order.
    pub fn confusion(&self) -> [[usize; 4]; 4] {
        let idx = |l: Label| Label::ALL.iter().position(|&x| x == l).unwrap_or(0);
        let mut m = [[0; 4]; 4];
        for (g, p) in self.scored() {
            m[idx(g)][idx(p)] += 1;
        }
        m
    }

    pub fn render(&self) -> String {
        let mut s = String::new();
        let exact = self.outcomes.iter().filter(|o| o.exact).count();
        s += &format!("boundaries: {exact}/{} gold sentences found exactly ({:.1}%)\n", self.outcomes.len(), 100.0 * self.boundary_accuracy());
        s += &format!("label accuracy: {:.3} over {} scored sentences\n", self.label_accuracy(), self.scored().count());
        s += "\nlabel        precision  recall     f1  support\n";
        for l in Label::ALL {
            let p = self.prf(l);
            s += &format!("{:<12} {:>9.3} {:>7.3} {:>6.3} {:>8}\n", l.as_str(), p.precision, p.recall, p.f1, p.support);
        }
        s += &format!("macro-F1: {:.3}\n", self.macro_f1());
        s += "\nconfusion (rows gold, columns predicted)\n             ";
        for l in Label::ALL {
            s += &format!("{:>12}", l.as_str());
        }
        s += "\n";
        for (i, row) in self.confusion().iter().enumerate() {
            s += &format!("{:<12} ", Label::ALL[i].as_str());
            for v in row {
                s += &format!("{v:>12}");
            }
            s += "\n";
        }
        s
    }
}

/// The harmonic mean of a precision and a recall (0 when both are).
pub fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// `a / b`, and 0 for an empty `b`.
pub fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_repeated_line_does_not_pull_the_alignment_ahead() {
        // The gold list has "Image" near the top; the pipeline leaves that
        // one out but keeps a later one. Every sentence between still pairs.
        let gold = strings(&["Title.", "Image", "One.", "Two.", "Image", "Three."]);
        let got = ["Title.", "One.", "Two.", "Image", "Three."];
        assert_eq!(exact_pairs(&gold, &got), vec![Some(0), None, Some(1), Some(2), Some(3), Some(4)]);
    }

    #[test]
    fn alignment_scores_a_page_with_a_missing_repeated_line() {
        let doc = sourcelight_engine::html::parse_html(
            "<html><body><article><h1>Pipes burst in the cold</h1>\
             <p>The city filled many potholes last year.</p><p>Crews worked through the night, officials said.</p>\
             <figure><img src=a.jpg><figcaption>Image</figcaption></figure></article></body></html>",
            "",
        )
        .expect("parses");
        let got = sourcelight_engine::Engine::new(sourcelight_engine::lexicon::Lexicon::english()).annotate_doc(&doc, "");
        let gold: Vec<GoldSentence> = [
            ("Pipes burst in the cold", "none"),
            ("Image", "none"),
            // A gold text from a tokenized source: the same sentence.
            ("The city filled many potholes last year .", "unsourced"),
            ("Crews worked through the night, officials said.", "sourced"),
            ("Image", "none"),
        ]
        .iter()
        .map(|(t, l)| GoldSentence { text: t.to_string(), label: l.to_string(), anonymous: None })
        .collect();
        let out = score_article("t", &gold, &got);
        let found: Vec<bool> = out.iter().map(|o| o.exact).collect();
        assert!(got.annotations.sentences.iter().any(|s| s.text == "Image"), "the caption is a sentence");
        assert_eq!(found, [true, false, true, true, true]);
        assert_eq!(out[3].predicted, Label::Sourced);
    }
}
