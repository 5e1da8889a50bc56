"""The public Python API. The CLI and the web app only parse options and call these.

One module per job: `stores` (opening stores), `extraction` (a file's records, evaluation),
`builder` (`build`), `queries`, `exports`, `writing` (updates and graph writes), `summaries`
(reports, info, validation, diff), `timelines` and `views` (the graph page). Every public name
is imported from here: ``from unkg.api import build``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from unkg.api.extraction import config_hash, evaluate, extract_records
from unkg.api.queries import query
from unkg.api.stores import open_store, reload_reference, store_location, use_reference
from unkg.api.summaries import Diff, diff, info, reports, validate
from unkg.api.timelines import active_missions, timeline, timeline_text
from unkg.api.views import page_script_hashes, timeline_chart, viz, viz_sentences
from unkg.api.writing import delete_graph, remove, update, write_graph
from unkg.extract.model import Report, ReportMeta
from unkg.extract.read import ReadError, file_name
from unkg.graph.formats import Format
from unkg.graph.merge import REFUSED as DEFAULT_GRAPH_REFUSED
from unkg.graph.remote import RemoteStore
from unkg.graph.results import QueryResult, TooManyResults
from unkg.graph.sparql_errors import explain
from unkg.graph.store import REPORT_GRAPH_PREFIX, Store, StoreError
from unkg.graph.validate import Violation
from unkg.ontology.ids import ENTITY_TYPES
from unkg.ontology.namespace import PREFIXES
from unkg.ontology.reference import LANGUAGES
from unkg.settings import Settings

if TYPE_CHECKING:
    from unkg.api.builder import BuildResult, FileResult, build, find_reports
    from unkg.api.exports import export
    from unkg.extract.evaluate import RELATION_ORDER, Evaluation, GoldError
    from unkg.extract.pipeline import extract_file, extract_text
    from unkg.graph.viz import json_for_html

# The extraction pipeline (spaCy), the evaluation, the builder and the exports (networkx)
# are imported when first used, so that `unkg serve` and query-only programs start without
# them (spaCy is half of importing this package; the builder and the exports took 0.8 s of
# the 2.5 s that importing the web app took): these names of the API come from there.
_LAZY = {
    "BuildResult": "unkg.api.builder",
    "FileResult": "unkg.api.builder",
    "build": "unkg.api.builder",
    "find_reports": "unkg.api.builder",
    "export": "unkg.api.exports",
    "extract_file": "unkg.extract.pipeline",
    "extract_text": "unkg.extract.pipeline",
    "RELATION_ORDER": "unkg.extract.evaluate",
    "Evaluation": "unkg.extract.evaluate",
    "GoldError": "unkg.extract.evaluate",
    "json_for_html": "unkg.graph.viz",  # the graph page's JSON (jinja2, pyvis: for pages only)
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_GRAPH_REFUSED",
    "ENTITY_TYPES",
    "LANGUAGES",
    "PREFIXES",
    "RELATION_ORDER",
    "REPORT_GRAPH_PREFIX",
    "BuildResult",
    "Diff",
    "Evaluation",
    "FileResult",
    "Format",
    "GoldError",
    "QueryResult",
    "ReadError",
    "RemoteStore",
    "Report",
    "ReportMeta",
    "Settings",
    "Store",
    "StoreError",
    "TooManyResults",
    "Violation",
    "active_missions",
    "build",
    "config_hash",
    "delete_graph",
    "diff",
    "evaluate",
    "explain",
    "export",
    "extract_file",
    "extract_records",
    "extract_text",
    "file_name",
    "find_reports",
    "info",
    "json_for_html",
    "open_store",
    "page_script_hashes",
    "query",
    "reload_reference",
    "remove",
    "reports",
    "store_location",
    "timeline",
    "timeline_chart",
    "timeline_text",
    "update",
    "use_reference",
    "validate",
    "viz",
    "viz_sentences",
    "write_graph",
]
