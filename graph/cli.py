"""The command line: a thin shell over the API. ``geokg --help`` lists the commands.

Each command lives in ``graph/commands/<name>.py`` and calls one API function. Errors are
caught once, here: ``error: <message>`` on stderr, exit 1 for data, 2 for usage, and a
traceback only with ``--debug``.
"""

from __future__ import annotations

import click

from .errors import GeoKGError, UsageError

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2


class _Group(click.Group):
    """A click group that turns GeoKGError into one line on stderr."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except GeoKGError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_USAGE if isinstance(exc, UsageError) else EXIT_SKIPPED)
        except KeyboardInterrupt:
            click.echo("error: interrupted; outputs already written are whole", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars or summaries on stderr.")
@click.version_option(package_name="geokg")
@click.pass_context
def main(ctx: click.Context, debug: bool, quiet: bool) -> None:
    """geokg: build knowledge graphs of geopolitical relations from news articles.

    \b
    Example:
      geokg build data/articles -o output
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    ctx.obj["quiet"] = quiet


def _register() -> None:
    from .commands import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_register()
