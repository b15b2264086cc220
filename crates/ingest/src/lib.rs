//! Ingest: reading news from folders, gzip files, JSON Lines and WARC archives, running
//! extract and analyse on every core, and folding duplicate copies of a story.

pub mod dedup;
pub mod pipeline;
pub mod sources;
pub mod warc;
