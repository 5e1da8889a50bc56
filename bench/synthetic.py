"""A synthetic corpus of UN-style reports, made by recombining paragraphs of the seed reports.

    python bench/synthetic.py OUT_DIR --reports 1000 [--kb 50] [--seed 1]

Each report gets a title block with its own symbol (S/9999/N), a date, chapter headings and
numbered paragraphs drawn at random from the seeds, so sizes and entity mixes vary while the
language stays real. Used by the benchmarks; deterministic for a given --seed.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
_NUMBERED = re.compile(r"^\d{1,3}\.\s*(\S.*)$")


def seed_paragraphs() -> list[str]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            m = _NUMBERED.match(line.strip())
            if m and len(m.group(1)) > 40:
                out.append(m.group(1))
    if not out:
        raise SystemExit(f"no seed reports in {SEEDS}")
    return out


def make_report(n: int, paragraphs: list[str], rng: random.Random, kb: float) -> str:
    lines = [
        f"S/9999/{n}",
        "",
        "安全理事会",
        "",
        f"2099年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
        "",
        f"# 秘书长的报告（合成样本 {n}）",
        "",
    ]
    size, number, chapter = 0, 0, 0
    target = kb * 1000
    while size < target:
        if number % 12 == 0:
            chapter += 1
            lines += [f"{'一二三四五六七八九十'[(chapter - 1) % 10]}. 第{chapter}部分", ""]
        number += 1
        text = rng.choice(paragraphs)
        lines += [f"{number}. {text}", ""]
        size += len(text.encode("utf-8"))
    return "\n".join(lines)


def generate(out: Path, reports: int, kb: float = 50.0, seed: int = 1) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paragraphs = seed_paragraphs()
    paths = []
    for n in range(1, reports + 1):
        path = out / f"synthetic-{n:05d}.txt"
        path.write_text(make_report(n, paragraphs, rng, kb), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--kb", type=float, default=50.0, help="approximate size of each report in kB")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    paths = generate(args.out, args.reports, args.kb, args.seed)
    total = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} reports, {total / 1e6:.1f} MB, to {args.out}")


if __name__ == "__main__":
    main()
