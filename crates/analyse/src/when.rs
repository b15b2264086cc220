//! Resolving time expressions ("on Tuesday", "a year ago", "last month") against the
//! document date. With no document date nothing is invented: the date stays relative.

use crate::text::Token;
use jiff::civil::{Date, Weekday};
use jiff::ToSpan;
use newsgraph_model::EventDate;

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
];

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Whether a lower-case word names a weekday or a month.
pub fn is_calendar_word(w: &str) -> bool {
    WEEKDAYS.iter().any(|(n, _)| *n == w) || MONTHS.contains(&w)
}

fn number(w: &str) -> Option<i64> {
    match w {
        "a" | "an" | "one" => Some(1),
        "two" => Some(2),
        "three" => Some(3),
        "four" => Some(4),
        "five" => Some(5),
        "six" => Some(6),
        "seven" => Some(7),
        "eight" => Some(8),
        "nine" => Some(9),
        "ten" => Some(10),
        _ => w.parse().ok().filter(|n| *n < 1000),
    }
}

/// The date of an event triggered at token `at`: the time expression in the sentence
/// closest to the trigger, or the document date. `doc` is the document date, if known.
pub fn resolve(text: &str, toks: &[Token], at: usize, doc: Option<Date>) -> EventDate {
    // Only expressions near the trigger: a far one usually dates another clause.
    let mut order: Vec<usize> = (0..toks.len()).filter(|&i| i.abs_diff(at) <= 10).collect();
    order.sort_by_key(|&i| i.abs_diff(at));
    for i in order {
        let w = toks[i].lower.as_str();
        let next = toks.get(i + 1).map(|t| t.lower.as_str());
        let prev = i.checked_sub(1).map(|p| toks[p].lower.as_str());
        let expr = |a: usize, b: usize| text[toks[a].start..toks[b].end].to_string();
        // Weekdays: the most recent such day on or before the document date.
        if let Some(&(_, wd)) = WEEKDAYS.iter().find(|(n, _)| *n == w) {
            let from = if prev == Some("on") || prev == Some("last") {
                i - 1
            } else {
                i
            };
            let value = doc.map(|d| {
                let back = (d.weekday().to_monday_zero_offset() - wd.to_monday_zero_offset())
                    .rem_euclid(7);
                let back = if prev == Some("last") && back == 0 {
                    7
                } else {
                    back
                };
                d.checked_sub(i64::from(back).days()).unwrap_or(d)
            });
            return dated(value, expr(from, i), doc.is_none());
        }
        match w {
            "yesterday" => {
                return dated(
                    doc.and_then(|d| d.checked_sub(1.day()).ok()),
                    expr(i, i),
                    doc.is_none(),
                )
            }
            "today" | "tonight" => return dated(doc, expr(i, i), doc.is_none()),
            "tomorrow" => {
                return dated(
                    doc.and_then(|d| d.checked_add(1.day()).ok()),
                    expr(i, i),
                    doc.is_none(),
                )
            }
            "last" | "next" if matches!(next, Some("week" | "month" | "year")) => {
                let sign: i64 = if w == "last" { -1 } else { 1 };
                let value = doc.and_then(|d| match next {
                    Some("week") => d.checked_add((7 * sign).days()).ok(),
                    Some("month") => d.checked_add(sign.months()).ok(),
                    _ => d.checked_add(sign.years()).ok(),
                });
                return dated(value, expr(i, i + 1), doc.is_none());
            }
            _ => {}
        }
        // "N days/weeks/months/years ago".
        if let (Some(n), Some(unit), Some("ago")) =
            (number(w), next, toks.get(i + 2).map(|t| t.lower.as_str()))
        {
            let value = doc.and_then(|d| match unit.trim_end_matches('s') {
                "day" => d.checked_sub(n.days()).ok(),
                "week" => d.checked_sub((7 * n).days()).ok(),
                "month" => d.checked_sub(n.months()).ok(),
                "year" => d.checked_sub(n.years()).ok(),
                _ => None,
            });
            if matches!(
                unit.trim_end_matches('s'),
                "day" | "week" | "month" | "year"
            ) {
                return dated(value, expr(i, i + 2), doc.is_none());
            }
        }
        // "March 5" / "5 March" (year from the document, or the year written after).
        if let Some(m) = MONTHS.iter().position(|&m| m == w) {
            let day = next
                .and_then(|n| n.parse::<i8>().ok())
                .map(|d| (d, i + 1))
                .or_else(|| prev.and_then(|p| p.parse::<i8>().ok()).map(|d| (d, i)));
            if let Some((day, last)) = day {
                let year = toks
                    .get(last + 1)
                    .filter(|t| t.lower == ",")
                    .and(toks.get(last + 2))
                    .or(toks.get(last + 1))
                    .and_then(|t| t.lower.parse::<i16>().ok())
                    .filter(|y| (1900..2200).contains(y));
                let start = if prev.and_then(|p| p.parse::<i8>().ok()).is_some() && last == i {
                    i - 1
                } else {
                    i
                };
                let y = year.or(doc.map(|d| d.year()));
                let value = y.and_then(|y| Date::new(y, m as i8 + 1, day).ok());
                return dated(value, expr(start, last), y.is_none());
            }
        }
    }
    match doc {
        Some(d) => dated(Some(d), "document".to_string(), false),
        None => EventDate {
            value: None,
            expression: "document".to_string(),
            relative: true,
        },
    }
}

fn dated(value: Option<Date>, expression: String, relative: bool) -> EventDate {
    EventDate {
        value: value.map(|d| d.to_string()),
        expression,
        relative: relative || value.is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn at(s: &str, doc: Option<&str>) -> EventDate {
        let doc = doc.map(|d| d.parse::<Date>().unwrap());
        resolve(s, &tokenize(s), 0, doc)
    }

    #[test]
    fn relative_expressions() {
        // 2019-09-17 was a Tuesday.
        assert_eq!(
            at("talks on Tuesday", Some("2019-09-17")).value.as_deref(),
            Some("2019-09-17")
        );
        assert_eq!(
            at("talks on Monday", Some("2019-09-17")).value.as_deref(),
            Some("2019-09-16")
        );
        assert_eq!(
            at("a deal a year ago", Some("2019-09-17")).value.as_deref(),
            Some("2018-09-17")
        );
        assert_eq!(
            at("it rose last month", Some("2019-09-17"))
                .value
                .as_deref(),
            Some("2019-08-17")
        );
        assert_eq!(
            at("on March 5, 2024 they met", None).value.as_deref(),
            Some("2024-03-05")
        );
        let r = at("talks on Tuesday", None);
        assert!(r.relative && r.value.is_none());
        assert_eq!(r.expression, "on Tuesday");
        let d = at("they met", Some("2019-09-17"));
        assert_eq!(
            (d.value.as_deref(), d.expression.as_str()),
            (Some("2019-09-17"), "document")
        );
    }
}
