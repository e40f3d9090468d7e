"""Scoring against the *independent* gold format (``NAME.txt`` + ``NAME.gold.json``).

This is the second gold format :mod:`pntd_extract.evaluate` reads, the one of
``../shared/gold/real-dev`` (documented in that folder's ``README.md``): real articles
annotated by people who never saw this project's output. A folder is in this format when it
holds ``*.gold.json`` files; the article is the ``.txt`` next to each gold file and is read
from there (never copied into the project). Its articles form the group ``"realdev"`` of an
:class:`~pntd_extract.evaluate.Report`; its floors are ``realdev_floors`` in
``quality/baseline.json``.

Scoring follows the README's suggested scoring:

* **people** -- set match on the canonical name: a predicted name equal to a gold person's
  name or one of its ``later_refs`` (also without a leading honorific: ``ông Nhân`` ->
  ``Nhân``) counts for that person once, however many predicted entries hit it.
* **roles** -- (person, title) exact and organisation as written (``title_alt`` /
  ``organization_alt`` accepted); the person goes through the same canonical names.
* **organizations** / **locations** -- a predicted name is right when it equals a gold name or
  variant (locations compared without a leading level word).
* **money** -- multiset on (amount, currency); ``money_qualifier`` and ``money_range`` score
  the qualifier (``qualifier_alt`` accepted) and the range end apart, over matched pairs
  (tp = agree, fp = fn = disagree, so their F1 is the agreement rate).
* **percentages** -- multiset of values (a predicted range gives both ends).
* **quantities** -- multiset on value (strict: and the gold unit, when it has one).
* **programmes** -- set match on name (or variant, later ref, surface ``text``), or number
  when the gold entry has no name.
* **dates** -- set match on value (year-grain predictions are not scored: the gold lists no
  bare years); lenient: same month/day whatever the (inferred) year.
* **checks** -- gold mismatches (``sum_mismatch`` / ``percent_mismatch``) against predicted
  checks with status ``mismatch``, keyed by the stated total (a predicted part-of-whole
  mismatch counts by its whole); a predicted mismatch with no gold mismatch is a false alarm.
* **author** -- the byline names (``A - B`` lists split) against ``article.author``.

``optional: true`` entries (and ``doubtful: true`` checks) are neither required nor
penalised: a prediction that hits one is dropped from the count. ``not_people``,
``money_traps``, ``not_quantities`` and ``not_programmes`` hits are reported as errors of
kind ``trap`` (they are false positives already). ``byline_people`` lists predicted people
whose name is the byline or a photo credit (the issue's "no byline among people").

Strict and lenient differ only where a containment makes sense (entity names, roles,
programmes, dates); figures are the same in both modes.

Example::

    >>> gold = {"people": [{"name": "Nguyễn Thiện Nhân", "later_refs": ["ông Nhân"]}]}
    >>> pred = {"people": [{"name": "Nguyễn Thiện Nhân"}, {"name": "Nhân"}]}
    >>> score_article(gold, pred)["people"]["strict"].as_dict()["f1"]
    1.0
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Callable, Optional

from .evaluate import Counts, check_stated, contains_words, norm, num, same_num, strip_level

__all__ = ["GROUP", "FIELDS", "EXTRA_FIELDS", "is_independent_dir", "read_gold_file",
           "score_article", "author_names"]

GROUP = "realdev"
CORE_FIELDS = (
    "people", "roles", "organizations", "locations", "money", "percentages",
    "quantities", "dates", "programmes", "checks",
)
#: scored but not part of the micro average ("all")
EXTRA_FIELDS = ("money_qualifier", "money_range", "author")
FIELDS = CORE_FIELDS + EXTRA_FIELDS

# Honorifics and procedural nouns that precede a later short mention ("ông Nhân",
# "bị can Dũng"); source: annotators' later_refs shapes in the gold README.
_REF_PREFIXES = ("đồng chí", "bị can", "bị cáo", "ông", "bà", "anh", "chị", "cô", "em", "cháu", "cụ")
_AUTHOR_SPLIT = re.compile(r"\s+[-–—]\s+|\s*,\s*|\s*;\s*")


def is_independent_dir(folder: Path) -> bool:
    """True when ``folder`` holds ``*.gold.json`` files (the independent gold format)."""
    return folder.is_dir() and any(folder.glob("*.gold.json"))


def read_gold_file(path: Path) -> dict:
    """The JSON object of one ``NAME.gold.json``; ``ValueError`` naming the file otherwise."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot read gold annotation: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: gold annotation must be a JSON object")
    for key in CORE_FIELDS:
        v = data.get(key, [])
        if not isinstance(v, list):
            raise ValueError(f"{path}: field {key!r} must be a list")
    return data


