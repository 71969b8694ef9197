"""One module per CLI command; each defines a click command named like the module."""

from __future__ import annotations

import importlib

import click

#: the option every extracting command takes
processes_option = click.option(
    "-j",
    "--processes",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes for extraction.",
)

_NAMES = ("build", "extract", "evaluate", "view", "query", "serve")


def _load() -> list[click.Command]:
    commands = []
    for name in _NAMES:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:  # a command not written yet
            if exc.name == f"{__name__}.{name}":
                continue
            raise
        commands.append(module.command)
    return commands


COMMANDS = _load()
