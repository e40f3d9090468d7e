"""``pntd-extract extract INPUT... -o OUT.jsonl``: the main batch job (thin: see :mod:`.runner`).

Example::

    $ pntd-extract extract corpus/ -o kb.jsonl --workers 2
    $ pntd-extract extract archive/ -o kb.jsonl --resume          # after Ctrl-C or kill -9
    $ pntd-extract extract archive/ -o kb.jsonl --engine dask --scheduler tcp://10.0.0.5:8786
"""
from __future__ import annotations

import sys
from pathlib import Path

from .errors import safe_text
from typing import List, Optional

import typer

from .cli import app, fail


@app.command("extract")
def extract_cmd(
    inputs: List[str] = typer.Argument(..., help="files, directories (recursive) or - for stdin"),
    output: Path = typer.Option(..., "-o", "--output", help="KB JSON Lines file to write"),
    published: Optional[str] = typer.Option(None, help="reference date YYYY-MM-DD for articles without one"),
    encoding: Optional[str] = typer.Option(None, help="force an input encoding"),
    text_column: Optional[str] = typer.Option(None, "--text-column", help="CSV column holding the article text"),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="worker processes (local) or LocalCluster workers (dask)"),
    resume: bool = typer.Option(False, "--resume", help="continue an interrupted run: keep its records, skip their inputs"),
    engine: str = typer.Option("local", "--engine", help="local (process pool) or dask (dask.distributed)"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address, e.g. tcp://host:8786 (with --engine dask)"),
    errors: Optional[Path] = typer.Option(None, "--errors", help="errors file (default: OUT.errors.jsonl next to OUT)"),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="progress bar (default: when stderr is a terminal)"),
    max_bytes: Optional[str] = typer.Option(None, "--max-bytes", help="largest record (file, line, WARC record) after decompression, e.g. 64M (default 64M)"),
    max_decompressed: Optional[str] = typer.Option(None, "--max-decompressed", help="decompressed bytes allowed per .gz file or gzip stdin, e.g. 4G (default 1G)"),
    metadata: Optional[Path] = typer.Option(None, "--metadata", help="manifest .csv/.jsonl joined by file name or id: date, url, author, source, title"),
    overwrite: bool = typer.Option(False, "--overwrite", help="replace an existing OUT (otherwise refused unless --resume)"),
) -> None:
    """Extract one KB record per article into OUT.jsonl, in input order.

    A failing article (or unreadable file or directory) is reported in one line on stderr
    and written to OUT.errors.jsonl; the batch goes on and the exit code is 1. A run that
    finds no article and no error at all warns and exits 1. OUT.jsonl is replaced
    atomically at the end; an interrupted run keeps complete records in OUT.jsonl.part for
    --resume, which re-extracts inputs changed since and drops inputs that are gone.
    Exit codes: 0 all good, 1 errors or nothing found, 2 usage, 3 workers lost, 130 interrupted.
    """
    from .errors import PntdError, safe_text
    from .runner import run

    if engine not in ("local", "dask"):
        fail(f"--engine {engine!r}: expected local or dask")
    if scheduler and engine != "dask":
        fail("--scheduler needs --engine dask")
    if str(output) == "-":
        fail("-o -: standard output is not supported (the output is replaced atomically); give a file name")
    if output.is_dir():
        fail(f"-o {output}: is a directory, expected a file name such as {output / 'kb.jsonl'}")
    if errors is not None and errors.is_dir():
        fail(f"--errors {errors}: is a directory, expected a file name")
    if published:
        import datetime as dt

        try:
            dt.date.fromisoformat(published)
        except ValueError:
            fail(f"--published {published!r}: expected YYYY-MM-DD")
    if encoding:
        from .io.decode import canonical_encoding

        try:
            canonical_encoding(encoding)
        except ValueError as exc:
            fail(f"--encoding: {exc}")

    from .errors import UsageError
    from .io.streams import parse_size

    try:
        limits = {"max_bytes": parse_size(max_bytes) if max_bytes else None,
                  "max_decompressed": parse_size(max_decompressed) if max_decompressed else None}
    except UsageError as exc:
        fail(str(exc))
    show_bar = sys.stderr.isatty() if progress is None else progress
    ui = _ProgressUI(show_bar)
    try:
        with ui:
            res = run(
                inputs, output, published=published, encoding=encoding, text_column=text_column,
                workers=workers, resume=resume, engine=engine, scheduler=scheduler, errors_path=errors,
                on_progress=ui.update, on_error=ui.error, on_start=ui.start, on_notice=ui.notice,
                metadata=metadata, overwrite=overwrite, **limits,
            )
    except PntdError as exc:  # only our own errors: anything else is a bug, shown as one
        fail(str(exc), exc.exit_code)
    if res.interrupted:
        typer.echo(
            f"interrupted: {res.total_records} records, {res.total_errors} errors kept in "
            f"{safe_text(output)}.part; rerun with --resume to continue", err=True)
        raise typer.Exit(130)
    ui.flush_notices()
    if resume:
        typer.echo(
            f"resume: {res.n_skipped} kept (unchanged), {res.n_redone} re-done (input changed), "
            f"{res.n_dropped} dropped (input gone)", err=True)
    resumed = f", {res.n_skipped} inputs already done (resumed)" if res.n_skipped else ""
    err_note = f" (see {safe_text(res.errors_path)})" if res.errors_written else ""
    if res.total_records:
        typer.echo(_summary(output), err=True)
    typer.echo(
        f"{res.total_records} records -> {safe_text(output)}, {res.total_errors} errors{err_note}{resumed}, "
        f"{res.seconds:.1f}s ({res.rate:.1f} articles/s)", err=True)
    if res.empty:
        why = (f"{res.n_notices} input(s) skipped (see above; for CSV choose the column with --text-column)"
               if res.n_notices else "no readable input of a known format (.txt .jsonl .json .html .csv .tsv .warc, or -)")
        typer.echo(f"pntd-extract: warning: no articles found in {safe_text(', '.join(inputs))}: {why}", err=True)
    raise typer.Exit(0 if res.ok else 1)


