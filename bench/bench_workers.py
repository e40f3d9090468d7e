"""Benchmark: ``--workers 2`` vs ``--workers 1`` (and optionally the Dask engine) on N articles.

Builds a JSON Lines file of N articles in a temporary directory (never in the repository) by
repeating the .txt articles of a corpus with distinct ids, runs the batch runner once per
configuration, checks that the outputs are byte-identical and prints wall times, articles/s
and the speed-up ratio.

    python bench/bench_workers.py                       # ../shared/corpus/real, 1,000 articles
    python bench/bench_workers.py --corpus corpus --n 200 --dask
"""
from __future__ import annotations

import argparse
import filecmp
import json
import sys
import tempfile
from pathlib import Path

from pntd_extract.runner import run

ROOT = Path(__file__).resolve().parents[1]


def build_input(corpus: Path, n: int, dest: Path) -> Path:
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(corpus.rglob("*.txt"))
             if p.name.lower() != "readme.txt"]
    if not texts:
        sys.exit(f"no .txt articles under {corpus}")
    with dest.open("w", encoding="utf-8") as fh:
        for i in range(n):
            stem, text = texts[i % len(texts)]
            rep = i // len(texts)
            fh.write(json.dumps({"id": f"{stem}-r{rep}", "text": text}, ensure_ascii=False) + "\n")
    return dest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "real")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--dask", action="store_true", help="also run --engine dask on a LocalCluster")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="pntd-bench-") as tmp:
        tmp = Path(tmp)
        inp = build_input(args.corpus, args.n, tmp / "articles.jsonl")
        configs = [("workers 1", dict(workers=1)), (f"workers {args.workers}", dict(workers=args.workers))]
        if args.dask:
            configs.append((f"dask {args.workers}", dict(workers=args.workers, engine="dask")))
        results = []
        for label, kw in configs:
            out = tmp / (label.replace(" ", "_") + ".jsonl")
            res = run([str(inp)], out, **kw)
            results.append((label, out, res))
            print(f"{label:>10}: {res.n_records} records, {res.n_errors} errors, "
                  f"{res.seconds:.1f} s, {res.rate:.1f} articles/s", flush=True)
        base = results[0]
        for label, out, res in results[1:]:
            same = filecmp.cmp(base[1], out, shallow=False)
            print(f"{label} vs workers 1: records identical: {same}; "
                  f"speed-up ratio {base[2].seconds / res.seconds:.2f}x")
            if not same:
                sys.exit(1)


if __name__ == "__main__":
    main()
