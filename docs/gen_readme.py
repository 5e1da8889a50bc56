"""Regenerate the README's console examples and quality figures from real runs.

    python docs/gen_readme.py           # rewrite README.md
    python docs/gen_readme.py --check   # exit 1 if README.md differs (what the test does)

Every ```console block is regenerated: its commands (lines starting with ``$ ``, continued by
indented lines) are run one after another, in a scratch checkout that links to ``examples/``
and ``tests/`` and has ``../shared`` beside it, against a fresh copy of a store built from
``examples/reports`` (the build block builds its own), with ``COLUMNS=130``; the block is
replaced by the commands and what they printed. The scratch store's path is written as the
default store of the README's reader (``~/.local/share/unkg/store``). Three kinds of command
are run their own way, so that what is shown stays what a user sees:

- ``unkg serve`` starts on a free port; its banner (stdout) is shown, the block's other
  commands (``curl``) run against it, then it is stopped; the port is shown as 8000;
- ``unkg extract … --format jsonl`` is shown abridged: the first paragraph with a relation and
  the last line, wrapped, with long strings and lists cut with ``…``;
- any other command (``grep``) runs in a shell; lines longer than the block are cut with ``…``.

Every ```python block is run too (in the scratch checkout, its output not shown): `render`
fails, naming the block, when one raises.

The quality sentence between ``<!-- quality -->`` and ``<!-- /quality -->`` is written from
``bench/quality.py``'s measurement (the development corpus and our own gold).
"""

from __future__ import annotations

import json
import os
import re
import runpy
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SHARED = ROOT.parent / "shared"
SHOWN_STORE = "/home/me/.local/share/unkg/store"
SHOWN_PORT = 8000
WIDTH = 130
BLOCK = re.compile(r"```console\n(.*?)```\n", re.S)
PYTHON = re.compile(r"```python\n(.*?)```\n", re.S)
QUALITY = re.compile(r"(<!-- quality -->\n)(.*?)(<!-- /quality -->)", re.S)
LINKED = ("examples", "tests")  # what the README's commands read from the checkout


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


def _bin() -> Path:
    """The folder of the installed ``unkg`` (this interpreter's), so a venv need not be active."""
    return Path(sys.executable).parent


