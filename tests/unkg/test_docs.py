"""The documentation generated from the code is current."""

from __future__ import annotations

import json
import re
import runpy
import shlex
import shutil
import subprocess
import sys

import pytest
from support import DEV_CORPUS, ROOT, SEEDS

GEN = ROOT / "docs" / "gen_cli.py"
GEN_README = ROOT / "docs" / "gen_readme.py"
CLI_MD = ROOT / "docs" / "cli.md"


@pytest.fixture(scope="module")
def gen() -> dict:
    return runpy.run_path(str(GEN))


def test_cli_md_is_current(gen):
    current = CLI_MD.read_text(encoding="utf-8")
    recorded = re.search(r"from the CLI itself \(([^)]*)\)", current)
    assert recorded, "docs/cli.md has no generator header: run `python docs/gen_cli.py`"
    fresh = gen["render"]()
    if recorded.group(1) != gen["versions"]():
        # Another typer or rich draws the help boxes a little differently; the page still has
        # to name every command and every option.
        for name in [None, *gen["commands"]()]:
            if name:
                assert f"## `unkg {name}`" in current, f"docs/cli.md lacks `unkg {name}`"
            for flag in gen["options"](name):
                assert re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", current), (
                    f"docs/cli.md lacks {flag} of `unkg {name or ''}`: run `python docs/gen_cli.py`"
                )
        return
    assert current == fresh, "docs/cli.md is out of date: run `python docs/gen_cli.py`"


def test_cli_md_has_no_ansi_and_every_command():
    text = CLI_MD.read_text(encoding="utf-8")
    assert "\x1b" not in text
    for name in ("build", "query", "export", "eval", "viz", "serve"):
        assert f"## `unkg {name}`" in text


@pytest.mark.parametrize(
    "doc", ["README.md", "docs/extraction.md", "docs/cli.md", "notebooks/README.md"]
)
def test_relative_links_resolve(doc):
    path = ROOT / doc
    text = path.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target or target.startswith("mailto:"):
            continue
        assert (path.parent / target).exists(), f"{doc}: broken link {target}"


@pytest.fixture(scope="module")
def gen_readme() -> dict:
    return runpy.run_path(str(GEN_README))


def test_every_readme_console_block_is_regenerated(gen_readme):
    """No console block is left hand-written: each starts with a command the generator runs."""
    blocks = gen_readme["BLOCK"].findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 10
    for block in blocks:
        cmds = gen_readme["commands"](block)
        assert cmds, f"a console block without a `$ ` command: {block[:80]!r}"
        assert block.startswith("$ "), f"output before the first command: {block[:80]!r}"


def test_abridged_extract_shows_a_relation_and_the_report_record(gen_readme):
    records = [
        {"kind": "heading", "text": "S/2023/1", "mentions": [], "relations": []},
        {"kind": "paragraph", "text": "a paragraph without relations", "relations": []},
        {
            "kind": "paragraph",
            "text": "x" * 80,
            "mentions": [
                {"id": "https://w3id.org/unkg/id/mission/" + "M" * 60, "n": n} for n in range(5)
            ],
            "relations": [{"evidence": "y" * 80, "predicate": "p" * 10, "object": "o" * 10}],
        },
        {"record": "report", "coverage": {"lost": 0}},
    ]
    text = gen_readme["abridge_jsonl"]("\n".join(json.dumps(r) for r in records))
    first, last = text.split("\n…\n")
    assert '"text": "' + "x" * 30 + '…"' in first and "x" * 31 not in first
    assert first.count('"n": ') == 2 and "}, …]" in first  # two mentions of five, then …
    assert "M" * 60 in first  # IRIs are never cut
    assert "paragraph without relations" not in text
    assert json.loads(last) == records[-1]
    assert all(
        gen_readme["_width"](line) <= 100 for line in text.splitlines() if "M" * 60 not in line
    )
    assert '"evidence": "' + "y" * 30 + '…", "predicate"' in first  # short items share a line
    assert max(gen_readme["_width"](line) for line in first.splitlines()[-3:]) <= 100


def test_long_lines_of_other_commands_are_cut_to_the_block(gen_readme, tmp_path):
    line = "\tunkg:cooperatesWith " + "organization:African-Union , " * 10
    shown = gen_readme["_tidy"](line, tmp_path, cut=True)
    assert shown.endswith(" …") and gen_readme["_width"](shown) <= gen_readme["WIDTH"]
    assert gen_readme["_tidy"](line, tmp_path) == line.rstrip()


@pytest.mark.slow
@pytest.mark.timeout(1800)  # a build, eleven blocks, a server and the quality measure
@pytest.mark.skipif(not DEV_CORPUS.is_dir(), reason="../shared absent")
def test_readme_comes_from_a_run():
    """Every console block of the README (build, extract, query, export, reports, diff,
    validate, info, viz, serve with curl, eval) and the quality sentence are what those
    commands print today: `python docs/gen_readme.py --check`, as CI runs it."""
    done = subprocess.run(
        [sys.executable, str(GEN_README), "--check"], capture_output=True, text=True, timeout=1800
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_a_failing_python_example_is_named(gen_readme, tmp_path):
    gen_readme["run_python"]("import unkg\nassert unkg.__version__\n", tmp_path)
    with pytest.raises(RuntimeError, match=r"`import unkg …` fails:[\s\S]*nothing_here"):
        gen_readme["run_python"]("import unkg\nunkg.nothing_here()\n", tmp_path)


def help_examples() -> list[tuple[str, str]]:
    """(command, example) for every `Example:` the CLI's help gives (docs/cli.md shows them)."""
    import typer.main

    from unkg.cli import app

    out = []
    for name, command in typer.main.get_command(app).commands.items():
        text = (command.epilog or "").removeprefix("Example:").split("  (")[0]
        out += [(name, example.strip()) for example in text.split(";") if example.strip()]
    return out


def test_every_command_but_serve_has_an_example():
    named = {name for name, _ in help_examples()}
    assert {"build", "extract", "query", "export", "remove", "diff", "validate", "eval"} <= named


@pytest.mark.slow
@pytest.mark.timeout(1200)
@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared absent")
def test_every_help_example_runs_on_the_sample_reports(gen_readme, tmp_path):
    """What `unkg COMMAND --help` suggests works as typed, in a checkout with ../shared beside
    it, on a store of examples/reports (a fresh copy each, as `remove` changes it). `serve`
    runs until stopped: the README's serve block checks it."""
    checkout = gen_readme["_checkout"](tmp_path)
    built = tmp_path / "built"
    gen_readme["_run"]("unkg build examples/reports", checkout, built)
    unkg = str(gen_readme["_bin"]() / "unkg")
    failed = []
    for name, example in help_examples():
        if name == "serve":
            continue
        store = tmp_path / "store"
        shutil.rmtree(store, ignore_errors=True)
        shutil.copytree(built, store)
        argv = [unkg, *shlex.split(example)[1:]]
        done = subprocess.run(
            argv, cwd=checkout, env=gen_readme["_env"](store), capture_output=True, text=True
        )
        if done.returncode:
            failed.append(f"`{example}` exits {done.returncode}: {done.stderr[-300:]}")
    assert failed == []


def test_readme_counts_the_gallery():
    from unkg.web import gallery

    said = re.search(r"gallery of (\d+) example queries", (ROOT / "README.md").read_text("utf-8"))
    assert said and int(said.group(1)) == len(gallery.load())
