"""The query threads of a serving process (`unkg.web.inprocess.LocalRunner`): answers, the
time limit (the process must retire: its thread cannot be stopped), a full pool, the copy."""

from __future__ import annotations

import asyncio
import json

import pyoxigraph as ox
import pytest

from unkg.web.inprocess import LocalRunner
from unkg.web.jobs import Job, execute
from unkg.web.pool import Busy, QueryTimeout

EX = "http://example.org/"
# 1,500 × 1,500 solutions counted: long enough to overrun a 50 ms limit, short enough to end
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
FAST = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 3"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.extend(
        ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(i))
        for i in range(1500)
    )
    return s


def run(runner: LocalRunner, *jobs: tuple[str, float]) -> list[object]:
    """Start the runner and run the jobs (query, time limit) at once: outcome or exception."""

    async def scenario() -> list[object]:
        await runner.start()
        return await asyncio.gather(
            *(runner.run(Job(q), limit) for q, limit in jobs), return_exceptions=True
        )

    return asyncio.run(scenario())


def test_answers_as_the_worker_would(store):
    runner = LocalRunner(store, threads=2)
    try:
        (outcome,) = run(runner, (FAST, 10))
    finally:
        runner.close()
    assert outcome == execute(store, Job(FAST))
    rows = json.loads(outcome.body)["results"]["bindings"]
    assert [r["s"]["value"] for r in rows] == [f"{EX}s0", f"{EX}s1", f"{EX}s10"]


def test_a_query_past_the_limit_retires_the_process(store):
    stuck: list[str] = []
    runner = LocalRunner(store, threads=2)
    runner.on_stuck = stuck.append
    try:
        late, quick = run(runner, (SLOW, 0.05), (FAST, 10))
    finally:
        runner.close()
    assert isinstance(late, QueryTimeout)
    assert stuck == ["a query ran past the time limit"]
    assert quick.status == 200  # the other thread answered meanwhile


def test_a_query_waits_for_a_thread_at_most_its_time_limit(store):
    stuck: list[str] = []
    runner = LocalRunner(store, threads=1)
    runner.on_stuck = stuck.append
    try:
        slow, waiting = run(runner, (SLOW, 60), (FAST, 0.05))
    finally:
        runner.close()
    assert isinstance(waiting, Busy)
    assert slow.status == 200 and stuck == []  # waiting for a thread stops no query


def test_answers_from_the_copy_once_it_is_made(store):
    runner = LocalRunner(store, threads=1, to_copy=lambda: len(store))

    async def scenario() -> tuple[object, object]:
        await runner.start()
        for _ in range(500):
            if runner.copy is not None:
                break
            await asyncio.sleep(0.01)
        return runner.copy, await runner.run(Job(FAST), 10)

    try:
        copy, outcome = asyncio.run(scenario())
    finally:
        runner.close()
    assert isinstance(copy, ox.Store) and len(copy) == len(store)
    assert outcome == execute(store, Job(FAST))


def test_no_copy_when_the_store_does_not_fit(store):
    runner = LocalRunner(store, threads=1, to_copy=lambda: 0)
    try:
        run(runner, (FAST, 10))
    finally:
        runner.close()
    assert runner.copy is None


def test_a_request_known_to_be_quick_is_answered_on_the_event_loop(store, monkeypatch):
    """Once a request answered quickly `QUICK_TRIES` times it needs no query thread: it is
    answered while the only thread is busy, where a request not seen before waits for it."""
    from unkg.web import inprocess

    monkeypatch.setattr(inprocess, "QUICK_S", 1.0)  # "quick" whatever the machine's load
    monkeypatch.setattr(inprocess, "QUICK_WALL_S", 1.0)
    runner = LocalRunner(store, threads=1)

    async def scenario() -> tuple[object, object, object]:
        await runner.start()
        for _ in range(inprocess.QUICK_TRIES):
            await runner.run(Job("ASK { ?s ?p ?o }"), 10)
        slow = asyncio.ensure_future(runner.run(Job(SLOW), 60))
        await asyncio.sleep(0.05)  # the thread has taken it
        quick, unseen = await asyncio.gather(
            runner.run(Job("ASK { ?s ?p ?o }"), 0.05),
            runner.run(Job(FAST), 0.05),
            return_exceptions=True,
        )
        return quick, unseen, await slow

    try:
        quick, unseen, slow = asyncio.run(scenario())
    finally:
        runner.close()
    assert quick.status == 200 and b"true" in quick.body
    assert isinstance(unseen, Busy)
    assert slow.status == 200
    assert not runner.quick.ready(inprocess._key(Job(SLOW), True))  # a slow one never is


def test_a_query_whose_cost_changes_from_run_to_run_is_never_quick(store):
    """RAND() and UUID() change what a query does from run to run: however quick its first
    answers, it stays on the query threads (under the time limit)."""
    from unkg.web import inprocess

    quick = inprocess.Quick()
    steady = inprocess._key(Job("ASK { ?s ?p ?o }"), True)
    for text in ("SELECT ?s { ?s ?p ?o FILTER(rand() < 0.5) } LIMIT 1", "SELECT (UUID() AS ?u) {}"):
        unstable = inprocess._key(Job(text), True)
        for _ in range(inprocess.QUICK_TRIES + 1):
            quick.record(unstable, 0.0, 0.0)
            quick.record(steady, 0.0, 0.0)
        assert not quick.ready(unstable)
    assert quick.ready(steady)


def test_quick_is_a_matter_of_cpu_time_within_a_bound_on_wall_time():
    """A loaded machine stretches a query's wall time, not its CPU time: that alone keeps it
    quick; past the CPU limit, or waiting past the wall limit, it is not."""
    from unkg.web import inprocess

    quick = inprocess.Quick()
    cpu_s, wall_s = inprocess.QUICK_S, inprocess.QUICK_WALL_S
    cases = {
        "loaded": (cpu_s / 2, min(wall_s, 4 * cpu_s)),  # waited for a core
        "costly": (2 * cpu_s, 2 * cpu_s),
        "waiting": (cpu_s / 2, 2 * wall_s),  # e.g. on the disk
    }
    keys = {name: inprocess._key(Job(f"ASK {{ <urn:{name}> ?p ?o }}"), True) for name in cases}
    for _ in range(inprocess.QUICK_TRIES):
        for name, (cpu, wall) in cases.items():
            quick.record(keys[name], cpu, wall)
    assert [name for name in cases if quick.ready(keys[name])] == ["loaded"]
