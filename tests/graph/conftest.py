"""The headless Chromium the graph pages' browser tests drive (skipped with a message when
Chromium or Playwright is missing)."""

from __future__ import annotations

import importlib.util

import pytest
from support import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            "browser test needs /usr/bin/chromium (apt-get install chromium fonts-noto-cjk)"
        )
    if importlib.util.find_spec("playwright") is None:
        pytest.skip(
            "browser test needs Playwright for Python (pip install playwright; no browser download)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()
