"""PER / ORG / LOC precision, recall and F1 of pntd-extract and of raw underthesea ``ner()``.

Both systems run in the same process on the same texts; the time each takes is reported.

Gold sets (either may be absent; a missing set is reported and skipped):

(a) ``annotations/*.json`` next to ``corpus/*.txt`` (the project's own articles); each gold
    file may be in either format below, and is paired with ``corpus/<stem>.txt``;
(b) ``annotations/real/<file>.json``: hand annotations of articles of ``../shared/corpus/real``
    (the article text itself is never stored in the repository), format::

        {"file": "dantri-0044.txt", "entities": [
            {"type": "PER", "start": 120, "end": 133, "text": "Nguyễn Văn An"}, ...]}

    Offsets are code points into ``pntd_extract.normalize.normalize(raw)[0]`` of the raw
    file; only the sections that the recognizers read (title, body, captions) are annotated.

Another accepted gold format (a), the one of ``annotations/README.md``: ``people`` /
``organizations`` / ``locations`` lists whose items carry ``mentions`` (``{start, end}``) into
the same normalised text, or only ``name`` and ``aliases``: then every word-bounded occurrence
of a name or alias in the read sentences is a gold mention (longest first, never overlapping;
a location takes the level word written just before it), see :func:`mentions_from_names`.

Annotation conventions (flat, outermost mention wins, as in VLSP 2016 NER):
PER spans the name only (no honorific, title, rank or academic title); ORG spans the whole
organisation name including the place it serves ("Hội LHPN quận Bắc Từ Liêm"); LOC spans a
place with its level word when written ("quận Cầu Giấy", "TP.HCM", "Hà Nội") and streets,
markets, rivers with their keyword ("đường Phạm Văn Đồng"). A location inside an
organisation name is not a separate gold mention, so nested predictions are dropped before
scoring (for both systems).

Matching: **strict** = same type and exactly the same ``[start, end)``; **lenient** = same
type and overlapping spans, each gold and each predicted mention used at most once
(greedy, in text order). underthesea's BIO tags are decoded to spans per word (a lone
``I-X`` opens a new mention); its words are aligned back to character offsets.

Run::

    python scripts/eval_ner.py                      # both sets, markdown tables
    python scripts/eval_ner.py --real-only --json   # machine-readable

Exit code 0; raises ``FileNotFoundError`` only for an explicitly given missing path.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from pntd_extract.layout import parse_layout  # noqa: E402
from pntd_extract.normalize import normalize  # noqa: E402
from pntd_extract.pipeline import READ_KINDS, build_context, extract  # noqa: E402

TYPES = ("PER", "ORG", "LOC")
Ent = tuple[str, int, int]  # (type, start, end)


@dataclass
class Doc:
    name: str
    raw: str
    text: str
    gold: list[Ent]


# ------------------------------------------------------------------------------ gold loading
def _gold_entities(d: dict) -> list[Ent]:
    out: list[Ent] = []
    if "entities" in d:
        for e in d["entities"]:
            out.append((e["type"], int(e["start"]), int(e["end"])))
        return out
    for field, typ in (("people", "PER"), ("organizations", "ORG"), ("locations", "LOC")):
        for item in d.get(field, []) or []:
            for m in item.get("mentions", []) or []:
                out.append((typ, int(m["start"]), int(m["end"])))
    return out


def load_real(gold_dir: Path, corpus_dir: Path) -> list[Doc]:
    docs = []
    for gp in sorted(gold_dir.glob("*.json")):
        d = json.loads(gp.read_text(encoding="utf-8"))
        src = corpus_dir / d.get("file", gp.stem)
        if not src.exists():
            continue
        raw = src.read_text(encoding="utf-8")
        text = normalize(raw)[0]
        gold = _gold_entities(d)
        for t, s, e in gold:  # offsets must index the normalised text
            ent = next((x for x in d.get("entities", []) if x["start"] == s and x["end"] == e), None)
            if ent is not None and "text" in ent and text[s:e] != ent["text"]:
                raise ValueError(f"{gp}: span {s}-{e} reads {text[s:e]!r}, gold says {ent['text']!r}")
        docs.append(Doc(src.name, raw, text, gold))
    return docs


_LEVEL_BEFORE = re.compile(
    r"(?:(?:thành phố|Thành phố|thị trấn|Thị trấn|thị xã|Thị xã|tỉnh|Tỉnh|quận|Quận|huyện|Huyện|phường|Phường|"
    r"xã|Xã|thôn|Thôn|TP|Tp)[ .]|TP\.|Tp\.|TP\. )$")


def mentions_from_names(text: str, entities: list[tuple[str, list[str]]]) -> list[Ent]:
    """Mention spans of gold entities given by name (+ aliases) without offsets: every
    word-bounded occurrence in the read sentences, longest names first, never overlapping; a
    location takes the level word written just before it ("quận " + "Cầu Giấy"); a final part
    of a person's name right after an honorific ("bà Kim Chi", "ông Thành") is a mention too."""
    sents = read_sentences(text)
    items = sorted(((typ, n) for typ, names in entities for n in names if n), key=lambda x: -len(x[1]))
    # short forms of a person after an honorific ("bà Kim Chi", "ông Thành") are mentions too
    short = sorted({" ".join(n.split()[k:]) for typ, names in entities if typ == "PER" for n in names if n
                    for k in range(1, len(n.split()))}, key=len, reverse=True)
    if short:
        hon = re.compile(r"(?:(?<=\b[Ôô]ng )|(?<=\b[Bb]à )|(?<=\b[Aa]nh )|(?<=\b[Cc]hị )|(?<=\b[Cc]ô )|(?<=\b[Cc]hú ))(?:"
                         + "|".join(map(re.escape, short)) + r")(?![\w'’])")
        items_short = [("PER~", m) for m in hon.finditer(text)]
    else:
        items_short = []
    taken: list[tuple[int, int]] = []
    out: list[Ent] = []
    for typ, name in items:
        pat = re.compile(r"(?<![\w'’])" + re.escape(name) + r"(?![\w'’])")
        for s0, e0 in sents:
            for m in pat.finditer(text, s0, e0):
                a, b = m.start(), m.end()
                if typ == "LOC":
                    lm = _LEVEL_BEFORE.search(text, max(s0, a - 12), a)
                    if lm:
                        a = lm.start()
                if any(a < y and x < b for x, y in taken):
                    continue
                taken.append((a, b))
                out.append((typ, a, b))
    for _, m in items_short:
        a, b = m.start(), m.end()
        if any(s0 <= a < e0 for s0, e0 in sents) and not any(a < y and x < b for x, y in taken):
            taken.append((a, b))
            out.append(("PER", a, b))
    return sorted(out, key=lambda e: e[1])


