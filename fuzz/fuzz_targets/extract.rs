//! Fuzzes the extraction entry point: any bytes, read as HTML, as text and auto-detected.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph_extract::{extract_with, InputHint, Options};

fuzz_target!(|data: &[u8]| {
    for input in [InputHint::Auto, InputHint::Html, InputHint::Text] {
        let opts = Options {
            url: Some("https://news.example/2024/03/05/story"),
            charset: None,
            input,
        };
        if let Ok(a) = extract_with(data, &opts) {
            // Invariants every article keeps.
            assert!((0.0..=1.0).contains(&a.article_confidence));
            assert_eq!(a.text, newsgraph_model::Article::text_from_blocks(&a.blocks));
        }
    }
});
