"""Encodings UN texts come in, detected by charset-normalizer and reported (issue #22, item 10).

Texts of the development corpus (read from ../shared at run time) are encoded as a user's
system would have saved them; each must decode to exactly the original text, with the
encoding named. Big5 holds traditional characters, so those texts are converted first.
"""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest
from support import DEV_CORPUS

from unkg.extract.read import decode, open_text_stream, read_bytes, read_document

CORPUS = DEV_CORPUS / "raw"
ZH = sorted((CORPUS / "zh").glob("*.txt"))
EN = sorted((CORPUS / "en").glob("*.txt"))
pytestmark = pytest.mark.skipif(not ZH, reason="../shared/dev-corpus is not there")
TRADITIONAL = opencc.OpenCC("s2t")


def sample(path: Path, codec: str, chars: int = 2000) -> str:
    text = path.read_text(encoding="utf-8")[:chars]
    return TRADITIONAL.convert(text) if codec == "big5" else text


@pytest.mark.parametrize(
    ("codec", "reported"),
    [
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),  # GBK is a subset of GB18030
        ("big5", "big5"),
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
    ],
)
def test_chinese_texts_are_decoded_exactly_with_the_encoding_named(codec, reported):
    wrong = []
    for path in ZH:
        text = sample(path, codec)
        data = text.encode(codec, errors="ignore")
        got, encoding = decode(data, path.name)
        if (got, encoding) != (data.decode(codec), reported):
            wrong.append((path.name, encoding))
    assert not wrong, wrong


def test_utf16_without_bom_is_read_even_when_almost_no_byte_is_nul():
    """Chinese in UTF-16 has few NUL bytes (here under 5 %; the hand rule before wanted 1/8
    and refused such files as binary)."""
    text = "".join(sample(p, "utf-16-le") for p in ZH[:3])
    text = "".join(c for c in text if ord(c) > 127 or c == "\n")
    data = text.encode("utf-16-le")
    assert data.count(0) / len(data) < 0.05
    doc = read_bytes(data, "r.txt")
    assert (doc.text, doc.encoding) == (text, "utf-16-le")


def test_western_code_page_text_stays_western():
    text = "".join(p.read_text(encoding="utf-8")[:1500] for p in EN[:5])
    text = text.replace(" the ", " thé ").replace("'", "’")
    doc = read_bytes(text.encode("cp1252", errors="ignore"), "fr.txt")
    assert doc.encoding in ("cp1252", "cp1250", "latin_1")
    assert "thé" in doc.text


@pytest.mark.parametrize("codec", ["big5", "gb18030", "utf-16-le"])
def test_a_large_file_streams_in_the_detected_encoding(tmp_path, codec):
    text = "\n\n".join(sample(p, codec, 20_000) for p in ZH[:12]) * 3
    path = tmp_path / "big.txt"
    path.write_bytes(text.encode(codec, errors="ignore"))
    whole, stream = read_document(path), open_text_stream(path)
    assert stream.encoding == whole.encoding == codec
    assert "".join(stream.chunks()) == whole.text


def test_the_encoding_is_in_extract_json(tmp_path):
    import json
    import subprocess
    import sys

    path = tmp_path / "r.txt"
    path.write_bytes(sample(ZH[0], "big5").encode("big5", errors="ignore"))
    done = subprocess.run(
        [sys.executable, "-m", "unkg", "extract", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["encoding"] == "big5"
