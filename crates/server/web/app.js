// newsgraph web page: search, articles with their analysis marked in place, relations
// between actors over time, a map of event places and ingest progress. It talks only to
// this server's JSON API (/api/…) and loads nothing from elsewhere.
"use strict";

// ---------------------------------------------------------------- helpers

/** Builds an element: h("a", {href: "#"}, "text", child, …). */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";
/** Builds an SVG element. */
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

class ApiError extends Error {}

/** GETs /api/path with query parameters (empty ones dropped); throws ApiError. */
async function api(path, params, init) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== "") qs.set(k, v);
  }
  const url = "/api/" + path + (qs.toString() ? "?" + qs : "");
  let resp;
  try {
    resp = await fetch(url, { signal: AbortSignal.timeout(30000), ...init });
  } catch (e) {
    throw new ApiError("the server did not answer (" + e.message + "); is newsgraph serve still running?");
  }
  const body = await resp.json().catch(() => null);
  if (!resp.ok) {
    throw new ApiError((body && body.error && body.error.message) || resp.status + " " + resp.statusText);
  }
  return body;
}

function errorBox(e) {
  return h("p", { class: "error", role: "alert" }, e instanceof ApiError ? e.message : "error: " + e);
}

/** The snippet HTML from the API, keeping only its <b> marks. */
/** The text of escaped HTML text (`&amp;` → `&`), spaces kept: a textarea takes its
 * content as text, so nothing in it is parsed as markup or run. (Parsing a piece as a
 * document would drop its leading space: "<b>border</b> that" became "borderthat".) */
function decodeEntities(escaped) {
  const t = document.createElement("textarea");
  t.innerHTML = escaped;
  return t.value;
}

function snippetNode(html) {
  const p = h("p", { class: "snippet" });
  const parts = String(html).split(/(<b>|<\/b>)/);
  let bold = false;
  for (const part of parts) {
    if (part === "<b>") bold = true;
    else if (part === "</b>") bold = false;
    else if (part) {
      const text = decodeEntities(part);
      p.append(bold ? h("b", {}, text) : document.createTextNode(text));
    }
  }
  return p;
}

/** A stand-in headline for a document without one: the start of its snippet. */
function untitled(snippet) {
  const text = snippetNode(snippet || "").textContent.trim();
  if (!text) return "(untitled)";
  return text.length > 90 ? text.slice(0, 90).replace(/\s+\S*$/, "") + "…" : text;
}

function fmtDate(v) {
  if (!v) return "";
  return String(v).slice(0, 10);
}

function fmtNum(n) {
  return Number(n).toLocaleString("en-US");
}

function debounce(fn, ms) {
  let t = null;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

/** Attaches entity-name suggestions (from /api/entities) to an input. */
function autocomplete(input, onlyActors) {
  const list = h("datalist", { id: "dl-" + Math.random().toString(36).slice(2) });
  input.setAttribute("list", list.id);
  input.after(list);
  input.addEventListener(
    "input",
    debounce(async () => {
      const q = input.value.trim();
      if (q.length < 2) return;
      try {
        const names = await api("entities", { q, limit: 10 });
        list.replaceChildren(
          ...names
            .filter((n) => !onlyActors || n.actor)
            .map((n) =>
              h("option", { value: n.name }, `${n.kind}${n.actor ? " · " + n.actor : ""} · ${n.documents} doc.`),
            ),
        );
      } catch (_) {
        /* suggestions are optional */
      }
    }, 200),
  );
}

// ---------------------------------------------------------------- domain names

const CAMEO_ROOTS = {
  "01": "make public statement", "02": "appeal", "03": "express intent to cooperate",
  "04": "consult", "05": "engage in diplomatic cooperation", "06": "engage in material cooperation",
  "07": "provide aid", "08": "yield", "09": "investigate", "10": "demand", "11": "disapprove",
  "12": "reject", "13": "threaten", "14": "protest", "15": "exhibit force posture",
  "16": "reduce relations", "17": "coerce", "18": "assault", "19": "fight",
  "20": "use unconventional mass violence",
};
const QUAD = {
  1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict",
};
const FACETS = [
  ["site", "Sites"], ["month", "Dates"], ["actor", "Actors"], ["plover", "Event categories"],
  ["cameo", "CAMEO roots"], ["place", "Places"], ["language", "Languages"],
];
const FILTERS = ["q", "site", "language", "entity", "actor", "cameo", "plover", "place", "from", "to"];

function cameoLabel(code) {
  const root = String(code).slice(0, 2);
  return CAMEO_ROOTS[root] ? `${code} ${CAMEO_ROOTS[root]}` : String(code);
}

function lastDayOfMonth(ym) {
  const [y, m] = ym.split("-").map(Number);
  return `${ym}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, "0")}`;
}

/** First and last day ("YYYY-MM-DD") of a relations period: a day, "YYYY-Www" or "YYYY-MM". */
function periodRange(p) {
  if (/^\d{4}-\d{2}-\d{2}$/.test(p)) return [p, p];
  const w = /^(\d{4})-W(\d{2})$/.exec(p);
  if (w) {
    // SQLite's %W: weeks start on Monday; days before the year's first Monday are week 00.
    const y = Number(w[1]), n = Number(w[2]);
    const jan1 = Date.UTC(y, 0, 1);
    const dow = (new Date(jan1).getUTCDay() + 6) % 7;
    const firstMonday = jan1 + ((7 - dow) % 7) * 86400000;
    const start = n === 0 ? jan1 : firstMonday + (n - 1) * 7 * 86400000;
    const end = n === 0 ? firstMonday - 86400000 : start + 6 * 86400000;
    const iso = (t) => new Date(t).toISOString().slice(0, 10);
    return [iso(start), iso(Math.min(end, Date.UTC(y, 11, 31)))];
  }
  return [p + "-01", lastDayOfMonth(p)];
}

// ---------------------------------------------------------------- routing

const view = () => document.getElementById("view");

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, query] = raw.split("?");
  const decode = (x) => {
    try {
      return decodeURIComponent(x);
    } catch (_) {
      return x; // a malformed escape: keep it as typed
    }
  };
  const parts = path.split("/").filter(Boolean).map(decode);
  return { name: parts[0] || "search", arg: parts[1], params: new URLSearchParams(query || "") };
}

