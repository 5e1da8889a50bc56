"""The build's loader: batches written beside the build, commit markers written last, and
nothing of a failed report or a failed write committed."""

from pyoxigraph import Literal, NamedNode, Quad
from rdflib.compare import isomorphic
from support import ROOT, LoadsFail, graph_of

import unkg
from unkg.api import config_hash
from unkg.graph import terms as t
from unkg.ontology.ids import report_graph_iri, report_iri

EXAMPLES = ROOT / "examples" / "reports"
MINI = ROOT / "tests" / "data" / "reports" / "mini-zh.txt"


def test_bulk_loader_batches_and_commits(tmp_path):
    from unkg.api import extract_file

    store = unkg.open_store(tmp_path / "s")
    reports = [extract_file(p) for p in sorted(EXAMPLES.glob("*.txt"))]
    with store.loader(config_hash(), batch=1000) as loader:  # small batches: several flushes
        statuses = [loader.add(r) for r in reports]
    assert statuses == ["added"] * 3
    for r in reports:
        assert store.report_fingerprint(r.slug) == (r.sha256, config_hash())
    reference = unkg.open_store(tmp_path / "ref")
    for r in reports:
        reference.add_report(r, config_hash())
    assert isomorphic(graph_of(store), graph_of(reference))


def test_a_large_changed_report_is_replaced_in_bounded_batches(tmp_path):
    from unkg.api import extract_file

    store = unkg.open_store(tmp_path / "s")
    report = extract_file(MINI)
    store.add_report(report, config_hash())
    before = graph_of(store)
    # batches and the one-transaction limit far smaller than the report
    with store.loader(config_hash(), batch=50, replace_limit=50) as loader:
        assert loader.add(report) == "replaced"
    assert store.report_fingerprint(report.slug) == (report.sha256, config_hash())
    assert isomorphic(before, graph_of(store))


def test_a_report_whose_quads_fail_part_way_leaves_nothing(tmp_path):
    """The build reports such a file and goes on: none of its quads may reach the store
    (in the buffer or already bulk-written), while the reports around it are committed."""
    import pytest

    from unkg.api import extract_file
    from unkg.graph.rdf import report_quads

    store = unkg.open_store(tmp_path / "s")
    first, broken, last = [extract_file(p) for p in sorted(EXAMPLES.glob("*.txt"))]

    def failing(report, cut):
        for n, q in enumerate(report_quads(report, config_hash(), None)):
            if n == cut:
                raise TypeError("a literal that is not a str")
            yield q

    with store.loader(config_hash(), batch=200) as loader:
        loader.add(first)
        with pytest.raises(TypeError):  # after more than one batch was written
            loader.add_quads(broken.slug, failing(broken, 500))
        with pytest.raises(TypeError):  # within the buffer
            loader.add_quads(broken.slug, failing(broken, 20))
        loader.add(last)
    assert set(store.report_slugs()) == {first.slug, last.slug}
    assert store.report_fingerprint(broken.slug) == (None, None)
    reference = unkg.open_store(tmp_path / "ref")
    reference.add_report(first, config_hash())
    reference.add_report(last, config_hash())
    assert isomorphic(graph_of(store), graph_of(reference))


def quads(slug: str) -> list[Quad]:
    """A report's two quads in its graph: enough for a marker and a body."""
    g, r = NamedNode(report_graph_iri(slug)), NamedNode(report_iri(slug))
    return [
        Quad(r, t.u("paragraphNumber"), Literal("1"), g),
        Quad(r, t.u("sha256"), Literal(slug), g),
    ]


def test_a_failed_bulk_load_commits_none_of_its_reports(tmp_path):
    """If writing a batch fails, the error names the store and no report of the batch gets
    its commit marker (the next build redoes them), while the reports loaded afterwards are
    committed."""
    import pytest

    from unkg.api import StoreError

    store = unkg.open_store(tmp_path / "s")
    real = store._store
    with store.loader(batch=4) as loader:  # 4 quads: two bodies and their copies
        store._store = LoadsFail(real)
        loader.add_quads("one", quads("one"))
        loader.add_quads("two", quads("two"))  # the batch of one and two is written...
        with pytest.raises(StoreError, match="no space left on device") as failed:
            loader.flush()  # ...and its failure raised by the loader's next write or flush
        assert str(store.path) in str(failed.value)
        store._store = real
        loader.add_quads("three", quads("three"))
    fingerprints = [store.report_fingerprint(s)[0] for s in ("one", "two", "three")]
    assert fingerprints == [None, None, "three"]
    assert store.report_slugs() == ["three"]
    assert loader.uncommitted == dict.fromkeys(("one", "two"), str(failed.value))


class _LoadsWait:
    """A store whose bulk loads wait until the test lets them go."""

    def __init__(self, inner, go):
        self._inner, self._go = inner, go

    def bulk_load(self, *args, **kwargs):
        if not self._go.wait(timeout=30):
            raise TimeoutError("the loader waited for its own bulk write")
        return self._inner.bulk_load(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._inner, name)


def test_the_loader_gathers_the_next_batch_while_one_is_written(tmp_path):
    """A batch is written beside the build (Oxigraph's bulk writer runs without the GIL):
    adding reports does not wait for it, and no report is committed before its batch is
    written."""
    import threading

    store = unkg.open_store(tmp_path / "s")
    real, go = store._store, threading.Event()
    with store.loader(batch=4) as loader:
        store._store = _LoadsWait(real, go)
        loader.add_quads("one", quads("one"))
        loader.add_quads("two", quads("two"))  # the batch of one and two is being written
        loader.add_quads("three", quads("three"))  # gathered meanwhile
        assert store.report_fingerprint("one") == (None, None)  # not committed yet
        go.set()
    store._store = real
    fingerprints = [store.report_fingerprint(s)[0] for s in ("one", "two", "three")]
    assert fingerprints == ["one", "two", "three"]
    assert store.report_slugs() == ["one", "three", "two"]


def test_reports_are_committed_as_their_batches_are_written(tmp_path):
    """With `commit_every=0` a report is committed at the first chance after its batch is
    written (when the next batch starts), before the build ends, and never before."""
    import threading

    store = unkg.open_store(tmp_path / "s")
    real, go = store._store, threading.Event()
    names = ("one", "two", "three", "four")
    with store.loader(batch=4, commit_every=0) as loader:
        store._store = _LoadsWait(real, go)
        loader.add_quads("one", quads("one"))
        loader.add_quads("two", quads("two"))  # the batch of one and two is being written
        assert [store.report_fingerprint(s)[0] for s in names] == [None] * 4
        go.set()
        loader.add_quads("three", quads("three"))
        loader.add_quads("four", quads("four"))  # the next batch starts: one and two commit
        assert [store.report_fingerprint(s)[0] for s in names] == ["one", "two", None, None]
    store._store = real
    assert [store.report_fingerprint(s)[0] for s in names] == list(names)


def test_an_interrupted_build_keeps_the_reports_written(tmp_path):
    """Ctrl-C part-way: the reports whose batch was written are committed on the way out
    (the next build leaves them as they are); one only staged is not in the store at all."""
    import pytest

    store = unkg.open_store(tmp_path / "s")
    with pytest.raises(KeyboardInterrupt), store.loader(batch=4, commit_every=3600) as loader:
        for name in ("one", "two", "three"):  # one and two: a batch; three staged behind it
            loader.add_quads(name, quads(name))
        raise KeyboardInterrupt
    assert [store.report_fingerprint(s)[0] for s in ("one", "two", "three")] == [
        "one",
        "two",
        None,
    ]
    assert store.report_slugs() == ["one", "two"]
