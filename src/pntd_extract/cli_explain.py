"""``pntd-extract explain FILE --at OFFSET`` / ``--fact ID``: why a fact exists.

FILE is an article (anything the readers take; it is extracted with tracing on) or a KB JSON
Lines file (the stored rule chains are shown; nothing was traced). OFFSET is a code-point offset
into the record's ``article.text`` (the offsets of every span); ID is an entity id (``p1``,
``o2``, ``l1``, ``pr1``) or ``field[index]`` (``money[0]``, ``checks[1]``).

Example::

    $ pntd-extract explain ../shared/seed/pntd-bac-tu-liem-2024.txt --fact money[7]
"""
from __future__ import annotations

from typing import Optional

import typer

from .cli import app, fail


@app.command("explain")
def explain_cmd(
    file: str = typer.Argument(..., help="article file, or KB .jsonl written by 'extract'"),
    at: Optional[int] = typer.Option(None, "--at", help="offset into article.text: explain the facts covering it"),
    fact: Optional[str] = typer.Option(None, "--fact", help="fact id: p1, o2, l1, pr1, money[0], checks[1] ..."),
    article_id: Optional[str] = typer.Option(None, "--id", help="the record with this article id (default: the first)"),
    published: Optional[str] = typer.Option(None, help="reference date YYYY-MM-DD for dates without a year"),
) -> None:
    """Print which rules made the facts at an offset (or one fact), which were tried and rejected,
    and the lexicon rows they used."""
    from pathlib import Path

    from .explain import explain_record, format_explanations
    from .rule import tracing
    from .view import ReadError, load_records

    if (at is None) == (fact is None):
        fail("give exactly one of --at OFFSET and --fact ID")
    if file != "-" and not Path(file).exists():
        fail(f"{file}: no such file", 1)
    it = load_records([file], published=published)
    while True:
        with tracing() as tr:
            item = next(it, None)
        if item is None:
            fail(f"{file}: no record" + (f" with id {article_id!r}" if article_id else ""), 1)
        if isinstance(item, ReadError):
            fail(str(item), 1)
        if article_id is None or item.article.id == article_id:
            break
    exs = explain_record(item, tr.events, at=at, fact=fact)
    if not exs:
        fail(f"{file}: no fact " + (f"covers offset {at}" if at is not None else f"with id {fact!r}"), 1)
    typer.echo(format_explanations(exs))
