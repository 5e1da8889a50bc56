"""The dependency direction: ontology ← extract ← graph; extraction never loads rdflib."""

import subprocess
import sys
from pathlib import Path

import pytest


def modules_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


@pytest.mark.parametrize(
    "module", ["unkg.extract.pipeline", "unkg.extract.evaluate", "unkg.ontology.reference"]
)
def test_extraction_and_reference_data_do_not_load_rdf_libraries(module):
    loaded = modules_after_import(module)
    assert "rdflib" not in loaded
    assert "pyoxigraph" not in loaded
    assert not any(m.startswith("unkg.graph") for m in loaded)


def test_ontology_imports_nothing_else_of_ours():
    loaded = modules_after_import("unkg.ontology.namespace")
    ours = {m for m in loaded if m.startswith("unkg.") and not m.startswith("unkg.ontology")}
    assert ours == set()


def test_cli_help_is_fast_to_import():
    loaded = modules_after_import("unkg.cli")
    assert "spacy" not in loaded and "pyoxigraph" not in loaded  # loaded only when a command runs


def test_import_contracts_hold():
    """The contracts in pyproject.toml (docs/architecture.md), as `make lint` checks them."""
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run(
        [sys.executable, str(root / "tools" / "lint_imports.py")], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def test_serve_is_the_web_apps():
    """`unkg.serve` runs the web app, which sits above the API; the API never imports it."""
    import unkg
    from unkg.web.server import serve

    assert unkg.serve is serve
    assert not any(m.startswith("unkg.web") for m in modules_after_import("unkg.api"))


def test_only_the_settings_read_the_environment():
    """No side channel: below the faces, settings are passed down, never read from
    os.environ (setting a variable for a child library, as OCR does, is not a read)."""
    import re

    root = Path(__file__).resolve().parents[2]
    read = re.compile(r"os\.getenv|environ\.get\(|environ\[[^]]+\](?!\s*=)|environ\.items")
    found = [
        f"{path.relative_to(root)}:{n}"
        for folder in ("ontology", "extract", "graph", "unkg")
        for path in sorted((root / folder).rglob("*.py"))
        if path.name != "settings.py"
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if read.search(line)
    ]
    assert found == []
