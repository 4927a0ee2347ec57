//! `sourcelight annotate`: one page (or text) in any export format, or a
//! directory of pages as a batch; also the file reading every command shares.

use std::fs;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result};
use rayon::prelude::*;
use sourcelight_engine::annotation::Label;
use sourcelight_engine::{html, Annotated, Engine, PageInfo};
use sourcelight_export::Format as Export;

/// What `--format` offers: the exports, and the article as labeled text.
#[derive(Clone, Copy, clap::ValueEnum, PartialEq)]
pub enum Format {
    Json,
    W3c,
    /// One row per sentence, for spreadsheets.
    Csv,
    Text,
}

/// Now, as RFC 3339 UTC to the second.
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

/// Reads a file as UTF-8 text, naming the file in any error.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = if path == Path::new("-") {
        let mut b = Vec::new();
        std::io::stdin().read_to_end(&mut b).context("reading standard input")?;
        b
    } else {
        fs::read(path).with_context(|| format!("reading {}", path.display()))?
    };
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            Err(sourcelight_engine::Error::NotText { offset }).with_context(|| format!("{} is not UTF-8 text", path.display()))
        }
    }
}

/// Reads an exported annotations file (`@1` or `@2`).
pub fn read_export(path: &Path) -> Result<sourcelight_engine::correction::Export> {
    let raw = read_text(path)?;
    sourcelight_engine::correction::Export::parse(&raw).with_context(|| format!("{} is not an annotations export", path.display()))
}

/// Annotates one page (or text). `lang` is the page's language where the
/// reader says it (`--lang`); otherwise the page's `<html lang>`.
pub fn annotate_one(engine: &Engine, input: &str, text: bool, url: &str, lang: Option<&str>) -> Result<Annotated> {
    let now = now_rfc3339();
    if text {
        return Ok(engine.annotate_text(input, &PageInfo { url, title: "", generated_at: &now }));
    }
    let doc = html::parse_html(input, url)?;
    let lang = lang.or(doc.lang());
    // One engine per language with data (only English so far); a page in
    // another language is flagged as such (`unsupported_language`).
    Ok(match lang.and_then(sourcelight_engine::language::find).filter(|l| l.code != "en") {
        Some(language) => Engine::for_language(language).annotate_doc_in(&doc, &now, lang).0,
        None => engine.annotate_doc_in(&doc, &now, lang).0,
    })
}

fn colour(label: Label) -> &'static str {
    match label {
        Label::Sourced => "\x1b[1;34m",
        Label::Unsourced => "\x1b[1;33m",
        Label::Speculative => "\x1b[1;35m",
        Label::None => "\x1b[2m",
    }
}

/// The article with a label before each sentence, coloured in a terminal.
fn render_text(a: &Annotated, out: &mut impl Write, colours: bool) -> std::io::Result<()> {
    let (reset, dim) = if colours { ("\x1b[0m", "\x1b[2m") } else { ("", "") };
    for s in &a.annotations.sentences {
        let c = if colours { colour(s.label) } else { "" };
        writeln!(out, "{c}[{:<11}]{reset} {}", s.label.as_str(), s.text)?;
        if s.label != Label::None {
            writeln!(out, "{dim}              {} (confidence {:.2}){reset}", s.why, s.confidence)?;
        }
    }
    let sm = &a.annotations.summary;
    writeln!(
        out,
        "\n{} sourced, {} unsourced, {} speculative, {} not claims; {:.0}% of claims sourced.",
        sm.sourced,
        sm.unsourced,
        sm.speculative,
        sm.none,
        sm.sourced_share * 100.0
    )
}

/// Writes the answer to standard output in `format`.
pub fn print(a: &Annotated, format: Format) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let export = match format {
        Format::Json => Export::Json,
        Format::W3c => Export::W3c,
        Format::Csv => Export::Csv,
        Format::Text => {
            render_text(a, &mut out, std::io::stdout().is_terminal())?;
            writeln!(out)?;
            return Ok(());
        }
    };
    out.write_all(export.write(a)?.as_bytes())?;
    // The CSV ends in a line break of its own.
    if export != Export::Csv {
        writeln!(out)?;
    }
    Ok(())
}

pub fn batch(engine: &Engine, dir: &Path, out: &Path, text: bool) -> Result<()> {
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(true) {
        let entry = entry.with_context(|| format!("listing {}", dir.display()))?;
        let p = entry.path();
        if entry.file_type().is_file() && (text || matches!(p.extension().and_then(|e| e.to_str()), Some("html" | "htm"))) {
            files.push(p.to_path_buf());
        }
    }
    files.sort();
    fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let bar = indicatif::ProgressBar::new(files.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages {elapsed}").unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let sentences = AtomicUsize::new(0);
    let failures: Vec<String> = files
        .par_iter()
        .filter_map(|f| {
            let result = (|| -> Result<()> {
                let input = read_text(f)?;
                let a = annotate_one(engine, &input, text, "", None)?;
                sentences.fetch_add(a.annotations.sentences.len(), Ordering::Relaxed);
                let rel = f.strip_prefix(dir).unwrap_or(f);
                let name = rel.to_string_lossy().replace(['/', '\\'], "__");
                let dest = out.join(format!("{name}.json"));
                fs::write(&dest, serde_json::to_vec_pretty(&a.annotations)?).with_context(|| format!("writing {}", dest.display()))?;
                Ok(())
            })();
            bar.inc(1);
            result.err().map(|e| format!("{}: {e:#}", f.display()))
        })
        .collect();
    bar.finish_and_clear();
    for f in &failures {
        eprintln!("skipped {f}");
    }
    println!(
        "{} pages annotated, {} skipped, {} sentences; output in {}",
        files.len() - failures.len(),
        failures.len(),
        sentences.load(Ordering::Relaxed),
        out.display()
    );
    Ok(())
}