function go(name, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== "") qs.set(k, v);
  const hash = "#/" + name + (qs.toString() ? "?" + qs : "");
  if (location.hash === hash) route(); // the same view again (a retry): no hashchange fires
  else location.hash = hash;
}

let renderToken = 0;
async function route() {
  const r = parseHash();
  const token = ++renderToken;
  for (const a of document.querySelectorAll("[data-nav]")) {
    a.classList.toggle("active", a.dataset.nav === r.name || (r.name === "article" && a.dataset.nav === "search"));
  }
  const pages = {
    search: searchPage, article: articlePage, story: storyPage, relations: relationsPage,
    map: mapPage, analyse: analysePage, ingest: ingestPage,
  };
  const page = pages[r.name] || searchPage;
  const root = h("div", {});
  view().replaceChildren(root);
  try {
    await page(root, r, () => token === renderToken);
  } catch (e) {
    if (token === renderToken) root.append(errorBox(e));
  }
}

// ---------------------------------------------------------------- search

async function searchPage(root, r, current) {
  const p = r.params;
  const get = (k) => p.get(k) || "";
  const limit = 20;
  const offset = Number(get("offset")) || 0;
  const filters = Object.fromEntries(FILTERS.map((k) => [k, get(k)]));
  const set = (changes) => {
    const next = { ...filters, ...changes };
    if (!("offset" in changes)) delete next.offset;
    go("search", next);
  };

  const q = h("input", { type: "search", name: "q", value: get("q"), placeholder: "Search articles: words, \"phrases\", -not", "aria-label": "search" });
  const form = h("form", { class: "searchbar", onsubmit: (e) => { e.preventDefault(); set({ q: q.value.trim() }); } },
    q, h("button", { type: "submit" }, "Search"));
  const entity = h("input", { name: "entity", value: get("entity"), placeholder: "Entity name" });
  autocomplete(entity, false);
  const entityForm = h("form", { onsubmit: (e) => { e.preventDefault(); set({ entity: entity.value.trim() }); } }, entity);
  const chips = h("div", { class: "chips" });
  for (const k of FILTERS.filter((k) => k !== "q" && get(k))) {
    chips.append(h("span", { class: "chip" }, `${k}: ${get(k)}`,
      h("button", { type: "button", title: "remove this filter", "aria-label": `remove ${k}`, onclick: () => set({ [k]: "" }) }, "×")));
  }
  const from = h("input", { type: "date", name: "from", value: get("from"), "aria-label": "published from" });
  const to = h("input", { type: "date", name: "to", value: get("to"), "aria-label": "published to" });
  const datesForm = h("form", { class: "form-row small", onsubmit: (e) => { e.preventDefault(); set({ from: from.value, to: to.value }); } },
    from, to, h("button", { type: "submit" }, "Apply"));
  const facets = h("aside", { class: "facets", "aria-label": "facets" },
    h("h3", {}, "Entity"), entityForm, h("h3", {}, "Published between"), datesForm);
  const results = h("section", {}, h("p", { class: "muted" }, "Searching…"));
  root.append(form, h("div", { class: "layout" }, facets, h("div", {}, chips, results)));

  const res = await api("search", { ...filters, offset, limit });
  if (!current()) return;
  for (const [name, label] of FACETS) {
    const values = res.facets[name] || [];
    if (!values.length) continue;
    facets.append(h("h3", {}, label), h("ul", { dataset: { facet: name } }, values.map((f) => {
      const text = name === "cameo" ? cameoLabel(f.value) : f.value;
      const pick = name === "month"
        ? () => set({ from: f.value + "-01", to: lastDayOfMonth(f.value) })
        : () => set({ [name]: f.value });
      return h("li", {}, h("button", { type: "button", onclick: pick }, h("span", {}, text), h("span", { class: "count" }, f.count)));
    })));
  }
  const hits = h("ol", { class: "hits" }, res.hits.map((hit) => h("li", { class: "hit" },
    h("h2", {}, h("a", { href: `#/article/${encodeURIComponent(hit.id)}` }, hit.title || untitled(hit.snippet))),
    h("div", { class: "small muted" },
      [hit.site, fmtDate(hit.published)].filter(Boolean).join(" · "),
      hit.copies > 1 ? [" · ", h("a", { href: `#/story/${encodeURIComponent(hit.story)}` }, `${hit.copies} copies`)] : null),
    snippetNode(hit.snippet))));
  const pager = h("div", { class: "pager small" },
    offset > 0 ? h("button", { type: "button", onclick: () => set({ offset: Math.max(0, offset - limit) }) }, "← Previous") : null,
    h("span", { class: "muted" }, res.total ? `${offset + 1}–${offset + res.hits.length} of ${res.total} stories` : ""),
    offset + limit < res.total ? h("button", { type: "button", onclick: () => set({ offset: offset + limit }) }, "Next →") : null);
  const exports = h("p", { class: "small muted" }, "Export the whole store: ",
    h("a", { href: "/api/export?what=articles", download: "articles.jsonl" }, "articles (JSON Lines)"), " · ",
    h("a", { href: "/api/export?what=events", download: "events.jsonl" }, "events (JSON Lines)"), " · ",
    h("a", { href: "/api/export?what=gdelt", download: "events.gdelt.tsv" }, "events (GDELT 2.0 TSV)"));
  results.replaceChildren(res.total ? hits : h("p", { class: "muted" }, "No stories match."), pager, exports);
}

