// Writes ../world.json: one SVG path per country, in degrees (x = longitude,
// y = -latitude), from Natural Earth's 1:110m countries as packaged by world-atlas.
// Run after `npm ci` here: `node build.mjs`.
import { readFileSync, writeFileSync } from "node:fs";
import { feature } from "topojson-client";

const topology = JSON.parse(
  readFileSync(new URL("./node_modules/world-atlas/countries-110m.json", import.meta.url)),
);
const countries = feature(topology, topology.objects.countries).features;

const round = (v) => Math.round(v * 10) / 10;

function ringPath(ring, shift) {
  let d = "";
  let last = null;
  for (const [lon, lat] of ring) {
    const p = `${round(lon + shift)},${round(-lat)}`;
    if (p === last) continue;
    d += (d ? "L" : "M") + p;
    last = p;
  }
  return d + "Z";
}

// Rings that cross the antimeridian jump from +180 to -180. Unwrapping them makes them
// continuous past ±180; a copy shifted by 360° draws the part that falls off the edge
// (the map's viewBox clips both to -180…180), so fills stay right.
function ringPaths(ring) {
  const out = [];
  let offset = 0;
  let prev = null;
  for (const [lon, lat] of ring) {
    if (prev !== null) {
      const step = lon + offset - prev;
      if (step > 180) offset -= 360;
      else if (step < -180) offset += 360;
    }
    prev = lon + offset;
    out.push([prev, lat]);
  }
  const lons = out.map(([lon]) => lon);
  const paths = [ringPath(out, 0)];
  if (Math.max(...lons) > 180) paths.push(ringPath(out, -360));
  if (Math.min(...lons) < -180) paths.push(ringPath(out, 360));
  return paths;
}

function polygons(geometry) {
  if (!geometry) return [];
  if (geometry.type === "Polygon") return [geometry.coordinates];
  if (geometry.type === "MultiPolygon") return geometry.coordinates;
  return [];
}

const out = countries
  .map((f) => ({
    id: String(f.id ?? ""),
    name: f.properties?.name ?? "",
    d: polygons(f.geometry)
      .flatMap((poly) => poly.flatMap(ringPaths))
      .join(""),
  }))
  // Antarctica is left out: event places there are rare and it would take a fifth of the map.
  .filter((c) => c.d && c.name !== "Antarctica")
  .sort((a, b) => a.name.localeCompare(b.name));

const doc = {
  source:
    "Natural Earth 1:110m admin 0 countries (public domain), via the world-atlas npm package 2.0.2 (ISC)",
  projection: "equirectangular, degrees: x = longitude, y = -latitude",
  countries: out,
};
writeFileSync(new URL("../world.json", import.meta.url), JSON.stringify(doc) + "\n");
console.log(`world.json: ${out.length} countries`);
