#!/usr/bin/env python3
"""Render an HTML report and take a headless-Chromium screenshot of it, to look at.

Usage::

    python scripts/screenshot_report.py [INPUT ...] [--html /tmp/report.html]
        [--png /tmp/report.png] [--width 1280] [--height 2400]

INPUT defaults to the seed article (``../shared/seed/pntd-bac-tu-liem-2024.txt``). The report
is written with ``pntd-extract report``; the screenshot with ``chromium --headless``. Exits 0
with a ``skip:`` line when no Chromium is installed (it is not a project dependency; on
Debian: ``apt-get install chromium``) or when the seed is absent. Exit 1 if the report or the
screenshot fails.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO.parent / "shared" / "seed" / "pntd-bac-tu-liem-2024.txt"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> str | None:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="*", help="articles or KB .jsonl (default: the seed article)")
    ap.add_argument("--html", default="/tmp/report.html")
    ap.add_argument("--png", default="/tmp/report.png")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=2400)
    ap.add_argument("--timeout", type=float, default=90.0, help="seconds before Chromium is given up")
    args = ap.parse_args(argv)

    inputs = args.inputs or [str(SEED)]
    if not args.inputs and not SEED.exists():
        print(f"skip: seed article {SEED} not found; give an INPUT", file=sys.stderr)
        return 0
    cmd = [sys.executable, "-m", "pntd_extract", "report", *inputs, "-o", args.html]
    res = subprocess.run(cmd, capture_output=True, text=True)
    sys.stderr.write(res.stderr)
    if res.returncode not in (0, 1) or not Path(args.html).exists():
        print(f"report failed (exit {res.returncode})", file=sys.stderr)
        return 1
    browser = find_browser()
    if browser is None:
        print(f"skip: no Chromium found ({', '.join(BROWSERS)}); report written to {args.html}", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory(prefix="pntd-chromium-") as profile:
        shot = [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", f"--user-data-dir={profile}", f"--screenshot={args.png}",
            f"--window-size={args.width},{args.height}", Path(args.html).resolve().as_uri(),
        ]
        try:
            res = subprocess.run(shot, capture_output=True, text=True, timeout=args.timeout)
        except subprocess.TimeoutExpired:
            print(f"chromium timed out after {args.timeout:.0f}s", file=sys.stderr)
            return 1
    png = Path(args.png)
    if res.returncode != 0 or not png.exists() or png.stat().st_size == 0:
        print(f"screenshot failed (exit {res.returncode}): {res.stderr.strip()[-500:]}", file=sys.stderr)
        return 1
    print(f"{args.html} -> {png} ({png.stat().st_size} bytes, {args.width}x{args.height})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
