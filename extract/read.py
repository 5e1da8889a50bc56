"""Reading report files (TXT, Markdown, PDF, DOCX, HTML) into one decoded text.

Every reader returns the same `Document`, so structure parsing and extraction never
care where the text came from; HTML and DOCX have their own modules (`html_text`,
`docx_text`). Failures raise `ReadError` (`unkg.extract.errors`) naming the file and the
reason, so a build can report the file and go on with the others.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import charset_normalizer

from unkg.extract.docx_text import docx_text
from unkg.extract.errors import ReadError, printable
from unkg.extract.html_text import html_text
from unkg.extract.model import Skipped
from unkg.extract.pdf import read_pdf

T = TypeVar("T")
TEXT_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".text": "txt"}
SUFFIXES = {**TEXT_SUFFIXES, ".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html"}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# What charset-normalizer chooses among when a file is not UTF-8 and has no byte-order mark:
# the encodings UN texts come in (Chinese in GB18030/GBK or Big5, UTF-16 without a BOM, the
# Western, Central European, Cyrillic, Greek and Arabic Windows code pages, Latin-1, KOI8-R).
# Unrestricted detection ranks rare code pages first (Latin-1 French came out as cp775).
_DETECTED = (
    "gb18030",
    "big5",
    "utf_16_le",
    "utf_16_be",
    "cp1252",
    "latin_1",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1256",
    "koi8_r",
)
_LABELS = {"utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be"}  # as unkg has always said
# Codecs a large file can be decoded in pieces with (see `open_text_stream`).
_STREAMABLE = ("gb18030", "big5", "utf_16_le", "utf_16_be")
DETECT_BYTES = 1 << 16  # what detection looks at in a file read in pieces


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded report file."""

    name: str  # file name without directories
    text: str
    encoding: str  # the detected encoding, or the container format's
    format: str  # txt, md, pdf, docx, html
    sha256: str  # of the file's bytes
    # Spans of `text` that are no unit's (a PDF's header block, running headers and
    # footers): (start, end, reason).
    skipped: tuple[Skipped, ...] = ()
    # Spans of `text` read by OCR, with the engine's mean confidence (0..1).
    ocr: tuple[tuple[int, int, float], ...] = ()
    ocr_pages: int = 0  # pages of a PDF read by OCR
    # Each paragraph is one line, its sub-paragraphs lines right below it, paragraphs
    # apart by a blank line: the PDF reader lays text out so (see `unkg.extract.pdf`).
    reflowed: bool = False
    # Spans of `text` that are tables (a PDF's), one row a line, cells parted by `CELL`.
    tables: tuple[tuple[int, int], ...] = ()


