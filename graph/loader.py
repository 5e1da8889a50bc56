"""The build's loader: many new reports written with Oxigraph's bulk writer, a batch at a time,
each batch written on a thread of its own while the build makes the next one.

`Store.loader` hands it out; `unkg build` and `bench/graph.py` write through it.
"""

from __future__ import annotations

import logging
import threading
import time
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

    The reports written are committed every `commit_every` seconds, between two batches, and
    when the build ends, fails or is interrupted: a long build stopped part-way keeps what it
    wrote (the next build goes on from there) instead of leaving every report for the next
    build to replace, one transaction each.

    One batch is written at a time, on a thread, while the next is gathered; a failed
    write raises `StoreError` from the loader's next write or `flush`, and none of the
    reports of that write or staged behind it gets its marker (the next build redoes them):
    they are in `uncommitted` (report id -> why), so the build can say so for each file.
    """

    def __init__(
        self,
        store: Store,
        config_hash: str,
        batch: int,
        when: str | None,
        replace_limit: int,
        commit_every: float,
    ) -> None:
        self.store, self.config_hash, self.batch, self.when = store, config_hash, batch, when
        self.replace_limit, self.commit_every = replace_limit, commit_every
        self._text: list[bytes] = []  # the next bulk load: N-Quads of bodies and their copies
        self._staged = 0  # quads in _text
        # The markers of reports whose quads are all staged, by how far their writing got:
        self._markers: list[Quad] = []  # in _text, or in a write started before them
        self._sent: list[Quad] = []  # written once the write in flight ends
        self._written: list[Quad] = []  # written: committed at the next commit
        self._pending: dict[NamedNode, str] = {}  # graph -> report, its marker in one of them
        self._committed_at = time.monotonic()
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
        staged = len(self._text)  # where this report's text begins, until a write starts
        written = sent = False  # a write holds some of its quads / its last quads
        chunk: list[Quad] = []
        marks: list[Quad] = []  # kept until every quad of the report is staged
        try:
            for q in quads:
                if q.predicate in _MARKERS:
                    marks.append(q)
                    continue
                chunk.append(q)
                if len(chunk) >= self.batch:  # a report larger than a batch: memory stays bounded
                    sent, chunk = self._stage(graph, chunk), []
                    written |= sent
            if chunk:
                sent = self._stage(graph, chunk)
                written |= sent
        except BaseException:
            # Making the quads failed part-way (the build reports that file and goes on):
            # nothing of this report may be committed, nor left half-written.
            del self._text[0 if written else staged :]
            if written:
                try:
                    self._wait()
                finally:
                    self.store._drop_graph(graph)
            raise
        # Its last quads are in the write just started (committed when it ends) or staged.
        (self._sent if sent else self._markers).extend(marks)
        self._pending.update(dict.fromkeys((q.graph_name for q in marks), slug))
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
        core, and memory holds two batches at most); the reports staged so far are written
        when it ends. Commit first if it is time."""
        self._wait()
        if time.monotonic() - self._committed_at >= self.commit_every:
            self._commit()
        self._sent, self._markers = self._markers, []
        background_store_threads(self._seen_threads)  # RocksDB starts its threads on demand
        self._writing = _Write(write)

    def _wait(self) -> None:
        """Wait for the bulk write in flight: its reports are written. If it failed, none of
        them nor of the reports staged behind it may be committed: their markers are dropped
        (the next build redoes those reports)."""
        writing = self._writing
        if writing is None:
            return
        writing.join()  # a Ctrl-C here leaves the write to wait for again, on the way out
        self._writing = None
        if writing.error is not None:
            raise self._lost(writing.error, self._sent, self._markers) from writing.error
        self._written += self._sent
        self._sent = []

    def _commit(self) -> None:
        """Commit the reports written: their markers, in one transaction."""
        if self._written:
            try:
                self.store.oxigraph.extend(self._written + self.store._copies(self._written))
            except OSError as exc:
                raise self._lost(exc, self._written) from exc
            for q in self._written:
                self._pending.pop(q.graph_name, None)
            self._written = []
        self._committed_at = time.monotonic()

    def _lost(self, cause: BaseException, *markers: list[Quad]) -> StoreError:
        """A write failed: the reports of these markers are not committed (the next build
        redoes them); record them and why, and return the error to raise."""
        error = StoreError(f"writing reports into the store at {self.store.path} failed: {cause}")
        for group in markers:
            for q in group:
                if (slug := self._pending.pop(q.graph_name, None)) is not None:
                    self.uncommitted[slug] = str(error)
            group.clear()
        return error

    def flush(self) -> None:
        """Write what is staged, wait for it, then commit the reports written."""
        self._write()
        self._wait()
        self._written += self._markers  # in the write just ended, or in one before it
        self._markers = []
        self._commit()

    def __enter__(self) -> BulkLoader:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.flush()
            self.store.flush()
            return
        # The build failed or was interrupted: no write may go on behind it, and the reports
        # written are kept (those staged behind them are not: the next build redoes them).
        kept = {q.graph_name for q in self._sent + self._written}
        if kept:  # the commit can wait for the store's compaction: say why nothing happens
            log.warning("stopping: committing the %d reports written so far", len(kept))
        for step in (self._wait, self._commit):
            try:
                step()
            except StoreError as error:
                log.warning("%s", error)
