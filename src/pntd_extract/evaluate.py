"""Scoring extracted KB records against gold annotations (precision, recall, F1 per field).

The gold format is documented in ``annotations/README.md``; in short, one JSON file per
article::

    {"file": "corpus/hoi-nong-dan-dong-anh-2024.txt", "published": "2024-03-12",
     "people": [{"name": "Bùi Thị Trinh", "gender": "female", "aliases": []}],
     "money": [{"text": "15 triệu đồng", "amount": 15000000, "currency": "VND",
                "qualifier": "exact"}], ...}

Facts are keyed by their value (and surface ``text`` for humans); offsets are optional and,
when present, index ``pntd_extract.normalize.normalize(raw)[0]``. Matching is one-to-one
(maximum bipartite matching) per article and field, in two modes:

* **strict** -- the normalised key is identical: entity name (or a gold alias) plus the
  attributes the gold states (gender, level); role person + title + organisation; figures
  with value, upper bound, currency/unit, qualifier (and ``counted`` for quantities); date
  value and grain; programme name (or number) and kind; check kind, status and stated value.
* **lenient** -- entity names that contain one another (word-wise); roles with the same
  person and title and organisations containing one another; figures with the same value
  (qualifier, counted noun and unit text ignored); dates with the same value ignoring grain
  or inferred year; programmes with containing names or the same number; checks with the
  same status and stated value.

Strings are compared after NFC, tone folding, case folding, whitespace collapsing and
stripping of surrounding quotes/punctuation. Numbers are equal within 1e-9 relative.

Example::

    >>> g = {"money": [{"amount": 15000000, "currency": "VND", "qualifier": "exact"}]}
    >>> p = {"money": [{"amount": 15000000, "currency": "VND", "qualifier": "approx"}]}
    >>> match_field("money", g["money"], p["money"], "strict")[0]
    0
    >>> match_field("money", g["money"], p["money"], "lenient")[0]
    1

Raises :class:`GoldError` (with the file name) for an unreadable or malformed gold file.
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

from .dimension import DIMENSIONS
from .dimension import fields as _dimension_fields
from .normalize import fold_tones

__all__ = [
    "FIELDS", "ENTITY_FIELDS", "MODES", "GoldArticle", "GoldError", "Counts", "Report",
    "load_gold", "match_field", "record_facts", "evaluate", "extract_for_gold",
    "load_predictions", "check_baseline", "update_baseline",
]

FIELDS = _dimension_fields(order="eval")
ENTITY_FIELDS = tuple(d.field for d in DIMENSIONS if d.ner)
MODES = ("strict", "lenient")
LEVEL_WORDS = (
    "thành phố", "thị trấn", "thị xã", "tỉnh", "quận", "huyện", "phường", "xã", "thôn", "tp.", "tp",
)
SCORED_CHECK_STATUS = ("consistent", "mismatch")


class GoldError(ValueError):
    """A gold annotation file is unreadable or malformed (message names the file)."""


# ---------------------------------------------------------------------------- normalising
_WS_RE = re.compile(r"\s+")
_STRIP = " \t\n\"'“”‘’«»()[].,;:!?-–—…"


def norm(s: Any) -> str:
    """Comparison key of a string: NFC, new tone style, casefold, single spaces, no outer
    quotes/punctuation. ``None`` -> ``""``.

    >>> norm("  “Đỗ Thị KIm Chi”. ")
    'đỗ thị kim chi'
    """
    if s is None:
        return ""
    s = unicodedata.normalize("NFC", str(s)).replace("\u00d0", "Đ")
    s = fold_tones(s).casefold()
    return _WS_RE.sub(" ", s).strip(_STRIP)


def strip_level(name: str) -> str:
    """Drop a leading administrative level word from a normalised location name.

    >>> strip_level("quận bắc từ liêm")
    'bắc từ liêm'
    """
    for w in LEVEL_WORDS:
        if name.startswith(w + " ") or (w.endswith(".") and name.startswith(w)):
            return name[len(w):].strip()
    return name


def contains_words(a: str, b: str) -> bool:
    """True when one normalised string contains the other on word boundaries."""
    if not a or not b:
        return False
    a2, b2 = f" {a} ", f" {b} "
    return a2 in b2 or b2 in a2


def num(v: Any) -> Optional[float]:
    """A number from an int/float/Decimal/numeric string; ``None`` when not a number."""
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    try:
        return float(str(v).strip())
    except ValueError:
        return None


def same_num(a: Any, b: Any) -> bool:
    """Equal numbers (1e-9 relative), or both missing."""
    x, y = num(a), num(b)
    if x is None or y is None:
        return x is None and y is None
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)


def _qual(v: Any) -> str:
    return norm(v) or "exact"


def _names(item: dict, key: str = "name") -> set[str]:
    out = {norm(item.get(key))}
    for a in item.get("aliases") or []:
        out.add(norm(a))
    out.discard("")
    return out


def _alts(v: Any) -> set[str]:
    """A string or a list of accepted strings -> set of normalised forms ("" for None)."""
    if isinstance(v, (list, tuple)):
        return {norm(x) for x in v}
    return {norm(v)}


def check_kind(kind: Any) -> str:
    """Family of a check kind: ``total``, ``part``, ``percentage``, ``unit_value``, ``conflict``
    or the normalised kind itself (prefix rules accept ``totals``, ``part_of_whole``,
    ``percentage_of_target``, ``unit_values`` ...)."""
    k = norm(kind).replace(" ", "_").replace("-", "_")
    for prefix, fam in (("total", "total"), ("sum", "total"), ("part", "part"), ("share", "part"),
                        ("percent", "percentage"), ("ratio", "percentage"), ("unit", "unit_value"),
                        ("per_unit", "unit_value"), ("conflict", "conflict")):
        if k.startswith(prefix):
            return fam
    return k


_STATED_KEYS = ("stated", "stated_value", "stated_total", "total", "stated_percentage",
                "percentage", "part", "value")


def check_stated(item: dict) -> Optional[float]:
    """The stated figure of a check: gold ``stated`` or the first numeric key of
    ``values`` among :data:`_STATED_KEYS`."""
    if "stated" in item and num(item["stated"]) is not None:
        return num(item["stated"])
    vals = item.get("values") or {}
    for k in _STATED_KEYS:
        v = vals.get(k)
        if isinstance(v, dict):
            v = v.get("value", v.get("amount"))
        if num(v) is not None:
            return num(v)
    return None


# ---------------------------------------------------------------------------- predicates
def _person_ok(g: dict, p: dict, mode: str) -> bool:
    gn = _names(g)
    if mode == "strict":
        if norm(p.get("name")) not in gn:
            return False
        return not g.get("gender") or norm(g.get("gender")) == norm(p.get("gender"))
    return any(contains_words(a, b) for a in gn for b in _names(p))


def _org_ok(g: dict, p: dict, mode: str) -> bool:
    gn = _names(g)
    if mode == "strict":
        return norm(p.get("name")) in gn
    return any(contains_words(a, b) for a in gn for b in _names(p))


def _loc_ok(g: dict, p: dict, mode: str) -> bool:
    gn = {strip_level(n) for n in _names(g)}
    pn = {strip_level(n) for n in _names(p)}
    if p.get("canonical"):
        pn.add(strip_level(norm(p["canonical"])))
    if mode == "strict":
        strict_names = {strip_level(norm(p.get("name")))}
        if p.get("canonical"):
            strict_names.add(strip_level(norm(p["canonical"])))
        if not strict_names & gn:
            return False
        return not g.get("level") or norm(g.get("level")) == norm(p.get("level"))
    return any(contains_words(a, b) for a in gn for b in pn)


def _role_ok(g: dict, p: dict, mode: str) -> bool:
    gp = _alts(g.get("person")) | {norm(a) for a in g.get("person_aliases") or []}
    go = _alts(g.get("organization"))
    pt, gt = norm(p.get("title")), _alts(g.get("title"))
    if mode == "strict":
        return norm(p.get("person")) in gp and pt in gt and norm(p.get("organization")) in go
    if not any(contains_words(a, norm(p.get("person"))) for a in gp):
        return False
    if not any(t == pt or contains_words(t, pt) for t in gt):
        return False
    po = norm(p.get("organization"))
    # organisation: containment either way; a missing organisation on either side is tolerated
    return not po or "" in go or any(contains_words(o, po) for o in go)


def _money_ok(g: dict, p: dict, mode: str) -> bool:
    if norm(g.get("currency") or "VND") != norm(p.get("currency") or "VND"):
        return False
    if mode == "lenient":
        return same_num(g.get("amount"), p.get("amount"))
    return (same_num(g.get("amount"), p.get("amount")) and same_num(g.get("amount_max"), p.get("amount_max"))
            and _qual(g.get("qualifier")) == _qual(p.get("qualifier"))
            and (not g.get("per") or norm(g.get("per")) == norm(p.get("per"))))


def _pct_ok(g: dict, p: dict, mode: str) -> bool:
    if mode == "lenient":
        return same_num(g.get("value"), p.get("value"))
    return (same_num(g.get("value"), p.get("value")) and same_num(g.get("value_max"), p.get("value_max"))
            and _qual(g.get("qualifier")) == _qual(p.get("qualifier")))


def _qty_ok(g: dict, p: dict, mode: str) -> bool:
    if mode == "lenient":
        return same_num(g.get("value"), p.get("value"))
    return (same_num(g.get("value"), p.get("value")) and same_num(g.get("value_max"), p.get("value_max"))
            and norm(g.get("unit")) == norm(p.get("unit"))
            and _qual(g.get("qualifier")) == _qual(p.get("qualifier"))
            and norm(p.get("counted")) in _alts(g.get("counted")))


def _date_ok(g: dict, p: dict, mode: str) -> bool:
    gv, pv = norm(g.get("value")), norm(p.get("value"))
    if mode == "strict":
        return gv == pv and norm(g.get("grain")) == norm(p.get("grain"))
    if gv == pv or (gv and pv and (gv.startswith(pv) or pv.startswith(gv))):
        return True
    # same day/month/quarter, different (inferred) year
    return len(gv) > 4 and len(pv) > 4 and gv[4:] == pv[4:]


def _prog_ok(g: dict, p: dict, mode: str) -> bool:
    gn, pn = _names(g), {norm(p.get("name"))}
    gnum, pnum = norm(g.get("number")), norm(p.get("number"))
    if mode == "strict":
        if norm(p.get("kind")) not in _alts(g.get("kind")):
            return False
        return bool(pn & gn) or bool(gnum and gnum == pnum)
    return any(contains_words(a, b) for a in gn for b in pn if b) or bool(gnum and gnum == pnum)


def _check_ok(g: dict, p: dict, mode: str) -> bool:
    gs, ps = check_stated(g), check_stated(p)
    if gs is None or ps is None or not same_num(gs, ps):
        return False
    if norm(g.get("status")) != norm(p.get("status")):
        return False
    return mode == "lenient" or check_kind(g.get("kind")) == check_kind(p.get("kind"))


PREDICATES: dict[str, Callable[[dict, dict, str], bool]] = {d.field: globals()[d.evaluator] for d in DIMENSIONS}
"""Record field -> matching predicate (named by each :class:`~pntd_extract.dimension.Dimension`)."""


def match_field(fname: str, gold: list[dict], pred: list[dict], mode: str) -> tuple[int, list[int], list[int]]:
    """One-to-one matching of ``gold`` and ``pred`` items of field ``fname``.

    Returns ``(tp, unmatched_gold_indices, unmatched_pred_indices)``; maximum bipartite
    matching (Kuhn's augmenting paths), so the order of items does not change the score.
    Raises ``KeyError`` for an unknown field or ``ValueError`` for an unknown mode.

    >>> match_field("people", [{"name": "Đỗ Thị Kim Chi"}], [{"name": "Đỗ Thị KIm Chi"}], "strict")
    (1, [], [])
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    ok = PREDICATES[fname]
    adj = [[j for j, p in enumerate(pred) if ok(g, p, mode)] for g in gold]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    matched_g = set(owner.values())
    return (len(owner), [i for i in range(len(gold)) if i not in matched_g],
            [j for j in range(len(pred)) if j not in owner])


# ---------------------------------------------------------------------------- counts
@dataclass
class Counts:
    """True positives, false positives, false negatives; P/R/F1 are ``None`` when undefined."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> Optional[float]:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> Optional[float]:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> Optional[float]:
        if self.tp + self.fp + self.fn == 0:
            return None
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    def as_dict(self) -> dict:
        r = lambda x: None if x is None else round(x, 4)  # noqa: E731
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": r(self.precision),
                "recall": r(self.recall), "f1": r(self.f1)}


# ---------------------------------------------------------------------------- gold files
@dataclass
class GoldArticle:
    """One gold annotation file: the article it describes and its facts per field.

    ``fields`` are the fields this file annotates (all of :data:`FIELDS` for the top level,
    people/organizations/locations for ``annotations/real/``); ``group`` is ``"corpus"`` or
    ``"real"``; ``article`` the resolved article path (``None`` if it does not exist).
    """

    name: str
    gold_path: Path
    file: str
    article: Optional[Path]
    published: Optional[str]
    facts: dict[str, list[dict]]
    fields: tuple[str, ...]
    group: str = "corpus"
    offsets_text: Optional[str] = None
    raw: Optional[dict] = None  # the whole gold object (independent format: scored by its own rules)


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: cannot read gold annotation: {exc}") from None
    if not isinstance(data, dict):
        raise GoldError(f"{path}: gold annotation must be a JSON object")
    return data


def _resolve(file: str, gold_dir: Path, roots: Iterable[Path]) -> Optional[Path]:
    cands = []
    p = Path(file)
    if p.is_absolute():
        cands.append(p)
    for r in roots:
        cands.append(r / file)
        cands.append(r / p.name)
    cands.append(gold_dir / file)
    for c in cands:
        if c.is_file():
            return c
    return None


def load_gold(gold_dir: Path | str, *, corpus: Path | str | None = None,
              real_corpus: Path | str | None = None) -> tuple[list[GoldArticle], list[str]]:
    """Read ``gold_dir/*.json`` (all fields) and ``gold_dir/real/*.json`` (entity fields).

    Article files come from each gold file's ``file`` field, relative to the repository
    (``gold_dir``'s parent), or by file name inside ``corpus`` / ``real_corpus`` when given
    (``real_corpus`` defaults to ``<repo>/../shared/corpus/real``). A real-article gold whose
    article is missing is skipped with a note. Returns ``(gold_articles, notes)``.
    Raises :class:`GoldError` for a malformed file or a missing top-level article.

    >>> golds, notes = load_gold("annotations")          # doctest: +SKIP
    >>> golds[0].facts["money"][0]["text"]                # doctest: +SKIP
    'gần 20 tỷ đồng'
    """
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise GoldError(f"{gold_dir}: no such directory")
    from . import independent_gold as IG

    if IG.is_independent_dir(gold_dir):
        return load_independent_gold(gold_dir), []
    repo = gold_dir.resolve().parent
    notes: list[str] = []
    out: list[GoldArticle] = []
    top_roots = [Path(corpus)] if corpus else []
    top_roots.append(repo)
    real_root = Path(real_corpus) if real_corpus else repo.parent / "shared" / "corpus" / "real"
    for group, folder, fields in (("corpus", gold_dir, FIELDS), ("real", gold_dir / "real", ENTITY_FIELDS)):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.json")):
            data = _read_json(path)
            file = data.get("file")
            if group == "real" and not file:
                file = f"{path.stem}.txt"  # looked up by name in the real corpus
            if not isinstance(file, str) or not file:
                raise GoldError(f"{path}: missing 'file' (article path relative to the repository)")
            roots = top_roots if group == "corpus" else [repo, real_root]
            art = _resolve(file, gold_dir, roots)
            if art is None:
                if group == "real":
                    notes.append(f"skipped {path.name}: article {file} not found (../shared absent?)")
                    continue
                raise GoldError(f"{path}: article {file!r} not found")
            facts: dict[str, list[dict]] = {}
            for f in fields:
                items = data.get(f, [])
                if group == "real" and isinstance(items, list):  # tolerate bare names
                    items = [{"name": x} if isinstance(x, str) else x for x in items]
                if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
                    raise GoldError(f"{path}: field {f!r} must be a list of objects")
                facts[f] = items
            out.append(GoldArticle(name=(f"real/{path.stem}" if group == "real" else path.stem),
                                   gold_path=path, file=file, article=art,
                                   published=data.get("published"), facts=facts,
                                   fields=tuple(fields), group=group))
    return out, notes


def load_independent_gold(gold_dir: Path | str) -> list[GoldArticle]:
    """Read a folder in the independent gold format (``NAME.txt`` + ``NAME.gold.json``, as
    ``../shared/gold/real-dev``; see :mod:`pntd_extract.independent_gold`) into
    :class:`GoldArticle` objects of group ``"realdev"``. The article is the ``.txt`` next to
    each gold file (or the gold's ``file`` in that folder). Raises :class:`GoldError` naming
    the file for a malformed gold file or a missing article.
    """
    from . import independent_gold as IG

    gold_dir = Path(gold_dir)
    out = []
    for path in sorted(gold_dir.glob("*.gold.json")):
        try:
            data = IG.read_gold_file(path)
        except ValueError as exc:
            raise GoldError(str(exc)) from None
        stem = path.name[: -len(".gold.json")]
        file = data.get("file") if isinstance(data.get("file"), str) and data.get("file") else f"{stem}.txt"
        art = gold_dir / Path(file).name
        if not art.is_file():
            raise GoldError(f"{path}: article {art.name!r} not found next to it")
        facts = {f: [x for x in (data.get(f) or []) if isinstance(x, dict)] for f in FIELDS}
        out.append(GoldArticle(name=f"{IG.GROUP}/{stem}", gold_path=path, file=str(art), article=art,
                               published=data.get("published"), facts=facts, fields=IG.FIELDS,
                               group=IG.GROUP, raw=data))
    return out


def load_gold_dirs(dirs: Iterable[Path | str], *, corpus: Path | str | None = None,
                   real_corpus: Path | str | None = None) -> tuple[list[GoldArticle], list[str]]:
    """:func:`load_gold` over several folders (either format), results concatenated."""
    golds: list[GoldArticle] = []
    notes: list[str] = []
    for d in dirs:
        g, n = load_gold(d, corpus=corpus, real_corpus=real_corpus)
        golds += g
        notes += n
    return golds, notes


# ---------------------------------------------------------------------------- predictions
def record_facts(record: Any) -> dict[str, list[dict]]:
    """Facts of a KB record (``KBRecord`` or its JSON dict) as plain dicts per field;
    checks with status ``info`` are left out (they are not scored), roles de-duplicated,
    relative dates and holidays left out (neither gold format annotates them).

    >>> record_facts({"money": [{"amount": 15000000, "text": "15 triệu đồng"}]})["money"][0]["amount"]
    15000000
    """
    d = record.model_dump(mode="json") if hasattr(record, "model_dump") else record
    out = {f: list(d.get(f) or []) for f in FIELDS}
    out["checks"] = [c for c in out["checks"] if norm(c.get("status")) in SCORED_CHECK_STATUS]
    out["roles"] = dedupe_roles(out["roles"])
    # relative dates (hôm qua, năm nay) and holidays (Tết) are outside both gold formats' scope
    # a date range (từ 1/7 đến 31/8) is annotated as its two dates
    dates = []
    for x in out["dates"]:
        if x.get("relative") or x.get("holiday"):
            continue
        dates.append(x)
        if x.get("value_max"):
            dates.append({**x, "value": x["value_max"], "value_max": None})
    out["dates"] = dates
    art = d.get("article") or {}
    out["_author"] = art.get("authors") or art.get("author")  # scored by the independent format
    return out


def dedupe_roles(roles: list[dict]) -> list[dict]:
    """Roles are scored as distinct (person, title, organisation) triples: one per triple,
    however many times the article repeats it."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for r in roles:
        key = (norm(r.get("person")), norm(r.get("title")), norm(r.get("organization")))
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def extract_for_gold(g: GoldArticle):
    """Run :func:`pntd_extract.extract` on the gold article's file (UTF-8) with its
    ``published`` date; returns the ``KBRecord``."""
    from .pipeline import extract

    raw = g.article.read_text(encoding="utf-8")
    return extract(raw, path=g.file, published=g.published)


def load_predictions(path: Path | str) -> list[dict]:
    """KB records (dicts) from a JSON Lines file. Raises ``ValueError`` naming the line."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{n}: not JSON: {exc}") from None
    return out


def _pick_prediction(g: GoldArticle, preds: list[dict], by_text: dict[str, dict]) -> Optional[dict]:
    from .normalize import normalize

    text = normalize(g.article.read_text(encoding="utf-8"))[0]
    if text in by_text:
        return by_text[text]
    stem = g.article.stem
    for p in preds:
        path = (p.get("article") or {}).get("path") or ""
        if path and Path(path).stem == stem:
            return p
    return None


# ---------------------------------------------------------------------------- evaluation
@dataclass
class Report:
    """Counts per group ("corpus", "real") -> mode -> field, and per article."""

    groups: dict[str, dict[str, dict[str, Counts]]] = field(default_factory=dict)
    per_article: dict[str, dict[str, dict[str, Counts]]] = field(default_factory=dict)
    errors: dict[str, dict[str, dict[str, list]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    articles: dict[str, int] = field(default_factory=dict)

    extras: dict[str, dict[str, Any]] = field(default_factory=dict)

    def micro(self, group: str, mode: str) -> Counts:
        """Micro average over the group's fields (derived ones such as ``money_qualifier``
        or ``author`` left out)."""
        from .independent_gold import EXTRA_FIELDS

        c = Counts()
        for f, cnt in self.groups.get(group, {}).get(mode, {}).items():
            if f not in EXTRA_FIELDS:
                c.add(cnt)
        return c

    def f1(self, group: str = "corpus", mode: str = "strict") -> dict[str, Optional[float]]:
        """F1 per field (and ``"all"`` for the micro average)."""
        out = {f: c.f1 for f, c in self.groups.get(group, {}).get(mode, {}).items()}
        out["all"] = self.micro(group, mode).f1
        return out

    def as_dict(self) -> dict:
        res: dict[str, Any] = {"articles": self.articles, "notes": self.notes, "groups": {}}
        for g, modes in self.groups.items():
            res["groups"][g] = {
                m: {"fields": {f: c.as_dict() for f, c in fields.items()},
                    "micro": self.micro(g, m).as_dict()} for m, fields in modes.items()}
        res["per_article"] = {
            a: {m: {f: c.as_dict() for f, c in fields.items()} for m, fields in modes.items()}
            for a, modes in self.per_article.items()}
        res["errors"] = self.errors
        if self.extras:
            res["extras"] = self.extras
        return res


def evaluate(golds: list[GoldArticle], predictions: Optional[list[dict]] = None,
             notes: Iterable[str] = ()) -> Report:
    """Score ``predictions`` (KB dicts; ``None`` = run extraction on each gold article).

    A gold article with no prediction counts all its facts as false negatives (and a note);
    a group ("corpus", "real") without any prediction is not scored (a note says so).
    Never raises for an extraction failure (all facts missed, plus a note).

    >>> rep = evaluate(*load_gold("annotations"))       # doctest: +SKIP
    >>> rep.f1("corpus", "strict")["money"]               # doctest: +SKIP
    0.99
    """
    rep = Report(notes=list(notes))
    by_text = {}
    picked: dict[str, Optional[dict]] = {}
    if predictions is not None:
        by_text = {(p.get("article") or {}).get("text"): p for p in predictions}
        picked = {g.name: _pick_prediction(g, predictions, by_text) for g in golds}
        for group in sorted({g.group for g in golds}):
            if not any(picked[g.name] is not None for g in golds if g.group == group):
                rep.notes.append(f"no prediction for any {group} article: {group} not scored")
                golds = [g for g in golds if g.group != group]
    for g in golds:
        rep.articles[g.group] = rep.articles.get(g.group, 0) + 1
        pred: dict[str, list[dict]]
        if predictions is None:
            try:
                pred = record_facts(extract_for_gold(g))
            except Exception as exc:  # report, score as all missed
                rep.notes.append(f"{g.name}: extraction failed: {type(exc).__name__}: {exc}")
                pred = {f: [] for f in FIELDS}
        else:
            rec = picked[g.name]
            if rec is None:
                rep.notes.append(f"{g.name}: no prediction for {g.file}")
                pred = {f: [] for f in FIELDS}
            else:
                pred = record_facts(rec)
        gmodes = rep.groups.setdefault(g.group, {m: {f: Counts() for f in g.fields} for m in MODES})
        art_modes = rep.per_article.setdefault(g.name, {m: {} for m in MODES})
        errs = rep.errors.setdefault(g.name, {})
        if g.raw is not None:
            _score_independent(rep, g, pred, gmodes, art_modes, errs)
            continue
        for mode in MODES:
            for f in g.fields:
                gi, pi = g.facts.get(f, []), pred.get(f, [])
                tp, miss, spur = match_field(f, gi, pi, mode)
                c = Counts(tp, len(spur), len(miss))
                gmodes[mode].setdefault(f, Counts()).add(c)
                art_modes[mode][f] = c
                if mode == "strict" and (miss or spur):
                    errs[f] = {"missed": [_brief(gi[i]) for i in miss],
                               "spurious": [_brief(pi[j]) for j in spur]}
    return rep


def _score_independent(rep: Report, g: GoldArticle, pred: dict, gmodes: dict, art_modes: dict,
                       errs: dict) -> None:
    from .independent_gold import score_article

    res = score_article(g.raw, pred, author=pred.get("_author"))
    for f in g.fields:
        for mode in MODES:
            c = res[f][mode]
            gmodes[mode].setdefault(f, Counts()).add(c)
            art_modes[mode][f] = c
    errs.update(res["_errors"])
    if res["_byline_people"]:
        ex = rep.extras.setdefault(g.group, {}).setdefault("byline_people", {})
        ex[g.name] = res["_byline_people"]
    rep.extras.setdefault(g.group, {}).setdefault("byline_people", {})


_BRIEF_DROP = {"span", "mentions", "spans", "id", "person_id", "organization_id", "programme_id", "message"}


def _brief(item: dict) -> dict:
    return {k: v for k, v in item.items() if k not in _BRIEF_DROP and v not in (None, [], {})}


# ---------------------------------------------------------------------------- quality gate
DEFAULT_EPSILON = 0.005


BASELINE_KEYS = {"corpus": "floors", "real": "real_floors", "realdev": "realdev_floors"}


def check_baseline(report: Report, baseline: dict, *, group: str = "corpus",
                   mode: str = "strict") -> list[str]:
    """Fields whose F1 dropped below their floor by more than ``baseline["epsilon"]``.

    ``baseline`` = ``{"epsilon": 0.005, "floors": {"people": 0.61, ..., "all": 0.55},
    "real_floors": {...}}``: ``floors`` gate the ``corpus`` group (annotations/*.json),
    ``real_floors`` the ``real`` group (annotations/real/, only when ../shared is present).
    Returns human-readable failure lines (empty when the gate passes). A field with a floor
    and undefined F1 (no gold, no prediction) fails.
    """
    eps = float(baseline.get("epsilon", DEFAULT_EPSILON))
    f1 = report.f1(group, mode)
    bad = []
    for fname, floor in (baseline.get(BASELINE_KEYS[group]) or {}).items():
        got = f1.get(fname)
        if got is None:
            bad.append(f"{group} {fname}: no score (floor {floor:.3f})")
        elif got < float(floor) - eps:
            bad.append(f"{group} {fname}: F1 {got:.3f} < floor {float(floor):.3f} - {eps}")
    return bad


def update_baseline(report: Report, baseline: dict, *, allow_lower: bool = False,
                    group: str = "corpus", mode: str = "strict") -> tuple[dict, list[str]]:
    """New baseline with floors set to today's F1 (rounded down to 3 decimals).

    Raising a floor is always allowed; lowering one raises ``ValueError`` listing the fields
    unless ``allow_lower``. Returns ``(new_baseline, change_lines)``.
    """
    key = BASELINE_KEYS[group]
    f1 = report.f1(group, mode)
    floors = dict(baseline.get(key) or {})
    changes, lowered = [], []
    for fname, got in f1.items():
        if got is None:  # nothing to score (no gold, no prediction): no floor to set
            continue
        new = math.floor(got * 1000) / 1000
        old = floors.get(fname)
        if old is None or new > old:
            changes.append(f"{group} {fname}: {'—' if old is None else f'{old:.3f}'} -> {new:.3f}")
            floors[fname] = new
        elif new < old:
            lowered.append(f"{group} {fname}: {old:.3f} -> {new:.3f}")
    if lowered and not allow_lower:
        raise ValueError("refusing to lower floors without --allow-lower: " + "; ".join(lowered))
    for line in lowered:
        fname = line.split(":")[0].split()[-1]
        floors[fname] = math.floor((f1.get(fname) or 0.0) * 1000) / 1000
        changes.append(line + " (lowered)")
    import datetime as _dt

    out = dict(baseline)
    out.setdefault("epsilon", DEFAULT_EPSILON)
    out["mode"] = mode
    out.pop("group", None)
    measured = dict(out.get("measured") or {})
    measured[group] = {"date": _dt.date.today().isoformat(), "articles": report.articles.get(group, 0)}
    out["measured"] = measured
    order = list(FIELDS) + [f for f in floors if f not in FIELDS and f != "all"] + ["all"]
    out[key] = {f: floors[f] for f in order if f in floors}
    return out, changes
