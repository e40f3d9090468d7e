"""``pntd-extract check INPUT... [--json] [--fail-on-mismatch]``: figure checks for journalists.

INPUT: article files or directories (extracted on the fly) and/or KB ``.jsonl`` files written
by ``pntd-extract extract`` (their stored checks are used). Several inputs are also compared
with each other (conflicts: same organisation and metric, different values).

Exit code: 0; 1 with ``--fail-on-mismatch`` when a check or conflict is a mismatch; 2 when an
input could not be read (each bad input is one line on stderr naming the file; the rest
is still checked).

Example::

    $ pntd-extract check tests/data/seed.txt
    $ pntd-extract check kb.jsonl --json --fail-on-mismatch
"""
from __future__ import annotations

import json
from typing import List, Optional

import typer

from .cli import app, fail


@app.command("check")
def check_cmd(
    inputs: List[str] = typer.Argument(..., help="article files/directories or KB .jsonl files"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON document instead of the report"),
    fail_on_mismatch: bool = typer.Option(False, "--fail-on-mismatch", help="exit 1 when any mismatch is found"),
    mismatches_only: bool = typer.Option(False, "--mismatches-only", help="report only mismatches"),
    published: Optional[str] = typer.Option(None, help="reference date YYYY-MM-DD for dates without a year"),
    encoding: Optional[str] = typer.Option(None, help="force an input encoding"),
) -> None:
    """Check the figures of articles: totals, parts, percentages, unit values, conflicts."""
    import datetime as dt

    from .checks_report import load_inputs, render

    if published:
        try:
            dt.date.fromisoformat(published)
        except ValueError:
            fail(f"--published {published!r}: expected YYYY-MM-DD")
    run = load_inputs(inputs, encoding=encoding, published=published)
    for e in run.errors:
        typer.echo(f"pntd-extract: {e}", err=True)
    if as_json:
        doc = run.to_json()
        if mismatches_only:
            for a in doc["articles"]:
                a["checks"] = [c for c in a["checks"] if c["status"] == "mismatch"]
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        from rich.console import Console

        render(run, Console(), show_all=not mismatches_only)
    if fail_on_mismatch and run.mismatches():
        raise typer.Exit(1)
    if run.errors:
        raise typer.Exit(2)
    raise typer.Exit(0)
