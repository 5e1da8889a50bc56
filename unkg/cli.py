"""The `unkg` command: a thin layer that parses options and calls `unkg.api`.

Exit codes: 0 success, 1 some inputs failed (the rest was done), 2 usage error.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from unkg import __version__
from unkg import settings as settings_table
from unkg.graph import formats
from unkg.ontology.reference import LANGUAGES
from unkg.settings import DEFAULTS, Settings

app = typer.Typer(
    name="unkg",
    help="Knowledge graphs from United Nations reports: extract, link, query, explore, export.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)


def option(name: str, *flags: str, **extra) -> typer.Option:
    """A command-line option for the setting `name`: its help and environment variable come
    from the settings table (`unkg.settings`), so the CLI, the server and docs/cli.md agree."""
    env = settings_table.env_for(name)
    return typer.Option(*flags, help=settings_table.help_for(name), envvar=env, **extra)


StoreOpt = Annotated[
    Optional[str],  # noqa: UP045  (typer reads the annotation at run time)
    option("store", "--store", "-s", show_default=False),
]


def table(columns, rows, title: str | None = None, right=()) -> Table:
    """A table of `rows` under `columns`, the columns named in `right` aligned right."""
    t = Table(title=title)
    for col in columns:
        t.add_column(col, justify="right" if col in right else "left")
    for row in rows:
        t.add_row(*row)
    return t


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        out.print(f"unkg {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    query_url: Annotated[
        Optional[str],  # noqa: UP045
        option("query_url", "--query-url", show_default=False),
    ] = None,
    update_url: Annotated[
        Optional[str],  # noqa: UP045
        option("update_url", "--update-url", show_default=False),
    ] = None,
    gsp_url: Annotated[
        Optional[str],  # noqa: UP045
        option("gsp_url", "--gsp-url", show_default=False),
    ] = None,
) -> None:
    """unkg reads UN reports (Chinese and English; TXT, Markdown, PDF, DOCX, HTML), links the
    missions, countries, resolutions, programmes and organizations they name to one IRI each,
    and builds an RDF graph you can query with SPARQL, explore and export."""
    _Session.settings = Settings(query_url=query_url, update_url=update_url, gsp_url=gsp_url)


class _Session:
    """What the main options of this invocation gave; commands pass it down to the API."""

    settings = DEFAULTS


def _settings() -> Settings:
    return _Session.settings


def _open(store: str | Path | None, read_only: bool = True):
    from unkg.api import StoreError, open_store

    try:
        return open_store(store, read_only=read_only, settings=_settings())
    except StoreError as exc:
        raise fail(str(exc)) from None


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


@app.command(epilog="Example: unkg extract report.txt --format table")
def extract(
    file: Annotated[Path, typer.Argument(help="A report: .txt, .md, .pdf, .docx or .html.")],
    format: Annotated[
        ExtractFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExtractFormat.jsonl,
    symbol: Annotated[
        str | None, typer.Option(help="The report's UN symbol, if the text lacks it.")
    ] = None,
    language: Annotated[
        str | None, typer.Option(help="zh or en, if detection gets it wrong.")
    ] = None,
) -> None:
    """Extract mentions and relations from one report, without touching the store."""
    from unkg.api import ReadError, ReportMeta, extract_file, extract_records

    meta = ReportMeta(symbol=symbol, language=language)
    try:
        if format is ExtractFormat.jsonl:  # streamed: memory does not grow with the report
            for record in extract_records(file, meta):
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            return
        report = extract_file(file, meta)
    except ReadError as exc:
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


@app.command(epilog="Example: unkg build examples/reports")
def build(
    paths: Annotated[
        list[Path], typer.Argument(help="Report files or folders (searched recursively).")
    ],
    store: StoreOpt = None,
    force: Annotated[bool, typer.Option(help="Re-extract reports even if unchanged.")] = False,
    workers: Annotated[
        int,
        typer.Option("--workers", "-j", min=1, help="Extract in this many local processes."),
    ] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Extract on a Dask cluster: the scheduler's address (tcp://host:8786). "
            "Needs unkg\\[dask]; the workers must see the same files.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Extract reports and load them into the store (one named graph per report).

    This process alone writes the store; --workers or --scheduler only spread extraction."""
    from unkg.api import find_reports

    files = list(find_reports(paths))
    if not files:
        raise fail("no report files found in " + ", ".join(map(str, paths)))
    st = _open(store, read_only=False)
    result = _build_with_progress(files, st, force=force, workers=workers, scheduler=scheduler)
    out.print(_build_table(result.files))
    out.print(f"store: {result.store} ({len(st)} quads, {len(st.report_slugs())} reports)")
    if result.failed:
        raise fail(
            f"{len(result.failed)} of {len(result.files)} files failed; the others were built"
        )


