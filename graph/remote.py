"""A store on a SPARQL 1.1 server (Oxigraph server, Apache Jena Fuseki, Virtuoso …).

`RemoteStore` is a `Store` whose database is reached over HTTP: SPARQL 1.1 Query and Update
and the Graph Store Protocol. Every command works against it as against the embedded store:
`RemoteDataset` speaks the part of pyoxigraph's `Store` interface that `Store`, its
`BulkLoader`, the exports and the web app use, and answers with pyoxigraph objects (query
results parsed with `pyoxigraph.parse_query_results`, so rows support ``row["var"]`` and
``.value`` like local results).

Writes keep the embedded store's guarantees as far as the protocols allow:

- a report that replaces another is one SPARQL Update, ``DROP SILENT GRAPH`` then
  ``INSERT DATA`` (Oxigraph and Fuseki apply an update in one transaction);
- new reports are bulk-loaded with one Graph Store Protocol ``PUT`` per report graph and
  their commit markers (``unkg:sha256``, ``unkg:configHash``) follow in a second request,
  so an interrupted build leaves unmarked graphs that the next build replaces.

Endpoints come from the URL (see `endpoints`): ``http://host:7878`` is an Oxigraph server
(``/query``, ``/update``, ``/store``), ``fuseki+http://host:3030/ds`` a Fuseki dataset
(``/ds/query``, ``/ds/update``, ``/ds/data``), ``virtuoso+http://host:8890`` (or a URL ending
in ``/sparql``) a Virtuoso server (``/sparql``, ``/sparql-graph-crud``); explicit URLs
(`unkg.settings`: ``--query-url`` or ``$UNKG_QUERY_URL``, and so on) override them.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from unkg.graph import merge
from unkg.graph import terms as t
from unkg.graph.store import REPORT_GRAPH_PREFIX, Store, StoreError

SCHEMES = ("http://", "https://")
FLAVOURS = ("oxigraph", "fuseki", "virtuoso")
FUSEKI_UNION = "urn:x-arq:UnionGraph"
_ACCEPT = (
    "application/sparql-results+json, application/n-triples;q=0.9, "
    "application/sparql-results+xml;q=0.8, text/turtle;q=0.7, */*;q=0.1"
)


def is_url(value: object) -> bool:
    """True for a store given as a URL (``http(s)://…`` or ``FLAVOUR+http(s)://…``)."""
    if not isinstance(value, str):
        return False
    _, _, rest = value.partition("+") if value.split("+", 1)[0] in FLAVOURS else ("", "", value)
    return rest.startswith(SCHEMES)


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str | None
    gsp: str | None
    flavour: str  # oxigraph, fuseki, virtuoso or sparql (only explicit URLs)


def endpoints(
    url: str,
    query_url: str | None = None,
    update_url: str | None = None,
    gsp_url: str | None = None,
) -> Endpoints:
    """The query, update and Graph Store Protocol URLs of the server at `url`."""
    flavour = "oxigraph"
    head, sep, rest = url.partition("+")
    if sep and head in FLAVOURS:
        flavour, url = head, rest
    base = url.rstrip("/")
    if not sep and base.endswith("/sparql"):
        flavour = "virtuoso"
    if flavour == "virtuoso":
        base = base.removesuffix("/sparql")
        derived = (f"{base}/sparql", f"{base}/sparql", f"{base}/sparql-graph-crud")
    elif flavour == "fuseki":
        derived = (f"{base}/query", f"{base}/update", f"{base}/data")
    else:
        derived = (f"{base}/query", f"{base}/update", f"{base}/store")
    return Endpoints(
        query_url or derived[0], update_url or derived[1], gsp_url or derived[2], flavour
    )


class RemoteTriples:
    """A CONSTRUCT or DESCRIBE result: iterate the triples or serialize them."""

    def __init__(self, triples: list[ox.Triple]):
        self._triples = triples

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def serialize(self, output: Any = None, format: ox.RdfFormat | None = None, **kw: Any):
        return ox.serialize(self._triples, output, format or ox.RdfFormat.N_TRIPLES, **kw)


def _ntriples(quads: Iterable[ox.Quad]) -> str:
    return "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)


def _graph_block(quads: Iterable[ox.Quad]) -> str:
    by_graph: dict[Any, list[ox.Quad]] = {}
    for q in quads:
        by_graph.setdefault(q.graph_name, []).append(q)
    parts = []
    for g, qs in by_graph.items():
        body = _ntriples(qs)
        parts.append(body if isinstance(g, ox.DefaultGraph) else f"GRAPH {g} {{\n{body}\n}}")
    return "\n".join(parts)


class RemoteDataset:
    """The part of pyoxigraph's `Store` interface unkg uses, over SPARQL 1.1 HTTP protocols."""

    def __init__(self, ends: Endpoints, timeout: float = 300.0):
        self.ends = ends
        self.timeout = timeout

    # -- HTTP --------------------------------------------------------------------------------
    def _request(
        self,
        url: str,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        method: str | None = None,
    ) -> tuple[str, bytes]:
        req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                media = resp.headers.get_content_type()
                return media, resp.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:500].decode("utf-8", "replace").strip()
            if exc.code == 404 and method in (None, "GET") and data is None:
                raise KeyError(url) from None
            raise StoreError(
                f"the SPARQL server answered {exc.code} to {method or 'POST'} {url}: {detail}"
            ) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"cannot reach the SPARQL server at {url}: {reason}") from None

    # -- queries -----------------------------------------------------------------------------
    def query(
        self,
        sparql: str,
        *,
        prefixes: dict[str, str] | None = None,
        base_iri: str | None = None,
        use_default_graph_as_union: bool = False,
        default_graph: Any = None,
        named_graphs: Any = None,
        **_: Any,
    ):
        prologue = [f"BASE <{base_iri}>"] if base_iri else []
        prologue += [f"PREFIX {p}: <{iri}>" for p, iri in (prefixes or {}).items()]
        text = "\n".join([*prologue, sparql])
        params: list[tuple[str, str]] = [("query", text)]
        if default_graph is not None or named_graphs is not None:
            graphs = default_graph if isinstance(default_graph, list) else [default_graph]
            params += [("default-graph-uri", g.value) for g in graphs if g is not None]
            params += [("named-graph-uri", g.value) for g in named_graphs or []]
        elif use_default_graph_as_union:
            if self.ends.flavour == "oxigraph":
                params.append(("union-default-graph", ""))
            elif self.ends.flavour == "fuseki":
                params.append(("default-graph-uri", FUSEKI_UNION))
            # Virtuoso's default graph is the union of all graphs already.
        media, body = self._request(
            self.ends.query,
            urllib.parse.urlencode(params).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": _ACCEPT},
        )
        results = ox.QueryResultsFormat.from_media_type(media)
        if results is not None:
            return ox.parse_query_results(body, format=results)
        rdf = ox.RdfFormat.from_media_type(media)
        if rdf is None:
            raise StoreError(f"the SPARQL server answered with {media}, which unkg cannot read")
        return RemoteTriples(list(ox.parse(body, format=rdf)))

    def _select(self, sparql: str) -> Any:
        return self.query(sparql)

    def __len__(self) -> int:
        rows = self._select(
            "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        )
        return int(next(iter(rows))["n"].value)

    def __contains__(self, quad: ox.Quad) -> bool:
        pattern = f"{quad.subject} {quad.predicate} {quad.object}"
        if isinstance(quad.graph_name, ox.DefaultGraph):
            return bool(self.query(f"ASK {{ {pattern} }}"))
        return bool(self.query(f"ASK {{ GRAPH {quad.graph_name} {{ {pattern} }} }}"))

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        rows = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return (row["g"] for row in rows if isinstance(row["g"], ox.NamedNode))

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"))

    def _graph_triples(self, graph: ox.NamedNode | ox.DefaultGraph) -> list[ox.Triple]:
        if self.ends.gsp:
            which = (
                "default"
                if isinstance(graph, ox.DefaultGraph)
                else "graph=" + (urllib.parse.quote(graph.value, safe=""))
            )
            sep = "&" if "?" in self.ends.gsp else "?"
            try:
                media, body = self._request(
                    f"{self.ends.gsp}{sep}{which}",
                    headers={"Accept": "application/n-triples"},
                    method="GET",
                )
            except KeyError:
                return []
            fmt = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.N_TRIPLES
            return list(ox.parse(body, format=fmt))
        where = (
            "?s ?p ?o" if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} {{ ?s ?p ?o }}"
        )
        return list(self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}"))

    def quads_for_pattern(self, subject, predicate, obj, graph_name=None) -> Iterator[ox.Quad]:
        if subject is None and predicate is None and obj is None:
            graphs = (
                [graph_name]
                if graph_name is not None
                else [ox.DefaultGraph(), *sorted(self.named_graphs(), key=lambda g: g.value)]
            )
            for g in graphs:
                for tr in self._graph_triples(g):
                    yield ox.Quad(tr.subject, tr.predicate, tr.object, g)
            return
        s = str(subject) if subject is not None else "?s"
        p = str(predicate) if predicate is not None else "?p"
        o = str(obj) if obj is not None else "?o"
        if graph_name is None:
            where = f"{{ {s} {p} {o} }} UNION {{ GRAPH ?g {{ {s} {p} {o} }} }}"
        elif isinstance(graph_name, ox.DefaultGraph):
            where = f"{s} {p} {o}"
        else:
            where = f"GRAPH {graph_name} {{ {s} {p} {o} }}"
        for row in self._select(f"SELECT * WHERE {{ {where} }}"):
            g = row["g"] if graph_name is None else graph_name
            yield ox.Quad(
                subject if subject is not None else row["s"],
                predicate if predicate is not None else row["p"],
                obj if obj is not None else row["o"],
                g if g is not None else ox.DefaultGraph(),
            )

    # -- writes ------------------------------------------------------------------------------
    def update(
        self,
        sparql: str,
        *,
        prefixes: dict[str, str] | None = None,
        base_iri: str | None = None,
        **_: Any,
    ) -> None:
        if not self.ends.update:
            raise StoreError("no SPARQL update endpoint is configured for this store")
        prologue = f"BASE <{base_iri}>\n" if base_iri else ""
        prologue += "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in (prefixes or {}).items())
        self._request(
            self.ends.update,
            (prologue + sparql).encode("utf-8"),
            {"Content-Type": "application/sparql-update; charset=utf-8"},
        )

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Insert the quads in one request (one SPARQL update: one transaction)."""
        block = _graph_block(quads)
        if block:
            self.update(f"INSERT DATA {{\n{block}\n}}")

    def bulk_load(self, data: bytes, format: ox.RdfFormat, *, lenient: bool = False) -> None:
        """Insert the quads of serialized `data` (the build's loader writes its batches so), as
        `bulk_extend` does."""
        self.bulk_extend(ox.parse(data, format, lenient=lenient))

    def bulk_extend(self, quads: Iterable[ox.Quad]) -> None:
        """Insert the quads with one Graph Store Protocol POST per graph (or one update
        when no Graph Store endpoint is configured)."""
        if not self.ends.gsp:
            self.extend(quads)
            return
        by_graph: dict[Any, list[ox.Quad]] = {}
        for q in quads:
            by_graph.setdefault(q.graph_name, []).append(q)
        sep = "&" if "?" in self.ends.gsp else "?"
        for g, qs in by_graph.items():
            which = (
                "default"
                if isinstance(g, ox.DefaultGraph)
                else "graph=" + urllib.parse.quote(g.value, safe="")
            )
            self._request(
                f"{self.ends.gsp}{sep}{which}",
                (_ntriples(qs) + "\n").encode("utf-8"),
                {"Content-Type": "application/n-triples"},
                method="POST",
            )

    def remove_graph(self, graph: ox.NamedNode) -> None:
        self.update(f"DROP GRAPH {graph}")

    def clear_graph(self, graph: ox.NamedNode | ox.DefaultGraph) -> None:
        self.update(
            "CLEAR DEFAULT" if isinstance(graph, ox.DefaultGraph) else f"CLEAR GRAPH {graph}"
        )

    def add_graph(self, graph: ox.NamedNode) -> None:
        self.update(f"CREATE SILENT GRAPH {graph}")

    def flush(self) -> None:
        """Nothing to do: the server made every write durable before answering."""


_COUNTS = """
SELECT (COUNT(?m) AS ?mentions) (COUNT(?e) AS ?relations) WHERE { GRAPH %s {
  { ?m nif:referenceContext ?c } UNION { ?e a unkg:Evidence } } }
"""


class RemoteStore(Store):
    """A `Store` on a SPARQL 1.1 server; ``path`` is the server's URL.

    On an Oxigraph server the default graph holds the merge of the named graphs, kept as in the
    embedded store (`unkg.graph.merge`). Other servers keep no such copy (`merges` is off):
    queries use the server's own union default graph (Fuseki's ``urn:x-arq:UnionGraph``,
    Virtuoso's default graph), since their default graph cannot be written alike.
    """

    def __init__(
        self,
        url: str,
        *,
        read_only: bool = False,
        query_url: str | None = None,
        update_url: str | None = None,
        gsp_url: str | None = None,
        timeout: float = 300.0,
    ):
        self.url = self.path = url  # type: ignore[assignment]
        self.read_only = read_only
        self.endpoints = endpoints(url, query_url, update_url, gsp_url)
        self._store = RemoteDataset(self.endpoints, timeout)  # type: ignore[assignment]
        self.merges = self.endpoints.flavour == "oxigraph"
        if not read_only:
            if self.merges and not self._current():
                self._upgrade()
            self.ensure_reference()

    def __len__(self) -> int:
        """The quads of the named graphs (without the server's default graph)."""
        if not self.merges:
            return len(self._store)
        rows = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(rows))["n"].value) - (merge.FORMAT_MARKER in self._store)

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r})"

    def _counts(self, g: ox.NamedNode) -> tuple[int, int]:
        row = next(iter(self.query(_COUNTS % g, union=False)))
        return int(row["mentions"].value), int(row["relations"].value)

    def report_fingerprint(self, slug: str) -> tuple[str | None, str | None]:
        from unkg.ontology.ids import report_graph_iri

        rows = list(
            self.query(
                f"""SELECT ?sha ?cfg WHERE {{ GRAPH <{report_graph_iri(slug)}> {{
                  OPTIONAL {{ ?r unkg:sha256 ?sha }} OPTIONAL {{ ?a unkg:configHash ?cfg }} }}
                }} LIMIT 1""",
                union=False,
            )
        )
        if not rows:
            return (None, None)
        sha, cfg = rows[0]["sha"], rows[0]["cfg"]
        return (sha.value if sha else None, cfg.value if cfg else None)

    def slug_for_source(self, name: str) -> str | None:
        rows = self.query(
            f"""SELECT ?g WHERE {{ GRAPH ?g {{ ?r {t.DC_SOURCE} {ox.Literal(name)} }}
              FILTER(STRSTARTS(STR(?g), "{REPORT_GRAPH_PREFIX}")) }} ORDER BY ?g LIMIT 1""",
            union=False,
        )
        for row in rows:
            return row["g"].value[len(REPORT_GRAPH_PREFIX) :]
        return None