def _bom(data: bytes) -> tuple[str, str] | None:
    """(codec, how unkg reports it) when `data` starts with a byte-order mark."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, codec.replace("-sig", "") + " (BOM)"
    return None


def detect(data: bytes) -> str | None:
    """The codec of text bytes that are not UTF-8 (charset-normalizer among `_DETECTED`),
    or None when no candidate reads them as text."""
    best = charset_normalizer.from_bytes(data, cp_isolation=list(_DETECTED)).best()
    return best.encoding if best is not None else None


def decode(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode text bytes: a BOM first, then strict UTF-8, then detection; returns the text
    and the encoding as the build table and `unkg extract` report it."""
    if bom := _bom(data):
        codec, label = bom
        try:
            return data.decode(codec), label
        except UnicodeDecodeError as exc:
            raise ReadError(
                name, f"has a {codec} byte-order mark but is not {codec}: {exc}"
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    codec = detect(data)
    if codec is None:
        reason = (
            "looks binary (NUL bytes), not a text report"
            if b"\x00" in data[:4096]
            else ("is not text in any encoding unkg recognizes (UTF-8/16, GB18030, Big5 …)")
        )
        raise ReadError(name, reason)
    return data.decode(codec), _LABELS.get(codec, codec)


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return controls / len(sample) > 0.05


def _guarded(reader: Callable[[bytes, str], T], data: bytes, name: str, what: str) -> T:
    """`reader(data, name)`, with whatever a format library raises besides `ReadError` (a
    page pdfium cannot load, a ZIP feature zipfile does not implement) made a `ReadError`
    naming the file, so that `unkg extract` says so instead of printing a traceback."""
    try:
        return reader(data, name)
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(name, f"is not a readable {what} ({type(exc).__name__}: {exc})") from None


def read_bytes(data: bytes, name: str, fmt: str | None = None) -> Document:
    """Decode `data` (the content of a file called `name`) as a report."""
    if not data.strip():
        raise ReadError(name, "is empty")
    fmt = fmt or SUFFIXES.get(Path(name).suffix.lower(), "txt")
    if fmt == "pdf":
        return read_pdf_document(data, name)
    if fmt == "docx":
        text, encoding = _guarded(docx_text, data, name, "DOCX file"), "docx"
    elif fmt == "html":
        text, encoding = decode(data, name)
        text = html_text(text)
    else:
        text, encoding = decode(data, name)
        if _looks_binary(text):
            raise ReadError(name, "looks binary (control characters), not a text report")
    if not text.strip():
        raise ReadError(name, f"has no text ({fmt})")
    return Document(Path(name).name, text, encoding, fmt, hashlib.sha256(data).hexdigest())


def read_pdf_document(data: bytes, name: str, pages: int | None = None) -> Document:
    """A PDF (its first `pages` pages, or all) as a `Document` (see `unkg.extract.pdf`)."""
    layout = _guarded(lambda d, n: read_pdf(d, n, pages), data, name, "PDF")
    if not layout.text.strip():
        raise ReadError(name, "has no text (pdf)")
    digest = hashlib.sha256(data).hexdigest()
    return Document(
        Path(name).name,
        layout.text,
        "pdf",
        "pdf",
        digest,
        layout.skipped,
        layout.ocr,
        layout.ocr_pages,
        reflowed=True,
        tables=layout.tables,
    )


def read_document(path: str | Path) -> Document:
    """Read one report file; raises `ReadError` with the reason when it cannot."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc) from None
    return read_bytes(data, file_name(path))


def file_name(path: str | Path) -> str:
    """The file's name without directories, as valid Unicode (see `printable`)."""
    return printable(Path(path).name)


def _unreadable(path: Path, exc: OSError) -> ReadError:
    if isinstance(exc, FileNotFoundError):
        return ReadError(path, "does not exist")
    if isinstance(exc, IsADirectoryError):
        return ReadError(path, "is a directory")
    if isinstance(exc, PermissionError):
        return ReadError(path, "cannot be read (permission denied)")
    return ReadError(path, f"cannot be read ({exc.strerror or exc})")


# -- very large text files, read in pieces ----------------------------------------------------

STREAM_READ = 1 << 18  # bytes per read
HEAD_CHARS = 65_536  # what metadata, language and script are judged on


class NotStreamable(ReadError):
    """The file may be readable whole (`read_document`), but not in pieces."""


@dataclass(frozen=True, slots=True)
class TextStream:
    """A text report read in pieces, so that a file of any size is never in memory whole.
    Opening it reads the file once (encoding, hashes, the head); `chunks` reads it again,
    decoding as it goes."""

    path: Path
    codec: str  # the Python codec that decodes it
    encoding: str  # as `Document.encoding` says it
    format: str  # txt, md
    sha256: str  # of the file's bytes
    text_sha256: str  # of the decoded text in UTF-8 (names a report that has no symbol)
    head: str  # the first HEAD_CHARS characters

    @property
    def name(self) -> str:
        return file_name(self.path)

    def chunks(self) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder(self.codec)()
        with self.path.open("rb") as fh:
            while data := fh.read(STREAM_READ):
                if text := decoder.decode(data):
                    yield text
            if text := decoder.decode(b"", final=True):
                yield text


def open_text_stream(path: str | Path) -> TextStream:
    """Open a .txt or .md report for streaming: UTF-8/16/32 with a BOM, UTF-8, or what
    detection on the first `DETECT_BYTES` finds if it is GB18030, Big5 or BOM-less UTF-16.
    Other encodings (legacy code pages) need the whole-file `read_document`."""
    path = Path(path)
    fmt = TEXT_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise NotStreamable(path, "only .txt and .md reports can be read in pieces")
    try:
        with path.open("rb") as fh:
            start = fh.read(DETECT_BYTES)
        for codec, label in _stream_codecs(start, path):
            try:
                digest, text_digest, head = _scan(path, codec)
            except UnicodeDecodeError:
                continue
            if not head.strip():
                raise ReadError(path, "is empty")
            if _looks_binary(head):
                raise ReadError(path, "looks binary (control characters), not a text report")
            return TextStream(path, codec, label, fmt, digest, text_digest, head)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    raise NotStreamable(
        path, "is not UTF-8, UTF-16, GB18030 or Big5 text, which large files must be"
    )


def _stream_codecs(start: bytes, path: Path) -> list[tuple[str, str]]:
    """The codecs to try, in order, as `decode` tries them (detection on the file's start,
    whose last character may be cut: the whole file is decoded strictly afterwards)."""
    if bom := _bom(start):
        return [bom]
    codecs_ = [("utf-8", "utf-8")]
    try:
        start.decode("utf-8")
        return codecs_
    except UnicodeDecodeError as exc:
        if exc.start < len(start) - 4:  # not merely a character cut at the sample's end
            codecs_ = []
    codec = detect(start)
    if codec in _STREAMABLE:
        codecs_.append((codec, _LABELS.get(codec, codec)))
    elif b"\x00" in start:
        raise ReadError(path, "looks binary (NUL bytes), not a text report")
    return codecs_


def _scan(path: Path, codec: str) -> tuple[str, str, str]:
    """Decode the whole file once without keeping it: (bytes hash, text hash, head)."""
    raw, text = hashlib.sha256(), hashlib.sha256()
    decoder = codecs.getincrementaldecoder(codec)()
    head = ""
    with path.open("rb") as fh:
        while data := fh.read(STREAM_READ):
            raw.update(data)
            piece = decoder.decode(data)
            text.update(piece.encode("utf-8"))
            if len(head) < HEAD_CHARS:
                head += piece[: HEAD_CHARS - len(head)]
        piece = decoder.decode(b"", final=True)
        text.update(piece.encode("utf-8"))
        head += piece[: max(0, HEAD_CHARS - len(head))]
    return raw.hexdigest(), text.hexdigest(), head
