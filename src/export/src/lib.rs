//! The engine's answer written out, one file per format: [`json`] (the
//! annotations themselves), [`w3c`] (the W3C Web Annotation Data Model) and
//! [`csv`] (one row per sentence, for spreadsheets). Each front end (the
//! CLI's `--format`, the extension's and the playground's export buttons)
//! asks for a [`Format`] by its name; a new format is a file here and one
//! entry in [`Format`] (ARCHITECTURE.md, "Adding an export format").

pub mod csv;
pub mod json;
pub mod w3c;

use sourcelight_engine::Annotated;

/// The export formats, by the names the front ends use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    W3c,
    Csv,
}

/// Why an export could not be written. Writing our own types to text does
/// not fail on their content; this is kept for the serializer's own limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError {
    pub format: Format,
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "could not write the {} export", self.format.name())
    }
}

impl std::error::Error for ExportError {}

impl Format {
    pub const ALL: [Format; 3] = [Format::Json, Format::W3c, Format::Csv];

    /// The name the front ends ask for it by.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::W3c => "w3c",
            Format::Csv => "csv",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The answer in this format, as text.
    pub fn write(self, annotated: &Annotated) -> Result<String, ExportError> {
        let fail = |_| ExportError { format: self };
        match self {
            Format::Json => json::of(&annotated.annotations).map_err(fail),
            Format::W3c => serde_json::to_string_pretty(&w3c::of(annotated)).map_err(fail),
            Format::Csv => Ok(csv::of(&annotated.annotations)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Format;

    #[test]
    fn every_format_is_found_by_its_name() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.name()), Some(f));
        }
        assert_eq!(Format::parse("xml"), None);
    }
}
