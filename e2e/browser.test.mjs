// The web page as a person uses it, in a real headless Chromium: watch a running ingest,
// search, narrow by a facet, open an article and its marked quotes and events, open the
// relations chart and the events behind a bar, the map, and an analysis of pasted text.
//
// Run by crates/newsgraph/tests/browser.rs, which builds a store from the bundled samples,
// starts `newsgraph serve` and a slow ingest into the same store, and sets:
//   NEWSGRAPH_URL          the server's address (http://127.0.0.1:PORT)
//   NEWSGRAPH_SCREENSHOTS  where screenshots go (kept as test artefacts)
//   NEWSGRAPH_CHROMIUM     the browser (default /usr/bin/chromium)
//   NEWSGRAPH_INGEST_SEEN  a file to create once the running ingest was seen (the slow
//                          ingest then ends)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const base = process.env.NEWSGRAPH_URL;
const shots = process.env.NEWSGRAPH_SCREENSHOTS || "screenshots";
const executablePath = process.env.NEWSGRAPH_CHROMIUM || "/usr/bin/chromium";
assert.ok(base, "NEWSGRAPH_URL must name the server under test");
mkdirSync(shots, { recursive: true });

let browser;
let page;
const problems = [];
const foreign = [];

before(async () => {
  browser = await chromium.launch({
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  page.setDefaultTimeout(15000);
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(base) && !url.startsWith("data:")) foreign.push(url);
  });
});

after(async () => {
  await browser?.close();
});

const shot = (name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: false });

test("a running ingest is visible, then its end", async () => {
  await page.goto(`${base}/#/ingest`);
  const status = page.locator("#ingest-status");
  await status.getByText(/^ingesting: /).waitFor({ timeout: 20000 });
  await page.locator("#ingest-badge", { hasText: "ingesting" }).waitFor({ timeout: 20000 });
  await shot("ingest-running");
  if (process.env.NEWSGRAPH_INGEST_SEEN) writeFileSync(process.env.NEWSGRAPH_INGEST_SEEN, "seen\n");
  await status.getByText(/^last ingest finished/).waitFor({ timeout: 60000 });
  // The header badge goes with it.
  await page.locator("#ingest-badge").waitFor({ state: "hidden", timeout: 3000 });
  await shot("ingest-finished");
});

test("search shows story-folded results with facets, and a facet narrows them", async () => {
  await page.goto(`${base}/#/search`);
  await page.getByLabel("search").fill("ceasefire talks");
  await page.getByRole("button", { name: "Search" }).click();
  // Query words are marked in the snippets once the query's results are in.
  await page.locator(".hit .snippet b").first().waitFor();
  assert.ok(new URL(page.url()).hash.includes("q=ceasefire"));
  // A marked word keeps the space after it.
  const glued = await page.locator(".hit .snippet").evaluateAll((ps) =>
    ps.flatMap((p) => [...p.querySelectorAll("b")]
      .filter((b) => /^[\p{L}\p{N}]/u.test(b.nextSibling?.textContent ?? " "))
      .map((b) => b.textContent + (b.nextSibling?.textContent ?? "").slice(0, 12))));
  assert.deepEqual(glued, [], `words glued to a marked word: ${glued}`);
  const titles = await page.locator(".hit h2 a").allInnerTexts();
  assert.ok(titles.some((t) => /ceasefire talks/i.test(t)), `titles: ${titles}`);
  for (const facet of ["site", "month", "actor", "plover", "place"]) {
    assert.ok((await page.locator(`[data-facet="${facet}"] li`).count()) > 0, `facet ${facet} shown`);
  }
  await shot("search");
  const total = async () => Number(/of (\d+) stories/.exec(await page.locator(".pager .muted").innerText())[1]);
  const all = await total();
  const plover = page.locator('[data-facet="plover"] li button').first();
  const category = (await plover.locator("span").first().innerText()).trim();
  const counted = Number(await plover.locator(".count").innerText());
  await plover.click();
  await page.locator(".chip", { hasText: `plover: ${category}` }).waitFor();
  assert.ok(page.url().includes(`plover=${category}`));
  await page.locator(".hit").first().waitFor();
  // The facet said how many stories it would leave; that is what the search finds.
  assert.equal(await total(), counted);
  assert.ok(counted <= all);
  // Removing the filter brings the wider results back.
  await page.getByRole("button", { name: "remove plover" }).click();
  await page.locator(".chip", { hasText: "plover" }).waitFor({ state: "detached" });
  // A date range outside the samples' month leaves nothing; inside it, everything.
  await page.getByLabel("published from").fill("2020-01-01");
  await page.getByLabel("published to").fill("2020-12-31");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.getByText("No stories match.").waitFor();
  await page.getByLabel("published to").fill("2025-12-31");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.locator(".hit").first().waitFor();
  assert.equal(await total(), all);
  // The export links download what the API streams.
  const href = await page.getByRole("link", { name: "events (GDELT 2.0 TSV)" }).getAttribute("href");
  const tsv = await (await fetch(base + href)).text();
  assert.ok(tsv.split("\n")[0].split("\t").length === 61, "GDELT rows have 61 columns");
});

test("copies of one story are folded into one result that lists them", async () => {
  await page.goto(`${base}/#/search?q=shipping%20sanctions`);
  const copies = page.locator(".hit a", { hasText: "2 copies" });
  await copies.waitFor();
  await copies.click();
  await page.locator("h1", { hasText: "Copies of one story" }).waitFor();
  const rows = page.locator("table tbody tr");
  assert.equal(await rows.count(), 2);
  const kinds = await rows.locator("td:last-child").allInnerTexts();
  assert.deepEqual([...kinds].sort(), ["exact", "new"]);
  await shot("story");
});

