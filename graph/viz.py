"""The interactive mission–country graph page (pyvis / vis-network): the page asset.

`unkg.graph.view` prepares what the page shows (nodes, edges, counts, facts); this module turns
it into one self-contained HTML page. pyvis builds the vis-network nodes, edges and options; our
own Jinja2 template renders them, not pyvis's: pyvis's template links Bootstrap and vis-network
from a CDN even with ``cdn_resources="in_line"`` (pyvis issue #229). The page inlines
vis-network's standalone build (vendored from the npm package ``vis-network`` in ``assets/``,
with its licences) and our own CSS and JS.

The sentences behind a node or an edge are not in the page's data: served by ``unkg serve``,
the page fetches them a page at a time from ``/graph/evidence`` when the reader clicks (the
only request its Content-Security-Policy allows, to its own origin); written to a file by
``unkg viz``, it carries the first `SAMPLES` sentences of each node and edge and says how many
more the server would show. So the page's size grows with the number of nodes and edges, never
with the text of the reports.

Everything taken from documents (labels, sentences, report titles) travels in one JSON blob in a
``<script type="application/json">`` element, with ``<``, ``>`` and ``&`` written as
``\\u003c``, ``\\u003e`` and ``\\u0026`` so that no ``</script`` or ``<!--`` can end the
element; the page's script builds the side panels with DOM APIs and ``textContent`` only, so a
report containing markup shows it as text.

From `LARGE_GRAPH` nodes up the page stabilizes with fewer iterations, draws straight edges and
freezes physics once the layout is done; beyond a few thousand nodes, filter server-side
(``report=``) or export to Gephi (``unkg export --format gexf``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, select_autoescape
from pyvis.network import Network

from unkg.graph.files import write_text
from unkg.graph.sentences import samples
from unkg.graph.store import Store, StoreError
from unkg.graph.view import BASE_TYPES, LAYER_TYPES, name_from_iri, view_data
from unkg.ontology.reference import LANGUAGES

__all__ = [
    "BASE_TYPES",
    "LARGE_GRAPH",
    "LAYER_TYPES",
    "SAMPLES",
    "TYPE_STYLE",
    "render_html",
    "render_networkx",
    "synthetic_graph",
    "write_html",
]

LARGE_GRAPH = 2000
SAMPLES = 3  # sentences per node and per edge in a page written to a file

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
    "mandateModifiedBy": ("任务修改", "mandate modified by"),
    "mandateTerminatedBy": ("任务终止", "mandate terminated by"),
    "concerns": ("涉及", "concerns"),
    "supports": ("支持", "supports"),
    "cooperatesWith": ("合作", "cooperates with"),
    "succeededBy": ("由……接替", "succeeded by"),
    "referenceHost": ("东道国（参考数据）", "host country (reference data)"),
    "precededBy": ("前身", "preceded by"),
}
TITLE_ZH = "联合国报告知识图谱：特派团与国家"
TITLE_EN = "UN reports: missions and countries"


# -- assets ------------------------------------------------------------------------------------
INLINE_SCRIPTS = ("vis-network.min.js", "viz.js")


@cache
def script_hashes(names: tuple[str, ...] = INLINE_SCRIPTS) -> str:
    """The CSP sources that allow exactly a page's inline scripts `names` (and nothing else
    that could end up in the page, such as an event handler written into document text)."""
    import base64
    import hashlib

    return " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(asset(n).encode()).digest()).decode() + "'"
        for n in names
    )


@cache
def asset(name: str) -> str:
    """A file of ``graph/assets``; a script as it can be inlined."""
    text = (files("unkg.graph") / "assets" / name).read_text("utf-8")
    if name.endswith(".js"):
        # no source-map request, and nothing that could close the inline <script> element
        text = re.sub(r"\n?//# sourceMappingURL=\S+\s*$", "\n", text)
        if re.search(r"</script|<!--", text, re.IGNORECASE):
            raise ValueError(f"{name} cannot be inlined: it contains </script or <!--")
    return text


@cache
def template(name: str = "viz.html"):
    """The Jinja2 template of a page in ``graph/assets``, every value autoescaped."""
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return env.from_string(asset(name))


def json_for_html(data: Any) -> str:
    """JSON that cannot end its <script> element: <, > and & become \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


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


def year_range(g: nx.Graph) -> list[int] | None:
    """The slider's years: from the first mission's start to this year (or the last end
    year, if later); None when no mission in `g` has a period."""
    found = [p for _, p in g.nodes(data="period") if p]
    if not found:
        return None
    ends = [p[1] for p in found if p[1] is not None]
    return [min(p[0] for p in found), max([date.today().year, *ends])]


def _check(types: Sequence[str], lang: str) -> None:
    unknown = [t for t in types if t not in TYPE_STYLE]
    if unknown:
        raise ValueError(f"unknown types {', '.join(unknown)}; choose from {', '.join(TYPE_STYLE)}")
    check_lang(lang)


