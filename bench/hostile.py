"""Hostile and unusual report files, generated (issue #22, items 7–11).

Used by the robustness tests and by `bench/fuzz.py --files`. Every maker returns bytes; the
sizes are parameters so that CI can use small ones and the benchmark large ones.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

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


# -- random files for the fuzz run (bench/fuzz.py --files) ------------------------------------

_WORDS = (
    "联合国马里稳定团",
    "在马里开展工作。",
    "MONUSCO",
    " operates in the Democratic Republic of the Congo. ",
    "S/RES/2690 (2023)",
    "第 2690(2023)号决议",
    "1. ",
    "\n\n",
    "\n",
    "<",
    "&amp;",
    "&",
    "\u3000",
    "\ufeff",
)
_TAGS = ("div", "p", "span", "b", "li", "ul", "td", "tr", "table", "blockquote", "section", "br")


def random_text(rng, parts: int = 60) -> str:
    return "".join(rng.choice(_WORDS) for _ in range(rng.randrange(1, parts)))


def random_html(rng, parts: int = 200) -> bytes:
    """Tags opened, closed (or not) and text in random order: unbalanced markup included."""
    out = []
    for _ in range(rng.randrange(1, parts)):
        r = rng.random()
        tag = rng.choice(_TAGS)
        if r < 0.3:
            out.append(f"<{tag}>")
        elif r < 0.45:
            out.append(f"</{tag}>")
        elif r < 0.5:
            out.append(rng.choice(("<script>", "<!--", "<style>", "</script>", "-->", "<!DOCTYPE")))
        else:
            out.append(random_text(rng, 4))
    return "".join(out).encode(rng.choice(("utf-8", "gb18030", "utf-16")), errors="ignore")


def random_docx(rng) -> bytes:
    """A DOCX with random paragraphs, tables, headers and footers, sometimes with XML cut or
    tags dropped (so that the parser sees malformed documents)."""
    body = ""
    for _ in range(rng.randrange(1, 12)):
        if rng.random() < 0.3:
            body += table_xml([[random_text(rng, 4) for _ in range(rng.randrange(1, 4))]])
        else:
            body += paragraphs_xml([random_text(rng, 8)])
    xml = document_xml(body)
    if rng.random() < 0.3:  # malformed: cut, or a random slice dropped
        cut = rng.randrange(len(xml))
        xml = xml[:cut] if rng.random() < 0.5 else xml[:cut] + xml[cut + rng.randrange(1, 40) :]
    return docx(
        xml,
        headers=[random_text(rng, 3) for _ in range(rng.randrange(3))],
        footers=[random_text(rng, 3) for _ in range(rng.randrange(3))],
    )


def random_encoded_text(rng) -> bytes:
    """Text in an encoding users meet, or random bytes."""
    codec = rng.choice(("utf-8", "gb18030", "big5", "utf-16-le", "utf-16-be", "utf-16", "cp1252"))
    if rng.random() < 0.1:
        return rng.randbytes(rng.randrange(1, 4000))
    return random_text(rng, 200).encode(codec, errors="ignore")


def mutate(rng, data: bytes, edits: int = 8) -> bytes:
    """`data` with random bytes changed, a random range deleted or repeated."""
    out = bytearray(data)
    for _ in range(rng.randrange(1, edits)):
        if not out:
            break
        i = rng.randrange(len(out))
        r = rng.random()
        if r < 0.6:
            out[i] = rng.randrange(256)
        elif r < 0.8:
            del out[i : i + rng.randrange(1, 64)]
        else:
            out[i:i] = out[i : i + rng.randrange(1, 64)]
    return bytes(out)


def random_case(rng) -> tuple[str, str, bytes]:
    """(kind, file name, bytes) of one random file."""
    kind = rng.choice(("html", "docx", "docx-bytes", "pdf-bytes", "text"))
    if kind == "html":
        return kind, "r.html", random_html(rng)
    if kind == "docx":
        return kind, "r.docx", random_docx(rng)
    if kind == "docx-bytes":
        return kind, "r.docx", mutate(rng, random_docx(rng))
    if kind == "pdf-bytes":
        return kind, "r.pdf", mutate(rng, pdf(b"BT /F1 12 Tf 72 720 Td (MONUSCO in Mali) Tj ET"))
    return kind, "r.txt", random_encoded_text(rng)


def fixed_cases(scale: int = 1) -> Iterator[tuple[str, str, bytes]]:
    """The hostile files of issue #22 at full size (scale=1) or 1/scale of it, made one at a
    time (the 914 MB document is built in memory before it is compressed)."""
    makers = [
        ("malformed.docx", malformed_docx),
        ("xxe.docx", xxe_docx),
        ("laughs.docx", laughs_docx),
        ("deep.docx", lambda: deep_docx(100_000 // scale)),
        ("bomb.docx", lambda: bomb_docx(300 // scale)),
        ("expanding.docx", lambda: expanding_docx(914 // scale)),
        ("unknown-filter.pdf", unknown_filter_pdf),
        ("blockquotes.html", lambda: nested_html("blockquote", 100_000 // scale)),
        ("lists.html", lambda: nested_html("ul", 20_000 // scale)),
        ("paragraphs.html", lambda: many_paragraphs_html(200_000 // scale)),
        ("one-line.txt", lambda: one_line_chinese(3_500_000 // scale)),  # 10 MB at scale 1
    ]
    for name, make in makers:
        yield "hostile", name, make()
