// newsline web UI: plain JavaScript, no framework, no network beyond this
// server. Every piece of data is put into the page with textContent or
// attribute setters, never parsed as HTML. API offsets are Unicode code
// points, so texts are sliced as Array.from(text) arrays.
"use strict";

(function () {
  const main = () => document.getElementById("main");
  const SVGNS = "http://www.w3.org/2000/svg";

  // ---------- DOM helpers (no HTML parsing of data, ever) ----------
  function setAttrs(e, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.setAttribute("class", v);
      else if (k === "text") e.textContent = String(v);
      else if (k === "href") e.setAttribute("href", safeHref(String(v)));
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : String(v));
    }
  }
  function append(e, children) {
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      e.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
    return e;
  }
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    setAttrs(e, attrs);
    return append(e, children);
  }
  function sv(tag, attrs, ...children) {
    const e = document.createElementNS(SVGNS, tag);
    setAttrs(e, attrs);
    return append(e, children);
  }

  // Only same-site paths and http(s) URLs become links.
  function safeHref(h) {
    if (h.startsWith("/") && !h.startsWith("//")) return h;
    if (/^https?:\/\//i.test(h)) return h;
    return "#";
  }
  const link = (path, text, cls) => el("a", { href: path, class: cls, "data-internal": "1" }, text);

  const enc = encodeURIComponent;
  const articlePath = (id, start, end) =>
    "/articles/" + enc(id) + (start !== undefined && end !== undefined ? "?hl=" + start + "-" + end : "");
  const entityPath = (id) => "/entities/" + enc(id);
  const storylinePath = (id) => "/storylines/" + enc(id);

  function withParams(path, params) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) qs.set(k, v);
    const s = qs.toString();
    return s ? path + "?" + s : path;
  }
  const searchUrl = (params) => withParams("/search", params);

  let focusHeading = false;
  function setPage(title, ...nodes) {
    document.title = title ? title + " · newsline" : "newsline";
    hideTip();
    main().replaceChildren(...nodes.flat().filter(Boolean));
    if (focusHeading) {
      const h = main().querySelector("h1");
      if (h) { h.setAttribute("tabindex", "-1"); h.focus({ preventScroll: true }); }
    }
    window.scrollTo(0, 0);
  }
  const loading = (title) => setPage(title, el("p", { class: "muted", text: "Loading…" }));
  const errorBox = (err) => el("div", { class: "error", role: "alert" }, String(err && err.message ? err.message : err));

  // GET with a short cache, so filter and zoom changes do not refetch.
  const cache = new Map();
  async function fetchOk(path, accept) {
    const hit = cache.get(path);
    if (hit && Date.now() - hit.at < 30000) return hit.body;
    const r = await fetch(path, { headers: { Accept: accept } });
    const body = accept === "application/json" ? await r.json().catch(() => null) : await r.text();
    if (!r.ok) {
      const e = new Error(body && body.message ? body.message : "HTTP " + r.status);
      e.status = r.status;
      throw e;
    }
    cache.set(path, { at: Date.now(), body });
    if (cache.size > 200) cache.delete(cache.keys().next().value);
    return body;
  }
  const api = (path) => fetchOk(path, "application/json");

  // Snippets are HTML-escaped text with <b>…</b> markers: split on the
  // markers, decode the few entities and render as text.
  const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'", apos: "'", "#34": '"' };
  const decodeEntities = (s) => s.replace(/&(amp|lt|gt|quot|#39|#x27|apos|#34);/g, (m, n) => ENTITIES[n]);
  function snippet(s) {
    const out = el("div", { class: "snippet" });
    let bold = false;
    for (const part of String(s || "").split(/(<b>|<\/b>)/)) {
      if (part === "<b>" || part === "</b>") { bold = part === "<b>"; continue; }
      if (part) out.appendChild(bold ? el("mark", null, decodeEntities(part)) : document.createTextNode(decodeEntities(part)));
    }
    return out;
  }

  const cp = (text) => Array.from(text || "");
  const sliceCp = (chars, start, end) => chars.slice(Math.max(0, start), Math.max(0, end)).join("");
  function trim(s, n) {
    const c = cp(s);
    return c.length > n ? c.slice(0, n).join("") + "…" : s;
  }
  function dateText(value, precision) {
    if (!value) return "undated";
    return precision && precision !== "day" && precision !== "time" ? value + " (" + precision + ")" : value;
  }
  const label = (s) => String(s || "").replace(/_/g, " ");
  const scroller = (node) => el("div", { class: "scroll" }, node);

  // ---------- tooltip (hover and keyboard focus) ----------
  const tip = el("div", { id: "tip", role: "tooltip", hidden: true });
  let tipFor = null;
  function showTip(t) {
    const text = t.getAttribute("data-tip");
    if (!text) return;
    if (!tip.isConnected) document.body.appendChild(tip);
    tipFor = t;
    // the element's own note first, then those of the highlights around it
    const notes = [];
    for (let n = t; n; n = n.parentElement && n.parentElement.closest("[data-tip]")) notes.push(n);
    tip.replaceChildren(...notes.map((n) => el("div", { class: "tip-note" },
      n.getAttribute("data-tip").split("\n").map((line, i) => el("div", { class: i ? null : "tip-head", text: line })))));
    tip.hidden = false;
    t.setAttribute("aria-describedby", "tip");
    const rects = t.getClientRects();
    const r = rects.length ? rects[0] : t.getBoundingClientRect();
    const w = tip.offsetWidth, vw = document.documentElement.clientWidth;
    tip.style.left = Math.max(4, Math.min(r.left, vw - w - 4)) + window.scrollX + "px";
    tip.style.top = r.bottom + window.scrollY + 6 + "px";
    for (const n of notes) {
      const q = n.getAttribute("data-qi");
      if (q !== null) for (const x of document.querySelectorAll('[data-qi="' + q + '"], [data-of~="' + q + '"]')) x.classList.add("on");
    }
  }
  function hideTip() {
    if (tipFor) tipFor.removeAttribute("aria-describedby");
    tipFor = null;
    tip.hidden = true;
    for (const x of document.querySelectorAll(".on")) x.classList.remove("on");
  }
  const tipTarget = (ev) => ev.target.closest && ev.target.closest("[data-tip]");
  document.addEventListener("mouseover", (ev) => { const t = tipTarget(ev); if (t && t !== tipFor) { hideTip(); showTip(t); } });
  document.addEventListener("mouseout", (ev) => { const t = tipTarget(ev); if (t && !t.contains(ev.relatedTarget)) hideTip(); });
  document.addEventListener("focusin", (ev) => { const t = tipTarget(ev); hideTip(); if (t) showTip(t); });
  document.addEventListener("focusout", hideTip);

  // ---------- router ----------
  function route() {
    const path = location.pathname;
    const qs = new URLSearchParams(location.search);
    const m = path.match(/^\/(articles|entities|storylines)\/([^/]+)$/);
    let id = null;
    if (m) { try { id = decodeURIComponent(m[2]); } catch (_) { id = m[2]; } }
    const top = document.querySelector("#topsearch input");
    if (top) top.value = path === "/search" ? qs.get("q") || "" : "";
    if (path === "/" || path === "") return home();
    if (path === "/search") return searchPage(qs);
    if (path === "/timeline") return timelinePage(qs);
    if (m && m[1] === "articles") return articlePage(id, qs);
    if (m && m[1] === "entities") return entityPage(id);
    if (m && m[1] === "storylines") return storylinePage(id, qs);
    setPage("Not found", el("h1", { text: "Not found" }));
  }
  function go(url) {
    history.pushState(null, "", url);
    focusHeading = true;
    route();
  }
  document.addEventListener("click", (ev) => {
    const a = ev.target.closest && ev.target.closest("a[data-internal]");
    if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey || ev.button !== 0) return;
    ev.preventDefault();
    go(a.getAttribute("href"));
  });
  window.addEventListener("popstate", () => { focusHeading = true; route(); });
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") hideTip();
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement && document.activeElement.tagName);
    if (ev.key === "/" && !typing && !ev.ctrlKey && !ev.metaKey) {
      const top = document.querySelector("#topsearch input");
      if (top) { ev.preventDefault(); top.focus(); }
    }
  });

  // ---------- home and search ----------
  async function home() {
    loading("");
    try {
      const [health, sl] = await Promise.all([api("/api/health"), api("/api/storylines?page_size=50")]);
      const list = el("ul", { class: "storylines" });
      for (const s of sl.storylines) {
        list.appendChild(el("li", null, link(storylinePath(s.id), s.label || s.id), " ",
          el("span", { class: "muted small", text: (s.start || "?") + " – " + (s.end || "?") + " · " + s.articles.length + " articles · " + s.events.length + " events" })));
      }
      setPage("",
        el("h1", { text: "newsline" }),
        el("p", { class: "muted", text: health.articles + " articles stored. Press / to search." }),
        searchForm({}),
        el("h2", { text: "Storylines" }),
        sl.storylines.length ? list : el("p", { class: "muted", text: "No storylines yet." }),
        el("p", null, link("/timeline", "Full timeline →")));
    } catch (e) { setPage("Error", errorBox(e)); }
  }

  function searchForm(p) {
    const q = el("input", { type: "search", name: "q", value: p.q || "", placeholder: "words, \"phrases\", names", "aria-label": "Search words" });
    const since = el("input", { type: "text", name: "since", value: p.since || "", placeholder: "since YYYY-MM-DD", size: 14, "aria-label": "Published since" });
    const until = el("input", { type: "text", name: "until", value: p.until || "", placeholder: "until YYYY-MM-DD", size: 14, "aria-label": "Published until" });
    return el("form", { class: "filters", role: "search", onsubmit: (ev) => {
      ev.preventDefault();
      go(searchUrl({ q: q.value, since: since.value, until: until.value, entity: p.entity || "" }));
    } }, q, since, until, el("button", { type: "submit", text: "Search" }));
  }

  async function searchPage(qs) {
    const p = { q: qs.get("q") || "", since: qs.get("since") || "", until: qs.get("until") || "",
      entity: qs.get("entity") || "", page: qs.get("page") || "" };
    const head = () => [el("h1", { text: p.q ? "Search: " + p.q : "Search" }), searchForm(p)];
    setPage("Search", head(), el("p", { class: "muted", text: "Searching…" }));
    let r;
    try { r = await api(withParams("/api/search", p)); } catch (e) { setPage("Search", head(), errorBox(e)); return; }
    const results = el("ol", { class: "hits" });
    for (const h of r.hits) {
      results.appendChild(el("li", { class: "hit" },
        el("div", { class: "title" }, link(articlePath(h.id), h.title || h.id)),
        el("div", { class: "muted small", text: [h.published || "date unknown", h.source].filter(Boolean).join(" · ") }),
        snippet(h.snippet)));
    }
    const facets = el("aside", { class: "facets", "aria-label": "Facets" });
    const facetList = (name, items, param) => {
      if (!items || !items.length) return;
      const ul = el("ul");
      for (const f of items.slice(0, 15)) {
        const np = Object.assign({}, p, { page: "" });
        if (param === "year") { np.since = f.value; np.until = f.value; }
        else if (param === "entity") np.entity = f.value;
        const text = f.name || f.value;
        ul.appendChild(el("li", null, param ? link(searchUrl(np), text) : el("span", { text }), el("span", { class: "muted", text: String(f.count) })));
      }
      facets.append(el("h2", { text: name }), ul);
    };
    facetList("People and places", r.facets.entities, "entity");
    facetList("Years", r.facets.years, "year");
    facetList("Sources", r.facets.sources, null);
    const active = el("div", { class: "filters" });
    const ef = (r.facets.entities || []).find((x) => x.value === p.entity);
    if (p.entity) active.appendChild(el("span", { class: "chip" }, "only: " + ((ef && ef.name) || p.entity) + " ",
      link(searchUrl(Object.assign({}, p, { entity: "", page: "" })), "×", "x")));
    const page = parseInt(p.page, 10) || 1;
    const pages = Math.max(1, Math.ceil(r.total / r.page_size));
    const pager = el("nav", { class: "pager", "aria-label": "Pages" },
      page > 1 ? link(searchUrl(Object.assign({}, p, { page: String(page - 1) })), "← previous") : null,
      el("span", { class: "muted", text: "page " + page + " of " + pages }),
      page < pages ? link(searchUrl(Object.assign({}, p, { page: String(page + 1) })), "next →") : null);
    setPage("Search: " + p.q, head(), active,
      el("p", { class: "muted", text: r.total + " matching articles" },
        p.q ? el("span", null, " · ", link(withParams("/timeline", { q: p.q }), "timeline of these articles →")) : null),
      el("div", { class: "layout" }, el("div", null, r.hits.length ? results : el("p", { text: "Nothing found." }), pager), facets));
  }

  // ---------- article ----------
  // The clean text with quotes (by kind), their speakers and cues, entity
  // links, time expressions and an optional highlighted range, all placed
  // by code-point offsets. Layers nest outermost first.
  function annotatedText(rec, hl) {
    const chars = cp(rec.text);
    const n = chars.length;
    const anns = [];
    const links = rec.entity_links || {};
    (rec.quotes || []).forEach((q, i) => {
      const who = q.speaker_name || "unattributed";
      const cue = q.cue_span ? sliceCp(chars, q.cue_span.start, q.cue_span.end) : "";
      const tipText = label(q.kind) + " quote\nSpeaker: " + who + "\nCue: " + (cue || "none") +
        (q.date ? "\nSaid: " + q.date : "") + (q.outlet ? "\nVia: " + q.outlet : "") + "\nConfidence " + Number(q.confidence).toFixed(2);
      anns.push({ start: q.start, end: q.end, layer: 0, attrs: { class: "q q-" + q.kind, "data-qi": i, "data-speaker": q.speaker_name || "", "data-tip": tipText }, focus: true });
      if (q.speaker_span) anns.push({ start: q.speaker_span.start, end: q.speaker_span.end, layer: 1, of: i, attrs: { class: "spk" } });
      if (q.cue_span) anns.push({ start: q.cue_span.start, end: q.cue_span.end, layer: 1, of: i, attrs: { class: "cue" } });
    });
    for (const e of rec.entities || []) {
      const target = links[e.id] || e.id;
      for (const m of e.mentions || []) {
        anns.push({ start: m.start, end: m.end, layer: 2, tag: "a", attrs: { class: "ent " + e.type, href: entityPath(target), "data-internal": "1",
          "data-tip": e.name + "\n" + e.type + " · " + label(m.kind) + " mention" } });
      }
    }
    for (const t of rec.times || []) {
      anns.push({ start: t.start, end: t.end, layer: 3, focus: true, attrs: { class: "tm" + (t.resolved ? "" : " unresolved"),
        "data-tip": (t.resolved ? "Resolved: " : "Unresolved: ") + t.value + "\nPrecision: " + t.precision + "\nType: " + t.type + (t.anchor ? "\nAnchor: " + t.anchor : "") } });
    }
    if (hl) anns.push({ start: hl[0], end: hl[1], layer: 4, attrs: { class: "hl" } });
    const valid = anns.filter((a) => Number.isInteger(a.start) && Number.isInteger(a.end) && a.start >= 0 && a.start < a.end && a.end <= n);
    const cuts = new Set([0, n]);
    for (const a of valid) { cuts.add(a.start); cuts.add(a.end); }
    const bounds = Array.from(cuts).sort((x, y) => x - y);
    valid.sort((a, b) => a.start - b.start || b.end - a.end);
    const out = el("div", { class: "article-text", id: "text" });
    let active = [];
    let next = 0;
    for (let i = 0; i + 1 < bounds.length; i++) {
      const a = bounds[i], b = bounds[i + 1];
      while (next < valid.length && valid[next].start <= a) active.push(valid[next++]);
      active = active.filter((x) => x.end > a);
      let node = document.createTextNode(chars.slice(a, b).join(""));
      const byLayer = new Map();
      for (const x of active) if (x.start <= a && x.end >= b) {
        if (!byLayer.has(x.layer)) byLayer.set(x.layer, []);
        byLayer.get(x.layer).push(x);
      }
      for (const layer of Array.from(byLayer.keys()).sort((x, y) => y - x)) {
        const xs = byLayer.get(layer);
        // nested quotes nest; other layers get one wrapper per segment
        for (const x of layer === 0 ? xs.slice().reverse() : [xs[0]]) {
          const w = x.tag === "a" ? el("a", x.attrs) : el("span", x.attrs);
          if (x.focus && !x.placed) w.setAttribute("tabindex", "0");
          if (layer === 4 && !x.placed) w.id = "hl";
          x.placed = true;
          const of = xs.filter((y) => y.of !== undefined).map((y) => y.of);
          if (of.length) w.setAttribute("data-of", of.join(" "));
          w.appendChild(node);
          node = w;
        }
      }
      out.appendChild(node);
    }
    return out;
  }

  function sourceSection(r) {
    const body = el("div", null, el("p", { class: "muted small", text: "Loading…" }));
    const d = el("details", { class: "source" }, el("summary", { text: "Original source" }), body);
    let loaded = false;
    d.addEventListener("toggle", async () => {
      if (!d.open || loaded) return;
      loaded = true;
      const url = "/articles/" + enc(r.id) + "/source";
      try {
        const raw = await fetchOk(url, "text/plain");
        body.replaceChildren(
          el("p", { class: "muted small" }, "The input exactly as read (decoded to UTF-8), shown as text. ",
            el("a", { href: url, text: "Open as plain text" })),
          el("pre", { class: "raw", tabindex: "0", text: raw }));
      } catch (e) { body.replaceChildren(errorBox(e)); }
    });
    return d;
  }

  async function articlePage(id, qs) {
    loading("Article");
    let r;
    try { r = await api("/api/articles/" + enc(id)); } catch (e) { setPage("Article", errorBox(e)); return; }
    const hm = (qs.get("hl") || "").match(/^(\d+)-(\d+)$/);
    const hl = hm ? [parseInt(hm[1], 10), parseInt(hm[2], 10)] : null;
    const chars = cp(r.text);
    const pub = r.published || {};
    const meta = el("p", { class: "muted small meta" },
      [r.site_name, r.authors && r.authors.length ? "by " + r.authors.join(", ") : null,
        "published " + dateText(pub.value, pub.precision) + (pub.origin ? " [" + pub.origin + "]" : ""),
        "language " + r.language, "source " + r.source + (r.record ? " (" + r.record + ")" : "")].filter(Boolean).join(" · "),
      r.url ? el("span", null, " · ", el("a", { href: r.url, rel: "noopener noreferrer", text: "original URL" })) : null);
    const parts = [el("h1", { text: r.title || "(untitled)" })];
    if (r.subtitle) parts.push(el("p", { class: "subtitle", text: r.subtitle }));
    parts.push(meta);
    if (r.duplicate_articles && r.duplicate_articles.length) {
      const ul = el("ul");
      for (const d of r.duplicate_articles) ul.appendChild(el("li", null, link(articlePath(d.id), d.title || d.id),
        el("span", { class: "muted small", text: " " + (d.published || "") + (d.canonical ? " · canonical" : "") })));
      parts.push(el("details", null, el("summary", { text: "Duplicates (" + r.duplicate_articles.length + ")" }), ul));
    }
    parts.push(el("p", { class: "legend small", "aria-hidden": "true" },
      el("span", { class: "q-direct", text: "direct quote" }), el("span", { class: "q-partial", text: "partial quote" }),
      el("span", { class: "q-indirect", text: "indirect speech" }), el("span", { class: "spk", text: "speaker" }),
      el("span", { class: "cue", text: "cue" }), el("span", { class: "ent person", text: "entity" }), el("span", { class: "tm", text: "date" }),
      el("span", { class: "muted", text: "Hover or Tab to a highlight for details." })));
    parts.push(annotatedText(r, hl));
    const removed = r.removed || [];
    const ul = el("ul");
    for (const x of removed) ul.appendChild(el("li", null, el("span", { class: "reason", text: x.reason }), trim(x.text, 600)));
    parts.push(el("details", { class: "removed" }, el("summary", { text: "Removed boilerplate (" + removed.length + ")" }),
      removed.length ? ul : el("p", { class: "muted", text: "Nothing was removed." })));
    parts.push(sourceSection(r));
    if (r.quotes && r.quotes.length) {
      const t = el("table", { class: "list" }, el("tr", null, ["Speaker", "Kind", "Cue", "Quote", "Date"].map((h) => el("th", { text: h }))));
      for (const q of r.quotes) {
        const target = q.speaker ? (r.entity_links && r.entity_links[q.speaker]) || q.speaker : null;
        t.appendChild(el("tr", null,
          el("td", null, target ? link(entityPath(target), q.speaker_name || target) : (q.speaker_name || "unattributed")),
          el("td", null, el("span", { class: "q-" + q.kind, text: q.kind })),
          el("td", { text: q.cue_span ? sliceCp(chars, q.cue_span.start, q.cue_span.end) : "" }),
          el("td", null, link(articlePath(r.id, q.start, q.end), trim(sliceCp(chars, q.start, q.end), 220))),
          el("td", { text: q.date || "" })));
      }
      parts.push(el("h2", { text: "Quotes (" + r.quotes.length + ")" }), scroller(t));
    }
    if (r.events && r.events.length) {
      const t = el("table", { class: "list" }, el("tr", null, ["Event", "Status", "Date", "Evidence"].map((h) => el("th", { text: h }))));
      for (const e of r.events) t.appendChild(el("tr", null, el("td", null, el("span", { class: "sw k-" + e.type }), label(e.type) + " (" + e.trigger + ")"),
        el("td", { text: e.status }), el("td", { text: dateText(e.date, e.precision) }),
        el("td", null, link(articlePath(r.id, e.start, e.end), trim(sliceCp(chars, e.start, e.end), 200)))));
      parts.push(el("h2", { text: "Events (" + r.events.length + ")" }), scroller(t));
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

  // ---------- entity ----------
  function quoteBlock(q) {
    return el("li", { class: "quote " + q.kind },
      el("div", { class: "qdate", text: q.date || q.published || "undated" }),
      el("blockquote", { text: (q.kind === "indirect" ? "" : "“") + q.text + (q.kind === "indirect" ? "" : "”") }),
      el("div", { class: "muted small" },
        q.kind + (q.cue ? " · cue “" + q.cue + "”" : "") + " · ",
        link(articlePath(q.article, q.start, q.end), q.article_title || q.article),
        q.duplicate_of ? el("span", { text: " (duplicate copy)" }) : null));
  }

  async function entityPage(id) {
    loading("Entity");
    let e;
    try { e = await api("/api/entities/" + enc(id)); } catch (err) { setPage("Entity", errorBox(err)); return; }
    const parts = [el("h1", { text: e.name }), el("p", { class: "muted", text: e.type + " · " + e.articles + " articles · " + e.mentions + " mentions" })];
    parts.push(el("h2", { text: "Also named" }), e.aliases && e.aliases.length
      ? el("p", null, e.aliases.map((a) => el("span", { class: "chip", text: a })))
      : el("p", { class: "muted", text: "No other names." }));
    parts.push(el("h2", { text: "Roles over time" }));
    if (e.roles && e.roles.length) {
      const roles = e.roles.slice().sort((a, b) => String(a.first_seen || "").localeCompare(String(b.first_seen || "")));
      const ol = el("ol", { class: "roles" });
      for (const r of roles) ol.appendChild(el("li", null, el("span", { class: "when", text: (r.first_seen || "?") + " – " + (r.last_seen || "?") }), " ", el("b", { text: r.title })));
      parts.push(ol);
    } else parts.push(el("p", { class: "muted", text: "No roles recorded." }));
    // the API sorts by date with undated statements first; show them last
    const dated = e.quotes.filter((q) => q.date || q.published), undated = e.quotes.filter((q) => !(q.date || q.published));
    parts.push(el("h2", { text: "Statements in date order (" + e.quotes.length + ")" }));
    parts.push(e.quotes.length ? el("ol", { class: "quotes" }, dated.concat(undated).map(quoteBlock)) : el("p", { class: "muted", text: "No attributed statements." }));
    if (e.article_list && e.article_list.length) {
      const ul = el("ul");
      for (const a of e.article_list) ul.appendChild(el("li", null, link(articlePath(a.id), a.title || a.id), el("span", { class: "muted small", text: " " + (a.published || "") })));
      parts.push(el("h2", { text: "Articles (" + e.article_list.length + ")" }), ul);
    }
    parts.push(el("p", null, link(searchUrl({ entity: e.id }), "Search articles mentioning " + e.name + " →")));
    setPage(e.name, parts);
  }

  // ---------- timeline (storyline and /timeline pages) ----------
  const DAY = 86400000;
  const utc = (y, m, d) => Date.UTC(y, m, d);
  const SEASONS = { SP: [2, 5], SU: [5, 8], FA: [8, 11], AU: [8, 11], WI: [11, 14] };
  // TIMEX3 value -> [start, end) in ms, or null when it names no period.
  function period(v) {
    let m;
    if (!v) return null;
    if ((m = v.match(/^(\d{4})-(\d{2})-(\d{2})/))) { const s = utc(+m[1], +m[2] - 1, +m[3]); return [s, s + DAY]; }
    if ((m = v.match(/^(\d{4})-W(\d{2})/))) {
      const jan4 = utc(+m[1], 0, 4), dow = (new Date(jan4).getUTCDay() + 6) % 7;
      const s = jan4 - dow * DAY + (+m[2] - 1) * 7 * DAY;
      return [s, s + 7 * DAY];
    }
    if ((m = v.match(/^(\d{4})-(\d{2})$/))) return [utc(+m[1], +m[2] - 1, 1), utc(+m[1], +m[2], 1)];
    if ((m = v.match(/^(\d{4})-(SP|SU|FA|AU|WI)$/))) { const [a, b] = SEASONS[m[2]]; return [utc(+m[1], a, 1), utc(+m[1], b, 1)]; }
    if ((m = v.match(/^(\d{4})-Q([1-4])$/))) return [utc(+m[1], (m[2] - 1) * 3, 1), utc(+m[1], m[2] * 3, 1)];
    if ((m = v.match(/^(\d{4})-H([12])$/))) return [utc(+m[1], (m[2] - 1) * 6, 1), utc(+m[1], m[2] * 6, 1)];
    if ((m = v.match(/^(\d{4})$/))) return [utc(+m[1], 0, 1), utc(+m[1] + 1, 0, 1)];
    if ((m = v.match(/^(\d{3})X?$/))) return [utc(+m[1] * 10, 0, 1), utc(+m[1] * 10 + 10, 0, 1)];
    if ((m = v.match(/^(\d{2})(XX)?$/))) return [utc(+m[1] * 100, 0, 1), utc(+m[1] * 100 + 100, 0, 1)];
    return null;
  }
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  // Zoom window: "" (all), "YYYY" or "YYYY-MM".
  function zoomWindow(zoom, entries) {
    let m;
    if ((m = zoom.match(/^(\d{4})-(\d{2})$/))) return { level: "month", y: +m[1], mo: +m[2] - 1, range: [utc(+m[1], +m[2] - 1, 1), utc(+m[1], +m[2], 1)] };
    if ((m = zoom.match(/^(\d{4})$/))) return { level: "year", y: +m[1], range: [utc(+m[1], 0, 1), utc(+m[1] + 1, 0, 1)] };
    let lo = Infinity, hi = -Infinity;
    for (const e of entries) if (e.p) { lo = Math.min(lo, e.p[0]); hi = Math.max(hi, e.p[1]); }
    if (lo === Infinity) { const y = new Date().getUTCFullYear(); lo = utc(y, 0, 1); hi = utc(y + 1, 0, 1); }
    const y0 = new Date(lo).getUTCFullYear(), y1 = new Date(hi - 1).getUTCFullYear() + 1;
    return { level: "all", range: [utc(y0, 0, 1), utc(y1, 0, 1)], years: [y0, y1] };
  }
  const entryType = (e) => (e.kind === "event" ? e.event_type || "event" : "quote");
  const sourceKey = (s) => s.article + ":" + s.start + ":" + s.end;

  // Renders the whole timeline view. `t` is the /api/timeline answer,
  // `statusOf` maps evidence spans to event status, `base` is the page path
  // and `qs` carries zoom and filters (shareable in the URL).
  function timelineView(t, statusOf, base, qs) {
    const f = { zoom: qs.get("zoom") || "", who: qs.get("who") || "", status: qs.get("status") || "", type: qs.get("type") || "" };
    const all = t.dated.map((e, i) => Object.assign({}, e, { i, p: period(e.date), status: e.kind === "event" ? statusOf(e) : "" }));
    const undated = t.undated.map((e, i) => Object.assign({}, e, { i: "u" + i, status: e.kind === "event" ? statusOf(e) : "" }));
    const pass = (e) => (!f.who || (e.who || []).includes(f.who)) && (!f.status || e.status === f.status) && (!f.type || entryType(e) === f.type);
    const z = zoomWindow(f.zoom, all);
    const inView = (e) => e.p && e.p[0] >= z.range[0] && e.p[1] <= z.range[1];
    const filtered = all.filter(pass);
    const shown = filtered.filter(inView);
    const coarse = filtered.filter((e) => !inView(e) && e.p && e.p[0] < z.range[1] && e.p[1] > z.range[0]).length;
    const unplaced = filtered.filter((e) => !e.p);
    const url = (ch) => withParams(base, Object.assign({}, Object.fromEntries(qs), f, ch));

    // filters
    const counts = (key) => { const m = new Map(); for (const e of all.concat(undated)) for (const v of key(e)) m.set(v, (m.get(v) || 0) + 1); return m; };
    const select = (name, lab, options, value) => el("label", null, lab + " ", el("select", { name, onchange: (ev) => go(url({ [name]: ev.target.value })) },
      el("option", { value: "", text: "any" }), options.map(([v, n]) => el("option", { value: v, selected: v === value, text: label(v) + " (" + n + ")" }))));
    const byCount = (m) => Array.from(m).sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
    const statuses = counts((e) => (e.status ? [e.status] : []));
    const controls = el("div", { class: "filters tl-filters" },
      select("who", "Participant", byCount(counts((e) => e.who || [])), f.who),
      statuses.size ? select("status", "Event status", byCount(statuses), f.status) : null,
      select("type", "Type", byCount(counts((e) => [entryType(e)])), f.type),
      f.who || f.status || f.type ? link(url({ who: "", status: "", type: "" }), "clear filters") : null);

    // zoom breadcrumb and children
    const crumbs = [link(url({ zoom: "" }), "All years")];
    if (z.level !== "all") crumbs.push(" › ", link(url({ zoom: String(z.y) }), String(z.y)));
    if (z.level === "month") crumbs.push(" › ", el("span", { text: MONTHS[z.mo] }));
    const kids = [];
    const countIn = (r) => filtered.filter((e) => e.p && e.p[0] >= r[0] && e.p[1] <= r[1]).length;
    if (z.level === "all") for (let y = z.years[0]; y < z.years[1]; y++) {
      const n = countIn([utc(y, 0, 1), utc(y + 1, 0, 1)]);
      if (n) kids.push(link(url({ zoom: String(y) }), y + " (" + n + ")", "zoomto"));
    }
    if (z.level === "year") for (let mo = 0; mo < 12; mo++) {
      const n = countIn([utc(z.y, mo, 1), utc(z.y, mo + 1, 1)]);
      const zz = z.y + "-" + String(mo + 1).padStart(2, "0");
      kids.push(n ? link(url({ zoom: zz }), MONTHS[mo] + " (" + n + ")", "zoomto") : el("span", { class: "zoomto off", text: MONTHS[mo] }));
    }
    const zoomBar = el("nav", { class: "zoom", "aria-label": "Zoom" }, el("span", { class: "crumbs" }, "Zoom: ", crumbs), el("span", { class: "kids" }, kids));

    const list = entryList(shown, t);
    const chart = timelineSvg(shown, z, url, list);
    const types = byCount(counts((e) => (e.p ? [entryType(e)] : [])));
    const legend = el("p", { class: "legend tl-legend small" }, types.map(([k, n]) =>
      link(url({ type: f.type === k ? "" : k }), [el("span", { class: "sw k-" + k }), label(k) + " " + n], f.type === k ? "sel" : null)));
    const note = el("p", { class: "muted small", id: "tl-count", "data-shown": shown.length },
      "Showing " + shown.length + " of " + all.length + " dated entries" +
      (coarse ? " · " + coarse + " with coarser dates are in the enclosing zoom level" : "") +
      (unplaced.length ? " · " + unplaced.length + " with dates that cannot be drawn" : "") + ".");
    const und = undated.filter(pass);
    return el("div", { class: "timeline" }, controls, zoomBar, chart, legend, note,
      groupByDate(list), unplaced.length ? el("details", null, el("summary", { text: "Dates that cannot be drawn (" + unplaced.length + ")" }), entryList(unplaced, t)) : null,
      und.length ? el("details", { class: "undated" }, el("summary", { text: "Undated entries (" + und.length + ")" }), groupByDate(entryList(und, t))) : null);
  }

  // "Who: summary", without repeating a speaker the summary already names.
  function whoAndSummary(e) {
    const who = (e.who || []).join(", ");
    if (!who) return e.summary;
    const rest = e.summary.startsWith(who + ": ") ? e.summary.slice(who.length + 2) : e.summary;
    return [el("b", { text: who + ": " }), rest];
  }

  // One <details> per entry; opening it loads and shows its evidence.
  function entryList(entries, t) {
    return entries.map((e) => {
      const type = entryType(e);
      const ev = el("div", { class: "evidence" });
      const d = el("details", { class: "tl-entry", id: "e-" + e.i, "data-date": e.date || "" },
        el("summary", null, el("span", { class: "badge" }, el("span", { class: "sw k-" + type }), e.kind === "event" ? label(type) : (e.quote_kind || "") + " quote"),
          e.status && e.status !== "happened" ? el("span", { class: "status", text: e.status }) : null,
          whoAndSummary(e)), ev);
      let loaded = false;
      d.addEventListener("toggle", () => { if (d.open && !loaded) { loaded = true; loadEvidence(e, t, ev); } });
      return d;
    });
  }

  async function loadEvidence(e, t, box) {
    box.replaceChildren(el("p", { class: "muted small", text: "Loading evidence…" }));
    const items = [];
    for (const s of e.sources || []) {
      const a = (t.articles && t.articles[s.article]) || {};
      let text = "";
      try { text = sliceCp(cp((await api("/api/articles/" + enc(s.article))).text), s.start, s.end); } catch (err) { text = "(" + err.message + ")"; }
      items.push(el("li", null, el("blockquote", { text }),
        el("div", { class: "muted small" }, [a.site_name, a.published, ""].filter((x) => x !== null && x !== undefined).join(" · "),
          link(articlePath(s.article, s.start, s.end), "open in “" + (a.title || s.article) + "”"))));
    }
    box.replaceChildren(el("p", { class: "small muted", text: "Evidence (" + items.length + " source" + (items.length === 1 ? "" : "s") + ")" + (e.date ? " · date " + dateText(e.date, e.precision) : "") }), el("ul", null, items));
  }

  function groupByDate(nodes) {
    const out = el("div", { class: "tl-list" });
    let cur = null, key = null;
    for (const n of nodes) {
      const d = n.getAttribute("data-date");
      if (!cur || d !== key) {
        key = d;
        cur = el("section", { class: "tl-day" }, el("h3", { class: "date", text: d || "undated" }));
        out.appendChild(cur);
      }
      cur.appendChild(n);
    }
    return out;
  }

  function openEntry(i) {
    const d = document.getElementById("e-" + i);
    if (!d) return;
    d.open = true;
    d.scrollIntoView({ block: "center" });
    d.querySelector("summary").focus({ preventScroll: true });
  }

  // The SVG chart: one dot per entry, stacked in columns by date, coloured
  // by type; coarse dates draw their period as a bar. Columns are focusable
  // (Tab, then ←/→ between columns, Enter opens the first entry).
  function timelineSvg(entries, z, url, list) {
    const W = Math.max(300, Math.min(1400, (main().clientWidth || 800) - 4));
    const padL = 12, padR = 12, axisH = 34, maxH = 220;
    const span = z.range[1] - z.range[0];
    const x = (ms) => padL + ((ms - z.range[0]) / span) * (W - padL - padR);
    const colW = 12;
    const cols = new Map();
    for (const e of entries) {
      const mid = (e.p[0] + e.p[1]) / 2;
      const c = Math.round((x(mid) - padL) / colW);
      if (!cols.has(c)) cols.set(c, []);
      cols.get(c).push(e);
    }
    const tallest = Math.max(1, ...Array.from(cols.values(), (v) => v.length));
    const step = Math.max(2.5, Math.min(11, (maxH - 16) / tallest));
    const H = Math.round(Math.max(90, 16 + tallest * step) + axisH);
    const base = H - axisH;
    const g = sv("g", { class: "cols" });
    const ids = Array.from(cols.keys()).sort((a, b) => a - b);
    ids.forEach((c, ci) => {
      const es = cols.get(c);
      const cx = Math.min(W - padR, padL + c * colW);
      const dates = Array.from(new Set(es.map((e) => e.date)));
      const col = sv("g", { class: "col", tabindex: "0", role: "button", "data-col": ci,
        "aria-label": dates.join(", ") + ": " + es.length + " entr" + (es.length === 1 ? "y" : "ies") + ". Enter opens the first." });
      es.forEach((e, k) => {
        const cy = base - 8 - k * step;
        if (e.precision !== "day" && e.precision !== "time") {
          col.appendChild(sv("line", { class: "period k-" + entryType(e), x1: Math.max(padL, x(e.p[0])), x2: Math.min(W - padR, x(e.p[1])), y1: cy, y2: cy }));
        }
        col.appendChild(sv("circle", { class: "mark k-" + entryType(e), cx, cy, r: Math.min(5, Math.max(2.5, step / 2 + 0.5)), "data-i": e.i,
          onclick: () => openEntry(e.i) }, sv("title", { text: dateText(e.date, e.precision) + " · " + label(entryType(e)) + " · " + trim(e.summary, 140) })));
      });
      col.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); openEntry(es[0].i); }
        const to = ev.key === "ArrowRight" ? ci + 1 : ev.key === "ArrowLeft" ? ci - 1 : null;
        if (to !== null) { ev.preventDefault(); const n = g.querySelector('[data-col="' + to + '"]'); if (n) n.focus(); }
      });
      g.appendChild(col);
    });
    const axis = sv("g", { class: "axis" }, sv("line", { x1: padL, x2: W - padR, y1: base, y2: base }));
    const tick = (ms, text, href, major) => {
      const tx = x(ms);
      axis.appendChild(sv("line", { x1: tx, x2: tx, y1: base, y2: base + (major ? 8 : 4) }));
      if (text) {
        const t = sv("text", { x: tx + 3, y: base + 22, text });
        axis.appendChild(href ? sv("a", { href, "data-internal": "1", tabindex: "-1" }, t) : t);
      }
    };
    if (z.level === "all") {
      const n = z.years[1] - z.years[0];
      const every = Math.max(1, Math.ceil((n * 44) / W));
      for (let y = z.years[0]; y < z.years[1]; y++) tick(utc(y, 0, 1), (y - z.years[0]) % every ? "" : String(y), url({ zoom: String(y) }), true);
    } else if (z.level === "year") {
      const every = W < 500 ? 2 : 1;
      for (let mo = 0; mo < 12; mo++) tick(utc(z.y, mo, 1), mo % every ? "" : MONTHS[mo], url({ zoom: z.y + "-" + String(mo + 1).padStart(2, "0") }), true);
    } else {
      const days = Math.round((z.range[1] - z.range[0]) / DAY);
      const every = W < 500 ? 7 : W < 900 ? 3 : 1;
      for (let d = 1; d <= days; d++) tick(utc(z.y, z.mo, d), (d - 1) % every ? "" : String(d), null, (d - 1) % every === 0);
    }
    return el("div", { class: "chart" }, sv("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img",
      "aria-label": "Timeline: " + entries.length + " dated entries" }, sv("title", { text: "Timeline of " + entries.length + " entries" }), axis, g));
  }

  async function storylinePage(id, qs) {
    loading("Storyline");
    let s, t;
    try {
      [s, t] = await Promise.all([api("/api/storylines/" + enc(id)), api("/api/timeline?storyline=" + enc(id))]);
    } catch (e) { setPage("Storyline", errorBox(e)); return; }
    const status = new Map();
    for (const ev of s.event_details || []) for (const src of ev.sources || []) status.set(sourceKey(src), src.status || ev.status);
    const statusOf = (e) => { for (const src of e.sources || []) { const v = status.get(sourceKey(src)); if (v) return v; } return "unknown"; };
    const ents = el("p");
    for (const eid of s.entities || []) ents.appendChild(el("span", { class: "chip" }, link(entityPath(eid), (s.entity_names && s.entity_names[eid]) || eid)));
    const arts = el("ul");
    for (const a of s.members || []) arts.appendChild(el("li", null, link(articlePath(a.id), a.title || a.id), el("span", { class: "muted small", text: " " + (a.published || "") + (a.site_name ? " · " + a.site_name : "") })));
    setPage(s.label || "Storyline",
      el("h1", { text: s.label || s.id }),
      el("p", { class: "muted", text: (s.start || "?") + " – " + (s.end || "?") + " · " + s.articles.length + " articles · " + s.events.length + " events" }),
      ents, el("h2", { text: "Timeline" }), timelineView(t, statusOf, storylinePath(id), qs),
      el("h2", { text: "Articles (" + (s.members || []).length + ")" }), arts);
  }

  async function timelinePage(qs) {
    const p = { q: qs.get("q") || "", since: qs.get("since") || "", until: qs.get("until") || "", max_dates: qs.get("max_dates") || "" };
    const q = el("input", { type: "search", value: p.q, placeholder: "search words (empty: everything)", "aria-label": "Search words" });
    const since = el("input", { type: "text", value: p.since, placeholder: "since", size: 12, "aria-label": "since" });
    const until = el("input", { type: "text", value: p.until, placeholder: "until", size: 12, "aria-label": "until" });
    const form = el("form", { class: "filters", onsubmit: (ev) => {
      ev.preventDefault();
      go(withParams("/timeline", { q: q.value, since: since.value, until: until.value }));
    } }, q, since, until, el("button", { type: "submit", text: "Show" }));
    const h1 = el("h1", { text: p.q ? "Timeline: " + p.q : "Timeline" });
    setPage("Timeline", h1, form, el("p", { class: "muted", text: "Loading…" }));
    try {
      const t = await api(withParams("/api/timeline", p));
      setPage("Timeline", h1, form, timelineView(t, () => "", "/timeline", qs));
    } catch (e) { setPage("Timeline", h1, form, errorBox(e)); }
  }

  window.addEventListener("DOMContentLoaded", () => {
    const f = document.getElementById("topsearch");
    if (f) f.addEventListener("submit", (ev) => {
      ev.preventDefault();
      go(searchUrl({ q: f.querySelector("input").value }));
    });
    route();
  });
})();
