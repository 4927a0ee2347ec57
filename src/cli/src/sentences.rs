//! `sourcelight sentences`: every sentence of the shared corpus as the
//! engine reads it, one JSON line each. This is what the teacher and the
//! student (`src/distil/`) train on and are scored with, so that they see the
//! sentences, the block kinds, the rules' evidence and the tokens exactly as
//! the engine does on a page.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use serde::Serialize;
use sourcelight_engine::learn::wordpiece::Vocab;
use sourcelight_engine::learn::{word_buckets_from, LinearModel};
use sourcelight_engine::lexicon::Lexicon;
use sourcelight_engine::{html, Annotated, Engine, Evidence};
use sourcelight_tools::corpus::{is_locked, item_sentences, read_external, read_pages, site_of, Item};
use sourcelight_tools::score::score_article;

/// One sentence: where it comes from, what the engine saw, and what a data
/// set says of it.
#[derive(Serialize)]
struct Row<'a> {
    /// The data set (the file's name without `.json`, or `unlabeled`).
    set: &'a str,
    page: &'a str,
    site: &'a str,
    /// The page's site is in the locked split (see `corpus::is_locked`).
    locked: bool,
    /// The sentence's place among the page's sentences.
    i: usize,
    text: &'a str,
    /// The previous sentence of the article, or empty.
    prev: &'a str,
    kind: &'static str,
    /// The hand rules' label.
    rule: &'static str,
    /// The engine's label, by the built-in student where there is one.
    label: &'static str,
    /// The rules' evidence as feature ids (the hashed words left out).
    ev: Vec<u32>,
    /// Our label, where the set gives one.
    gold: Option<&'static str>,
    /// An external set's own label (PolNeAR's, Szeged's, CoNLL's).
    ext: Option<&'a str>,
    /// The wordpiece ids of the sentence and of the previous one.
    tok: Vec<u32>,
    prev_tok: Vec<u32>,
}

const LABELED: &[&str] = &["labeled_real_dev.json", "labeled_real_more.json", "labeled_dev.json", "labeled_seed.json"];
const EXTERNAL: &[&str] = &[
    "external/polnear_train_guide.json",
    "external/polnear_news_train.json",
    "external/polnear_news_dev.json",
    "external/szeged_factbank_news_dev.json",
    "external/conll2010_wiki_dev.json",
];

fn name_of(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel).trim_end_matches(".json")
}

struct Sink {
    out: std::io::BufWriter<std::fs::File>,
    rows: usize,
}

impl Sink {
    fn write(&mut self, lines: Vec<String>) -> Result<()> {
        self.rows += lines.len();
        for l in lines {
            writeln!(self.out, "{l}")?;
        }
        Ok(())
    }
}

fn evidence_ids(ev: &Evidence, buckets: u32) -> Vec<u32> {
    let words = word_buckets_from(buckets);
    ev.features.iter().map(|f| f.0).filter(|&f| f < words).collect()
}

/// What reads the sentences into wordpieces: the given vocabulary, or the
/// built-in student's.
struct Pieces(Option<Vocab>);

impl Pieces {
    fn of(&self, engine: &Engine, text: &str) -> Vec<u32> {
        match &self.0 {
            Some(v) => {
                let mut out = Vec::new();
                v.pieces(text, &mut out);
                out.into_iter().map(|p| p.0).collect()
            }
            None => engine.wordpieces(text),
        }
    }
}

