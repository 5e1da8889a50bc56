"""The text of a DOCX report."""

from __future__ import annotations

import io

from unkg.extract.errors import ReadError


def docx_text(data: bytes, name: str) -> str:
    """The document's non-blank paragraphs joined by blank lines."""
    import zipfile

    from docx import Document as Docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Docx(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(name, f"is not a readable DOCX file ({exc})") from None
    return "\n\n".join(p.text for p in doc.paragraphs if p.text.strip())
