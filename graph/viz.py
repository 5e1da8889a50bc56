"""The interactive mission–country graph: one self-contained HTML page (pyvis / vis-network).

`render_html` projects the store with `unkg.graph.network` (missions and the countries and
territories they operate in, plus resolutions, documents, programmes and organizations as extra
layers), builds the vis-network nodes, edges and options with pyvis, and renders them with our own
Jinja2 template, not pyvis's: pyvis's template links Bootstrap and vis-network from a CDN even with
``cdn_resources="in_line"`` (pyvis issue #229). The page inlines vis-network's standalone build
(vendored from the npm package ``vis-network`` in ``assets/``, with its licences) and our own CSS
and JS, so it works with the network off and makes no request.

Everything taken from documents (labels, sentences, report titles) travels in one JSON blob in a
``<script type="application/json">`` element, with ``<``, ``>`` and ``&`` written as
``\\u003c``, ``\\u003e`` and ``\\u0026`` so that no ``</script`` or ``<!--`` can end the
element; the page's script builds the side panels with DOM APIs and ``textContent`` only, so a
report containing markup shows it as text. A Content-Security-Policy meta element forbids every
request (no ``src`` may load anything) as a second line of defence.

Size limits, measured with `synthetic_graph` (a quarter missions, about 2 edges per node, 3 mention
sentences per node and 2 evidence sentences per edge) in headless Chromium 156 with
``--disable-gpu`` (software rendering) in a 2-CPU build container:

======  =========  =======  ==============  =================================================
nodes   edges      HTML     Python render   page ready (layout done, physics frozen)
======  =========  =======  ==============  =================================================
    66         37  0.8 MB   < 1 s           examples/reports (22 shown at first); instant
 2,000      3,989  6.0 MB   0.4 s           about 8 s; a filter toggle about 0.2 s
 5,000      9,986  14 MB    1.1 s           about 25 s; a filter toggle about 0.2 s
======  =========  =======  ==============  =================================================

About 0.65 MB of every page is vis-network itself. From `LARGE_GRAPH` (2,000) nodes up the page
stabilizes with fewer iterations, draws straight edges and freezes physics once the layout is done
(``network.setOptions({physics: false})`` on ``stabilizationIterationsDone``); physics can be turned
back on with the checkbox. The page stays usable up to about 5,000 nodes (a 14 MB file, half a
minute of layout); beyond that, filter server-side (``report=``, ``types=``) or export to Gephi
(``unkg export --format gexf``). At most `MAX_MENTIONS` mention sentences per node and
`MAX_EVIDENCE` evidence sentences per edge go into the page (the panel says how many more there
are).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, select_autoescape
from pyvis.network import Network

from unkg.graph.files import atomic_write
from unkg.graph.network import mission_country_graph, node_info, relation_graph
from unkg.graph.store import Store
from unkg.ontology.ids import report_graph_iri

__all__ = [
    "BASE_TYPES",
    "LARGE_GRAPH",
    "LAYER_TYPES",
    "MAX_EVIDENCE",
    "MAX_MENTIONS",
    "TYPE_STYLE",
    "page_data",
    "render_html",
    "render_networkx",
    "synthetic_graph",
    "write_html",
]

BASE_TYPES = ("Mission", "Country", "Territory")
LAYER_TYPES = ("Resolution", "Document", "Programme", "Organization")
LARGE_GRAPH = 2000
MAX_MENTIONS = 100
MAX_EVIDENCE = 100
SNIPPET_MAX = 240  # characters of a sentence shown around a mention

# type → (colour, vis-network shape, Chinese name, English name)
TYPE_STYLE: dict[str, tuple[str, str, str, str]] = {
    "Mission": ("#1565c0", "diamond", "特派团", "Missions"),
    "Country": ("#2e7d32", "dot", "国家", "Countries"),
    "Territory": ("#f9a825", "triangle", "领土", "Territories"),
    "Resolution": ("#c62828", "square", "决议", "Resolutions"),
    "Document": ("#8e24aa", "star", "文件", "Documents"),
    "Programme": ("#ef6c00", "triangleDown", "方案", "Programmes"),
    "Organization": ("#00838f", "hexagon", "组织", "Organizations"),
    "Entity": ("#757575", "ellipse", "其他", "Other"),
}
PREDICATE_LABELS = {
    "operatesIn": ("部署于", "operates in"),
    "hostCountry": ("东道国", "host country"),
    "establishedBy": ("设立依据", "established by"),
    "mandateExtendedBy": ("任务延长", "mandate extended by"),
    "mandateTerminatedBy": ("任务终止", "mandate terminated by"),
    "concerns": ("涉及", "concerns"),
    "supports": ("支持", "supports"),
    "cooperatesWith": ("合作", "cooperates with"),
    "succeededBy": ("由……接替", "succeeded by"),
    "precededBy": ("前身", "preceded by"),
}
_WIKIDATA = "http://www.wikidata.org/entity/"
TITLE_ZH = "联合国报告知识图谱：特派团与国家"
TITLE_EN = "UN reports: missions and countries"
_SENTENCE_END = "。！？；!?;\n"


# -- assets ------------------------------------------------------------------------------------
INLINE_SCRIPTS = ("vis-network.min.js", "viz.js")


@cache
def script_hashes() -> str:
    """The CSP sources that allow exactly the page's inline scripts (and nothing else that
    could end up in the page, such as an event handler written into document text)."""
    import base64
    import hashlib

    return " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(_asset(n).encode()).digest()).decode() + "'"
        for n in INLINE_SCRIPTS
    )


@cache
def _asset(name: str) -> str:
    text = (files("unkg.graph") / "assets" / name).read_text("utf-8")
    if name.endswith(".js"):
        # no source-map request, and nothing that could close the inline <script> element
        text = re.sub(r"\n?//# sourceMappingURL=\S+\s*$", "\n", text)
        if re.search(r"</script|<!--", text, re.IGNORECASE):
            raise ValueError(f"{name} cannot be inlined: it contains </script or <!--")
    return text


@cache
def _template():
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return env.from_string(_asset("viz.html"))


def _json_for_html(data: Any) -> str:
    """JSON that cannot end its <script> element: <, > and & become \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# -- text around a mention ---------------------------------------------------------------------
