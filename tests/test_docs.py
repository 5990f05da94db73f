"""The docs tell the truth: every command, setting and table is documented."""

from __future__ import annotations

import re

import click

from newstally.cli import main
from pipeline.settings import REPO_ROOT, SETTINGS
from warehouse.db import migrations

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "newstally") -> list[tuple[str, click.Command]]:
    out = []
    for name, cmd in group.commands.items():
        out.append((f"{prefix} {name}", cmd))
        if isinstance(cmd, click.Group):
            out.extend(_commands(cmd, f"{prefix} {name}"))
    return out


def test_every_command_has_help_and_a_readme_entry():
    for path, cmd in _commands(main):
        assert (cmd.help or "").strip(), f"{path} has no help text"
        leaf = path.split()[-1]
        parent = path.split()[-2]
        assert path in README or f"{parent} {leaf}" in README or f"`{leaf}" in README \
            or f"{parent} ack|dispute" in README, f"README does not mention `{path}`"


def test_every_option_has_help():
    for path, cmd in _commands(main):
        for p in cmd.params:
            if isinstance(p, click.Option) and not p.hidden:
                assert p.help, f"{path} {p.opts[0]} has no help text"


def test_every_setting_is_in_the_readme():
    for s in SETTINGS:
        assert s.env in README, f"setting {s.name} ({s.env}) is not documented in README.md"


def test_every_table_is_in_the_readme():
    tables = set()
    for _, _, sql in migrations():
        tables |= set(re.findall(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)", sql))
    for t in tables:
        assert f"`{t}`" in README, f"table {t} is not documented in README.md"


def test_quickstart_shows_the_two_commands_first():
    quick = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    first_block = quick.split("```sh", 1)[1].split("```", 1)[0]
    assert "make run" in first_block and "make test" in first_block


def test_ci_calls_make_test():
    assert "make test" in (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
