"""The public Python API. The CLI and the web app only parse options and call these."""

from __future__ import annotations

import hashlib
import importlib
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyoxigraph import Triple

from unkg import __version__
from unkg.extract.errors import failure_reason
from unkg.extract.metadata import from_sidecar, missing
from unkg.extract.model import Report, ReportMeta
from unkg.extract.read import SUFFIXES, ReadError, file_name
from unkg.graph import writes
from unkg.graph.export import EXPORTS
from unkg.graph.export import export as _export
from unkg.graph.files import atomic_write
from unkg.graph.remote import RemoteStore, is_url
from unkg.graph.results import QueryResult, TooManyResults
from unkg.graph.store import (
    BulkLoader,
    ReportInfo,
    Store,
    StoreError,
    default_store_path,
)
from unkg.graph.timeline import Act, Active
from unkg.graph.validate import Violation, validate_store
from unkg.ontology.ids import ENTITY_TYPES
from unkg.ontology.namespace import PREFIXES
from unkg.ontology.reference import LANGUAGES, reference_fingerprint
from unkg.parallel import Extracted, extract_many
from unkg.settings import Settings

if TYPE_CHECKING:
    from unkg.extract.evaluate import RELATION_ORDER, Evaluation, GoldError
    from unkg.extract.pipeline import Prepared, extract_file, extract_text

# The extraction pipeline (spaCy) and the evaluation are imported when first used, so that
# `unkg serve` and query-only programs start without them (spaCy is half of importing this
# module): these names of the API come from there.
_LAZY = {
    "extract_file": "unkg.extract.pipeline",
    "extract_text": "unkg.extract.pipeline",
    "RELATION_ORDER": "unkg.extract.evaluate",
    "Evaluation": "unkg.extract.evaluate",
    "GoldError": "unkg.extract.evaluate",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BuildResult",
    "FileResult",
    "active_missions",
    "build",
    "config_hash",
    "delete_graph",
    "diff",
    "evaluate",
    "export",
    "extract_file",
    "extract_records",
    "extract_text",
    "find_reports",
    "info",
    "open_store",
    "query",
    "reload_reference",
    "remove",
    "reports",
    "timeline",
    "timeline_text",
    "update",
    "validate",
    "viz",
    "viz_sentences",
    "write_graph",
]

SKIP_NAMES = {"readme", "license", "changelog", "contributing"}


_OPEN: weakref.WeakValueDictionary[Path, Store] = weakref.WeakValueDictionary()


def open_store(
    path: str | Path | None = None,
    *,
    read_only: bool = False,
    memory: bool = False,
    settings: Settings | None = None,
) -> Store:
    """Open (or create) a store; `path=None` is `settings.store`, else the default store in the
    user data folder (`settings` default to `Settings.from_env()`: `$UNKG_STORE` and the others).

    A URL (``http://host:7878`` for an Oxigraph server, ``fuseki+http://host:3030/ds``,
    ``virtuoso+http://host:8890``) opens a `RemoteStore` on that SPARQL 1.1 server.

    Within one process a store folder is opened once: asking again returns the instance
    already open (a writable one serves readers too), because a second, read-only handle
    on a folder that is being written is undefined behaviour in RocksDB.
    """
    if memory:
        return Store(memory=True)
    settings = settings or Settings.from_env()
    raw = path or settings.store
    if is_url(raw):  # a SPARQL 1.1 server (see unkg.graph.remote)
        return RemoteStore(
            str(raw),
            read_only=read_only,
            query_url=settings.query_url,
            update_url=settings.update_url,
            gsp_url=settings.gsp_url,
        )
    key = Path(raw or default_store_path()).resolve()
    existing = _OPEN.get(key)
    if existing is not None and (read_only or not existing.read_only):
        return existing
    store = Store(key, read_only=read_only)
    _OPEN[key] = store
    return store


def _store(store: Store | str | Path | None, read_only: bool = False) -> Store:
    return store if isinstance(store, Store) else open_store(store, read_only=read_only)


def _reader(store: Store | str | Path | None) -> Store:
    """A store given as a path is opened read-only: reading commands never lock it."""
    return _store(store, read_only=True)


def extract_records(path: str | Path, meta: ReportMeta | None = None) -> Iterator[dict]:
    """A report file's extraction as JSON records, paragraph by paragraph, then one record for
    the report as a whole (its metadata, coverage and skipped blocks): `unkg extract`'s JSONL.

    Text files are read and extracted block by block, so memory does not grow with the report.
    The file is opened and read here, so a ReadError comes before the first record.
    """
    from unkg.extract.pipeline import iter_file

    slug, meta, paragraphs = iter_file(path, meta)
    return _records(slug, meta, paragraphs)


