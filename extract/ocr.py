"""OCR of scanned PDF pages with Tesseract (the optional `unkg[ocr]` extra: pytesseract,
plus the system packages tesseract-ocr and tesseract-ocr-chi-sim).

Tesseract was chosen over RapidOCR (ONNX models in the wheel) by measurement on the scanned
UN reports (docs/extraction.md): RapidOCR's bundled Chinese model dropped whole lines and the
spaces between English words and was slower on 2 cores. Pages are rasterised with pypdfium2
(which is not thread-safe, so in this thread) and recognised in parallel Tesseract
processes, each held to one thread.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

from unkg.extract.errors import ReadError
from unkg.extract.pdf_lines import Line, Page

DPI = 300  # Tesseract's accuracy on 10–12 pt type drops below this (docs/extraction.md)
LANGUAGES = "eng"
CHINESE = "chi_sim+eng"
LOW_CONFIDENCE = 0.6  # a first page read worse than this as English is tried as Chinese
ENABLE = (
    "install OCR to read it: pip install 'unkg[ocr]' and the system packages "
    "tesseract-ocr tesseract-ocr-chi-sim (Debian/Ubuntu: apt-get install …)"
)
# OCR reads the S of a document symbol as $ ($/1998/113), § (§/1995/390) or, before a
# year, 8 (8/2001/42), or its first slash as a space (S 2003/243).
_DOLLAR_SYMBOL = re.compile(r"(?<![\w$§/])(?:[$§](?=/\d)|8(?=/(?:19|20)\d\d/\d))")
_SPACED_SYMBOL = re.compile(r"\b([ASE]) (?=(?:19|20)\d\d/\d)")
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def engine() -> str | None:
    """The OCR engine's name and version, or None when it is not installed."""
    try:
        import pytesseract
    except ImportError:
        return None
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        return None
    try:
        return f"tesseract {pytesseract.get_tesseract_version()}"
    except (pytesseract.TesseractNotFoundError, OSError):
        return None


def engine_or_error(name: str, scanned: int, pages: int) -> str:
    """The engine, or a `ReadError` saying the file needs OCR and how to enable it."""
    found = engine()
    if found is None:
        raise ReadError(
            name, f"is a scanned PDF ({scanned} of {pages} pages have no text layer); {ENABLE}"
        )
    return found


def read_pages(pdf, numbers: list[int], name: str) -> Iterator[Page]:
    """The pages `numbers` of `pdf` (a pypdfium2 PdfDocument) read by OCR, in order. The
    first page settles the language (English, else Chinese with English)."""
    import pytesseract

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one thread per Tesseract process
    scale = DPI / 72
    images = (
        (pdf[i].render(scale=scale, grayscale=True).to_pil(), pdf[i].get_height()) for i in numbers
    )
    try:
        first = next(images, None)
        if first is None:
            return
        page = _recognise(first[0], first[1], scale, LANGUAGES)
        language = LANGUAGES
        if _confidence(page) < LOW_CONFIDENCE:
            chinese = _recognise(first[0], first[1], scale, CHINESE)
            if _confidence(chinese) > _confidence(page):
                page, language = chinese, CHINESE
        yield page
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            futures = [pool.submit(_recognise, img, h, scale, language) for img, h in images]
            for future in futures:
                yield future.result()
    except (pytesseract.TesseractError, OSError, RuntimeError) as exc:
        raise ReadError(name, f"could not be read by OCR ({exc})") from None


def _symbols(text: str) -> str:
    """Document symbols as printed where OCR misread them (see `_DOLLAR_SYMBOL`)."""
    return _SPACED_SYMBOL.sub(r"\1/", _DOLLAR_SYMBOL.sub("S", text))


def _join_words(words: list[str]) -> str:
    """Tesseract's words of a line: a space between them, none between Chinese ones."""
    text = words[0]
    for word in words[1:]:
        cjk = _CJK.match(text[-1]) and _CJK.match(word[0])
        text += word if cjk else " " + word
    return text


def _confidence(page: Page) -> float:
    values = [ln.confidence for ln in page.lines if ln.confidence is not None]
    return statistics.fmean(values) if values else 0.0


def _recognise(image, height: float, scale: float, language: str) -> Page:
    """One page image as `Line`s in points, each with its words' mean confidence."""
    import pytesseract

    data = pytesseract.image_to_data(
        image, lang=language, config="--psm 3", output_type=pytesseract.Output.DICT
    )
    rows: dict[tuple[int, int, int], list[int]] = {}
    for i, word in enumerate(data["text"]):
        if word.strip() and float(data["conf"][i]) >= 0:
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            rows.setdefault(key, []).append(i)
    lines = []
    for indices in rows.values():
        text = _join_words([data["text"][i].strip() for i in indices])  # Tesseract: " word"
        tops = [data["top"][i] for i in indices]
        bottoms = [data["top"][i] + data["height"][i] for i in indices]
        lines.append(
            Line(
                _symbols(text),
                min(tops) / scale,
                max(bottoms) / scale,
                min(data["left"][i] for i in indices) / scale,
                statistics.median(data["height"][i] for i in indices) / scale,
                round(statistics.fmean(float(data["conf"][i]) for i in indices) / 100, 3),
            )
        )
    return Page(lines, height, ocr=True)