// ---------------------------------------------------------------- article

/** Maps UTF-8 byte offsets into `text` to string (UTF-16) indexes. */
function byteIndex(text) {
  const map = [];
  let u = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    const bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let i = 0; i < bytes; i++) map.push(u);
    u += ch.length;
  }
  map.push(u);
  return (b) => map[Math.max(0, Math.min(b, map.length - 1))];
}

/** Replaces `el`'s content with what `load` resolves to, unless a later call on `el`
 *  has started meanwhile (so a slow answer to an earlier click never wins). */
async function loadInto(el, load) {
  const token = (el.loadToken = (el.loadToken || 0) + 1);
  el.replaceChildren(h("p", { class: "muted" }, "Loading…"));
  let nodes;
  try {
    nodes = await load();
  } catch (e) {
    nodes = [errorBox(e)];
  }
  if (el.loadToken === token) el.replaceChildren(...nodes.filter(Boolean));
}

/** Renders `text` as paragraphs with marks: [{start, end, cls, data, title, before, after}]
 *  (string indexes); overlapping marks nest, the shortest innermost. */
function markedText(text, marks) {
  const starts = new Map();
  const ends = new Map();
  const cuts = new Set([0, text.length]);
  const add = (map, k, m) => (map.get(k) || map.set(k, []).get(k)).push(m);
  for (const m of marks) {
    if (!(m.end > m.start)) continue;
    add(starts, m.start, m);
    add(ends, m.end, m);
    cuts.add(m.start);
    cuts.add(m.end);
  }
  // Blank lines separate paragraphs; their whitespace is not shown.
  const breaks = [];
  const re = /\n\s*\n/g;
  for (let m; (m = re.exec(text)); ) {
    breaks.push([m.index, m.index + m[0].length]);
    cuts.add(m.index);
    cuts.add(m.index + m[0].length);
  }
  const points = [...cuts].sort((x, y) => x - y);
  const out = h("div", { class: "text" });
  let p = h("p", {});
  out.append(p);
  const active = new Set();
  let pending = []; // marks that start in a paragraph break: their labels open the next text
  let bi = 0;
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i];
    const b = points[i + 1];
    for (const m of ends.get(a) || []) {
      active.delete(m);
      if (m.after) append(p, [m.after()]);
    }
    const inBreak = bi < breaks.length && a >= breaks[bi][0] && b <= breaks[bi][1];
    if (inBreak) {
      if (a === breaks[bi][0]) {
        p = h("p", {});
        out.append(p);
      }
      if (b === breaks[bi][1]) bi++;
      for (const m of starts.get(a) || []) {
        active.add(m);
        pending.push(m);
      }
      continue;
    }
    for (const m of pending) if (m.before && active.has(m)) append(p, [m.before()]);
    pending = [];
    for (const m of starts.get(a) || []) {
      active.add(m);
      if (m.before) append(p, [m.before()]);
    }
    let node = document.createTextNode(text.slice(a, b));
    for (const m of [...active].sort((x, y) => x.end - x.start - (y.end - y.start))) {
      node = h("span", { class: m.cls, dataset: m.data, title: m.title }, node);
    }
    p.append(node);
  }
  for (const m of ends.get(text.length) || []) if (m.after) append(p, [m.after()]);
  return out;
}

function eventTitle(ev) {
  return `${ev.plover || "—"} · CAMEO ${cameoLabel(ev.cameo)}`;
}

function actorText(side) {
  if (!side) return "—";
  return [side.actor, side.text ? `“${side.text}”` : null].filter(Boolean).join(" ");
}

function eventDetail(ev, entities) {
  const place = ev.place && entities[ev.place];
  return h("div", { class: "card detail", id: "event-detail" },
    h("h3", {}, eventTitle(ev)),
    h("dl", {},
      h("dt", {}, "CAMEO"), h("dd", { "data-field": "cameo" }, cameoLabel(ev.cameo)),
      h("dt", {}, "PLOVER"), h("dd", {}, ev.plover || "—", ev.plover_mode ? ` (${ev.plover_mode})` : ""),
      h("dt", {}, "QuadClass"), h("dd", {}, `${ev.quad_class} ${QUAD[ev.quad_class] || ""}`),
      h("dt", {}, "Goldstein"), h("dd", {}, ev.goldstein),
      h("dt", {}, "Source"), h("dd", { "data-field": "source" }, actorText(ev.source)),
      h("dt", {}, "Target"), h("dd", { "data-field": "target" }, actorText(ev.target)),
      h("dt", {}, "Place"), h("dd", { "data-field": "place" }, place
        ? [place.name, place.geo ? ` (${place.geo.lat.toFixed(2)}, ${place.geo.lon.toFixed(2)})` : ""]
        : "—"),
      h("dt", {}, "Date"), h("dd", { "data-field": "date" }, ev.date
        ? [ev.date.value, ev.date.expression ? ` (“${ev.date.expression}”${ev.date.relative ? ", relative" : ""})` : ""]
        : "—"),
      h("dt", {}, "Trigger"), h("dd", {}, ev.trigger || "—"),
      h("dt", {}, "Confidence"), h("dd", {}, ev.confidence),
      ev.negated ? [h("dt", {}, "Negated"), h("dd", {}, "said not to have happened")] : null,
      ev.hypothetical ? [h("dt", {}, "Hypothetical"), h("dd", {}, "threatened, planned or conditional")] : null),
    h("blockquote", { "data-field": "sentence" }, ev.sentenceText));
}

