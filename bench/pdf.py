"""PDF reading speed and quality on the real UN reports in ../shared/real-pdfs, in one run.

    python bench/pdf.py                  # pages/s: unkg's reader vs pypdfium2's raw text, and OCR
    python bench/pdf.py --ocr-pages 10   # OCR only the first 10 scanned pages (default: all)
    python bench/pdf.py --libraries      # pypdf, pypdfium2, pdfplumber, pdfminer.six compared
    python bench/pdf.py --ocr-engines    # Tesseract vs RapidOCR: word accuracy and speed

Speeds are measured in the same run as their reference, so the ratios hold on a busy machine
while the absolute numbers do not. `--libraries` and `--ocr-engines` produced the tables in
docs/extraction.md (section "PDF"); the other libraries and engines are optional imports.
"""

from __future__ import annotations

import argparse
import csv
import re
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

from unkg.extract import ocr
from unkg.extract.pdf import read_pdf

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real-pdfs"
WORD = re.compile(r"[A-Za-z]+")


def sources() -> list[dict[str, str]]:
    path = REAL / "sources.csv"
    if not path.is_file():
        sys.exit(f"no real PDFs to benchmark (looked for {path})")
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def files(scanned: bool) -> list[Path]:
    return [REAL / r["file"] for r in sources() if (r["text_layer"] != "yes") == scanned]


def raw_pages(path: Path) -> list[str]:
    """pypdfium2's own text of each page: the reference for speed and for glued words."""
    pdf = pdfium.PdfDocument(path)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def speed(ocr_pages: int | None) -> None:
    text = files(scanned=False)
    pages = sum(len(raw_pages(p)) for p in text)
    raw = timed(lambda: [raw_pages(p) for p in text])
    ours = timed(lambda: [read_pdf(p.read_bytes(), p.name) for p in text if not _garbled(p)])
    ours_pages = sum(len(raw_pages(p)) for p in text if not _garbled(p))
    print(f"text PDFs: {len(text)} files, {pages} pages")
    print(f"  pypdfium2 raw text   {pages / raw:8.1f} pages/s")
    ratio = (raw / pages) / (ours / ours_pages)
    print(f"  unkg reader (layout) {ours_pages / ours:8.1f} pages/s  ({ratio:.2f} × raw)")
    if ocr.engine() is None:
        print("OCR: not installed (pip install 'unkg[ocr]' and tesseract-ocr)")
        return
    done, seconds, cpu = 0, 0.0, 0.0
    for path in files(scanned=True):
        count = len(pdfium.PdfDocument(path))
        if ocr_pages is not None:
            count = min(count, ocr_pages - done)
        if count <= 0:
            break
        before = _cpu()
        seconds += timed(lambda p=path, n=count: read_pdf(p.read_bytes(), p.name, n))
        cpu += _cpu() - before
        done += count
    if not done:
        return
    print(f"OCR ({ocr.engine()}, {ocr.DPI} dpi): {done} scanned pages")
    print(f"  {done / seconds:.2f} pages/s, {10 * seconds / done:.1f} s per 10 pages (wall clock)")
    print(f"  {cpu / done:.2f} CPU s per page (rasterising and Tesseract's processes):")
    print(f"  {10 * cpu / done / 2:.1f} s per 10 pages on 2 otherwise idle cores")
    print(f"  ratio to raw text extraction: 1 / {(seconds / done) / (raw / pages):,.0f}")


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished children (Tesseract), so
    OCR's cost is known on a machine busy with other work."""
    me, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def _garbled(path: Path) -> bool:
    """A text layer the reader replaces by OCR (timed with OCR, not here)."""
    from unkg.extract.pdf_lines import Line, Page
    from unkg.extract.pdf_textlayer import GARBLED, garbled_share

    pages = [Page([Line(t, 0, 0, 0, 0) for t in p.splitlines()], 1) for p in raw_pages(path)]
    return garbled_share(pages) > GARBLED


# -- the PDF libraries compared -----------------------------------------------------------


def _pypdf(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(path).pages]


