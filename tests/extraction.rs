//! Article extraction on real pages, scored with the shingle F1 of the public
//! article-extraction benchmarks (`../shared/corpus/news-pages/README.md`):
//! the 55 news pages against their ground truth, and the readability corpus
//! against its `expected.html`. Floors per page class (how the page marks its
//! article), and pages that must never come out empty.

use std::collections::BTreeMap;
use std::path::PathBuf;

use sourcelight_engine::extract::{extract, whole_page, Method};
use sourcelight_engine::html::parse_html;
use sourcelight_tools::shingles::{overall, score, PageScore};

fn shared(rel: &str) -> PathBuf {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("../shared").join(rel);
    assert!(p.exists(), "../shared/{rel} is missing: these tests read the shared corpus beside the checkout");
    p
}

#[derive(serde::Deserialize)]
struct Truth {
    #[serde(rename = "articleBody")]
    article_body: String,
}

/// How the page marks its article: the class a page's floor belongs to.
fn class_of(m: Method) -> &'static str {
    match m {
        Method::DeclaredBody | Method::MarkedBody => "marked by the page",
        _ => "found by scoring",
    }
}

#[test]
fn news_pages_extraction() {
    let dir = shared("corpus/news-pages");
    let raw = std::fs::read_to_string(dir.join("ground-truth.json")).unwrap();
    let truth: BTreeMap<String, Truth> = serde_json::from_str(&raw).unwrap();
    let mut all = Vec::new();
    let mut by_class: BTreeMap<&str, Vec<PageScore>> = BTreeMap::new();
    let mut short = Vec::new();
    for (id, t) in &truth {
        let html = std::fs::read_to_string(dir.join(format!("{id}.html"))).unwrap();
        let article = extract(&parse_html(&html, "").unwrap());
        let body = article.body_text();
        let s = score(&t.article_body, &body);
        println!("{id} {:?} P {:.3} R {:.3} F1 {:.3}", article.method, s.precision, s.recall, s.f1());
        if body.chars().count() < 200 && t.article_body.chars().count() >= 200 {
            short.push(id.clone());
        }
        all.push(s);
        by_class.entry(class_of(article.method)).or_default().push(s);
    }
    let o = overall(&all);
    println!("news pages: {} pages, P {:.3} R {:.3} F1 {:.3}", o.pages, o.precision, o.recall, o.f1);
    for (class, scores) in &by_class {
        let c = overall(scores);
        println!("  {class}: {} pages, F1 {:.3}", c.pages, c.f1);
        assert!(c.f1 >= 0.93, "{class}: F1 {:.3} under its floor", c.f1);
    }
    assert!(short.is_empty(), "pages under 200 characters: {short:?}");
    assert!(o.f1 >= 0.96, "news pages: F1 {:.3} (floor 0.96)", o.f1);
}

#[test]
fn readability_corpus_extraction() {
    let dir = shared("corpus/readability-pages");
    let mut all = Vec::new();
    let mut empty = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let page = entry.unwrap().path();
        let (source, expected) = (page.join("source.html"), page.join("expected.html"));
        if !source.is_file() || !expected.is_file() {
            continue;
        }
        let truth = whole_page(&parse_html(&std::fs::read_to_string(&expected).unwrap(), "").unwrap()).body_text();
        let article = extract(&parse_html(&std::fs::read_to_string(&source).unwrap(), "").unwrap());
        let body = article.body_text();
        if body.trim().is_empty() && !truth.trim().is_empty() {
            empty.push(page.display().to_string());
        }
        all.push(score(&truth, &body));
    }
    let o = overall(&all);
    println!("readability corpus: {} pages, P {:.3} R {:.3} F1 {:.3}", o.pages, o.precision, o.recall, o.f1);
    assert!(o.pages >= 100, "only {} readability pages found", o.pages);
    assert!(empty.is_empty(), "empty articles: {empty:?}");
    assert!(o.f1 >= 0.93, "readability corpus: F1 {:.3} (floor 0.93)", o.f1);
}

/// Pages with a body of text always give an article, and say how.
#[test]
fn text_pages_never_come_out_empty() {
    let para = "The council voted on Tuesday to close the old harbour bridge for repairs, officials said. ".repeat(8);
    let cases = [
        // Everything in containers whose class words say boilerplate.
        (format!(r#"<body><div class="sidebar"><div class="comment-text">{para}</div></div></body>"#), Method::Relaxed),
        // The whole page in one form (ASP.NET sites).
        (format!(r#"<body><form id="aspnetForm"><div id="content"><p>{para}</p><p>{para}</p></div></form></body>"#), Method::Scored),
        // Text straight in the body, no paragraphs.
        (format!("<body>{para}<br>{para}</body>"), Method::Scored),
        // Only list items: no paragraph to score, the body is read.
        (format!("<body><ul><li>{para}</li><li>{para}</li></ul></body>"), Method::Scored),
    ];
    for (html, want) in cases {
        let a = extract(&parse_html(&html, "").unwrap());
        assert!(a.body_text().len() >= 200, "empty article for {html:.80}");
        assert_eq!(a.method, want, "{html:.80}");
    }
    let nothing = extract(&parse_html("<body><nav><a href=/>Home</a></nav></body>", "").unwrap());
    assert!(nothing.blocks.is_empty());
    assert_eq!(nothing.method, Method::Empty);
}

/// What the page declares as its body trims the article to it.
#[test]
fn json_ld_article_body_finds_and_trims_the_article() {
    let p1 = "The harbour bridge will close for two years while engineers replace its deck, the city said on Monday.";
    let p2 = "Traffic will move to the tunnel, which opened in March and has room for two more lanes each way.";
    let p3 = "Residents of the old town have asked for a ferry to run every ten minutes during the works.";
    let html = format!(
        r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","articleBody":"{p1} {p2} {p3} {p1}"}}</script></head>
        <body><div class="x"><p>{p1}</p><p>{p2}</p><p>Subscribe to our morning newsletter for the day's news in five minutes.</p><p>{p3}</p><p>{p1}</p></div>
        <div class="y"><p>Another story on another subject, with commas, and more commas, and still more words here.</p></div></body></html>"#
    );
    let a = extract(&parse_html(&html, "").unwrap());
    assert_eq!(a.method, Method::DeclaredBody);
    assert_eq!(a.body_text(), [p1, p2, p3, p1].join("\n"));
    assert!(a.skipped.iter().any(|r| r.preview.starts_with("Subscribe")), "{:?}", a.skipped);
}