def _records(slug: str, meta: ReportMeta, paragraphs) -> Iterator[dict]:
    language = meta.language or "zh"
    for paragraph in paragraphs:
        yield paragraph.to_json(slug, language)
    yield {
        "report": slug,
        "record": "report",
        **meta.to_json(),
        "coverage": paragraphs.coverage.to_json(),
        "skipped": [b.to_json() for b in paragraphs.skipped],
    }


def evaluate(gold: str | Path, reports: Iterable[str | Path] = ()) -> Evaluation:
    """Score extraction against gold files (a file, or a folder of ``*.yaml``): precision,
    recall and F1 per type and relation. Each report is looked for next to its gold file,
    then in the `reports` folders, in order."""
    from unkg.extract.evaluate import evaluate as _evaluate

    return _evaluate(Path(gold), [Path(p) for p in reports])


def config_hash() -> str:
    """What decides extraction output besides the file: software and reference data."""
    return hashlib.sha256(f"{__version__}:{reference_fingerprint()}".encode()).hexdigest()[:16]


def find_reports(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Report files under `paths` (files as given; folders searched recursively), sorted."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    child.is_file()
                    and child.suffix.lower() in SUFFIXES
                    and child.stem.lower() not in SKIP_NAMES
                    and not any(part.startswith(".") for part in child.relative_to(path).parts)
                ):
                    yield child
        else:
            yield path


@dataclass(frozen=True)
class FileResult:
    path: str
    status: str  # added, replaced, unchanged, failed
    report: str | None = None
    paragraphs: int = 0
    mentions: int = 0
    relations: int = 0
    error: str | None = None
    encoding: str | None = None  # how the file was decoded (utf-8, big5, docx …)
    note: str | None = None  # e.g. another file of this build has the same report id
    ocr_pages: int = 0  # pages of a PDF read by OCR


@dataclass
class BuildResult:
    store: str
    files: list[FileResult] = field(default_factory=list)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed


def _linked_meta(meta: ReportMeta, store: Store) -> ReportMeta:
    """A sidecar's ``translation_of`` naming a file becomes that report's id when the
    other edition is in the store (build order puts originals first)."""
    other = meta.translation_of
    if not other or "." not in other:
        return meta
    slug = store.slug_for_source(Path(other).name)
    return replace(meta, translation_of=slug)  # None when the original is unknown


def _link_translation(prepared: Prepared, store: Store) -> Prepared:
    meta = _linked_meta(prepared.meta, store)
    return prepared if meta is prepared.meta else replace(prepared, meta=meta)


def _declares_translation(path: Path) -> bool:
    try:
        meta = from_sidecar(path)
    except ReadError:
        return False
    return bool(meta and meta.translation_of)


def _build_one(
    path: Path, store: Store, loader: BulkLoader, cfg: str, force: bool, meta: ReportMeta | None
) -> FileResult:
    from unkg.extract.pipeline import extract_prepared, prepare_file

    try:
        prepared = prepare_file(path, meta)
        if prepared.meta.translation_of:
            loader.flush()  # the original may still be waiting in the loader
            prepared = _link_translation(prepared, store)
        if not force and store.report_fingerprint(prepared.slug) == (prepared.document.sha256, cfg):
            return FileResult(
                str(path),
                "unchanged",
                prepared.slug,
                encoding=prepared.document.encoding,
                note=_no_symbol(prepared.meta, prepared.document.name),
            )
        report = extract_prepared(prepared)
        status = loader.add(report)
    except Exception as exc:  # any failure is this file's; the others are still built
        return FileResult(str(path), "failed", error=failure_reason(exc))
    return _done(str(path), status, report)


def _load_extracted(
    item: Extracted, store: Store, loader: BulkLoader, cfg: str, force: bool
) -> FileResult:
    """The writer's half of a build for a report extracted elsewhere (another process)."""
    if item.error is not None or item.report is None:
        return FileResult(item.path, "failed", error=item.error)
    report = item.report
    try:
        if report.meta.translation_of:
            loader.flush()  # the original may still be waiting in the loader
            meta = _linked_meta(report.meta, store)
            if meta is not report.meta:
                report = replace(report, meta=meta)
        if not force and store.report_fingerprint(report.slug) == (report.sha256, cfg):
            return FileResult(item.path, "unchanged", report.slug, encoding=report.encoding)
        status = loader.add(report)
    except Exception as exc:
        return FileResult(item.path, "failed", error=failure_reason(exc))
    return _done(item.path, status, report)


