"""Reference data: the curated missions, countries, programmes and organizations.

The CSV files under ``ontology/data`` are the source of truth; this module reads them
into plain records (no rdflib, so extraction can use it) and gives every entity its
IRI, labels and the aliases the gazetteer matches. Users add their own rows in folders
of files with the same names, which the layer holding the settings puts in force with
`use_reference_dirs` (``--reference-dir``, ``$UNKG_REFERENCE_DIR``: `unkg.api.use_reference`).
This module reads no environment variable.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from importlib.resources import files
from pathlib import Path

from unkg.ontology.ids import TYPE_TO_KIND, entity_iri

FILES = ("countries.csv", "missions.csv", "organizations.csv")
COUNTRY_TYPES = ("MemberState", "ObserverState", "FormerState", "Territory")
# Languages, declared once: those of the reports unkg reads, and those of the reference names.
LANGUAGES = ("zh", "en")
LANGS = ("zh", "en", "fr")

# Reference-data class names (the `type`/`category` cells) → the ontology class of the entity.
CATEGORY_CLASS = {
    "fund": "Fund",
    "programme": "Programme",
    "initiative": "Initiative",
    "strategy": "Strategy",
    "framework": "Framework",
    "system": "System",
    "agenda": "Agenda",
    "plan": "Plan",
    "un-entity": "UNEntity",
    "un-department": "UNDepartment",
    "un-organ": "UNOrgan",
    "principal-organ": "Organ",
    "non-un-operation": "NonUNOperation",
    "regional-organization": "RegionalOrganization",
    "intergovernmental-organization": "IntergovernmentalOrganization",
    "other": "Organization",
}


class ReferenceDataError(ValueError):
    """A reference-data file is malformed; the message names the file and row."""


@dataclass(frozen=True)
class Entity:
    """One curated entity and everything the gazetteer and the graph need of it."""

    type: str  # Mission, Country, Territory, Programme, Organization, Organ
    key: str
    iri: str
    classes: tuple[str, ...]  # ontology class local names, most specific last
    labels: dict[str, str]  # lang → preferred label
    aliases: dict[str, tuple[str, ...]]  # lang → alternative labels
    row: dict[str, str] = field(repr=False, compare=False, hash=False, default_factory=dict)

    def get(self, column: str) -> str:
        return self.row.get(column, "").strip()

    def multi(self, column: str) -> tuple[str, ...]:
        return tuple(v.strip() for v in self.get(column).split("|") if v.strip())

    def names(self, lang: str) -> tuple[str, ...]:
        """Every name of this entity in `lang`: preferred label first."""
        out = [self.labels[lang]] if lang in self.labels else []
        out += [a for a in self.aliases.get(lang, ()) if a not in out]
        return tuple(out)


@dataclass(frozen=True)
class Ambiguity:
    alias: str
    lang: str
    candidates: tuple[str, ...]  # IRIs, preferred first
    rule: str  # prefer-first | skip | longest-match
    note: str


@dataclass(frozen=True)
class StopPhrase:
    phrase: str
    lang: str
    blocks: str
    note: str


@dataclass(frozen=True)
class DatedName:
    """A name whose meaning depends on the date of the text: 联合国紧急部队 is UNEF I in
    1960 and UNEF II in 1975; East Timor is a territory before 20 May 2002."""

    alias: str
    lang: str
    iri: str
    start: str  # ISO date or prefix (YYYY, YYYY-MM); empty = since ever
    end: str  # exclusive; empty = still today
    source: str

    def holds_on(self, date: str) -> bool:
        """Is `date` (ISO, any precision) within [start, end)? Compared at the precision
        both sides have, so a text dated only 1967 is within a range ending 1967-06."""
        if self.start and date[: len(self.start)] < self.start[: len(date)]:
            return False
        if not self.end:
            return True
        n = min(len(date), len(self.end))
        return date[:n] < self.end[:n] or (len(date) != len(self.end) and date[:n] == self.end[:n])


@dataclass(frozen=True)
class ReferenceData:
    entities: dict[str, Entity]  # IRI → entity
    ambiguities: tuple[Ambiguity, ...]
    stopphrases: tuple[StopPhrase, ...]
    dated: tuple[DatedName, ...] = ()
    demonyms: tuple[tuple[str, str, str], ...] = ()  # (adjective, lang, IRI): "Afghan" → AFG

    def by_type(self, entity_type: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.type == entity_type]

    @cached_property
    def _by_key(self) -> dict[tuple[str, str], Entity]:
        return {(e.type, e.key): e for e in self.entities.values()}

    def find(self, entity_type: str, key: str) -> Entity | None:
        return self._by_key.get((entity_type, key))

    def aliases(self, lang: str) -> Iterator[tuple[str, Entity]]:
        """(name, entity) for every name in `lang`, ambiguous and dated names excluded (a
        dated name is dated in every language: Congo is French and English)."""
        ambiguous = {a.alias for a in self.ambiguities if a.lang == lang}
        ambiguous |= {d.alias for d in self.dated}
        for entity in self.entities.values():
            for name in entity.names(lang):
                if name not in ambiguous:
                    yield name, entity
        for name, name_lang, iri in self.demonyms:  # "the Afghan people" names Afghanistan
            if name_lang == lang and name not in ambiguous:
                yield name, self.entities[iri]


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (cell or "").split("|") if v.strip())


def _read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames:
            raise ReferenceDataError(f"{path}: no header row")
        for line, row in enumerate(reader, start=2):
            if None in row:
                raise ReferenceDataError(f"{path}:{line}: more cells than header columns")
            yield line, {k: (v or "").strip() for k, v in row.items()}


def _labels(row: dict[str, str]) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    labels: dict[str, str] = {}
    aliases: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for lang in LANGS:
        if row.get(f"name_{lang}"):
            labels[lang] = row[f"name_{lang}"]
        extra = [row.get(f"formal_{lang}", ""), row.get(f"short_{lang}", "")]
        extra += list(_split(row.get(f"aliases_{lang}")))
        extra.append(row.get(f"acronym_{lang}", ""))
        for name in extra:
            if name and name != labels.get(lang) and name not in aliases[lang]:
                aliases[lang].append(name)
    return labels, {k: tuple(v) for k, v in aliases.items() if v}


def _entity(filename: str, line: int, row: dict[str, str]) -> Entity:
    key, rtype = row.get("key", ""), row.get("type", "")
    where = f"{filename}:{line}"
    if not key:
        raise ReferenceDataError(f"{where}: empty key")
    labels, aliases = _labels(row)
    if filename == "countries.csv":
        if rtype not in COUNTRY_TYPES:
            raise ReferenceDataError(f"{where}: type {rtype!r} is not {'/'.join(COUNTRY_TYPES)}")
        etype = "Territory" if rtype == "Territory" else "Country"
        classes = (etype,) if rtype == "Territory" else ("Country", rtype)
    elif filename == "missions.csv":
        if rtype not in ("PeacekeepingOperation", "SpecialPoliticalMission"):
            raise ReferenceDataError(f"{where}: type {rtype!r} is not a mission type")
        etype, classes = "Mission", ("Mission", rtype)
        # The key is the acronym; a numbered one (UNEF-I) is written "UNEF I" in text.
        acronym = key.replace("-", " ") if key.endswith(("-I", "-II", "-III")) else key
        if acronym not in aliases.get("en", ()) and acronym != labels.get("en"):
            aliases = {**aliases, "en": (*aliases.get("en", ()), acronym)}
    else:
        if rtype not in ("Programme", "Organization"):
            raise ReferenceDataError(f"{where}: type {rtype!r} is not Programme/Organization")
        category = row.get("category", "other") or "other"
        if category not in CATEGORY_CLASS:
            raise ReferenceDataError(f"{where}: unknown category {category!r}")
        specific = CATEGORY_CLASS[category]
        # Principal organs and their officers are their own entity type (see unkg:Organ).
        etype = "Organ" if specific == "Organ" else rtype
        classes = (rtype,) if specific == rtype else (rtype, specific)
    return Entity(etype, key, entity_iri(TYPE_TO_KIND[etype], key), classes, labels, aliases, row)


def _resolve(token: str, entities: dict[str, Entity], where: str) -> str:
    kind, _, key = token.partition(":")
    iri = entity_iri(kind, key)
    if iri not in entities:
        raise ReferenceDataError(f"{where}: candidate {token!r} is not in the reference data")
    return iri


def load_reference_from(dirs: Iterable[Path]) -> ReferenceData:
    """Read the reference CSVs from `dirs`, later folders adding to and overriding earlier ones."""
    entities: dict[str, Entity] = {}
    ambiguities: list[Ambiguity] = []
    stops: list[StopPhrase] = []
    dated: list[DatedName] = []
    demonyms: list[tuple[str, str, str]] = []
    dirs = list(dirs)
    for folder in dirs:
        for name in FILES:
            path = folder / name
            if path.is_file():
                for line, row in _read_rows(path):
                    entity = _entity(name, line, row)
                    entities[entity.iri] = entity
    for folder in dirs:
        path = folder / "ambiguous.csv"
        if path.is_file():
            for line, row in _read_rows(path):
                where = f"{path}:{line}"
                cands = tuple(_resolve(c, entities, where) for c in _split(row.get("candidates")))
                if row.get("rule") not in ("prefer-first", "skip", "longest-match"):
                    raise ReferenceDataError(f"{where}: unknown rule {row.get('rule')!r}")
                ambiguities.append(
                    Ambiguity(
                        row["alias"], row.get("lang", "zh"), cands, row["rule"], row.get("note", "")
                    )
                )
        path = folder / "stopphrases.csv"
        if path.is_file():
            for _line, row in _read_rows(path):
                stops.append(
                    StopPhrase(
                        row["phrase"],
                        row.get("lang", "zh"),
                        row.get("blocks", ""),
                        row.get("note", ""),
                    )
                )
        path = folder / "dated.csv"
        if path.is_file():
            for line, row in _read_rows(path):
                where = f"{path}:{line}"
                dated.append(
                    DatedName(
                        row["alias"],
                        row.get("lang", "zh"),
                        _resolve(row.get("entity", ""), entities, where),
                        _date_cell(row.get("start", ""), where),
                        _date_cell(row.get("end", ""), where),
                        row.get("source", ""),
                    )
                )
        path = folder / "demonyms.csv"
        if path.is_file():
            for line, row in _read_rows(path):
                iri = _resolve(row.get("country", ""), entities, f"{path}:{line}")
                demonyms.append((row["demonym"], row.get("lang", "en"), iri))
    return ReferenceData(entities, tuple(ambiguities), tuple(stops), tuple(dated), tuple(demonyms))


_ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def _date_cell(cell: str, where: str) -> str:
    if cell and not _ISO_DATE.fullmatch(cell):
        raise ReferenceDataError(f"{where}: date {cell!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return cell


def builtin_data_dir() -> Path:
    return Path(str(files("unkg.ontology") / "data"))


_user_dirs: tuple[Path, ...] = ()  # set by use_reference_dirs


def use_reference_dirs(dirs: Iterable[str | Path]) -> None:
    """Make `dirs`, folders of the user's own reference data, the ones read after the shipped
    data in this process. Called by the layer that holds the settings (`unkg.api`), and by
    `unkg.parallel` in its workers with the folders of the process that started them."""
    global _user_dirs
    _user_dirs = tuple(Path(d) for d in dirs)


def user_reference_dirs() -> tuple[Path, ...]:
    """The folders `use_reference_dirs` put in force (what a worker process must be given)."""
    return _user_dirs


def reference_dirs() -> list[Path]:
    """The shipped data, then the user's folders (`use_reference_dirs`)."""
    return [builtin_data_dir(), *_user_dirs]