test("an article shows its entities, quotes with speakers and events in place", async () => {
  await page.goto(`${base}/#/search?q=ceasefire`);
  const link = page.locator(".hit h2 a", { hasText: "Ethiopia and Eritrea open ceasefire talks" });
  await link.click();
  await page.locator("article .text").waitFor();
  assert.match(await page.locator("h1").innerText(), /Ethiopia and Eritrea open ceasefire talks/);

  // Entities of several types are marked in the text.
  for (const type of ["person", "country", "place", "organisation"]) {
    assert.ok((await page.locator(`article .ent-${type}`).count()) > 0, `${type} marked`);
  }
  // Quotes are marked, with their speakers named beside them.
  assert.ok((await page.locator("article .quote").count()) >= 3, "quotes marked");
  const speakers = await page.locator("article .speaker").allInnerTexts();
  assert.ok(speakers.some((s) => /Alemayehu/.test(s)), `speakers: ${speakers}`);

  // Events are marked on their sentences; clicking one shows its coding.
  const badges = page.locator("article .ev-badge");
  assert.ok((await badges.count()) >= 5, "events marked");
  await badges.first().click();
  const detail = page.locator("#event-detail");
  await detail.waitFor();
  assert.match(await detail.locator('[data-field="cameo"]').innerText(), /^\d{3,4} /);
  assert.notEqual((await detail.locator('[data-field="source"]').innerText()).trim(), "");
  assert.match(await detail.locator('[data-field="date"]').innerText(), /2025-06-\d\d/);
  const sentence = (await detail.locator('[data-field="sentence"]').innerText()).trim();
  const marked = (await page.locator("article .ev.selected").allInnerTexts()).join("").replace(/\s+/g, " ");
  assert.ok(sentence.length > 20 && marked.includes(sentence.slice(0, 40)), `selected sentence ${sentence}`);
  await shot("article-event");

  // A marked sentence opens its event too; a name opens the entity.
  await page.locator("#event-list button").nth(1).click();
  await detail.waitFor();
  await page.locator("article .ent-place").first().click();
  await page.locator("#entity-detail").waitFor();
  assert.match(await page.locator("#entity-detail").innerText(), /place/);

  // Layers can be hidden.
  await page.locator('[data-layer="events"]').uncheck();
  assert.equal(await page.locator("article .ev-badge").first().isVisible(), false);
  await page.locator('[data-layer="events"]').check();
  await shot("article-entity");
});

test("the relations chart shows cooperation vs conflict and the events behind a bar", async () => {
  await page.goto(`${base}/#/relations`);
  await page.locator('input[name="a"]').fill("Ethiopia");
  await page.locator('input[name="b"]').fill("ERI");
  await page.getByRole("button", { name: "Show" }).click();
  const bucket = page.locator("svg.chart .bucket").first();
  await bucket.waitFor();
  assert.match(await page.locator("main p").first().innerText(), /ETH ↔ ERI: \d+ dated events/);
  await bucket.click();
  const rows = page.locator("#relation-events tbody tr");
  await rows.first().waitFor();
  const n = await rows.count();
  const summary = await bucket.locator("title").textContent();
  assert.ok(summary.startsWith(`${await bucket.getAttribute("data-period")}: ${n} events`), `${summary} vs ${n} rows`);
  await shot("relations");
});

test("the map shows event places and the events at one", async () => {
  await page.goto(`${base}/#/map`);
  await page.locator("svg.map .dot").first().waitFor();
  assert.ok((await page.locator("svg.map path.land").count()) > 150, "countries drawn");
  const dot = page.locator("svg.map .dot").last();
  const place = await dot.getAttribute("data-place");
  await dot.click({ force: true });
  await page.locator("#place-events h3", { hasText: place }).waitFor();
  assert.ok((await page.locator("#place-events tbody tr").count()) > 0);
  // Zooming in halves the view around its centre; "whole world" brings it back.
  await page.getByRole("button", { name: "zoom in" }).click();
  const zoomed = (await page.locator("svg.map").getAttribute("viewBox")).split(" ").map(Number);
  assert.equal(zoomed[2], 180);
  await shot("map");
  await page.getByRole("button", { name: "whole world" }).click();
  assert.equal(await page.locator("svg.map").getAttribute("viewBox"), "-180 -84 360 146");
});

test("pasted text is analysed in place without being stored", async () => {
  const before = await (await fetch(`${base}/api/stats`)).json();
  await page.goto(`${base}/#/analyse`);
  await page.locator("textarea").fill(
    "Turkish President Recep Tayyip Erdogan visited Moscow on Tuesday to meet Russian President Vladimir Putin.\n\n" +
      "\"We agreed to work together,\" Erdogan told reporters after the talks.",
  );
  await page.locator('input[name="date"]').fill("2024-03-05");
  await page.getByRole("button", { name: "Analyse" }).click();
  await page.locator("article .text").waitFor();
  assert.ok((await page.locator("article .ent-person").count()) >= 2);
  assert.ok((await page.locator("article .ev-badge").count()) >= 1);
  const speakers = await page.locator("article .speaker").allInnerTexts();
  assert.ok(speakers.some((s) => /Erdogan/.test(s)), `speakers: ${speakers}`);
  const afterStats = await (await fetch(`${base}/api/stats`)).json();
  assert.equal(afterStats.documents, before.documents);
  await shot("analyse");
});

test("nothing went wrong in the page and nothing was loaded from elsewhere", () => {
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
});
