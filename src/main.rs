//! `sourcelight`: the command-line front end over the same pipeline the
//! extension runs.

use std::fs;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use sourcelight::model::Label;
use sourcelight::{html, Annotated, Engine, PageInfo};

mod eval;
mod extract_cmd;
mod sentences_cmd;
mod train_cmd;

/// The sample article printed when no arguments are given (our own text).
const SAMPLE_HTML: &str = include_str!("samples/harbour.html");

#[derive(Parser)]
#[command(name = "sourcelight", version, about = "Label each sentence of a news article as sourced, unsourced, speculative or none.")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Annotate an HTML page (or plain text with --text); a directory is a batch.
    Annotate {
        /// File to read, `-` for standard input, or a directory of pages.
        #[arg(default_value = "-")]
        input: PathBuf,
        /// The input is plain text: paragraphs separated by blank lines.
        #[arg(long)]
        text: bool,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// The page's address, recorded in the export and used to tell outside links.
        #[arg(long, default_value = "")]
        url: String,
        /// For a directory: where to write one JSON file per page.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Apply the reader's corrections from an exported annotations file
        /// (the extension's or the playground's JSON export).
        #[arg(long, value_name = "FILE.json")]
        corrections: Option<PathBuf>,
    },
    /// Show what the engine takes as the article of a page (or each page of a
    /// directory) and what it leaves out and why.
    Extract {
        /// HTML files, or directories of pages (`*.html`, or `<id>/source.html`).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = extract_cmd::ExtractFormat::Text)]
        format: extract_cmd::ExtractFormat,
        /// Score against known article text (`{id: {"articleBody": …}}`, ids
        /// are file names without `.html`) with the benchmark's shingle F1.
        #[arg(long)]
        truth: Option<PathBuf>,
        /// Read each page's whole text, leaving out only what is never text
        /// (to turn an expected article saved as HTML into text).
        #[arg(long, conflicts_with = "truth")]
        whole: bool,
    },
    /// Train the learned model on the shared data: prints cross-validated
    /// figures, the reliability of the confidence and the external dev
    /// splits' figures, and writes the weights.
    Train {
        /// The shared data directory (holding corpus/).
        #[arg(long, default_value = "../shared")]
        shared: PathBuf,
        /// Where to write the model (the built-in one is src/learn/en.model).
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long, default_value_t = 5)]
        folds: usize,
        #[arg(long, default_value_t = 20261202)]
        seed: u64,
        #[arg(long, default_value_t = 12)]
        epochs: usize,
        /// How many features the stored model keeps.
        #[arg(long, default_value_t = 250)]
        keep: usize,
        /// Also print the learning curve (macro-F1 against training size).
        #[arg(long)]
        curve: bool,
        /// Print each held-out sentence the cross-validation labels wrong.
        #[arg(long)]
        verbose: bool,
    },
    /// Write every sentence of the shared corpus as the engine reads it (its
    /// text, the previous sentence, block kind, the rules' label and
    /// evidence, its wordpieces and any label a data set gives it), one JSON
    /// line each: what `./build.sh train` teaches the teacher and the
    /// student with.
    Sentences {
        #[arg(long, default_value = "../shared")]
        shared: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// The teacher's vocabulary (one wordpiece a line) to read the
        /// sentences with; the built-in student's when left out.
        #[arg(long)]
        vocab: Option<PathBuf>,
    },
    /// Score the pipeline on a labeled data set (the format of labeled_dev.json,
    /// or any of external/*.json), or with --corrections on pages a reader
    /// corrected in the extension.
    Eval {
        /// The data set; or, with --corrections, exported annotations files.
        #[arg(required = true)]
        dataset: Vec<PathBuf>,
        /// The files are the extension's JSON exports: score the engine against
        /// the reader's labels (corrected, or accepted as the engine gave them).
        #[arg(long)]
        corrections: bool,
        /// Print each sentence whose label differs from the gold one.
        #[arg(long)]
        verbose: bool,
        /// A sample of the external set labeled by our guide (a JSON list of
        /// {id, label, note}, as tests/data/conll2010_wiki_dev_guide.json):
        /// score the engine on those sentences by our labels, and print how
        /// many of the set's positives the guide itself calls ours.
        #[arg(long, value_name = "FILE")]
        guide: Option<PathBuf>,
        /// Which labeled pages to score, by site: all of them, the training
        /// sites, or the locked fifth that nothing is learned or read from
        /// (`--verbose` never prints the locked pages' sentences).
        #[arg(long, value_enum, default_value_t = eval::Split::All)]
        split: eval::Split,
        /// Which decision to score: the student (the engine as shipped), the
        /// linear model over the rules, or the hand rules alone.
        #[arg(long, value_enum, default_value_t = eval::Decider::Student)]
        decider: eval::Decider,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum Format {
    Json,
    W3c,
    /// One row per sentence, for spreadsheets.
    Csv,
    Text,
}

fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    rfc3339(secs)
}

