/* unkg graph page. All data comes from the JSON blob #unkg-data; every string from a document is
   put into the page with textContent or Text nodes, never as markup. */
(function () {
  "use strict";

  const DATA = JSON.parse(document.getElementById("unkg-data").textContent);
  const $ = (id) => document.getElementById(id);
  const REL = "__relations__";
  const nodeById = new Map(DATA.nodes.map((n) => [n.id, n]));
  const edgeById = new Map(DATA.edges.map((e) => [e.id, e]));
  const reportBySlug = new Map(DATA.reports.map((r) => [r.slug, r]));
  const details = DATA.details || {};
  const samples = DATA.samples || {};
  const adjacency = new Map();
  for (const e of DATA.edges) {
    for (const n of [e.from, e.to]) {
      if (!adjacency.has(n)) adjacency.set(n, []);
      adjacency.get(n).push(e.id);
    }
  }

  const state = {
    lang: DATA.lang === "en" ? "en" : "zh",
    on: new Set([...DATA.types, ...DATA.layers]),
    report: "",
    minEvidence: 1,
    unlinked: false,
    selected: null,
    year: null,  // null: all years (the reports' graph); a number: the map of that year
  };
  const YEARS = DATA.years;  // [first, last] or null when no mission is dated
  if (DATA.layers.length) state.on.add(REL);
  let visibleNodes = new Set();
  let visibleEdges = new Set();
  let hiddenUnlinked = 0;
  let hiddenUndated = 0;

  // -- small DOM helpers (text only) --------------------------------------------------------
  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === undefined || v === null) continue;
        if (k === "text") e.textContent = v;
        else if (k === "class") e.className = v;
        else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, v);
      }
    }
    for (const c of children) if (c !== undefined && c !== null && c !== "") e.append(c);
    return e;
  }
  const t = (zh, en) => (state.lang === "zh" ? zh : en);
  const typeName = (type) => {
    const s = DATA.typeStyle[type] || DATA.typeStyle.Entity;
    return t(s.zh, s.en);
  };
  const predName = (p) => {
    const s = DATA.predicates[p];
    return s ? t(s.zh, s.en) : p;
  };
  const reportName = (slug) => (reportBySlug.get(slug) || {}).id || slug;
  const nodeLabel = (n) => (state.lang === "zh" ? n.zh : n.en);
  const fullName = (n) => (state.lang === "zh" ? n.fullZh || n.zh : n.fullEn || n.en) || n.id;
  const otherName = (n) => (state.lang === "zh" ? n.fullEn || n.en : n.fullZh || n.zh);

  // text parts [plain, marked, plain, …] → a fragment with <mark> around the odd parts
  function marked(parts) {
    const frag = document.createDocumentFragment();
    (parts || []).forEach((p, i) => {
      if (!p) return;
      frag.append(i % 2 ? el("mark", { text: p }) : document.createTextNode(p));
    });
    return frag;
  }

  // -- weights under the current report filter ----------------------------------------------
  const mentionsOf = (n) => (state.report ? (n.reports || {})[state.report] || 0 : n.mentions || 0);
  const weightOf = (e) => (state.report ? (e.reports || {})[state.report] || 0 : e.weight || 0);

  function tooltip(n) {
    const box = el("div");
    box.append(el("div", { class: "tt-main", text: n.fullZh || n.zh }));
    if (n.fullEn && n.fullEn !== n.fullZh) box.append(el("div", { class: "tt-sub", text: n.fullEn }));
    if (n.acr) box.append(el("div", { class: "tt-sub", text: n.acr }));
    box.append(el("div", { class: "tt-sub", text: `${typeName(n.t)} · ${t("提及", "mentions")} ${mentionsOf(n)}` }));
    return box;
  }
  function edgeTooltip(e) {
    const a = nodeById.get(e.from), b = nodeById.get(e.to);
    return el("div", {
      text: `${nodeLabel(a)} — ${nodeLabel(b)} · ${predName(e.pred)} · ${t("证据段落", "evidence paragraphs")} ${weightOf(e)}`,
    });
  }

  const nodes = new vis.DataSet(DATA.nodes.map((n) => ({
    id: n.id, label: nodeLabel(n), shape: n.shape, color: n.color, value: Math.max(1, n.mentions || 1),
    title: tooltip(n),
  })));
  const edges = new vis.DataSet(DATA.edges.map((e) => ({
    id: e.id, from: e.from, to: e.to, value: e.weight, arrows: e.arrows, dashes: e.dashes, title: edgeTooltip(e),
  })));
  const nodeView = new vis.DataView(nodes, { filter: (n) => visibleNodes.has(n.id) });
  const edgeView = new vis.DataView(edges, { filter: (e) => visibleEdges.has(e.id) });

  // -- visibility ---------------------------------------------------------------------------
  // a mission is on the map of a year from its first to its last year (a null end: running)
  const activeIn = (n, year) => !!n.period && n.period[0] <= year && (n.period[1] === null || year <= n.period[1]);

  function computeVisible() {
    const candidates = new Set();
    const byYear = state.year !== null;
    hiddenUndated = 0;
    for (const n of DATA.nodes) {
      if (!state.on.has(n.t)) continue;
      if (n.time && !byYear) continue;  // only the map of a year shows it
      if (state.report && !mentionsOf(n)) continue;
      if (byYear && n.t === "Mission" && !activeIn(n, state.year)) {
        if (!n.period) hiddenUndated += 1;
        continue;
      }
      candidates.add(n.id);
    }
    const ve = new Set();
    const linked = new Set();
    for (const e of DATA.edges) {
      if (!candidates.has(e.from) || !candidates.has(e.to)) continue;
      if (e.time) {  // a reference host of the year's map: no evidence weight
        if (!byYear) continue;
        ve.add(e.id);
        linked.add(e.from);
        linked.add(e.to);
        continue;
      }
      if (e.pred !== "operatesIn" && !state.on.has(REL)) continue;
      const w = weightOf(e);
      if (w < 1 || w < state.minEvidence) continue;
      ve.add(e.id);
      linked.add(e.from);
      linked.add(e.to);
    }
    // a node without an edge in the current filter says nothing about missions and countries:
    // hidden unless asked for (the stats line counts them)
    visibleNodes = state.unlinked ? candidates : new Set([...candidates].filter((id) => linked.has(id)));
    hiddenUnlinked = candidates.size - visibleNodes.size;
    visibleEdges = ve;
  }

  function applyFilters() {
    computeVisible();
    nodeView.refresh();
    edgeView.refresh();
    updateStats();
  }

  function updateWeights() {
    nodes.update(DATA.nodes.map((n) => ({ id: n.id, value: Math.max(1, mentionsOf(n)), title: tooltip(n) })));
    edges.update(DATA.edges.map((e) => ({ id: e.id, value: Math.max(1, weightOf(e)), title: edgeTooltip(e) })));
  }

  function updateStats() {
    const off = DATA.nodes.length - nodeView.length - hiddenUnlinked;
    $("stats").textContent = t(
      `显示 ${nodeView.length} 个节点、${edgeView.length} 条边（共 ${DATA.nodes.length} / ${DATA.edges.length}）。` +
        `隐藏：${hiddenUnlinked} 个在当前筛选下没有边的节点，${off} 个未选类型、报告或证据不足的节点。`,
      `${nodeView.length} nodes and ${edgeView.length} edges shown (of ${DATA.nodes.length} / ${DATA.edges.length}). ` +
        `Hidden: ${hiddenUnlinked} nodes without an edge in this filter, ${off} nodes of types, reports or evidence filtered out.`,
    );
    if (state.year !== null) {
      const missions = nodeView.get().filter((n) => nodeById.get(n.id).t === "Mission").length;
      $("stats").prepend(t(
        `${state.year} 年：报告提及的特派团中 ${missions} 个在任（参考日期与任务行为）${hiddenUndated ? `，${hiddenUndated} 个无日期的特派团未显示` : ""}。`,
        `${state.year}: ${missions} of the missions the reports mention were active (reference dates and mandate acts)${hiddenUndated ? `; ${hiddenUndated} missions without dates not shown` : ""}. `,
      ));
    }
    $("stats").setAttribute("data-shown", `${nodeView.length} ${edgeView.length}`);
    $("stats").setAttribute("data-unlinked", String(hiddenUnlinked));
  }

  // -- controls -----------------------------------------------------------------------------
  const typeCounts = {};
  for (const n of DATA.nodes) typeCounts[n.t] = (typeCounts[n.t] || 0) + 1;

  function typeRow(type, container) {
    const s = DATA.typeStyle[type] || DATA.typeStyle.Entity;
    const box = el("input", { type: "checkbox", id: `type-${type}`, "data-type": type });
    box.disabled = !typeCounts[type];
    box.checked = state.on.has(type) && !box.disabled;
    box.addEventListener("change", () => {
      if (box.checked) state.on.add(type); else state.on.delete(type);
      if (box.checked && DATA.layerTypes.includes(type)) {  // a layer is its relations
        state.on.add(REL);
        const rel = $("type-relations");
        if (rel) rel.checked = true;
      }
      applyFilters();
    });
    const swatch = el("span", { class: `swatch ${s.shape}` });
    swatch.style.background = s.color;
    const name = el("span", { class: "type-name", "data-type-name": type });
    container.append(el("label", { class: "type" }, box, swatch, name, el("span", { class: "count", text: String(typeCounts[type] || 0) })));
  }
  const extraTypes = Object.keys(typeCounts).filter((x) => !DATA.baseTypes.includes(x) && !DATA.layerTypes.includes(x));
  for (const type of extraTypes) state.on.add(type);  // untyped nodes of the base graph
  for (const type of [...DATA.baseTypes, ...extraTypes]) typeRow(type, $("types"));
  for (const type of DATA.layerTypes) typeRow(type, $("layers"));
  {
    const box = el("input", { type: "checkbox", id: "type-relations" });
    box.checked = state.on.has(REL);
    box.addEventListener("change", () => {
      if (box.checked) state.on.add(REL); else state.on.delete(REL);
      applyFilters();
    });
    const swatch = el("span", { class: "swatch" });
    swatch.style.borderTop = "2px dashed #9e9e9e";
    swatch.style.height = "0";
    $("layers").append(el("label", { class: "type" }, box, swatch, el("span", { class: "type-name", "data-type-name": REL })));
  }

  const unlinkedBox = $("unlinked");
  unlinkedBox.checked = state.unlinked;
  unlinkedBox.addEventListener("change", () => {
    state.unlinked = unlinkedBox.checked;
    applyFilters();
  });

  const reportSelect = $("report");
  reportSelect.append(el("option", { value: "", "data-all": "1" }));
  for (const r of DATA.reports) {
    const title = r.title.length > 40 ? `${r.title.slice(0, 40)}…` : r.title;
    reportSelect.append(el("option", { value: r.slug, title: r.title, text: title ? `${r.id} · ${title}` : r.id }));
  }
  reportSelect.addEventListener("change", () => {
    state.report = reportSelect.value;
    updateWeights();
    applyFilters();
  });

  const slider = $("min-evidence");
  const maxWeight = Math.max(1, ...DATA.edges.map((e) => e.weight || 1));
  slider.max = String(maxWeight);
  slider.addEventListener("input", () => {
    state.minEvidence = Number(slider.value);
    $("min-evidence-value").textContent = slider.value;
    applyFilters();
  });

  // -- the year slider: positions first…last year, and one more for all years -------------------
  const yearSlider = $("year");
  const playButton = $("play");
  let playing = null;
  function yearLabel() {
    $("year-value").textContent = state.year === null ? t("全部年份", "All years") : String(state.year);
    playButton.textContent = playing ? t("❚❚ 暂停", "❚❚ Pause") : t("▶ 播放", "▶ Play");
    const chart = $("chart-link");
    if (chart) chart.setAttribute("href", `${chart.getAttribute("data-href")}?lang=${state.lang}${state.year === null ? "" : `#year=${state.year}`}`);
  }
  function setYear(year, fromUrl) {
    if (!YEARS) return;
    state.year = year === null || year > YEARS[1] || year < YEARS[0] ? null : year;
    yearSlider.value = String(state.year === null ? YEARS[1] + 1 : state.year);
    yearLabel();
    if (!fromUrl) {  // the URL keeps the year, so the view can be shared
      const url = new URL(window.location.href);
      url.hash = state.year === null ? "" : `year=${state.year}`;
      history.replaceState(null, "", url.href);
    }
    applyFilters();
  }
  function yearFromUrl() {
    const m = /(?:^#|&)year=(\d{4})\b/.exec(window.location.hash);
    return m ? Number(m[1]) : null;
  }
  function stop() {
    if (playing) clearInterval(playing);
    playing = null;
    yearLabel();
  }
  function play() {
    if (playing) { stop(); return; }
    if (state.year === null || state.year >= YEARS[1]) setYear(YEARS[0]);
    playing = setInterval(() => {
      if (state.year >= YEARS[1]) { stop(); return; }
      setYear(state.year + 1);
    }, 900);
    yearLabel();
  }
  if (YEARS) {
    $("timebar").hidden = false;
    yearSlider.min = String(YEARS[0]);
    yearSlider.max = String(YEARS[1] + 1);
    yearSlider.addEventListener("input", () => {
      stop();
      const v = Number(yearSlider.value);
      setYear(v > YEARS[1] ? null : v);
    });
    playButton.addEventListener("click", play);
    window.addEventListener("hashchange", () => setYear(yearFromUrl(), true));
    state.year = yearFromUrl();
    if (state.year !== null && (state.year < YEARS[0] || state.year > YEARS[1])) state.year = null;
    yearSlider.value = String(state.year === null ? YEARS[1] + 1 : state.year);
  }

  function setLang(lang) {
    state.lang = lang;
    document.documentElement.lang = lang;
    for (const r of document.querySelectorAll("input[name=lang]")) r.checked = r.value === lang;
    for (const x of document.querySelectorAll("[data-zh]")) x.textContent = x.getAttribute(`data-${lang}`);
    document.title = $("title").textContent;
    for (const x of document.querySelectorAll("[data-type-name]")) {
      const type = x.getAttribute("data-type-name");
      x.textContent = type === REL ? t("其他关系", "Other relations") : typeName(type);
    }
    reportSelect.querySelector("[data-all]").textContent = t("全部报告", "All reports");
    yearLabel();
    nodes.update(DATA.nodes.map((n) => ({ id: n.id, label: nodeLabel(n), title: tooltip(n) })));
    edges.update(DATA.edges.map((e) => ({ id: e.id, title: edgeTooltip(e) })));
    updateStats();
    if (state.selected) showSelection(state.selected);
  }
  for (const r of document.querySelectorAll("input[name=lang]")) r.addEventListener("change", () => setLang(r.value));

  // -- the network --------------------------------------------------------------------------
  computeVisible();
  const network = new vis.Network($("network"), { nodes: nodeView, edges: edgeView }, DATA.options);
  let ready = false;
  const physicsBox = $("physics");
  physicsBox.checked = !!(DATA.options.physics && DATA.options.physics.enabled !== false);
  physicsBox.addEventListener("change", () => network.setOptions({ physics: { enabled: physicsBox.checked } }));
  network.on("stabilizationProgress", (p) => {
    $("loading").hidden = false;
    $("loading-text").textContent = `${t("布局中", "Laying out")} ${Math.round((100 * p.iterations) / p.total)}%`;
  });
  network.once("stabilizationIterationsDone", () => {
    $("loading").hidden = true;
    if (DATA.large) {
      network.setOptions({ physics: false });
      physicsBox.checked = false;
    }
    ready = true;
  });
  network.once("afterDrawing", () => {
    if (!DATA.options.physics || !DATA.options.physics.stabilization) ready = true;
  });
  $("loading").hidden = true;
  if (!DATA.nodes.length) {  // vis-network does not stabilize an empty graph
    $("loading").hidden = false;
    $("loading-text").textContent = t(
      "没有可显示的特派团与国家关系：请先用 unkg build 导入报告",
      "No mission–country links to show: build the store first (unkg build)",
    );
    ready = true;
  }

  // -- side panel ---------------------------------------------------------------------------
  const panel = $("panel");
  const body = $("panel-body");
  $("panel-close").addEventListener("click", () => {
    panel.hidden = true;
    state.selected = null;
    network.unselectAll();
  });

  function row(dl, key, value) {
    if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return;
    dl.append(el("dt", { text: key }), el("dd", null, value));
  }
  function snippetItems(ol, items) {
    for (const it of items) {
      const where = `${reportName(it.r)}${it.p ? ` ¶${it.p}` : ""}`;
      const report = reportBySlug.get(it.r);
      ol.append(el("li", null, el("span", { class: "where", text: where, title: report ? report.title : null }), marked(it.t)));
    }
  }

  // The sentences behind a node or an edge: fetched a page at a time from the server
  // (DATA.evidenceUrl), or, in a written page, the samples it carries.
  const PAGE = 10;
  function sentences(kind, id, heading) {
    const box = el("div", { class: "sentences", "data-kind": kind });
    const title = el("h4", { text: heading });
    const ol = el("ol");
    const status = el("p", { class: "more" });
    box.append(title, ol, status);
    const show = (page) => {
      snippetItems(ol, page.items);
      const shown = page.offset + PAGE;
      title.textContent = t(`${heading}（${page.total}）`, `${heading} (${page.total})`);
      status.replaceChildren();
      if (!DATA.evidenceUrl) {
        const more = page.total - page.items.length;
        if (more > 0) status.textContent = t(`另有 ${more} 段未列出（unkg serve 的图页可逐页查看）`, `${more} more paragraphs not listed (the page served by unkg serve lists them all)`);
      } else if (shown < page.total) {
        status.append(el("button", { type: "button", class: "load-more", text: t(`更多（还有 ${page.total - shown} 段）`, `More (${page.total - shown} paragraphs left)`), onclick: () => load(shown) }));
      }
    };
    const load = (offset) => {
      if (!DATA.evidenceUrl) {
        const page = (samples[kind === "node" ? "mentions" : "evidence"] || {})[id] || { items: [], total: 0, offset: 0 };
        const items = state.report ? page.items.filter((it) => it.r === state.report) : page.items;
        show(state.report ? { items, total: items.length, offset: 0 } : page);
        return;
      }
      status.textContent = t("加载中…", "Loading…");
      const q = new URLSearchParams({ [kind]: id, offset: String(offset), limit: String(PAGE) });
      if (state.report) q.set("report", state.report);
      fetch(`${DATA.evidenceUrl}?${q}`, { headers: { Accept: "application/json" } })
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
        .then(show)
        .catch((err) => { status.textContent = t(`无法加载：${err.message}`, `could not load: ${err.message}`); });
    };
    load(0);
    return box;
  }

  function showNode(id) {
    const n = nodeById.get(id);
    const d = details[id] || {};
    body.replaceChildren();
    const s = DATA.typeStyle[n.t] || DATA.typeStyle.Entity;
    const tag = el("span", { class: "type-tag", text: typeName(n.t) });
    tag.style.background = s.color;
    body.append(el("h3", { text: fullName(n) }));
    body.append(el("p", { class: "sub" }, tag, " ", otherName(n) || ""));
    const dl = el("dl");
    row(dl, t("缩写", "Acronym"), n.acr || d.acronym);
    row(dl, t("文号", "Symbol"), d.symbol);
    row(dl, "ISO 3166 alpha-2", d.iso2);
    row(dl, "ISO 3166 alpha-3", d.iso3);
    row(dl, "M49", d.m49);
    if (d.host && d.host.length) {
      const hosts = d.host.map((h) => {
        const hn = nodeById.get(h.iri);
        const label = state.lang === "zh" ? h.zh || h.en : h.en || h.zh;
        if (!hn) return label || h.iri;
        return el("a", { href: "#", text: label || hn.zh, onclick: (ev) => { ev.preventDefault(); select(h.iri); } });
      });
      const dd = el("span");
      hosts.forEach((h, i) => { if (i) dd.append(", "); dd.append(h); });
      row(dl, t("东道国", "Host country"), dd);
    }
    row(dl, t("开始日期", "Start date"), d.start);
    row(dl, t("结束日期", "End date"), d.end);
    if (d.wikidata && d.wikidata.length) {
      const dd = el("span");
      for (const q of d.wikidata) {
        if (!/^Q[0-9]+$/.test(q)) continue;
        dd.append(el("a", { href: `https://www.wikidata.org/wiki/${q}`, target: "_blank", rel: "noopener noreferrer", text: `wd:${q}` }), " ");
      }
      row(dl, "Wikidata", dd);
    }
    row(dl, "IRI", id);
    if (d.minted) {
      const from = d.minted.length ? d.minted.map(reportName).join(", ") : t("报告中的关系", "a relation in a report");
      row(dl, t("来源", "Origin"), t(`不在参考数据中：由 ${from} 的文本新建`, `not in the reference data: minted from the text of ${from}`));
    }
    row(dl, t("提及次数", "Mentions"), String(mentionsOf(n)));
    if (n.reports && Object.keys(n.reports).length) {
      row(dl, t("报告", "Reports"), Object.entries(n.reports).map(([r, c]) => `${reportName(r)} (${c})`).join(", "));
    }
    if (d.alt && d.alt.length) {
      const more = el("details", null, el("summary", { text: t(`${d.alt.length} 个`, `${d.alt.length}`) }), d.alt.join("；"));
      row(dl, t("其他名称", "Other names"), more);
    }
    if (n.period) {
      row(dl, t("在任年份", "Active"), `${n.period[0]}–${n.period[1] === null ? t("至今", "today") : n.period[1]}`);
    }
    body.append(dl);
    if (n.t === "Mission") body.append(actTable(id, d.acts || []));

    const linked = (adjacency.get(id) || []).map((eid) => edgeById.get(eid));
    if (linked.length) {
      body.append(el("h4", { text: t(`关系（${linked.length}）`, `Relations (${linked.length})`) }));
      const ul = el("ol");
      for (const e of linked.sort((a, b) => b.weight - a.weight)) {
        const other = nodeById.get(e.from === id ? e.to : e.from);
        const text = `${predName(e.pred)} ${e.from === id ? "→" : "←"} ${nodeLabel(other)} · ${weightOf(e)}`;
        ul.append(el("li", null, el("a", { href: "#", text, onclick: (ev) => { ev.preventDefault(); selectEdge(e.id); } })));
      }
      body.append(ul);
    }
    body.append(sentences("node", id, t("提及段落", "Paragraphs mentioning it")));
    panel.hidden = false;
    panel.setAttribute("data-node", id);
    panel.removeAttribute("data-edge");
  }

  // A mission's mandate history: one row per act the reports state, each with its source
  // paragraph, which opens the evidence of the relation the act was read from.
  const ACT_NAMES = {
    established: ["设立", "established"], extended: ["延长", "extended"],
    modified: ["修改", "modified"], terminated: ["终止", "terminated"],
  };
  function actTable(mission, acts) {
    const box = el("div", { class: "timeline", "data-mission": mission });
    box.append(el("h4", { text: t(`任务沿革（${acts.length}）`, `Mandate history (${acts.length})`) }));
    if (!acts.length) {
      box.append(el("p", { class: "more", text: t("报告中没有关于任务的行为。", "The reports state no mandate act.") }));
      return box;
    }
    const head = el("tr", null, ...[["日期", "Date"], ["行为", "Act"], ["决议", "Resolution"], ["期限至", "Until"], ["来源", "Source"]]
      .map(([zh, en]) => el("th", { text: t(zh, en) })));
    const tbody = el("tbody");
    for (const a of acts) {
      const name = ACT_NAMES[a.act];
      const res = nodeById.has(a.resIri)
        ? el("a", { href: "#", text: a.res, onclick: (ev) => { ev.preventDefault(); select(a.resIri); } })
        : a.res;
      const edge = `${mission}|${a.pred}|${a.resIri}`;
      const where = `${reportName(a.r)}${a.p ? ` ¶${a.p}` : ""}`;
      const source = edgeById.has(edge)
        ? el("a", { href: "#", class: "evidence", text: where, title: t("证据", "evidence"), onclick: (ev) => { ev.preventDefault(); selectEdge(edge); } })
        : where;
      tbody.append(el("tr", { "data-act": a.act },
        el("td", { text: a.date }), el("td", { text: name ? t(name[0], name[1]) : a.act }),
        el("td", null, res), el("td", { text: a.until }), el("td", null, source)));
    }
    box.append(el("table", { class: "acts" }, el("thead", null, head), tbody));
    return box;
  }

  function showEdge(id) {
    const e = edgeById.get(id);
    const a = nodeById.get(e.from), b = nodeById.get(e.to);
    body.replaceChildren();
    body.append(el("h3", { text: `${nodeLabel(a)} — ${nodeLabel(b)}` }));
    body.append(el("p", { class: "sub", text: `${fullName(a)} · ${predName(e.pred)} · ${fullName(b)}` }));
    const dl = el("dl");
    row(dl, t("关系", "Relation"), `${predName(e.pred)} (unkg:${e.pred})`);
    row(dl, t("证据段落", "Evidence paragraphs"), String(weightOf(e)));
    if (e.reports && Object.keys(e.reports).length) {
      row(dl, t("报告", "Reports"), Object.entries(e.reports).map(([r, c]) => `${reportName(r)} (${c})`).join(", "));
    }
    body.append(dl);
    if (e.time) {
      body.append(el("p", { class: "more", text: t("来自参考数据（任务的东道国），不是报告中的句子。", "From the reference data (the mission's host country), not from a sentence of the reports.") }));
    } else {
      body.append(sentences("edge", id, t("证据段落", "Evidence paragraphs")));
    }
    panel.hidden = false;
    panel.setAttribute("data-edge", id);
    panel.removeAttribute("data-node");
  }

  function showSelection(sel) {
    if (sel.node) showNode(sel.node); else if (sel.edge) showEdge(sel.edge);
  }

  function select(id) {
    if (!visibleNodes.has(id)) reveal(id);
    state.selected = { node: id };
    network.selectNodes([id]);
    showNode(id);
    network.focus(id, {
      scale: Math.max(network.getScale(), 1.2),
      offset: { x: -panel.offsetWidth / 2, y: 0 },  // the panel covers the right-hand side
      animation: { duration: 400, easingFunction: "easeInOutQuad" },
    });
  }
  function selectEdge(id) {
    state.selected = { edge: id };
    if (visibleEdges.has(id)) network.selectEdges([id]);
    showEdge(id);
  }
  function reveal(id) {
    const n = nodeById.get(id);
    state.on.add(n.t);
    const box = $(`type-${n.t}`);
    if (box) box.checked = true;
    computeVisible();
    if (!visibleNodes.has(id) && YEARS) {  // the year hides it: the map of a year it is in
      const p = n.period;
      const year = n.t === "Mission" ? (p ? p[0] : null) : n.time ? YEARS[1] : state.year;
      setYear(year);
    }
    if (!visibleNodes.has(id)) {
      state.report = "";
      reportSelect.value = "";
      state.minEvidence = 1;
      slider.value = "1";
      $("min-evidence-value").textContent = "1";
      updateWeights();
    }
    applyFilters();
  }

  network.on("click", (params) => {
    if (params.nodes.length) {
      state.selected = { node: params.nodes[0] };
      showNode(params.nodes[0]);
    } else if (params.edges.length) {
      state.selected = { edge: params.edges[0] };
      showEdge(params.edges[0]);
    }
  });

  // -- search -------------------------------------------------------------------------------
  const index = DATA.nodes.map((n) => {
    const d = details[n.id] || {};
    const keys = [n.zh, n.en, n.fullZh, n.fullEn, n.acr, d.iso2, d.iso3, d.symbol, ...(d.alt || [])]
      .filter(Boolean).map((k) => k.toLowerCase());
    return { id: n.id, keys };
  });
  const list = $("search-list");
  const seen = new Set();
  for (const n of DATA.nodes) {
    for (const v of [n.zh, n.acr]) {
      if (v && !seen.has(v)) { seen.add(v); list.append(el("option", { value: v })); }
    }
  }
  function find(q) {
    q = q.trim().toLowerCase();
    if (!q) return null;
    let best = null, rank = 9;
    for (const it of index) {
      for (const k of it.keys) {
        const r = k === q ? 0 : k.startsWith(q) ? 1 : k.includes(q) ? 2 : 9;
        const r2 = r + (visibleNodes.has(it.id) ? 0 : 0.5);
        if (r2 < rank) { rank = r2; best = it.id; }
      }
      if (rank === 0) break;
    }
    return best ? { id: best, exact: rank < 1 } : null;
  }
  const search = $("search");
  const status = $("search-status");
  function runSearch(onlyExact) {
    const hit = find(search.value);
    if (!hit) {
      status.textContent = search.value.trim() ? t("未找到", "not found") : "";
      return;
    }
    if (onlyExact && !hit.exact) { status.textContent = ""; return; }
    status.textContent = "";
    select(hit.id);
  }
  search.addEventListener("input", () => runSearch(true));
  search.addEventListener("keydown", (ev) => { if (ev.key === "Enter") { ev.preventDefault(); runSearch(false); } });

  $("reset").addEventListener("click", () => {
    network.unselectAll();
    panel.hidden = true;
    state.selected = null;
    search.value = "";
    status.textContent = "";
    network.fit({ animation: { duration: 300, easingFunction: "easeInOutQuad" } });
  });

  setLang(state.lang);
  updateStats();

  // -- for tests and the curious ------------------------------------------------------------
  window.unkgViz = {
    network,
    get ready() { return ready; },
    visibleNodeCount: () => nodeView.length,
    visibleEdgeCount: () => edgeView.length,
    visibleNodeIds: () => nodeView.getIds(),
    selectedNodes: () => network.getSelectedNodes(),
    panelNode: () => (panel.hidden ? null : panel.getAttribute("data-node")),
    panelEdge: () => (panel.hidden ? null : panel.getAttribute("data-edge")),
    domPosition: (id) => {
      const p = network.getPosition(id);
      const c = network.canvasToDOM(p);
      const r = $("network").getBoundingClientRect();
      return { x: r.left + c.x, y: r.top + c.y };
    },
    edgeDomPosition: (id) => {
      // the middle of the drawn (possibly curved) edge; vis-network internals, for tests
      const edge = network.body.edges[id];
      const p = edge && edge.edgeType && edge.edgeType.getPoint ? edge.edgeType.getPoint(0.5) : null;
      if (!p) return null;
      const c = network.canvasToDOM(p);
      const r = $("network").getBoundingClientRect();
      return { x: r.left + c.x, y: r.top + c.y };
    },
    select,
    selectEdge,
    setLang,
    setYear: (year) => setYear(year),
    get year() { return state.year; },
    get playing() { return !!playing; },
  };
})();
