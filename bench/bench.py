"""Benchmark: our full extraction vs underthesea word_tokenize() and ner() on the same texts.

Usage::

    python bench/bench.py            # corpus/ + ../shared/corpus/real (when present)
    python bench/bench.py --quick    # a small subset (about 40 articles)
    python bench/bench.py --profile  # also cProfile the extraction and print the top functions

Each phase runs in its own subprocess (so peak RSS is that phase's alone, and models loaded by
one phase do not count against another): ``extract`` (``pntd_extract.extract`` + JSON
serialisation, the work of ``pntd-extract extract``), ``word_tokenize`` and ``ner`` (underthesea; ner on a subset when the set is large, rates
are per article). underthesea gets the normalised text sentence by sentence (its fastest use:
ner() on a whole article is about 6x slower), or whole articles with ``--whole-text``. Rates exclude import/model-load time, which is reported separately.
Tokens are whitespace-separated syllables of the normalised text (the same count for every
phase). A streaming phase re-runs extraction over the articles cyclically and records peak and
current RSS after 50, 100, 200 ... 1600 articles to show that memory stays flat.

The last line of the output is one JSON object with ``extract_articles_per_s``,
``word_tokenize_articles_per_s``, ``ner_articles_per_s``, ``peak_rss_mb`` (extraction),
``articles`` and the ratios.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REAL = REPO.parent / "shared" / "corpus" / "real"


def _texts(quick: bool) -> list[tuple[str, str]]:
    files = sorted((REPO / "corpus").glob("*.txt"))
    if REAL.is_dir():
        real = sorted(REAL.glob("*.txt"))
        files += real[::8] if quick else real
    if quick:
        files = files[:40]
    return [(str(p), p.read_text(encoding="utf-8")) for p in files]


def _rss_mb() -> tuple[float, float]:
    """(peak RSS, current RSS) of this process in MB (Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cur = peak
    try:
        with open("/proc/self/statm") as fh:
            cur = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        pass
    return peak, cur


def _child(phase: str, quick: bool, limit: int, stream: list[int], whole: bool = False) -> dict:
    """Run one phase in this (child) process and return its measurements."""
    from pntd_extract.normalize import normalize

    texts = _texts(quick)
    norm = [normalize(t)[0] for _, t in texts]
    if limit and limit < len(texts):  # an evenly spread sample, representative of the lengths
        step = len(texts) / limit
        keep = [int(i * step) for i in range(limit)]
        texts, norm = [texts[i] for i in keep], [norm[i] for i in keep]
    tokens = sum(len(t.split()) for t in norm)
    t0 = time.perf_counter()
    if phase == "extract":
        from pntd_extract import extract

        def run(i: int) -> None:
            path, raw = texts[i % len(texts)]
            extract(raw, path=path).model_dump_json()
    elif phase in ("word_tokenize", "ner"):
        import underthesea

        fn = getattr(underthesea, phase)
        if whole:
            def run(i: int) -> None:
                fn(norm[i % len(norm)])
        else:  # sentence by sentence (underthesea is much faster on short inputs)
            from pntd_extract.segment import split_sentences

            def run(i: int) -> None:
                text = norm[i % len(norm)]
                for s, e in split_sentences(text):
                    fn(text[s:e])
    else:  # pragma: no cover
        raise SystemExit(f"unknown phase {phase}")
    run(0)  # warm-up: loads models and lexicons
    load_s = time.perf_counter() - t0
    targets = sorted(t for t in stream if t > 0)
    points = []

    def checkpoint(done: int) -> None:
        while targets and done >= targets[0]:
            peak, cur = _rss_mb()
            points.append({"articles": targets.pop(0), "peak_rss_mb": round(peak, 1), "rss_mb": round(cur, 1)})

    t1 = time.perf_counter()
    c1 = time.process_time()
    for i in range(len(texts)):
        run(i)
        if targets:
            checkpoint(i + 1)
    dt = time.perf_counter() - t1
    cpu = time.process_time() - c1
    out = {"phase": phase, "articles": len(texts), "tokens": tokens, "seconds": dt, "cpu_seconds": cpu,
           "load_seconds": load_s, "articles_per_s": len(texts) / dt, "tokens_per_s": tokens / dt,
           "cpu_articles_per_s": len(texts) / cpu if cpu else 0.0}
    out["peak_rss_mb"], out["rss_mb"] = _rss_mb()
    if stream:  # keep going (cycling over the texts) up to the last checkpoint
        done = len(texts)
        while targets:
            run(done)
            done += 1
            checkpoint(done)
        out["stream"] = points
    return out


def _run_phase(phase: str, args, limit: int = 0, stream: list[int] | None = None) -> dict:
    cmd = [sys.executable, __file__, "--child", phase, "--limit", str(limit)]
    if args.quick:
        cmd.append("--quick")
    if args.whole_text:
        cmd.append("--whole-text")
    if stream:
        cmd += ["--stream", ",".join(map(str, stream))]
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if res.returncode != 0:
        raise SystemExit(f"phase {phase} failed:\n{res.stderr[-2000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def _profile(args) -> None:
    import cProfile
    import pstats

    from pntd_extract import extract

    texts = _texts(args.quick)
    extract(texts[0][1])
    prof = cProfile.Profile()
    prof.enable()
    for path, raw in texts:
        extract(raw, path=path).model_dump_json()
    prof.disable()
    print("\nTop functions by cumulative time (extraction):")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    print("Top functions by own time (extraction):")
    pstats.Stats(prof).sort_stats("tottime").print_stats(15)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="a small subset of the articles")
    ap.add_argument("--profile", action="store_true", help="cProfile the extraction")
    ap.add_argument("--ner-limit", type=int, default=0, help="articles for ner() (default 60, quick 10)")
    ap.add_argument("--whole-text", action="store_true",
                    help="feed underthesea whole articles instead of sentence by sentence (about 6x slower for ner)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--limit", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--stream", default="", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        stream = [int(x) for x in args.stream.split(",") if x]
        print(json.dumps(_child(args.child, args.quick, args.limit, stream, args.whole_text)))
        return

    n = len(_texts(args.quick))
    stream = [25, 50, 100, 200] if args.quick else [50, 100, 200, 400, 800, 1600]
    ner_limit = args.ner_limit or (10 if args.quick else 60)
    ext = _run_phase("extract", args, stream=stream)
    wt = _run_phase("word_tokenize", args)
    nr = _run_phase("ner", args, limit=min(ner_limit, n))

    from rich.console import Console
    from rich.table import Table

    con = Console(width=140)
    con.print(f"machine: {os.cpu_count()} cores (nproc), Python {platform.python_version()}, {platform.platform()}")
    con.print("underthesea input: " + ("whole articles" if args.whole_text else
              "sentence by sentence (pntd_extract.segment.split_sentences; the fastest way to call it)"))
    con.print(f"texts: {n} articles ({'quick subset' if args.quick else 'corpus/ + ../shared/corpus/real' if REAL.is_dir() else 'corpus/ only'})")
    t = Table(title="Throughput and memory (each phase in its own process)")
    for col in ("phase", "articles", "wall s", "articles/s", "tokens/s", "CPU s", "articles/CPU-s", "load s", "peak RSS MB"):
        t.add_column(col, justify="right" if col != "phase" else "left")
    for r in (ext, wt, nr):
        t.add_row(r["phase"], str(r["articles"]), f"{r['seconds']:.2f}", f"{r['articles_per_s']:.1f}",
                  f"{r['tokens_per_s']:.0f}", f"{r['cpu_seconds']:.2f}", f"{r['cpu_articles_per_s']:.1f}",
                  f"{r['load_seconds']:.2f}", f"{r['peak_rss_mb']:.0f}")
    con.print(t)
    r_ner = ext["articles_per_s"] / nr["articles_per_s"]
    r_wt = ext["articles_per_s"] / wt["articles_per_s"]
    la = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    con.print(f"load average at the end: {la:.1f} (wall-clock rates are unreliable when it exceeds the core count;"
              " the CPU-time columns are not affected)")
    con.print(f"extract vs ner(): {r_ner:.1f}x per article (target >= 3x)   "
              f"extract vs word_tokenize(): {r_wt:.2f}x (target >= 0.5x)   "
              f"peak RSS extract: {ext['peak_rss_mb']:.0f} MB (target < 600)")
    s = Table(title="Streaming extraction: memory as articles accumulate")
    for col in ("articles processed", "peak RSS MB", "current RSS MB"):
        s.add_column(col, justify="right")
    for p in ext.get("stream", []):
        s.add_row(str(p["articles"]), f"{p['peak_rss_mb']:.0f}", f"{p['rss_mb']:.0f}")
    con.print(s)
    if args.profile:
        _profile(args)
    summary = {
        "extract_articles_per_s": round(ext["articles_per_s"], 2),
        "word_tokenize_articles_per_s": round(wt["articles_per_s"], 2),
        "ner_articles_per_s": round(nr["articles_per_s"], 2),
        "peak_rss_mb": round(ext["peak_rss_mb"], 1),
        "articles": n,
        "extract_tokens_per_s": round(ext["tokens_per_s"]),
        "word_tokenize_tokens_per_s": round(wt["tokens_per_s"]),
        "ner_tokens_per_s": round(nr["tokens_per_s"]),
        "ner_articles": nr["articles"],
        "extract_vs_ner": round(r_ner, 2),
        "extract_vs_word_tokenize": round(r_wt, 2),
        "extract_cpu_articles_per_s": round(ext["cpu_articles_per_s"], 2),
        "word_tokenize_cpu_articles_per_s": round(wt["cpu_articles_per_s"], 2),
        "ner_cpu_articles_per_s": round(nr["cpu_articles_per_s"], 2),
        "extract_vs_ner_cpu": round(ext["cpu_articles_per_s"] / nr["cpu_articles_per_s"], 2),
        "extract_vs_word_tokenize_cpu": round(ext["cpu_articles_per_s"] / wt["cpu_articles_per_s"], 2),
        "load_average": round(la, 2),
        "word_tokenize_peak_rss_mb": round(wt["peak_rss_mb"], 1),
        "ner_peak_rss_mb": round(nr["peak_rss_mb"], 1),
        "stream": ext.get("stream", []),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
