// Drives the newsline web UI in Debian chromium and checks what a person
// sees. Usage: node tests/browser/ui.mjs http://127.0.0.1:PORT
//
// Expects a server over the demo corpus (examples/corpus) plus the fixtures
// of tests/browser/fixtures (articles containing <script>). Run by
// crates/cli/tests/browser.rs. Screenshots go to $NEWSLINE_SCREENSHOTS
// (default: target/screenshots of the workspace).
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const base = (process.argv[2] || process.env.NEWSLINE_URL || "").replace(/\/$/, "");
if (!base) {
  console.error("usage: node ui.mjs BASE_URL");
  process.exit(2);
}
const shots = process.env.NEWSLINE_SCREENSHOTS || resolve(here, "../../target/screenshots");
mkdirSync(shots, { recursive: true });
const executablePath = process.env.NEWSLINE_CHROMIUM || "/usr/bin/chromium";

let step = "start";
function check(cond, msg) {
  if (!cond) throw new Error(step + ": " + msg);
}
function ok(msg) {
  console.log("ok - " + step + (msg ? ": " + msg : ""));
}
async function api(path) {
  const r = await fetch(base + path);
  if (!r.ok) throw new Error(path + ": HTTP " + r.status);
  return r.json();
}
const cpSlice = (text, s, e) => Array.from(text).slice(s, e).join("");
const norm = (s) => String(s).replace(/\s+/g, " ").trim();

const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox"] });
const errors = [];
let dialogs = 0;
function watch(page) {
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("dialog", (d) => { dialogs++; d.dismiss().catch(() => {}); });
  page.setDefaultTimeout(15000);
}
// Full-page shots, except long pages (the storyline), which get their first
// 1400 pixels: what a person sees first.
async function shot(page, name) {
  const tall = (await page.evaluate(() => document.documentElement.scrollHeight)) > 4000;
  const vp = page.viewportSize();
  if (tall) await page.setViewportSize({ width: vp.width, height: 1400 });
  await page.screenshot({ path: join(shots, name + ".png"), fullPage: !tall });
  if (tall) await page.setViewportSize(vp);
}
async function noOverflow(page, width) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  if (w > width + 1) {
    const wide = await page.evaluate((vw) => Array.from(document.querySelectorAll("#main *"))
      .filter((e) => e.getBoundingClientRect().right > vw + 1).slice(0, 3)
      .map((e) => e.tagName.toLowerCase() + "." + e.getAttribute("class") + " " + Math.round(e.getBoundingClientRect().right) + "px"), width);
    check(false, page.url() + " is " + w + "px wide at a " + width + "px viewport: " + wide.join(", "));
  }
}
// Whether the page ran any of the fixtures' payloads.
const pwned = (page) => page.evaluate(() => window.__pwned);

