"""The build's loader: many new reports written with Oxigraph's bulk writer, a batch at a time,
each batch written on a thread of its own while the build makes the next one.

`Store.loader` hands it out; `unkg build` and `bench/graph.py` write through it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from itertools import chain, islice
from pathlib import Path
from typing import Any, Protocol

from pyoxigraph import NamedNode, Quad, RdfFormat

from unkg.extract.model import Report
from unkg.graph import merge
from unkg.graph import terms as t
from unkg.graph.compaction import background_store_threads
from unkg.graph.errors import StoreError
from unkg.graph.rdf import report_quads
from unkg.ontology.ids import report_graph_iri

log = logging.getLogger("unkg.store")
_MARKERS = frozenset({t.u("sha256"), t.u("configHash")})


class Store(Protocol):
    """What the loader needs of `unkg.graph.store.Store`, which hands it out (and so is
    above it: the store imports this module)."""

    merges: bool
    path: Path | None

    @property
    def oxigraph(self) -> Any: ...
    def _replace_graph(self, graph: NamedNode, quads: Iterable[Quad]) -> None: ...
    def _drop_graph(self, graph: NamedNode) -> None: ...
    def _copies(self, quads: list[Quad]) -> list[Quad]: ...


class _Write(threading.Thread):
    """One bulk write, run beside the build: pyoxigraph's `bulk_load` releases the GIL while
    Oxigraph parses, sorts and ingests the batch in Rust, so the build extracts and makes the
    next reports' quads meanwhile, on another core."""

    def __init__(self, write: Callable[[], None]) -> None:
        super().__init__(name="unkg-bulk-write", daemon=True)
        self._do, self.error = write, None
        self.start()

    def run(self) -> None:
        try:
            self._do()
        except BaseException as exc:  # handed to the loader, which raises it as a StoreError
            self.error = exc


