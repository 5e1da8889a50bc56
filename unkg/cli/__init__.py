"""The `unkg` command: a thin layer that parses options and calls `unkg.api`.

One module per group of commands, each registering its commands on the one app
(`unkg.cli.app`); importing this package registers them all, in the order `unkg --help` lists.
"""

from __future__ import annotations

from unkg.cli import building, extraction, queries, summaries, timelines, views
from unkg.cli.app import app

__all__ = ["app", "main"]
_COMMANDS = (extraction, building, queries, summaries, timelines, views)  # registered on import


def main() -> None:
    app()
