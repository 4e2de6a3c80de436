// newsline web UI: plain JavaScript, no framework, no network beyond this
// server's /api/. Every piece of data is put into the page with textContent
// or attribute setters, never as HTML. Offsets in the API are Unicode code
// points, so texts are sliced as Array.from(text) arrays.
"use strict";

(function () {
  const main = () => document.getElementById("main");

  // ---------- DOM helpers (never any HTML parsing of data) ----------
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === null || v === undefined || v === false) continue;
        if (k === "class") e.className = v;
        else if (k === "text") e.textContent = String(v);
        else if (k === "title") e.title = String(v);
        else if (k === "href") e.setAttribute("href", safeHref(String(v)));
        else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, String(v));
      }
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
    return e;
  }

  // Only same-site paths and http(s) URLs become links.
  function safeHref(h) {
    if (h.startsWith("/") && !h.startsWith("//")) return h;
    if (/^https?:\/\//i.test(h)) return h;
    return "#";
  }

  function link(path, text, cls) {
    return el("a", { href: path, class: cls, "data-internal": "1" }, text);
  }

  const enc = encodeURIComponent;
  const articlePath = (id, start, end) =>
    "/articles/" + enc(id) + (start !== undefined && end !== undefined ? "?hl=" + start + "-" + end : "");
  const entityPath = (id) => "/entities/" + enc(id);
  const storylinePath = (id) => "/storylines/" + enc(id);

  function setPage(title, ...nodes) {
    document.title = title ? title + " · newsline" : "newsline";
    const m = main();
    m.replaceChildren(...nodes.flat().filter(Boolean));
    window.scrollTo(0, 0);
  }

  function errorBox(err) {
    return el("div", { class: "error" }, String(err && err.message ? err.message : err));
  }

  async function api(path) {
    const r = await fetch(path, { headers: { Accept: "application/json" } });
    let body = null;
    try { body = await r.json(); } catch (_) { body = null; }
    if (!r.ok) {
      const msg = body && body.message ? body.message : "HTTP " + r.status;
      const e = new Error(msg);
      e.status = r.status;
      throw e;
    }
    return body;
  }

  // Snippets are HTML-escaped text with <b>…</b> markers: split on the
  // markers, decode the few entities and render with textContent.
  function decodeEntities(s) {
    return s.replace(/&(amp|lt|gt|quot|#39|#x27|apos|#34);/g, (m, n) =>
      ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'", apos: "'", "#34": '"' })[n]);
  }
  function snippet(s) {
    const out = el("div", { class: "snippet" });
    let bold = false;
    for (const part of String(s || "").split(/(<b>|<\/b>)/)) {
      if (part === "<b>") { bold = true; continue; }
      if (part === "</b>") { bold = false; continue; }
      if (!part) continue;
      const t = decodeEntities(part);
      out.appendChild(bold ? el("b", null, t) : document.createTextNode(t));
    }
    return out;
  }

  function cp(text) { return Array.from(text || ""); }
  function sliceCp(chars, start, end) { return chars.slice(Math.max(0, start), Math.max(0, end)).join(""); }

  function trim(s, n) {
    const c = cp(s);
    return c.length > n ? c.slice(0, n).join("") + "…" : s;
  }

  function dateText(value, precision) {
    if (!value) return "undated";
    return precision && precision !== "day" && precision !== "time" ? value + " (" + precision + ")" : value;
  }

  // ---------- router ----------
  function route() {
    const path = location.pathname;
    const qs = new URLSearchParams(location.search);
    const m = path.match(/^\/(articles|entities|storylines)\/(.+)$/);
    let id = null;
    if (m) { try { id = decodeURIComponent(m[2]); } catch (_) { id = m[2]; } }
    const top = document.querySelector("#topsearch input");
    if (top) top.value = path === "/search" ? qs.get("q") || "" : "";
    if (path === "/" || path === "") return home();
    if (path === "/search") return searchPage(qs);
    if (path === "/timeline") return timelinePage(qs);
    if (m && m[1] === "articles") return articlePage(id, qs);
    if (m && m[1] === "entities") return entityPage(id);
    if (m && m[1] === "storylines") return storylinePage(id);
    setPage("Not found", el("h1", { text: "Not found" }));
  }

  function go(url) {
    history.pushState(null, "", url);
    route();
  }

  document.addEventListener("click", (ev) => {
    const a = ev.target.closest && ev.target.closest("a[data-internal]");
    if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
    ev.preventDefault();
    go(a.getAttribute("href"));
  });
  window.addEventListener("popstate", route);

  function searchUrl(params) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) qs.set(k, v);
    return "/search?" + qs.toString();
  }

  // ---------- pages ----------
  async function home() {
    setPage("", el("h1", { text: "newsline" }), el("p", { class: "muted", text: "Loading…" }));
    try {
      const [health, sl] = await Promise.all([api("/api/health"), api("/api/storylines?page_size=50")]);
      const list = el("ul");
      for (const s of sl.storylines) {
        list.appendChild(el("li", null, link(storylinePath(s.id), s.label || s.id), " ",
          el("span", { class: "muted small", text: "(" + (s.start || "?") + " – " + (s.end || "?") + ", " + s.articles.length + " articles)" })));
      }
      setPage("",
        el("h1", { text: "newsline" }),
        el("p", { class: "muted", text: health.articles + " articles stored." }),
        searchForm({}),
        el("h2", { text: "Storylines" }),
        sl.storylines.length ? list : el("p", { class: "muted", text: "No storylines yet." }),
        el("p", null, link("/timeline", "Full timeline →")));
    } catch (e) { setPage("Error", errorBox(e)); }
  }

  function searchForm(p) {
    const q = el("input", { type: "search", name: "q", value: p.q || "", placeholder: "words, \"phrases\", names" });
    const since = el("input", { type: "text", name: "since", value: p.since || "", placeholder: "since YYYY-MM-DD", size: 14 });
    const until = el("input", { type: "text", name: "until", value: p.until || "", placeholder: "until YYYY-MM-DD", size: 14 });
    const f = el("form", { class: "filters", onsubmit: (ev) => {
      ev.preventDefault();
      go(searchUrl({ q: q.value, since: since.value, until: until.value, entity: p.entity || "" }));
    } }, q, since, until, el("button", { type: "submit", text: "Search" }));
    return f;
  }

  async function searchPage(qs) {
    const p = { q: qs.get("q") || "", since: qs.get("since") || "", until: qs.get("until") || "",
      entity: qs.get("entity") || "", page: qs.get("page") || "1" };
    setPage("Search", el("h1", { text: "Search" }), searchForm(p), el("p", { class: "muted", text: "Searching…" }));
    let r;
    try {
      const apiQs = new URLSearchParams();
      for (const [k, v] of Object.entries(p)) if (v) apiQs.set(k, v);
      r = await api("/api/search?" + apiQs.toString());
    } catch (e) { setPage("Search", el("h1", { text: "Search" }), searchForm(p), errorBox(e)); return; }
    const results = el("div");
    for (const h of r.hits) {
      results.appendChild(el("div", { class: "hit" },
        el("div", { class: "title" }, link(articlePath(h.id), h.title || h.id)),
        el("div", { class: "muted small", text: [h.published || "date unknown", h.source].filter(Boolean).join(" · ") }),
        snippet(h.snippet)));
    }
    const facets = el("aside", { class: "facets" });
    const facetList = (name, items, param) => {
      if (!items || !items.length) return;
      facets.appendChild(el("h3", { text: name }));
      const ul = el("ul");
      for (const f of items.slice(0, 15)) {
        const np = Object.assign({}, p, { page: "" });
        if (param === "year") { np.since = f.value; np.until = f.value; }
        else if (param === "entity") np.entity = f.value;
        const text = f.name || f.value;
        const label = param ? link(searchUrl(np), text) : el("span", { text });
        ul.appendChild(el("li", null, label, el("span", { class: "muted", text: String(f.count) })));
      }
      facets.appendChild(ul);
    };
    facetList("Entities", r.facets.entities, "entity");
    facetList("Sources", r.facets.sources, null);
    facetList("Years", r.facets.years, "year");
    const active = el("div", { class: "filters" });
    if (p.entity) active.appendChild(el("span", { class: "chip" }, "entity: " + p.entity + " ",
      link(searchUrl(Object.assign({}, p, { entity: "", page: "" })), "×")));
    const page = parseInt(p.page, 10) || 1;
    const pages = Math.max(1, Math.ceil(r.total / r.page_size));
    const pager = el("div", { class: "pager" },
      page > 1 ? link(searchUrl(Object.assign({}, p, { page: String(page - 1) })), "← previous") : null,
      el("span", { class: "muted", text: "page " + page + " of " + pages }),
      page < pages ? link(searchUrl(Object.assign({}, p, { page: String(page + 1) })), "next →") : null);
    setPage("Search: " + p.q, el("h1", { text: "Search" }), searchForm(p), active,
      el("p", { class: "muted", text: r.total + " matching articles" }),
      el("div", { class: "layout" }, el("div", null, results, pager), facets),
      p.q ? el("p", null, link("/timeline?q=" + enc(p.q), "Timeline for this search →")) : null);
  }

  // Renders the clean text with quotes, entity mentions, time expressions
  // and an optional highlighted range, all by code-point offsets.
  function annotatedText(rec, hl) {
    const chars = cp(rec.text);
    const n = chars.length;
    const anns = [];
    const links = rec.entity_links || {};
    for (const q of rec.quotes || []) {
      const who = q.speaker_name || "unknown speaker";
      const cue = q.cue_span ? sliceCp(chars, q.cue_span.start, q.cue_span.end) : "";
      anns.push({ start: q.start, end: q.end, layer: 0, make: () => el("span", {
        class: "q q-" + q.kind,
        title: q.kind + " quote · speaker: " + who + (cue ? " · cue: " + cue : "") +
          (q.date ? " · date: " + q.date : "") + " · confidence " + Number(q.confidence).toFixed(2) }) });
    }
    for (const e of rec.entities || []) {
      const target = links[e.id] || e.id;
      for (const m of e.mentions || []) {
        anns.push({ start: m.start, end: m.end, layer: 1, make: () => el("a", {
          class: "ent " + e.type, href: entityPath(target), "data-internal": "1",
          title: e.name + " (" + e.type + ", " + m.kind + ")" }) });
      }
    }
    for (const t of rec.times || []) {
      anns.push({ start: t.start, end: t.end, layer: 2, make: () => el("span", {
        class: "tm" + (t.resolved ? "" : " unresolved"),
        title: t.type + " " + t.value + " · precision: " + t.precision + (t.resolved ? "" : " · unresolved") +
          (t.anchor ? " · anchor: " + t.anchor : "") }) });
    }
    if (hl) anns.push({ start: hl[0], end: hl[1], layer: 3, make: () => el("span", { class: "hl", id: "hl" }) });
    const valid = anns.filter((a) => Number.isInteger(a.start) && Number.isInteger(a.end) && a.start < a.end && a.start >= 0 && a.end <= n);
    const cuts = new Set([0, n]);
    for (const a of valid) { cuts.add(a.start); cuts.add(a.end); }
    const bounds = Array.from(cuts).sort((x, y) => x - y);
    valid.sort((a, b) => a.start - b.start);
    const out = el("div", { class: "article-text" });
    let firstHl = true;
    let active = [];
    let next = 0;
    for (let i = 0; i + 1 < bounds.length; i++) {
      const a = bounds[i], b = bounds[i + 1];
      while (next < valid.length && valid[next].start <= a) active.push(valid[next++]);
      active = active.filter((x) => x.end > a);
      const seg = chars.slice(a, b).join("");
      let node = document.createTextNode(seg);
      // innermost layer first: wrap from the highest layer outwards
      const cover = active.filter((x) => x.start <= a && x.end >= b).sort((x, y) => y.layer - x.layer);
      const seen = new Set();
      for (const x of cover) {
        if (seen.has(x.layer)) continue; // one wrapper per layer
        seen.add(x.layer);
        const w = x.make();
        if (x.layer === 3) { if (firstHl) firstHl = false; else w.removeAttribute("id"); }
        w.appendChild(node);
        node = w;
      }
      out.appendChild(node);
    }
    return out;
  }

  async function articlePage(id, qs) {
    setPage("Article", el("p", { class: "muted", text: "Loading…" }));
    let r;
    try { r = await api("/api/articles/" + enc(id)); } catch (e) { setPage("Article", errorBox(e)); return; }
    let hl = null;
    const hm = (qs.get("hl") || "").match(/^(\d+)-(\d+)$/);
    if (hm) hl = [parseInt(hm[1], 10), parseInt(hm[2], 10)];
    const chars = cp(r.text);
    const pub = r.published || {};
    const meta = el("p", { class: "muted small" },
      [r.site_name, r.authors && r.authors.length ? "by " + r.authors.join(", ") : null,
        "published " + dateText(pub.value, pub.precision) + (pub.origin ? " [" + pub.origin + "]" : ""),
        "language " + r.language].filter(Boolean).join(" · "),
      r.url ? el("span", null, " · ", el("a", { href: r.url, rel: "noopener noreferrer", text: "original" })) : null);
    const parts = [el("h1", { text: r.title || "(untitled)" })];
    if (r.subtitle) parts.push(el("p", { class: "muted", text: r.subtitle }));
    parts.push(meta);
    if (r.duplicate_articles && r.duplicate_articles.length) {
      const ul = el("ul");
      for (const d of r.duplicate_articles) ul.appendChild(el("li", null, link(articlePath(d.id), d.title || d.id),
        el("span", { class: "muted small", text: " " + (d.published || "") + (d.canonical ? " · canonical" : "") })));
      parts.push(el("details", null, el("summary", { text: "Duplicates (" + r.duplicate_articles.length + ")" }), ul));
    }
    parts.push(el("p", { class: "legend small" }, el("span", { class: "q-direct", text: "direct quote" }),
      el("span", { class: "q-partial", text: "partial quote" }), el("span", { class: "q-indirect", text: "indirect speech" }),
      el("span", { class: "ent", text: "entity" }), el("span", { class: "tm", text: "time" })));
    parts.push(annotatedText(r, hl));
    if (r.removed && r.removed.length) {
      const ul = el("ul");
      for (const x of r.removed) ul.appendChild(el("li", null, el("span", { class: "reason", text: x.reason }), trim(x.text, 600)));
      parts.push(el("details", { class: "removed" }, el("summary", { text: "Removed boilerplate (" + r.removed.length + ")" }), ul));
    }
    if (r.quotes && r.quotes.length) {
      const t = el("table", { class: "list" }, el("tr", null, el("th", { text: "Speaker" }), el("th", { text: "Kind" }), el("th", { text: "Quote" }), el("th", { text: "Date" })));
      for (const q of r.quotes) {
        const target = q.speaker ? (r.entity_links && r.entity_links[q.speaker]) || q.speaker : null;
        t.appendChild(el("tr", null,
          el("td", null, target ? link(entityPath(target), q.speaker_name || target) : (q.speaker_name || "?")),
          el("td", { text: q.kind }),
          el("td", null, link(articlePath(r.id, q.start, q.end), trim(sliceCp(chars, q.start, q.end), 220))),
          el("td", { text: q.date || "" })));
      }
      parts.push(el("h2", { text: "Quotes" }), t);
    }
    if (r.events && r.events.length) {
      const t = el("table", { class: "list" }, el("tr", null, el("th", { text: "Event" }), el("th", { text: "Status" }), el("th", { text: "Date" }), el("th", { text: "Evidence" })));
      for (const e of r.events) t.appendChild(el("tr", null, el("td", { text: e.type + " (" + e.trigger + ")" }), el("td", { text: e.status }),
        el("td", { text: dateText(e.date, e.precision) }), el("td", null, link(articlePath(r.id, e.start, e.end), trim(sliceCp(chars, e.start, e.end), 200)))));
      parts.push(el("h2", { text: "Events" }), t);
    }
    if (r.entities && r.entities.length) {
      const box = el("p");
      for (const e of r.entities) {
        const target = (r.entity_links && r.entity_links[e.id]) || e.id;
        box.appendChild(el("span", { class: "chip" }, link(entityPath(target), e.name), " ", el("span", { class: "muted", text: e.type + " ×" + e.mentions.length })));
      }
      parts.push(el("h2", { text: "Entities" }), box);
    }
    setPage(r.title || "Article", parts);
    const h = document.getElementById("hl");
    if (h) h.scrollIntoView({ block: "center" });
  }

  function quoteBlock(q, showSpeaker) {
    return el("div", { class: "quote " + q.kind },
      el("div", { text: (q.kind === "indirect" ? "" : "“") + q.text + (q.kind === "indirect" ? "" : "”") }),
      el("div", { class: "muted small" },
        showSpeaker ? (q.speaker_id ? link(entityPath(q.speaker_id), q.speaker_name || q.speaker_id) : (q.speaker_name || "?")) : null,
        showSpeaker ? " · " : null,
        q.kind + (q.cue ? " · “" + q.cue + "”" : "") + " · " + (q.date || q.published || "undated") + " · ",
        link(articlePath(q.article, q.start, q.end), q.article_title || q.article),
        q.duplicate_of ? el("span", { text: " (duplicate copy)" }) : null));
  }

  async function entityPage(id) {
    setPage("Entity", el("p", { class: "muted", text: "Loading…" }));
    let e;
    try { e = await api("/api/entities/" + enc(id)); } catch (err) { setPage("Entity", errorBox(err)); return; }
    const parts = [el("h1", { text: e.name }), el("p", { class: "muted", text: e.type + " · " + e.articles + " articles · " + e.mentions + " mentions" })];
    if (e.aliases && e.aliases.length) {
      parts.push(el("h2", { text: "Also named" }), el("p", null, e.aliases.map((a) => el("span", { class: "chip", text: a }))));
    }
    if (e.roles && e.roles.length) {
      const t = el("table", { class: "list" }, el("tr", null, el("th", { text: "Role" }), el("th", { text: "First seen" }), el("th", { text: "Last seen" })));
      for (const r of e.roles) t.appendChild(el("tr", null, el("td", { text: r.title }), el("td", { text: r.first_seen || "" }), el("td", { text: r.last_seen || "" })));
      parts.push(el("h2", { text: "Roles" }), t);
    }
    parts.push(el("h2", { text: "Quotes (" + e.quotes.length + ")" }));
    if (!e.quotes.length) parts.push(el("p", { class: "muted", text: "No attributed quotes." }));
    for (const q of e.quotes) parts.push(quoteBlock(q, false));
    if (e.article_list && e.article_list.length) {
      const ul = el("ul");
      for (const a of e.article_list) ul.appendChild(el("li", null, link(articlePath(a.id), a.title || a.id), el("span", { class: "muted small", text: " " + (a.published || "") })));
      parts.push(el("h2", { text: "Articles" }), ul);
    }
    parts.push(el("p", null, link(searchUrl({ entity: e.id }), "Search articles mentioning " + e.name + " →")));
    setPage(e.name, parts);
  }

  function timelineList(t) {
    const wrap = el("div");
    const groups = [];
    for (const entry of t.dated) {
      const last = groups[groups.length - 1];
      if (last && last.date === entry.date) last.entries.push(entry);
      else groups.push({ date: entry.date, precision: entry.precision, entries: [entry] });
    }
    const entryNode = (entry) => {
      const srcs = el("span", { class: "muted small" });
      (entry.sources || []).forEach((s, i) => {
        const a = t.articles && t.articles[s.article];
        srcs.appendChild(document.createTextNode(i ? ", " : " — "));
        srcs.appendChild(link(articlePath(s.article, s.start, s.end), a ? (a.site_name || a.title || s.article) : s.article));
      });
      const kind = entry.kind === "event" ? (entry.event_type || "event").replace(/_/g, " ") : (entry.quote_kind || "quote") + " quote";
      return el("div", { class: "entry" }, el("span", { class: "kind", text: kind }),
        entry.kind === "event" && entry.who && entry.who.length ? el("b", { text: entry.who.join(", ") + ": " }) : null,
        entry.summary, srcs);
    };
    if (!groups.length) wrap.appendChild(el("p", { class: "muted", text: "No dated entries." }));
    const ol = el("ol", { class: "tl" });
    for (const g of groups) ol.appendChild(el("li", null, el("div", { class: "date", text: dateText(g.date, g.precision) }), g.entries.map(entryNode)));
    wrap.appendChild(ol);
    if (t.undated && t.undated.length) {
      wrap.appendChild(el("details", null, el("summary", { text: "Undated (" + t.undated.length + ")" }), t.undated.map(entryNode)));
    }
    return wrap;
  }

  async function storylinePage(id) {
    setPage("Storyline", el("p", { class: "muted", text: "Loading…" }));
    let s, t;
    try {
      [s, t] = await Promise.all([api("/api/storylines/" + enc(id)), api("/api/timeline?storyline=" + enc(id))]);
    } catch (e) { setPage("Storyline", errorBox(e)); return; }
    const ents = el("p");
    for (const eid of s.entities || []) ents.appendChild(el("span", { class: "chip" }, link(entityPath(eid), (s.entity_names && s.entity_names[eid]) || eid)));
    const arts = el("ul");
    for (const a of s.members || []) arts.appendChild(el("li", null, link(articlePath(a.id), a.title || a.id), el("span", { class: "muted small", text: " " + (a.published || "") + (a.site_name ? " · " + a.site_name : "") })));
    setPage(s.label || "Storyline",
      el("h1", { text: s.label || s.id }),
      el("p", { class: "muted", text: (s.start || "?") + " – " + (s.end || "?") + " · " + s.articles.length + " articles · " + s.events.length + " events" }),
      ents, el("h2", { text: "Timeline" }), timelineList(t), el("h2", { text: "Articles" }), arts);
  }

  async function timelinePage(qs) {
    const p = { q: qs.get("q") || "", since: qs.get("since") || "", until: qs.get("until") || "", max_dates: qs.get("max_dates") || "" };
    const q = el("input", { type: "search", value: p.q, placeholder: "search words (empty: everything)" });
    const since = el("input", { type: "text", value: p.since, placeholder: "since", size: 12 });
    const until = el("input", { type: "text", value: p.until, placeholder: "until", size: 12 });
    const form = el("form", { class: "filters", onsubmit: (ev) => {
      ev.preventDefault();
      const n = new URLSearchParams();
      if (q.value) n.set("q", q.value);
      if (since.value) n.set("since", since.value);
      if (until.value) n.set("until", until.value);
      go("/timeline?" + n.toString());
    } }, q, since, until, el("button", { type: "submit", text: "Show" }));
    setPage("Timeline", el("h1", { text: "Timeline" }), form, el("p", { class: "muted", text: "Loading…" }));
    const apiQs = new URLSearchParams();
    for (const [k, v] of Object.entries(p)) if (v) apiQs.set(k, v);
    try {
      const t = await api("/api/timeline?" + apiQs.toString());
      setPage("Timeline", el("h1", { text: p.q ? "Timeline: " + p.q : "Timeline" }), form, timelineList(t));
    } catch (e) { setPage("Timeline", el("h1", { text: "Timeline" }), form, errorBox(e)); }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const f = document.getElementById("topsearch");
    if (f) f.addEventListener("submit", (ev) => {
      ev.preventDefault();
      go(searchUrl({ q: f.querySelector("input").value }));
    });
    route();
  });
})();
