"""The README's command table against the command line's own list of commands."""

from __future__ import annotations

import re
from itertools import takewhile
from pathlib import Path

import typer
import typer.main

from pmo_xl.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"


def cli_commands() -> set[str]:
    """Every command path of ``pmo-xl``, e.g. ``schedule``, ``template project``, ``minutes import``."""
    root = typer.main.get_command(app)
    found: set[str] = set()

    def walk(command, prefix: tuple[str, ...]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, prefix + (name,))
        elif prefix:
            found.add(" ".join(prefix))

    walk(root, ())
    return found


def readme_commands() -> set[str]:
    """The command paths the README's command table documents (first column, before any option)."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Command line", 1)[1].split("\n## ", 1)[0]
    found = set()
    for line in section.splitlines():
        if not line.startswith("| `pmo-xl"):
            continue
        cell = re.split(r"(?<!\\)\|", line)[1]
        for command in re.findall(r"`pmo-xl ([^`]*)`", cell):
            words = list(takewhile(lambda word: re.fullmatch(r"[a-z][a-z-]*", word), command.split()))
            found.add(" ".join(words))
    return found


def test_every_command_is_in_the_readme_and_nothing_else():
    documented = readme_commands()
    assert cli_commands() <= documented, sorted(cli_commands() - documented)
    assert documented <= cli_commands(), sorted(documented - cli_commands())
