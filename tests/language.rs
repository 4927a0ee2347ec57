//! The language seam: a second language is its data and one entry. A toy
//! language, made of nothing but data here, gets its own cue words, its own
//! abbreviations and its own wording of the reasons, chosen by its tag;
//! and a page in a language with no data is flagged, never passed off as
//! English.

use sourcelight_engine::html::parse_html;
use sourcelight_engine::language::{find_in, Language, ENGLISH};
use sourcelight_engine::Engine;

/// All of the toy language: the files a real one would have, inline.
static TOY: Language = Language {
    code: "xx",
    cues: "[language]\nxx\n[speech_verbs]\nsagt\n[hedge_adverbs]\nvielleicht\n",
    abbreviations: "[titles]\nhr\n",
    model: &[],
    student: &[],
    reasons: "why_attributed\tZugeschrieben: $1 (\u{201e}$2\u{201c}).\nwhy_hedge\tVermutet: \u{201e}$1\u{201c}.\nwhy_fact\tOhne Quelle.\n",
};

const PAGE: &str = "<html lang=\"xx-YY\"><body><article><h1>Die Br\u{fc}cke</h1>\
    <p>Hr. Weber sagt, die Br\u{fc}cke ist offen. Die Br\u{fc}cke ist vielleicht offen. Die Br\u{fc}cke ist offen.</p></article></body></html>";

#[test]
fn a_second_language_is_its_data_and_one_entry() {
    let languages = [&ENGLISH, &TOY];
    let doc = parse_html(PAGE, "https://example.org/xx").unwrap();
    let language = find_in(&languages, doc.lang().unwrap()).expect("the toy language is found by its tag");
    assert_eq!(language.code, "xx");
    let a = Engine::for_language(language).annotate_doc(&doc, "");
    let got: Vec<(&str, &str, &str)> = a.annotations.sentences.iter().map(|s| (s.text.as_str(), s.label.as_str(), s.why.as_str())).collect();
    // "Hr." is the toy language's abbreviation: no sentence ends there.
    assert_eq!(got.len(), 4, "{got:#?}");
    assert_eq!(got[1].0, "Hr. Weber sagt, die Br\u{fc}cke ist offen.");
    assert_eq!((got[1].1, got[1].2), ("sourced", "Zugeschrieben: Weber (\u{201e}sagt\u{201c})."), "{got:#?}");
    assert_eq!((got[2].1, got[2].2), ("speculative", "Vermutet: \u{201e}vielleicht\u{201c}."), "{got:#?}");
    assert_eq!((got[3].1, got[3].2), ("unsourced", "Ohne Quelle."), "{got:#?}");
    assert_eq!(a.annotations.unsupported_language, None, "the page's language has its data");
}

#[test]
fn a_page_in_a_language_without_data_says_so() {
    let doc = parse_html(PAGE, "").unwrap();
    let a = Engine::default().annotate_doc(&doc, "");
    assert_eq!(a.annotations.unsupported_language.as_deref(), Some("xx-YY"));
    let english = parse_html(&PAGE.replace("xx-YY", "en-GB"), "").unwrap();
    assert_eq!(Engine::default().annotate_doc(&english, "").annotations.unsupported_language, None);
    let undeclared = parse_html(&PAGE.replace(" lang=\"xx-YY\"", ""), "").unwrap();
    assert_eq!(Engine::default().annotate_doc(&undeclared, "").annotations.unsupported_language, None);
}