class BulkLoader:
    """Loads many new reports fast and keeps the store consistent if the process dies.

    Reports new to the store are gathered and written with Oxigraph's bulk writer, several
    at a time, without their *commit marker* (the report's ``unkg:sha256`` and the build's
    ``unkg:configHash``), which is written afterwards in its own transaction, once every
    batch before it is written. A report whose graph lacks the marker is unfinished: the
    next build sees no fingerprint and replaces the whole graph (a transactional
    drop-and-insert), as it does for every changed report.

    One batch is written at a time, on a thread, while the next is gathered; a failed
    write raises `StoreError` from the loader's next write or `flush`, and none of the
    reports waiting for their marker then gets it (the next build redoes them): they are in
    `uncommitted` (report id -> why), so the build can say so for each of their files.
    """

    def __init__(
        self, store: Store, config_hash: str, batch: int, when: str | None, replace_limit: int
    ) -> None:
        self.store, self.config_hash, self.batch, self.when = store, config_hash, batch, when
        self.replace_limit = replace_limit
        self._text: list[bytes] = []  # the next bulk load: N-Quads of bodies and their copies
        self._staged = 0  # quads in _text
        self._markers: list[Quad] = []
        self._pending: dict[NamedNode, str] = {}  # graph -> report, its marker in _markers
        self.uncommitted: dict[str, str] = {}  # report -> why it was not committed
        self._writing: _Write | None = None  # the batch being written
        self._seen_threads: set[int] = set()  # threads already given their priority

    def add(self, report: Report) -> str:
        """Load one report: "added", or "replaced" when the store had it already."""
        return self.add_quads(report.slug, report_quads(report, self.config_hash, self.when))

    def add_quads(self, slug: str, quads: Iterable[Quad]) -> str:
        """Load the quads of report `slug`'s graph, as made by `report_quads`."""
        graph = NamedNode(report_graph_iri(slug))
        quads = iter(quads)
        if self.store.oxigraph.contains_named_graph(graph) or graph in self._pending:
            self.flush()
            head = list(islice(quads, self.replace_limit))
            if len(head) < self.replace_limit:  # the usual: drop and insert in one transaction
                self.store._replace_graph(graph, head)
                return "replaced"
            # A very large report: drop it, then load it like a new one (marker last), so
            # memory stays bounded.
            self.store._drop_graph(graph)
            quads = chain(head, quads)
            status = "replaced"
        else:
            status = "added"
        staged, markers, written = len(self._text), len(self._markers), False
        chunk: list[Quad] = []
        try:
            for q in quads:
                if q.predicate in _MARKERS:
                    self._markers.append(q)
                    self._pending[q.graph_name] = slug
                    continue
                chunk.append(q)
                if len(chunk) >= self.batch:  # a report larger than a batch: memory stays bounded
                    if self._stage(graph, chunk):
                        staged, written = 0, True
                    chunk = []
            if chunk and self._stage(graph, chunk):
                staged, written = 0, True
        except BaseException:
            # Making the quads failed part-way (the build reports that file and goes on):
            # nothing of this report may be committed, nor left half-written.
            del self._text[staged:], self._markers[markers:]
            self._pending.pop(graph, None)
            if written:
                try:
                    self._wait()
                finally:
                    self.store._drop_graph(graph)
            raise
        return status

    def _stage(self, graph: NamedNode, quads: list[Quad]) -> bool:
        """Add a report's quads (the body only: no marker yet) and their copies to the next
        bulk load; True when that load was started."""
        text = merge.nquads(graph, quads, copies=self.store.merges)
        if text is None:  # quads the text cannot stand for: written as objects
            self._write()
            as_objects = quads + self.store._copies(quads)
            ox = self.store.oxigraph
            self._start(lambda: ox.bulk_extend(as_objects))
            return True
        self._text.append(text)
        self._staged += 2 * len(quads) if self.store.merges else len(quads)
        if self._staged < self.batch:
            return False
        self._write()
        return True

    def _write(self) -> None:
        """Start one bulk load of the staged text (parsed in Rust: cheaper than a Python
        object for each copy)."""
        if self._text:
            data = b"".join(self._text)
            self._text, self._staged = [], 0
            ox = self.store.oxigraph  # the store of now, whatever the thread's timing
            self._start(lambda: ox.bulk_load(data, RdfFormat.N_QUADS, lenient=True))

    def _start(self, write: Callable[[], None]) -> None:
        """Start a bulk write once the one before it is done (one at a time: each takes a
        core, and memory holds two batches at most)."""
        self._wait()
        background_store_threads(self._seen_threads)  # RocksDB starts its threads on demand
        self._writing = _Write(write)

    def _wait(self) -> None:
        """Wait for the bulk write in flight. If it failed, no report waiting for its marker
        may be committed: the markers are dropped (the next build redoes those reports)."""
        writing, self._writing = self._writing, None
        if writing is None:
            return
        writing.join()
        if writing.error is not None:
            raise self._lost(writing.error) from writing.error

    def _lost(self, cause: BaseException) -> StoreError:
        """A write failed: the reports waiting for their marker are not committed (the next
        build redoes them); record them and why, and return the error to raise."""
        error = StoreError(f"writing reports into the store at {self.store.path} failed: {cause}")
        self.uncommitted.update(dict.fromkeys(self._pending.values(), str(error)))
        self._markers = []
        self._pending.clear()
        return error

    def flush(self) -> None:
        """Write what is staged, wait for it, then commit the reports written."""
        self._write()
        self._wait()
        if self._markers:  # the commit, in one transaction
            try:
                self.store.oxigraph.extend(self._markers + self.store._copies(self._markers))
            except OSError as exc:
                raise self._lost(exc) from exc
        self._markers = []
        self._pending.clear()

    def __enter__(self) -> BulkLoader:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.flush()
            self.store.flush()
            return
        try:  # the build failed: no write may go on behind it, and nothing is committed
            self._wait()
        except StoreError as error:
            log.warning("%s", error)
