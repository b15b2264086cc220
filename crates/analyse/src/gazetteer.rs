//! Places: a GeoNames gazetteer of the world's towns and cities of 5,000+ people
//! (built by `data/gazetteer/build.py` from PyPI packages of GeoNames data, CC BY 4.0),
//! with ambiguous names resolved by the article's countries and population.

use newsgraph_model::Geo;
use std::collections::HashMap;
use std::io::Read;

/// One gazetteer row.
#[derive(Debug, Clone)]
pub struct Place {
    /// GeoNames id.
    pub id: u64,
    /// Name.
    pub name: String,
    /// Country (ISO alpha-3).
    pub country: String,
    /// First-level division name.
    pub admin1: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Population.
    pub population: u64,
}

/// A country or a first-level division (US states), placed at a representative point.
#[derive(Debug, Clone)]
pub struct Admin {
    /// GeoNames id.
    pub id: u64,
    /// Name.
    pub name: String,
    /// Country (ISO alpha-3) it is or belongs to.
    pub country: String,
    /// "country" or "state".
    pub kind: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// The gazetteer, indexed by lower-case name and alternate names.
#[derive(Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    by_name: HashMap<String, Vec<u32>>,
    admin: Vec<Admin>,
}

const BUILTIN: &[u8] = include_bytes!("../data/gazetteer/cities.tsv.gz");
const BUILTIN_ADMIN: &[u8] = include_bytes!("../data/gazetteer/admin.tsv.gz");

impl Gazetteer {
    /// The built-in gazetteer.
    pub fn builtin() -> Gazetteer {
        let gunzip = |bytes: &[u8]| {
            let mut text = String::new();
            flate2::read::GzDecoder::new(bytes)
                .read_to_string(&mut text)
                .expect("the built-in gazetteer is valid gzip (checked by tests)");
            text
        };
        let mut g = Gazetteer::parse(&gunzip(BUILTIN));
        g.admin = gunzip(BUILTIN_ADMIN)
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let c: Vec<&str> = l.split('\t').collect();
                Some(Admin {
                    id: c.first()?.parse().ok()?,
                    name: c.get(1)?.to_string(),
                    country: c.get(2)?.to_string(),
                    kind: c.get(3)?.to_string(),
                    lat: c.get(4)?.parse().ok()?,
                    lon: c.get(5)?.parse().ok()?,
                })
            })
            .collect();
        g
    }

    /// A country by code, placed at its capital.
    pub fn country(&self, code: &str) -> Option<&Admin> {
        self.admin
            .iter()
            .find(|a| a.kind == "country" && a.country == code)
    }

    /// A first-level division (US state) by name.
    pub fn state(&self, name: &str) -> Option<&Admin> {
        self.admin
            .iter()
            .find(|a| a.kind == "state" && a.name.eq_ignore_ascii_case(name))
    }

    /// Parses the TSV form (see `data/gazetteer/build.py`).
    pub fn parse(text: &str) -> Gazetteer {
        let mut g = Gazetteer::default();
        let rows = text.bytes().filter(|&b| b == b'\n').count();
        g.places.reserve(rows);
        // Names and alternate names: about three per place.
        g.by_name.reserve(rows * 3);
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() < 8 {
                continue;
            }
            let (Ok(id), Ok(lat), Ok(lon)) = (c[0].parse(), c[5].parse(), c[6].parse()) else {
                continue;
            };
            let idx = g.places.len() as u32;
            g.places.push(Place {
                id,
                name: c[1].to_string(),
                country: c[3].to_string(),
                admin1: c[4].to_string(),
                lat,
                lon,
                population: c[7].parse().unwrap_or(0),
            });
            let mut names = vec![c[1].to_lowercase()];
            names.extend(
                c[2].split('|')
                    .filter(|a| !a.is_empty())
                    .map(str::to_lowercase),
            );
            names.sort();
            names.dedup();
            for n in names {
                g.by_name.entry(n).or_default().push(idx);
            }
        }
        g
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// Whether the gazetteer is empty.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// The largest population of a place with this name (0 when none has it).
    pub fn population(&self, name: &str) -> u64 {
        self.by_name.get(&name.to_lowercase()).map_or(0, |c| {
            c.iter()
                .map(|&i| self.places[i as usize].population)
                .max()
                .unwrap_or(0)
        })
    }

    /// Whether any place has this name.
    pub fn knows(&self, name: &str) -> bool {
        self.by_name.contains_key(&name.to_lowercase())
    }

    /// The place a name most likely means in an article about `countries` (ISO alpha-3,
    /// most relevant first): a place in one of them wins, then the larger population.
    pub fn resolve(&self, name: &str, countries: &[String]) -> Option<&Place> {
        let cands = self.by_name.get(&name.to_lowercase())?;
        cands
            .iter()
            .map(|&i| &self.places[i as usize])
            .max_by(|a, b| {
                self.score(a, name, countries)
                    .total_cmp(&self.score(b, name, countries))
            })
    }

    fn score(&self, p: &Place, name: &str, countries: &[String]) -> f64 {
        let mut s = (p.population.max(1) as f64).ln();
        if let Some(rank) = countries.iter().position(|c| *c == p.country) {
            s += 12.0 - rank.min(4) as f64;
        }
        if p.name.eq_ignore_ascii_case(name) {
            s += 2.0;
        }
        s
    }
}

impl From<&Admin> for Geo {
    fn from(a: &Admin) -> Geo {
        Geo {
            geonames_id: a.id,
            lat: a.lat,
            lon: a.lon,
            country: a.country.clone(),
            admin1: (a.kind == "state").then(|| a.name.clone()),
        }
    }
}

impl From<&Place> for Geo {
    fn from(p: &Place) -> Geo {
        Geo {
            geonames_id: p.id,
            lat: p.lat,
            lon: p.lon,
            country: p.country.clone(),
            admin1: (!p.admin1.is_empty()).then(|| p.admin1.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_resolves_by_context() {
        let g = Gazetteer::builtin();
        assert!(g.len() > 60_000);
        let idlib = g.resolve("Idlib", &["SYR".to_string()]).unwrap();
        assert_eq!((idlib.id, idlib.country.as_str()), (169389, "SYR"));
        let paris = g.resolve("Paris", &[]).unwrap();
        assert_eq!(paris.country, "FRA");
        let paris_tx = g.resolve("Paris", &["USA".to_string()]).unwrap();
        assert_eq!(paris_tx.country, "USA");
        assert!(g.resolve("Sochi", &[]).is_some_and(|p| p.country == "RUS"));
        assert_eq!(g.country("GEO").unwrap().id, 614540);
        assert_eq!(g.state("Georgia").unwrap().country, "USA");
    }
}
