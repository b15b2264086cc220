//! `newsgraph stats`, `search`, `relations` and `export`: reading the store.

use anyhow::{Context, Result};
use newsgraph_store::{SearchQuery, Store};
use std::io::Write;
use std::path::PathBuf;

fn open(data: &std::path::Path) -> Result<Store> {
    Store::open_read_only(data)
        .with_context(|| format!("cannot open the store in {}", data.display()))
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
    let store = open(&a.data)?;
    let db = store.db();
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    match a.what.as_str() {
        "articles" => {
            let mut st = db.prepare("SELECT id, story, json FROM documents ORDER BY rowid")?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let (id, story, json): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
                writeln!(
                    out,
                    "{{\"id\":{},\"story\":{},\"data\":{}}}",
                    serde_json::to_string(&id)?,
                    serde_json::to_string(&story)?,
                    json
                )?;
            }
        }
        "events" | "gdelt" => {
            let mut st = db.prepare(
                "SELECT e.doc, e.n, e.cameo, e.root, e.plover, e.quad, e.goldstein, e.source_actor, e.target_actor, e.source_text, e.target_text, e.date, e.place, e.lat, e.lon, e.negated, e.hypothetical, e.confidence, e.sentence, d.url
                 FROM events e JOIN documents d ON d.id = e.doc ORDER BY d.rowid, e.n",
            )?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let get_s =
                    |i: usize| -> Option<String> { r.get::<_, Option<String>>(i).ok().flatten() };
                let (doc, n): (String, i64) = (r.get(0)?, r.get(1)?);
                let cameo: String = r.get(2)?;
                let quad: i64 = r.get(5)?;
                let goldstein: f64 = r.get(6)?;
                let lat: Option<f64> = r.get(13)?;
                let lon: Option<f64> = r.get(14)?;
                if a.what == "events" {
                    let v = serde_json::json!({
                        "doc": doc, "n": n, "cameo": cameo, "plover": get_s(4), "quad_class": quad, "goldstein": goldstein,
                        "source": get_s(7), "target": get_s(8), "source_text": get_s(9), "target_text": get_s(10),
                        "date": get_s(11), "place": get_s(12), "lat": lat, "lon": lon,
                        "negated": r.get::<_, bool>(15)?, "hypothetical": r.get::<_, bool>(16)?, "confidence": r.get::<_, f64>(17)?,
                        "sentence": get_s(18), "url": get_s(19),
                    });
                    writeln!(out, "{v}")?;
                } else {
                    if r.get::<_, bool>(15)? || r.get::<_, bool>(16)? {
                        continue;
                    }
                    writeln!(
                        out,
                        "{}",
                        gdelt_row(
                            &doc,
                            n,
                            &cameo,
                            quad,
                            goldstein,
                            get_s(7),
                            get_s(8),
                            get_s(9),
                            get_s(10),
                            get_s(11),
                            get_s(12),
                            lat,
                            lon,
                            get_s(19)
                        )
                    )?;
                }
            }
        }
        other => anyhow::bail!("--what takes articles, events or gdelt, not {other:?}"),
    }
    out.flush()?;
    Ok(0)
}

/// One event in GDELT 2.0's 61 tab-separated columns (fields we do not know are empty).
#[allow(clippy::too_many_arguments)]
fn gdelt_row(
    doc: &str,
    n: i64,
    cameo: &str,
    quad: i64,
    goldstein: f64,
    src: Option<String>,
    tgt: Option<String>,
    src_text: Option<String>,
    tgt_text: Option<String>,
    date: Option<String>,
    place: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    url: Option<String>,
) -> String {
    let id = u64::from_str_radix(&doc[..doc.len().min(12)], 16).unwrap_or(0) * 1000 + n as u64;
    let day = date
        .as_deref()
        .map(|d| d.get(..10).unwrap_or(d).replace('-', ""))
        .unwrap_or_default();
    let (y, m, dd) = (
        day.get(..4).unwrap_or(""),
        day.get(4..6).unwrap_or(""),
        day.get(6..8).unwrap_or(""),
    );
    let fraction = match (y.parse::<f64>(), m.parse::<f64>(), dd.parse::<f64>()) {
        (Ok(y), Ok(m), Ok(d)) => format!("{:.4}", y + (m * 30.0 + d) / 365.0),
        _ => String::new(),
    };
    let actor_cols = |code: &Option<String>, name: &Option<String>| -> Vec<String> {
        let c = code.clone().unwrap_or_default();
        let country = if c.len() >= 3
            && c[..3].chars().all(|x| x.is_ascii_uppercase())
            && !["IGO", "NGO", "IMG", "MNC", "NGM", "UIS", "INT"].contains(&&c[..3])
        {
            c[..3].to_string()
        } else {
            String::new()
        };
        let rest = if country.is_empty() {
            c.as_str()
        } else {
            &c[3..]
        };
        let types: Vec<String> = rest
            .as_bytes()
            .chunks(3)
            .map(|t| String::from_utf8_lossy(t).to_string())
            .collect();
        let known = if c.starts_with("IGO") || c.starts_with("NGO") {
            c.get(c.len().saturating_sub(3)..).unwrap_or("").to_string()
        } else {
            String::new()
        };
        vec![
            c.clone(),
            name.clone()
                .unwrap_or_default()
                .to_uppercase()
                .replace('\t', " "),
            country,
            known,
            String::new(),
            String::new(),
            String::new(),
            types.first().cloned().unwrap_or_default(),
            types.get(1).cloned().unwrap_or_default(),
            types.get(2).cloned().unwrap_or_default(),
        ]
    };
    let mut cols: Vec<String> = vec![
        id.to_string(),
        day.clone(),
        format!("{y}{m}"),
        y.to_string(),
        fraction,
    ];
    cols.extend(actor_cols(&src, &src_text));
    cols.extend(actor_cols(&tgt, &tgt_text));
    let base = if cameo.len() == 4 { &cameo[..3] } else { cameo };
    cols.extend([
        if n == 0 { "1" } else { "0" }.to_string(),
        cameo.to_string(),
        base.to_string(),
        cameo[..cameo.len().min(2)].to_string(),
        quad.to_string(),
        format!("{goldstein:.1}"),
        "1".to_string(),
        "1".to_string(),
        "1".to_string(),
        String::new(),
    ]);
    // Actor1 and Actor2 geography: unknown here (8 columns each).
    cols.extend(std::iter::repeat_n(String::new(), 16));
    // Action geography: a named place with coordinates is a world city (4).
    let geo_type = if lat.is_some() { "4" } else { "" };
    cols.extend([
        geo_type.to_string(),
        place.unwrap_or_default().replace('\t', " "),
        String::new(),
        String::new(),
        String::new(),
        lat.map(|v| format!("{v:.4}")).unwrap_or_default(),
        lon.map(|v| format!("{v:.4}")).unwrap_or_default(),
        String::new(),
    ]);
    cols.push(format!("{}000000", day));
    cols.push(url.unwrap_or_default());
    debug_assert_eq!(cols.len(), 61);
    cols.join("\t")
}