/** The article view for {article, analysis} (stored or just analysed). */
function renderArticle(root, doc, meta) {
  const { article, analysis } = doc;
  const text = article.text || "";
  const at = byteIndex(text);
  const span = (pair) => [at(pair[0]), at(pair[1])];
  const entities = Object.fromEntries((analysis.entities || []).map((e) => [e.id, e]));
  const events = (analysis.events || []).map((ev, i) => {
    const [a, b] = span(ev.sentence);
    return { ...ev, index: i, start: a, end: b, sentenceText: text.slice(a, b) };
  });
  const marks = [];
  for (const e of analysis.entities || []) {
    for (const m of e.mentions || []) {
      const [a, b] = span(m);
      marks.push({ start: a, end: b, cls: `ent ent-${e.type}`, data: { entity: e.id }, title: entityTitle(e) });
    }
    // Pronouns and descriptions resolved to the entity ("she" in "she added").
    for (const r of e.references || []) {
      const [a, b] = span(r.span);
      marks.push({ start: a, end: b, cls: `ent ent-${e.type} ent-ref`, data: { entity: e.id }, title: `${entityTitle(e)} (${r.kind})` });
    }
  }
  (analysis.quotes || []).forEach((q, i) => {
    const [a, b] = span(q.span);
    const who = q.speaker && entities[q.speaker];
    marks.push({
      start: a, end: b, cls: "quote", data: { quote: String(i) },
      title: who ? `quote: ${who.name}${q.cue ? " (" + q.cue + ")" : ""}` : "quote, speaker unknown",
      after: who ? () => h("span", { class: "speaker", "data-speaker": who.name }, "— " + who.name) : null,
    });
    // The words of the attribution that name the speaker ("she" in "she added").
    const m = q.speaker_mention;
    if (m && !(m.span[0] >= q.span[0] && m.span[1] <= q.span[1])) {
      const [ma, mb] = span(m.span);
      marks.push({
        start: ma, end: mb, cls: `mention mention-${m.kind}`, data: { mention: String(i) },
        title: `speaker (${m.kind})${who ? ": " + who.name : ""}`,
      });
    }
  });
  const bySentence = new Map();
  for (const ev of events) {
    const key = ev.start + ":" + ev.end;
    if (!bySentence.has(key)) bySentence.set(key, []);
    bySentence.get(key).push(ev);
  }
  for (const group of bySentence.values()) {
    const worst = Math.max(...group.map((e) => e.quad_class));
    marks.push({
      start: group[0].start, end: group[0].end, cls: `ev ev-q${worst}`,
      data: { event: String(group[0].index) }, title: group.map(eventTitle).join("\n"),
      before: () => group.map((ev) => h("button", {
        type: "button", class: `ev-badge q${ev.quad_class}`, "data-event": String(ev.index),
        title: eventTitle(ev), onclick: (e) => { e.stopPropagation(); select(ev); },
      }, ev.plover || ev.cameo)),
    });
  }

  const detail = h("div", {}, h("p", { class: "muted small" }, "Click a marked sentence or an event label to see the event; click a name to see the entity."));
  const body = markedText(text, marks);
  const sentenceOf = (ev) => bySentence.get(ev.start + ":" + ev.end)[0].index;
  function select(ev) {
    for (const el of body.querySelectorAll(".ev.selected")) el.classList.remove("selected");
    for (const el of body.querySelectorAll(`.ev[data-event="${sentenceOf(ev)}"]`)) el.classList.add("selected");
    detail.replaceChildren(eventDetail(ev, entities));
  }
  function showEntity(e) {
    detail.replaceChildren(h("div", { class: "card detail", id: "entity-detail" },
      h("h3", {}, e.name),
      h("dl", {},
        h("dt", {}, "Type"), h("dd", {}, e.type),
        e.role ? [h("dt", {}, "Role"), h("dd", {}, e.role)] : null,
        e.country ? [h("dt", {}, "Country"), h("dd", {}, e.country)] : null,
        e.affiliation ? [h("dt", {}, "Affiliation"), h("dd", {}, e.affiliation)] : null,
        e.actor ? [h("dt", {}, "Actor code"), h("dd", {}, e.actor)] : null,
        e.geo ? [h("dt", {}, "Location"), h("dd", {}, `${e.geo.lat.toFixed(3)}, ${e.geo.lon.toFixed(3)}${e.geo.admin1 ? " · " + e.geo.admin1 : ""}${e.geo.geonames_id ? " · GeoNames " + e.geo.geonames_id : ""}`)] : null,
        h("dt", {}, "Mentions"), h("dd", {}, (e.mentions || []).length)),
      h("p", { class: "small" }, h("a", { href: "#/search?" + new URLSearchParams({ entity: e.name }) }, "Articles naming " + e.name),
        e.actor ? [" · ", h("a", { href: "#/relations?" + new URLSearchParams({ a: e.actor }) }, "Relations of " + e.actor)] : null)));
  }
  body.addEventListener("click", (e) => {
    const ent = e.target.closest("[data-entity]");
    const ev = e.target.closest(".ev[data-event]");
    if (ent && entities[ent.dataset.entity]) {
      showEntity(entities[ent.dataset.entity]);
    } else if (ev) {
      select(events[Number(ev.dataset.event)]);
    }
  });

  const layers = h("div", { class: "legend" }, ["entities", "quotes", "events"].map((layer) =>
    h("label", {}, h("input", { type: "checkbox", checked: true, "data-layer": layer,
      onchange: (e) => body.classList.toggle("hide-" + layer, !e.target.checked) }), layer)),
  h("span", { class: "ent ent-person" }, "person"), h("span", { class: "ent ent-organisation" }, "organisation"),
  h("span", { class: "ent ent-country" }, "country"), h("span", { class: "ent ent-place" }, "place"),
  h("span", { class: "ent ent-equipment" }, "equipment"), h("span", { class: "ent ent-description" }, "described speaker"),
  h("span", { class: "quote" }, "quote"),
  [1, 2, 3, 4].map((q) => h("span", { class: `ev-badge q${q}` }, QUAD[q])));

  const a = article;
  const head = h("div", { class: "article-head" },
    h("h1", {}, a.title || "(untitled)"),
    h("div", { class: "small muted" },
      [a.site_name, (a.authors || []).join(", "), a.published ? fmtDate(a.published.value) : null, a.language]
        .filter(Boolean).join(" · "),
      /^https?:\/\//i.test(a.url || a.canonical_url || "") ? [" · ", h("a", { href: a.url || a.canonical_url, rel: "noopener noreferrer" }, "original")] : null,
      meta && meta.story && meta.story !== meta.id ? [" · ", h("a", { href: `#/story/${encodeURIComponent(meta.story)}` }, "other copies")] : null,
      a.is_article === false ? " · not judged an article" : null));

  const speakers = (analysis.quotes || []);
  const listed = events.filter((ev) => !ev.actorless);
  const actorless = events.length - listed.length;
  const panel = h("aside", { class: "panel" },
    detail,
    h("div", { class: "card" }, h("h3", {}, `Events (${listed.length})`),
      actorless ? h("p", { class: "small muted", id: "actorless-note" }, `${actorless} more with no actor on either side: highlighted in the text, not listed or counted.`) : null,
      h("ul", { class: "list", id: "event-list" }, listed.map((ev) => h("li", {},
        h("button", { type: "button", "data-event": String(ev.index), onclick: () => {
          select(ev);
          const el = body.querySelector(`.ev[data-event="${sentenceOf(ev)}"]`);
          if (el) el.scrollIntoView({ block: "center", behavior: "smooth" });
        } }, h("span", { class: `ev-badge q${ev.quad_class}` }, ev.plover || ev.cameo),
        `${ev.source ? ev.source.actor || ev.source.text : "?"} → ${ev.target ? ev.target.actor || ev.target.text : "?"}`,
        h("span", { class: "muted" }, ` ${ev.cameo}${ev.negated ? " (negated)" : ""}${ev.hypothetical ? " (hypothetical)" : ""}`)))))),
    h("div", { class: "card" }, h("h3", {}, `Quotes (${speakers.length})`),
      h("ul", { class: "list", id: "quote-list" }, speakers.map((q) => h("li", {},
        h("b", {}, q.speaker && entities[q.speaker] ? entities[q.speaker].name
          : q.speaker_mention ? q.speaker_mention.text : "unattributed"),
        q.speaker_mention && q.speaker_mention.kind !== "name"
          ? h("span", { class: "muted speaker-mention" }, ` (as “${q.speaker_mention.text}”)`) : null,
        q.direct === false ? h("span", { class: "muted" }, " (reported)") : null, ": ",
        q.direct === false ? q.text : `“${q.text}”`)))),
    h("div", { class: "card" }, h("h3", {}, `Entities (${(analysis.entities || []).length})`),
      ["person", "organisation", "country", "place", "equipment", "unknown"].map((type) => {
        const list = (analysis.entities || []).filter((e) => e.type === type);
        if (!list.length) return null;
        return [h("div", { class: "small muted" }, type), h("div", { class: "ents" }, list.map((e) =>
          h("button", { type: "button", class: `ent-${e.type}`, title: entityTitle(e), onclick: () => showEntity(e) }, e.name)))];
      })));
  root.append(head, layers, h("div", { class: "layout-article" }, h("article", { class: "card" }, body), panel));
}

