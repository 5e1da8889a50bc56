"""Hostile and unusual report files, generated (issue #22, items 7–11).

Used by the robustness tests and by `bench/fuzz.py --files`. Every maker returns bytes; the
sizes are parameters so that CI can use small ones and the benchmark large ones.
"""

from __future__ import annotations

import io
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def paragraphs_xml(texts: list[str]) -> str:
    """w:p elements, one per text (XML-escaped)."""
    from xml.sax.saxutils import escape

    return "".join(
        f"<w:p><w:r><w:t xml:space='preserve'>{escape(t)}</w:t></w:r></w:p>" for t in texts
    )


def document_xml(body: str, prolog: str = "") -> bytes:
    return (
        f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>{prolog}"
        f"<w:document xmlns:w='{W_NS}' xmlns:r='{R_NS}'><w:body>{body}</w:body></w:document>"
    ).encode()


def docx(
    document: bytes,
    *,
    headers: list[str] = (),
    footers: list[str] = (),
    extra: dict[str, bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A minimal DOCX package around `document` (word/document.xml), with header and footer
    parts holding the given texts."""
    overrides = [("/word/document.xml", f"{_WML}.document.main+xml")]
    rels = []
    parts = {}
    for kind, texts in (("header", headers), ("footer", footers)):
        for i, text in enumerate(texts, 1):
            part = f"{kind}{i}.xml"
            root = "hdr" if kind == "header" else "ftr"
            parts[f"word/{part}"] = (
                f"<?xml version='1.0' encoding='UTF-8'?><w:{root} xmlns:w='{W_NS}'>"
                f"{paragraphs_xml([text])}</w:{root}>"
            ).encode()
            overrides.append((f"/word/{part}", f"{_WML}.{kind}+xml"))
            rels.append((f"rId{len(rels) + 1}", f"{_REL}/{kind}", part))
    types = (
        "<?xml version='1.0' encoding='UTF-8'?>"
        "<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'>"
        "<Default Extension='rels' ContentType='application/vnd.openxmlformats-package."
        "relationships+xml'/><Default Extension='xml' ContentType='application/xml'/>"
        + "".join(f"<Override PartName='{n}' ContentType='{t}'/>" for n, t in overrides)
        + "</Types>"
    )
    package_rels = (
        "<?xml version='1.0' encoding='UTF-8'?>"
        "<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
        f"<Relationship Id='rId1' Type='{_REL}/officeDocument' Target='word/document.xml'/>"
        "</Relationships>"
    )
    document_rels = (
        "<?xml version='1.0' encoding='UTF-8'?>"
        "<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
        + "".join(f"<Relationship Id='{i}' Type='{t}' Target='{p}'/>" for i, t, p in rels)
        + "</Relationships>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", package_rels)
        z.writestr("word/_rels/document.xml.rels", document_rels)
        z.writestr("word/document.xml", document)
        for name, data in {**parts, **(extra or {})}.items():
            z.writestr(name, data)
    return buf.getvalue()


def table_xml(rows: list[list[str]]) -> str:
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc>{paragraphs_xml([c])}</w:tc>" for c in row) + "</w:tr>"
        for row in rows
    )
    return f"<w:tbl>{cells}</w:tbl>"


# -- hostile DOCX ----------------------------------------------------------------------------


def malformed_docx() -> bytes:
    """document.xml cut off mid-element."""
    return docx(document_xml(paragraphs_xml(["MONUSCO in the Congo."]))[:-40])


def xxe_docx(target: str = "file:///etc/passwd") -> bytes:
    """An external entity that would pull in a local file (or a URL) if resolved."""
    prolog = f"<!DOCTYPE w:document [<!ENTITY xxe SYSTEM '{target}'>]>"
    body = "<w:p><w:r><w:t>before &xxe; after</w:t></w:r></w:p>"
    return docx(document_xml(body, prolog))


def laughs_docx(levels: int = 10) -> bytes:
    """Billion laughs: entities of ten references each, `levels` deep."""
    ents = ["<!ENTITY l0 'lol'>"] + [
        f"<!ENTITY l{i} '{f'&l{i - 1};' * 10}'>" for i in range(1, levels)
    ]
    prolog = "<!DOCTYPE w:document [" + "".join(ents) + "]>"
    body = f"<w:p><w:r><w:t>&l{levels - 1};</w:t></w:r></w:p>"
    return docx(document_xml(body, prolog))


def deep_docx(depth: int = 100_000) -> bytes:
    """XML nested `depth` elements deep inside a paragraph, stored uncompressed (so that the
    compression ratio does not refuse it before the XML parser sees it)."""
    body = "<w:p><w:r>" + "<w:x>" * depth + "</w:x>" * depth + "<w:t>deep</w:t></w:r></w:p>"
    return docx(document_xml(body), compression=zipfile.ZIP_STORED)


def bomb_docx(megabytes: int = 300) -> bytes:
    """A member that inflates to `megabytes` of zeros from a few hundred kilobytes."""
    return docx(
        document_xml(paragraphs_xml(["small"])),
        extra={"word/media/zeros.bin": bytes(megabytes << 20)},
    )


def expanding_docx(megabytes: int = 100) -> bytes:
    """A document.xml that is `megabytes` of repeated paragraphs (compresses about 1,000 times)."""
    one = paragraphs_xml(["a"])
    return docx(document_xml(one * ((megabytes << 20) // len(one))))


# -- PDF -------------------------------------------------------------------------------------


def pdf(content: bytes, filter_name: str | None = None) -> bytes:
    """A one-page PDF whose content stream is `content`, declared with `filter_name`."""
    flt = f" /Filter /{filter_name}" if filter_name else ""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d%s >>\nstream\n" % (len(content), flt.encode()) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def unknown_filter_pdf() -> bytes:
    """A PDF whose content stream declares a filter no reader implements."""
    return pdf(b"BT /F1 12 Tf 72 720 Td (MONUSCO) Tj ET", "UnknownDecode")


# -- HTML and text ---------------------------------------------------------------------------


def nested_html(tag: str = "blockquote", depth: int = 100_000, text: str = "深") -> bytes:
    """`depth` nested `tag` elements, with text at the bottom and at every level's end."""
    inner = "<li>" if tag in ("ul", "ol") else ""
    opened = f"<{tag}>{inner}" * depth
    closed = (f"</li></{tag}>" if inner else f"</{tag}>") * depth
    return f"<html><body>{opened}{text}{closed}</body></html>".encode()


def many_paragraphs_html(n: int = 200_000) -> bytes:
    return ("<html><body>" + "<p>联合国马里稳定团在马里。</p>" * n + "</body></html>").encode()


def one_line_chinese(chars: int) -> bytes:
    """A report of `chars` characters on one line (sentences, no line break), UTF-8."""
    sentence = "联合国刚果民主共和国稳定团在刚果民主共和国开展工作。"
    return (sentence * (chars // len(sentence) + 1))[:chars].encode()
