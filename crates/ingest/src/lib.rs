//! Ingest: reading news from folders, gzip files, JSON Lines, RSS/Atom feeds and WARC archives, running
//! extract and analyse on every core, and folding duplicate copies of a story.

pub mod dedup;
pub mod feeds;
pub mod fetch;
pub mod pipeline;
pub mod process;
pub mod run;
pub mod sources;
pub mod warc;