def _env(store: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "UNKG_STORE": str(store),
        "COLUMNS": str(WIDTH),
        "NO_COLOR": "1",
        "PATH": f"{_bin()}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    env.pop("FORCE_COLOR", None)
    return env


def _tidy(text: str, store: Path, cut: bool = False) -> str:
    """Output as the README shows it: the reader's store path, no trailing blanks, and (for
    commands that are not ours) lines cut to the block's width."""
    lines = [line.rstrip() for line in text.replace(str(store), SHOWN_STORE).splitlines()]
    if cut:
        lines = [line if _width(line) <= WIDTH else _clip(line, WIDTH - 2) + " …" for line in lines]
    return "\n".join(lines).strip("\n")


def _width(text: str) -> int:
    """Columns a terminal gives `text` (CJK characters take two); tabs count as eight."""
    return sum(
        8 if ch == "\t" else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text
    )


def _clip(text: str, columns: int) -> str:
    out = ""
    for ch in text:
        if _width(out + ch) > columns:
            break
        out += ch
    return out.rstrip()


def _run(command: str, cwd: Path, store: Path) -> str:
    """Run one command as the reader would type it and return what it printed."""
    ours = command.startswith("unkg ")
    argv = [str(_bin() / "unkg"), *shlex.split(command)[1:]] if ours else ["bash", "-c", command]
    done = subprocess.run(
        argv, cwd=cwd, env=_env(store), capture_output=True, text=True, timeout=600
    )
    output = done.stdout + done.stderr
    if _abridged(command):
        output = abridge_jsonl(done.stdout)
    return _tidy(output, store, cut=not ours)


def _abridged(command: str) -> bool:
    return command.startswith("unkg extract") and "--format jsonl" in command


def abridge_jsonl(output: str, keep: int = 2, chars: int = 30) -> str:
    """`unkg extract --format jsonl` shortened for reading: the first paragraph that states a
    relation and the last line (the report record), each wrapped, text longer than `chars`
    and lists longer than `keep` cut with ``…`` (IRIs are kept whole)."""
    records = [json.loads(line) for line in output.splitlines() if line.strip()]
    first = next(r for r in records if r.get("kind") == "paragraph" and r.get("relations"))
    shown = [_fmt(first, 0, keep, chars), "…", _fmt(records[-1], 0, keep, chars)]
    return "\n".join(shown)


def _fmt(value: object, indent: int, keep: int, chars: int, width: int = 100) -> str:
    """`value` as JSON, wrapped to `width` columns, its first line placed at column `indent`
    (a dict's other lines start one further, inside its brace)."""
    if isinstance(value, str):
        cut = len(value) > chars and not value.startswith("https://")
        return json.dumps(value[:chars] + "…" if cut else value, ensure_ascii=False)
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        inner = indent + 1
        items = [_fmt(v, inner, keep, chars, width) for v in value[:keep]]
        more = ", …" if len(value) > keep else ""
        return "[" + (",\n" + " " * inner).join(items) + more + "]"
    if isinstance(value, dict):
        lines, line = [], "{"
        for n, (key, val) in enumerate(value.items()):
            head = json.dumps(key, ensure_ascii=False) + ": "
            sep = "" if n == 0 else ", "
            start = indent + 1
            text = _fmt(val, start + _width(head), keep, chars, width)
            column = _width(line + sep + head + text.split("\n")[0]) + (0 if lines else indent)
            if n and ("\n" in text or column > width):
                lines.append(line + ",")
                line, sep = " " * start, ""
            line += sep + head + text
            if "\n" in text:
                *done, line = line.split("\n")
                lines.extend(done)
        return "\n".join([*lines, line + "}"])
    return json.dumps(value, ensure_ascii=False)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def served(cwd: Path, store: Path, argv: list[str]) -> Iterator[tuple[int, str]]:
    """`unkg serve` on a free port until the block is done: (port, its banner)."""
    port = _free_port()
    proc = subprocess.Popen(
        [str(_bin() / "unkg"), *argv[1:], "--port", str(port)],
        cwd=cwd,
        env=_env(store),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        banner = []
        for line in proc.stdout:
            banner.append(line)
            if "press Ctrl-C" in line:
                break
        else:
            raise RuntimeError(f"`{' '.join(argv)}` stopped before serving:\n{''.join(banner)}")
        _wait_ready(port)
        yield port, "".join(banner)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_ready(port: int, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _serve_block(cmds: list[str], cwd: Path, store: Path) -> list[str]:
    """The serve block: the banner, then each other command run against the live server."""
    shown = f"127.0.0.1:{SHOWN_PORT}"
    with served(cwd, store, shlex.split(cmds[0])) as (port, banner):
        real = f"127.0.0.1:{port}"
        lines = ["$ " + cmds[0], _tidy(banner.replace(real, shown), store)]
        for cmd in cmds[1:]:
            lines.append("$ " + cmd)
            output = _run(cmd.replace(shown, real), cwd, store).replace(real, shown)
            if output:
                lines.append(output)
    return lines


def _block(cmds: list[str], cwd: Path, store: Path) -> list[str]:
    if cmds[0].startswith("unkg serve"):
        return _serve_block(cmds, cwd, store)
    lines = []
    for cmd in cmds:
        lines.append("$ " + cmd)
        output = _run(cmd, cwd, store)
        if output:
            lines.append(output)
    return lines


def run_python(code: str, cwd: Path) -> None:
    """Run a README Python example as a reader would paste it; raise with its error if it fails."""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=600
    )
    if done.returncode:
        first = code.strip().splitlines()[0]
        raise RuntimeError(f"the README's Python example `{first} …` fails:\n{done.stderr[-2000:]}")


def _checkout(tmp: Path) -> Path:
    """A scratch checkout: our examples and tests linked, ``../shared`` beside it."""
    checkout = tmp / "checkout"
    checkout.mkdir()
    for name in LINKED:
        (checkout / name).symlink_to(ROOT / name)
    if SHARED.is_dir():
        (tmp / "shared").symlink_to(SHARED)
    return checkout


def quality_sentence() -> str:
    """The README's quality figures, measured now by bench/quality.py."""
    q = runpy.run_path(str(ROOT / "bench" / "quality.py"))["measure"]()

    def pair(name: str) -> str:
        return f"{q['zh ' + name]:.3f} / {q['en ' + name]:.3f}"

    raw = SHARED / "dev-corpus" / "raw"
    n = {lang: len(list((raw / lang).glob("*.txt"))) for lang in ("zh", "en", "parallel")}
    return (
        f"Extraction quality on the development corpus ({sum(n.values())} real UN texts with"
        " gold in\n"
        f"`../shared/dev-corpus`: {n['zh']} Chinese, {n['en']} English, {n['parallel']} parallel;"
        " `python bench/quality.py`), F1 Chinese /\n"
        f"English: missions {pair('missions')}, countries {pair('countries')}, document symbols"
        f" {pair('symbols')},\n"
        f"mission–country links {pair('mission-country')}, mandate changes {pair('mandate')},"
        f" programmes (lenient)\n{pair('programmes lenient')}. On our own hand-made gold (`unkg"
        " eval tests/gold examples/reports\n"
        "tests/data/parallel ../shared/seeds`, texts we wrote): entities"
        f" {q['gold entities']:.3f}, relations {q['gold relations']:.3f}. Details in\n"
        "the `eval` section below and in [docs/extraction.md](docs/extraction.md).\n"
    )


def render(readme: str | None = None) -> str:
    """README.md with every console block and the quality sentence regenerated."""
    text = README.read_text("utf-8") if readme is None else readme
    with tempfile.TemporaryDirectory() as tmp:
        checkout = _checkout(Path(tmp))
        built = Path(tmp) / "built"
        _run("unkg build examples/reports", checkout, built)

        def regenerate(m: re.Match) -> str:
            cmds = commands(m.group(1))
            if not cmds:
                return m.group(0)
            store = Path(tmp) / "store"
            shutil.rmtree(store, ignore_errors=True)
            if not cmds[0].startswith("unkg build"):
                shutil.copytree(built, store)
            return "```console\n" + "\n".join(_block(cmds, checkout, store)) + "\n```\n"

        text = BLOCK.sub(regenerate, text)
        for code in PYTHON.findall(text):
            run_python(code, checkout)
    return QUALITY.sub(lambda m: m.group(1) + quality_sentence() + m.group(3), text)


def main() -> None:
    fresh = render()
    if "--check" in sys.argv[1:]:
        if fresh != README.read_text("utf-8"):
            sys.exit("README.md is out of date: run `python docs/gen_readme.py`")
        return
    tmp = README.with_suffix(".md.tmp")
    tmp.write_text(fresh, "utf-8")
    tmp.replace(README)


if __name__ == "__main__":
    main()
