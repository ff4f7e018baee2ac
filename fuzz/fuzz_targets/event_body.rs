//! `POST /v1/events` bodies: JSON bytes → `{"events": [...]}` → each event → its properties
//! validated against its type in the shipped policy, then the checks in
//! `custodia_fuzz::check_event`.
#![no_main]

use custodia_fuzz::{check_event, EventBody, EventsBody};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(body) = serde_json::from_slice::<EventsBody>(data) {
        for value in body.events {
            if let Ok(event) = serde_json::from_value::<EventBody>(value) {
                check_event(event);
            }
        }
    } else if let Ok(event) = serde_json::from_slice::<EventBody>(data) {
        check_event(event);
    }
});
