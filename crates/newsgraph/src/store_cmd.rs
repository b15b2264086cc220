//! `newsgraph stats`, `search`, `relations` and `export`: reading the store.

use anyhow::{Context, Result};
use newsgraph_store::{SearchQuery, Store};
use std::path::PathBuf;

fn open(data: &std::path::Path) -> Result<Store> {
    Store::open_read_only(data)
        .with_context(|| format!("cannot open the store in {}", data.display()))
}

/// Arguments of `newsgraph reindex`.
#[derive(clap::Args)]
pub struct ReindexArgs {
    /// Data directory.
    #[arg(long, default_value = "newsgraph-data")]
    data: PathBuf,
}

/// `newsgraph reindex`.
pub fn reindex(a: ReindexArgs) -> Result<i32> {
    anyhow::ensure!(
        a.data.join("newsgraph.db").exists(),
        "no store in {}; create one with `newsgraph ingest SOURCES --data DIR`",
        a.data.display()
    );
    let (_, n) = Store::reindex(&a.data)
        .with_context(|| format!("cannot open the store in {}", a.data.display()))?;
    println!("reindexed {n} documents in {}", a.data.display());
    Ok(0)
}

/// Arguments of `newsgraph stats`.
#[derive(clap::Args)]
pub struct StatsArgs {
    /// Data directory.
    #[arg(long, default_value = "newsgraph-data")]
    data: PathBuf,
    /// Output format: text or json.
    #[arg(long, default_value = "text")]
    format: String,
}