def author_names(v: Any) -> list[str]:
    """Byline names of an author value (string, list or ``None``), ``A - B`` split.

    >>> author_names("Phước Tuần - Chi Mai")
    ['Phước Tuần', 'Chi Mai']
    """
    if not v:
        return []
    items = v if isinstance(v, (list, tuple)) else [v]
    out = []
    for it in items:
        for part in _AUTHOR_SPLIT.split(str(it)):
            part = part.strip(" ()")
            if part:
                out.append(part)
    return out


def _strip_prefix(n: str) -> str:
    for p in _REF_PREFIXES:
        if n.startswith(p + " ") and len(n) > len(p) + 1:
            return n[len(p) + 1:]
    return n


# ---------------------------------------------------------------------------- matching
def _set_score(gold: list[dict], pred: list[dict], ok: Callable[[dict, dict], bool],
               pred_key: Callable[[dict], Any], brief: Callable[[dict], Any] = lambda x: x
               ) -> tuple[Counts, list, list]:
    """Set match: each prediction hits the gold entries ``ok`` accepts; required entries hit
    at least once are true positives, predictions hitting only optional entries are
    dropped, the others (one per distinct ``pred_key``) are false positives."""
    hit: set[int] = set()
    spur: dict[Any, dict] = {}
    for p in pred:
        idx = [i for i, g in enumerate(gold) if ok(g, p)]
        req = [i for i in idx if not _optional(gold[i])]
        if req:
            hit.update(req[:1] if len(req) == 1 else [next((i for i in req if i not in hit), req[0])])
        elif not idx:
            spur.setdefault(pred_key(p), p)
    required = [i for i, g in enumerate(gold) if not _optional(g)]
    missed = [gold[i] for i in required if i not in hit]
    return (Counts(len(hit), len(spur), len(missed)), [brief(g) for g in missed],
            [brief(p) for p in spur.values()])


def _multiset_score(gold: list[dict], pred: list[dict], ok: Callable[[dict, dict], bool]
                    ) -> tuple[Counts, list, list, list[tuple[dict, dict]]]:
    """One-to-one match (augmenting paths) of required gold first, then leftover
    predictions against optional gold (dropped when matched). Returns counts, missed,
    spurious and the matched (gold, pred) pairs."""
    req = [g for g in gold if not _optional(g)]
    opt = [g for g in gold if _optional(g)]
    pairs, left = _bipartite(req, pred, ok)
    opt_pairs, left2 = _bipartite(opt, [pred[j] for j in left], ok)
    matched_g = {id(g) for g, _ in pairs}
    missed = [g for g in req if id(g) not in matched_g]
    spurious = [pred[left[j]] for j in left2]
    return Counts(len(pairs), len(spurious), len(missed)), missed, spurious, pairs


def _bipartite(gold: list[dict], pred: list[dict], ok) -> tuple[list[tuple[dict, dict]], list[int]]:
    adj = [[j for j, p in enumerate(pred) if ok(g, p)] for g in gold]
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
    pairs = [(gold[i], pred[j]) for j, i in owner.items()]
    return pairs, [j for j in range(len(pred)) if j not in owner]


def _optional(g: dict) -> bool:
    return bool(g.get("optional") or g.get("doubtful"))


def _brief(item: dict) -> dict:
    drop = {"span", "mentions", "spans", "id", "person_id", "organization_id", "programme_id",
            "message", "note"}
    return {k: v for k, v in item.items() if k not in drop and not k.endswith("_note")
            and v not in (None, [], {})}


# ---------------------------------------------------------------------------- per field
def _people_index(people: list[dict]) -> dict[str, str]:
    """Normalised name / later ref (with and without honorific) -> canonical gold name."""
    idx: dict[str, str] = {}
    for p in people:
        canon = norm(p.get("name"))
        if not canon:
            continue
        idx.setdefault(canon, canon)
        for r in p.get("later_refs") or []:
            n = norm(r)
            idx.setdefault(n, canon)
            idx.setdefault(_strip_prefix(n), canon)
    return idx


def _canon_person(name: Any, idx: dict[str, str]) -> str:
    n = norm(name)
    return idx.get(n) or idx.get(_strip_prefix(n)) or n


