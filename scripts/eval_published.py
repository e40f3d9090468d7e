"""Evaluate publication-date inference against the manifest dates of a corpus.

For every article of ``manifest.csv`` (default ``../shared/corpus/real``) that has a ``date``,
runs only the ``numeric_published`` recognizer with no given date and counts how many inferred
dates fall within 3 days of the manifest date, how many are wrong by more, and how many were
not inferred. ``--show`` lists the wrong ones with the inference reason.

    python scripts/eval_published.py [--corpus DIR] [--show]

Exits 0 with a message when the corpus is absent (a plain clone has no ../shared).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "real")
    ap.add_argument("--show", action="store_true", help="list the wrong inferences")
    args = ap.parse_args()
    manifest = args.corpus / "manifest.csv"
    if not manifest.is_file():
        print(f"no manifest at {manifest}: skipping")
        return
    from pntd_extract.layout import parse_layout
    from pntd_extract.normalize import normalize
    from pntd_extract.pipeline import build_context
    from pntd_extract.registry import recognizers

    recs = recognizers({"numeric_published"})
    near = wrong = none = 0
    for row in csv.DictReader(manifest.open(encoding="utf-8")):
        if not row.get("date"):
            continue
        p = args.corpus / row["file"]
        if not p.is_file():
            continue
        truth = dt.date.fromisoformat(row["date"][:10])
        text, _ = normalize(p.read_text(encoding="utf-8"))
        ctx = build_context(text, parse_layout(text).sections, None)
        for r in recs:
            r.fn(ctx)
        if not ctx.published_inferred or ctx.published is None:
            none += 1
            continue
        if abs((ctx.published - truth).days) <= 3:
            near += 1
        else:
            wrong += 1
            if args.show:
                why = next((w for w in ctx.warnings if "published" in w), "")
                print(f"  WRONG {row['file']}: truth {truth} got {ctx.published}  {why}")
    total = near + wrong + none
    print(f"articles with a manifest date: {total}; inferred within 3 days: {near}; "
          f"wrong by more: {wrong}; not inferred: {none}")


if __name__ == "__main__":
    main()
