"""Check the import contracts of pyproject.toml (`[tool.importlinter]`) with import-linter.

import-linter finds a package's modules by walking its folder, but our package is assembled
from four folders (`package-dir` in pyproject.toml: `unkg.graph` lives in `graph/`, …), as an
installed copy of unkg is. So this lays the sources out as they are installed, in a temporary
folder, and checks that copy. Run it with `make lint` or `python tools/lint_imports.py`.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def lay_out(target: Path) -> None:
    """Copy every package's Python files to where an installation puts them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    mapped = config["package-dir"]

    def source(package: str) -> Path:
        if package in mapped:
            return ROOT / mapped[package]
        parent, _, name = package.rpartition(".")
        return source(parent) / name

    for package in config["packages"]:
        dest = target.joinpath(*package.split("."))
        dest.mkdir(parents=True, exist_ok=True)
        for module in source(package).glob("*.py"):
            shutil.copy2(module, dest / module.name)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="unkg-lint-imports-") as tmp:
        lay_out(Path(tmp))
        # Only the copy may be found: first on the path, also in any process grimp starts.
        os.environ["PYTHONPATH"] = os.pathsep.join([tmp, os.environ.get("PYTHONPATH", "")])
        os.chdir(tmp)
        sys.path.insert(0, tmp)
        return lint_imports(
            config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True
        )


if __name__ == "__main__":
    sys.exit(main())