def _names(item: dict, *keys: str) -> set[str]:
    out = set()
    for k in keys:
        v = item.get(k)
        if isinstance(v, (list, tuple)):
            out.update(norm(x) for x in v)
        elif v is not None:
            out.add(norm(v))
    out.discard("")
    return out


def _alts(item: dict, key: str) -> set[str]:
    out = {norm(item.get(key))}
    alt = item.get(key + "_alt")
    if isinstance(alt, (list, tuple)):
        out.update(norm(a) for a in alt)
    elif alt is not None:
        out.add(norm(alt))
    return out


def _org_alts(role: dict) -> set[str]:
    """Accepted organisations of a gold role: as written, ``organization_alt``, and, when
    the text leaves it implied (``organization_implied``), none or the implied one."""
    out = _alts(role, "organization")
    if role.get("organization_implied"):
        out |= {"", norm(role["organization_implied"])}
    return out


def _date_noyear(v: str) -> str:
    return v[4:] if v[:4].isdigit() else v[1:]


def _trap_hits(traps: list, texts: list[str]) -> list[str]:
    keys = [norm(t) for t in traps or [] if isinstance(t, str)]
    out = []
    for t in texts:
        n = norm(t)
        if n and any(k and (k == n or contains_words(k, n) and len(n) >= len(k)) for k in keys):
            out.append(t)
    return out


def _check_total(p: dict) -> Optional[float]:
    vals = p.get("values") or {}
    if num(vals.get("whole")) is not None and str(p.get("kind", "")).startswith(("part", "share")):
        return num(vals["whole"])
    return check_stated(p)


