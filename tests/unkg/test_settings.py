"""One settings table: the environment is read once, values are passed down, the CLI uses it."""

import dataclasses
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import unkg
from unkg import settings
from unkg.cli import app
from unkg.settings import DEFAULTS, Settings, env_for, help_for


def test_given_values_win_over_the_environment_which_wins_over_defaults():
    env = {"UNKG_STORE": "/from/env", "UNKG_QUERY_URL": "http://q/sparql"}
    s = Settings.from_env(env, store="/given", update_url=None)
    assert (s.store, s.query_url, s.update_url) == ("/given", "http://q/sparql", None)
    assert Settings.from_env({}).timeout_s == DEFAULTS.timeout_s == 10.0


def test_every_setting_has_help_and_the_token_rule_is_one_place():
    for f in dataclasses.fields(Settings):
        assert help_for(f.name).strip(), f.name
    assert env_for("token") == "UNKG_TOKEN" and env_for("port") is None
    with pytest.raises(ValueError, match="token"):
        Settings(allow_update=True)
    with pytest.raises(ValueError, match="token"):
        DEFAULTS.with_(allow_update=True)


def test_open_store_takes_the_store_from_the_settings(tmp_path, monkeypatch):
    assert unkg.Settings is Settings  # what open_store(settings=…) and use_reference take
    monkeypatch.delenv("UNKG_STORE", raising=False)
    store = unkg.open_store(settings=Settings(store=str(tmp_path / "a")))
    assert store.path == (tmp_path / "a").resolve()
    monkeypatch.setenv("UNKG_STORE", str(tmp_path / "b"))  # read by Settings.from_env only
    assert unkg.open_store().path == (tmp_path / "b").resolve()


def test_the_cli_options_come_from_the_table():
    result = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "300"})
    assert result.exit_code == 0
    for name in ("timeout_s", "max_rows", "token", "memory_quads"):
        assert " ".join(help_for(name).split()[:4]) in " ".join(result.output.split()), name
    assert f"default: {DEFAULTS.port}" in result.output


def _commands():
    """Every command of the CLI, and `unkg` itself, as click sees them."""
    import click
    import typer

    group = typer.main.get_command(app)
    ctx = click.Context(group)
    yield "unkg", group
    for name in group.list_commands(ctx):
        yield name, group.get_command(ctx, name)


def test_every_option_of_a_setting_is_made_from_its_row():
    """Flags, default, help and environment variable come from the table, for exactly the
    commands the table names; no command spells out an option of a setting itself."""
    seen = set()
    for command, cmd in _commands():
        options = {p.name: p for p in cmd.params if p.name in settings.FIELDS}
        assert sorted(options) == sorted(settings.names_for(command)), command
        for name, param in options.items():
            row = settings.FIELDS[name]
            assert param.help == help_for(name), (command, name)
            assert param.envvar == env_for(name), (command, name)
            flags = row.metadata["flags"] or ("--" + name.replace("_", "-"),)
            assert flags[0].split("/")[0] in param.opts, (command, name)
            if not isinstance(row.default, tuple):
                assert param.default == row.default, (command, name)
            seen.add(name)
    assert {"store", "reference_dirs", "language", "extract_workers", "lang", "port"} <= seen


def test_environment_text_becomes_the_settings_type():
    env = {"UNKG_REFERENCE_DIR": os.pathsep.join(["/a", "", "/b"]), "UNKG_TOKEN": "t"}
    s = Settings.from_env(env)
    assert s.reference_dirs == (Path("/a"), Path("/b"))
    assert s.token == "t"
    assert Settings(cors_origins=("none",)).cors_origins == ()  # 'none' means no CORS
    with pytest.raises(ValueError, match="language 'fr'"):
        Settings(language="fr")


def test_cli_options_reach_the_settings(monkeypatch, tmp_path):
    """`unkg build -j 2` and `unkg extract --language en` are the settings rows'."""
    seen = {}

    def record(files, store, **kwargs):
        seen.update(kwargs)
        raise SystemExit(0)

    monkeypatch.setattr("unkg.cli.building._build_with_progress", record)
    (tmp_path / "r.txt").write_text("1. Text.\n", encoding="utf-8")
    args = ["build", str(tmp_path / "r.txt"), "-s", str(tmp_path / "s"), "-j", "2"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert (seen["workers"], seen["scheduler"]) == (2, None)
    bad = CliRunner().invoke(app, ["extract", str(tmp_path / "r.txt"), "--language", "fr"])
    assert bad.exit_code == 2


def test_cli_serve_passes_every_limit_to_the_web_app(monkeypatch, tmp_path):
    seen = []
    monkeypatch.setattr("unkg.web.server.serve", lambda settings: seen.append(settings))
    args = ["serve", "-s", str(tmp_path), "--workers", "3", "--keep-alive", "2.5"]
    args += ["--max-query-bytes", "5000", "--no-union-default-graph", "--cors-origin", "none"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    [s] = seen
    assert (s.workers, s.keep_alive_s, s.max_query_bytes) == (3, 2.5, 5000)
    assert (s.union_default_graph, s.cors_origins, s.store) == (False, (), str(tmp_path))
    assert s.max_body_bytes == DEFAULTS.max_body_bytes
