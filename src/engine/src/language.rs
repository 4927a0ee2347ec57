//! The per-language seam: everything the engine knows about a language is
//! data in one [`Language`] (cue lexicon, abbreviations, trained models),
//! chosen from the page's `<html lang>`. English is the only one so far; a
//! second is its files, a model trained on its labeled pages with
//! `sourcelight train`, and one more entry in [`LANGUAGES`].

/// One language's data files: compiled into the native build; the wasm is
/// handed the lexicon and the student at run time (`loadLanguage`).
#[derive(Debug)]
pub struct Language {
    /// The primary subtag it answers to (`en` for `en-GB`).
    pub code: &'static str,
    /// Cue lexicon (`src/engine/src/lexicon/<code>.txt`), compiled into the native
    /// build; the extension ships it as a file beside the `.wasm`
    /// (`pkg/<code>.lexicon.txt`) and hands it over with the student
    /// (`loadLanguage`): it is the language's data, not the module's code.
    #[cfg(not(target_arch = "wasm32"))]
    pub cues: &'static str,
    /// Abbreviations that do not end a sentence
    /// (`src/engine/src/lexicon/abbreviations_<code>.txt`); the extension
    /// ships them in `pkg/<code>.lexicon.txt` with the cues.
    #[cfg(not(target_arch = "wasm32"))]
    pub abbreviations: &'static str,
    /// The linear model (`src/engine/src/learn/<code>.model`): the learned decision
    /// of the native build where no student is loaded. The wasm always has
    /// its student, so it does without.
    #[cfg(not(target_arch = "wasm32"))]
    pub model: &'static [u8],
    /// The student (`src/engine/src/learn/<code>.student`), compiled into the native
    /// build; the extension ships it as a file beside the `.wasm` and hands
    /// it over once per engine start (`loadLanguage`), so that the module's
    /// code stays small.
    #[cfg(not(target_arch = "wasm32"))]
    pub student: &'static [u8],
    /// The reasons' wording: the `why_*` messages of
    /// `extension/_locales/<code>/messages.json`, as build.rs leaves them
    /// (see `reason`). The wasm has none: the page words its reasons
    /// through the browser's `i18n`.
    #[cfg(not(target_arch = "wasm32"))]
    pub reasons: &'static str,
}

pub static ENGLISH: Language = Language {
    code: "en",
    // The lexicons as build.rs leaves them: without comments.
    #[cfg(not(target_arch = "wasm32"))]
    cues: include_str!(concat!(env!("OUT_DIR"), "/lexicon/en.txt")),
    #[cfg(not(target_arch = "wasm32"))]
    abbreviations: include_str!(concat!(env!("OUT_DIR"), "/lexicon/abbreviations_en.txt")),
    #[cfg(not(target_arch = "wasm32"))]
    model: include_bytes!("learn/en.model"),
    #[cfg(not(target_arch = "wasm32"))]
    student: include_bytes!("learn/en.student"),
    #[cfg(not(target_arch = "wasm32"))]
    reasons: include_str!(concat!(env!("OUT_DIR"), "/reasons/en.txt")),
};

pub static LANGUAGES: &[&Language] = &[&ENGLISH];

/// The language for a BCP 47 tag such as `en-GB`; English for a tag we
/// have no data for, or none.
pub fn for_tag(tag: &str) -> &'static Language {
    find(tag).unwrap_or(&ENGLISH)
}

/// The language with data for a tag, if there is one.
pub fn find(tag: &str) -> Option<&'static Language> {
    find_in(LANGUAGES, tag)
}

/// [`find`] among `languages`.
pub fn find_in<'a>(languages: &[&'a Language], tag: &str) -> Option<&'a Language> {
    let primary = primary(tag);
    languages.iter().copied().find(|l| l.code == primary)
}

/// A tag's primary subtag, lower case (`en` for `EN-gb`).
fn primary(tag: &str) -> String {
    tag.split(['-', '_']).next().unwrap_or("").trim().to_ascii_lowercase()
}

/// Whether a page that declares `tag` may be read with the data of
/// `language` (a primary subtag): the same language, or a tag that names no
/// language of its own (empty, `und`, `mul`, `zxx`, a private `x-` tag, or
/// not a language subtag at all).
pub fn reads_as(tag: &str, language: &str) -> bool {
    let primary = primary(tag);
    let is_language = (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic());
    !is_language || matches!(primary.as_str(), "und" | "mul" | "zxx" | "mis") || primary == language
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_choose_a_language() {
        assert_eq!(for_tag("en-GB").code, "en");
        assert_eq!(for_tag("EN").code, "en");
        assert_eq!(for_tag("").code, "en");
        assert_eq!(for_tag("ja").code, "en", "no Japanese data yet: English");
    }

    #[test]
    fn a_page_in_another_language_is_not_read_as_english() {
        for tag in ["en", "en-GB", "EN_us", "", "und", "x-klingon", "12"] {
            assert!(reads_as(tag, "en"), "{tag}");
        }
        for tag in ["ja", "fr-FR", "zh-TW", "deu"] {
            assert!(!reads_as(tag, "en"), "{tag}");
        }
    }
}