def _build_with_progress(files: list[Path], st, **options):
    """`unkg.api.build` with a progress bar on stderr."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from unkg.api import build as run

    with Progress(
        TextColumn("[bold]building"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=len(files))
        return run(
            files,
            store=st,
            progress=lambda f: bar.update(task, advance=1, description=Path(f.path).name),
            **options,
        )


def _build_table(files) -> Table:
    from unkg.api import file_name

    def status(f) -> str:
        text = f"[red]failed: {escape(f.error or '')}[/]" if f.status == "failed" else f.status
        return text + (f" [yellow]({escape(f.note)})[/]" if f.note else "")

    counts = {"paragraphs": "paragraphs", "mentions": "mentions", "relations": "relations"}
    counts["OCR pages"] = "ocr_pages"

    def row(f) -> tuple[str, ...]:
        numbers = (str(getattr(f, attr)) for attr in counts.values())
        return (escape(file_name(f.path)), status(f), f.report or "", f.encoding or "", *numbers)

    columns = ("file", "status", "report", "encoding", *counts)
    return table(columns, [row(f) for f in files], "build", right=counts)


QueryFormat = Enum(  # "table" for people, then every format a query result can be written in
    "QueryFormat",
    {
        n: n
        for n in ("table", *formats.names_for(formats.SOLUTIONS), *formats.names_for(formats.GRAPH))
    },
    type=str,
)


def _read_query(sparql: str) -> str:
    if sparql == "-":
        return sys.stdin.read()
    if sparql.startswith("@"):
        return Path(sparql[1:]).read_text("utf-8")
    return sparql


@app.command(
    epilog="Example: unkg query 'SELECT ?m WHERE { ?m a unkg:PeacekeepingOperation } LIMIT 5'"
)
def query(
    sparql: Annotated[
        str, typer.Argument(help="The query, @FILE to read it from a file, or - for stdin.")
    ],
    store: StoreOpt = None,
    format: Annotated[
        QueryFormat,
        typer.Option(
            "--format",
            "-f",
            help="Output format: table, or one that carries the result (SELECT, ASK: "
            f"{', '.join(formats.names_for(formats.SOLUTIONS))}; CONSTRUCT, DESCRIBE: "
            f"{', '.join(formats.names_for(formats.GRAPH))}).",
        ),
    ] = QueryFormat["table"],
) -> None:
    """Run a SPARQL 1.1 query (the project prefixes are predefined)."""
    from unkg.api import PREFIXES
    from unkg.api import query as run

    try:
        result = run(_read_query(sparql), store=_open(store))
    except SyntaxError as exc:
        raise fail(f"query syntax: {exc}") from None
    if format.value == "table":
        _print_result(result)
        return
    try:
        result.serialize(format.value, sys.stdout.buffer, prefixes=PREFIXES)
    except ValueError as exc:
        raise fail(f"--format {format.value}: {exc}", 2) from None


def _print_result(result) -> None:
    """A result as people read it: true/false, a table of solutions, or Turtle."""
    from unkg.api import PREFIXES

    if result.kind == formats.BOOLEAN:
        out.print("true" if result else "false")
    elif result.kind == formats.SOLUTIONS:
        variables = [v.value for v in result.variables]
        table = Table()
        for v in variables:
            table.add_column(v)
        n = 0
        for row in result:
            table.add_row(*(_short(row[v], PREFIXES) for v in variables))
            n += 1
        out.print(table)
        out.print(f"{n} rows")
    else:
        result.serialize("turtle", sys.stdout.buffer, prefixes=PREFIXES)


def _short(term, prefixes: dict[str, str]) -> str:
    if term is None:
        return ""
    value = term.value
    for prefix, ns in prefixes.items():
        if value.startswith(ns) and type(term).__name__ == "NamedNode":
            return f"{prefix}:{value[len(ns) :]}"
    return value


ExportFormat = Enum("ExportFormat", {f.name: f.name for f in formats.exportable()}, type=str)


@app.command(epilog="Example: unkg export --format turtle -o graph.ttl")
def export(
    format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExportFormat["turtle"],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="File to write (atomically); stdout if omitted."),
    ] = None,
    report: Annotated[
        str | None, typer.Option(help="Only this report's graph (see `unkg reports`).")
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Export the graph as RDF (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) or for Gephi."""
    from unkg.api import StoreError
    from unkg.api import export as run

    st = _open(store)
    try:
        if output is None:
            sys.stdout.buffer.write(run(st, format.value, None, report=report))
        else:
            run(st, format.value, output, report=report)
            err.print(f"wrote {output}")
    except StoreError as exc:
        raise fail(str(exc)) from None


