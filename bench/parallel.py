"""One identity across languages: do the Chinese and English editions of a text give the same
entity keys, paragraph by paragraph? Per type, on every aligned pair we have.

    python bench/parallel.py            # the table
    python bench/parallel.py --diff     # also each paragraph where the editions' keys differ

Pairs: the sample report in both languages (examples/reports/sg-drc-monusco-2024.txt and
tests/data/parallel/sg-drc-monusco-2024.en.txt, aligned by paragraph number) and the dev
corpus's parallel documents (../shared/dev-corpus/raw/parallel, aligned by the gold's paragraph
ids present in both languages). For each type, agreement is the F1 of the English keys against
the Chinese ones summed over the pairs: 2·|zh ∩ en| / (|zh| + |en|). Translations differ (one
edition names the mission, the other says "the Mission"), so the same measure on the gold
annotations of the same pairs is printed beside it as the reference: a ratio of 1.00 means the
extractor agrees with itself across languages as well as the annotators do.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from unkg.extract.pipeline import iter_file

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
try:
    import quality  # the dev corpus's scorer and its in-process run
finally:
    sys.path.remove(str(ROOT / "bench"))

SAMPLE = (
    ROOT / "examples" / "reports" / "sg-drc-monusco-2024.txt",
    ROOT / "tests" / "data" / "parallel" / "sg-drc-monusco-2024.en.txt",
)
SAMPLE_GOLD = (
    ROOT / "tests" / "gold" / "examples" / "sg-drc-monusco-2024.txt.yaml",
    ROOT / "tests" / "gold" / "examples" / "sg-drc-monusco-2024.en.txt.yaml",
)
# the scorer's fields, as this table names them
FIELDS = {
    "missions": "missions",
    "countries": "countries",
    "resolutions": "symbols",
    "programmes": "programmes",
}
# mention / gold type -> field (the scorer's TYPE_FIELD, which `quality` imports)
TYPE_FIELD = {
    "Mission": "missions",
    "Country": "countries",
    "Territory": "countries",
    "Resolution": "resolutions",
    "Document": "resolutions",
    "Programme": "programmes",
    "Organization": "programmes",
}

# One aligned pair: where it is from, then (system zh, system en, gold zh, gold en) as
# field -> set of keys.
Keys = dict[str, set]
Pair = tuple[str, Keys, Keys, Keys, Keys]


def _by_field(items: Iterable[tuple[str, str]]) -> Keys:
    out: Keys = {f: set() for f in FIELDS}
    for etype, key in items:
        field = TYPE_FIELD.get(etype)
        if field:
            out[field].add(key)
    return out


def _system(path: Path) -> dict[str, Keys]:
    """Paragraph number -> keys the extractor finds there, numbered paragraphs and footnotes."""
    _, _, paragraphs = iter_file(path)
    return {
        p.number: _by_field((m.type, m.key) for m in p.mentions)
        for p in paragraphs
        if p.kind in ("paragraph", "footnote")
    }


def _gold(path: Path) -> dict[str, Keys]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        str(number): _by_field(
            (etype, key)
            for etype, keys in (para or {}).items()
            if etype != "relations"
            for key in keys
        )
        for number, para in data["paragraphs"].items()
    }


def sample_pairs() -> Iterator[Pair]:
    """The sample report's two editions, paragraph by paragraph (gold: tests/gold)."""
    zh, en = (_system(p) for p in SAMPLE)
    gzh, gen = (_gold(p) for p in SAMPLE_GOLD)
    for number in sorted(set(zh) & set(en) & set(gzh) & set(gen), key=_numeric):
        yield f"{SAMPLE[0].stem}:{number}", zh[number], en[number], gzh[number], gen[number]


def _numeric(number: str) -> tuple[int, str]:
    return (int(number), "") if number.isdigit() else (10**6, number)


def corpus_pairs(corpus: Path = quality.CORPUS) -> Iterator[Pair]:
    """The dev corpus's parallel documents, by the gold paragraph ids both languages have."""
    scorer = quality.load_scorer(corpus)
    sides: dict[str, dict[tuple[str, str], tuple[Keys, Keys]]] = {}
    for lang in quality.LANGS:
        golds, preds = quality.corpus_run(scorer, lang, corpus, only="raw/parallel/")
        sides[lang] = {
            (g["doc"], g["para"]): (
                {f: set(p.get(f, set())) for f in FIELDS},
                {f: {scorer.norm(f, x) for x in g.get(f, [])} for f in FIELDS},
            )
            for g, p in zip(golds, preds, strict=True)
        }
    for doc, para in sorted(set(sides["zh"]) & set(sides["en"])):
        (zh, gzh), (en, gen) = sides["zh"][doc, para], sides["en"][doc, para]
        yield f"{doc}:{para}", zh, en, gzh, gen


def agreement(pairs: list[Pair], side: int) -> dict[str, float]:
    """Per field, 2·|zh ∩ en| / (|zh| + |en|) over the pairs (side 1: system, 3: gold)."""
    out = {}
    for f in FIELDS:
        both = sum(len(p[side][f] & p[side + 1][f]) for p in pairs)
        total = sum(len(p[side][f]) + len(p[side + 1][f]) for p in pairs)
        out[f] = 2 * both / total if total else 1.0
    return out


def table(pairs: list[Pair]) -> str:
    system, gold = agreement(pairs, 1), agreement(pairs, 3)
    rows = [
        f"aligned paragraph pairs: {len(pairs)}",
        "| type | keys zh / en | extractor | gold | ratio |",
        "|---|---|---|---|---|",
    ]
    for f, name in FIELDS.items():
        zh = sum(len(p[1][f]) for p in pairs)
        en = sum(len(p[2][f]) for p in pairs)
        ratio = system[f] / gold[f] if gold[f] else float("nan")
        rows.append(f"| {name} | {zh} / {en} | {system[f]:.3f} | {gold[f]:.3f} | {ratio:.2f} |")
    return "\n".join(rows)


def differences(pairs: list[Pair]) -> Iterator[str]:
    for where, zh, en, _, _ in pairs:
        for f, name in FIELDS.items():
            if zh[f] != en[f]:
                only_zh, only_en = sorted(map(str, zh[f] - en[f])), sorted(map(str, en[f] - zh[f]))
                yield f"{where} {name}: zh only {only_zh}, en only {only_en}"


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--diff", action="store_true", help="list the pairs whose keys differ")
    ap.add_argument("--corpus", type=Path, default=quality.CORPUS, help="the dev corpus folder")
    a = ap.parse_args()
    pairs = list(sample_pairs())
    try:
        pairs += list(corpus_pairs(a.corpus))
    except FileNotFoundError as exc:
        print(f"{exc}; the sample report's pairs only", file=sys.stderr)
    if a.diff:
        print("\n".join(differences(pairs)))
    print(table(pairs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
