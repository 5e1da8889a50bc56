"""The CLI: every command has help with an example; exit codes 0/1/2; python -m unkg."""

import json
import os
import subprocess
import sys

import pytest
from support import ROOT
from typer.testing import CliRunner

from unkg.cli import app

MINI = ROOT / "tests" / "data" / "reports" / "mini-zh.txt"
runner = CliRunner()
COMMANDS = [
    "extract",
    "build",
    "query",
    "export",
    "reports",
    "remove",
    "diff",
    "validate",
    "info",
    "timeline",
    "eval",
]


WIDE = {"COLUMNS": "250"}  # rich wraps tables and messages at the terminal width


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False, env=WIDE)


def test_help_lists_the_commands():
    result = run("--help")
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_help_with_an_example(name):
    result = run(name, "--help")
    assert result.exit_code == 0
    assert "Example: unkg " + name in " ".join(result.output.split())


def test_python_dash_m_is_the_same_command():
    out = subprocess.run(
        [sys.executable, "-m", "unkg", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().startswith("unkg 0.")


def test_usage_error_exits_2():
    assert run("export", "--format", "yaml").exit_code == 2
    assert run("no-such-command").exit_code == 2


def test_extract_jsonl(tmp_path):
    result = run("extract", str(MINI), "--format", "jsonl")
    assert result.exit_code == 0
    *records, last = [json.loads(line) for line in result.output.splitlines()]
    assert last["record"] == "report" and last["coverage"]["lost"] == 0
    p1 = next(r for r in records if r["paragraph"] == "1")
    assert {m["key"] for m in p1["mentions"]} >= {"MINUSMA", "S/RES/2690(2023)", "MLI"}
    text = MINI.read_text(encoding="utf-8")
    for r in records:
        for m in r["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]


def test_extract_missing_file_exits_1_with_the_reason(tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.txt")], env=WIDE)
    assert result.exit_code == 1
    assert "does not exist" in result.output


def test_build_query_reports_remove_cycle(tmp_path):
    store = str(tmp_path / "store")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = run("build", str(MINI), str(bad), "--store", store)
    assert result.exit_code == 1  # one input failed, the other was built
    assert "is empty" in result.output and "S-2099-17-zh" in result.output
    result = run(
        "query",
        "SELECT ?c WHERE { ?m unkg:acronym 'MINUSMA' ; unkg:operatesIn ?c }",
        "--store",
        store,
        "--format",
        "csv",
    )
    assert result.exit_code == 0 and "country/MLI" in result.output
    result = run("query", "SELECT WHERE {", "--store", store)
    assert result.exit_code == 1 and "syntax" in result.output
    result = run("reports", "--store", store, "--json")
    assert json.loads(result.output)[0]["slug"] == "S-2099-17-zh"
    assert run("validate", "--store", store).exit_code == 0
    info = json.loads(run("info", "--store", store, "--json").output)
    assert info["entities_by_type"]["Mission"] >= 3
    assert run("remove", "S-2099-17-zh", "--store", store).exit_code == 0
    assert run("remove", "S-2099-17-zh", "--store", store).exit_code == 1


def test_query_on_a_missing_store_says_so(tmp_path):
    result = runner.invoke(app, ["query", "ASK {}", "--store", str(tmp_path / "none")], env=WIDE)
    assert result.exit_code == 1 and "build one first" in result.output


def test_query_syntax_error_shows_the_line_and_the_likely_mistake(tmp_path):
    store = str(tmp_path / "store")
    assert run("build", str(MINI), "--store", store).exit_code == 0
    result = runner.invoke(
        app, ["query", "SELECT * WHERE { ?x foo:p ?y }", "--store", store], env=WIDE
    )
    assert result.exit_code == 1
    assert "unknown prefix `foo:`; declared: unkg, mission, country" in result.output
    assert "  SELECT * WHERE { ?x foo:p ?y }" in result.output and "^" in result.output
    result = runner.invoke(app, ["query", "DELETE WHERE { ?s ?p ?o }", "--store", store], env=WIDE)
    assert result.exit_code == 1 and "`unkg query` runs SELECT, ASK" in result.output


IDENTITY = ROOT / "tests" / "data" / "identity"


def test_extract_json_says_what_the_report_is():
    result = run("extract", str(IDENTITY / "resolution-zh.txt"), "--format", "json")
    doc = json.loads(result.output)
    assert {k: doc[k] for k in ("symbol", "kind", "date", "title")} == {
        "symbol": "S/RES/2999(2031)",
        "kind": "resolution",
        "date": "2031-08-30",
        "title": "第2999(2031)号决议",
    }
    assert doc["coverage"]["kept"] == 1.0 and doc["skipped"] == []


def test_a_report_without_symbol_says_so_everywhere_and_a_sidecar_sets_it(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "notes.txt").write_bytes((IDENTITY / "no-symbol.txt").read_bytes())
    store = str(tmp_path / "store")
    built = run("build", str(folder), "--store", store)
    assert 'no symbol: none in the header or file name: add "symbol" to notes.meta.json' in (
        built.output
    )
    listed = json.loads(run("reports", "--store", store, "--json").output)
    assert [r["slug"].startswith("sha-") for r in listed] == [True]
    slug = listed[0]["slug"]
    assert "notes.meta.json" in run("reports", "--store", store).output
    info = json.loads(run("info", "--store", store, "--json").output)
    assert set(info["reports"][0]["missing"]) == {"symbol", "date"}
    assert "what is missing" in run("info", "--store", store).output
    assert run("build", str(folder), "--store", store, "--force").exit_code == 0
    rebuilt = json.loads(run("reports", "--store", store, "--json").output)
    assert rebuilt[0]["slug"] == slug  # the id of a report without a symbol is stable
    (folder / "notes.meta.json").write_text('{"symbol": "S/2031/901", "date": "2031-09-01"}')
    run("build", str(folder), "--store", str(tmp_path / "store2"))
    (fixed,) = json.loads(run("reports", "--store", str(tmp_path / "store2"), "--json").output)
    assert (fixed["slug"], fixed["missing"]) == ("S-2031-901-en", {})


def test_serve_on_a_taken_port_says_so_before_announcing(tmp_path):
    """A taken port is a usage error (exit 2) named with the option to change it; nothing is
    announced and no store is opened."""
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = subprocess.run(
            [sys.executable, "-m", "unkg", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "UNKG_STORE": str(tmp_path / "none"), **WIDE},
        )
    assert out.returncode == 2, out.stderr
    assert f"port {port} is in use; choose another with --port" in out.stderr
    assert "serving" not in out.stdout and "http://" not in out.stdout
    assert not (tmp_path / "none").exists()
