//! Query-string parameters, checked one by one so a 400 says which and why.

use crate::ApiError;
use std::collections::HashMap;

/// The query string of one request.
pub(crate) struct Params(HashMap<String, String>);

impl Params {
    /// Takes the parameters, refusing names the endpoint does not know.
    pub(crate) fn new(q: HashMap<String, String>, known: &[&str]) -> Result<Params, ApiError> {
        let mut unknown: Vec<&String> = q.keys().filter(|k| !known.contains(&k.as_str())).collect();
        if !unknown.is_empty() {
            unknown.sort();
            return Err(ApiError::bad(format!(
                "unknown parameter {}; this endpoint takes {}",
                unknown
                    .iter()
                    .map(|k| format!("\"{k}\""))
                    .collect::<Vec<_>>()
                    .join(", "),
                known.join(", ")
            )));
        }
        Ok(Params(q))
    }

    /// A non-empty text value.
    pub(crate) fn text(&self, name: &str) -> Option<String> {
        self.0
            .get(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    /// A typed parameter's value: `None` when absent; an error when given empty (a
    /// date, number, code or choice has no empty value).
    pub(crate) fn typed(&self, name: &str) -> Result<Option<String>, ApiError> {
        match self.0.get(name).map(|v| v.trim()) {
            None => Ok(None),
            Some("") => Err(ApiError::bad(format!(
                "{name}: empty; give a value or leave the parameter out"
            ))),
            Some(v) => Ok(Some(v.to_string())),
        }
    }

    /// One of `options` (the first is the default when absent).
    pub(crate) fn choice(&self, name: &str, options: &[&str]) -> Result<String, ApiError> {
        match self.typed(name)? {
            None => Ok(options[0].to_string()),
            Some(v) if options.contains(&v.as_str()) => Ok(v),
            Some(v) => Err(ApiError::bad(format!(
                "{name}: \"{v}\" is not one of {}",
                options.join(", ")
            ))),
        }
    }

    /// A value that must be there.
    pub(crate) fn required(&self, name: &str) -> Result<String, ApiError> {
        self.text(name)
            .ok_or_else(|| ApiError::bad(format!("{name}: missing; this parameter is required")))
    }

    /// A YYYY-MM-DD date.
    pub(crate) fn date(&self, name: &str) -> Result<Option<String>, ApiError> {
        let Some(v) = self.typed(name)? else {
            return Ok(None);
        };
        // Exactly YYYY-MM-DD, and a day that exists.
        let ok = v.len() == 10 && v.parse::<jiff::civil::Date>().is_ok();
        if !ok {
            return Err(ApiError::bad(format!(
                "{name}: \"{v}\" is not a date (YYYY-MM-DD)"
            )));
        }
        Ok(Some(v))
    }

    /// A code made of characters `ok` accepts, upper-cased.
    pub(crate) fn code(
        &self,
        name: &str,
        ok: impl Fn(char) -> bool,
    ) -> Result<Option<String>, ApiError> {
        let Some(v) = self.typed(name)? else {
            return Ok(None);
        };
        if v.len() > 32 || !v.chars().all(ok) {
            return Err(ApiError::bad(format!(
                "{name}: \"{v}\" is not a valid code"
            )));
        }
        Ok(Some(v.to_uppercase()))
    }

    /// A PLOVER category among `known` (any case), upper-cased.
    pub(crate) fn plover(&self, name: &str, known: &[String]) -> Result<Option<String>, ApiError> {
        let Some(v) = self.code(name, |c| c.is_ascii_alphabetic() || c == '_')? else {
            return Ok(None);
        };
        if !known.contains(&v) {
            return Err(ApiError::bad(format!(
                "{name}: \"{v}\" is not a PLOVER category (one of {})",
                known.join(", ")
            )));
        }
        Ok(Some(v))
    }

    /// A whole number within `min..=max`, `default` when absent.
    pub(crate) fn number(
        &self,
        name: &str,
        default: usize,
        min: usize,
        max: usize,
    ) -> Result<usize, ApiError> {
        let Some(v) = self.typed(name)? else {
            return Ok(default);
        };
        match v.parse::<usize>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::bad(format!(
                "{name}: \"{v}\" is not a whole number from {min} to {max}"
            ))),
        }
    }

    /// A point and a radius: `LAT,LON,KM`.
    pub(crate) fn near(&self, name: &str) -> Result<Option<(f64, f64, f64)>, ApiError> {
        let Some(v) = self.typed(name)? else {
            return Ok(None);
        };
        let parts: Vec<Option<f64>> = v.split(',').map(|p| p.trim().parse::<f64>().ok()).collect();
        match parts.as_slice() {
            [Some(lat), Some(lon), Some(km)]
                if (-90.0..=90.0).contains(lat) && (-180.0..=180.0).contains(lon) && *km >= 0.0 =>
            {
                // Past half the Earth's circumference a radius covers all of it.
                Ok(Some((*lat, *lon, km.min(20_016.0))))
            }
            _ => Err(ApiError::bad(format!(
                "{name}: \"{v}\" is not LAT,LON,KM (latitude -90..90, longitude -180..180, km from 0)"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)]) -> Params {
        Params(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn values_are_checked_with_reasons() {
        assert_eq!(
            p(&[("from", "2024-03-05")])
                .date("from")
                .unwrap()
                .as_deref(),
            Some("2024-03-05")
        );
        assert!(p(&[("from", "2024-13-05")])
            .date("from")
            .unwrap_err()
            .1
            .contains("YYYY-MM-DD"));
        assert!(p(&[("from", "yesterday")]).date("from").is_err());
        assert!(p(&[("from", "2023-02-29")]).date("from").is_err());
        assert!(p(&[("from", "2024-02-29")]).date("from").is_ok());
        assert!(p(&[("from", "2024-04-31")]).date("from").is_err());
        assert_eq!(p(&[]).number("limit", 10, 1, 100).unwrap(), 10);
        assert!(p(&[("limit", "0")])
            .number("limit", 10, 1, 100)
            .unwrap_err()
            .1
            .contains("from 1 to 100"));
        assert!(p(&[("limit", "-3")]).number("limit", 10, 1, 100).is_err());
        assert_eq!(
            p(&[("near", "35.9, 36.6, 50")]).near("near").unwrap(),
            Some((35.9, 36.6, 50.0))
        );
        assert!(p(&[("near", "95,0,10")]).near("near").is_err());
        assert_eq!(
            p(&[("cameo", "19")])
                .code("cameo", |c| c.is_ascii_digit())
                .unwrap()
                .as_deref(),
            Some("19")
        );
        assert!(p(&[("cameo", "1;9")])
            .code("cameo", |c| c.is_ascii_digit())
            .is_err());
        // An empty typed value is an error, not a silent default.
        assert!(p(&[("from", "")])
            .date("from")
            .unwrap_err()
            .1
            .contains("empty"));
        assert!(p(&[("limit", " ")]).number("limit", 10, 1, 100).is_err());
        assert!(p(&[("by", "")]).choice("by", &["month", "week"]).is_err());
        assert_eq!(p(&[]).choice("by", &["month", "week"]).unwrap(), "month");
        assert!(p(&[("by", "year")])
            .choice("by", &["month", "week"])
            .unwrap_err()
            .1
            .contains("not one of month, week"));
        let e = Params::new([("qq".to_string(), "x".to_string())].into(), &["q"])
            .err()
            .unwrap();
        assert!(e.1.contains("\"qq\"") && e.1.contains("takes q"));
    }
}