function entityTitle(e) {
  return [e.type, e.role, e.country, e.actor].filter(Boolean).join(" · ");
}

async function articlePage(root, r, current) {
  const doc = await api("articles/" + encodeURIComponent(r.arg || ""));
  if (!current()) return;
  renderArticle(root, doc, { id: doc.id, story: doc.story });
}

async function storyPage(root, r, current) {
  const story = await api("stories/" + encodeURIComponent(r.arg || ""));
  if (!current()) return;
  root.append(h("h1", {}, "Copies of one story"), h("table", { class: "events-table card" },
    h("thead", {}, h("tr", {}, h("th", {}, "Title"), h("th", {}, "Site"), h("th", {}, "Published"), h("th", {}, "Kind"))),
    h("tbody", {}, story.copies.map((c) => h("tr", {},
      h("td", {}, h("a", { href: `#/article/${encodeURIComponent(c.id)}` }, c.title || "(untitled)"), " ", h("span", { class: "small muted" }, c.id)),
      h("td", {}, c.site || ""), h("td", {}, fmtDate(c.published)), h("td", {}, c.dup))))));
}

// ---------------------------------------------------------------- events table

function eventsTable(rows) {
  if (!rows.length) return h("p", { class: "muted" }, "No events.");
  return h("table", { class: "events-table", "data-rows": rows.length },
    h("thead", {}, h("tr", {}, ["Date", "Event", "Source → target", "Place", "Sentence"].map((t) => h("th", {}, t)))),
    h("tbody", {}, rows.map((ev) => h("tr", {},
      h("td", {}, ev.date || "—"),
      h("td", {}, h("span", { class: `ev-badge q${ev.quad_class}` }, ev.plover || "—"), " ", cameoLabel(ev.cameo)),
      h("td", {}, `${ev.source || ev.source_text || "?"} → ${ev.target || ev.target_text || "?"}`),
      h("td", {}, ev.place || "—"),
      h("td", {}, ev.sentence, " ", h("a", { href: `#/article/${encodeURIComponent(ev.doc)}`, class: "small" }, "article"))))));
}

