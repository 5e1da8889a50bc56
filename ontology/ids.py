"""Identifier rules: the one place where unkg IRIs are built.

Kept free of rdflib so that `unkg.extract` can mint IRIs for the entities it finds
without pulling in the RDF stack; `unkg.ontology.namespace` wraps these strings as
rdflib namespaces.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Final, Literal

ONTOLOGY_NS: Final = "https://w3id.org/unkg/ontology#"
ID_BASE: Final = "https://w3id.org/unkg/id/"
GRAPH_BASE: Final = "https://w3id.org/unkg/graph/"
SOFTWARE_BASE: Final = "https://w3id.org/unkg/software/"
REFERENCE_GRAPH: Final = GRAPH_BASE + "reference"
# Derived from the report graphs after every write: contradictions between two reports.
CONTRADICTIONS_GRAPH: Final = GRAPH_BASE + "contradictions"

Kind = Literal[
    "mission",
    "country",
    "territory",
    "resolution",
    "document",
    "programme",
    "organization",
    "report",
]
KINDS: Final[tuple[str, ...]] = Kind.__args__  # type: ignore[attr-defined]

# Entity type names as printed by `unkg extract` (and used in gold files) → IRI kind.
TYPE_TO_KIND: Final[dict[str, str]] = {
    "Mission": "mission",
    "Country": "country",
    "Territory": "territory",
    "Resolution": "resolution",
    "Document": "document",
    "Programme": "programme",
    "Organization": "organization",
    "Organ": "organization",  # a UN principal organ or officer: an organization IRI
}
ENTITY_TYPES: Final[tuple[str, ...]] = tuple(TYPE_TO_KIND)

_UNSAFE = re.compile(r"[^A-Za-z0-9._]+")


def normalize_name(name: str) -> str:
    """Fold the spellings of one name together (width, spaces, case) before hashing."""
    folded = unicodedata.normalize("NFKC", name)
    return "".join(folded.split()).casefold()


def slug(key: str) -> str:
    """Turn a canonical key into the URL-safe last segment of an entity IRI.

    ASCII keys stay readable (``S/RES/2690(2023)`` → ``S-RES-2690-2023``); a key with
    other letters, such as a Chinese name minted from a report, becomes a hash so the
    same name gets the same IRI in every report and every run.
    """
    if not key.isascii():
        digest = hashlib.blake2b(normalize_name(key).encode("utf-8"), digest_size=8)
        return "x-" + digest.hexdigest()
    out = _UNSAFE.sub("-", key).strip("-")
    if not out:
        raise ValueError(f"cannot make an identifier from key {key!r}")
    return out


def entity_iri(kind: str, key: str) -> str:
    """The IRI of an entity of `kind` with canonical `key`."""
    if kind not in KINDS:
        raise ValueError(f"unknown entity kind {kind!r}; expected one of {', '.join(KINDS)}")
    return f"{ID_BASE}{kind}/{slug(key)}"


def type_iri(entity_type: str, key: str) -> str:
    """The IRI of an entity given its extraction type name (``Mission``, ``Country`` …)."""
    try:
        kind = TYPE_TO_KIND[entity_type]
    except KeyError:
        raise ValueError(f"unknown entity type {entity_type!r}") from None
    return entity_iri(kind, key)


def report_slug(
    symbol: str | None, text: str, language: str | None = None, *, digest: str | None = None
) -> str:
    """A report is named by its UN symbol and language, else by a hash of its text
    (`digest`, the text's SHA-256 in UTF-8 as hex, when the text is not at hand).

    The UN gives every language edition of a document the same symbol, so the language is
    part of the name: ``A/75/1`` in Chinese is ``A-75-1-zh``, in English ``A-75-1-en``.
    """
    if symbol:
        return f"{slug(symbol)}-{language}" if language else slug(symbol)
    return "sha-" + (digest or hashlib.sha256(text.encode("utf-8")).hexdigest())[:12]


def report_iri(report_slug_: str) -> str:
    return f"{ID_BASE}report/{report_slug_}"


def report_graph_iri(report_slug_: str) -> str:
    return f"{GRAPH_BASE}report/{report_slug_}"
