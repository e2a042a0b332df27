"""`kinerja --help` lists every subcommand with what it does."""

from __future__ import annotations

import re

import pytest

from pipelines import cli


def test_every_subcommand_is_listed_with_a_line_of_what_it_does(capsys):
    with pytest.raises(SystemExit) as exited:
        cli.main(["--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    (choices,) = re.findall(r"\{([a-z,]+)\}", text)[:1]
    listed = set(re.findall(r"^kinerja (\w+)\s", text, flags=re.MULTILINE))
    assert set(choices.split(",")) == listed
    for command in choices.split(","):
        line = re.search(rf"^\s+{command}\s+(\S.*)$", text, flags=re.MULTILINE)
        assert line, f"{command} has no description in the list of commands"
