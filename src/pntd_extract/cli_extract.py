"""``pntd-extract extract INPUT... -o OUT.jsonl``: the main batch job."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import List, Optional

import typer

from .cli import app, fail


@app.command("extract")
def extract_cmd(
    inputs: List[str] = typer.Argument(..., help="files, directories (recursive) or - for stdin"),
    output: Path = typer.Option(..., "-o", "--output", help="KB JSON Lines file to write"),
    published: Optional[str] = typer.Option(None, help="reference date YYYY-MM-DD for dates without a year"),
    encoding: Optional[str] = typer.Option(None, help="force an input encoding"),
) -> None:
    """Extract one KB record per article into OUT.jsonl; failures go to OUT.errors.jsonl."""
    import datetime as dt

    from .io.readers import iter_documents
    from .io.base import ReadError
    from .pipeline import extract

    if published:
        try:
            dt.date.fromisoformat(published)
        except ValueError:
            fail(f"--published {published!r}: expected YYYY-MM-DD")
    output.parent.mkdir(parents=True, exist_ok=True)
    err_path = output.with_name(output.name.removesuffix(".jsonl") + ".errors.jsonl")
    tmp = output.with_name(output.name + ".part")
    n_ok = n_err = 0
    t0 = time.perf_counter()
    with tmp.open("w", encoding="utf-8") as out, err_path.open("w", encoding="utf-8") as errf:
        for item in iter_documents(inputs, encoding=encoding):
            if isinstance(item, ReadError):
                n_err += 1
                typer.echo(str(item), err=True)
                errf.write(json.dumps({"key": item.key, "path": item.path, "line": item.line, "reason": item.reason}, ensure_ascii=False) + "\n")
                continue
            meta = dict(item.meta)
            if published and not meta.get("published"):
                meta["published"] = published
            try:
                rec = extract(item.text, **meta)
            except Exception as exc:  # one bad article never kills the batch
                n_err += 1
                typer.echo(f"{item.key}: {type(exc).__name__}: {exc}", err=True)
                errf.write(json.dumps({"key": item.key, "path": meta.get("path"), "reason": str(exc)}, ensure_ascii=False) + "\n")
                continue
            out.write(rec.model_dump_json() + "\n")
            n_ok += 1
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, output)
    dt_s = time.perf_counter() - t0
    typer.echo(f"{n_ok} records -> {output}, {n_err} errors, {dt_s:.1f}s ({n_ok / dt_s if dt_s else 0:.1f} articles/s)", err=True)
    raise typer.Exit(1 if n_err else 0)
