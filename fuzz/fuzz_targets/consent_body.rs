//! Consent bodies: `PUT /v1/subjects/{id}/consents/{purpose}` (a decision), a
//! `POST /v1/consents:batch` body (records as the handler reads them one by one) and a
//! restriction body. JSON bytes → request body → `ConsentDecision::parse`, then the checks in
//! `custodia_fuzz::check_consent` (a TC string in the evidence is decoded too).
#![no_main]

use custodia::domain::RestrictionGround;
use custodia_fuzz::{
    check_consent, check_subject_ref, BatchBody, BatchRecord, ConsentBody, RestrictionBody,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(body) = serde_json::from_slice::<ConsentBody>(data) {
        check_consent(&body.raw());
    }
    if let Ok(batch) = serde_json::from_slice::<BatchBody>(data) {
        for value in batch.records {
            let Ok(r) = serde_json::from_value::<BatchRecord>(value) else {
                continue;
            };
            let (subject, _purpose, body) = r.into_parts();
            check_subject_ref(subject);
            check_consent(&body.raw());
        }
    }
    if let Ok(body) = serde_json::from_slice::<RestrictionBody>(data) {
        if let Some(g) = RestrictionGround::parse(&body.reason) {
            assert_eq!(g.as_str(), body.reason);
        }
    }
});
