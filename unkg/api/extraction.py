"""Extraction without a store: a file's JSONL records, evaluation against gold, and the
configuration hash that says when a stored extraction is stale."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from unkg import __version__
from unkg.extract.model import ReportMeta
from unkg.ontology.reference import reference_fingerprint

if TYPE_CHECKING:
    from unkg.extract.evaluate import Evaluation


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
