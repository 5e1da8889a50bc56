"""Shared fixtures: the seed reports from ../shared/seeds and small stores built from examples/."""

from __future__ import annotations

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
