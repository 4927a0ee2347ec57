//! `sourcelight eval`: reads a labeled data set and prints the scores.

use std::path::Path;

use anyhow::{Context, Result};
use sourcelight::evaluate::{score_article, GoldArticle, Report};
use sourcelight::{html, Engine};

pub fn run(engine: &Engine, dataset: &Path, verbose: bool) -> Result<()> {
    let raw = std::fs::read_to_string(dataset).with_context(|| format!("reading {}", dataset.display()))?;
    let articles: Vec<GoldArticle> =
        serde_json::from_str(&raw).with_context(|| format!("{} is not a labeled data set", dataset.display()))?;
    let mut report = Report::default();
    for a in &articles {
        let doc = html::parse_html(&a.html, "")?;
        let got = engine.annotate_doc(&doc, "");
        report.outcomes.extend(score_article(&a.id, &a.sentences, &got));
    }
    if verbose {
        for o in &report.outcomes {
            let wrong = o.gold.is_some_and(|g| g != o.predicted);
            if wrong || !o.exact {
                let gold = o.gold.map_or("skip", |g| g.as_str());
                let mark = if o.exact { "" } else { " [boundary]" };
                println!("{}: gold {gold} got {}{mark}: {}", o.article, o.predicted.as_str(), o.text);
            }
        }
        println!();
    }
    println!("{} articles", articles.len());
    print!("{}", report.render());
    Ok(())
}
