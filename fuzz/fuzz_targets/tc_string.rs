//! IAB TCF TC strings (consent evidence `tcf_tc_string`): bytes → `TcString::parse`, then the
//! checks in `custodia_fuzz::check_tc`.
#![no_main]

use custodia_fuzz::check_tc;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        check_tc(s);
    }
});
