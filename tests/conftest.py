"""Shared fixtures: the seed reports from ../shared/seeds and small stores built from examples/;
how `make test` splits the suite between its two pytest-xdist workers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support import DEV_CORPUS, ROOT, SEEDS

EXAMPLES = ROOT / "examples" / "reports"
DATA = ROOT / "tests" / "data"
SEED_2020 = "000_24c59e389beef106.txt"
SEED_2023 = "003_3791017346abe246.txt"


def seed(name: str) -> Path:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(
            f"seed report {path} is absent (CI and developers have ../shared/seeds beside the repo)"
        )
    return path


# A pytest-xdist worker process starts with COLUMNS=80 in its environment: rich would fix the
# width of the CLI's consoles (unkg.cli.app, made when the test modules import it) at 80, and
# the tests that widen it for one command (CliRunner's env={"COLUMNS": ...}) would see their
# messages wrapped. Without it, as in a run in one process, rich reads COLUMNS at each print.
if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ.pop("COLUMNS", None)

# Test files whose tests share an expensive session fixture run on the same worker, so that
# the fixture is built once (the development corpus takes a minute to build).
SHARED_GROUPS = {
    "tests/graph/test_contradictions.py": "dev_store",
    "tests/web/test_gallery.py": "dev_store",
}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under `pytest -n 2 --dist loadgroup` (`make test`) each test file is one unit of work,
    as with `--dist loadfile`: its module fixtures (a built store, a running server) are made
    once, on one worker, instead of once per worker. A test marked `xdist_group` keeps its
    own group. Without xdist the marks do nothing."""
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            path = item.path.relative_to(ROOT).as_posix()
            item.add_marker(pytest.mark.xdist_group(SHARED_GROUPS.get(path, path)))


@pytest.fixture(scope="session")
def seed_2020() -> Path:
    return seed(SEED_2020)


@pytest.fixture(scope="session")
def seed_2023() -> Path:
    return seed(SEED_2023)


@pytest.fixture(scope="session")
def example_store(tmp_path_factory):
    """A store built once from examples/reports (read it, don't change it)."""
    import unkg

    path = tmp_path_factory.mktemp("example-store")
    store = unkg.open_store(path)
    result = unkg.build([EXAMPLES], store=store)
    assert result.ok, result.failed
    return store


@pytest.fixture(scope="session")
def dev_store(tmp_path_factory):
    """The development corpus (real UN texts, not the samples the examples were written for)
    built once as one store (read it, don't change it): several test folders ask it questions
    and a build takes a minute."""
    import unkg

    raw = DEV_CORPUS / "raw"
    if not raw.is_dir():
        pytest.skip(f"needs the development corpus in {raw}")
    store = unkg.open_store(tmp_path_factory.mktemp("dev-store"))
    result = unkg.build([raw], store=store)
    assert result.ok, result.failed
    return store


@pytest.fixture
def memory_store():
    import unkg

    return unkg.open_store(memory=True)