/// Every sentence of one annotated page as lines; `(set, page, url)` say
/// where the page comes from.
fn page_rows(
    engine: &Engine,
    pieces: &Pieces,
    (set, page, url): (&str, &str, &str),
    got: &Annotated,
    ev: &[Evidence],
    gold: &[Option<&'static str>],
) -> Vec<String> {
    let site = site_of(page, url);
    let locked = is_locked(&site);
    let sents = &got.annotations.sentences;
    let tokens: Vec<Vec<u32>> = sents.iter().map(|s| pieces.of(engine, &s.text)).collect();
    let buckets = engine.buckets();
    (0..sents.len())
        .filter_map(|i| {
            let prev = if i > 0 { sents[i - 1].text.as_str() } else { "" };
            let row = Row {
                set,
                page,
                site: &site,
                locked,
                i,
                text: &sents[i].text,
                prev,
                kind: ev[i].kind.name(),
                rule: ev[i].rule_label.as_str(),
                label: sents[i].label.as_str(),
                ev: evidence_ids(&ev[i], buckets),
                gold: gold.get(i).copied().flatten(),
                ext: None,
                tok: tokens[i].clone(),
                prev_tok: if i > 0 { tokens[i - 1].clone() } else { Vec::new() },
            };
            serde_json::to_string(&row).ok()
        })
        .collect()
}

/// The line of an external set's sentence, read in its paragraph.
fn item_row(engine: &Engine, pieces: &Pieces, set: &str, item: &Item) -> Option<String> {
    let (index, got, ev) = item_sentences(engine, item);
    let i = index?;
    let sents = &got.annotations.sentences;
    let prev = if i > 0 { sents[i - 1].text.as_str() } else { "" };
    let row = Row {
        set,
        page: &item.doc,
        site: set,
        locked: false,
        i,
        text: &sents[i].text,
        prev,
        kind: ev[i].kind.name(),
        rule: ev[i].rule_label.as_str(),
        label: sents[i].label.as_str(),
        ev: evidence_ids(&ev[i], engine.buckets()),
        gold: item.ours.map(|l| l.as_str()),
        ext: Some(&item.gold),
        tok: pieces.of(engine, &sents[i].text),
        prev_tok: pieces.of(engine, prev),
    };
    serde_json::to_string(&row).ok()
}

pub fn run(shared: &Path, out: &Path, vocab: Option<&Path>) -> Result<()> {
    let corpus = shared.join("corpus");
    if !corpus.exists() {
        bail!("{} is missing: the sentences are read from the shared corpus (--shared DIR)", corpus.display());
    }
    // The rules' evidence, as `sourcelight train` reads it.
    let engine = Engine::with_model(Lexicon::english(), LinearModel::empty(sourcelight_tools::train::Options::default().buckets))
        .with_student(sourcelight_engine::english_student());
    let pieces = match vocab {
        Some(p) => {
            Pieces(Some(Vocab::from_lines(std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?.trim_end_matches('\n'))?))
        }
        None if engine.student().is_some() => Pieces(None),
        None => bail!("no student is built in: give the teacher's vocabulary with --vocab"),
    };
    let file = std::fs::File::create(out).with_context(|| format!("writing {}", out.display()))?;
    let mut sink = Sink { out: std::io::BufWriter::new(file), rows: 0 };
    let mut labeled_ids = HashSet::new();
    for rel in LABELED {
        let articles = read_pages(&corpus.join(rel)).map_err(anyhow::Error::msg)?;
        let set = name_of(rel);
        let chunks: Vec<Vec<String>> = articles
            .par_iter()
            .filter_map(|a| {
                let doc = html::parse_html(&a.html, "").ok()?;
                let (got, ev) = engine.annotate_doc_evidence(&doc, "");
                let mut gold = vec![None; got.annotations.sentences.len()];
                for o in score_article(&a.id, &a.sentences, &got) {
                    if let (Some(i), Some(l)) = (o.index, o.gold) {
                        gold[i] = gold[i].or(Some(l.as_str()));
                    }
                }
                Some(page_rows(&engine, &pieces, (set, &a.id, &a.url), &got, &ev, &gold))
            })
            .collect();
        labeled_ids.extend(articles.iter().map(|a| a.id.clone()));
        for c in chunks {
            sink.write(c)?;
        }
    }
    // Pages nobody labeled, for the teacher to label (silver), but for the
    // locked sites' pages, which nothing is learned from.
    let dir = corpus.join("readability-pages");
    let mut unlabeled: Vec<(String, PathBuf)> = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let id = format!("readability-pages/{}", e.file_name().to_string_lossy());
            let path = e.path().join("source.html");
            if path.exists() && !labeled_ids.contains(&id) && !is_locked(&site_of(&id, "")) {
                unlabeled.push((id, path));
            }
        }
    }
    unlabeled.sort();
    let chunks: Vec<Vec<String>> = unlabeled
        .par_iter()
        .filter_map(|(id, path)| {
            let body = std::fs::read_to_string(path).ok()?;
            let doc = html::parse_html(&body, "").ok()?;
            let (got, ev) = engine.annotate_doc_evidence(&doc, "");
            Some(page_rows(&engine, &pieces, ("unlabeled", id, ""), &got, &ev, &[]))
        })
        .collect();
    for c in chunks {
        sink.write(c)?;
    }
    for rel in EXTERNAL {
        let set = read_external(&corpus.join(rel)).map_err(anyhow::Error::msg)?;
        let name = name_of(rel);
        let lines: Vec<String> = set.items.par_iter().filter_map(|it| item_row(&engine, &pieces, name, it)).collect();
        sink.write(lines)?;
    }
    sink.out.flush()?;
    println!("wrote {} sentences to {}", sink.rows, out.display());
    Ok(())
}
