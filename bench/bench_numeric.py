"""Benchmark of the numeric recognizers alone (money, percentages, quantities, dates).

Reads every ``.txt`` article under a corpus directory (default ``../shared/corpus/real``),
normalises and lays it out once (not timed), then times only the numeric recognizers
(:data:`pntd_extract.figures.scan.NUMERIC_RECOGNIZERS`) over the read sentences and
prints characters per second, articles per second and the figures found per kind. With
``manifest.csv`` next to the articles it also reports how often the inferred publication date
falls within 3 days of the manifest date.

    python bench/bench_numeric.py                       # ../shared/corpus/real
    python bench/bench_numeric.py --corpus corpus --repeat 5

Exits 0 with a message when the corpus directory is absent (a plain clone has no ../shared).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "real")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes over the corpus (best is reported)")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus {args.corpus} not found: nothing to benchmark")
        return

    from pntd_extract.layout import parse_layout
    from pntd_extract.normalize import normalize
    from pntd_extract.pipeline import build_context
    from pntd_extract.registry import recognizers
    from pntd_extract.figures.scan import NUMERIC_RECOGNIZERS

    recs = recognizers(set(NUMERIC_RECOGNIZERS))
    prepared = []
    for p in sorted(args.corpus.rglob("*.txt")):
        if p.name.lower() == "readme.txt":
            continue
        text, _ = normalize(p.read_text(encoding="utf-8"))
        prepared.append((p.name, text, parse_layout(text).sections))
    if not prepared:
        print(f"no .txt articles under {args.corpus}")
        return
    n_chars = sum(len(t) for _, t, _ in prepared)
    read_chars = 0
    best = float("inf")
    counts: Counter = Counter()
    inferred: dict[str, dt.date] = {}
    for rep in range(max(1, args.repeat)):
        ctxs = [(name, build_context(text, secs, None)) for name, text, secs in prepared]
        t0 = time.perf_counter()
        for _, ctx in ctxs:
            for r in recs:
                r.fn(ctx)
        best = min(best, time.perf_counter() - t0)
        if rep == 0:
            for name, ctx in ctxs:
                read_chars += sum(s.end - s.start for s in ctx.read_sentences())
                for f in ("money", "percentages", "quantities", "dates"):
                    counts[f] += len(getattr(ctx, f))
                if ctx.published_inferred:
                    inferred[name] = ctx.published
    print(f"articles: {len(prepared)}  characters: {n_chars:,} (read sentences: {read_chars:,})")
    print(f"numeric recognizers: {best:.3f} s  ->  {n_chars / best:,.0f} chars/s, {len(prepared) / best:,.0f} articles/s")
    print("figures: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + f"  (total {sum(counts.values())})")
    manifest = args.corpus / "manifest.csv"
    if manifest.is_file():
        truth = {r["file"]: r.get("date", "") for r in csv.DictReader(manifest.open(encoding="utf-8"))}
        near = sum(1 for n, d in inferred.items() if truth.get(n) and abs((d - dt.date.fromisoformat(truth[n][:10])).days) <= 3)
        known = sum(1 for n in inferred if truth.get(n))
        print(f"publication date inferred for {len(inferred)} articles; within 3 days of the manifest date: {near}/{known}")


if __name__ == "__main__":
    sys.exit(main())
