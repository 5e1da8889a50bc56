"""The wheel carries everything: installed outside the repo, it builds a graph."""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support import ROOT

MINI = ROOT / "tests" / "data" / "reports" / "mini-zh.txt"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        text=True,
    )
    (path,) = out.glob("unkg-*.whl")
    return path


def test_wheel_contains_the_data_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "unkg/py.typed",
        "unkg/ontology/unkg.ttl",
        "unkg/ontology/shapes.ttl",
        "unkg/ontology/data/missions.csv",
        "unkg/ontology/data/countries.csv",
        "unkg/ontology/data/organizations.csv",
        "unkg/ontology/data/ambiguous.csv",
        "unkg/ontology/data/stopphrases.csv",
        "unkg/extract/pipeline.py",
        "unkg/graph/store.py",
    ):
        assert required in names, required
    assert not any(n.startswith(("tests/", "examples/")) for n in names)


@pytest.mark.slow
def test_wheel_installs_and_builds_outside_the_repo(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, str(wheel)], check=True, capture_output=True, text=True)
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(MINI, work / "r.txt")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "UNKG_STORE")}
    unkg = str(venv / "bin" / "unkg")
    help_out = subprocess.run(
        [unkg, "--help"], cwd=work, capture_output=True, text=True, env=env, check=True
    )
    assert "build" in help_out.stdout
    built = subprocess.run(
        [unkg, "build", "r.txt", "--store", "s"],
        cwd=work,
        capture_output=True,
        text=True,
        env={**env, "COLUMNS": "200"},
    )
    assert built.returncode == 0, built.stderr
    assert "S-2099-17-zh" in built.stdout
    where = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import unkg.ontology.reference as r; print(r.__file__)",
        ],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert str(venv) in where.stdout  # the installed copy, not the repo


def test_make_demo_installs_only_what_it_runs_and_keeps_its_store_here(tmp_path):
    """`make demo` in a fresh clone: no dev extras, the store in the git-ignored .unkg/."""
    if shutil.which("make") is None:
        pytest.skip("needs make")
    plan = subprocess.run(
        ["make", "-n", "demo", f"VENV={tmp_path / 'venv'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "pip install --quiet -e ." in plan
    assert "[dev]" not in plan
    assert "unkg build examples/reports --store .unkg/demo-store" in plan
    assert "unkg serve --store .unkg/demo-store" in plan
    assert "rm -rf .unkg/demo-store" in plan  # it says where the store is and how to remove it
    assert ".unkg/" in (ROOT / ".gitignore").read_text().splitlines()
