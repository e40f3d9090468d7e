"""The ``pntd-extract`` command line: thin typer commands over the library.

Commands live in small modules that register on :data:`app` (``cli_extract``, ``cli_check``,
``cli_view``, ``cli_eval``, ``cli_export``); this module holds the app and the schema commands.

Example::

    $ pntd-extract schema | head -3
    $ pntd-extract validate kb.jsonl
"""
from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import typer

app = typer.Typer(
    name="pntd-extract",
    help="Structured, checkable facts from Vietnamese news reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"pntd-extract {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="print the version and exit"),
) -> None:
    """Structured, checkable facts from Vietnamese news reports."""


def fail(message: str, code: int = 2) -> None:
    """Print one clear line on stderr and exit (no traceback); control characters and
    undecodable bytes in ``message`` are escaped (:func:`pntd_extract.errors.one_line`)."""
    from .errors import one_line

    typer.echo(f"pntd-extract: {one_line(message, 2000)}", err=True)
    raise typer.Exit(code)


@app.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of one KB record (KB.md version 1)."""
    from .schema import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@app.command("validate")
def validate_cmd(kb: Path = typer.Argument(..., help="KB JSON Lines file to check")) -> None:
    """Validate every record of KB.jsonl strictly; print every problem as FILE:LINE: field: message (exit 1 if any).

    Checks the record contract (pydantic models) plus: known schema_version, ISO dates at
    their grain (2024-13-45 and 'hôm qua' are errors), non-negative counts, ranges that do
    not end below their start, unique ids (see pntd_extract.validation).
    """
    from .errors import safe_text
    from .io.kb import kb_problems

    if not kb.is_file():
        fail(f"{kb}: no such file")
    name = safe_text(str(kb))
    bad = n = problems = 0
    for lineno, found in kb_problems(kb):
        if lineno:
            n += 1
        if found:
            bad += 1 if lineno else 0
            for field, msg in found:
                problems += 1
                where = f"{name}:{lineno}" if lineno else name
                typer.echo(f"{where}: {field}: {safe_text(msg)}")
    typer.echo(f"{n} records, {bad} invalid, {problems} problems", err=True)
    raise typer.Exit(1 if problems else 0)


for _mod in ("cli_extract", "cli_check", "cli_view", "cli_eval", "cli_export", "cli_explain"):
    try:
        importlib.import_module(f"pntd_extract.{_mod}")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"pntd_extract.{_mod}":
            raise


def main() -> None:  # console-script entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
