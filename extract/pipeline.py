"""From a file to a typed `Report`: reading, structure, then the pipeline's components per
unit (run on the unit's text alone: see `components.processes`)."""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import spacy
from msgspec import structs
from spacy.language import Language

from unkg.extract import components, tokenizer  # noqa: F401  (registers factories)
from unkg.extract.components import PIPES, ReportContext
from unkg.extract.metadata import from_sidecar, merge, settle
from unkg.extract.model import (
    Coverage,
    Paragraph,
    Report,
    ReportMeta,
    Skipped,
    coverage,
)
from unkg.extract.paragraphs import unit_paragraphs
from unkg.extract.pieces import bounded
from unkg.extract.read import (
    Document,
    NotStreamable,
    TextStream,
    open_text_stream,
    read_bytes,
    read_document,
)
from unkg.extract.structure import Structure, Unit, is_resolution_text, unit_boundary
from unkg.extract.symbols import symbol_year
from unkg.extract.textnorm import (
    detect_language,
    needs_simplifying,
)
from unkg.ontology.ids import report_slug
from unkg.ontology.reference import LANGUAGES, reference_signature


def build_pipeline(lang: str = "zh") -> Language:
    """A blank spaCy pipeline for `lang` with unkg's components (no model downloads)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; unkg reads {', '.join(LANGUAGES)}")
    config = (
        {"nlp": {"tokenizer": {"@tokenizers": "unkg.CharTokenizer.v1"}}} if lang == "zh" else {}
    )
    nlp = spacy.blank(lang, config=config)  # zh: one token per character, no name is split
    for pipe in PIPES:
        nlp.add_pipe(pipe)
    return nlp


# a pipeline per language for the reference data in force; older ones are dropped (each holds
# its gazetteer automata), so a long session that edits its reference folder stays flat
@lru_cache(maxsize=2 * len(LANGUAGES))
def _pipeline_for(lang: str, signature: tuple) -> Language:
    return build_pipeline(lang)


def pipeline(lang: str = "zh") -> Language:
    """The shared pipeline for `lang`, rebuilt when the reference data in force changes."""
    return _pipeline_for(lang, reference_signature())


# A year in the document's head: 1961, or in Chinese numerals 一九六一 (old resolution texts).
_HEAD_YEAR = re.compile(
    r"(?<!\d)(19[4-9]\d|20[0-4]\d)(?!\d)|一九[〇○零一二三四五六七八九]{2}|二〇[〇○零一二三四五六七八九]{2}"
)
_CN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "00012345678" + "9")
HEAD_CHARS = 400


def names_date(meta: ReportMeta, text: str = "") -> str | None:
    """The date names are read as of (联合国紧急部队 in 1975 is UNEF II): the report's date,
    else the year of its symbol (S/RES/186(1964), S/2023/282), else the first year its head
    names (a resolution's 一六九(一九六一) header)."""
    if meta.date:
        return meta.date
    year = symbol_year(meta.symbol or "")
    if year:
        return year
    head = _HEAD_YEAR.search(text[:HEAD_CHARS])
    return head.group(0).translate(_CN_DIGITS) if head else None


@dataclass(frozen=True)
class Prepared:
    """A read document with its metadata settled and its report id: all that is known
    before extraction, enough to tell whether a stored report is still current."""

    document: Document
    meta: ReportMeta
    slug: str


def _settled(text: str, name: str, meta: ReportMeta | None) -> ReportMeta:
    """What the file name and the text (or its start) say about the report, merged with
    `meta` (which wins), with the language settled."""
    merged = settle(text, name, meta)
    lang = merged.language if merged.language in LANGUAGES else detect_language(text)
    return merge(merged, ReportMeta(language=lang))


def _with_sidecar(path: Path, meta: ReportMeta | None, follow: bool) -> ReportMeta:
    """`meta` over the file's ``<name>.meta.json``; a ``translation_of`` naming a file
    beside it becomes that file's report id."""
    merged = merge(from_sidecar(path), meta)
    other = merged.translation_of
    if follow and other and (path.parent / other).is_file():
        merged = replace(
            merged, translation_of=prepare_file(path.parent / other, follow=False).slug
        )
    return merged


def prepare_document(document: Document, meta: ReportMeta | None = None) -> Prepared:
    """Merge what the text says about itself with `meta` (which wins) and name the report."""
    merged = _settled(document.text, document.name, meta)
    return Prepared(document, merged, report_slug(merged.symbol, document.text, merged.language))


def prepare_file(
    path: str | Path, meta: ReportMeta | None = None, *, follow: bool = True
) -> Prepared:
    """Read a file with its ``<name>.meta.json`` sidecar (see `_with_sidecar`)."""
    path = Path(path)
    return prepare_document(read_document(path), _with_sidecar(path, meta, follow))


class Extraction(Iterator[Paragraph]):
    """A report's paragraphs as they are extracted, with the account of its text so far:
    the blocks left out of every unit and the coverage, complete once iteration ends."""

    def __init__(self, paragraphs: Callable[[Extraction], Iterator[Paragraph]]) -> None:
        """`paragraphs` makes the paragraph iterator; it calls `parse` to get its units."""
        self.skipped: list[Skipped] = []
        self.coverage = Coverage(0, 0, 0)
        self._paragraphs = paragraphs(self)

    def __next__(self) -> Paragraph:
        """The next paragraph, made with Python's cyclic garbage collector paused (and on
        again after, if it was on): structure, components and result objects make hundreds
        of thousands of short-lived objects that form no cycles (reference counting frees
        them), which set off collections, a full one or two per MB of text that walks every
        object of the process (pipelines, automata, reference data: 60-70 ms, 10 % of
        Chinese extraction). Only this code runs paused, never the caller's."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            return next(self._paragraphs)
        finally:
            if enabled:
                gc.enable()

    def rest(self) -> tuple[Paragraph, ...]:
        """All the paragraphs not taken yet, made with the collector paused once for them all
        (see `__next__`): for a caller that runs no code between two of them."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            return tuple(self._paragraphs)
        finally:
            if enabled:
                gc.enable()

    def parse(
        self,
        structure: Structure,
        text: str,
        base: int = 0,
        skip: Iterable[Skipped] = (),
        tables: Iterable[tuple[int, int]] = (),
    ) -> list[Unit]:
        """The units of `text` (a report or a block of one at offset `base`), accounted;
        `skip` names lines the reader already knows are no unit's (a PDF's furniture), and
        `tables` the spans it found to be tables."""
        units = bounded(structure.units(text, skip, tables), text)
        skipped = structure.take_skipped()
        self.coverage += coverage(text, (seg for u in units for seg in u.segments), skipped)
        self.skipped.extend(Skipped(b.start + base, b.end + base, b.reason) for b in skipped)
        return units


def iter_paragraphs(prepared: Prepared) -> Extraction:
    """The report's paragraphs one by one, for streaming a large report without keeping
    every result in memory (`unkg extract --format jsonl` writes them as they come)."""
    document, meta = prepared.document, prepared.meta
    text, language = document.text, meta.language or "zh"

    def paragraphs(extraction: Extraction) -> Iterator[Paragraph]:
        structure = Structure(is_resolution_text(text), reflowed=document.reflowed)
        units = extraction.parse(structure, text, skip=document.skipped, tables=document.tables)
        ctx = ReportContext.of(meta, names_date(meta, text))
        paragraphs = unit_paragraphs(text, units, pipeline(language), language, ctx=ctx)
        yield from _with_ocr(paragraphs, document.ocr) if document.ocr else paragraphs

    return Extraction(paragraphs)


def _with_ocr(
    paragraphs: Iterable[Paragraph], spans: tuple[tuple[int, int, float], ...]
) -> Iterator[Paragraph]:
    """Each paragraph with the mean OCR confidence of the text it holds that OCR read."""
    for p in paragraphs:
        inside = [
            conf
            for s, e, conf in spans
            for ps, pe in p.segments or ((p.start, p.end),)
            if s < pe and ps < e
        ]
        yield (
            structs.replace(p, ocr_confidence=round(sum(inside) / len(inside), 3)) if inside else p
        )


@dataclass(frozen=True)
class Streamed:
    """A text report opened to be extracted block by block (`stream_paragraphs`), for files
    too large to hold in memory: the streaming counterpart of `Prepared`."""

    stream: TextStream
    meta: ReportMeta
    slug: str


BLOCK_CHARS = 1 << 16  # characters per block when streaming


def prepare_stream(path: str | Path, meta: ReportMeta | None = None) -> Streamed:
    """Like `prepare_file`, without reading the whole text into memory (.txt and .md)."""
    path = Path(path)
    stream = open_text_stream(path)
    merged = _settled(stream.head, path.name, _with_sidecar(path, meta, follow=True))
    slug = report_slug(merged.symbol, "", merged.language, digest=stream.text_sha256)
    return Streamed(stream, merged, slug)


def _blocks(chunks: Iterator[str], size: int) -> Iterator[tuple[int, str]]:
    """(offset, text) blocks of about `size` characters or more, each cut just before a
    line that opens a paragraph or heading (see `unit_boundary`)."""
    buffer, base = "", 0
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= 2 * size:
            # a cut in [size, 2 size); a report without line breaks is cut anyway
            cut = unit_boundary(buffer[: 2 * size], size) or size
            yield base, buffer[:cut]
            base, buffer = base + cut, buffer[cut:]
    if buffer:
        yield base, buffer


def stream_paragraphs(streamed: Streamed, block_chars: int = BLOCK_CHARS) -> Extraction:
    """The report's paragraphs, as `iter_paragraphs` gives them, from a file read and
    extracted block by block: memory stays flat however large the file."""
    meta = streamed.meta
    language = meta.language or "zh"
    nlp = pipeline(language)
    head = streamed.stream.head
    structure = Structure(is_resolution_text(head))
    ctx = ReportContext.of(meta, names_date(meta, head))
    simplify = needs_simplifying(head)

    def paragraphs(extraction: Extraction) -> Iterator[Paragraph]:
        for base, block in _blocks(streamed.stream.chunks(), block_chars):
            units = extraction.parse(structure, block, base)
            yield from unit_paragraphs(
                block, units, nlp, language, base=base, ctx=ctx, simplify=simplify
            )

    return Extraction(paragraphs)


def iter_file(
    path: str | Path, meta: ReportMeta | None = None
) -> tuple[str, ReportMeta, Extraction]:
    """A report file's id, metadata and paragraphs one by one (`unkg extract --format jsonl`).
    Text files are read and extracted block by block, so memory stays flat; other formats,
    and text in a legacy code page, are read whole."""
    try:
        streamed = prepare_stream(path, meta)
        return streamed.slug, streamed.meta, stream_paragraphs(streamed)
    except NotStreamable:
        prepared = prepare_file(path, meta)
        return prepared.slug, prepared.meta, iter_paragraphs(prepared)


def extract_prepared(prepared: Prepared) -> Report:
    """Run structure parsing and the pipeline over a prepared document."""
    document, meta = prepared.document, prepared.meta
    extraction = iter_paragraphs(prepared)
    paragraphs = extraction.rest()
    return Report(
        slug=prepared.slug,
        source=document.name,
        sha256=document.sha256,
        encoding=document.encoding,
        format=document.format,
        text=document.text,
        meta=meta,
        paragraphs=paragraphs,
        skipped=tuple(extraction.skipped),
        ocr_pages=document.ocr_pages,
    )


def extract_document(document: Document, meta: ReportMeta | None = None) -> Report:
    """Extract one decoded document; `meta` overrides what the text says about itself."""
    return extract_prepared(prepare_document(document, meta))


def extract_file(path: str | Path, meta: ReportMeta | None = None) -> Report:
    """Read and extract a report file, with its ``<name>.meta.json`` sidecar if present."""
    return extract_prepared(prepare_file(path, meta))


def extract_text(text: str, name: str = "text.txt", meta: ReportMeta | None = None) -> Report:
    """Extract a report given as a string (notebooks, tests)."""
    return extract_document(read_bytes(text.encode("utf-8"), name), meta)
