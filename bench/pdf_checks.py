"""How well unkg reads a folder of UN report PDFs, file by file, without gold annotation.

    python bench/pdf_checks.py                    # ../shared/real-pdfs, OCR'd pages included
    python bench/pdf_checks.py DIR --pages 2      # another folder, the first 2 pages of each

For each file: pages and pages read by OCR; the symbol (against `sources.csv` when the folder
has one) and the date of the header block; whether the numbered paragraphs before the first
annex come out 1..N; the share of words in text-layer units that pypdfium2's own text never has
(glued across lines); units that are page furniture; characters lost; whether the mission
named by the file name's prefix (`UNMOT_S_1995_105.pdf`) and one of its host countries are
found. Then every mission and non-UN operation found, whether it is reference data or minted,
and the damaged spellings linked to a known mission with their edit distance. The tests in
tests/extract/test_real_pdfs.py assert the same on ../shared/real-pdfs; this prints them for
any folder, so unseen reports can be measured the same way.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import Counter, defaultdict
from pathlib import Path

import pypdfium2 as pdfium

from unkg.extract.model import Report
from unkg.extract.pdf import words
from unkg.extract.pipeline import extract_document
from unkg.extract.read import read_pdf_document
from unkg.ontology.reference import load_reference

ROOT = Path(__file__).resolve().parents[1]
MONTHS = "January February March April May June July August September October November December"
# Furniture as printed, and as OCR misreads a running header (... Page 3, Paye ¢).
FURNITURE = re.compile(r"\d{2}-\d{5} \(E\)|\*\d{7}\*|\bDistr\.|^(?:[AS]/\S+|\d+/\d+|Page \d+)$")
MISREAD = re.compile(r"\bPa[gyq][eo]\s*\S{1,2}$")


def header_date(rep: Report) -> str | None:
    """The date line of the report's header block, as ISO."""
    for block in rep.skipped:
        if block.reason == "header block":
            for line in rep.text[block.start : block.end].splitlines():
                m = re.fullmatch(r"(\d{1,2}) ([A-Z][a-z]+) (\d{4})", line.strip())
                if m and m[2] in MONTHS.split():
                    return f"{m[3]}-{MONTHS.split().index(m[2]) + 1:02d}-{int(m[1]):02d}"
    return None


def main_body(rep: Report) -> list[str]:
    """Numbers of the numbered paragraphs before the first annex (the tests read it too)."""
    numbers = []
    for p in rep.paragraphs:
        if p.kind == "heading" and re.match(r"(?i)annex\b", p.text):
            break
        if p.kind == "paragraph":
            numbers.append(p.number)
    return numbers


def one_to_n(rep: Report) -> tuple[bool, int]:
    numbers = main_body(rep)
    return numbers == [str(n) for n in range(1, len(numbers) + 1)] and bool(numbers), len(numbers)


def glued(rep: Report, path: Path) -> str:
    layer = [p for p in rep.paragraphs if p.ocr_confidence is None]
    if not layer:
        return "OCR"
    pdf = pdfium.PdfDocument(path)
    raw = words(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    pdf.close()
    parts = {part for w in raw for part in re.findall(r"[^\W\d_]+", w)}
    found = [w for p in layer for w in re.findall(r"[^\W\d_]+", p.text)]
    return f"{100 * sum(w not in parts for w in found) / max(1, len(found)):.2f}%"


def furniture(rep: Report) -> int:
    """Units that are furniture, or hold a running header (`… an §/1995/390 English Page 2`)."""
    header = re.compile(r"[A-Z$§8]/\S+\s+\S+\s+Pa[gyq][eo]\b")
    return sum(
        1
        for p in rep.paragraphs
        if FURNITURE.search(p.text)
        or header.search(p.text)
        or (p.kind != "paragraph" and MISREAD.search(p.text))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "folder", nargs="?", type=Path, default=ROOT.parent / "shared" / "real-pdfs"
    )
    parser.add_argument("--pages", type=int, default=None, help="read only the first N pages")
    args = parser.parse_args()
    symbols = {}
    if (args.folder / "sources.csv").is_file():
        with (args.folder / "sources.csv").open(encoding="utf-8") as fh:
            symbols = {r["file"]: r["symbol"].split() for r in csv.DictReader(fh)}
    ref = load_reference()
    hosts = {e.key: set(e.multi("host")) for e in ref.by_type("Mission")}
    non_un = {e.key for e in ref.by_type("Organization") if "NonUNOperation" in e.classes}
    missions: dict[str, Counter] = defaultdict(Counter)
    minted: dict[str, bool] = {}
    fuzzy: Counter = Counter()
    print(
        "| file | pages | OCR | symbol | date | ¶ 1..N | glued | furniture | lost "
        "| mission | host |"
    )
    print("|---|---:|---:|---|---|---|---:|---:|---:|---|---|")
    for path in sorted(args.folder.glob("*.pdf")):
        doc = read_pdf_document(path.read_bytes(), path.name, pages=args.pages)
        rep = extract_document(doc)
        symbol = rep.meta.symbol or "none"
        if path.name in symbols:
            symbol = "ok" if rep.meta.symbol in symbols[path.name] else f"NO ({symbol})"
        date = header_date(rep)
        date_ok = "ok" if date and rep.meta.date == date else f"NO ({rep.meta.date} / {date})"
        ordered, count = one_to_n(rep)
        keys = {m.key for m in rep.mentions()}
        own = path.name.split("_")[0]
        known = own in hosts
        for m in rep.mentions():
            if m.type == "Mission" or m.key in non_un:
                missions[m.key][path.name] += 1
                minted[m.key] = m.minted
                if m.distance:
                    fuzzy[(m.text, m.key, m.distance)] += 1
        pdf = pdfium.PdfDocument(path)
        pages = min(len(pdf), args.pages or len(pdf))
        pdf.close()
        print(
            f"| {path.name} | {pages} | {doc.ocr_pages} | {symbol} | {date_ok} "
            f"| {'ok' if ordered else 'NO'} ({count}) | {glued(rep, path)} | {furniture(rep)} "
            f"| {rep.coverage.lost} | {('ok' if own in keys else 'NO') if known else '-'} "
            f"| {(','.join(sorted(hosts[own] & keys)) or 'NO') if known else '-'} |"
        )
    print("\n| mission or operation | what | reports | mentions |")
    print("|---|---|---:|---:|")
    for key, seen in sorted(missions.items()):
        kind = "minted" if minted[key] else "reference"
        kind += " non-UN operation" if key in non_un else " mission"
        print(f"| {key} | {kind} | {len(seen)} | {sum(seen.values())} |")
    print("\nDamaged names linked to a known mission (text → mission, edit distance, mentions):")
    for (text, key, distance), n in sorted(fuzzy.items()):
        print(f"  {text!r} → {key}, {distance}, {n}")


if __name__ == "__main__":
    main()