@app.command(epilog="Example: unkg reports --json")
def reports(
    store: StoreOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """List the reports in the store, with counts."""
    from unkg.api import reports as run

    rows = run(_open(store))
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


@app.command(epilog="Example: unkg remove A-75-1")
def remove(
    report: Annotated[str, typer.Argument(help="The report's id, as `unkg reports` shows it.")],
    store: StoreOpt = None,
) -> None:
    """Delete one report's graph from the store."""
    from unkg.api import remove as run

    if not run(report, store=_open(store, read_only=False)):
        raise fail(f"no report {report!r} in the store; `unkg reports` lists them")
    out.print(f"removed {report}")


@app.command(epilog="Example: unkg diff A-75-1 sha-1a2b3c4d5e6f")
def diff(
    a: Annotated[str, typer.Argument(help="First report id.")],
    b: Annotated[str, typer.Argument(help="Second report id.")],
    store: StoreOpt = None,
) -> None:
    """Mission–country links and entities in one report but not the other."""
    from unkg.api import StoreError
    from unkg.api import diff as run

    try:
        d = run(a, b, store=_open(store))
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


@app.command(epilog="Example: unkg validate --report A-75-1")
def validate(
    store: StoreOpt = None,
    report: Annotated[
        str | None, typer.Option(help="Validate only this report (with the reference graph).")
    ] = None,
) -> None:
    """Check the graph against the SHACL shapes (exit 1 on any violation)."""
    from unkg.api import validate as run

    violations = run(_open(store), report=report)
    for v in violations:
        out.print(str(v), highlight=False)
    serious = [v for v in violations if v.severity == "Violation"]
    if serious:
        raise fail(f"{len(serious)} SHACL violations")
    out.print(f"conforms ({len(violations)} warnings)" if violations else "conforms")


VizLang = Enum("VizLang", {lang: lang for lang in LANGUAGES}, type=str)


class TimelineFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command(
    epilog="Example: unkg timeline UNPROFOR --format csv; unkg timeline --year 1995; "
    "unkg timeline --date 1995-06-30; unkg timeline --chart timeline.html"
)
def timeline(
    mission: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            help="A mission's acronym or name: its mandate history.", show_default=False
        ),
    ] = None,
    year: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(help="The missions active at any time in this year.", show_default=False),
    ] = None,
    date: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="The missions active on this date (YYYY-MM-DD).", show_default=False),
    ] = None,
    format: Annotated[TimelineFormat, typer.Option("--format", "-f")] = TimelineFormat.table,
    chart: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            help="Write the timeline chart of all missions to this HTML file (works offline).",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[VizLang, typer.Option(help="Language of the chart (with --chart).")] = VizLang[
        LANGUAGES[0]
    ],
    store: StoreOpt = None,
) -> None:
    """A mission's mandate history (date, act, resolution, until, report and paragraph), or
    the missions active in a year or on a date, with their hosts; or, with --chart, the chart
    of all missions."""
    from unkg.api import active_missions, timeline_chart, timeline_text
    from unkg.api import timeline as history

    if sum(x is not None for x in (mission, year, date, chart)) != 1:
        raise fail("give a MISSION, --year, --date or --chart (one of them)", 2)
    if chart is not None:
        path = timeline_chart(_open(store), chart, lang=lang.value)
        err.print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB); open it in a browser")
        return
    try:
        st = _open(store)
        rows = history(mission, store=st) if mission else active_missions(date, year=year, store=st)
    except ValueError as exc:
        raise fail(str(exc), 2) from None
    if format is not TimelineFormat.table:
        sys.stdout.write(timeline_text(rows, format.value))
        return
    if mission:
        columns = ("date", "act", "resolution", "until", "report", "paragraph")
        cells = [(r.date, r.act, r.resolution, r.until, r.report, r.paragraph) for r in rows]
        title = f"mandate history of {mission} ({len(rows)} acts)"
    else:
        columns = ("mission", "start", "end", "hosts", "name")
        cells = [(r.mission, r.start, r.end, ", ".join(r.hosts), r.name) for r in rows]
        title = f"missions active {'in ' + str(year) if year else 'on ' + str(date)} ({len(rows)})"
    out.print(table(columns, [tuple(escape(c) for c in row) for row in cells], title))


