"""Regenerate the README's console examples from real runs.

    python docs/gen_readme.py           # rewrite README.md
    python docs/gen_readme.py --check   # exit 1 if README.md differs (what the test does)

A ```console block whose first command is one of `RUN` is regenerated: its commands (lines
starting with ``$ ``, continued by indented lines) are run one after another with the installed
``unkg``, in a scratch folder that links to ``examples/``, against a fresh copy of a store built
from ``examples/reports`` (the build block builds its own), with ``COLUMNS=130``; the block is
replaced by the commands and what they printed. The scratch store's path is written as the
default store of the README's reader (``~/.local/share/unkg/store``). Blocks of other commands
(``serve``, ``extract``'s wrapped record, ``eval``) are left as written.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SHOWN_STORE = "/home/me/.local/share/unkg/store"
RUN = (
    "unkg build",
    "unkg query",
    "unkg reports",
    "unkg diff",
    "unkg validate",
    "unkg info",
    "unkg viz",
)
BLOCK = re.compile(r"```console\n(.*?)```\n", re.S)


def commands(block: str) -> list[str]:
    """The block's commands: a ``$ `` line and the indented lines that continue it."""
    out: list[str] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            out.append(line[2:])
        elif out and line.startswith("    ") and _open(out[-1]):
            out[-1] += "\n" + line
    return out


def _open(command: str) -> bool:
    """True while a command's quotes are not closed (it goes on on the next line)."""
    try:
        shlex.split(command)
    except ValueError:
        return True
    return False


def _run(command: str, cwd: Path, store: Path) -> str:
    env = {**os.environ, "UNKG_STORE": str(store), "COLUMNS": "130", "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    argv = shlex.split(command)
    unkg = shutil.which("unkg", path=str(Path(sys.executable).parent)) or "unkg"
    done = subprocess.run(
        [unkg, *argv[1:]], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    text = (done.stdout + done.stderr).replace(str(store), SHOWN_STORE)
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")


def render(readme: str | None = None) -> str:
    """README.md with every `RUN` block regenerated."""
    text = README.read_text("utf-8") if readme is None else readme
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        (scratch / "examples").symlink_to(ROOT / "examples")
        built = scratch / "built"
        _run("unkg build examples/reports", scratch, built)

        def regenerate(m: re.Match) -> str:
            cmds = commands(m.group(1))
            if not cmds or not cmds[0].startswith(RUN):
                return m.group(0)
            store = scratch / "store"
            shutil.rmtree(store, ignore_errors=True)
            if not cmds[0].startswith("unkg build"):
                shutil.copytree(built, store)
            lines = []
            for cmd in cmds:
                lines.append("$ " + cmd)
                output = _run(cmd, scratch, store)
                if output:
                    lines.append(output)
            return "```console\n" + "\n".join(lines) + "\n```\n"

        return BLOCK.sub(regenerate, text)


def main() -> None:
    fresh = render()
    if "--check" in sys.argv[1:]:
        if fresh != README.read_text("utf-8"):
            sys.exit("README.md is out of date: run `python docs/gen_readme.py`")
        return
    README.write_text(fresh, "utf-8")


if __name__ == "__main__":
    main()
