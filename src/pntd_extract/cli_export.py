"""``pntd-extract export KB.jsonl --to csv|parquet|sqlite|duckdb DEST``: flat tables for databases.

Thin command over :func:`pntd_extract.io.tables.export`; the tables and their columns are
documented in ``docs/TABLES.md``.

Example::

    $ pntd-extract export kb.jsonl --to duckdb kb.duckdb
    $ duckdb kb.duckdb "SELECT name, title FROM roles JOIN people USING (record_key, person_id)"
"""
from __future__ import annotations

from pathlib import Path

import typer

from .cli import app, fail


@app.command("export")
def export_cmd(
    kb: Path = typer.Argument(..., help="KB JSON Lines file written by `pntd-extract extract`"),
    dest: Path = typer.Argument(..., help="directory (csv, parquet) or database file (sqlite, duckdb)"),
    to: str = typer.Option(..., "--to", help="csv | parquet | sqlite | duckdb"),
    overwrite: bool = typer.Option(False, "--overwrite", help="replace DEST if it exists"),
    skip_invalid: bool = typer.Option(False, "--skip-invalid", help="export the valid records and name each invalid one (default: a bad line stops the export)"),
    csv_raw: bool = typer.Option(False, "--csv-raw", help="CSV: write cells starting with = + - @ tab CR unchanged (default: a leading ' keeps spreadsheets from running them as formulas)"),
) -> None:
    """Export the records of KB.jsonl as flat tables (articles, people, organizations, locations,
    roles, money, percentages, quantities, dates, programmes, checks, mentions)."""
    from .io.tables import FORMATS, ExportError, export

    if to not in FORMATS:
        fail(f"--to {to!r}: expected one of {', '.join(FORMATS)}")
    if not kb.is_file():
        fail(f"{kb}: no such file")
    from .errors import safe_text

    skipped: list[str] = []

    def invalid(line: str) -> None:
        skipped.append(line)
        typer.echo(f"skipped: {safe_text(line)}", err=True)

    try:
        counts = export(kb, to, dest, overwrite=overwrite, csv_raw=csv_raw,
                        on_invalid=invalid if skip_invalid else None)
    except ExportError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{dest}: cannot write: {exc.strerror or exc}")
    summary = ", ".join(f"{t} {n}" for t, n in counts.items())
    typer.echo(f"{to} -> {dest}: {summary}", err=True)
    if skipped:
        typer.echo(f"{len(skipped)} invalid record{'s' if len(skipped) != 1 else ''} skipped (see above)", err=True)