def _done(path: str, status: str, report: Report) -> FileResult:
    s = report.summary()
    return FileResult(
        path,
        status,
        report.slug,
        s["paragraphs"],
        s["mentions"],
        s["relations"],
        encoding=report.encoding,
        note=_no_symbol(report.meta, report.source),
        ocr_pages=report.ocr_pages,
    )


def _no_symbol(meta: ReportMeta, source: str) -> str | None:
    """The build table's word when a report has no symbol, and how to give it one."""
    why = missing(meta, source).get("symbol")
    return f"no symbol: {why}" if why else None


def _same_report(item: FileResult, first: dict[str, str]) -> FileResult:
    """Say so when an earlier file of this build had the same report id: the later file's
    version is the one stored (two copies, or two editions of one symbol)."""
    if item.report is None:
        return item
    other = first.setdefault(item.report, item.path)
    if other == item.path:
        return item
    what = "identical" if item.status == "unchanged" else "this file's version is stored"
    note = f"same report id as {Path(other).name} ({what})"
    return replace(item, note=f"{note}; {item.note}" if item.note else note)


_FINGERPRINTS = """
SELECT DISTINCT ?sha WHERE { GRAPH ?g { ?r unkg:sha256 ?sha . ?a unkg:configHash "%s" } }
"""


def _probably_unchanged(store: Store, cfg: str) -> Callable[[Path], bool] | None:
    """Files whose bytes a report built with this configuration was read from: the writer
    checks those itself (most are unchanged) instead of having them extracted."""
    known = {row["sha"].value for row in store.query(_FINGERPRINTS % cfg, union=False)}
    if not known:
        return None

    def skip(path: Path) -> bool:
        try:
            return hashlib.sha256(path.read_bytes()).hexdigest() in known
        except OSError:
            return False

    return skip


def build(
    paths: Iterable[str | Path],
    *,
    store: Store | str | Path | None = None,
    force: bool = False,
    meta: ReportMeta | None = None,
    progress: Callable[[FileResult], None] | None = None,
    workers: int = 1,
    scheduler=None,
) -> BuildResult:
    """Extract every report under `paths` and load it into the store.

    A file that fails is reported and skipped; the others are still built. Reports whose
    file and configuration did not change since the last build are left as they are. New
    reports are bulk-loaded several at a time, changed ones replaced in one transaction
    each; an interrupted build leaves unfinished reports that the next build replaces
    (see `unkg.graph.store.BulkLoader`).

    `workers` > 1 extracts in that many local processes; `scheduler` (a Dask scheduler
    address, ``tcp://host:8786``, or a `distributed.Client`) extracts on a Dask cluster.
    Either way this process alone writes, in input order (see `unkg.parallel`).
    """
    st = _store(store)
    cfg = config_hash()
    result = BuildResult(str(st.path or ":memory:"))
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    # Originals before the translations that point at them, so the links can be made.
    ordered = sorted(find_reports(paths), key=_declares_translation)
    skip = None if force else _probably_unchanged(st, cfg)
    first: dict[str, str] = {}  # report id -> the first file of this build that had it
    with st.loader(cfg, when=started) as loader:
        for extracted in extract_many(
            ordered, meta, workers=workers, scheduler=scheduler, skip=skip
        ):
            if extracted.skipped:
                item = _build_one(Path(extracted.path), st, loader, cfg, force, meta)
            else:
                item = _load_extracted(extracted, st, loader, cfg, force)
            item = _same_report(item, first)
            result.files.append(item)
            if progress:
                progress(item)
    return result


def query(
    sparql: str, *, store: Store | str | Path | None = None, union: bool = True
) -> QueryResult:
    """Run SPARQL against the store (the project prefixes are predefined).

    The result iterates over pyoxigraph's solutions or triples (an ASK result is its boolean)
    and `serialize`s to every format of `unkg.graph.formats` that carries its kind. A query
    that does not parse is a SyntaxError whose message gives the line and column, shows the
    line with a caret, and names the likely mistake (`unkg.graph.sparql_errors`).
    """
    from unkg.graph.sparql_errors import explain

    try:
        return QueryResult(_reader(store).query(sparql, union=union))
    except SyntaxError as exc:
        hint = (
            "this is an update, not a query: `unkg query` runs SELECT, ASK, CONSTRUCT and "
            "DESCRIBE; change the store with `unkg build` and `unkg remove`, or send the update "
            "to a server started with `unkg serve --allow-update`"
        )
        raise SyntaxError(explain(sparql, str(exc), PREFIXES, update_hint=hint)) from None