def load_project(ann_dir: Path, corpus_dir: Path) -> list[Doc]:
    """Project gold (annotations/*.json, entity-level: names and aliases, offsets optional)."""
    docs = []
    for gp in sorted(ann_dir.glob("*.json")):
        try:
            d = json.loads(gp.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            continue
        if not isinstance(d, dict):
            continue
        src = REPO / d["file"] if isinstance(d.get("file"), str) else corpus_dir / (gp.stem + ".txt")
        if not src.exists():
            src = corpus_dir / (gp.stem + ".txt")
        if not src.exists():
            continue
        raw = src.read_text(encoding="utf-8")
        text = normalize(raw)[0]
        gold = _gold_entities(d)
        if not gold:
            ents = []
            for field, typ in (("people", "PER"), ("organizations", "ORG"), ("locations", "LOC")):
                for item in d.get(field, []) or []:
                    if isinstance(item, dict):
                        names = [item.get("name")] + list(item.get("aliases") or [])
                        ents.append((typ, [n for n in names if isinstance(n, str)]))
            gold = mentions_from_names(text, ents)
        if gold:
            docs.append(Doc(src.name, raw, text, gold))
    return docs


# ------------------------------------------------------------------------------ systems
def read_sentences(text: str) -> list[tuple[int, int]]:
    lay = parse_layout(text)
    ctx = build_context(text, lay.sections, None)
    return [(s.start, s.end) for s in ctx.sentences if s.section in READ_KINDS]


def flatten(ents: Iterable[Ent]) -> list[Ent]:
    """Drop mentions nested inside (or overlapping) a longer earlier one: outermost wins."""
    out: list[Ent] = []
    for t, s, e in sorted(set(ents), key=lambda x: (x[1], -(x[2] - x[1]))):
        if out and s < out[-1][2]:
            continue
        out.append((t, s, e))
    return out


def ours(doc: Doc) -> list[Ent]:
    rec = extract(doc.raw, only={"entities"})
    ents: list[Ent] = []
    for field, typ in (("people", "PER"), ("organizations", "ORG"), ("locations", "LOC")):
        for item in getattr(rec, field):
            for m in item.mentions:
                ents.append((typ, m.start, m.end))
    return flatten(ents)


def underthesea_ner(doc: Doc) -> list[Ent]:
    from underthesea import ner

    ents: list[Ent] = []
    for s0, e0 in read_sentences(doc.text):
        sent = doc.text[s0:e0]
        try:
            rows = ner(sent)
        except Exception:
            continue
        pos = 0
        cur: Optional[list] = None
        for row in rows:
            word, tag = row[0], row[-1]
            i = sent.find(word, pos)
            if i < 0:  # underthesea rewrote the word: try its syllables
                parts = word.split()
                i = sent.find(parts[0], pos) if parts else -1
                if i < 0:
                    cur = None
                    continue
                j = i + len(parts[0])
                for p in parts[1:]:
                    k = sent.find(p, j)
                    if k < 0:
                        break
                    j = k + len(p)
            else:
                j = i + len(word)
            pos = j
            typ = tag[2:] if len(tag) > 2 else None
            if tag.startswith("B-") or (tag.startswith("I-") and (cur is None or cur[0] != typ)):
                if cur:
                    ents.append(tuple(cur))
                cur = [typ, s0 + i, s0 + j]
            elif tag.startswith("I-") and cur is not None:
                cur[2] = s0 + j
            else:
                if cur:
                    ents.append(tuple(cur))
                cur = None
        if cur:
            ents.append(tuple(cur))
    return flatten(e for e in ents if e[0] in TYPES)


# ------------------------------------------------------------------------------ scoring
def score(gold: list[Ent], pred: list[Ent]) -> dict[str, dict[str, dict[str, int]]]:
    """Counts {mode: {type: {tp, fp, fn}}} for strict and lenient matching."""
    res: dict[str, dict[str, dict[str, int]]] = {}
    for mode in ("strict", "lenient"):
        res[mode] = {}
        for typ in TYPES:
            g = sorted(x for x in gold if x[0] == typ)
            p = sorted(x for x in pred if x[0] == typ)
            used: set[int] = set()
            tp = 0
            for _, ps, pe in p:
                for gi, (_, gs, ge) in enumerate(g):
                    if gi in used:
                        continue
                    ok = (gs == ps and ge == pe) if mode == "strict" else (ps < ge and gs < pe)
                    if ok:
                        used.add(gi)
                        tp += 1
                        break
            res[mode][typ] = {"tp": tp, "fp": len(p) - tp, "fn": len(g) - tp}
    return res


def add(a: dict, b: dict) -> dict:
    for mode in b:
        a.setdefault(mode, {})
        for typ in b[mode]:
            a[mode].setdefault(typ, {"tp": 0, "fp": 0, "fn": 0})
            for k in ("tp", "fp", "fn"):
                a[mode][typ][k] += b[mode][typ][k]
    return a


def prf(c: dict[str, int]) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(docs: list[Doc], with_underthesea: bool = True) -> dict:
    """Scores and timings of both systems on ``docs`` ({system: {counts, seconds}})."""
    out: dict = {}
    systems = [("pntd-extract", ours)] + ([("underthesea ner()", underthesea_ner)] if with_underthesea else [])
    for name, fn in systems:
        counts: dict = {}
        if docs:
            fn(docs[0])  # warm-up: lexicons and models load once, outside the timing
        t0 = time.perf_counter()
        preds = [fn(d) for d in docs]
        secs = time.perf_counter() - t0
        for d, p in zip(docs, preds):
            add(counts, score(d.gold, p))
        out[name] = {"counts": counts, "seconds": secs}
    return out


def table(title: str, res: dict, n_docs: int) -> str:
    lines = [f"### {title} ({n_docs} articles)", "",
             "| system | match | type | P | R | F1 | gold | pred |", "|---|---|---|---|---|---|---|---|"]
    for sysname, r in res.items():
        for mode in ("strict", "lenient"):
            for typ in TYPES:
                c = r["counts"].get(mode, {}).get(typ, {"tp": 0, "fp": 0, "fn": 0})
                p, rr, f = prf(c)
                lines.append(f"| {sysname} | {mode} | {typ} | {p:.3f} | {rr:.3f} | {f:.3f} | "
                             f"{c['tp'] + c['fn']} | {c['tp'] + c['fp']} |")
    lines.append("")
    for sysname, r in res.items():
        lines.append(f"- {sysname}: {r['seconds']:.2f} s ({n_docs / r['seconds']:.1f} articles/s)")
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--real-gold", type=Path, default=REPO / "annotations" / "real")
    ap.add_argument("--real-corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "real")
    ap.add_argument("--project-gold", type=Path, default=REPO / "annotations")
    ap.add_argument("--project-corpus", type=Path, default=REPO / "corpus")
    ap.add_argument("--real-only", action="store_true")
    ap.add_argument("--project-only", action="store_true")
    ap.add_argument("--no-underthesea", action="store_true")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    results = {}
    if not a.real_only:
        docs = load_project(a.project_gold, a.project_corpus) if a.project_gold.exists() else []
        if docs:
            results["project corpus (annotations/)"] = (evaluate(docs, not a.no_underthesea), len(docs))
        else:
            print("project corpus: no gold annotations found, skipped", file=sys.stderr)
    if not a.project_only:
        docs = load_real(a.real_gold, a.real_corpus) if a.real_gold.exists() and a.real_corpus.exists() else []
        if docs:
            results["real articles (annotations/real/)"] = (evaluate(docs, not a.no_underthesea), len(docs))
        else:
            print("real articles: gold or ../shared/corpus/real absent, skipped", file=sys.stderr)
    if a.json:
        print(json.dumps({k: v[0] for k, v in results.items()}, ensure_ascii=False, indent=1))
    else:
        for k, (res, n) in results.items():
            print(table(k, res, n))
            print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
