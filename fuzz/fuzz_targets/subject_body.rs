//! `POST /v1/subjects` and `PATCH /v1/subjects/{id}` bodies: JSON bytes → the request body →
//! `RawSubject` → `NewSubject::parse`, then the checks in `custodia_fuzz::check_subject`.
#![no_main]

use custodia_fuzz::{check_subject, patch_raw, rectification_values, CreateSubjectBody};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

fuzz_target!(|data: &[u8]| {
    // Creation: the typed body (unknown keys refused, as actix's Json extractor does).
    if let Ok(body) = serde_json::from_slice::<CreateSubjectBody>(data) {
        check_subject(&body.raw());
    }
    // Rectification: any JSON object; strings set, null clears.
    if let Ok(body) = serde_json::from_slice::<Map<String, Value>>(data) {
        let (values, _clear, _errors) = rectification_values(&body);
        check_subject(&patch_raw(&values));
    }
});
