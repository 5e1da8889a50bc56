"""`build`: extract every report under some paths (here or in other processes) and load it
into a store, one writer, reporting each file's outcome."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from unkg.api.extraction import config_hash
from unkg.api.stores import _store
from unkg.api.writing import refresh_derived
from unkg.extract.errors import failure_reason
from unkg.extract.metadata import from_sidecar, missing
from unkg.extract.model import Report, ReportMeta
from unkg.extract.read import SUFFIXES, ReadError
from unkg.graph.errors import StoreError
from unkg.graph.loader import BulkLoader
from unkg.graph.store import Store
from unkg.parallel import Extracted, extract_many

if TYPE_CHECKING:
    from unkg.extract.pipeline import Prepared


SKIP_NAMES = {"readme", "license", "changelog", "contributing"}


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


def _committed(item: FileResult, uncommitted: dict[str, str]) -> FileResult:
    """A file reported added or replaced whose report a failed store write left uncommitted
    is failed after all (the next build redoes it)."""
    why = uncommitted.get(item.report or "")
    if why is None or item.status not in ("added", "replaced"):
        return item
    return replace(item, status="failed", error=f"{why}; the next build redoes this report")


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
    each. An interrupted build keeps the reports it has written (committed every 5 minutes
    and on the way out); the next build redoes the others (see
    `unkg.graph.loader.BulkLoader`). It returns once the store has compacted what it wrote
    (`Store.settle`).

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
        try:
            loader.flush()
        except StoreError:  # the reports it left uncommitted are marked failed below
            if not loader.uncommitted:
                raise
    result.files = [_committed(item, loader.uncommitted) for item in result.files]
    refresh_derived(st)
    st.settle()
    return result
