"""The documentation generated from the code is current."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
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


@pytest.mark.slow
def test_readme_console_blocks_come_from_a_run():
    """Every regenerated console block of the README (build, query, reports, diff, validate,
    info, viz) is what those commands print on examples/reports today."""
    gen = runpy.run_path(str(GEN_README))
    current = (ROOT / "README.md").read_text(encoding="utf-8")
    fresh = gen["render"](current)
    assert fresh == current, "README.md is out of date: run `python docs/gen_readme.py`"