// ---------------------------------------------------------------- relations

async function relationsPage(root, r, current) {
  const a = h("input", { name: "a", value: r.params.get("a") || "", placeholder: "TUR or Erdogan", required: true });
  const b = h("input", { name: "b", value: r.params.get("b") || "", placeholder: "RUS or Putin", required: true });
  autocomplete(a, true);
  autocomplete(b, true);
  const by = h("select", { name: "by" }, ["month", "week", "day"].map((v) => h("option", { value: v, selected: (r.params.get("by") || "month") === v }, v)));
  root.append(h("form", { class: "form-row", onsubmit: (e) => {
    e.preventDefault();
    go("relations", { a: a.value.trim(), b: b.value.trim(), by: by.value });
  } }, h("label", {}, "Actor A", a), h("label", {}, "Actor B", b), h("label", {}, "By", by), h("button", { type: "submit" }, "Show")));
  if (!r.params.get("a") || !r.params.get("b")) {
    root.append(h("p", { class: "muted" }, "Pick two actors — country codes (TUR), actor codes (RUSGOV) or names (Erdogan) — to see how their relation moves between cooperation and conflict."));
    const res = await api("search", { limit: 1 });
    if (!current()) return;
    const top = (res.facets.actor || []).slice(0, 12);
    if (top.length) {
      root.append(h("p", { class: "small" }, "Frequent actors (click to fill A, then B): ", top.map((f) =>
        h("button", { type: "button", class: "chip", "data-actor": f.value, onclick: () => {
          const target = !a.value || (a.value && b.value) ? a : b;
          if (target === a) b.value = "";
          target.value = f.value;
        } }, `${f.value} (${f.count})`))));
    }
    return;
  }
  const rel = await api("relations", { a: r.params.get("a"), b: r.params.get("b"), by: r.params.get("by") || "month" });
  if (!current()) return;
  const total = rel.periods.reduce((n, p) => n + p.events, 0);
  const coop = rel.periods.reduce((n, p) => n + p.quad[0] + p.quad[1], 0);
  root.append(h("p", {}, `${rel.a} ↔ ${rel.b}: ${total} dated events`,
    total ? `, ${Math.round((100 * coop) / total)}% cooperation, ${100 - Math.round((100 * coop) / total)}% conflict` : ""));
  if (!rel.periods.length) {
    root.append(h("p", { class: "muted" }, "No dated events between these two actors. Try a broader code (TUR instead of TURGOV)."));
    return;
  }
  const list = h("div", { id: "relation-events" }, h("p", { class: "muted small" }, "Click a bar to list the events behind it."));
  root.append(relationsChart(rel, (bucket) => loadInto(list, async () => {
    const period = bucket.period;
    const [from, to] = periodRange(period);
    const rows = await api("events", { actor: rel.a, with: rel.b, from, to, limit: 500 });
    return [h("h3", {}, `Events ${period} (${from} – ${to})`),
      rows.length < bucket.events ? h("p", { class: "small muted" }, `The newest ${rows.length} of ${bucket.events}; pick a shorter period (week or day) to see them all.`) : null,
      eventsTable(rows)];
  })), h("p", { class: "small muted" }, "Bars: events per period by QuadClass — cooperation above the line (light: verbal, dark: material), conflict below (orange: verbal, red: material). Line: mean Goldstein value, −10 to +10."), list);
}

