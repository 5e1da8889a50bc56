"""Opening stores: one instance per store folder in a process, a URL opens a remote server;
and refreshing them when the reference data changes."""

from __future__ import annotations

import weakref
from pathlib import Path

from unkg.graph.remote import RemoteStore, is_url
from unkg.graph.store import Store, default_store_path
from unkg.ontology import reference
from unkg.settings import Settings

_OPEN: weakref.WeakValueDictionary[Path, Store] = weakref.WeakValueDictionary()


def open_store(
    path: str | Path | None = None,
    *,
    read_only: bool = False,
    memory: bool = False,
    settings: Settings | None = None,
) -> Store:
    """Open (or create) a store; `path=None` is `settings.store`, else the default store in the
    user data folder (`settings` default to `Settings.from_env()`: `$UNKG_STORE` and the others).

    A URL (``http://host:7878`` for an Oxigraph server, ``fuseki+http://host:3030/ds``,
    ``virtuoso+http://host:8890``) opens a `RemoteStore` on that SPARQL 1.1 server.

    Within one process a store folder is opened once: asking again returns the instance
    already open (a writable one serves readers too), because a second, read-only handle
    on a folder that is being written is undefined behaviour in RocksDB.
    """
    if memory:
        return Store(memory=True)
    settings = settings or Settings.from_env()
    where = store_location(path, settings)
    if isinstance(where, str):  # a SPARQL 1.1 server (see unkg.graph.remote)
        return RemoteStore(
            where,
            read_only=read_only,
            query_url=settings.query_url,
            update_url=settings.update_url,
            gsp_url=settings.gsp_url,
        )
    key = where
    existing = _OPEN.get(key)
    if existing is not None and (read_only or not existing.read_only):
        return existing
    store = Store(key, read_only=read_only)
    _OPEN[key] = store
    return store


def store_location(path: str | Path | None = None, settings: Settings | None = None) -> str | Path:
    """Where `open_store(path, settings=settings)` opens, without opening it: a SPARQL
    server's URL (a str), or the store folder (an absolute Path)."""
    raw = path or (settings or Settings.from_env()).store
    if is_url(raw):
        return str(raw)
    return Path(raw or default_store_path()).resolve()


def _store(store: Store | str | Path | None, read_only: bool = False) -> Store:
    return store if isinstance(store, Store) else open_store(store, read_only=read_only)


def _reader(store: Store | str | Path | None) -> Store:
    """A store given as a path is opened read-only: reading commands never lock it."""
    return _store(store, read_only=True)


def use_reference(settings: Settings | None = None) -> None:
    """Put the reference folders of `settings` (`reference_dirs`: ``--reference-dir``,
    ``$UNKG_REFERENCE_DIR``; default `Settings.from_env()`) in force in this process, after
    the shipped data; when they change, refresh the reference graph of the stores open for
    writing. On import, unkg.api puts the environment's in force."""
    dirs = (settings or Settings.from_env()).reference_dirs
    if dirs == reference.user_reference_dirs():
        return
    reference.use_reference_dirs(dirs)
    _refresh_open_stores()


def reload_reference(settings: Settings | None = None) -> None:
    """Read the reference data again, from the folders of `settings` (default:
    `Settings.from_env()`, so a changed ``$UNKG_REFERENCE_DIR`` is seen), and refresh the
    reference graph of open stores.

    The caches of reference data, gazetteer, relation rules and pipelines notice edited or
    added reference files by themselves (see `reference_signature`); this also drops them
    (freeing memory) and reloads the reference graph of every store open for writing, so
    queries see the change before the next `build`, which re-extracts every report.
    """
    from unkg.extract import components
    from unkg.extract import pipeline as pipeline_module

    reference.use_reference_dirs((settings or Settings.from_env()).reference_dirs)
    reference._cached.cache_clear()
    reference._fingerprint.cache_clear()
    components._gazetteer_for.cache_clear()
    components._rules_for.cache_clear()
    pipeline_module._pipeline_for.cache_clear()
    _refresh_open_stores()


def _refresh_open_stores() -> None:
    for st in list(_OPEN.values()):
        if not st.read_only:
            st.ensure_reference()


reference.use_reference_dirs(Settings.from_env().reference_dirs)  # until told otherwise
