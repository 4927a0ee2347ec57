//! The JSON export: the annotations themselves (`sourcelight/annotations@2`,
//! the schema in `sourcelight_engine::annotation`), indented for reading.

use sourcelight_engine::annotation::Annotations;

/// The annotations as indented JSON text.
pub fn of(annotations: &Annotations) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(annotations)
}