def export(
    store: Store | str | Path | None,
    fmt: str,
    out: str | Path | None = None,
    *,
    report: str | None = None,
) -> Path | bytes:
    """Export to a file (written atomically) or, with `out=None`, return the bytes."""
    st = _reader(store)
    if fmt not in EXPORTS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORTS)}")
    if out is None:
        import io

        buf = io.BytesIO()
        _export(st, fmt, buf, report)
        return buf.getvalue()
    with atomic_write(out) as fh:
        _export(st, fmt, fh, report)
    return Path(out)


def update(
    sparql: str, *, store: Store | str | Path | None = None, base_iri: str | None = None
) -> None:
    """Run a SPARQL 1.1 Update on the store (the project prefixes are predefined) and flush it.
    A malformed update is a SyntaxError."""
    st = _store(store)
    writes.update(st, sparql, base_iri)
    st.flush()


def write_graph(
    graph: str | None,
    triples: Sequence[Triple],
    *,
    store: Store | str | Path | None = None,
    replace: bool = True,
) -> bool:
    """Graph Store Protocol PUT (`replace`) or POST of `triples` into `graph` (None: the default
    graph), then flush. True when the graph existed before."""
    st = _store(store)
    existed = writes.write_graph(st, graph, triples, replace=replace)
    st.flush()
    return existed


def delete_graph(graph: str | None, *, store: Store | str | Path | None = None) -> bool:
    """Graph Store Protocol DELETE: remove a named graph (empty the default one), then flush.
    False when there is no such graph."""
    st = _store(store)
    deleted = writes.delete_graph(st, graph)
    st.flush()
    return deleted


def reports(store: Store | str | Path | None = None) -> list[ReportInfo]:
    return _reader(store).reports()


def remove(slug: str, *, store: Store | str | Path | None = None) -> bool:
    st = _store(store)
    removed = st.remove_report(slug)
    st.flush()
    return removed


@dataclass(frozen=True)
class Diff:
    a: str
    b: str
    only_a: list[tuple[str, str]]  # mission–country links (labels) only in a
    only_b: list[tuple[str, str]]
    shared_entities: list[str]
    entities_only_a: list[str]
    entities_only_b: list[str]


_LINKS = """
SELECT DISTINCT ?m ?c WHERE { GRAPH <%s> { ?m unkg:operatesIn ?c } }
"""
_ENTITIES = """
SELECT DISTINCT ?e WHERE { GRAPH <%s> { ?r a unkg:Report ; unkg:mentions ?e } }
"""


def _label(store: Store, iri: str) -> str:
    rows = list(
        store.query(
            f"""SELECT ?acr ?en ?zh WHERE {{
              OPTIONAL {{ <{iri}> unkg:acronym ?acr }}
              OPTIONAL {{ <{iri}> skos:prefLabel ?en FILTER(LANG(?en) = "en") }}
              OPTIONAL {{ <{iri}> skos:prefLabel ?zh FILTER(LANG(?zh) = "zh") }} }} LIMIT 1"""
        )
    )
    if rows:
        for var in ("acr", "en", "zh"):
            if rows[0][var] is not None:
                return rows[0][var].value
    return iri.rsplit("/", 1)[-1]


def diff(a: str, b: str, *, store: Store | str | Path | None = None) -> Diff:
    """What report `a` says that `b` does not, and back: mission–country links and entities."""
    from unkg.ontology.ids import report_graph_iri

    st = _reader(store)
    known = set(st.report_slugs())
    for slug in (a, b):
        if slug not in known:
            raise StoreError(f"no report {slug!r} in the store; `unkg reports` lists them")
    ga, gb = report_graph_iri(a), report_graph_iri(b)

    def links(g: str) -> set[tuple[str, str]]:
        return {(r["m"].value, r["c"].value) for r in st.query(_LINKS % g, union=False)}

    def entities(g: str) -> set[str]:
        return {r["e"].value for r in st.query(_ENTITIES % g, union=False)}

    la, lb = links(ga), links(gb)
    ea, eb = entities(ga), entities(gb)

    def named(pairs: set[tuple[str, str]]) -> list[tuple[str, str]]:
        return sorted((_label(st, m), _label(st, c)) for m, c in pairs)

    return Diff(
        a,
        b,
        named(la - lb),
        named(lb - la),
        sorted(_label(st, e) for e in ea & eb),
        sorted(_label(st, e) for e in ea - eb),
        sorted(_label(st, e) for e in eb - ea),
    )


def validate(
    store: Store | str | Path | None = None, *, report: str | None = None
) -> list[Violation]:
    """SHACL validation (pyshacl, ontology + shapes).

    Of the whole store, or of one report together with the reference graph.
    """
    return validate_store(_reader(store), report)


