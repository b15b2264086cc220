//! Turning the many date spellings found on news pages into ISO 8601, without
//! inventing what the page does not say: a date without a time stays a date.

use jiff::civil::Date;

/// Parses a date or date-time string into ISO 8601; `None` when it is not one.
pub fn normalize(raw: &str) -> Option<String> {
    let s = raw.trim();
    if s.is_empty() || s.len() > 100 {
        return None;
    }
    if let Some(v) = iso_like(s) {
        return Some(v);
    }
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        return plausible_ts(ts).then(|| ts.to_string());
    }
    if let Ok(z) = jiff::fmt::rfc2822::parse(s) {
        return plausible_year(z.year()).then(|| z.timestamp().to_string());
    }
    if let Some(n) = epoch(s) {
        return Some(n);
    }
    textual_date(s).map(|d| d.to_string())
}

fn plausible_ts(ts: jiff::Timestamp) -> bool {
    (631_152_000..4_102_444_800).contains(&ts.as_second())
}

fn plausible_year(y: i16) -> bool {
    (1990..=2100).contains(&y)
}

/// "2024-03-05", "2024-03-05 10:00", "2024-03-05T10:00:00" (no offset), "2024/03/05",
/// "20240305", "2024-03-05T10:00:00+0100".
fn iso_like(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<i32> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (y, m, d, rest) =
        if b.len() >= 10 && (b[4] == b'-' || b[4] == b'/' || b[4] == b'.') && b[7] == b[4] {
            (digits(0..4)?, digits(5..7)?, digits(8..10)?, &s[10..])
        } else if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
            (digits(0..4)?, digits(4..6)?, digits(6..8)?, "")
        } else {
            return None;
        };
    let date = Date::new(y as i16, m as i8, d as i8).ok()?;
    if !plausible_year(date.year()) {
        return None;
    }
    let rest = rest.trim_start_matches(['T', ' ']);
    if rest.len() < 5 {
        return Some(date.to_string());
    }
    let rb = rest.as_bytes();
    if rb[2] != b':' {
        return Some(date.to_string());
    }
    let hh: i8 = rest.get(0..2)?.parse().ok()?;
    let mm: i8 = rest.get(3..5)?.parse().ok()?;
    let mut idx = 5;
    let mut ss: i8 = 0;
    if rb.len() >= 8 && rb[5] == b':' {
        ss = rest.get(6..8)?.parse().ok()?;
        idx = 8;
    }
    while idx < rb.len() && (rb[idx] == b'.' || rb[idx].is_ascii_digit()) {
        idx += 1;
    }
    let time = jiff::civil::Time::new(hh, mm, ss, 0).ok()?;
    let dt = date.to_datetime(time);
    let tail = rest[idx..].trim();
    let base = dt.strftime("%Y-%m-%dT%H:%M:%S").to_string();
    if tail.is_empty() {
        return Some(base);
    }
    if tail.eq_ignore_ascii_case("z")
        || tail.eq_ignore_ascii_case("utc")
        || tail.eq_ignore_ascii_case("gmt")
    {
        return Some(format!("{base}Z"));
    }
    let tb = tail.as_bytes();
    if (tb[0] == b'+' || tb[0] == b'-') && tail.len() >= 3 {
        let digits: String = tail[1..].chars().filter(char::is_ascii_digit).collect();
        if digits.len() == 4 || digits.len() == 2 {
            let h: i32 = digits[..2].parse().ok()?;
            let m: i32 = if digits.len() == 4 {
                digits[2..].parse().ok()?
            } else {
                0
            };
            if h == 0 && m == 0 {
                return Some(format!("{base}Z"));
            }
            if h <= 14 && m < 60 {
                return Some(format!("{base}{}{h:02}:{m:02}", tb[0] as char));
            }
        }
    }
    Some(base)
}

/// Unix seconds or milliseconds.
fn epoch(s: &str) -> Option<String> {
    if !(s.len() == 10 || s.len() == 13) || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: i64 = s.parse().ok()?;
    let secs = if s.len() == 13 { n / 1000 } else { n };
    let ts = jiff::Timestamp::from_second(secs).ok()?;
    plausible_ts(ts).then(|| ts.to_string())
}

const MONTHS: [(&str, i8); 60] = [
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    // French, Spanish, Portuguese, Italian, German
    ("janvier", 1),
    ("février", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("januar", 1),
    ("februar", 2),
    ("märz", 3),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("gennaio", 1),
    ("giugno", 6),
    ("ottobre", 10),
    ("dicembre", 12),
    ("outubro", 10),
];

fn month_of(word: &str) -> Option<i8> {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == w).map(|&(_, m)| m)
}

