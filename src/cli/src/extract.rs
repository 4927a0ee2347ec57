//! `sourcelight extract`: what the engine took as the article of a page,
//! and what it left out and why, so extraction can be judged on its own;
//! with `--truth`, the benchmark's shingle score against known article text.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use serde::Serialize;
use sourcelight_engine::block::BlockKind;
use sourcelight_engine::extract::{extract, Article, Coverage, Method, Region};
use sourcelight_engine::html;
use sourcelight_tools::shingles::{self, PageScore};

use crate::annotate::read_text;

#[derive(Clone, Copy, clap::ValueEnum, PartialEq)]
pub enum ExtractFormat {
    Text,
    Json,
}

#[derive(Serialize)]
struct BlockOut<'a> {
    kind: BlockKind,
    text: &'a str,
}

#[derive(Serialize)]
struct Report<'a> {
    file: String,
    title: &'a str,
    headline: Option<&'a str>,
    byline: Vec<&'a str>,
    method: Method,
    blocks: Vec<BlockOut<'a>>,
    /// The body as extraction benchmarks score it: every block but the
    /// headline and bylines, one per line.
    body: String,
    coverage: Coverage,
    /// The largest regions left out, with their reason.
    skipped: &'a [Region],
}

fn report<'a>(file: &Path, a: &'a Article) -> Report<'a> {
    let headline = a.headline.map(|h| a.blocks[h].text.as_str());
    let byline = a.blocks.iter().filter(|b| b.kind == BlockKind::Byline).map(|b| b.text.as_str()).collect();
    Report {
        file: file.display().to_string(),
        title: &a.title,
        headline,
        byline,
        method: a.method,
        blocks: a.blocks.iter().map(|b| BlockOut { kind: b.kind, text: &b.text }).collect(),
        body: a.body_text(),
        coverage: a.coverage(),
        skipped: &a.skipped[..a.skipped.len().min(12)],
    }
}

fn render_text(r: &Report, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "== {} ({:?})", r.file, r.method)?;
    if let Some(h) = r.headline {
        writeln!(out, "headline: {h}")?;
    }
    for b in &r.byline {
        writeln!(out, "byline:   {b}")?;
    }
    for b in &r.blocks {
        writeln!(out, "[{:<13}] {}", format!("{:?}", b.kind).to_lowercase(), b.text)?;
    }
    let c = &r.coverage;
    writeln!(out, "kept {} blocks ({} paragraphs), {} characters", c.blocks, c.paragraphs, c.chars)?;
    for s in r.skipped {
        writeln!(out, "skipped {:<20} {:>6} chars  {}", s.reason.as_str(), s.chars, s.preview)?;
    }
    Ok(())
}

fn pages(input: &Path) -> Result<Vec<PathBuf>> {
    if !input.is_dir() {
        return Ok(vec![input.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(input).with_context(|| format!("listing {}", input.display()))? {
        let p = entry?.path();
        if p.is_dir() {
            // The readability corpus: one folder per page, `source.html` inside.
            let source = p.join("source.html");
            if source.is_file() {
                files.push(source);
            }
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("html" | "htm")) {
            files.push(p);
        }
    }
    files.sort();
    Ok(files)
}

fn extract_file(file: &Path, whole: bool) -> Result<Article> {
    let body = read_text(file)?;
    let doc = html::parse_html(&body, "").with_context(|| format!("parsing {}", file.display()))?;
    Ok(if whole { sourcelight_engine::extract::whole_page(&doc) } else { extract(&doc) })
}

pub fn run(inputs: &[PathBuf], format: ExtractFormat, truth: Option<&Path>, whole: bool) -> Result<()> {
    let mut files = Vec::new();
    for input in inputs {
        let found = pages(input)?;
        if found.is_empty() {
            bail!("no HTML pages in {}", input.display());
        }
        files.extend(found);
    }
    if let Some(truth) = truth {
        return score(&files, truth);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut json = Vec::new();
    for f in &files {
        let a = extract_file(f, whole)?;
        let r = report(f, &a);
        match format {
            ExtractFormat::Text => render_text(&r, &mut out)?,
            ExtractFormat::Json => json.push(serde_json::to_value(&r)?),
        }
    }
    if format == ExtractFormat::Json {
        let v = if json.len() == 1 { json.pop().unwrap_or_default() } else { serde_json::Value::Array(json) };
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
    }
    Ok(())
}

#[derive(serde::Deserialize)]
struct Truth {
    #[serde(rename = "articleBody")]
    article_body: String,
}

/// The page id of a file: its stem, or for `<id>/source.html` (and
/// `expected.html`) its folder.
fn page_id(f: &Path) -> String {
    let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if stem == "source" || stem == "expected" {
        f.parent().and_then(|p| p.file_name()).and_then(|s| s.to_str()).unwrap_or("").to_string()
    } else {
        stem.to_string()
    }
}

/// The known article text of each page: a JSON file of `{id:
/// {articleBody}}`, or for a directory, each page's `<id>/expected.html`
/// (the readability corpus) read in full.
fn truths(files: &[PathBuf], truth: &Path) -> Result<HashMap<String, String>> {
    if truth.is_dir() {
        let mut out = HashMap::new();
        for f in files {
            let id = page_id(f);
            let expected = truth.join(&id).join("expected.html");
            if expected.is_file() {
                let doc = html::parse_html(&read_text(&expected)?, "")?;
                out.insert(id, sourcelight_engine::extract::whole_page(&doc).body_text());
            }
        }
        return Ok(out);
    }
    let raw = read_text(truth)?;
    let parsed: HashMap<String, Truth> = serde_json::from_str(&raw).with_context(|| format!("{} is not {{id: {{articleBody}}}}", truth.display()))?;
    Ok(parsed.into_iter().map(|(k, v)| (k, v.article_body)).collect())
}

fn score(files: &[PathBuf], truth: &Path) -> Result<()> {
    let truth = truths(files, truth)?;
    if truth.is_empty() {
        bail!("no known article text for any of these pages");
    }
    let mut rows: Vec<(String, PageScore, usize, Method, usize)> = files
        .par_iter()
        .filter_map(|f| {
            let id = page_id(f);
            let t = truth.get(&id)?;
            Some(extract_file(f, false).map(|a| {
                let body = a.body_text();
                (id, shingles::score(t, &body), body.chars().count(), a.method, t.chars().count())
            }))
        })
        .collect::<Result<_>>()?;
    rows.sort_by(|a, b| a.1.f1().total_cmp(&b.1.f1()));
    println!("{:<20} {:>6} {:>6} {:>6} {:>7}  method", "page", "P", "R", "F1", "chars");
    for (id, s, chars, m, _) in &rows {
        println!("{id:<20} {:>6.3} {:>6.3} {:>6.3} {chars:>7}  {m:?}", s.precision, s.recall, s.f1());
    }
    let scores: Vec<PageScore> = rows.iter().map(|r| r.1).collect();
    let o = shingles::overall(&scores);
    let short = rows.iter().filter(|r| r.2 < 200 && r.4 >= 200).count();
    println!(
        "\n{} pages: precision {:.3}, recall {:.3}, F1 {:.3}; {short} under 200 characters where the truth has more",
        o.pages, o.precision, o.recall, o.f1
    );
    Ok(())
}
