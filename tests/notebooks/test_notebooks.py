"""The notebooks in notebooks/ run top to bottom on a fresh install, offline, quickly, and
write nothing outside temporary folders; they are committed without outputs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from support import ROOT

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
BUDGET = 60  # seconds per notebook, the promise made in notebooks/README.md


def test_there_are_notebooks():
    assert [p.stem[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04", "05", "06"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: a cell has outputs; strip them"
            assert cell.execution_count is None, f"{path.name}: a cell has an execution count"


def _listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if "__pycache__" not in p.parts}


@pytest.mark.slow
# nbclient and jupyter_client may warn about their own deprecations; the notebooks' own
# warnings are checked below, in the outputs.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path, monkeypatch):
    nb = nbformat.read(path, as_version=4)
    # A clean environment: a temporary folder for TMPDIR, no user store or reference folder,
    # and matplotlib drawing without a display.
    # IPython's profile, Jupyter's connection files and matplotlib's font cache go there too.
    env = {
        "TMPDIR": str(tmp_path),
        "IPYTHONDIR": str(tmp_path / "ipython"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "jupyter-runtime"),
        "MPLCONFIGDIR": str(tmp_path / "matplotlib"),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for name in ("UNKG_STORE", "UNKG_REFERENCE_DIR"):
        monkeypatch.delenv(name, raising=False)
    watched = {folder: _listing(folder) for folder in (ROOT / "notebooks", ROOT / "examples")}
    client = nbclient.NotebookClient(
        nb,
        timeout=BUDGET,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
    )
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError on the first failing cell
    elapsed = time.perf_counter() - start
    assert elapsed < BUDGET, f"{path.name} took {elapsed:.1f} s (budget {BUDGET} s)"
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", out
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                assert "Warning" not in out["text"], f"{path.name}: {out['text']}"
    for cell in nb.cells:  # a figure shown is a figure drawn (06: the timeline chart)
        if cell.cell_type == "code" and "plt.show()" in cell.source:
            images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
            assert images, f"{path.name}: a cell that shows a figure drew none"
    for folder, before in watched.items():
        assert _listing(folder) == before, f"{path.name} wrote into {folder}"
    assert not (ROOT / "graph.ttl").exists()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith("unkg-")]
    assert leftovers == [], f"{path.name} left {leftovers} behind (the last cell removes them)"
    print(f"{path.name}: {elapsed:.1f} s")
