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

/// An area: a country, a first-level division, a US county or a continent, placed at a
/// representative point.
#[derive(Debug, Clone)]
pub struct Admin {
    /// GeoNames id, when the source gives one.
    pub id: Option<u64>,
    /// Name.
    pub name: String,
    /// Country (ISO alpha-3) it is or belongs to; empty for a continent.
    pub country: String,
    /// "country", "state" (US), "admin1", "county" (US) or "continent".
    pub kind: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Other names ("Qinghai" for "Qinghai Sheng").
    pub aliases: Vec<String>,
    /// The first-level division a county lies in.
    pub parent: String,
    /// Towns of 1,000+ people in it, for divisions and counties (a size for ranking).
    pub towns: u32,
}

/// The gazetteer, indexed by lower-case name and alternate names.
#[derive(Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    by_name: HashMap<String, Vec<u32>>,
    admin: Vec<Admin>,
    /// Lower-case area name or alias → areas (not countries).
    areas: HashMap<String, Vec<u32>>,
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
                    id: c.first()?.parse().ok(),
                    name: c.get(1)?.to_string(),
                    country: c.get(2)?.to_string(),
                    kind: c.get(3)?.to_string(),
                    lat: c.get(4)?.parse().ok()?,
                    lon: c.get(5)?.parse().ok()?,
                    aliases: c
                        .get(6)
                        .map(|a| {
                            a.split('|')
                                .filter(|a| !a.is_empty())
                                .map(String::from)
                                .collect()
                        })
                        .unwrap_or_default(),
                    parent: c.get(7).map(|p| p.to_string()).unwrap_or_default(),
                    towns: c.get(8).and_then(|t| t.parse().ok()).unwrap_or(0),
                })
            })
            .collect();
        for (i, a) in g.admin.iter().enumerate() {
            if a.kind == "country" {
                continue;
            }
            for n in std::iter::once(&a.name).chain(&a.aliases) {
                g.areas.entry(n.to_lowercase()).or_default().push(i as u32);
            }
        }
        g
    }

    /// A country by code, placed at its capital.
    pub fn country(&self, code: &str) -> Option<&Admin> {
        self.admin
            .iter()
            .find(|a| a.kind == "country" && a.country == code)
    }

    /// A US state by name.
    pub fn state(&self, name: &str) -> Option<&Admin> {
        self.admin
            .iter()
            .find(|a| a.kind == "state" && a.name.eq_ignore_ascii_case(name))
    }

    /// An area other than a country (a division, a US county, a continent) by name or
    /// alias; one in the article's `countries` (most relevant first) wins, then a larger
    /// kind of area.
    pub fn area(&self, name: &str, countries: &[String]) -> Option<&Admin> {
        let cands = self.areas.get(&name.to_lowercase())?;
        let rank = |a: &Admin| {
            let in_article = countries
                .iter()
                .position(|c| *c == a.country)
                .map_or(0, |r| 10 - r.min(5));
            let size = match a.kind.as_str() {
                "continent" => 4,
                "state" => 3,
                "admin1" => 2,
                _ => 1,
            };
            (in_article, size, a.towns)
        };
        cands
            .iter()
            .map(|&i| &self.admin[i as usize])
            .max_by_key(|a| rank(a))
    }

    /// Where a place name points in an article about `countries`: the town it most
    /// likely names, unless an area of that name outranks it — a continent or US state
    /// beats any town under 500,000 people ("Florida", "Asia"), a first-level division
    /// any town under 100,000 ("Punjab", "Qinghai").
    pub fn locate(&self, name: &str, countries: &[String]) -> Option<Geo> {
        let town = self.resolve(name, countries);
        let area = self.area(name, countries);
        match (town, area) {
            (Some(t), Some(a)) => {
                let beats = match a.kind.as_str() {
                    "continent" | "state" => 500_000,
                    "admin1" => 100_000,
                    _ => 0,
                };
                Some(if t.population < beats {
                    a.into()
                } else {
                    t.into()
                })
            }
            (Some(t), None) => Some(t.into()),
            (None, Some(a)) => Some(a.into()),
            (None, None) => None,
        }
    }

    /// The largest population of a town whose own name (not an alternate name) this is.
    pub fn own_name_population(&self, name: &str) -> u64 {
        self.by_name.get(&name.to_lowercase()).map_or(0, |c| {
            c.iter()
                .map(|&i| &self.places[i as usize])
                .filter(|p| p.name.eq_ignore_ascii_case(name))
                .map(|p| p.population)
                .max()
                .unwrap_or(0)
        })
    }

    /// Whether this is the name of an area big enough to be read as that area with no
    /// place clue around it: a continent, a US state, or a first-level division of 20+
    /// towns whose name is not a short word ("Punjab", "Scotland"; not "Mon", "Store").
    pub fn well_known_area(&self, name: &str) -> bool {
        self.areas.get(&name.to_lowercase()).is_some_and(|c| {
            c.iter().any(|&i| {
                let a = &self.admin[i as usize];
                match a.kind.as_str() {
                    "continent" | "state" => true,
                    "admin1" => a.towns >= 20 && name.chars().count() >= 5,
                    _ => false,
                }
            })
        })
    }

    /// Whether an area other than a country has this name.
    pub fn knows_area(&self, name: &str) -> bool {
        self.areas.contains_key(&name.to_lowercase())
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
        // Being in the article's countries is worth a town about 400 times bigger
        // (e^6): "Paris" in a Texas story is Paris, Texas; "Moscow" there is Moscow.
        if let Some(rank) = countries.iter().position(|c| *c == p.country) {
            s += 6.0 - rank.min(4) as f64;
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
            admin1: match a.kind.as_str() {
                "state" | "admin1" => Some(a.name.clone()),
                "county" => Some(a.parent.clone()),
                _ => None,
            },
        }
    }
}

impl From<&Place> for Geo {
    fn from(p: &Place) -> Geo {
        Geo {
            geonames_id: Some(p.id),
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
        assert_eq!(g.country("GEO").unwrap().id, Some(614540));
        assert_eq!(g.state("Georgia").unwrap().country, "USA");
    }

    #[test]
    fn areas_outrank_small_towns_of_their_name() {
        let g = Gazetteer::builtin();
        let usa = ["USA".to_string()];
        // A state beats the small towns called after it, even in a US story.
        assert_eq!(
            g.locate("Florida", &usa).unwrap().admin1.as_deref(),
            Some("Florida")
        );
        // A continent has no country.
        let europe = g.locate("Europe", &[]).unwrap();
        assert_eq!(
            (europe.geonames_id, europe.country.as_str()),
            (Some(6255148), "")
        );
        // A division by its short name, in the article's country.
        let punjab = g.locate("Punjab", &["PAK".to_string()]).unwrap();
        assert_eq!(punjab.country, "PAK");
        assert_eq!(g.locate("Qinghai", &[]).unwrap().country, "CHN");
        // A big city keeps its name against a division or a small namesake.
        assert_eq!(g.locate("Kabul", &[]).unwrap().geonames_id, Some(1138958));
        assert_eq!(
            g.locate("New York", &["UKR".to_string(), "USA".to_string()])
                .unwrap()
                .country,
            "USA"
        );
        // Counties of the same name: the bigger one, with its state.
        let orange = g.locate("Orange County", &usa).unwrap();
        assert_eq!(orange.admin1.as_deref(), Some("California"));
        // A compass word is no division.
        assert!(g.area("Western", &[]).is_none());
        // The accent-free spelling of a town.
        assert_eq!(g.locate("Zurich", &[]).unwrap().country, "CHE");
    }
}
