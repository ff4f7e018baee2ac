//! The policy loader on arbitrary text. The first byte picks what the rest is:
//! 0 to 4 — the text of one file (purposes, clients, categories, tcf, events) with the other
//! four as shipped, so every rule past the TOML syntax is reached; 5 — all five files, separated
//! by NUL bytes (a missing one is empty). `Policy::from_strs_with_events` must not panic; an
//! error must point inside the file it names; a policy it accepts must satisfy the checks in
//! `custodia_fuzz::check_policy`.
#![no_main]

use custodia::policy::{
    Policy, PolicyError, CATEGORIES_FILE, CLIENTS_FILE, EVENTS_FILE, PURPOSES_FILE, TCF_FILE,
};
use custodia_fuzz::{check_policy, SHIPPED};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 5] = [
    PURPOSES_FILE,
    CLIENTS_FILE,
    CATEGORIES_FILE,
    TCF_FILE,
    EVENTS_FILE,
];

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let mut files: [&str; 5] = SHIPPED;
    match mode % 6 {
        5 => {
            let mut parts = text.split('\0');
            for f in &mut files {
                *f = parts.next().unwrap_or("");
            }
        }
        i => files[usize::from(i)] = text,
    }
    let [a, b, c, d, e] = files;
    match Policy::from_strs_with_events(a, b, c, d, e) {
        Ok(policy) => check_policy(&policy),
        Err(PolicyError::Invalid {
            file,
            line,
            column,
            reason,
        }) => {
            let Some(i) = NAMES.iter().position(|n| file.as_os_str() == *n) else {
                panic!("error names an unknown file {file:?}");
            };
            let text = files[i];
            assert!(line >= 1 && column >= 1 && !reason.is_empty());
            assert!(line <= text.split('\n').count(), "line {line} past the end");
            let line_text = text.split('\n').nth(line - 1).unwrap_or_default();
            assert!(
                column <= line_text.chars().count() + 1,
                "column {column} past the end of line {line}"
            );
        }
        Err(PolicyError::Read { file, .. }) => panic!("read error from text: {file:?}"),
    }
});