def _pdfplumber(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _pdfminer(path: Path) -> list[str]:
    from pdfminer.high_level import extract_text

    return extract_text(path).split("\f")


def _pdfium(path: Path) -> list[str]:
    return [t.replace("\ufffe", "-") for t in raw_pages(path)]


LIBRARIES = {
    "pypdf": _pypdf,
    "pypdfium2": _pdfium,
    "pdfplumber": _pdfplumber,
    "pdfminer.six": _pdfminer,
}


def _in_order(text: str) -> bool:
    """Numbered paragraphs (a line starting `N. `) come in order 1, 2, 3 … up to the last."""
    numbers = [int(n) for n in re.findall(r"(?m)^\s*(\d{1,3})\.\s", text)]
    expected = 1
    for n in numbers:
        if n == expected:
            expected += 1
    return bool(numbers) and expected - 1 >= 0.95 * max(numbers)


def libraries() -> None:
    available = {}
    for name, fn in LIBRARIES.items():
        try:
            fn(files(scanned=False)[0])
            available[name] = fn
        except ImportError:
            print(f"({name} is not installed: left out)")
    stats = {name: Counter() for name in available}
    for path in files(scanned=False):
        texts = {}
        for name, fn in available.items():
            start = time.perf_counter()
            pages = fn(path)
            stats[name]["seconds"] += time.perf_counter() - start
            stats[name]["pages"] += len(pages)
            texts[name] = "\n".join(pages)
        vocab = {name: set(WORD.findall(t)) for name, t in texts.items()}
        for name, text in texts.items():
            others = set().union(*(v for k, v in vocab.items() if k != name))
            words = WORD.findall(text)
            glued = [w for w in words if w not in others and _splits(w, others)]
            stats[name]["words"] += len(words)
            stats[name]["glued"] += len(glued)
            stats[name]["ordered"] += _in_order(text)
    print("| library | pages/s | glued words | files with paragraphs in order |")
    print("|---|---:|---:|---:|")
    for name, s in stats.items():
        print(
            f"| {name} | {s['pages'] / s['seconds']:.1f} | {100 * s['glued'] / s['words']:.2f}% "
            f"| {s['ordered']}/{len(files(scanned=False))} |"
        )


def _splits(word: str, vocabulary: set[str]) -> bool:
    """`word` is two words of `vocabulary` run together (Councilinformed)."""
    return any(word[:i] in vocabulary and word[i:] in vocabulary for i in range(2, len(word) - 1))


# -- the OCR engines compared -------------------------------------------------------------


def _tesseract(image) -> tuple[str, float]:
    page = ocr._recognise(image, 792, 1, ocr.LANGUAGES)
    return "\n".join(ln.text for ln in page.lines), ocr._confidence(page)


def _rapidocr() -> Callable | None:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        return None
    engine = RapidOCR()

    def run(image) -> tuple[str, float]:
        import numpy as np

        result, _ = engine(np.asarray(image.convert("RGB")))
        result = result or []
        text = "\n".join(r[1] for r in result)
        return text, statistics.fmean(float(r[2]) for r in result) if result else 0.0

    return run


def ocr_engines(pages: int) -> None:
    """Word accuracy on text-layer pages rendered as images (the text layer is the truth),
    and mean confidence and speed on the scanned pages."""
    engines = {"tesseract": _tesseract}
    if (rapid := _rapidocr()) is not None:
        engines["rapidocr"] = rapid
    scale = ocr.DPI / 72
    truth_pages = [(p, i) for p in files(scanned=False)[-3:] for i in range(2)][:pages]
    scanned_pages = [(p, i) for p in files(scanned=True) for i in range(1)][:pages]
    print(
        f"| engine | word recall on {len(truth_pages)} rendered pages | mean confidence on "
        f"{len(scanned_pages)} scanned pages | s/page |"
    )
    print("|---|---:|---:|---:|")
    for name, run in engines.items():
        found = total = 0
        seconds, confidences = 0.0, []
        for path, i in truth_pages:
            pdf = pdfium.PdfDocument(path)
            truth = Counter(WORD.findall(pdf[i].get_textpage().get_text_range()))
            image = pdf[i].render(scale=scale, grayscale=True).to_pil()
            start = time.perf_counter()
            text, _ = run(image)
            seconds += time.perf_counter() - start
            got = Counter(WORD.findall(text))
            found += sum((truth & got).values())
            total += sum(truth.values())
        for path, i in scanned_pages:
            pdf = pdfium.PdfDocument(path)
            image = pdf[i].render(scale=scale, grayscale=True).to_pil()
            start = time.perf_counter()
            _, conf = run(image)
            seconds += time.perf_counter() - start
            confidences.append(conf)
        n = len(truth_pages) + len(scanned_pages)
        print(
            f"| {name} | {100 * found / total:.1f}% | {statistics.fmean(confidences):.2f} "
            f"| {seconds / n:.1f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--libraries", action="store_true", help="compare the PDF libraries")
    parser.add_argument("--ocr-engines", action="store_true", help="compare the OCR engines")
    parser.add_argument("--ocr-pages", type=int, default=None, help="scanned pages to OCR")
    parser.add_argument("--pages", type=int, default=6, help="pages per engine comparison")
    args = parser.parse_args()
    if args.libraries:
        libraries()
    elif args.ocr_engines:
        ocr_engines(args.pages)
    else:
        speed(args.ocr_pages)


if __name__ == "__main__":
    main()
