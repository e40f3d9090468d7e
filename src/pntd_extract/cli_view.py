"""``pntd-extract show FILE`` and ``pntd-extract report FILE... -o report.html``.

FILE is an article (``.txt``, article JSON Lines, anything the readers take: it is extracted
on the fly) or a KB JSON Lines file written by ``pntd-extract extract`` (shown as it is).
A bad input gives one line naming the file on stderr and a non-zero exit, never a traceback.

Example::

    $ pntd-extract show ../shared/seed/pntd-bac-tu-liem-2024.txt | less -R
    $ pntd-extract report kb.jsonl -o report.html
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import List, Optional

import typer

from .cli import app, fail


def _check_published(published: Optional[str]) -> None:
    if published:
        try:
            dt.date.fromisoformat(published)
        except ValueError:
            fail(f"--published {published!r}: expected YYYY-MM-DD")


@app.command("show")
def show_cmd(
    file: str = typer.Argument(..., help="article (.txt, .jsonl ...) or KB .jsonl written by 'extract'"),
    published: Optional[str] = typer.Option(None, help="reference date YYYY-MM-DD for dates without a year"),
    article_id: Optional[str] = typer.Option(None, "--id", help="show only the record with this article id"),
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="force colour on or off (default: colour on a terminal)"),
    width: Optional[int] = typer.Option(None, help="line width (default: the terminal's, 120 when piped)"),
    checks_only: bool = typer.Option(False, "--checks-only", help="only the header and the figure checks of each record"),
    facts: Optional[str] = typer.Option(None, "--facts", help="only these fields, e.g. money,people (people roles organizations locations programmes money percentages quantities dates checks)"),
    no_text: bool = typer.Option(False, "--no-text", help="leave out the highlighted article text"),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="show at most N records"),
    summary: Optional[bool] = typer.Option(None, "--summary/--full", help="a short block per record (default when FILE holds many records) or the full view"),
    pager: Optional[bool] = typer.Option(None, "--pager/--no-pager", help="page the output (default: on a terminal)"),
) -> None:
    """Show an article in the terminal: facts highlighted, a table of figures, check results.

    A KB file of many records gets a short block per record (header, fact counts,
    mismatches) unless --full or --id; --checks-only, --facts, --no-text and --limit focus
    the view. On a terminal the output goes through a pager ($PAGER, default less -R).
    """
    import os
    import sys

    from rich.console import Console

    from .view import load_records

    from .view import ViewOptions

    _check_published(published)
    try:
        fields = ViewOptions.parse_facts(facts)
    except ValueError as exc:
        fail(f"--facts: {exc}")
    if file != "-" and not Path(file).exists():
        fail(f"{file}: no such file", 1)
    if file != "-" and Path(file).is_dir():
        fail(f"{file}: is a directory (show takes one file; use 'report' for many)", 1)
    force = color
    no_color = (color is False) or (color is None and bool(os.environ.get("NO_COLOR")))
    tty = sys.stdout.isatty()
    console = Console(
        force_terminal=True if force else None,
        no_color=no_color,
        color_system=None if no_color else ("truecolor" if force else "auto"),
        width=width or (None if tty else 120),
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )
    records = _focused(load_records([file], published=published), article_id, limit)
    first = next(records, None)
    second = next(records, None) if first is not None else None
    many = second is not None
    opts = ViewOptions(facts=fields, text=not no_text, checks_only=checks_only,
                       summary=summary if summary is not None else (many and not article_id and not (checks_only or facts or no_text)))
    import itertools

    items = itertools.chain([x for x in (first, second) if x is not None], records)
    use_pager = tty if pager is None else pager
    n_ok, n_err = (_show_paged if use_pager else _show_all)(items, console, opts)
    if n_ok == 0 and n_err == 0:
        fail(f"{file}: no article" + (f" with id {article_id!r}" if article_id else ""), 1)
    raise typer.Exit(1 if n_err else 0)


def _focused(items, article_id, limit):
    """Records (and read errors) of ``items`` with ``article_id`` (if given), at most ``limit`` records."""
    from .view import ReadError

    shown = 0
    for item in items:
        if not isinstance(item, ReadError):
            if article_id and item.article.id != article_id:
                continue
            if limit is not None and shown >= limit:
                return
            shown += 1
        yield item


def _show_paged(items, console, opts):
    with console.pager(styles=True):
        return _show_all(items, console, opts)


def _show_all(items, console, opts):
    from .view import ReadError, render_record

    n_ok = n_err = 0
    for item in items:
        if isinstance(item, ReadError):
            n_err += 1
            typer.echo(f"pntd-extract: {item}", err=True)
            continue
        try:
            render_record(item, console, opts)
        except Exception as exc:  # a view bug must not end in a traceback
            n_err += 1
            from .errors import one_line

            typer.echo(f"pntd-extract: {one_line(f'{item.article.path or item.article.id}: cannot show: {type(exc).__name__}: {exc}')}", err=True)
            continue
        n_ok += 1
    return n_ok, n_err


@app.command("report")
def report_cmd(
    files: List[str] = typer.Argument(..., help="articles and/or KB .jsonl files (directories are walked)"),
    output: Path = typer.Option(..., "-o", "--output", help="HTML file to write (one self-contained page)"),
    published: Optional[str] = typer.Option(None, help="reference date YYYY-MM-DD for dates without a year"),
    title: Optional[str] = typer.Option(None, help="page title (default: the article title, or 'Báo cáo trích xuất')"),
) -> None:
    """Write ONE self-contained HTML page for the articles: checks on top, highlighted text, figures table."""
    import os

    from .view import ReadError, load_records, render_report

    _check_published(published)
    records = []
    errors: list[str] = []
    for item in load_records(files, published=published):
        if isinstance(item, ReadError):
            errors.append(str(item))
            typer.echo(f"pntd-extract: {item}", err=True)
        else:
            records.append(item)
    if not records:
        fail("no article to report" + (f" ({len(errors)} input error(s))" if errors else ""), 1)
    try:
        page = render_report(records, title=title, errors=errors)
    except Exception as exc:  # a view bug must not end in a traceback
        fail(f"cannot render report: {type(exc).__name__}: {exc}", 1)
    try:
        if output.parent and not output.parent.exists():
            output.parent.mkdir(parents=True, exist_ok=True)
        tmp = output.with_name(output.name + ".part")
        tmp.write_text(page, encoding="utf-8")
        os.replace(tmp, output)
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror or exc}", 1)
    n_bad = sum(1 for r in records for c in r.checks if c.status == "mismatch")
    typer.echo(f"{len(records)} article(s), {n_bad} mismatched check(s) -> {output}", err=True)
    raise typer.Exit(1 if errors else 0)