Signature = tuple[tuple[str, int, int], ...]


def reference_signature() -> Signature:
    """Which reference files are in force and their size and time: cheap to compute, and
    it changes when a reference folder is added or a file in one is edited."""
    out = []
    for folder in reference_dirs():
        for name in (*FILES, "ambiguous.csv", "stopphrases.csv", "dated.csv", "demonyms.csv"):
            path = folder / name
            try:
                st = path.stat()
            except OSError:
                continue
            out.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(out)


@lru_cache(maxsize=2)  # the data in force and the one before it, not every edit's
def _cached(dirs: tuple[Path, ...], signature: Signature) -> ReferenceData:
    return load_reference_from(dirs)


def load_reference() -> ReferenceData:
    """The reference data in force: read once per process, and again only when
    `reference_signature` changes. Every layer gets the reference data through this."""
    return _cached(tuple(reference_dirs()), reference_signature())


@cache
def _fingerprint(signature: Signature) -> str:
    h = hashlib.sha256()
    h.update((files("unkg.ontology") / "unkg.ttl").read_bytes())
    for path, _mtime, _size in signature:
        h.update(Path(path).read_bytes())
    return h.hexdigest()


def reference_fingerprint() -> str:
    """A hash of the ontology and of the reference files in force (their bytes): what decides
    the reference graph and, with the software version, the extraction output. Computed once
    per `reference_signature`."""
    return _fingerprint(reference_signature())
