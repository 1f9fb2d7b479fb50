"""The ``pmo-xl`` command line: batch and admin entry point.

Each command lives in its own module of this package and registers itself on
:data:`app`; the functions they call are the same the Excel ribbon calls.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="pmo-xl",
    help="PMO toolkit: validate, schedule, consolidate and report on a portfolio of project workbooks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Command modules; each one defines its commands on ``app`` when imported.
COMMAND_MODULES = [
    "pmo_xl.cli.template_cmd",
    "pmo_xl.cli.validate_cmd",
    "pmo_xl.cli.schedule_cmd",
    "pmo_xl.cli.demo_cmd",
    "pmo_xl.cli.evm_cmd",
    "pmo_xl.cli.addin_cmd",
    "pmo_xl.cli.consolidate_cmd",
    "pmo_xl.cli.pack_cmd",
    "pmo_xl.cli.run_cmd",
]


def _load_commands() -> None:
    for name in COMMAND_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a command module not present in this build
            if exc.name != name:
                raise


def main() -> None:
    _load_commands()
    app()


_load_commands()
