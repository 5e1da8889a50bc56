"""`unkg extract` (one report, no store) and `unkg eval` (extraction against gold)."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from unkg.cli.app import api, app, fail, out, setting_options, table
from unkg.settings import Settings


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


@app.command(
    epilog="Example: unkg extract examples/reports/sg-mali-minusma-2023.txt --format table"
)
@setting_options("extract")
def extract(
    file: Annotated[Path, typer.Argument(help="A report: .txt, .md, .pdf, .docx or .html.")],
    format: Annotated[
        ExtractFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExtractFormat.jsonl,
    symbol: Annotated[
        str | None, typer.Option(help="The report's UN symbol, if the text lacks it.")
    ] = None,
    *,
    settings: Settings,  # the language
) -> None:
    """Extract mentions and relations from one report, without touching the store."""
    unkg = api(settings)
    meta = unkg.ReportMeta(symbol=symbol, language=settings.language)
    try:
        if format is ExtractFormat.jsonl:  # streamed: memory does not grow with the report
            for record in unkg.extract_records(file, meta):
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            return
        report = unkg.extract_file(file, meta)
    except unkg.ReadError as exc:
        raise fail(str(exc)) from None
    if format is ExtractFormat.json:
        doc = {**report.summary(), "paragraphs": list(report.to_jsonl_records())}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        _print_extraction(report)


def _print_extraction(report) -> None:
    paragraphs = report.paragraphs
    mentions = [(p.number, m.type, m.key, m.text) for p in paragraphs for m in p.mentions]
    relations = [
        (p.number, r.subject_key, r.predicate, r.object_key)
        for p in paragraphs
        for r in p.relations
    ]
    out.print(table(("¶", "type", "key", "text"), mentions, f"{report.source} ({report.slug})"))
    out.print(table(("¶", "subject", "predicate", "object"), relations, "relations"))


@app.command(
    "eval",
    epilog="Example: unkg eval tests/gold examples/reports tests/data/parallel ../shared/seeds",
)
@setting_options("eval")
def eval_(
    gold: Annotated[Path, typer.Argument(help="A gold file or a folder of them (*.yaml).")],
    reports: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Argument(
            help="Folders to find the reports in, after the gold file's own folder.",
            show_default=False,
        ),
    ] = None,
    errors: Annotated[bool, typer.Option(help="List every missed and spurious item.")] = False,
    *,
    settings: Settings,  # the reference data
) -> None:
    """Precision, recall and F1 of extraction against gold annotations, per type and relation."""
    unkg = api(settings)
    try:
        result = unkg.evaluate(gold, reports or ())
    except unkg.GoldError as exc:
        raise fail(str(exc)) from None
    order = [*unkg.ENTITY_TYPES, *unkg.RELATION_ORDER]
    for title, scores in (("entities", result.entities), ("relations", result.relations)):
        ranked = sorted(scores, key=lambda k: (order.index(k) if k in order else len(order), k))
        items = {**{k: scores[k] for k in ranked}, "(all)": result.total(title)}
        rows = [_score_row(kind, s) for kind, s in items.items() if s.tp + s.fn + s.fp]
        columns = ("kind", "P", "R", "F1", "gold", "found")
        out.print(table(columns, rows, f"{title} ({len(result.reports)} reports)", columns[1:]))
        if title == "entities":
            note = "mentions of minted entities (not in the reference data, not scored)"
            out.print(f"{note}: {result.minted}")
        if errors:
            for s in scores.values():
                for e in s.errors:
                    out.print(e, highlight=False)


def _score_row(kind: str, s) -> tuple[str, ...]:
    scores = (s.precision, s.recall, s.f1)
    return (kind, *(f"{x:.3f}" for x in scores), str(s.tp + s.fn), str(s.tp + s.fp))