def check_lang(lang: str) -> None:
    """A page is drawn in one of the languages unkg reads (its names are in those)."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")


def _names(nid: str, d: dict[str, Any], alt: Sequence[str]) -> tuple[str, str]:
    """The (Chinese, English) label to draw: the name as written in that language when the
    store knows it, else the other language's, else the acronym, else the key the IRI was made
    from (never a bare code when a name is known)."""
    fallback = name_from_iri(nid)
    zh = _short_zh(d, alt) or d.get("label_en") or d.get("acronym") or fallback
    en = d.get("acronym") or d.get("label_en") or d.get("label_zh") or fallback
    return zh, en


def render_networkx(
    g: nx.Graph,
    details: dict[str, Any] | None = None,
    *,
    types: Iterable[str] = BASE_TYPES,
    layers: Iterable[str] = (),
    lang: str = "zh",
    title: str | None = None,
    evidence_url: str | None = None,
    chart_url: str | None = None,
) -> str:
    """The page for a prepared graph (what `unkg.graph.view.view_data` returns, or a synthetic
    one). `details` may carry ``samples`` (sentences for a page without a server);
    `evidence_url` (relative to the page) is where a served page fetches sentences;
    `chart_url`, where its timeline chart is (a link in the header).

    Node attributes used: type, label_zh, label_en, acronym, mentions, reports, layer; edge
    attributes: predicate, weight, reports, layer.
    """
    types, layers = tuple(types), tuple(layers)
    _check((*types, *layers), lang)
    details = details or {}
    info = details.get("details", {})
    net = Network(directed=True, cdn_resources="in_line")
    ids: dict[Any, str] = {}
    for n, d in g.nodes(data=True):
        nid = str(n)
        ids[n] = nid
        t = d.get("type", "Entity")
        color, shape, _, _ = TYPE_STYLE.get(t, TYPE_STYLE["Entity"])
        zh, en = _names(nid, d, info.get(nid, {}).get("alt", []))
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
            time=bool(d.get("time")),
            period=d.get("period"),
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
        directed = pred not in ("operatesIn", "referenceHost")
        net.add_edge(
            ids[a],
            ids[b],
            id=eid,
            value=d.get("weight", 1),
            pred=pred,
            weight=d.get("weight", 1),
            reports=d.get("reports", {}),
            layer=bool(d.get("layer")),
            time=bool(d.get("time")),
            arrows={"to": {"enabled": directed, "scaleFactor": 0.5}},
            dashes=bool(d.get("layer") or d.get("time")),
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
        "years": year_range(g),
        "reports": details.get("reports", []),
        "nodes": nodes,
        "edges": edge_list,
        "options": options,
        "details": info,
        "evidenceUrl": evidence_url,
        "samples": details.get("samples", {}),
    }
    return template().render(
        lang=lang,
        title=title or (TITLE_ZH if lang == "zh" else TITLE_EN),
        custom_title=bool(title),
        title_zh=TITLE_ZH,
        title_en=TITLE_EN,
        script_hashes=script_hashes(),
        connect="'self'" if evidence_url else "'none'",
        chart_url=chart_url,
        vis_js=asset("vis-network.min.js"),
        viz_css=asset("viz.css"),
        viz_js=asset("viz.js"),
        data_json=json_for_html(data),
    )


def render_html(
    store: Store,
    *,
    report: str | None = None,
    types: Iterable[str] = BASE_TYPES,
    layers: Iterable[str] = (),
    lang: str = "zh",
    view: tuple[nx.MultiDiGraph, dict[str, Any]] | None = None,
    evidence_url: str | None = None,
    chart_url: str | None = None,
) -> str:
    """One self-contained HTML page: the mission–country graph of the store (or one report).

    `types` are the node types shown at first, `layers` the extra types (Resolution, Document,
    Programme, Organization) switched on at first; every layer's nodes are in the page anyway,
    behind a checkbox. `lang` picks the labels drawn (zh or en; the page has a switch).
    `view` is `view_data(store, report=report)` when the caller keeps it (the server does, per
    store version); without `evidence_url` the page carries the first `SAMPLES` sentences of
    every node and edge.
    """
    types, layers = tuple(types), tuple(layers)
    _check((*types, *layers), lang)
    if report is not None and report not in store.report_slugs():
        raise StoreError(f"no report {report!r} in the store; `unkg reports` lists them")
    g, details = view or view_data(store, report=report)
    if evidence_url is None:
        details = {**details, "samples": samples(store, g, report=report, per_item=SAMPLES)}
    shown_layers = tuple(t for t in (*types, *layers) if t in LAYER_TYPES)
    return render_networkx(
        g,
        details,
        types=tuple(t for t in types if t not in LAYER_TYPES),
        layers=shown_layers,
        lang=lang,
        evidence_url=evidence_url,
        chart_url=chart_url,
    )


def write_html(store: Store, path: str | Path, **kw: Any) -> Path:
    """`render_html` written to `path` atomically (a temporary file, then a rename)."""
    return write_text(path, render_html(store, **kw))


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
    mentions: dict[str, Any] = {}
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
        details[iri] = {"alt": [], "host": [], "wikidata": []}
        items = [
            {"r": "S-2024-1", "p": str(k + 1), "t": [sentence[:10], f"特派团{i}", sentence[10:]]}
            for k in range(SAMPLES)
        ]
        mentions[iri] = {"items": items, "total": SAMPLES, "offset": 0}
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
        items = [{"r": "S-2024-1", "p": str(k + 1), "t": [sentence]} for k in range(2)]
        evidence[f"{s}|operatesIn|{o}"] = {"items": items, "total": w, "offset": 0}
    reports = [{"slug": "S-2024-1", "id": "S/2024/1", "title": "合成报告", "date": "2024-01-01"}]
    page_samples = {"mentions": mentions, "evidence": evidence}
    return g, {"reports": reports, "details": details, "samples": page_samples}