/// `newsgraph stats`.
pub fn stats(a: StatsArgs) -> Result<i32> {
    let s = open(&a.data)?.stats()?;
    if a.format == "json" {
        println!("{}", serde_json::to_string_pretty(&s)?);
    } else {
        println!("documents  {}\narticles   {}\nstories    {}\nentities   {}\nquotes     {}\nevents     {}", s.documents, s.articles, s.stories, s.entities, s.quotes, s.events);
        let errs: u64 = s.errors.iter().map(|(_, n)| n).sum();
        println!(
            "errors     {errs}{}",
            if errs > 0 {
                format!(
                    " ({})",
                    s.errors
                        .iter()
                        .map(|(k, n)| format!("{n} {k}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else {
                String::new()
            }
        );
        println!("on disk    {:.1} MB", s.bytes_on_disk as f64 / 1e6);
    }
    Ok(0)
}

/// Arguments of `newsgraph search`.
#[derive(clap::Args)]
pub struct SearchArgs {
    /// Words or phrases ("quoted"), AND/OR/-not; empty lists everything that matches the filters.
    #[arg(default_value = "")]
    query: String,
    /// Data directory.
    #[arg(long, default_value = "newsgraph-data")]
    data: PathBuf,
    /// Published on or after (YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Published on or before (YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
    /// Site (host, e.g. bbc.com).
    #[arg(long)]
    site: Option<String>,
    /// Language code.
    #[arg(long)]
    language: Option<String>,
    /// Entity name.
    #[arg(long)]
    entity: Option<String>,
    /// Actor code or prefix (TUR, TURGOV, IGOWSTNAT).
    #[arg(long)]
    actor: Option<String>,
    /// CAMEO code or root (19, 042).
    #[arg(long)]
    cameo: Option<String>,
    /// PLOVER category (ASSAULT, CONSULT …).
    #[arg(long)]
    plover: Option<String>,
    /// Place name.
    #[arg(long)]
    place: Option<String>,
    /// Within a distance of a point: LAT,LON,KM.
    #[arg(long)]
    near: Option<String>,
    /// Results per page.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Results to skip.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Output format: text or json.
    #[arg(long, default_value = "text")]
    format: String,
}

/// `newsgraph search`.
pub fn search(a: SearchArgs) -> Result<i32> {
    let near = match &a.near {
        Some(s) => {
            let v: Vec<f64> = s
                .split(',')
                .map(|x| x.trim().parse())
                .collect::<Result<_, _>>()
                .context("--near takes LAT,LON,KM, e.g. 35.9,36.6,50")?;
            anyhow::ensure!(v.len() == 3, "--near takes LAT,LON,KM, e.g. 35.9,36.6,50");
            Some((v[0], v[1], v[2]))
        }
        None => None,
    };
    let q = SearchQuery {
        text: a.query.clone(),
        from: a.from.clone(),
        to: a.to.clone(),
        site: a.site.clone(),
        language: a.language.clone(),
        entity: a.entity.clone(),
        actor: a.actor.clone(),
        cameo: a.cameo.clone(),
        plover: a.plover.clone(),
        place: a.place.clone(),
        near,
        offset: a.offset,
        limit: a.limit,
    };
    let r = open(&a.data)?.search(&q)?;
    if a.format == "json" {
        println!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(0);
    }
    println!("{} stories", r.total);
    for h in &r.hits {
        println!(
            "\n{}  [{}{}{}]{}\n  {}",
            h.title,
            h.site,
            h.published
                .as_deref()
                .map(|p| format!(", {}", &p[..p.len().min(10)]))
                .unwrap_or_default(),
            if h.copies > 1 {
                format!(", {} copies", h.copies)
            } else {
                String::new()
            },
            h.url
                .as_deref()
                .map(|u| format!("\n  {u}"))
                .unwrap_or_default(),
            h.snippet
                .replace("<b>", "\x1b[1m")
                .replace("</b>", "\x1b[0m")
        );
    }
    let mut keys: Vec<&String> = r.facets.keys().collect();
    keys.sort();
    for k in keys {
        let v = &r.facets[k];
        if !v.is_empty() {
            println!(
                "\n{k}: {}",
                v.iter()
                    .take(8)
                    .map(|f| format!("{} ({})", f.value, f.count))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    Ok(0)
}

/// Arguments of `newsgraph relations`.
#[derive(clap::Args)]
pub struct RelationsArgs {
    /// First actor: a code or prefix (TUR, RUSGOV) or an entity name (Erdogan, Turkey).
    a: String,
    /// Second actor.
    b: String,
    /// Data directory.
    #[arg(long, default_value = "newsgraph-data")]
    data: PathBuf,
    /// Period: day, week or month.
    #[arg(long, default_value = "month")]
    by: String,
    /// Output format: text or json.
    #[arg(long, default_value = "text")]
    format: String,
}

/// `newsgraph relations`.
pub fn relations(a: RelationsArgs) -> Result<i32> {
    anyhow::ensure!(
        matches!(a.by.as_str(), "day" | "week" | "month"),
        "--by takes day, week or month"
    );
    let rows = open(&a.data)?.relations(&a.a, &a.b, &a.by)?;
    if a.format == "json" {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(0);
    }
    println!(
        "{:<10} {:>6} {:>6} {:>6} {:>6} {:>7} {:>9}",
        "period", "v.coop", "m.coop", "v.conf", "m.conf", "events", "goldstein"
    );
    for r in rows {
        println!(
            "{:<10} {:>6} {:>6} {:>6} {:>6} {:>7} {:>9.1}",
            r.period, r.quad[0], r.quad[1], r.quad[2], r.quad[3], r.events, r.goldstein
        );
    }
    Ok(0)
}

/// Arguments of `newsgraph export`.
#[derive(clap::Args)]
pub struct ExportArgs {
    /// Data directory.
    #[arg(long, default_value = "newsgraph-data")]
    data: PathBuf,
    /// What to export: articles (JSON Lines), events (JSON Lines) or gdelt (events in
    /// GDELT 2.0 event-table layout, tab-separated).
    #[arg(long, default_value = "articles")]
    what: String,
}

/// `newsgraph export`.
pub fn export(a: ExportArgs) -> Result<i32> {
    let kind: newsgraph_store::ExportKind = a
        .what
        .parse()
        .map_err(|e: String| anyhow::anyhow!("--what: {e}"))?;
    let store = open(&a.data)?;
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    store.export(kind, &mut out)?;
    Ok(0)
}