/// "March 5, 2024", "5 March 2024", "Tuesday, March 5th 2024", "5. März 2024",
/// "5 de marzo de 2024". Returns the date only: a time written beside it is not trusted.
pub fn textual_date(s: &str) -> Option<Date> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '/' || c == '|')
        .filter(|w| !w.is_empty() && *w != "de" && *w != "of" && *w != "del")
        .collect();
    for i in 0..words.len() {
        let Some(m) = month_of(words[i]) else {
            continue;
        };
        let num = |w: &str| -> Option<i32> {
            let t = w.trim_end_matches(['.', ',']);
            let t = t
                .strip_suffix("st")
                .or_else(|| t.strip_suffix("nd"))
                .or_else(|| t.strip_suffix("rd"))
                .or_else(|| t.strip_suffix("th"))
                .unwrap_or(t);
            (!t.is_empty() && t.len() <= 4 && t.bytes().all(|c| c.is_ascii_digit()))
                .then(|| t.parse().ok())
                .flatten()
        };
        let before = i.checked_sub(1).and_then(|j| num(words[j]));
        let after = words.get(i + 1).and_then(|w| num(w));
        let after2 = words.get(i + 2).and_then(|w| num(w));
        let (day, year) = match (before, after, after2) {
            (_, Some(d), Some(y)) if d <= 31 && y >= 1990 => (d, y),
            (Some(d), Some(y), _) if d <= 31 && y >= 1990 => (d, y),
            _ => continue,
        };
        if let Ok(d) = Date::new(year as i16, m, day as i8) {
            if plausible_year(d.year()) {
                return Some(d);
            }
        }
    }
    None
}

/// A date written in a URL path: `/2024/03/05/`, `/2024-03-05-`, `/20240305/`.
pub fn from_url(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |(_, r)| r);
    let path = path.split_once('/').map_or("", |(_, p)| p);
    let parts: Vec<&str> = path.split(['/', '-', '_', '.']).collect();
    for w in parts.windows(3) {
        if w[0].len() == 4
            && w[1].len() <= 2
            && w[2].len() <= 2
            && !w[1].is_empty()
            && !w[2].is_empty()
        {
            if let (Ok(y), Ok(m), Ok(d)) =
                (w[0].parse::<i16>(), w[1].parse::<i8>(), w[2].parse::<i8>())
            {
                if let Ok(date) = Date::new(y, m, d) {
                    if plausible_year(y) {
                        return Some(date.to_string());
                    }
                }
            }
        }
    }
    for p in &parts {
        if p.len() == 8 && p.bytes().all(|c| c.is_ascii_digit()) {
            if let Some(v) = iso_like(p) {
                return Some(v);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert_eq!(normalize("2024-03-05").as_deref(), Some("2024-03-05"));
        assert_eq!(
            normalize("2024-03-05T10:00:00+01:00").as_deref(),
            Some("2024-03-05T10:00:00+01:00")
        );
        assert_eq!(
            normalize("2024-03-05T10:00:00Z").as_deref(),
            Some("2024-03-05T10:00:00Z")
        );
        assert_eq!(
            normalize("2024-03-05 10:00:00 +0100").as_deref(),
            Some("2024-03-05T10:00:00+01:00")
        );
        assert_eq!(
            normalize("2024-03-05T10:00").as_deref(),
            Some("2024-03-05T10:00:00")
        );
        assert_eq!(
            normalize("Tue, 05 Mar 2024 10:00:00 GMT").as_deref(),
            Some("2024-03-05T10:00:00Z")
        );
        assert_eq!(
            normalize("Tuesday, March 5th 2024").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(normalize("5. März 2024").as_deref(), Some("2024-03-05"));
        assert_eq!(
            normalize("5 de marzo de 2024").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(normalize("Nov. 18, 2019").as_deref(), Some("2019-11-18"));
        assert_eq!(normalize("yesterday"), None);
        assert_eq!(normalize("0000-00-00"), None);
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            from_url("https://x.com/2019/11/18/story-slug/").as_deref(),
            Some("2019-11-18")
        );
        assert_eq!(
            from_url("https://x.com/news/20191118/a.html").as_deref(),
            Some("2019-11-18")
        );
        assert_eq!(from_url("https://x.com/a/30279001.html"), None);
    }
}
