"""`unkg query` and `unkg.api.query`: one result type, written in every format of the registry."""

import csv
import io
import json

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

import unkg
from unkg.cli import app
from unkg.graph import formats

runner = CliRunner()

QUERIES = {  # kind of result -> a query that gives it, on the example reports
    formats.SOLUTIONS: "SELECT ?m ?a WHERE { ?m a unkg:PeacekeepingOperation ; unkg:acronym ?a } "
    "ORDER BY ?a LIMIT 3",
    formats.BOOLEAN: 'ASK { ?m unkg:acronym "MONUSCO" }',
    "construct": "CONSTRUCT { ?m unkg:acronym ?a } WHERE { ?m a unkg:PeacekeepingOperation ; "
    'unkg:acronym ?a FILTER(?a IN ("MONUSCO", "UNMISS")) }',
    "describe": "DESCRIBE mission:MONUSCO",
}
KIND = {"construct": formats.GRAPH, "describe": formats.GRAPH}
CASES = [
    (query, fmt.name) for query in QUERIES for fmt in formats.formats_for(KIND.get(query, query))
]
WRONG = [
    (query, fmt.name)
    for query in QUERIES
    for fmt in formats.formats_for(*())
    if KIND.get(query, query) not in fmt.carries
    and fmt.carries & {formats.SOLUTIONS, formats.GRAPH}
]


def _query(store, query: str, fmt: str):
    return runner.invoke(
        app,
        ["query", QUERIES[query], "--store", str(store.path), "--format", fmt],
        env={"COLUMNS": "250"},
    )


def _parsed(fmt: str, body: bytes):
    """The output read back with pyoxigraph's parser for that format (CSV, which pyoxigraph
    does not read back because it drops term types, with the csv module)."""
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
        return rows[0] == ["true"] if len(rows) == 1 else [tuple(r) for r in rows[1:]]
    syntax = formats.FORMATS[fmt].syntax
    if isinstance(syntax, ox.QueryResultsFormat):
        return ox.parse_query_results(body, syntax)
    return list(ox.parse(body, syntax))


@pytest.mark.parametrize(("query", "fmt"), CASES)
def test_every_query_in_every_format_that_carries_it(example_store, query, fmt):
    result = _query(example_store, query, fmt)
    assert result.exit_code == 0, result.output
    parsed = _parsed(fmt, result.stdout_bytes)
    expected = unkg.query(QUERIES[query], store=example_store)
    if query == formats.BOOLEAN:
        assert bool(parsed) is True
    elif query == formats.SOLUTIONS:
        want = [tuple(s[v] for v in ("m", "a")) for s in expected]
        if fmt == "csv":  # CSV keeps values, not term types
            rows, want = parsed, [tuple(t.value for t in r) for r in want]
        else:
            rows = [tuple(s[v] for v in ("m", "a")) for s in parsed]
        assert rows == want and len(rows) == 3
    else:
        triples = {(q.subject, q.predicate, q.object) for q in parsed}
        assert triples == {(t.subject, t.predicate, t.object) for t in expected}
        assert triples


@pytest.mark.parametrize(("query", "fmt"), WRONG)
def test_a_format_that_cannot_carry_the_result_is_a_usage_error(example_store, query, fmt):
    result = _query(example_store, query, fmt)
    assert result.exit_code == 2
    assert "choose one of" in result.output


@pytest.mark.parametrize("query", QUERIES)
def test_the_table_format_prints_every_kind(example_store, query):
    result = _query(example_store, query, "table")
    assert result.exit_code == 0, result.output
    assert {"solutions": "3 rows", "boolean": "true"}.get(query, "mission:MONUSCO") in result.output


def test_the_api_result_serializes_like_the_cli(example_store):
    result = unkg.query(QUERIES[formats.SOLUTIONS], store=example_store)
    assert result.kind == formats.SOLUTIONS
    doc = json.loads(result.serialize("json", max_rows=10))
    assert doc["head"]["vars"] == ["m", "a"] and len(doc["results"]["bindings"]) == 3
    assert result.rows == 3


def test_max_rows_bounds_a_result(example_store):
    from unkg.graph.results import TooManyResults

    with pytest.raises(TooManyResults, match="more than 2 rows"):
        unkg.query(QUERIES[formats.SOLUTIONS], store=example_store).serialize("csv", max_rows=2)
    with pytest.raises(TooManyResults, match="more than 1 triples"):
        unkg.query(QUERIES["construct"], store=example_store).serialize("turtle", max_rows=1)