@app.command(epilog="Example: unkg info")
def info(
    store: StoreOpt = None,
    top: Annotated[int, typer.Option(help="How many top entities to list.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Counts by type, most-mentioned and most central entities, the reports, and mandate
    statements the reference data or another report contradicts."""
    from unkg.api import info as run

    data = run(_open(store), top)
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


@app.command("eval", epilog="Example: unkg eval tests/gold examples/reports ../shared/seeds")
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
) -> None:
    """Precision, recall and F1 of extraction against gold annotations, per type and relation."""
    from unkg.api import ENTITY_TYPES, RELATION_ORDER, GoldError, evaluate

    try:
        result = evaluate(gold, reports or ())
    except GoldError as exc:
        raise fail(str(exc)) from None
    order = [*ENTITY_TYPES, *RELATION_ORDER]
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


def _type_list(value: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in value.split(",") if x.strip())


@app.command(
    epilog="Example: unkg viz -o graph.html --types Mission,Country,Territory,Resolution --lang zh"
)
def viz(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="HTML file to write (atomically).")
    ] = Path("graph.html"),
    report: Annotated[
        str | None, typer.Option(help="Only this report's graph (see `unkg reports`).")
    ] = None,
    types: Annotated[
        str,
        typer.Option(
            help="Node types shown at first, comma-separated; Resolution, Document, "
            "Programme and Organization switch those layers on."
        ),
    ] = "Mission,Country,Territory",
    lang: Annotated[
        VizLang, typer.Option(help="Language of the node labels (the page has a switch).")
    ] = VizLang[LANGUAGES[0]],
    store: StoreOpt = None,
) -> None:
    """Write the interactive mission–country graph: one HTML page that works offline."""
    from unkg.api import StoreError
    from unkg.api import viz as run

    st = _open(store)
    try:
        path = run(st, output, report=report, types=_type_list(types), lang=lang.value)
    except (StoreError, ValueError) as exc:
        raise fail(str(exc), 2 if isinstance(exc, ValueError) else 1) from None
    err.print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB); open it in a browser")


@app.command(epilog="Example: unkg serve --port 8000  (then open http://127.0.0.1:8000/)")
def serve(
    store: StoreOpt = None,
    host: Annotated[str, option("host", "--host")] = DEFAULTS.host,
    port: Annotated[int, option("port", "--port")] = DEFAULTS.port,
    timeout: Annotated[float, option("timeout_s", "--timeout")] = DEFAULTS.timeout_s,
    max_rows: Annotated[int, option("max_rows", "--max-rows")] = DEFAULTS.max_rows,
    allow_update: Annotated[
        bool, option("allow_update", "--allow-update/--no-allow-update")
    ] = DEFAULTS.allow_update,
    token: Annotated[
        Optional[str],  # noqa: UP045
        option("token", "--token", show_default=False),
    ] = DEFAULTS.token,
    cors_origin: Annotated[
        Optional[list[str]],  # noqa: UP045
        option("cors_origins", "--cors-origin"),
    ] = None,
    memory_quads: Annotated[
        int, option("memory_quads", "--memory-quads", min=0)
    ] = DEFAULTS.memory_quads,
    worker_memory: Annotated[
        int, option("worker_memory_mb", "--worker-memory", min=0)
    ] = DEFAULTS.worker_memory_mb,
    read_timeout: Annotated[
        float, option("read_timeout_s", "--read-timeout")
    ] = DEFAULTS.read_timeout_s,
    max_connections: Annotated[
        int, option("max_connections", "--max-connections", min=1)
    ] = DEFAULTS.max_connections,
) -> None:
    """Serve the store: SPARQL 1.1 endpoint (/sparql), query page (/) and graph view (/graph)."""
    from unkg.api import StoreError
    from unkg.web import PortInUse
    from unkg.web import serve as run

    origins = tuple(cors_origin) if cors_origin else DEFAULTS.cors_origins
    if origins == ("none",):
        origins = ()
    try:
        settings = _settings().with_(
            store=store,
            host=host,
            port=port,
            timeout_s=timeout,
            max_rows=max_rows,
            allow_update=allow_update,
            token=token,
            cors_origins=origins,
            memory_quads=memory_quads,
            worker_memory_mb=worker_memory,
            read_timeout_s=read_timeout,
            max_connections=max_connections,
        )
    except ValueError as exc:
        raise fail(str(exc), 2) from None
    try:
        run(settings=settings)
    except PortInUse as exc:
        raise fail(str(exc), 2) from None
    except (StoreError, ValueError) as exc:
        raise fail(str(exc)) from None


def main() -> None:
    app()
