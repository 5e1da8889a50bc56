"""The store: an embedded Oxigraph database, one named graph per report.

Every command goes through `Store`. Replacing a report is one SPARQL update (drop the
report's graph, insert the new one), which Oxigraph applies in a single transaction,
so a crash leaves either the old or the new version, never half of each. The default graph
holds the merge of the named graphs, kept by every write (`unkg.graph.merge`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import platformdirs
from pyoxigraph import (
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
)
from pyoxigraph import Store as OxStore

from unkg.extract.metadata import missing
from unkg.extract.model import Report, ReportMeta
from unkg.graph import merge
from unkg.graph import terms as t
from unkg.graph.compaction import settle
from unkg.graph.errors import StoreError
from unkg.graph.loader import BulkLoader
from unkg.graph.rdf import reference_quads, report_quads
from unkg.ontology.ids import GRAPH_BASE, REFERENCE_GRAPH, report_graph_iri
from unkg.ontology.namespace import PREFIXES
from unkg.ontology.reference import load_reference, reference_fingerprint

log = logging.getLogger("unkg.store")
REFERENCE = NamedNode(REFERENCE_GRAPH)
REPORT_GRAPH_PREFIX = GRAPH_BASE + "report/"
_COUNT_DEFAULT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def default_store_path() -> Path:
    """The user data folder's store (e.g. ~/.local/share/unkg/store); `$UNKG_STORE` is read
    by `unkg.settings`, not here."""
    return platformdirs.user_data_path("unkg") / "store"


@dataclass(frozen=True)
class ReportInfo:
    slug: str
    identifier: str
    title: str | None
    language: str | None
    date: str | None
    source: str | None
    sha256: str | None
    paragraphs: int
    mentions: int
    relations: int
    symbol: str | None = None
    kind: str | None = None  # the kind's class, local name: SecurityCouncilResolution …
    years: str | None = None  # dcterms:temporal, when no date is printed
    missing: dict[str, str] = field(default_factory=dict)  # what is lacking, and how to set it


class Store:
    """Reports and reference data in one RDF dataset."""

    merges = True  # the default graph is kept as the merge of the named graphs

    def __init__(
        self, path: str | Path | None = None, *, read_only: bool = False, memory: bool = False
    ):
        self.path = None if memory else Path(path) if path else default_store_path()
        self.read_only = read_only
        try:
            if self.path is None:
                self._store = OxStore()
            elif read_only:
                if not self.path.is_dir():
                    raise StoreError(f"no store at {self.path}: build one first with `unkg build`")
                self._store = OxStore.read_only(str(self.path))
                if not self._current():
                    self._upgrade_read_only()
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = OxStore(str(self.path))
        except (OSError, RuntimeError) as exc:  # RuntimeError: RocksDB lock or corruption
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from None
        if not read_only:
            if not self._current():
                self._upgrade()
            self.ensure_reference()

    # -- the store format ------------------------------------------------------------------
    def _current(self) -> bool:
        """Whether the default graph is known to hold the merge (a new, empty store is)."""
        return merge.FORMAT_MARKER in self._store or not any(
            True for _ in self._store.named_graphs()
        )

    def _upgrade(self) -> None:
        """Make an older store's default graph the merge of its named graphs (once)."""
        has_default = next(self._store.quads_for_pattern(None, None, None, merge.DEFAULT), None)
        if has_default is not None:
            log.warning(
                "%s: the triples of the old default graph moved to the named graph %s",
                self.path,
                merge.LEGACY_DEFAULT.value,
            )
        self._store.update(merge.rebuild(has_default is not None))
        self.flush()

    def _upgrade_read_only(self) -> None:
        """An older store opened read-only: upgrade it with a writable handle, then reopen."""
        del self._store
        try:
            writable = OxStore(str(self.path))
        except (OSError, RuntimeError) as exc:
            raise StoreError(
                f"the store at {self.path} was written by an older unkg and must be upgraded "
                f"once (its default graph becomes the merge of its graphs), but it cannot be "
                f"opened for writing: {exc}; stop the process that writes it and try again"
            ) from None
        self._store = writable
        self._upgrade()
        del self._store, writable
        self._store = OxStore.read_only(str(self.path))

    # -- reading ---------------------------------------------------------------------------
    @property
    def oxigraph(self) -> OxStore:
        """The underlying pyoxigraph store, for what this class does not wrap."""
        return self._store

    def query(
        self, sparql: str, *, union: bool = True, **options
    ) -> QuerySolutions | QueryBoolean | QueryTriples:
        """Run a SPARQL query. The default graph is the merge of all named graphs (each triple
        once); with `union=False` it is empty, and only GRAPH (or FROM) reaches the data."""
        if not options and self.merges and union:  # the common case, kept to one call
            return self._store.query(sparql, prefixes=PREFIXES)
        if "default_graph" not in options:
            if not self.merges:  # a remote server: its union default graph
                options["use_default_graph_as_union"] = union
            elif not union:
                options["default_graph"] = []
        return self._store.query(sparql, prefixes=PREFIXES, **options)

    def __len__(self) -> int:
        """The quads of the dataset as exported: the named graphs, without the merged copy and
        the store-format marker."""
        if not self.merges:
            return len(self._store)
        # Counted by the engine: iterating the merged copy in Python took 7 s on 400k quads,
        # most of a server's start-up (its /health and `unkg info` count too).
        (row,) = self._store.query(_COUNT_DEFAULT)  # the default graph: the merged copy
        merged = int(row[0].value)
        return len(self._store) - merged - (merge.FORMAT_MARKER in self._store)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def report_slugs(self) -> list[str]:
        return [
            g[len(REPORT_GRAPH_PREFIX) :]
            for g in self.graphs()
            if g.startswith(REPORT_GRAPH_PREFIX)
        ]

    def report_fingerprint(self, slug: str) -> tuple[str | None, str | None]:
        """(sha256 of the source, configuration hash) of a stored report."""
        g = NamedNode(report_graph_iri(slug))
        sha = next(self._store.quads_for_pattern(None, t.u("sha256"), None, g), None)
        cfg = next(self._store.quads_for_pattern(None, t.u("configHash"), None, g), None)
        return (sha.object.value if sha else None, cfg.object.value if cfg else None)

    def slug_for_source(self, name: str) -> str | None:
        """The id of the stored report read from a file called `name`, if any."""
        for q in self._store.quads_for_pattern(None, t.DC_SOURCE, Literal(name), None):
            graph = getattr(q.graph_name, "value", "")
            if graph.startswith(REPORT_GRAPH_PREFIX):
                return graph[len(REPORT_GRAPH_PREFIX) :]
        return None

    def reports(self) -> list[ReportInfo]:
        rows = self.query(
            """
            SELECT ?g ?id ?title ?lang ?date ?source ?sha ?symbol ?kind ?years
                   (COUNT(DISTINCT ?p) AS ?paragraphs) WHERE {
              GRAPH ?g {
                ?r a unkg:Report ; dcterms:identifier ?id .
                OPTIONAL { ?r dcterms:title ?title } OPTIONAL { ?r dcterms:language ?lang }
                OPTIONAL { ?r dcterms:date ?date } OPTIONAL { ?r dcterms:source ?source }
                OPTIONAL { ?r unkg:sha256 ?sha } OPTIONAL { ?p unkg:inReport ?r }
                OPTIONAL { ?r unkg:symbol ?symbol } OPTIONAL { ?r dcterms:type ?kind }
                OPTIONAL { ?r dcterms:temporal ?years }
              }
            } GROUP BY ?g ?id ?title ?lang ?date ?source ?sha ?symbol ?kind ?years
            ORDER BY ?id ?g
            """,
            union=False,
        )
        out = []
        for row in rows:
            g = row["g"]
            counts = self._counts(g)
            symbol, date, years = _value(row["symbol"]), _value(row["date"]), _value(row["years"])
            kind, source = _value(row["kind"]), _value(row["source"])
            out.append(
                ReportInfo(
                    g.value[len(REPORT_GRAPH_PREFIX) :],
                    row["id"].value,
                    _value(row["title"]),
                    _value(row["lang"]),
                    date,
                    source,
                    _value(row["sha"]),
                    int(row["paragraphs"].value),
                    *counts,
                    symbol,
                    kind.rsplit("#", 1)[-1] if kind else None,
                    years,
                    missing(ReportMeta(symbol=symbol, date=date, years=years), source),
                )
            )
        return out

    def _counts(self, g: NamedNode) -> tuple[int, int]:
        mentions = sum(1 for _ in self._store.quads_for_pattern(None, t.NIF_REFERENCE, None, g))
        relations = sum(1 for _ in self._store.quads_for_pattern(None, t.TYPE, t.u("Evidence"), g))
        return mentions, relations

    # -- writing ---------------------------------------------------------------------------
    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.path} is open read-only")

    def ensure_reference(self) -> bool:
        """Load the ontology and reference data when missing or changed; True if (re)loaded."""
        self._writable()
        fingerprint = reference_fingerprint()
        marker = Quad(REFERENCE, t.u("configHash"), Literal(fingerprint), REFERENCE)
        if marker in self._store:
            return False
        quads = list(reference_quads(load_reference()))
        ontology = files("unkg.ontology") / "unkg.ttl"
        from pyoxigraph import parse

        quads += [
            Quad(tr.subject, tr.predicate, tr.object, REFERENCE)
            for tr in parse(ontology.read_bytes(), format=RdfFormat.TURTLE)
        ]
        quads += [marker, merge.FORMAT_MARKER]
        self._replace_graph(REFERENCE, quads)
        return True

    def _copies(self, quads: list[Quad]) -> list[Quad]:
        """The default-graph copies of `quads`, which go in the same transaction."""
        return merge.copies(quads) if self.merges else []

    def _replace_graph(self, graph: NamedNode, quads: Iterable[Quad]) -> None:
        quads = list(quads)
        if not self._store.contains_named_graph(graph):
            self._store.extend(quads + self._copies(quads))  # one transaction
            return
        if not self.merges:
            body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
            insert = f"INSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}"
            self._store.update(f"DROP SILENT GRAPH {graph} ;\n{insert}")
            return
        # drop and insert in one update: Oxigraph applies an update in one transaction.
        self._store.update(f"{merge.drop(graph)} ;\n{merge.insert(graph, quads)}")

    def _drop_graph(self, graph: NamedNode) -> None:
        """Remove a named graph, and the default-graph copies no other graph holds."""
        if self.merges:
            self._store.update(merge.drop(graph))
        else:
            self._store.remove_graph(graph)

    def add_report(self, report: Report, config_hash: str = "", when: str | None = None) -> str:
        """Add or replace one report's graph in one transaction; returns "added" or "replaced"."""
        self._writable()
        graph = NamedNode(report_graph_iri(report.slug))
        existed = self._store.contains_named_graph(graph)
        self._replace_graph(graph, report_quads(report, config_hash, when))
        return "replaced" if existed else "added"

    def loader(
        self,
        config_hash: str = "",
        batch: int = 100_000,
        when: str | None = None,
        replace_limit: int = 500_000,
        commit_every: float = 300.0,
    ) -> BulkLoader:
        """A loader for many reports at once (see `BulkLoader`); use it as a context manager.
        `when` (ISO date-time) is recorded as the build activity's prov:startedAtTime.

        New quads are written `batch` at a time: Oxigraph's bulk writer is fastest with
        about 100,000 (measured on 4.3 million quads: 240k quads/s, against 195k/s with
        200,000 and 150k/s with 1,000,000), and the batch bounds the loader's memory. A
        changed report of up to `replace_limit` quads is replaced in one transaction; a
        larger one is dropped and reloaded in batches. The reports written are committed
        every `commit_every` seconds (and at the end), so an interrupted build keeps them."""
        self._writable()
        return BulkLoader(self, config_hash, batch, when, replace_limit, commit_every)

    def remove_report(self, slug: str) -> bool:
        """Delete one report's graph; False if there was none."""
        self._writable()
        graph = NamedNode(report_graph_iri(slug))
        if not self._store.contains_named_graph(graph):
            return False
        self._drop_graph(graph)
        return True

    def flush(self) -> None:
        if not self.read_only and self.path is not None:
            self._store.flush()

    def settle(self) -> float:
        """Wait until the store has compacted what was written (`unkg.graph.compaction.settle`):
        the seconds waited. A build ends with it, so the next reader, often a read-only
        endpoint that cannot compact, finds the store in order."""
        if self.read_only or self.path is None:
            return 0.0
        waited = settle()[1]
        if waited >= 1:
            log.info("the store compacted what was written in %.1f s more", waited)
        return waited

    # -- dumping ---------------------------------------------------------------------------
    def quads(self, report: str | None = None) -> Iterator[Quad]:
        """The quads of one report's graph, or of every named graph (without the merged copy
        in the default graph, which is derived from them, nor the store-format marker: a store
        loaded from this export has no merge yet, and is upgraded when unkg opens it)."""
        if report:
            graph = NamedNode(report_graph_iri(report))
            if not self._store.contains_named_graph(graph):
                raise StoreError(f"no report {report!r} in the store at {self.path}")
            return self._store.quads_for_pattern(None, None, None, graph)
        if not self.merges:
            return self._store.quads_for_pattern(None, None, None, None)
        graphs = sorted(self._store.named_graphs(), key=lambda g: g.value)
        return (
            q
            for g in graphs
            for q in self._store.quads_for_pattern(None, None, None, g)
            if g != REFERENCE or q != merge.FORMAT_MARKER
        )

    def triples(self, report: str | None = None) -> Iterator[Triple]:
        """Each triple of one report's graph, or of the whole store (the merge), once."""
        if report or not self.merges:
            return _once(self.quads(report))
        return (
            q.triple
            for q in self._store.quads_for_pattern(None, None, None, merge.DEFAULT)
            if q.object != merge.STORE_FORMAT
        )


def _once(quads: Iterable[Quad]) -> Iterator[Triple]:
    """The quads as triples, each once (a triple stated in two graphs is one triple)."""
    seen: set[Triple] = set()
    for q in quads:
        if q.triple not in seen:
            seen.add(q.triple)
            yield q.triple


def _value(term) -> str | None:
    return None if term is None else term.value
