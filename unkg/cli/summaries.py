"""What the store holds: `unkg reports`, `unkg diff`, `unkg validate` and `unkg info`."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.markup import escape

from unkg.cli.app import app, fail, open_store, out, setting_options, table
from unkg.settings import Settings


@app.command(epilog="Example: unkg reports --json")
@setting_options("reports")
def reports(
    settings: Settings,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """List the reports in the store, with counts."""
    from unkg.api import reports as run

    rows = run(open_store(settings))
    if as_json:
        sys.stdout.write(
            json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=2) + "\n"
        )
        return
    columns = ("report", "symbol", "kind", "language", "date")
    columns += ("paragraphs", "mentions", "relations", "source")
    out.print(table(columns, [_report_row(r) for r in rows]))


def _report_row(r) -> tuple[str, ...]:
    return (
        r.slug,
        escape(r.symbol) if r.symbol else f"[yellow]{escape(r.missing['symbol'])}[/]",
        r.kind or "",
        r.language or "",
        r.date or (f"session {r.years}" if r.years else ""),
        str(r.paragraphs),
        str(r.mentions),
        str(r.relations),
        escape(r.source or ""),
    )


@app.command(epilog="Example: unkg diff S-2023-1000-zh S-2024-880-zh")
@setting_options("diff")
def diff(
    a: Annotated[str, typer.Argument(help="First report id.")],
    b: Annotated[str, typer.Argument(help="Second report id.")],
    settings: Settings,
) -> None:
    """Mission–country links and entities in one report but not the other."""
    from unkg.api import StoreError
    from unkg.api import diff as run

    try:
        d = run(a, b, store=open_store(settings))
    except StoreError as exc:
        raise fail(str(exc)) from None
    for title, pairs in ((f"only in {a}", d.only_a), (f"only in {b}", d.only_b)):
        out.print(table(("mission", "country"), pairs, f"mission–country links {title}"))
    out.print(
        f"entities in both: {len(d.shared_entities)}; "
        f"only in {a}: {len(d.entities_only_a)}; only in {b}: {len(d.entities_only_b)}"
    )
    out.print(
        "shared: "
        + ", ".join(d.shared_entities[:40])
        + (" …" if len(d.shared_entities) > 40 else "")
    )


@app.command(epilog="Example: unkg validate --report S-2023-1000-zh")
@setting_options("validate")
def validate(
    settings: Settings,
    report: Annotated[
        str | None, typer.Option(help="Validate only this report (with the reference graph).")
    ] = None,
) -> None:
    """Check the graph against the SHACL shapes (exit 1 on any violation)."""
    from unkg.api import StoreError
    from unkg.api import validate as run

    try:
        violations = run(open_store(settings), report=report)
    except StoreError as exc:
        raise fail(str(exc)) from None
    for v in violations:
        out.print(str(v), highlight=False)
    serious = [v for v in violations if v.severity == "Violation"]
    if serious:
        raise fail(f"{len(serious)} SHACL violations")
    out.print(f"conforms ({len(violations)} warnings)" if violations else "conforms")


@app.command(epilog="Example: unkg info")
@setting_options("info")
def info(
    settings: Settings,
    top: Annotated[int, typer.Option(help="How many top entities to list.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """The store in numbers: entities by type, the most mentioned and most central.

    Also the reports without a symbol or a date.
    And the mandate statements that the reference data or another report contradicts."""
    from unkg.api import info as run

    data = run(open_store(settings), top)
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    out.print(f"store: {data['store']} — {data['quads']} quads, {len(data['reports'])} reports")
    lacking = [
        (r["slug"], escape(r["source"] or ""), escape(_missing(r["missing"])))
        for r in data["reports"]
        if r["missing"]
    ]
    if lacking:
        what = ("report", "source", "what is missing")
        out.print(table(what, lacking, "reports without a symbol or a date"))
    by_type = [(k, str(v)) for k, v in data["entities_by_type"].items()]
    out.print(table(("type", "entities"), by_type, "entities by type", right=("entities",)))
    top = [(row["label"], str(row["mentions"])) for row in data["top_mentioned"]]
    out.print(table(("entity", "mentions"), top, "most mentioned", right=("mentions",)))
    central = [
        (row["label"], f"{row['degree']:.3f}", f"{row['betweenness']:.3f}")
        for row in data["top_central"]
    ]
    title = "most central (co-mention graph)"
    out.print(table(("entity", "degree", "betweenness"), central, title))
    _print_contradictions(data["mandate_contradictions"])


def _print_contradictions(rows: list[dict[str, str]]) -> None:
    """Each contradicted mandate statement with both sides and both sentences."""
    if not rows:
        out.print("mandate statements: no contradiction with the reference data or between reports")
        return
    columns = ("mission", "act", "on", "report ¶", "sentence", "says", "other says", "source ¶")
    columns += ("other sentence",)
    cells = [
        tuple(
            escape(v)
            for v in (
                r["mission"],
                r["act"],
                r["property"],
                _where(r["report"], r["paragraph"]),
                r["sentence"],
                r["claim"],
                r["other"],
                _where(r["other_source"], r["other_paragraph"]),
                r["other_sentence"],
            )
        )
        for r in rows
    ]
    out.print(table(columns, cells, f"contradicted mandate statements ({len(rows)})"))


def _where(report: str, paragraph: str) -> str:
    return f"{report} ¶{paragraph}" if paragraph else report


def _missing(missing: dict[str, str]) -> str:
    return "; ".join(f"{k}: {v}" for k, v in missing.items())
