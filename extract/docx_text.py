"""The text of a DOCX report: body, tables, text boxes, notes, headers and footers.

The archive's declared sizes are checked against `unkg.extract.limits` before anything is
inflated (zip bombs), and every XML part is parsed by python-docx's parser, which neither
resolves entities (XXE, billion laughs) nor reads from the network, and refuses documents
nested deeper than libxml2's default limit. Any failure is a `ReadError` naming the file.
"""

from __future__ import annotations

import io
import zipfile

from unkg.extract import limits
from unkg.extract.errors import ReadError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _T, _TAB, _BR, _CR, _HYPHEN = (
    f"{_W}p",
    f"{_W}t",
    f"{_W}tab",
    f"{_W}br",
    f"{_W}cr",
    f"{_W}noBreakHyphen",
)
_CHARS = {_TAB: "\t", _BR: "\n", _CR: "\n", _HYPHEN: "\u2011"}
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
# Parts whose text belongs to the report, after the body; headers and footers last (they
# repeat on every page: each distinct one is kept once).
_PARTS = ("footnotes+xml", "endnotes+xml", "header+xml", "footer+xml")


def check_zip(data: bytes, name: str) -> None:
    """Refuse an archive whose declared sizes exceed `limits` (before inflating anything)."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except Exception as exc:  # BadZipFile, NotImplementedError (a ZIP feature), ValueError …
        raise ReadError(name, f"is not a readable DOCX file ({exc})") from None
    if len(members) > limits.ZIP_MEMBERS:
        raise ReadError(name, f"has {len(members):,} ZIP members (limit {limits.ZIP_MEMBERS:,})")
    total = 0
    for m in members:
        total += m.file_size
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > limits.ZIP_MEMBER_BYTES or total > limits.ZIP_TOTAL_BYTES:
            raise ReadError(
                name,
                f"expands to over {max(m.file_size, total) >> 20:,} MB ({m.filename}; limit "
                f"{limits.ZIP_MEMBER_BYTES >> 20} MB a member, {limits.ZIP_TOTAL_BYTES >> 20} MB "
                "in all): refused as a possible zip bomb",
            )
        if m.file_size > limits.ZIP_RATIO_FROM and ratio > limits.ZIP_RATIO:
            raise ReadError(
                name,
                f"member {m.filename} is compressed {ratio:,.0f} times (limit "
                f"{limits.ZIP_RATIO}): refused as a possible zip bomb",
            )


def _paragraph_text(p) -> str:
    """The text of one w:p, without the paragraphs nested in it (text boxes), which are
    read as paragraphs of their own."""
    out = []
    for el in p.iter(_T, _TAB, _BR, _CR, _HYPHEN):
        if next(el.iterancestors(_P), None) is not p:
            continue
        # itertext: an entity left unresolved (never expanded) keeps the text after it
        out.append("".join(el.itertext()) if el.tag == _T else _CHARS[el.tag])
    return "".join(out)


def _part_paragraphs(element) -> list[str]:
    return [t for p in element.iter(_P) if (t := _paragraph_text(p)).strip()]


def docx_text(data: bytes, name: str) -> str:
    """The document's non-blank paragraphs joined by blank lines: the body in document
    order (table cells and text boxes included), then notes, headers and footers."""
    from docx import Document as Docx
    from docx.oxml.parser import parse_xml

    check_zip(data, name)
    try:
        doc = Docx(io.BytesIO(data))
        blocks = _part_paragraphs(doc.element)
        seen = set(blocks)
        rels = sorted(doc.part.rels.values(), key=lambda r: str(getattr(r, "target_ref", "")))
        for kind in _PARTS:
            for rel in rels:
                if rel.is_external or rel.target_part.content_type != _WML + kind:
                    continue
                part = rel.target_part
                element = getattr(part, "element", None)
                element = parse_xml(part.blob) if element is None else element
                for text in _part_paragraphs(element):
                    if text not in seen:
                        seen.add(text)
                        blocks.append(text)
    except ReadError:
        raise
    except Exception as exc:  # python-docx and lxml raise many types for broken packages
        raise ReadError(
            name, f"is not a readable DOCX file ({type(exc).__name__}: {exc})"
        ) from None
    return "\n\n".join(blocks)