def info(store: Store | str | Path | None = None, top: int = 10) -> dict:
    """Counts by type, most-mentioned and most central entities, the reports, and the
    mandate statements that the reference data or another report contradicts."""
    from unkg.graph.summary import summarize
    from unkg.graph.timeline import contradictions

    st = _reader(store)
    data = summarize(st, top)
    data["mandate_contradictions"] = [c.to_json() for c in contradictions(st)]
    return data


def timeline(mission: str, *, store: Store | str | Path | None = None) -> list[Act]:
    """The mandate history of `mission` (acronym, name or IRI): each act the reports state
    (established, extended, terminated), its resolution, adoption date, the date the mandate
    then runs until, and the report, paragraph and sentence that state it; oldest first.
    A ValueError names a mission the store does not know."""
    from unkg.graph.timeline import history

    return history(_reader(store), mission)


def active_missions(
    date: str | None = None,
    *,
    year: int | None = None,
    until: str | None = None,
    store: Store | str | Path | None = None,
) -> list[Active]:
    """The missions active on `date` (YYYY, YYYY-MM or YYYY-MM-DD), at any time from `date` to
    `until`, or at any time in `year`, by the reference dates, with their hosts."""
    from unkg.graph.timeline import active

    if (date is None) == (year is None):
        raise ValueError("give a date or a year, not both")
    if year is not None:
        return active(_reader(store), f"{year:04d}")
    return active(_reader(store), date, until)


def timeline_text(rows: Sequence[Act] | Sequence[Active], fmt: str) -> str:
    """`timeline` or `active_missions` rows as CSV or JSON text, for spreadsheets and plotting."""
    from unkg.graph.timeline import serialize

    return serialize(rows, fmt)


def viz(
    store: Store | str | Path | None = None,
    out: str | Path | None = None,
    *,
    report: str | None = None,
    types: Iterable[str] = ("Mission", "Country", "Territory"),
    layers: Iterable[str] = (),
    lang: str = "zh",
) -> Path | str:
    """The interactive mission–country graph as one self-contained HTML page (see `unkg.graph.viz`).

    Writes `out` atomically and returns its path, or with `out=None` returns the HTML.
    """
    from unkg.graph.viz import render_html, write_html

    st = _reader(store)
    kw = {"report": report, "types": tuple(types), "layers": tuple(layers), "lang": lang}
    if out is None:
        return render_html(st, **kw)
    return write_html(st, out, **kw)


def viz_sentences(
    store: Store | str | Path | None = None,
    *,
    node: str | None = None,
    edge: str | None = None,
    report: str | None = None,
    offset: int = 0,
    limit: int = 10,
) -> dict:
    """One page of the sentences behind a node (an entity IRI) or an edge (``s|predicate|o``)
    of the graph page: {items: [{r, p, t}], total, offset} (see `unkg.graph.view`)."""
    from unkg.graph.view import evidence_page, mention_page

    if (node is None) == (edge is None):
        raise ValueError("give either node=IRI or edge=SUBJECT|predicate|OBJECT")
    st = _reader(store)
    page = {"report": report, "offset": offset, "limit": limit}
    if node is not None:
        return mention_page(st, node, **page)
    parts = edge.split("|") if edge else []
    if len(parts) != 3:
        raise ValueError(f"edge={edge!r} is not SUBJECT|predicate|OBJECT")
    return evidence_page(st, *parts, **page)


def reload_reference() -> None:
    """Read the reference data again and refresh the reference graph of open stores.

    The caches of reference data, gazetteer, relation rules and pipelines notice edited or
    added reference files by themselves (see `reference_signature`); this also drops them
    (freeing memory) and reloads the reference graph of every store open for writing, so
    queries see the change before the next `build`, which re-extracts every report.
    """
    from unkg.extract import components
    from unkg.extract import pipeline as pipeline_module
    from unkg.ontology import reference

    reference._cached.cache_clear()
    reference._fingerprint.cache_clear()
    components._gazetteer_for.cache_clear()
    components._rules_for.cache_clear()
    pipeline_module._pipeline_for.cache_clear()
    for st in list(_OPEN.values()):
        if not st.read_only:
            st.ensure_reference()


__all__ += [
    "ENTITY_TYPES",
    "LANGUAGES",
    "PREFIXES",
    "RELATION_ORDER",
    "Diff",
    "Evaluation",
    "GoldError",
    "QueryResult",
    "ReadError",
    "Report",
    "ReportMeta",
    "Settings",
    "Store",
    "StoreError",
    "TooManyResults",
    "Violation",
    "file_name",
]
