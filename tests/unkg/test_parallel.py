"""Extraction in several processes (issue 10): same graph as the serial build, one writer."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib.compare import isomorphic
from support import ROOT, graph_of

import unkg
from unkg.api import build
from unkg.parallel import Extracted, extract_many

EXAMPLES = ROOT / "examples" / "reports"
PARALLEL = ROOT / "tests" / "data" / "parallel"  # an English edition declaring translation_of
INPUTS = [EXAMPLES, PARALLEL]
TRANSLATED = "ASK { <https://w3id.org/unkg/id/report/S-2024-880-en> unkg:translationOf ?o }"


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    store = unkg.open_store(tmp_path_factory.mktemp("serial"))
    result = build(INPUTS, store=store)
    assert result.ok, result.failed
    return store, result


def test_extract_many_keeps_input_order_and_carries_errors(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    files = [*sorted(EXAMPLES.glob("*.txt")), empty, tmp_path / "missing.txt"]
    out = list(extract_many(files, workers=2))
    assert [o.path for o in out] == [str(f) for f in files]
    assert all(o.report is not None for o in out[:-2])
    assert out[-2].error == "is empty" and out[-1].error == "does not exist"
    skipped = list(extract_many(files[:2], skip=lambda p: p == files[0]))
    assert skipped[0] == Extracted(str(files[0])) and skipped[0].skipped
    assert skipped[1].report is not None


@pytest.mark.slow
def test_two_workers_build_the_same_graph(serial, tmp_path):
    store_1, result_1 = serial
    store_2 = unkg.open_store(tmp_path / "two")
    result_2 = build(INPUTS, store=store_2, workers=2)
    assert [(f.path, f.status, f.report) for f in result_2.files] == [
        (f.path, f.status, f.report) for f in result_1.files
    ]
    assert isomorphic(graph_of(store_1), graph_of(store_2))
    # the writer still decides what is unchanged, and links the translation
    again = build(INPUTS, store=store_2, workers=2)
    assert {f.status for f in again.files} == {"unchanged"}
    assert bool(store_2.query(TRANSLATED)) and bool(store_1.query(TRANSLATED))


@pytest.mark.slow
def test_dask_local_cluster_builds_the_same_graph(serial, tmp_path):
    distributed = pytest.importorskip("distributed")
    store_1, _ = serial
    store_d = unkg.open_store(tmp_path / "dask")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        result = build(INPUTS, store=store_d, scheduler=client)
        assert result.ok, result.failed
        # a scheduler address works too (the build opens and closes its own client)
        again = build(INPUTS, store=store_d, scheduler=cluster.scheduler_address, force=True)
        assert {f.status for f in again.files} == {"replaced"}
    assert isomorphic(graph_of(store_1), graph_of(store_d))


def test_cli_build_with_workers(tmp_path):
    from typer.testing import CliRunner

    from unkg.cli import app

    res = CliRunner().invoke(
        app, ["build", str(EXAMPLES), "--store", str(tmp_path / "s"), "--workers", "2"]
    )
    assert res.exit_code == 0, res.output
    assert "added" in res.output


def _group(pgid: int) -> set[int]:
    """The live processes of process group `pgid` (Linux's /proc)."""
    members = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # it has just ended
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":  # pgrp; a zombie has ended
            members.add(int(stat.parent.name))
    return members


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_the_workers_end_when_their_writer_is_killed(tmp_path):
    """`unkg build -j 2` killed with SIGKILL (no clean-up of its own) leaves no worker behind:
    each waits on a queue its writer held, and would wait for ever."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(60):  # enough files that the writer is killed mid-build
        for source in sorted(EXAMPLES.glob("*.txt")):
            (corpus / f"{i:02d}-{source.name}").write_text(source.read_text("utf-8"), "utf-8")
    writer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "unkg",
            "build",
            str(corpus),
            "--store",
            str(tmp_path / "s"),
            "--workers",
            "2",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, which the pool's processes join
    )
    try:
        # the writer, the fork server and two workers (a slow start counts as progress)
        assert _wait_for(lambda: len(_group(writer.pid)) >= 4, 300), _group(writer.pid)
        os.kill(writer.pid, signal.SIGKILL)
        assert writer.wait(30) == -signal.SIGKILL  # killed mid-build, not done
        assert _wait_for(lambda: not _group(writer.pid), 60), f"left: {_group(writer.pid)}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(writer.pid, signal.SIGKILL)
