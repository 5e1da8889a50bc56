"""Scoring extraction against hand-written gold files (`unkg eval`).

Gold files (YAML, one per report) list, per paragraph number, the entity keys by type
and the relations as key triples. Only paragraphs the gold lists are scored, so a gold
file may cover numbered paragraphs and footnotes and leave headings out. Gold files name
reference entities only, so mentions of entities minted from the text are counted and
reported apart, not scored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from unkg.extract.model import Report
from unkg.extract.pipeline import extract_file
from unkg.ontology.ids import ENTITY_TYPES

# UN principal organs and officers (Organ) act in nearly every sentence: not annotated and
# not scored, as in the development corpus.
SCORED_TYPES = tuple(t for t in ENTITY_TYPES if t != "Organ")

# The order `unkg eval` prints relation kinds in.
RELATION_ORDER = (
    "operatesIn",
    "establishedBy",
    "mandateExtendedBy",
    "mandateTerminatedBy",
    "supports",
    "cooperatesWith",
    "succeededBy",
)


class GoldError(ValueError):
    """A gold file is malformed or its report cannot be found."""


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: set, found: set, where: str) -> None:
        self.tp += len(gold & found)
        self.fp += len(found - gold)
        self.fn += len(gold - found)
        self.errors += [f"{where}: spurious {x}" for x in sorted(map(str, found - gold))]
        self.errors += [f"{where}: missed {x}" for x in sorted(map(str, gold - found))]


@dataclass
class Evaluation:
    entities: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    relations: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    reports: list[str] = field(default_factory=list)
    minted: int = 0  # mentions of entities minted from the text (not in the gold by design)

    def total(self, which: str) -> Score:
        out = Score()
        for s in getattr(self, which).values():
            out.tp, out.fp, out.fn = out.tp + s.tp, out.fp + s.fp, out.fn + s.fn
        return out


def load_gold(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GoldError(f"{path}: cannot read gold file ({exc})") from None
    if (
        not isinstance(data, dict)
        or "report" not in data
        or not isinstance(data.get("paragraphs"), dict)
    ):
        raise GoldError(f"{path}: a gold file needs `report:` and a `paragraphs:` mapping")
    return data


def find_report(name: str, gold_file: Path, search: Iterable[Path]) -> Path:
    for folder in (gold_file.parent, *search):
        candidate = Path(folder) / name
        if candidate.is_file():
            return candidate
    raise GoldError(f"{gold_file}: report {name!r} not found in {', '.join(map(str, search))}")


def score_report(report: Report, gold: dict, evaluation: Evaluation, where: str) -> None:
    found_entities: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    found_relations: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for p in report.paragraphs:
        for m in p.mentions:
            if m.minted:  # gold lists reference entities only; minted ones are counted apart
                evaluation.minted += 1
                continue
            found_entities[p.number][m.type].add(m.key)
        for r in p.relations:
            found_relations[p.number].add(r.triple)
    for number, expected in gold["paragraphs"].items():
        number = str(number)
        expected = expected or {}
        here = f"{where} ¶{number}"
        for etype in SCORED_TYPES:
            evaluation.entities[etype].add(
                set(map(str, expected.get(etype, []))), found_entities[number][etype], here
            )
        gold_rel = {tuple(map(str, r)) for r in expected.get("relations", [])}
        predicates = {r[1] for r in gold_rel} | {r[1] for r in found_relations[number]}
        for pred in predicates:
            evaluation.relations[pred].add(
                {r for r in gold_rel if r[1] == pred},
                {r for r in found_relations[number] if r[1] == pred},
                here,
            )


def evaluate(gold_dir: Path, search: Iterable[Path] = ()) -> Evaluation:
    """Extract every report named by a gold file under `gold_dir` and score it."""
    search = [Path(p) for p in search]
    files = sorted(Path(gold_dir).rglob("*.yaml")) if Path(gold_dir).is_dir() else [Path(gold_dir)]
    if not files:
        raise GoldError(f"no gold files (*.yaml) under {gold_dir}")
    evaluation = Evaluation()
    for gold_file in files:
        gold = load_gold(gold_file)
        report = extract_file(find_report(gold["report"], gold_file, search))
        evaluation.reports.append(gold["report"])
        score_report(report, gold, evaluation, gold["report"])
    return evaluation
