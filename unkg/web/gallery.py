"""The gallery of example queries: `queries/NN-name.rq`, each with a comment header::

    # title: Missions by host country
    # description: One line, or several `#` lines that continue it.

The files are plain SPARQL (they declare the prefixes they use), so they also run on other
endpoints, e.g. with `unkg query @unkg/web/queries/01-missions-by-host-country.rq`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files

_HEADER = re.compile(r"#\s*(title|description)\s*:\s*(.*)")


@dataclass(frozen=True)
class GalleryQuery:
    name: str  # file stem, e.g. 01-missions-by-host-country
    title: str
    description: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "query": self.text,
        }


def parse(name: str, text: str) -> GalleryQuery:
    fields: dict[str, str] = {}
    current = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        m = _HEADER.match(stripped)
        if m:
            current = m.group(1)
            fields[current] = m.group(2).strip()
        elif current == "description":
            fields[current] += " " + stripped.lstrip("#").strip()
    if "title" not in fields:
        raise ValueError(f"gallery query {name} has no '# title:' line")
    return GalleryQuery(name, fields["title"], fields.get("description", "").strip(), text)


def load() -> list[GalleryQuery]:
    folder = files("unkg.web") / "queries"
    entries = sorted((p for p in folder.iterdir() if p.name.endswith(".rq")), key=lambda p: p.name)
    return [parse(p.name[:-3], p.read_text("utf-8")) for p in entries]