def _ends_sentence(text: str, i: int) -> bool:
    """Whether text[i] ends a sentence: Chinese stops always, ASCII ones before a space."""
    c = text[i]
    if c in "!?;":
        return i + 1 == len(text) or text[i + 1].isspace()
    return c in _SENTENCE_END


def _sentence_bounds(text: str, begin: int, end: int) -> tuple[int, int]:
    """The sentence around text[begin:end]: from after the previous stop to the next stop."""
    start = begin
    while start > 0 and not _ends_sentence(text, start - 1):
        start -= 1
    stop = end
    while stop < len(text) and not _ends_sentence(text, stop):
        stop += 1
    if stop < len(text):
        stop += 1  # keep the full stop
    return start, stop


def _snippet(text: str, spans: Iterable[tuple[int, int]], start: int, stop: int) -> list[str]:
    """`text[start:stop]` cut into [plain, marked, plain, marked, …, plain] around `spans`."""
    spans = sorted(
        (max(b, start), min(e, stop)) for b, e in spans if b < stop and e > start and b < e
    )
    if stop - start > SNIPPET_MAX and spans:
        first, last = spans[0][0], spans[-1][1]
        pad = max(20, (SNIPPET_MAX - (last - first)) // 2)
        start, stop = max(start, first - pad), min(stop, last + pad)
    parts: list[str] = []
    pos = start
    for b, e in spans:
        if b < pos:  # overlapping spans: merge into the previous mark
            if e > pos and parts:
                parts[-1] += text[pos:e]
                pos = e
            continue
        parts += [text[pos:b], text[b:e]]
        pos = e
    parts.append(text[pos:stop])
    if start > 0 and text[start - 1] not in _SENTENCE_END:
        parts[0] = "…" + parts[0]
    if stop < len(text) and text[stop - 1] not in _SENTENCE_END:
        parts[-1] += "…"
    return parts


def _pnum_key(p: str) -> tuple[int, str]:
    m = re.match(r"\d+", p or "")
    return (int(m.group()) if m else 10**9, p or "")


# -- from the store ----------------------------------------------------------------------------
def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{i}>" for i in iris)


def _reports(store: Store, report: str | None) -> list[dict[str, str]]:
    out = []
    for r in store.reports():
        if report and r.slug != report:
            continue
        out.append(
            {"slug": r.slug, "id": r.identifier, "title": r.title or "", "date": r.date or ""}
        )
    return out


def _mentions(store: Store, iris: Sequence[str], report: str | None):
    """Every mention of `iris`: (entity, report slug, paragraph IRI, number, text, begin, end)."""
    if not iris:
        return []
    graph_filter = f"FILTER(?g = <{report_graph_iri(report)}>)" if report else ""
    rows = store.query(
        f"""
        SELECT ?e ?g ?m ?p ?pn ?text ?b ?end ?anchor WHERE {{
          VALUES ?e {{ {_values(iris)} }}
          GRAPH ?g {{
            ?m itsrdf:taIdentRef ?e ; nif:referenceContext ?p .
            OPTIONAL {{ ?m nif:beginIndex ?b ; nif:endIndex ?end }}
            OPTIONAL {{ ?m nif:anchorOf ?anchor }}
            OPTIONAL {{ ?p nif:isString ?text }}
            OPTIONAL {{ ?p unkg:paragraphNumber ?pn }}
          }}
          {graph_filter}
        }}
        """
    )
    out = []
    for r in rows:
        text = r["text"].value if r["text"] else ""
        anchor = r["anchor"].value if r["anchor"] else ""
        b = int(r["b"].value) if r["b"] else -1
        e = int(r["end"].value) if r["end"] else -1
        if not (0 <= b < e <= len(text)) or (anchor and text[b:e] != anchor):
            b = text.find(anchor) if anchor else -1
            e = b + len(anchor) if b >= 0 else -1
        out.append(
            (
                r["e"].value,
                r["g"].value.rsplit("/", 1)[-1],
                r["m"].value,
                r["p"].value,
                r["pn"].value if r["pn"] else "",
                text,
                b,
                e,
            )
        )
    return out


def _evidence(store: Store, report: str | None):
    """Every evidence statement: (s, predicate, o, slug, paragraph, number, text, b, e)."""
    graph_filter = f"FILTER(?g = <{report_graph_iri(report)}>)" if report else ""
    rows = store.query(
        f"""
        SELECT ?s ?pred ?o ?g ?p ?pn ?ptext ?text ?b ?end WHERE {{
          GRAPH ?g {{
            ?ev a unkg:Evidence ; rdf:subject ?s ; rdf:predicate ?pred ; rdf:object ?o ;
                unkg:inParagraph ?p .
            OPTIONAL {{ ?ev unkg:evidenceText ?text }}
            OPTIONAL {{ ?ev nif:beginIndex ?b ; nif:endIndex ?end }}
            OPTIONAL {{ ?p unkg:paragraphNumber ?pn }}
            OPTIONAL {{ ?p nif:isString ?ptext }}
          }}
          {graph_filter}
        }}
        """
    )
    out = []
    for r in rows:
        out.append(
            (
                r["s"].value,
                r["pred"].value.rsplit("#", 1)[-1],
                r["o"].value,
                r["g"].value.rsplit("/", 1)[-1],
                r["p"].value,
                r["pn"].value if r["pn"] else "",
                r["text"].value if r["text"] else "",
                r["ptext"].value if r["ptext"] else "",
                int(r["b"].value) if r["b"] else -1,
                int(r["end"].value) if r["end"] else -1,
            )
        )
    return out


_ENTITY_PROPS = {
    "acronym": "unkg:acronym",
    "symbol": "unkg:symbol",
    "iso2": "unkg:iso3166Alpha2",
    "iso3": "unkg:iso3166Alpha3",
    "m49": "unkg:m49",
    "start": "unkg:startDate",
    "end": "unkg:endDate",
    "host": "unkg:hostCountry",
    "sameAs": "owl:sameAs",
    "alt": "skos:altLabel",
}


def _entity_facts(store: Store, iris: Sequence[str]) -> dict[str, dict[str, list[str]]]:
    """Reference facts of entities: identifiers, dates, host country, owl:sameAs, alt labels."""
    facts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    if not iris:
        return facts
    keys = " ".join(f'("{k}" {p})' for k, p in _ENTITY_PROPS.items())
    rows = store.query(
        f"""
        SELECT DISTINCT ?e ?k ?o WHERE {{
          VALUES ?e {{ {_values(iris)} }}
          VALUES (?k ?p) {{ {keys} }}
          ?e ?p ?o .
        }}
        """
    )
    for r in rows:
        value = r["o"].value
        if r["k"].value == "alt" and getattr(r["o"], "language", None) not in ("zh", "en"):
            continue
        facts[r["e"].value][r["k"].value].append(value)
    return facts


def _labels(store: Store, iris: Iterable[str]) -> dict[str, tuple[str, str]]:
    iris = list(iris)
    if not iris:
        return {}
    rows = store.query(
        f"""
        SELECT ?e (SAMPLE(?zh) AS ?lzh) (SAMPLE(?en) AS ?len) WHERE {{
          VALUES ?e {{ {_values(iris)} }}
          OPTIONAL {{ ?e skos:prefLabel ?zh FILTER(LANG(?zh) = "zh") }}
          OPTIONAL {{ ?e skos:prefLabel ?en FILTER(LANG(?en) = "en") }}
        }} GROUP BY ?e
        """
    )
    return {
        r["e"].value: (r["lzh"].value if r["lzh"] else "", r["len"].value if r["len"] else "")
        for r in rows
    }


def page_data(
    store: Store, *, report: str | None = None, layers: Iterable[str] = LAYER_TYPES
) -> tuple[nx.MultiDiGraph, dict[str, Any]]:
    """The graph the page draws and the details its panels show.

    Nodes: the mission–country graph (`mission_country_graph`), plus every mentioned entity of
    the `layers` types and the relations (`relation_graph`) that touch them. Node attributes:
    type, labels, acronym, mentions, `reports` ({slug: mentions}), `layer` (True outside the
    mission–country graph). Edges (keyed by predicate): weight = evidence paragraphs, `reports`
    ({slug: paragraphs}), `layer`.
    """
    layers = tuple(layers)
    base = mission_country_graph(store, report)
    g = nx.MultiDiGraph()
    for n, d in base.nodes(data=True):
        g.add_node(n, **{k: v for k, v in d.items() if k != "bipartite"}, layer=False)
    for a, b, d in base.edges(data=True):
        s, o = (a, b) if base.nodes[a]["type"] == "Mission" else (b, a)
        g.add_edge(s, o, key="operatesIn", predicate="operatesIn", weight=d["weight"], layer=False)
    if layers:
        for iri, info in node_info(store, None, report).items():
            if info.type in layers and iri not in g:
                g.add_node(iri, **info.attrs(), layer=True)
        rel = relation_graph(store, report)
        for s, o, pred, d in rel.edges(keys=True, data=True):
            if pred == "operatesIn" and g.has_edge(s, o, "operatesIn"):
                continue
            if s not in g and rel.nodes[s]["type"] not in layers:
                continue
            if o not in g and rel.nodes[o]["type"] not in layers:
                continue
            if s not in g and o not in g:
                continue
            for n in (s, o):
                if n not in g:
                    g.add_node(n, **rel.nodes[n], layer=True)
            g.add_edge(s, o, key=pred, predicate=pred, weight=d["weight"], layer=True)

    iris = list(g.nodes)
    mention_rows = _mentions(store, iris, report)
    evidence_rows = _evidence(store, report)

    # mentions: per-report counts, sentences with the mention marked
    spans: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    per_node: dict[str, list] = defaultdict(list)
    counts: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for e, slug, m, p, pn, text, b, end in mention_rows:
        counts[e][slug].add(m)
        if b >= 0:
            spans[(p, e)].append((b, end))
        per_node[e].append((slug, pn, p, text, b, end))
    mentions: dict[str, list] = {}
    sentence_count: dict[str, int] = {}
    for e, rows in per_node.items():
        rows.sort(key=lambda r: (r[0], _pnum_key(r[1]), r[4]))
        # one item per sentence, with every mention of the entity in it marked
        sentences: dict[tuple[str, str, int, int], list[tuple[int, int]]] = {}
        meta: dict[tuple[str, str, int, int], tuple[str, str, str]] = {}
        for slug, pn, p, text, b, end in rows:
            bounds = _sentence_bounds(text, b, end) if b >= 0 else (0, min(len(text), SNIPPET_MAX))
            key = (slug, p, *bounds)
            sentences.setdefault(key, [])
            if b >= 0:
                sentences[key].append((b, end))
            meta[key] = (slug, pn, text)
        out = []
        for key, marks in list(sentences.items())[:MAX_MENTIONS]:
            slug, pn, text = meta[key]
            out.append({"r": slug, "p": pn, "t": _snippet(text, marks, key[2], key[3])})
        mentions[e] = out
        sentence_count[e] = len(sentences)
    for n in g.nodes:
        g.nodes[n]["reports"] = {slug: len(ms) for slug, ms in sorted(counts[n].items())}

    # evidence: per edge, per report paragraphs, the sentence with both ends marked
    ev_by_edge: dict[tuple[str, str, str], list] = defaultdict(list)
    for s, pred, o, slug, p, pn, text, ptext, b, end in evidence_rows:
        if not g.has_edge(s, o, pred):
            if pred == "operatesIn" and g.has_edge(o, s, pred):  # oriented the other way
                s, o = o, s
            else:
                continue
        ev_by_edge[(s, pred, o)].append((slug, pn, p, text, ptext, b, end))
    evidence: dict[str, list] = {}
    for (s, pred, o), rows in ev_by_edge.items():
        per_report: dict[str, set[str]] = defaultdict(set)
        seen = set()
        items = []
        for slug, pn, p, text, ptext, b, end in sorted(
            rows, key=lambda r: (r[0], _pnum_key(r[1]), r[5])
        ):
            per_report[slug].add(p)
            if (p, text) in seen:
                continue
            seen.add((p, text))
            if 0 <= b < end <= len(ptext) and (not text or ptext[b:end] == text):
                marks = spans.get((p, s), []) + spans.get((p, o), [])
                parts = _snippet(ptext, marks, b, end)
            else:
                parts = [text]
            items.append({"r": slug, "p": pn, "t": parts})
        g.edges[s, o, pred]["reports"] = {k: len(v) for k, v in sorted(per_report.items())}
        evidence[f"{s}|{pred}|{o}"] = items[:MAX_EVIDENCE]
        if len(items) > MAX_EVIDENCE:
            evidence[f"{s}|{pred}|{o}"].append({"more": len(items) - MAX_EVIDENCE})
    for *_, d in g.edges(keys=True, data=True):
        d.setdefault("reports", {})

    facts = _entity_facts(store, iris)
    hosts = {h for f in facts.values() for h in f.get("host", [])}
    host_labels = _labels(store, hosts)
    details: dict[str, dict[str, Any]] = {}
    for n in iris:
        f = facts.get(n, {})
        info: dict[str, Any] = {
            k: v[0] for k, v in f.items() if v and k not in ("alt", "host", "sameAs")
        }
        info["alt"] = sorted(set(f.get("alt", [])))
        info["host"] = [
            {"iri": h, "zh": host_labels.get(h, ("", ""))[0], "en": host_labels.get(h, ("", ""))[1]}
            for h in f.get("host", [])
        ]
        info["wikidata"] = [
            x[len(_WIKIDATA) :] for x in f.get("sameAs", []) if x.startswith(_WIKIDATA)
        ]
        total = sentence_count.get(n, 0)
        info["mentions"] = mentions.get(n, [])
        info["moreMentions"] = max(0, total - MAX_MENTIONS)
        details[n] = info
    return g, {"reports": _reports(store, report), "details": details, "evidence": evidence}


# -- networkx → pyvis → page -------------------------------------------------------------------
def _short_zh(d: dict[str, Any], alt: Sequence[str]) -> str:
    """The Chinese label to draw: a mission's short name (联刚稳定团), else the preferred label."""
    zh = d.get("label_zh") or ""
    if d.get("type") == "Mission":
        cjk = [a for a in alt if re.search(r"[\u4e00-\u9fff]", a)]
        if cjk:
            short = min(cjk, key=len)
            if not zh or len(short) < len(zh):
                return short
    return zh


def _options(n_nodes: int, net: Network) -> dict[str, Any]:
    large = n_nodes >= LARGE_GRAPH
    net.force_atlas_2based(
        gravity=-60,
        central_gravity=0.01,
        spring_length=110,
        spring_strength=0.08,
        damping=0.4,
        overlap=0 if large else 0.3,
    )
    options = json.loads(net.options.to_json())
    options["physics"]["stabilization"] = {
        "enabled": True,
        "iterations": 200 if large else 1000,
        "updateInterval": 25,
        "fit": True,
    }
    options["physics"]["minVelocity"] = 0.75
    options["edges"] = {
        "color": {"color": "#9e9e9e", "highlight": "#424242", "hover": "#616161"},
        "smooth": False if large else {"enabled": True, "type": "continuous"},
        "scaling": {"min": 1, "max": 10},
        "selectionWidth": 2,
    }
    options["nodes"] = {
        "scaling": {"min": 8, "max": 40, "label": {"enabled": False}},
        "font": {
            "face": "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', "
            "sans-serif",
            "size": 14,
            "strokeWidth": 3,
            "strokeColor": "#ffffff",
        },
        "borderWidth": 1,
    }
    options["interaction"] = {
        "hover": True,
        "tooltipDelay": 150,
        "navigationButtons": False,
        "keyboard": False,
        "hideEdgesOnDrag": large,
        "dragNodes": True,
    }
    options["layout"] = {"improvedLayout": not large, "randomSeed": 7}
    return options


def render_networkx(
    g: nx.Graph,
    details: dict[str, Any] | None = None,
    *,
    types: Iterable[str] = BASE_TYPES,
    layers: Iterable[str] = (),
    lang: str = "zh",
    title: str | None = None,
) -> str:
    """The page for a prepared graph (what `page_data` returns, or a synthetic one).

    Node attributes used: type, label_zh, label_en, acronym, mentions, reports, layer; edge
    attributes: predicate, weight, reports, layer.
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be zh or en, not {lang!r}")
    details = details or {}
    info = details.get("details", {})
    types, layers = tuple(types), tuple(layers)
    unknown = [t for t in (*types, *layers) if t not in TYPE_STYLE]
    if unknown:
        raise ValueError(f"unknown types {', '.join(unknown)}; choose from {', '.join(TYPE_STYLE)}")
    net = Network(directed=True, cdn_resources="in_line")
    ids: dict[Any, str] = {}
    for n, d in g.nodes(data=True):
        nid = str(n)
        ids[n] = nid
        t = d.get("type", "Entity")
        color, shape, _, _ = TYPE_STYLE.get(t, TYPE_STYLE["Entity"])
        alt = info.get(nid, {}).get("alt", [])
        zh = _short_zh(d, alt) or d.get("label_en") or d.get("acronym") or nid.rsplit("/", 1)[-1]
        en = d.get("acronym") or d.get("label_en") or d.get("label_zh") or nid.rsplit("/", 1)[-1]
        net.add_node(
            nid,
            label=zh if lang == "zh" else en,
            shape=shape,
            color=color,
            value=max(1, d.get("mentions", 1)),
            t=t,
            zh=zh,
            en=en,
            fullZh=d.get("label_zh", ""),
            fullEn=d.get("label_en", ""),
            acr=d.get("acronym", ""),
            mentions=d.get("mentions", 0),
            reports=d.get("reports", {}),
            layer=bool(d.get("layer")),
        )
    multi = g.is_multigraph()
    edges = (
        g.edges(keys=True, data=True)
        if multi
        else ((a, b, None, d) for a, b, d in g.edges(data=True))
    )
    for a, b, key, d in edges:
        pred = d.get("predicate") or key or "related"
        eid = f"{ids[a]}|{pred}|{ids[b]}"
        directed = pred != "operatesIn"
        net.add_edge(
            ids[a],
            ids[b],
            id=eid,
            value=d.get("weight", 1),
            pred=pred,
            weight=d.get("weight", 1),
            reports=d.get("reports", {}),
            layer=bool(d.get("layer")),
            arrows={"to": {"enabled": directed, "scaleFactor": 0.5}},
            dashes=bool(d.get("layer")),
        )
    nodes, edge_list, *_ = net.get_network_data()
    options = _options(len(nodes), net)
    data = {
        "lang": lang,
        "types": list(types),
        "layers": list(layers),
        "baseTypes": list(BASE_TYPES),
        "layerTypes": list(LAYER_TYPES),
        "typeStyle": {
            k: {"color": c, "shape": s, "zh": z, "en": e} for k, (c, s, z, e) in TYPE_STYLE.items()
        },
        "predicates": {k: {"zh": z, "en": e} for k, (z, e) in PREDICATE_LABELS.items()},
        "large": len(nodes) >= LARGE_GRAPH,
        "reports": details.get("reports", []),
        "nodes": nodes,
        "edges": edge_list,
        "options": options,
        "details": info,
        "evidence": details.get("evidence", {}),
    }
    return _template().render(
        lang=lang,
        title=title or (TITLE_ZH if lang == "zh" else TITLE_EN),
        custom_title=bool(title),
        title_zh=TITLE_ZH,
        title_en=TITLE_EN,
        script_hashes=script_hashes(),
        vis_js=_asset("vis-network.min.js"),
        viz_css=_asset("viz.css"),
        viz_js=_asset("viz.js"),
        data_json=_json_for_html(data),
    )


def render_html(
    store: Store,
    *,
    report: str | None = None,
    types: Iterable[str] = BASE_TYPES,
    layers: Iterable[str] = (),
    lang: str = "zh",
) -> str:
    """One self-contained HTML page: the mission–country graph of the store (or one report).

    `types` are the node types shown at first, `layers` the extra types (Resolution, Document,
    Programme, Organization) switched on at first; every layer's nodes are in the page anyway,
    behind a checkbox. `lang` picks the labels drawn (zh or en; the page has a switch).
    """
    types = tuple(types)
    layers = tuple(layers)
    unknown = [t for t in (*types, *layers) if t not in TYPE_STYLE]
    if unknown:
        raise ValueError(f"unknown types {', '.join(unknown)}; choose from {', '.join(TYPE_STYLE)}")
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be zh or en, not {lang!r}")
    if report is not None and report not in store.report_slugs():
        from unkg.graph.store import StoreError

        raise StoreError(f"no report {report!r} in the store; `unkg reports` lists them")
    shown_layers = tuple(t for t in (*types, *layers) if t in LAYER_TYPES)
    g, details = page_data(store, report=report)
    return render_networkx(
        g,
        details,
        types=tuple(t for t in types if t not in LAYER_TYPES),
        layers=shown_layers,
        lang=lang,
    )


def write_html(store: Store, path: str | Path, **kw: Any) -> Path:
    """`render_html` written to `path` atomically (a temporary file, then a rename)."""
    html = render_html(store, **kw)
    with atomic_write(path) as fh:
        fh.write(html.encode("utf-8"))
    return Path(path)


def synthetic_graph(
    n_nodes: int, edges_per_node: int = 2, seed: int = 1
) -> tuple[nx.MultiDiGraph, dict]:
    """A random mission–country-like graph with details, to measure page size and speed."""
    import random

    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    n_missions = max(1, n_nodes // 4)
    sentence = (
        "联合国特派团在该国继续执行保护平民任务，"
        "并与东道国政府和区域组织密切合作，支持政治进程和选举筹备工作。"
    )
    details: dict[str, Any] = {}
    evidence: dict[str, Any] = {}
    for i in range(n_nodes):
        mission = i < n_missions
        iri = f"https://w3id.org/unkg/id/{'mission' if mission else 'country'}/X{i:05d}"
        g.add_node(
            iri,
            type="Mission" if mission else "Country",
            label_zh=f"特派团{i}" if mission else f"国家{i}",
            label_en=f"Synthetic {'mission' if mission else 'country'} {i}",
            acronym=f"M{i}" if mission else "",
            mentions=rnd.randint(1, 30),
            reports={"S-2024-1": 1},
            layer=False,
        )
        details[iri] = {
            "alt": [],
            "host": [],
            "wikidata": [],
            "moreMentions": 0,
            "mentions": [
                {
                    "r": "S-2024-1",
                    "p": str(k + 1),
                    "t": [sentence[:10], f"特派团{i}", sentence[10:]],
                }
                for k in range(3)
            ],
        }
    nodes = list(g.nodes)
    missions, places = nodes[:n_missions], nodes[n_missions:] or nodes
    for _ in range(n_nodes * edges_per_node):
        s, o = rnd.choice(missions), rnd.choice(places)
        if s == o or g.has_edge(s, o, "operatesIn"):
            continue
        w = rnd.randint(1, 12)
        g.add_edge(
            s,
            o,
            key="operatesIn",
            predicate="operatesIn",
            weight=w,
            reports={"S-2024-1": w},
            layer=False,
        )
        evidence[f"{s}|operatesIn|{o}"] = [
            {"r": "S-2024-1", "p": str(k + 1), "t": [sentence]} for k in range(2)
        ]
    reports = [{"slug": "S-2024-1", "id": "S/2024/1", "title": "合成报告", "date": "2024-01-01"}]
    return g, {"reports": reports, "details": details, "evidence": evidence}
