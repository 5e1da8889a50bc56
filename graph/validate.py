"""SHACL validation of what the store holds, against `ontology/shapes.ttl`."""

from __future__ import annotations

from dataclasses import dataclass

from unkg.graph.store import REFERENCE, Store
from unkg.ontology.namespace import ontology_path, shapes_path


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.focus} {self.path}: {self.message}"


def _data_graph(store: Store, report: str | None):
    """The merge of the store's graphs (or one report's and the reference) as an rdflib Graph;
    a report the store lacks is an error (`Store.quads`), never an empty graph that conforms."""
    import itertools

    import rdflib
    from pyoxigraph import RdfFormat, Triple, serialize

    if report:
        reference = store.oxigraph.quads_for_pattern(None, None, None, REFERENCE)
        quads = itertools.chain(store.quads(report), reference)
        triples = {Triple(q.subject, q.predicate, q.object) for q in quads}
    else:
        triples = store.triples()
    return rdflib.Graph().parse(data=serialize(triples, format=RdfFormat.N_TRIPLES), format="nt")


def validate_store(store: Store, report: str | None = None) -> list[Violation]:
    """Every SHACL result for the store (or one report plus the reference graph)."""
    import rdflib
    from pyshacl import validate
    from rdflib.namespace import SH

    data = _data_graph(store, report)
    shapes = rdflib.Graph().parse(str(shapes_path()), format="turtle")
    ontology = rdflib.Graph().parse(str(ontology_path()), format="turtle")
    _conforms, results, _text = validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    out = []
    for res in results.objects(None, SH.result):
        focus = results.value(res, SH.focusNode)
        path = results.value(res, SH.resultPath)
        msg = results.value(res, SH.resultMessage)
        sev = results.value(res, SH.resultSeverity)
        out.append(
            Violation(
                str(focus),
                str(path or ""),
                str(msg or ""),
                str(sev).rsplit("#", 1)[-1] if sev else "Violation",
            )
        )
    return sorted(out, key=lambda v: (v.severity, v.focus, v.path))