/** Stacked bars per period: cooperation above the axis, conflict below; mean Goldstein as a line. */
function relationsChart(rel, onPick) {
  const W = 900, H = 320, left = 64, right = 40, top = 16, bottom = 40;
  const periods = rel.periods;
  const up = (p) => p.quad[0] + p.quad[1];
  const down = (p) => p.quad[2] + p.quad[3];
  const max = Math.max(1, ...periods.map(up), ...periods.map(down));
  const mid = top + (H - top - bottom) / 2;
  const scale = (H - top - bottom) / 2 / max;
  const step = (W - left - right) / periods.length;
  const bw = Math.max(2, Math.min(40, step * 0.7));
  const colors = ["var(--q1)", "var(--q2)", "var(--q3)", "var(--q4)"];
  const svg = s("svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `cooperation and conflict between ${rel.a} and ${rel.b}` });
  svg.append(s("line", { x1: left, x2: W - right, y1: mid, y2: mid, stroke: "#999" }),
    s("text", { x: 4, y: top + 10 }, "coop."), s("text", { x: 4, y: H - bottom }, "conflict"),
    s("text", { x: W - right + 4, y: top + 10 }, "+10"), s("text", { x: W - right + 4, y: H - bottom }, "−10"));
  const labelEvery = Math.ceil(periods.length / 12);
  const line = [];
  periods.forEach((p, i) => {
    const x = left + i * step + (step - bw) / 2;
    const g = s("g", { class: "bucket", "data-period": p.period });
    g.append(s("rect", { class: "hover", x: left + i * step, y: top, width: step, height: H - top - bottom, fill: "transparent" }));
    let y = mid;
    for (const q of [1, 0]) {
      const hgt = p.quad[q] * scale;
      y -= hgt;
      if (hgt) g.append(s("rect", { class: "bar", x, y, width: bw, height: hgt, fill: colors[q] }));
    }
    y = mid;
    for (const q of [2, 3]) {
      const hgt = p.quad[q] * scale;
      if (hgt) g.append(s("rect", { class: "bar", x, y, width: bw, height: hgt, fill: colors[q] }));
      y += hgt;
    }
    g.append(s("title", {}, `${p.period}: ${p.events} events — ${p.quad.map((n, k) => `${QUAD[k + 1]} ${n}`).join(", ")}; mean Goldstein ${(p.goldstein / Math.max(1, p.events)).toFixed(1)}`));
    g.addEventListener("click", () => {
      for (const el of svg.querySelectorAll(".bucket.selected")) el.classList.remove("selected");
      g.classList.add("selected");
      onPick(p);
    });
    svg.append(g);
    if (i % labelEvery === 0) svg.append(s("text", { x: left + i * step + step / 2, y: H - bottom + 16, "text-anchor": "middle" }, p.period));
    const mean = p.goldstein / Math.max(1, p.events);
    line.push(`${left + i * step + step / 2},${mid - (mean / 10) * ((H - top - bottom) / 2)}`);
  });
  svg.append(s("polyline", { points: line.join(" "), fill: "none", stroke: "#14202c", "stroke-width": 1.5, "pointer-events": "none" }));
  return svg;
}

// ---------------------------------------------------------------- map

let worldCache = null;
async function world() {
  if (!worldCache) {
    const resp = await fetch("/assets/world.json");
    if (!resp.ok) throw new ApiError("the world map did not load (" + resp.status + ")");
    worldCache = await resp.json();
  }
  return worldCache;
}

async function mapPage(root, r, current) {
  const p = r.params;
  const fields = {
    actor: h("input", { name: "actor", value: p.get("actor") || "", placeholder: "TUR" }),
    plover: h("input", { name: "plover", value: p.get("plover") || "", placeholder: "ASSAULT" }),
    from: h("input", { name: "from", type: "date", value: p.get("from") || "" }),
    to: h("input", { name: "to", type: "date", value: p.get("to") || "" }),
  };
  root.append(h("form", { class: "form-row", onsubmit: (e) => {
    e.preventDefault();
    go("map", Object.fromEntries(Object.entries(fields).map(([k, el]) => [k, el.value.trim()])));
  } }, Object.entries(fields).map(([k, el]) => h("label", {}, k, el)), h("button", { type: "submit" }, "Show")));
  const filter = { actor: p.get("actor"), plover: p.get("plover"), from: p.get("from"), to: p.get("to") };
  const [w, places] = await Promise.all([world(), api("places", { ...filter, limit: 2000 })]);
  if (!current()) return;
  const total = places.reduce((n, x) => n + x.events, 0);
  root.append(h("p", { class: "small muted" }, `${places.length} places, ${total} events with a located place. Circle area: events; colour: share of conflict.`));
  const svg = s("svg", { class: "map", viewBox: "-180 -84 360 146", role: "img", "aria-label": "map of event places" });
  const land = s("g", {});
  for (const c of w.countries) land.append(s("path", { class: "land", d: c.d }, s("title", {}, c.name)));
  svg.append(land);
  const list = h("div", { id: "place-events" }, h("p", { class: "muted small" }, "Click a circle to list the events there."));
  const max = Math.max(1, ...places.map((x) => x.events));
  // Most events first, so the small circles are drawn on top of the big ones.
  for (const x of places) {
    const share = x.conflict / Math.max(1, x.events);
    const color = `hsl(${Math.round(130 - 130 * share)}, 60%, 42%)`;
    const radius = 0.6 + 4 * Math.sqrt(x.events / max);
    const dot = s("circle", { class: "dot", cx: x.lon, cy: -x.lat, r: radius, "data-r": radius, fill: color, "data-place": x.place },
      s("title", {}, `${x.place}: ${x.events} events, ${x.conflict} conflict`));
    dot.addEventListener("click", () => {
      for (const el of svg.querySelectorAll(".dot.selected")) el.classList.remove("selected");
      dot.classList.add("selected");
      loadInto(list, async () => {
        // Places of one name elsewhere (Paris, Texas) are other circles: keep this one's.
        const rows = (await api("events", { ...filter, place: x.place, limit: 500 }))
          .filter((ev) => ev.lat === x.lat && ev.lon === x.lon);
        return [h("h3", {}, `${x.place} (${x.events} events)`),
          rows.length < x.events ? h("p", { class: "small muted" }, `The newest ${rows.length}; narrow the dates to see the others.`) : null,
          eventsTable(rows)];
      });
    });
    svg.append(dot);
  }
  const zoom = zoomable(svg, [-180, -84, 360, 146]);
  const controls = h("div", { class: "form-row small" },
    h("button", { type: "button", "aria-label": "zoom in", onclick: () => zoom(0.5) }, "+"),
    h("button", { type: "button", "aria-label": "zoom out", onclick: () => zoom(2) }, "−"),
    h("button", { type: "button", onclick: () => zoom(0) }, "whole world"),
    h("span", { class: "muted" }, "Wheel or buttons to zoom, drag to pan."));
  root.append(controls, svg, list, h("p", { class: "small muted" }, w.source));
}

/** Lets the user zoom (wheel, or the returned function: factor, 0 = reset) and drag
 *  `svg` within `home` ([x, y, w, h]); circles keep their size on screen. */
function zoomable(svg, home) {
  let [x, y, w, hgt] = home;
  const apply = () => {
    svg.setAttribute("viewBox", `${x} ${y} ${w} ${hgt}`);
    const k = w / home[2];
    for (const c of svg.querySelectorAll("circle[data-r]")) c.setAttribute("r", Number(c.dataset.r) * k);
  };
  const zoom = (factor, cx = x + w / 2, cy = y + hgt / 2) => {
    if (factor === 0) {
      [x, y, w, hgt] = home;
    } else {
      const nw = Math.min(home[2], Math.max(home[2] / 64, w * factor));
      const f = nw / w;
      x = cx - (cx - x) * f;
      y = cy - (cy - y) * f;
      w = nw;
      hgt *= f;
    }
    x = Math.min(Math.max(x, home[0]), home[0] + home[2] - w);
    y = Math.min(Math.max(y, home[1]), home[1] + home[3] - hgt);
    apply();
  };
  const toMap = (ev) => {
    const r = svg.getBoundingClientRect();
    return [x + ((ev.clientX - r.left) / r.width) * w, y + ((ev.clientY - r.top) / r.height) * hgt];
  };
  svg.addEventListener("wheel", (ev) => {
    if (!ev.deltaY) return;
    ev.preventDefault();
    zoom(ev.deltaY > 0 ? 1.25 : 0.8, ...toMap(ev));
  }, { passive: false });
  let drag = null;
  svg.addEventListener("pointerdown", (ev) => {
    if (ev.button !== 0 || ev.target.closest(".dot")) return;
    drag = { from: toMap(ev), x, y };
    svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const r = svg.getBoundingClientRect();
    x = drag.x - ((ev.clientX - r.left) / r.width) * w + (drag.from[0] - drag.x);
    y = drag.y - ((ev.clientY - r.top) / r.height) * hgt + (drag.from[1] - drag.y);
    zoom(1);
  });
  for (const end of ["pointerup", "pointercancel", "lostpointercapture"]) {
    svg.addEventListener(end, () => { drag = null; });
  }
  return zoom;
}

// ---------------------------------------------------------------- analyse

async function analysePage(root) {
  const text = h("textarea", { name: "text", placeholder: "Paste an article's text or a whole HTML page" });
  const url = h("input", { name: "url", placeholder: "https://… (optional)" });
  const date = h("input", { name: "date", type: "date" });
  const out = h("div", {});
  root.append(h("p", { class: "muted" }, "Analyse a text without storing it."),
    h("form", { onsubmit: async (e) => {
      e.preventDefault();
      out.replaceChildren(h("p", { class: "muted" }, "Analysing…"));
      try {
        const doc = await api("analyse", { url: url.value.trim(), date: date.value }, {
          method: "POST", body: text.value, headers: { "content-type": "text/plain; charset=utf-8" },
        });
        out.replaceChildren();
        renderArticle(out, doc, null);
      } catch (err) {
        out.replaceChildren(errorBox(err));
      }
    } }, text, h("div", { class: "form-row" }, h("label", {}, "URL", url), h("label", {}, "Date", date), h("button", { type: "submit" }, "Analyse"))),
    out);
}

// ---------------------------------------------------------------- ingest progress

function progressText(st) {
  const last = st.last;
  if (!last) return "no ingest has run on this store yet";
  const pct = last.total_bytes ? Math.min(100, Math.round((100 * last.bytes) / last.total_bytes)) : null;
  const when = new Date(last.updated * 1000).toLocaleString();
  if (st.running) return `ingesting: ${fmtNum(last.read)} read, ${fmtNum(last.stored)} stored${pct !== null ? `, ${pct}%` : ""}, ${Math.round(last.docs_per_s)} docs/s`;
  if (last.error) return `last ingest failed (${when}): ${last.error}`;
  if (!last.finished) return `last ingest stopped without finishing (${when}); run it again to complete it`;
  return `last ingest finished ${when}: ${fmtNum(last.stored)} documents stored`;
}

function bar(pct) {
  const el = h("div", {});
  el.style.width = pct.toFixed(1) + "%"; // through the DOM: the page's CSP refuses inline styles
  return el;
}

async function ingestPage(root, r, current) {
  const box = h("div", { class: "card", id: "ingest-status" });
  root.append(h("h1", {}, "Ingest"), box,
    h("p", { class: "small muted" }, "Ingests run from the command line (newsgraph ingest SOURCES --data DIR); this page follows the latest one and refreshes by itself."));
  const draw = (st) => {
    const last = st.last;
    const pct = last && last.total_bytes ? Math.min(100, (100 * last.bytes) / last.total_bytes) : 0;
    box.replaceChildren(h("p", {}, progressText(st)),
      last && last.total_bytes ? h("div", { class: "progress", role: "progressbar", "aria-valuenow": Math.round(pct), "aria-valuemin": 0, "aria-valuemax": 100 },
        bar(pct)) : null,
      last ? h("dl", { class: "small" },
        `Started ${new Date(last.started * 1000).toLocaleString()} · process ${last.pid} · ${fmtNum(last.bytes)} of ${last.total_bytes ? fmtNum(last.total_bytes) : "?"} bytes`) : null);
  };
  while (current()) {
    try {
      const st = await api("ingest");
      draw(st);
      showIngestBadge(st); // the header follows this page's faster refresh
    } catch (e) {
      box.replaceChildren(errorBox(e));
    }
    await new Promise((res) => setTimeout(res, 1000));
  }
}

// ---------------------------------------------------------------- header

/** The header badge: shown while an ingest runs or after one failed. */
function showIngestBadge(ing) {
  const badge = document.getElementById("ingest-badge");
  badge.hidden = !(ing.running || (ing.last && ing.last.error));
  badge.classList.toggle("failed", Boolean(ing.last && ing.last.error));
  badge.textContent = progressText(ing);
}

async function refreshHeader() {
  let delay = 5000;
  try {
    const [stats, ing] = await Promise.all([api("stats"), api("ingest")]);
    document.getElementById("stats").textContent =
      `${fmtNum(stats.articles)} articles · ${fmtNum(stats.stories)} stories · ${fmtNum(stats.events)} events`;
    showIngestBadge(ing);
    if (ing.running) delay = 2000;
  } catch (_) {
    document.getElementById("stats").textContent = "server not answering";
  }
  setTimeout(refreshHeader, delay);
}

window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", () => {
  route();
  refreshHeader();
});
