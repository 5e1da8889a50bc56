"""One settings table: the environment is read once, values are passed down, the CLI uses it."""

import dataclasses

import pytest
from typer.testing import CliRunner

import unkg
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
