"""``pntd-extract evaluate --gold annotations/``: precision, recall and F1 against gold.

Runs extraction itself unless ``--pred KB.jsonl`` is given; prints a table per field for
strict and lenient matching, the micro average and a per-article table (strict F1);
``--json`` prints one JSON object instead. ``--check-baseline`` fails (exit 1) when a field's
strict F1 drops below its floor in ``quality/baseline.json``; ``--update-baseline`` raises
floors to today's scores and refuses to lower one unless ``--allow-lower``.

Example::

    $ pntd-extract evaluate --gold annotations/
    $ pntd-extract evaluate --gold annotations/ --pred kb.jsonl --json
    $ pntd-extract evaluate --gold annotations/ --gold ../shared/gold/real-dev

A ``--gold`` folder holding ``*.gold.json`` files is read in the independent format of
``../shared/gold/real-dev`` (articles read from that folder; group ``realdev``, floors
``realdev_floors``; see :mod:`pntd_extract.independent_gold`).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from .cli import app, fail


def _fmt(x: Optional[float]) -> str:
    return "—" if x is None else f"{x:.3f}"


def _print_report(rep, show_errors: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    from .evaluate import MODES

    import sys

    con = Console() if sys.stdout.isatty() else Console(width=200)
    for group, modes in rep.groups.items():
        fields = list(next(iter(modes.values())).keys())
        t = Table(title=f"{group}: {rep.articles.get(group, 0)} articles (micro over articles)")
        t.add_column("field")
        for m in MODES:
            for col in ("P", "R", "F1"):
                t.add_column(f"{m} {col}", justify="right")
            t.add_column(f"{m} tp/fp/fn", justify="right")
        for f in fields + ["all"]:
            row = [f if f != "all" else "[bold]all (micro)[/bold]"]
            for m in MODES:
                c = modes[m][f] if f != "all" else rep.micro(group, m)
                row += [_fmt(c.precision), _fmt(c.recall), _fmt(c.f1), f"{c.tp}/{c.fp}/{c.fn}"]
            t.add_row(*row)
        con.print(t)
        pa = Table(title=f"{group}: strict F1 per article")
        pa.add_column("article")
        from .dimension import by_field

        short = {f: d.short for f, d in by_field().items()}
        for f in fields:
            pa.add_column(short.get(f, f), justify="right")
        pa.add_column("all", justify="right")
        for name, amodes in rep.per_article.items():
            if not all(f in amodes["strict"] for f in fields) or (name.split("/")[0] if "/" in name else "corpus") != group:
                continue
            from .evaluate import Counts

            tot = Counts()
            row = [name]
            for f in fields:
                c = amodes["strict"][f]
                tot.add(c)
                row.append(_fmt(c.f1))
            row.append(_fmt(tot.f1))
            pa.add_row(*row)
        con.print(pa)
    for group, ex in rep.extras.items():
        bl = ex.get("byline_people")
        if bl is not None:
            n = sum(len(v) for v in bl.values())
            con.print(f"{group}: bylines/credits among people: {n}"
                      + (" (" + "; ".join(f"{k.split('/')[-1]}: {', '.join(v)}" for k, v in bl.items()) + ")" if n else ""),
                      highlight=False)
    if show_errors:
        for name, errs in rep.errors.items():
            for f, e in errs.items():
                for g in e["missed"]:
                    con.print(f"[red]missed[/red]   {name} {f}: {json.dumps(g, ensure_ascii=False)}", highlight=False)
                for p in e["spurious"]:
                    con.print(f"[yellow]spurious[/yellow] {name} {f}: {json.dumps(p, ensure_ascii=False)}", highlight=False)
                for t in e.get("trap", []):
                    con.print(f"[magenta]trap[/magenta]     {name} {f}: {json.dumps(t, ensure_ascii=False)}", highlight=False)
    for n in rep.notes:
        con.print(f"note: {n}", highlight=False)


@app.command("evaluate")
def evaluate_cmd(
    gold: List[Path] = typer.Option([Path("annotations")], "--gold", help="gold annotation folder: annotations/ or a folder of NAME.txt + NAME.gold.json (repeatable)"),
    pred: Optional[Path] = typer.Option(None, "--pred", help="KB JSON Lines to score (default: run extraction)"),
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="folder holding the articles (default: each gold 'file' relative to the repo)"),
    real_corpus: Optional[Path] = typer.Option(None, "--real-corpus", help="folder of the real articles for annotations/real/ (default ../shared/corpus/real)"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object"),
    errors: bool = typer.Option(False, "--errors", help="list missed and spurious facts (strict)"),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="F1 floors file (default <repo>/quality/baseline.json)"),
    check_baseline: bool = typer.Option(False, "--check-baseline", help="exit 1 when a field is below its floor"),
    update_baseline: bool = typer.Option(False, "--update-baseline", help="raise floors to today's strict F1"),
    allow_lower: bool = typer.Option(False, "--allow-lower", help="with --update-baseline: allow lowering floors"),
) -> None:
    """Precision, recall and F1 per field (strict and lenient) against gold annotations."""
    from . import evaluate as E

    try:
        golds, notes = E.load_gold_dirs(gold, corpus=corpus, real_corpus=real_corpus)
    except E.GoldError as exc:
        fail(str(exc))
    if not golds:
        fail(f"{', '.join(map(str, gold))}: no gold annotation files (*.json)")
    predictions = None
    if pred is not None:
        if not pred.is_file():
            fail(f"{pred}: no such file")
        try:
            predictions = E.load_predictions(pred)
        except ValueError as exc:
            fail(str(exc))
    rep = E.evaluate(golds, predictions, notes)
    from .independent_gold import is_independent_dir

    repo_gold = next((g for g in gold if not is_independent_dir(g)), None)
    base_path = baseline or ((repo_gold.resolve().parent if repo_gold else Path.cwd()) / "quality" / "baseline.json")
    code = 0
    gate_lines: list[str] = []
    if update_baseline:
        new = json.loads(base_path.read_text(encoding="utf-8")) if base_path.is_file() else {}
        changes = []
        try:
            for group in E.BASELINE_KEYS:
                if group in rep.groups:
                    new, ch = E.update_baseline(rep, new, allow_lower=allow_lower, group=group)
                    changes += ch
        except ValueError as exc:
            fail(str(exc), code=1)
        base_path.parent.mkdir(parents=True, exist_ok=True)
        base_path.write_text(json.dumps(new, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        gate_lines = [f"baseline {base_path}: " + (", ".join(changes) if changes else "unchanged")]
    elif check_baseline:
        if not base_path.is_file():
            fail(f"{base_path}: no baseline file")
        base = json.loads(base_path.read_text(encoding="utf-8"))
        bad = [b for group in E.BASELINE_KEYS if group in rep.groups
               for b in E.check_baseline(rep, base, group=group)]
        if "corpus" not in rep.groups and repo_gold is not None:
            bad.append("corpus: not scored (no prediction for any corpus article)")
        gate_lines = [f"quality gate FAILED: {b}" for b in bad] or ["quality gate passed"]
        code = 1 if bad else 0
    if as_json:
        d = rep.as_dict()
        if not errors:
            d.pop("errors")
        if gate_lines:
            d["gate"] = gate_lines
        typer.echo(json.dumps(d, ensure_ascii=False))
    else:
        _print_report(rep, errors)
        for line in gate_lines:
            typer.echo(line, err=True)
    raise typer.Exit(code)