def _summary(output: Path) -> str:
    """One line of fact counts per dimension over OUT (resumed records included) and the
    number of figure mismatches, pointing at ``check`` when there are any."""
    import json

    from .schema import FACT_FIELDS

    counts = dict.fromkeys(FACT_FIELDS, 0)
    mismatches = 0
    with open(output, encoding="utf-8") as fh:
        for line in fh:
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            for f in counts:
                counts[f] += len(rec.get(f) or ())
            mismatches += sum(1 for c in rec.get("checks") or () if c.get("status") == "mismatch")
    facts = ", ".join(f"{f} {n}" for f, n in counts.items())
    tail = (f"; {mismatches} mismatch{'es' if mismatches != 1 else ''}: run pntd-extract check {safe_text(output)}"
            if mismatches else "; 0 mismatches")
    return f"facts: {facts}{tail}"


class _ProgressUI:
    """rich progress bar on stderr (articles, articles/s, errors) or plain stderr lines."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.progress = None
        self.task = None
        self._errors = 0

    def __enter__(self) -> "_ProgressUI":
        if self.enabled:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.console = Console(stderr=True)
            self.progress = Progress(
                SpinnerColumn(),
                TextColumn("[bold]{task.completed:>7.0f}[/] articles"),
                _RateColumn(),
                TextColumn("[red]{task.fields[errors]}[/] errors"),
                TimeElapsedColumn(),
                console=self.console, transient=True, speed_estimate_period=10,
            )
            self.progress.start()
            self.task = self.progress.add_task("extract", total=None, errors=0)
        return self

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()

    def start(self, res) -> None:
        if self.progress is not None:
            self._errors = res.total_errors
            self.progress.update(self.task, completed=res.total_records + res.total_errors, errors=self._errors)

    def update(self, n_records: int, n_errors: int) -> None:
        if self.progress is not None:
            self._errors = n_errors
            self.progress.update(self.task, completed=n_records + n_errors, errors=n_errors)

    MAX_NOTICES = 20

    def notice(self, line: str) -> None:
        """One line per input skipped on purpose (the first MAX_NOTICES; then a count)."""
        self._notices = getattr(self, "_notices", 0) + 1
        if self._notices <= self.MAX_NOTICES:
            self.error(line)

    def flush_notices(self) -> None:
        extra = getattr(self, "_notices", 0) - self.MAX_NOTICES
        if extra > 0:
            typer.echo(f"... and {extra} more inputs skipped", err=True)

    def error(self, line: str) -> None:
        if self.progress is not None:
            self.progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            typer.echo(line, err=True)


def _rate_column_class():
    from rich.progress import ProgressColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """articles/s over the last seconds (rich's speed estimate)."""

        def render(self, task) -> Text:
            speed = task.speed
            return Text("  -.- articles/s" if speed is None else f"{speed:5.1f} articles/s")

    return RateColumn


def _RateColumn():
    return _rate_column_class()()