/// Formats seconds since the epoch as RFC 3339 UTC (days-from-civil algorithm).
fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Reads a file as UTF-8 text, naming the file in any error.
fn read_text(path: &Path) -> Result<String> {
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
            Err(sourcelight::Error::NotText { offset }).with_context(|| format!("{} is not UTF-8 text", path.display()))
        }
    }
}

/// Reads an exported annotations file (`@1` or `@2`).
fn read_export(path: &Path) -> Result<sourcelight::correction::Export> {
    let raw = read_text(path)?;
    sourcelight::correction::Export::parse(&raw).with_context(|| format!("{} is not an annotations export", path.display()))
}

fn annotate_one(engine: &Engine, input: &str, text: bool, url: &str) -> Result<Annotated> {
    let now = now_rfc3339();
    if text {
        Ok(engine.annotate_text(input, &PageInfo { url, title: "", generated_at: &now }))
    } else {
        let doc = html::parse_html(input, url)?;
        // One engine per language, chosen from <html lang>; only English has data yet.
        let language = sourcelight::language::for_tag(doc.lang().unwrap_or("en"));
        if language.code != "en" {
            return Ok(Engine::for_language(language).annotate_doc(&doc, &now));
        }
        Ok(engine.annotate_doc(&doc, &now))
    }
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

fn print(a: &Annotated, format: Format) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        Format::Json => serde_json::to_writer_pretty(&mut out, &a.annotations)?,
        Format::W3c => serde_json::to_writer_pretty(&mut out, &a.annotations.to_w3c(&a.article_text))?,
        Format::Csv => {
            // Ends in a line break of its own.
            out.write_all(a.annotations.to_csv().as_bytes())?;
            return Ok(());
        }
        Format::Text => render_text(a, &mut out, std::io::stdout().is_terminal())?,
    }
    writeln!(out)?;
    Ok(())
}

fn batch(engine: &Engine, dir: &Path, out: &Path, text: bool) -> Result<()> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).with_context(|| format!("listing {}", d.display()))? {
            let p = entry?.path();
            if p.is_dir() {
                stack.push(p);
            } else if text || matches!(p.extension().and_then(|e| e.to_str()), Some("html" | "htm")) {
                files.push(p);
            }
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
                let a = annotate_one(engine, &input, text, "")?;
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

fn main() -> Result<()> {
    let cli = Cli::parse();
    let engine = Engine::default();
    match cli.command {
        None => {
            let a = annotate_one(&engine, SAMPLE_HTML, false, "https://example.org/harbour-tunnel")?;
            print(&a, Format::Text)
        }
        Some(Command::Annotate { input, text, format, url, out, corrections }) => {
            if input.is_dir() {
                let Some(out) = out else { bail!("{} is a directory: give --out OUTDIR for the batch", input.display()) };
                if corrections.is_some() {
                    bail!("--corrections is for one page, not a directory");
                }
                return batch(&engine, &input, &out, text);
            }
            let fixes = match &corrections {
                Some(file) => read_export(file)?.corrections(),
                None => Vec::new(),
            };
            let body = read_text(&input)?;
            let mut a = annotate_one(&engine, &body, text, &url)?;
            a.annotations.apply_corrections(&fixes);
            print(&a, format)
        }
        Some(Command::Extract { inputs, format, truth, whole }) => extract_cmd::run(&inputs, format, truth.as_deref(), whole),
        Some(Command::Eval { dataset, verbose, corrections, guide, split, decider }) => {
            let engine = decider.engine();
            if corrections {
                let exports = dataset.iter().map(|f| Ok((f.display().to_string(), read_export(f)?))).collect::<Result<Vec<_>>>()?;
                return eval::corrections(&engine, &exports, verbose);
            }
            eval::run(&engine, &dataset, guide.as_deref(), split, verbose)
        }
        Some(Command::Sentences { shared, out, vocab }) => sentences_cmd::run(&shared, &out, vocab.as_deref()),
        Some(Command::Train { shared, out, folds, seed, epochs, keep, curve, verbose }) => {
            let options = sourcelight::learn::train::Options { seed, epochs, keep, ..Default::default() };
            train_cmd::run(&train_cmd::Args { shared, out, folds, options, curve, verbose })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_formats_known_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_795_000_000), "2026-11-18T11:06:40Z");
    }
}