const pages = {};
try {
  // ---- what the API says (the expected values) ----
  step = "api";
  const health = await api("/api/health");
  check(health.articles > 0, "no articles stored");
  const sls = (await api("/api/storylines?page_size=100")).storylines;
  check(sls.length > 0, "no storylines");
  const story = sls.slice().sort((a, b) => b.articles.length - a.articles.length)[0];
  const tl = await api("/api/timeline?storyline=" + encodeURIComponent(story.id));
  check(tl.dated.length > 0, "storyline timeline is empty");
  const term = "summit";
  const found = await api("/api/search?q=" + term);
  check(found.total > 0, "no hits for " + term);
  let target = null;
  for (const h of found.hits) {
    const rec = await api("/api/articles/" + encodeURIComponent(h.id));
    const qi = rec.quotes.findIndex((q) => q.speaker && q.speaker_name && q.cue_span && (rec.entity_links || {})[q.speaker]);
    if (qi >= 0) { target = { rec, qi }; break; }
  }
  check(target, "no hit for " + term + " has an attributed quote");
  ok(health.articles + " articles, storyline " + story.id + " with " + tl.dated.length + " dated entries");

  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  watch(page);

  // ---- search, from the keyboard ----
  step = "search";
  await page.goto(base + "/");
  await page.locator("main h1").filter({ hasText: "newsline" }).waitFor();
  await page.keyboard.press("/");
  check(await page.evaluate(() => document.activeElement && document.activeElement.matches("#topsearch input")), "/ does not focus the search box");
  await page.keyboard.type(term);
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname === "/search" && u.searchParams.get("q") === term);
  await page.locator(".hit").first().waitFor();
  const hits = await page.locator(".hit .title").allTextContents();
  check(hits.length === found.hits.length, "shows " + hits.length + " hits, API has " + found.hits.length);
  check(norm(hits[0]) === norm(found.hits[0].title), "first hit " + JSON.stringify(hits[0]) + " is not " + JSON.stringify(found.hits[0].title));
  check(await page.locator(".snippet mark").count() > 0, "no highlighted snippet terms");
  check(await page.locator(".facets li").count() > 0, "no facets");
  await shot(page, "search-1280");
  ok(hits.length + " hits with snippets and facets");

  // ---- article ----
  step = "article";
  const { rec, qi } = target;
  await page.locator('.hit a[href="/articles/' + encodeURIComponent(rec.id) + '"]').first().click();
  await page.waitForURL((u) => u.pathname === "/articles/" + encodeURIComponent(rec.id));
  const text = page.locator("#text");
  await text.waitFor();
  check((await text.textContent()) === rec.text, "the article text differs from the API's clean text");
  check(norm(await page.locator("main h1").textContent()) === norm(rec.title || "(untitled)"), "wrong title");
  const kinds = new Set(rec.quotes.map((q) => q.kind));
  for (const k of kinds) check(await page.locator("#text .q-" + k).count() > 0, "no " + k + " quote highlighted");
  pages.article = page.url();

  step = "quote hover";
  const q = rec.quotes[qi];
  const cue = cpSlice(rec.text, q.cue_span.start, q.cue_span.end);
  const quoteEl = page.locator('#text [data-qi="' + qi + '"][tabindex="0"]');
  await quoteEl.hover();
  const tip = page.locator("#tip");
  await tip.waitFor({ state: "visible" });
  let tipText = await tip.textContent();
  check(tipText.includes("Speaker: " + q.speaker_name), "tooltip " + JSON.stringify(tipText) + " lacks the speaker " + q.speaker_name);
  check(tipText.includes("Cue: " + cue), "tooltip lacks the cue " + JSON.stringify(cue));
  check(await page.locator('#text .on[data-qi="' + qi + '"]').count() > 0, "hovered quote is not marked");
  await page.screenshot({ path: join(shots, "article-hover-1280.png") });
  await page.mouse.move(1, 1);
  await tip.waitFor({ state: "hidden" });
  ok("tooltip shows " + q.speaker_name + " and cue " + JSON.stringify(cue));

  step = "quote focus";
  await quoteEl.focus();
  await tip.waitFor({ state: "visible" });
  tipText = await tip.textContent();
  check(tipText.includes(q.speaker_name), "keyboard focus does not show the speaker");
  await page.keyboard.press("Escape");
  await tip.waitFor({ state: "hidden" });
  ok();

  step = "dates";
  const tm = rec.times.find((t) => t.resolved);
  if (tm) {
    await page.locator("#text .tm").first().hover();
    await tip.waitFor({ state: "visible" });
    tipText = await tip.textContent();
    check(/Resolved: \S+/.test(tipText) && tipText.includes("Precision: "), "date tooltip " + JSON.stringify(tipText));
    ok(norm(tipText));
  }

  step = "source";
  await page.locator("details.removed > summary").click();
  await page.locator("details.source > summary").click();
  await page.locator("details.source pre.raw").waitFor();
  check((await page.locator("details.source pre.raw").textContent()).length > 0, "empty original source");
  await page.locator("details.removed > summary").click();
  await page.locator("details.source > summary").click();
  await page.mouse.move(1, 1);
  await shot(page, "article-1280");
  ok("removed boilerplate and original source open");

  // ---- history ----
  step = "back/forward";
  await page.goBack();
  await page.waitForURL((u) => u.pathname === "/search");
  await page.locator(".hit").first().waitFor();
  check((await page.inputValue("#topsearch input")) === term, "search box lost the query");
  await page.goForward();
  await page.waitForURL((u) => u.pathname.startsWith("/articles/"));
  await page.locator("#text").waitFor();
  ok();

  // ---- entity ----
  step = "entity";
  const speakerId = (rec.entity_links || {})[q.speaker] || q.speaker;
  const ent = await api("/api/entities/" + encodeURIComponent(speakerId));
  await page.locator('table.list a[href="/entities/' + encodeURIComponent(speakerId) + '"]').first().click();
  await page.waitForURL((u) => u.pathname === "/entities/" + encodeURIComponent(speakerId));
  await page.locator("main h1").filter({ hasText: ent.name }).waitFor();
  const qdates = await page.locator(".quotes .qdate").allTextContents();
  check(qdates.length === ent.quotes.length, "shows " + qdates.length + " statements, API has " + ent.quotes.length);
  const datedQ = qdates.filter((d) => d !== "undated");
  check(datedQ.every((d, i) => i === 0 || datedQ[i - 1] <= d), "statements are not in date order");
  check(qdates.slice(datedQ.length).every((d) => d === "undated"), "undated statements are not last");
  pages.entity = page.url();
  await shot(page, "entity-1280");
  ok(ent.name + ": " + qdates.length + " statements in date order");

  // ---- storyline timeline ----
  step = "storyline";
  pages.storyline = base + "/storylines/" + encodeURIComponent(story.id);
  await page.goto(pages.storyline);
  await page.locator(".chart svg").waitFor();
  const marks = page.locator(".chart circle.mark");
  const listed = page.locator(".timeline > .tl-list .tl-entry");
  check(await marks.count() === tl.dated.length, "SVG shows " + (await marks.count()) + " entries, API has " + tl.dated.length);
  check(await listed.count() === tl.dated.length, "list shows " + (await listed.count()) + " entries, API has " + tl.dated.length);
  if (tl.undated.length) {
    check(norm(await page.locator("details.undated > summary").textContent()).includes("(" + tl.undated.length + ")"), "undated count");
  }
  ok(tl.dated.length + " dated entries drawn and listed, " + tl.undated.length + " undated");

  step = "evidence";
  const first = tl.dated[0];
  await listed.first().locator("summary").click();
  const quoteBox = listed.first().locator(".evidence blockquote").first();
  await quoteBox.waitFor();
  const src = first.sources[0];
  const srcRec = await api("/api/articles/" + encodeURIComponent(src.article));
  check((await quoteBox.textContent()) === cpSlice(srcRec.text, src.start, src.end), "evidence text differs from the source span");
  await listed.first().locator(".evidence a").first().click();
  await page.waitForURL((u) => u.pathname === "/articles/" + encodeURIComponent(src.article) && u.searchParams.get("hl") === src.start + "-" + src.end);
  await page.locator("#hl").waitFor();
  await page.goBack();
  await page.locator(".chart svg").waitFor();
  ok("first entry opens its evidence and its place in the article");

  step = "zoom";
  const years = page.locator(".zoom a.zoomto");
  check(await years.count() > 0, "no zoom levels");
  const yearLinks = await years.allTextContents();
  const counts = yearLinks.map((t) => +(t.match(/\((\d+)\)/) || [0, 0])[1]);
  const yi = counts.indexOf(Math.max(...counts));
  const year = yearLinks[yi].slice(0, 4);
  await years.nth(yi).click();
  await page.waitForURL((u) => u.searchParams.get("zoom") === year);
  await page.locator(".axis text").filter({ hasText: "Jun" }).waitFor();
  check(await marks.count() === counts[yi], "year " + year + ": " + (await marks.count()) + " marks, zoom link said " + counts[yi]);
  check(await listed.count() === counts[yi], "year list count");
  await shot(page, "storyline-year-1280");
  const month = page.locator(".zoom a.zoomto").first();
  const monthN = +((await month.textContent()).match(/\((\d+)\)/) || [0, 0])[1];
  await month.click();
  await page.waitForURL((u) => /^\d{4}-\d{2}$/.test(u.searchParams.get("zoom") || ""));
  check(await marks.count() === monthN && (await listed.count()) === monthN, "month zoom shows " + (await marks.count()));
  await page.goBack();
  await page.waitForURL((u) => u.searchParams.get("zoom") === year);
  await page.locator(".chart svg").waitFor();
  check(await marks.count() === counts[yi], "back to the year view");
  ok("year " + year + " (" + counts[yi] + "), a month (" + monthN + "), back");

  step = "keyboard timeline";
  await page.locator(".chart .col").first().focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  check(await page.locator(".timeline > .tl-list .tl-entry[open]").count() === 1, "Enter on a column does not open its entry");
  ok();

  step = "filters";
  await page.goto(pages.storyline);
  await page.locator(".chart svg").waitFor();
  const who = page.locator('select[name="who"]');
  const name = await who.locator("option").nth(1).getAttribute("value");
  const expectWho = tl.dated.filter((e) => (e.who || []).includes(name)).length;
  await who.selectOption(name);
  await page.waitForURL((u) => u.searchParams.get("who") === name);
  await page.locator(".chart svg").waitFor();
  check(await marks.count() === expectWho && (await listed.count()) === expectWho, "participant " + name + ": " + (await marks.count()) + " shown, expected " + expectWho);
  const status = page.locator('select[name="status"]');
  const statusValues = await status.locator("option").evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  check(statusValues.length > 0, "no event statuses to filter by");
  const pick = statusValues.find((v) => v !== "happened") || statusValues[0];
  await page.goto(pages.storyline + "?status=" + pick);
  await page.locator(".chart svg").waitFor();
  const nStatus = await listed.count();
  check(nStatus > 0 && nStatus < tl.dated.length, "status " + pick + " shows " + nStatus);
  if (pick !== "happened") check(await page.locator(".timeline > .tl-list .tl-entry .status").count() === nStatus, "entries lack their status");
  ok("participant " + name + " (" + expectWho + "), status " + pick + " (" + nStatus + ")");
  await page.goto(pages.storyline);
  await page.locator(".chart svg").waitFor();
  await shot(page, "storyline-1280");

  // ---- timeline of a search, reached from the search page ----
  step = "search timeline";
  const stl = await api("/api/timeline?q=" + term);
  await page.goto(base + "/search?q=" + term);
  await page.locator('a[href="/timeline?q=' + term + '"]').click();
  await page.waitForURL((u) => u.pathname === "/timeline" && u.searchParams.get("q") === term);
  await page.locator(".chart svg").waitFor();
  check(await marks.count() === stl.dated.length && (await listed.count()) === stl.dated.length,
    "timeline for " + term + " shows " + (await marks.count()) + ", API has " + stl.dated.length);
  ok(stl.dated.length + " dated entries");

  // ---- escaping: articles containing <script> ----
  step = "escaping";
  const bad = [];
  for (const w of ["quarry", "timetable"]) bad.push(...(await api("/api/search?q=" + w)).hits.filter((h) => (h.title || "").includes("<script>")));
  check(bad.length === 2, "the <script> fixtures are not in the corpus");
  for (const h of bad) {
    await page.goto(base + "/search?q=" + encodeURIComponent(h.title.split("<")[0].trim()));
    await page.locator(".hit").first().waitFor();
    const r = await api("/api/articles/" + encodeURIComponent(h.id));
    await page.goto(base + "/articles/" + encodeURIComponent(h.id));
    await page.locator("#text").waitFor();
    check((await page.locator("main h1").textContent()) === r.title, "title not shown literally");
    check((await page.locator("#text").textContent()) === r.text, "text not shown literally");
    await page.locator("details.source > summary").click();
    await page.locator("details.source pre.raw").waitFor();
    check(await page.locator("#main script, #main img, #main iframe").count() === 0, "data became markup");
    check((await pwned(page)) === undefined && dialogs === 0, "a script from the article ran");
  }
  ok(bad.length + " articles with <script> shown as text, nothing ran");

  // ---- dark theme ----
  step = "dark";
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(pages.article);
  await page.locator("#text").waitFor();
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const rgb = (bg.match(/\d+/g) || []).map(Number);
  check(rgb.length >= 3 && rgb[0] + rgb[1] + rgb[2] < 150, "background is " + bg + " in dark mode");
  await shot(page, "article-dark-1280");
  await page.goto(pages.storyline);
  await page.locator(".chart svg").waitFor();
  await shot(page, "storyline-dark-1280");
  ok(bg);
  await ctx.close();

  // ---- phone width ----
  step = "375px";
  const phone = await browser.newContext({ viewport: { width: 375, height: 740 } });
  const p2 = await phone.newPage();
  watch(p2);
  const narrow = [["search", base + "/search?q=" + term, ".hit"], ["article", pages.article, "#text"],
    ["entity", pages.entity, ".quotes"], ["storyline", pages.storyline, ".chart svg"]];
  for (const [nm, url, sel] of narrow) {
    step = "375px " + nm;
    await p2.goto(url);
    await p2.locator(sel).first().waitFor();
    await noOverflow(p2, 375);
    await shot(p2, nm + "-375");
  }
  step = "375px";
  check(await p2.locator(".chart circle.mark").count() === tl.dated.length, "phone timeline count");
  ok("search, article, entity and storyline fit in 375px");
  await phone.close();

  step = "console";
  check(errors.length === 0, "page errors: " + errors.join(" | "));
  ok();
  console.log("screenshots in " + shots);
} catch (e) {
  const msg = String(e && e.message ? e.message : e);
  console.error("FAILED - " + (msg.startsWith(step) ? msg : step + ": " + msg));
  if (errors.length) console.error("page errors: " + errors.join(" | "));
  await browser.close();
  process.exit(1);
}
await browser.close();
