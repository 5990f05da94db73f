"""Settings: declared once, CLI > env > file > default, secrets only from the environment."""

from __future__ import annotations

import pytest

from pipeline.errors import ConfigError
from pipeline.settings import SETTINGS, resolve


def test_every_setting_has_env_default_and_help():
    for s in SETTINGS:
        assert s.env.startswith("NEWSTALLY_") and s.help


def test_precedence_cli_env_file_default():
    env = {"NEWSTALLY_TIMEOUT": "7", "NEWSTALLY_HOST_DELAY": "0.5"}
    out = resolve({"timeout": 3}, file_settings={"host_delay": 2, "batch_size": 9}, environ=env)
    assert out["timeout"] == 3.0  # CLI wins
    assert out["host_delay"] == 0.5  # env beats file
    assert out["batch_size"] == 9  # file beats default
    assert out["max_redirects"] == 5  # default


def test_secret_in_file_is_refused():
    with pytest.raises(ConfigError, match="NEWSTALLY_WEBHOOK_URL"):
        resolve(file_settings={"webhook_url": "https://hooks.example/x"}, environ={})


def test_bad_value_names_the_setting():
    with pytest.raises(ConfigError, match="setting 'timeout' is 'soon'"):
        resolve(environ={"NEWSTALLY_TIMEOUT": "soon"})


def test_unknown_file_setting_is_refused():
    with pytest.raises(ConfigError, match="unknown setting"):
        resolve(file_settings={"speed": 3}, environ={})
