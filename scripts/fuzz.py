"""Fuzz ``pntd_extract.extract`` with random and mutated articles.

Sources: ``tests/data/seed.txt`` and ``corpus/*.txt`` (articles written by this project).
Mutations: byte flips and truncation of the UTF-8 bytes (decoded with
:func:`pntd_extract.io.decode.decode_bytes`, as the readers do), quote storms, digit storms
("1." x thousands, long digit runs, separators), mixed legacy encodings spliced into one
file, invisible/combining/NBSP injection, HTML entities (``html=True``), line shuffles,
random Unicode, and pure random text. Every record is checked: spans slice the text exactly
and the record validates; recognizer exceptions that the pipeline turned into warnings are
counted separately. Prints the count, exceptions (with the first tracebacks), rejected
inputs (decode ValueError, expected for binary-looking bytes) and the time.

Usage::

    python scripts/fuzz.py -n 10000 --seed 1
    python scripts/fuzz.py -n 200 --max-chars 20000     # quick run
Exit code 1 if any exception was raised.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
import traceback
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pntd_extract import extract  # noqa: E402
from pntd_extract.io.decode import LEGACY_ENCODINGS, decode_bytes, encode_legacy  # noqa: E402
from pntd_extract.schema import KBRecord  # noqa: E402

INVISIBLE = ["\u200b", "\u00a0", "\u00ad", "\ufeff", "\u200d", "\u2060", "\r", "\r\n", "\t", "\u0300", "\u0323",
             "\u0309", "\u0303", "\u0301", "\u0302", "\u031b", "\u00d0", "\u3000", "\x07", "\x00"]
ENTITIES = ["&amp;", "&#7897;", "&#x1ED9;", "&nbsp;", "&lt;", "&gt;", "&quot;", "&#8220;", "&#8221;", "&hellip;",
            "&#xD800;", "&#99999999;", "&bogus;", "&", "&#", "&#x;"]
FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "…": "...", "–": "-", "—": "-", "\u00a0": " "})


def load_sources() -> list[str]:
    paths = [ROOT / "tests" / "data" / "seed.txt", *sorted((ROOT / "corpus").glob("*.txt"))]
    texts = [p.read_text(encoding="utf-8") for p in paths if p.is_file()]
    if not texts:
        texts = ["Tiêu đề\n\n(PNTĐ) - Ngày 9/1, Hội LHPN quận trao 15 triệu đồng cho 3 hội viên, đạt 120% kế hoạch."]
    return texts


def _slice(r: random.Random, text: str, max_len: int) -> str:
    if len(text) <= max_len:
        return text
    i = r.randrange(0, len(text) - max_len)
    return text[i:i + max_len]


def byte_flips(r, t):
    b = bytearray(t.encode("utf-8"))
    for _ in range(r.randint(1, max(1, len(b) // 200))):
        b[r.randrange(len(b))] = r.randrange(256)
    return bytes(b)


def truncate(r, t):
    b = t.encode("utf-8")
    return b[: r.randrange(len(b) + 1)]


def quote_storm(r, t):
    q = r.choice(['"', "“", "”", "‘", "’", "'", "«", "(", ")", "[", "„"])
    i = r.randrange(len(t) + 1)
    return t[:i] + q * r.randint(100, 5000) + t[i:]


def digit_storm(r, t):
    unit = r.choice(["1.", "1. ", "1,", "1.000.", "9", "1,5 ", "12/", "2023-", "1 000 ", "%", "1.5.", "0,"])
    i = r.randrange(len(t) + 1)
    storm = unit * r.randint(100, 20000 // max(1, len(unit)))
    tail = r.choice(["", " triệu đồng", " tỷ đồng", "%", " người", " năm 2024", " USD"])
    return t[:i] + storm + tail + t[i:]


def mixed_encodings(r, t):
    out = bytearray()
    pos = 0
    while pos < len(t):
        n = r.randint(20, 2000)
        part = t[pos:pos + n]
        enc = r.choice(("utf-8",) + LEGACY_ENCODINGS)
        if enc == "utf-8":
            out += part.encode("utf-8")
        else:
            out += encode_legacy(part.translate(FOLD), enc, errors="replace")
        pos += n
    return bytes(out)


def whole_legacy(r, t):
    return encode_legacy(t.translate(FOLD), r.choice(LEGACY_ENCODINGS), errors="replace")


def invisibles(r, t):
    chars = list(t)
    for _ in range(r.randint(1, 200)):
        chars.insert(r.randrange(len(chars) + 1), r.choice(INVISIBLE))
    return "".join(chars)


def nfd(r, t):
    return unicodedata.normalize(r.choice(["NFD", "NFKD", "NFKC"]), t)


def entities(r, t):
    chars = list(t)
    for _ in range(r.randint(1, 100)):
        chars.insert(r.randrange(len(chars) + 1), r.choice(ENTITIES))
    return "".join(chars)


def shuffle_lines(r, t):
    lines = t.split("\n")
    r.shuffle(lines)
    return "\n".join(lines[: r.randint(1, len(lines))])


def random_unicode(r, t):
    ranges = [(0x20, 0x7e), (0xa0, 0x24f), (0x300, 0x36f), (0x1ea0, 0x1ef9), (0x2000, 0x206f), (0x4e00, 0x4e80),
              (0x1f600, 0x1f64f), (0xe000, 0xe010), (0x0, 0x1f)]
    n = r.randint(0, 3000)
    return "".join(chr(r.randint(*r.choice(ranges))) for _ in range(n))


def splice_random(r, t):
    i = r.randrange(len(t) + 1)
    return t[:i] + random_unicode(r, t)[:500] + t[i:]


def sentence_salad(r, t):
    words = t.split()
    return " ".join(r.choice(words) for _ in range(r.randint(1, 800))) if words else t


TEXT_MUTATIONS = [quote_storm, digit_storm, invisibles, nfd, entities, shuffle_lines, random_unicode, splice_random,
                  sentence_salad]
BYTE_MUTATIONS = [byte_flips, truncate, mixed_encodings, whole_legacy]


def check(rec: KBRecord) -> None:
    for path, sp in rec.iter_spans():
        if rec.article.text[sp.start:sp.end] != sp.text:
            raise AssertionError(f"{path}: span does not slice the text")
    KBRecord.model_validate(rec.model_dump(mode="json"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=1000, help="number of articles (default 1000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-chars", type=int, default=30000, help="cut source articles to this length before mutating")
    ap.add_argument("--show", type=int, default=3, help="tracebacks to print")
    ap.add_argument("--slow", type=float, default=5.0, help="report articles slower than this many seconds")
    ap.add_argument("--save-slow", type=Path, default=None, help="directory to write slow inputs to (for reproduction)")
    args = ap.parse_args(argv)
    r = random.Random(args.seed)
    sources = load_sources()
    kinds: Counter = Counter()
    exc_kinds: Counter = Counter()
    shown = rejected = shown_rec = 0
    rec_fail: Counter = Counter()  # recognizer exceptions the pipeline turned into warnings
    slowest = (0.0, "")
    t0 = time.perf_counter()
    for i in range(args.n):
        src = _slice(r, r.choice(sources), args.max_chars)
        use_bytes = r.random() < 0.35
        mut = r.choice(BYTE_MUTATIONS if use_bytes else TEXT_MUTATIONS)
        kinds[mut.__name__] += 1
        html = mut is entities or r.random() < 0.1
        t1 = time.perf_counter()
        text, kw = "", {}
        try:
            if use_bytes:
                data = mut(r, src)
                try:
                    text, enc, warns = decode_bytes(data)
                except ValueError:
                    rejected += 1
                    continue
                if r.random() < 0.3:  # stack a text mutation on the decoded text
                    text = r.choice(TEXT_MUTATIONS)(r, text)
                kw = {"encoding": enc, "warnings": warns, "html": html}
            else:
                text = mut(r, src)
                if r.random() < 0.3:
                    text = r.choice(TEXT_MUTATIONS)(r, text)
                kw = {"html": html, "published": r.choice([None, "2024-01-10", "bad-date"])}
            rec = extract(text, **kw)
            check(rec)
            for w in rec.warnings:
                if w.startswith("recognizer ") and " failed: " in w:
                    rec_fail[w.split(":", 2)[0] + ":" + w.split(":", 2)[1]] += 1
                    if shown_rec < args.show:
                        shown_rec += 1
                        print(f"--- article {i} ({mut.__name__}): {w[:300]}", file=sys.stderr)
            if r.random() < 0.05 and extract(text, **kw).model_dump_json() != rec.model_dump_json():
                raise AssertionError("two runs gave different records")
        except Exception as exc:  # noqa: BLE001 - counting is the point
            exc_kinds[f"{mut.__name__}: {type(exc).__name__}"] += 1
            if shown < args.show:
                shown += 1
                print(f"--- article {i} ({mut.__name__}) raised:", file=sys.stderr)
                traceback.print_exc()
        dt = time.perf_counter() - t1
        if dt > args.slow:
            print(f"slow: article {i} ({mut.__name__}) {dt:.1f}s, {len(text)} characters", flush=True)
            if args.save_slow:
                args.save_slow.mkdir(parents=True, exist_ok=True)
                (args.save_slow / f"slow-{i}.json").write_text(
                    json.dumps({"text": text, "kw": {k: v for k, v in kw.items()}, "seconds": dt}, ensure_ascii=False),
                    encoding="utf-8")
        if dt > slowest[0]:
            slowest = (dt, mut.__name__)
        if (i + 1) % 1000 == 0:
            print(f"{i + 1} articles, {sum(exc_kinds.values())} exceptions, {time.perf_counter() - t0:.0f}s", flush=True)
    total = time.perf_counter() - t0
    n_exc = sum(exc_kinds.values())
    print(f"articles: {args.n}  exceptions: {n_exc}  rejected by decoder: {rejected}  "
          f"time: {total:.1f}s ({args.n / total:.1f} articles/s)  slowest: {slowest[0]:.2f}s ({slowest[1]})")
    print("mutations:", dict(sorted(kinds.items())))
    if exc_kinds:
        print("exceptions:", dict(exc_kinds))
    print(f"recognizer failures caught by the pipeline (warnings): {sum(rec_fail.values())}",
          dict(rec_fail) if rec_fail else "")
    return 1 if n_exc else 0


if __name__ == "__main__":
    sys.exit(main())
