//! Whole-store exports: articles and events as JSON Lines, and events in the GDELT 2.0
//! event-table layout, written row by row so any size streams.

use crate::read::{event_row, EventRow, EVENT_SELECT};
use crate::{Result, Store};
use std::io::Write;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// Articles with their analysis, one JSON object per line.
    Articles,
    /// Events, one JSON object per line (negated and hypothetical ones included).
    Events,
    /// Events that happened, in GDELT 2.0's 61 tab-separated columns.
    Gdelt,
}

impl std::str::FromStr for ExportKind {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<ExportKind, String> {
        match s {
            "articles" => Ok(ExportKind::Articles),
            "events" => Ok(ExportKind::Events),
            "gdelt" => Ok(ExportKind::Gdelt),
            other => Err(format!("\"{other}\" is not articles, events or gdelt")),
        }
    }
}

impl Store {
    /// Writes every article or event to `out`, in storage order.
    pub fn export(&self, kind: ExportKind, out: &mut dyn Write) -> Result<()> {
        if kind == ExportKind::Articles {
            let mut st = self
                .db
                .prepare("SELECT id, story, json FROM documents ORDER BY rowid")?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let (id, story, json): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
                writeln!(
                    out,
                    "{{\"id\":{},\"story\":{},\"data\":{}}}",
                    serde_json::Value::from(id),
                    serde_json::Value::from(story),
                    json
                )?;
            }
            return Ok(out.flush()?);
        }
        let mut st = self
            .db
            .prepare(&format!("{EVENT_SELECT} ORDER BY d.rowid, e.n"))?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let e = event_row(r)?;
            if kind == ExportKind::Events {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string(&e).map_err(std::io::Error::other)?
                )?;
            } else if !e.negated && !e.hypothetical {
                writeln!(out, "{}", gdelt_row(&e))?;
            }
        }
        Ok(out.flush()?)
    }
}

/// One event in GDELT 2.0's 61 tab-separated columns (fields we do not know are empty).
pub fn gdelt_row(e: &EventRow) -> String {
    let (doc, n, cameo, quad, goldstein) = (
        e.doc.as_str(),
        e.n,
        e.cameo.as_str(),
        e.quad_class,
        e.goldstein,
    );
    let (src, tgt, src_text, tgt_text) = (&e.source, &e.target, &e.source_text, &e.target_text);
    let (date, place, lat, lon, url) = (&e.date, e.place.clone(), e.lat, e.lon, e.url.clone());
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
    cols.extend(actor_cols(src, src_text));
    cols.extend(actor_cols(tgt, tgt_text));
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