def score_article(gold: dict, pred: dict, *, author: Any = None
                  ) -> dict[str, dict[str, Counts]]:
    """Counts per field and mode (``{"people": {"strict": Counts, "lenient": Counts}, ...}``)
    of one article: ``gold`` the ``.gold.json`` object, ``pred`` the record's facts (dicts
    per field, as :func:`pntd_extract.evaluate.record_facts` gives), ``author`` the record's
    ``article.author``. The result also carries ``"_errors"`` (strict missed / spurious /
    trap per field) and ``"_byline_people"`` (predicted people that are bylines/credits)."""
    out: dict[str, Any] = {}
    errors: dict[str, dict[str, list]] = {}
    pidx = _people_index(gold.get("people") or [])

    def put(field: str, strict, lenient=None) -> None:
        c, missed, spur = strict[:3]
        out[field] = {"strict": c, "lenient": (lenient or strict)[0]}
        if missed or spur:
            errors.setdefault(field, {})["missed"] = [_brief(m) if isinstance(m, dict) else m for m in missed]
            errors[field]["spurious"] = [_brief(s) if isinstance(s, dict) else s for s in spur]

    # people -----------------------------------------------------------------------------
    gp = gold.get("people") or []
    pp = pred.get("people") or []
    canon_p = [dict(p, _canon=_canon_person(p.get("name"), pidx)) for p in pp]
    strict = _set_score(gp, canon_p, lambda g, p: p["_canon"] == norm(g.get("name")),
                        lambda p: p["_canon"], lambda x: {k: v for k, v in _brief(x).items() if k != "_canon"})
    lenient = _set_score(gp, canon_p, lambda g, p: any(contains_words(n, p["_canon"])
                                                       for n in _names(g, "name", "later_refs")),
                         lambda p: p["_canon"])
    put("people", strict, lenient)
    traps = _trap_hits(gold.get("not_people"), [p.get("name") or "" for p in pp])
    if traps:
        errors.setdefault("people", {})["trap"] = traps
    credits = {norm(n) for n in author_names(gold.get("author"))}
    credits |= {norm(n) for n in gold.get("photo_credits") or [] if isinstance(n, str)}
    credits |= {norm(n) for n in gold.get("credit_names") or [] if isinstance(n, str)}
    credits.discard("")
    out["_byline_people"] = sorted({p.get("name") for p in pp if norm(p.get("name")) in credits
                                    and norm(p.get("name")) not in {norm(g.get("name")) for g in gp}})

    # roles ------------------------------------------------------------------------------
    def role_strict(g: dict, p: dict) -> bool:
        return (_canon_person(p.get("person"), pidx) == _canon_person(g.get("person"), pidx)
                and norm(p.get("title")) in _alts(g, "title")
                and norm(p.get("organization")) in _org_alts(g))

    def role_lenient(g: dict, p: dict) -> bool:
        if not contains_words(_canon_person(g.get("person"), pidx), _canon_person(p.get("person"), pidx)):
            return False
        pt = norm(p.get("title"))
        if not any(t == pt or contains_words(t, pt) for t in _alts(g, "title") if t):
            return False
        po, go = norm(p.get("organization")), _org_alts(g)
        return not po or "" in go or any(contains_words(o, po) for o in go if o)

    rkey = lambda p: (_canon_person(p.get("person"), pidx), norm(p.get("title")), norm(p.get("organization")))  # noqa: E731
    pr = pred.get("roles") or []
    put("roles", _set_score(gold.get("roles") or [], pr, role_strict, rkey),
        _set_score(gold.get("roles") or [], pr, role_lenient, rkey))

    # organisations and locations ---------------------------------------------------------
    po = pred.get("organizations") or []
    go = gold.get("organizations") or []
    put("organizations",
        _set_score(go, po, lambda g, p: norm(p.get("name")) in _names(g, "name", "variants"),
                   lambda p: norm(p.get("name"))),
        _set_score(go, po, lambda g, p: any(contains_words(n, norm(p.get("name")))
                                            for n in _names(g, "name", "variants")),
                   lambda p: norm(p.get("name"))))
    pl = pred.get("locations") or []
    gl = gold.get("locations") or []

    def loc_keys(p: dict) -> set[str]:
        ks = {strip_level(norm(p.get("name")))}
        if p.get("canonical"):
            ks.add(strip_level(norm(p["canonical"])))
        ks.discard("")
        return ks

    def gloc(g: dict) -> set[str]:
        return {strip_level(n) for n in _names(g, "name", "variants")}

    put("locations",
        _set_score(gl, pl, lambda g, p: bool(loc_keys(p) & gloc(g)), lambda p: norm(p.get("name"))),
        _set_score(gl, pl, lambda g, p: any(contains_words(a, b) for a in gloc(g) for b in loc_keys(p)),
                   lambda p: norm(p.get("name"))))

    # money --------------------------------------------------------------------------------
    gm = gold.get("money") or []
    pm = pred.get("money") or []
    money_ok = lambda g, p: (same_num(g.get("amount"), p.get("amount"))  # noqa: E731
                             and norm(g.get("currency") or "VND") == norm(p.get("currency") or "VND"))
    c, missed, spur, pairs = _multiset_score(gm, pm, lambda g, p: money_ok(g, p) and _qual_ok(g, p))
    if missed and spur:  # second pass: same amount, another qualifier
        c2, missed, spur2, pairs2 = _multiset_score(missed, spur, money_ok)
        pairs += pairs2
        spur = spur2
        c = Counts(len(pairs), len(spur), len(missed))
    put("money", (c, missed, spur))
    qa = sum(1 for g, p in pairs if _qual_ok(g, p))
    out["money_qualifier"] = {m: Counts(qa, len(pairs) - qa, len(pairs) - qa) for m in ("strict", "lenient")}
    ranged = [(g, p) for g, p in pairs if g.get("amount_max") is not None or p.get("amount_max") is not None]
    ra = sum(1 for g, p in ranged if same_num(g.get("amount_max"), p.get("amount_max")))
    out["money_range"] = {m: Counts(ra, len(ranged) - ra, len(ranged) - ra) for m in ("strict", "lenient")}
    bad_q = [{"text": p.get("text"), "gold": g.get("qualifier"), "pred": p.get("qualifier")}
             for g, p in pairs if not _qual_ok(g, p)]
    if bad_q:
        errors["money_qualifier"] = {"missed": bad_q, "spurious": []}
    traps = _trap_hits(gold.get("money_traps"), [p.get("text") or "" for p in pm])
    if traps:
        errors.setdefault("money", {})["trap"] = traps

    # percentages -------------------------------------------------------------------------
    gpct = [x if isinstance(x, dict) else {"value": x} for x in gold.get("percentages") or []]
    ppct = []
    for p in pred.get("percentages") or []:
        ppct.append({"value": p.get("value"), "text": p.get("text")})
        if p.get("value_max") is not None:
            ppct.append({"value": p.get("value_max"), "text": p.get("text")})
    c, missed, spur, _ = _multiset_score(gpct, ppct, lambda g, p: same_num(g.get("value"), p.get("value")))
    put("percentages", (c, missed, spur))

    # quantities --------------------------------------------------------------------------
    gq = gold.get("quantities") or []
    pq = pred.get("quantities") or []

    def qty_strict(g: dict, p: dict) -> bool:
        if not same_num(g.get("value"), p.get("value")):
            return False
        gu = norm(g.get("unit"))
        return not gu or gu in {norm(p.get("unit")), norm(p.get("counted"))}

    c, missed, spur, _ = _multiset_score(gq, pq, qty_strict)
    cl, _, _, _ = _multiset_score(gq, pq, lambda g, p: same_num(g.get("value"), p.get("value")))
    out["quantities"] = {"strict": c, "lenient": cl}
    if missed or spur:
        errors["quantities"] = {"missed": [_brief(m) for m in missed], "spurious": [_brief(s) for s in spur]}
    traps = _trap_hits(gold.get("not_quantities"), [p.get("text") or "" for p in pq])
    if traps:
        errors.setdefault("quantities", {})["trap"] = traps

    # programmes --------------------------------------------------------------------------
    gpr = gold.get("programmes") or []
    ppr = pred.get("programmes") or []

    def prog_names(g: dict) -> set[str]:
        return _names(g, "name", "variants", "later_refs", "text")

    def prog_strict(g: dict, p: dict) -> bool:
        pn = norm(p.get("name"))
        if g.get("name"):
            return pn in prog_names(g) or bool(_names(p, "aliases") & prog_names(g))
        gnum = norm(g.get("number"))
        return bool(gnum) and gnum == norm(p.get("number"))

    def prog_lenient(g: dict, p: dict) -> bool:
        pn = norm(p.get("name"))
        gnum = norm(g.get("number"))
        return (any(contains_words(n, pn) for n in prog_names(g) if pn)
                or bool(gnum and gnum == norm(p.get("number"))))

    pkey = lambda p: norm(p.get("name")) or norm(p.get("number"))  # noqa: E731
    put("programmes", _set_score(gpr, ppr, prog_strict, pkey), _set_score(gpr, ppr, prog_lenient, pkey))
    traps = _trap_hits(gold.get("not_programmes"), [p.get("name") or "" for p in ppr])
    if traps:
        errors.setdefault("programmes", {})["trap"] = traps

    # dates -------------------------------------------------------------------------------
    gd: list[dict] = []
    for d in gold.get("dates") or []:  # a set: one entry per value (required wins)
        same = next((x for x in gd if str(x.get("value")) == str(d.get("value"))), None)
        if same is None:
            gd.append(d)
        elif _optional(same) and not _optional(d):
            gd[gd.index(same)] = d
    pdts = [d for d in pred.get("dates") or [] if norm(d.get("grain")) != "year"
            and not re.fullmatch(r"\d{4}", str(d.get("value") or ""))]
    dval = lambda d: str(d.get("value") or "").strip().upper()  # noqa: E731  (ISO: "--05" keeps its dashes)
    put("dates", _set_score(gd, pdts, lambda g, p: dval(g) == dval(p), dval),
        _set_score(gd, pdts, lambda g, p: _date_noyear(dval(g)) == _date_noyear(dval(p)), dval))

    # checks ------------------------------------------------------------------------------
    # gold mismatches are required (doubtful ones optional); a doubtful "ok" check is
    # optional too (a flag there is not a false alarm); a sure "ok" check is not listed, so
    # a predicted mismatch on it is a false positive
    gc = [g for g in gold.get("checks") or []
          if str(g.get("kind", "")).endswith("mismatch") or _optional(g)]
    pc = [p for p in pred.get("checks") or [] if norm(p.get("status")) == "mismatch"]

    def check_ok(g: dict, p: dict) -> bool:
        gs = num(g.get("stated_total", g.get("stated", g.get("stated_percentage"))))
        ps = _check_total(p)
        return gs is not None and ps is not None and same_num(gs, ps)

    put("checks", _set_score(gc, pc, check_ok, _check_total))

    # author ------------------------------------------------------------------------------
    ga = [{"name": n} for n in author_names(gold.get("author"))]
    pa = [{"name": n} for n in author_names(author)]
    put("author", _set_score(ga, pa, lambda g, p: norm(g["name"]) == norm(p["name"]), lambda p: norm(p["name"])))

    out["_errors"] = errors
    return out


def _qual_ok(g: dict, p: dict) -> bool:
    gq = {norm(g.get("qualifier")) or "exact"}
    alt = g.get("qualifier_alt")
    if alt:
        gq |= {norm(a) or "exact" for a in (alt if isinstance(alt, list) else [alt])}
    return (norm(p.get("qualifier")) or "exact") in gq
