"""Check families ``total``, ``raise`` and ``part``: a stated total against its parts; ``A ...,
trong đó B`` (see :mod:`pntd_extract.dimensions.checks` for the rules in words).
"""
from __future__ import annotations

import re
from typing import Optional

from ... import schema as S
from .figures import Fig, _clean, _cue_re, _cv, cues, fmt_number, interval, tolerance_of
from .doc import MAX_CLAUSE_GAP, MAX_FIGS_SCANNED, MAX_PARTS_CONSIDERED, MAX_PARTS_FOR_MISMATCH, PART_WINDOW, _Doc, _between_has_fig, _check, _same_unit, _unit_label


def _total_cue(doc: _Doc, f: Fig) -> Optional[tuple[str, int, int]]:
    """(role, cue_start, cue_end) of a total / raise cue before ``f`` in its clause (cached)."""
    key = (f.start, f.end)
    if key not in doc._cue_cache:
        doc._cue_cache[key] = _find_total_cue(doc, f)
    return doc._cue_cache[key]


def _find_total_cue(doc: _Doc, f: Fig) -> Optional[tuple[str, int, int]]:
    cs, _ = doc.clause(f.start)
    lo = max(cs, f.start - 90)
    window = doc.text[lo:f.start]
    best = None
    for role in ("raise", "total"):
        for m in _cue_re(role).finditer(window):
            s, e = lo + m.start(), lo + m.end()
            if _between_has_fig(doc, e, f.start):
                continue
            gap = doc.text[e:f.start]
            if m.group().lower() in ("tổng", "cộng") and not re.fullmatch(r"\s*(?:(?:là|lên|:)\s*)*", gap):
                continue
            if best is None or s > best[1] or (s == best[1] and role == "raise"):
                best = (role, s, e)
        if best and best[0] == "raise":
            break
    return best


def _is_opening(doc: _Doc, pos: int) -> bool:
    """True when ``pos`` opens its sentence or clause (after an optional connector)."""
    cs, _ = doc.clause(pos)
    if pos - cs > 60:
        return False
    head = doc.text[cs:pos].strip(" \t,:-–")
    if not head:
        return True
    head = re.sub(r"[,:]", " ", head).strip().lower()
    return any(head == c or head.startswith(c + " ") and len(head) <= len(c) + 25 for c in cues().get("lead", ()))


def _topic(doc: _Doc, cue_end: int, f: Fig) -> Optional[str]:
    seg = doc.text[cue_end:f.start]
    m = _cue_re("topic").search(seg)
    return m.group().lower() if m else None


def _check_totals(doc: _Doc) -> list[S.Check]:
    out: list[S.Check] = []
    info: dict[int, tuple] = {}
    for f in doc.figs:
        if f.kind in ("money", "quantity"):
            cue = _total_cue(doc, f)
            if cue:
                info[id(f)] = cue
    last_opening_total: dict[tuple, int] = {}
    for f in doc.figs:
        cue = info.get(id(f))
        if not cue or f.kind not in ("money", "quantity") or f.per:
            continue
        role, cs_, ce_ = cue
        ps, pe = doc.paragraph(f.start)
        par = re.compile(r"\s*\(").match(doc.text, f.end)
        if par and role == "total":
            close = doc.text.find(")", par.end(), min(len(doc.text), par.end() + 300))
            inner = [g for g in doc.figs_in(par.end(), close if close >= 0 else par.end()) if par.end() <= g.start and close >= 0 and g.end <= close and _same_unit(g, f)]
            if len(inner) >= 2:
                c = _total_from_parts(doc, f, inner, "parenthesis")
                if c is not None:
                    out.append(c)
                continue
        if role == "raise":
            cl = doc.clause(f.start)
            sent = doc.sentence(f)
            lo = sent[1] if sent else cl[0]
            added = [g for g in doc.figs_in(lo, cs_) if lo <= g.start < cs_ and _same_unit(g, f)
                     and re.search(r"(?:thêm|mới)\s*$", doc.text[max(lo, g.start - 12):g.start])]
            if not added:
                cl = doc.clause(f.start)
                lst = [g for g in doc.figs_in(cl[0], cs_) if cl[0] <= g.start and g.end <= cs_ and _same_unit(g, f)]
                if len(lst) >= 2 and cs_ - lst[-1].end <= MAX_CLAUSE_GAP:
                    c = _total_from_parts(doc, f, lst, "list")
                    if c is not None:
                        out.append(c)
                continue
            if f.exact and all(g.exact for g in added):
                add = sum(g.value for g in added)
                prev = f.value - add
                out.append(_check(
                    "total", "info",
                    f"Running total {fmt_number(f.value)} {_unit_label(f)} after adding "
                    f"{' + '.join(fmt_number(g.value) for g in added)}: {fmt_number(prev)} before",
                    {"stated": _clean(f.value), "added": [_clean(g.value) for g in added], "previous": _clean(prev),
                     "unit": f.unit, "stated_text": f.text, "parts_text": [g.text for g in added]},
                    [doc.quote_span(f.start)]))
            continue
        opening = _is_opening(doc, cs_)
        key = (f.kind, f.unit)
        if opening:
            lo = max(ps, last_opening_total.get(key, ps))
            near = doc.figs_in(lo, cs_, limit=MAX_FIGS_SCANNED)
            last_opening_total[key] = f.end
            if len(near) > MAX_FIGS_SCANNED:
                continue  # a table-like run of figures, not prose with parts
            cand = [g for g in near if lo <= g.start and g.end <= cs_ and g is not f and _same_unit(g, f)]
        else:
            cl = doc.clause(f.start)
            near = doc.figs_in(cl[0], cs_, limit=MAX_FIGS_SCANNED)
            if len(near) > MAX_FIGS_SCANNED:
                continue
            cand = [g for g in near if cl[0] <= g.start and g.end <= cs_ and _same_unit(g, f)]
            # a total inside a clause sums a list right before it: "A, B, tổng cộng C"
            if not cand or cs_ - cand[-1].end > MAX_CLAUSE_GAP:
                continue
        cand = [g for g in cand if info.get(id(g), ("",))[0] != "raise" and g.value_max is None]
        if opening:
            subs = [g for g in cand if id(g) in info]
            if len(subs) >= 2:
                cand = subs
            else:  # plain amounts: only from this sentence and the one before
                sent = doc.sentence(f)
                prev = next((x for x in doc.sentences if sent and x[0] == sent[0] - 1), None)
                lo2 = prev[1] if prev else (sent[1] if sent else f.start)
                cand = [g for g in cand if g.start >= lo2]
            topic = _topic(doc, ce_, f)
            if topic:
                tre = re.compile(rf"(?<!\w){re.escape(topic)}(?!\w)", re.IGNORECASE)
                on_topic = [g for g in cand if tre.search(doc.text[doc.clause(g.start)[0]:g.end])]
                if len(on_topic) >= 2:
                    cand = on_topic
        if len(cand) < 2 or len(cand) > MAX_PARTS_CONSIDERED:
            continue  # no parts, or a long run of figures that is not a list of parts
        tol = tolerance_of(f)
        exact = f.exact and all(g.exact for g in cand)
        parts = cand
        total = sum(_cv(g, f) for g in parts)
        if abs(f.value - total) > tol:
            run_sum = 0.0
            for k in range(1, len(cand)):  # a trailing run that adds up
                run_sum += _cv(cand[-k], f)
                if k >= 2 and abs(f.value - run_sum) <= tol:
                    parts, total = cand[-k:], run_sum
                    break
        diff = f.value - total
        unit = _unit_label(f)
        values = {
            "stated": _clean(f.value), "computed": _clean(total), "difference": _clean(diff),
            "parts": [_clean(_cv(g, f)) for g in parts], "unit": f.unit, "tolerance": _clean(tol),
            "stated_text": f.text, "parts_text": [g.text for g in parts],
        }
        spans = [doc.sent_span(g.start) for g in parts] + [doc.sent_span(f.start)]
        sum_txt = " + ".join(fmt_number(_cv(g, f)) for g in parts)
        if abs(diff) <= tol:
            out.append(_check("total", "consistent",
                              f"Stated total {fmt_number(f.value)} {unit} = {sum_txt}", values, spans))
            continue
        plausible = exact and len(parts) <= MAX_PARTS_FOR_MISMATCH and f.value >= max(_cv(g, f) for g in parts)
        status = "mismatch" if plausible else "info"
        msg = (f"Stated total {fmt_number(f.value)} {unit} is not {sum_txt} = {fmt_number(total)} {unit} "
               f"(difference {fmt_number(diff)} {unit})")
        if not plausible:
            msg += "; approximate figures or uncertain parts, not flagged"
        out.append(_check("total", status, msg, values, spans))
    return out


def _part_groups(doc: _Doc) -> list[tuple[int, bool, list[tuple[Fig, Fig]], list[tuple[Fig, list[Fig]]]]]:
    """``A ..., trong đó B, C`` groups: ``(cue_start, opens_sentence, [(whole, part)], nested)``.

    Mid-sentence ``trong đó``: the parts are the figures after it up to the end of its
    ``;``-clause; their whole is chosen among the figures of the same unit before the cue in
    the sentence (at most 120 characters before) by rule ``whole_fits_parts``. A sentence
    opening with ``Trong đó,``: the parts are the figures of that sentence and the whole is
    chosen the same way among the previous sentence's figures (its stated totals first).
    Figures in a bracket or a ``gồm`` list right after a part break that part down (rule
    ``nested_breakdown``): they are ``nested`` ``(part, sub-parts)``, not parts of the whole.
    Numbers written without their noun join a group by rule ``elided_noun``."""
    groups = []
    for m in _cue_re("part").finditer(doc.text):
        pos = m.start()
        sent = doc.sentence(pos)
        if sent is None:
            continue
        if not doc.text[sent[1]:pos].strip():
            prev = next((x for x in doc.sentences if x[0] == sent[0] - 1), None)
            if prev is None or doc.paragraph(prev[1]) != doc.paragraph(sent[1]):
                continue
            near = doc.figs_in(m.end(), sent[2], limit=MAX_FIGS_SCANNED)
            if len(near) > MAX_FIGS_SCANNED:
                continue
            parts = [b for b in near if m.end() <= b.start and b.end <= sent[2] and b.kind != "percent"
                     and not b.per and not _total_cue(doc, b) and not _is_change(doc, b)]
            if not parts or len(parts) > MAX_PARTS_CONSIDERED:
                continue
            top, nested = _split_nested(doc, parts, sent[2])
            olds = [g for g in doc.figs_in(prev[1], prev[2]) if prev[1] <= g.start and g.end <= prev[2] and g.kind != "percent"
                    and _same_unit(g, top[0], loose=True)]
            if not olds:
                continue
            totals = [g for g in olds if _total_cue(doc, g)]
            a = _choose_whole(totals, top, last=False) or _choose_whole(olds, top, last=False) or (totals or olds)[0]
            pairs = [(a, b) for b in top if _same_unit(a, b, loose=True) and _cv(b, a) <= 10 * a.value]
            if pairs:
                groups.append((pos, True, pairs, nested))
            continue
        cl_end = min(doc.clause(m.end())[1], m.end() + PART_WINDOW)
        nxt = _PART_STOP_RE.search(doc.text, m.end(), cl_end)
        if nxt:
            cl_end = nxt.start()
        before = [g for g in doc.figs_in(max(sent[1], pos - 400), pos) if sent[1] <= g.start and g.end <= pos and g.kind != "percent"
                  and pos - g.end <= 120]
        cands = [b for b in doc.figs_in(m.end(), cl_end)
                 if m.end() <= b.start and b.end <= cl_end and b.kind != "percent" and not b.per
                 and (_total_cue(doc, b) or ("", -1))[1] < pos and not _is_change(doc, b)]
        top, nested = _split_nested(doc, cands, cl_end)
        pairs: list[tuple[Fig, Fig]] = []
        bare = None
        for b in top:
            wholes = [a for a in before if _same_unit(a, b, loose=True)]
            if wholes:
                same = [x for x in top if any(_same_unit(w, x, loose=True) for w in wholes)]
                w = _choose_whole(wholes, same) or wholes[-1]
                pairs.append((w, b))
            elif b.kind == "quantity":
                bare = bare or _bare_named_count(doc, sent[1], pos)
                if bare is not None and b.value <= bare.value:
                    pairs.append((bare, b))
        if not pairs and top:
            whole, extra = _elided(doc, sent[1], pos, cl_end, top)
            if whole is not None:
                pairs = [(whole, b) for b in sorted(top + extra, key=lambda f: f.start)]
        if pairs:
            groups.append((pos, False, pairs, nested))
    return groups


# --- issue 13 rules: nested breakdowns, the right whole, elided nouns, overlapping subsets ----

_SUB_OPEN_RE = re.compile(r"[ \t]*(?:\(|,?[ \t]*(?:bao gồm|gồm có|gồm)(?!\w)[ \t]*:?)", re.IGNORECASE)


def _sub_region(doc: _Doc, p: Fig, end: int) -> Optional[tuple[int, int]]:
    """Rule ``nested_breakdown``: the stretch right after part ``p`` that breaks ``p`` itself
    down -- a bracket (``18 CCN ... (10 CCN ..., 8 CCN ...)``, up to 80 characters of words
    before it) or a ``gồm`` list up to the end of the clause (``12 tàu, gồm 4 ..., 6 ...``)."""
    m = re.compile(r"[^\d;.()]{0,80}?\(").match(doc.text, p.end, end)
    if m:
        close = doc.text.find(")", m.end(), end)
        return (m.end(), close) if close > 0 else None
    m = _SUB_OPEN_RE.match(doc.text, p.end, end)
    if m and "(" not in m.group():
        _, ce = doc.clause(p.end)
        return (m.end(), min(ce, end))
    return None


def _split_nested(doc: _Doc, parts: list[Fig], end: int) -> tuple[list[Fig], list[tuple[Fig, list[Fig]]]]:
    """Top-level parts and ``(part, its sub-parts)`` groups (rule ``nested_breakdown``)."""
    top: list[Fig] = []
    nested: list[tuple[Fig, list[Fig]]] = []
    region: Optional[tuple[int, int]] = None
    for b in parts:
        if region and region[0] <= b.start and b.end <= region[1]:
            nested[-1][1].append(b)
            continue
        top.append(b)
        region = _sub_region(doc, b, end)
        if region:
            nested.append((b, []))
    return top, [(p, subs) for p, subs in nested if subs]


def _choose_whole(cands: list[Fig], parts: list[Fig], last: bool = True) -> Optional[Fig]:
    """Rule ``whole_fits_parts``: of the figures before ``trong đó``, the whole is the one the
    parts add up to; else the nearest (``last``; else the first) one not below any part; a
    count of "other" things (``5 phòng học khác``) is never the whole."""
    cands = [a for a in cands if not (a.unit or "").endswith(" khác")] or cands
    if not cands:
        return None
    for a in reversed(cands):
        if len(parts) >= 2 and abs(a.value - sum(_cv(b, a) for b in parts)) <= tolerance_of(a):
            return a
    fit = [a for a in cands if all(_cv(b, a) <= a.value + tolerance_of(a) for b in parts)]
    return (fit[-1] if last else fit[0]) if fit else None


_BARE_WHOLE_RE = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d{1,6})(?![\d.,]\d)[ \t]*(?:\([^()]{0,40}\))?[ \t]*,?[ \t]*$")
_BARE_PART_RE = re.compile(r"(?:(?<!\w)và|,)[ \t]+(\d{1,3}(?:\.\d{3})+|\d{1,6})(?![\d.,%]|[ \t]*(?:%|phần))")


def _bare_fig(doc: _Doc, m: re.Match, unit_of: Fig) -> Optional[Fig]:
    s, e = m.start(1), m.end(1)
    if any(f.start <= s < f.end for f in doc.figs_in(max(0, s - 200), e + 1)):
        return None
    return Fig(unit_of.kind, float(m.group(1).replace(".", "")), None, unit_of.unit, unit_of.counted, "exact",
               None, s, e, m.group(1), None)


def _elided(doc: _Doc, sent_start: int, pos: int, end: int, parts: list[Fig]) -> tuple[Optional[Fig], list[Fig]]:
    """Rule ``elided_noun``: ``Tổng số cây xanh ... là 258, trong đó có 115 cây di dời và 143 bị
    đốn hạ`` -- numbers written without their noun take the noun of the parts, when that noun
    is written in the sentence before the cue."""
    q = [b for b in parts if b.kind == "quantity" and b.unit]
    if not q:
        return None, []
    noun = q[0].unit.split()[0]
    head = doc.text[sent_start:pos]
    if not re.search(rf"(?<!\w){re.escape(noun)}(?!\w)", head, re.IGNORECASE):
        return None, []
    mw = _BARE_WHOLE_RE.search(head)
    whole = _bare_fig(doc, mw, q[0]) if mw else None
    extra = []
    taken = {b.start for b in parts}
    for mp in _BARE_PART_RE.finditer(doc.text, pos, end):
        f = _bare_fig(doc, mp, q[0])
        if f is not None and f.start not in taken:
            extra.append(f)
    return whole, extra


def _other_total(doc: _Doc, whole: Fig, parts: list[Fig], total: float) -> Optional[Fig]:
    """Rule ``parts_match_other_total``: a stated figure of the same unit, elsewhere in the
    article, that the parts add up to exactly (their real whole: ``Trong đó`` after an aside)."""
    ids = {id(g) for g in parts} | {id(whole)}
    for g in doc.figs:
        if id(g) not in ids and g.exact and _same_unit(g, whole) and g.value and abs(g.value - total) <= tolerance_of(g):
            return g
    return None


_CHANGE_BEFORE_RE = re.compile(r"(?:vượt|hụt|tăng|giảm|thêm|chênh lệch|cao hơn|thấp hơn)\s*(?:thêm\s*)?$", re.IGNORECASE)


def _is_change(doc: _Doc, f: Fig) -> bool:
    """A figure stated as a change (``hụt 15.500 tỷ đồng``, ``tăng 20 hộ``), not an amount."""
    return bool(_CHANGE_BEFORE_RE.search(doc.text, max(0, f.start - 20), f.start))


_PART_STOP_RE = re.compile(r"[.!?]\s|(?<!\w)trong (?:số )?(?:đó|này)(?!\w)", re.IGNORECASE)


_NAMED_COUNT_RE = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})*)[ \t]+[“\"«]")


def _bare_named_count(doc: _Doc, start: int, end: int) -> Optional[Fig]:
    """A count of named things that no recognizer kept (``xây 25 “Mái ấm tình thương”``):
    the last such number in ``text[start:end]`` (at most 150 characters before ``end``), as
    a quantity ``Fig``; None when there is none or when two differ."""
    found = list(_NAMED_COUNT_RE.finditer(doc.text, max(start, end - 150), end))
    if len(found) != 1:
        return None
    mm = found[0]
    if any(f.start <= mm.start(1) < f.end for f in doc.figs_in(max(0, mm.start(1) - 200), mm.end(1) + 1)):
        return None
    return Fig("quantity", float(mm.group(1).replace(".", "")), None, None, None, "exact", None,
               mm.start(1), mm.end(1), mm.group(1), None)


def _part_pairs(doc: _Doc) -> list[tuple[Fig, Fig, int]]:
    """(whole, part, cue_start) of every ``trong đó`` group (see :func:`_part_groups`)."""
    out = []
    for pos, _, pairs, nested in _part_groups(doc):
        out.extend((a, b, pos) for a, b in pairs)
        out.extend((p, b, pos) for p, subs in nested for b in subs)
    return out


def _total_from_parts(doc: _Doc, whole: Fig, parts: list[Fig], why: str, rule: str = "total_of_listed_parts",
                      subsets: bool = False) -> Optional[S.Check]:
    """A ``total`` check of ``whole`` against listed ``parts`` (parenthesis, trong đó, gồm list).

    ``subsets``: the parts were introduced as subsets (``trong đó``), so a sum far above the
    whole (over 10 %) means overlapping subsets (``187 DN đang hoạt động, và 118 DN có công
    đoàn``), never a mismatch (rule ``overlapping_subsets``). A mismatch whose parts add up
    exactly to another figure of the article is that figure's breakdown: info (rule
    ``parts_match_other_total``). ``values["rule"]`` names the rule that made the check."""
    if len(parts) < 2 or len(parts) > MAX_PARTS_CONSIDERED:
        return None
    tol = tolerance_of(whole)
    total = sum(_cv(g, whole) for g in parts)
    diff = whole.value - total
    unit = _unit_label(whole)
    sum_txt = " + ".join(fmt_number(_cv(g, whole)) for g in parts)
    values = {"stated": _clean(whole.value), "computed": _clean(total), "difference": _clean(diff),
              "parts": [_clean(_cv(g, whole)) for g in parts], "unit": whole.unit, "tolerance": _clean(tol),
              "stated_text": whole.text, "parts_text": [g.text for g in parts], "parts_from": why, "rule": rule}
    spans = [doc.sent_span(whole.start)] + [doc.sent_span(g.start) for g in parts]
    if abs(diff) <= tol:
        return _check("total", "consistent", f"Stated total {fmt_number(whole.value)} {unit} = {sum_txt}", values, spans)
    lo, hi = interval(whole)
    lo, hi = lo - tol, hi + tol
    plo = sum(interval(g)[0] * (_cv(g, whole) / g.value if g.value else 1) for g in parts)
    phi = sum(interval(g)[1] * (_cv(g, whole) / g.value if g.value else 1) for g in parts)
    if not whole.exact or not all(g.exact for g in parts):
        if phi >= lo and plo <= hi:  # "hơn 486 tỷ" and parts of 485,8 tỷ: consistent within the qualifiers
            values["rule"] = rule + "+within_qualifier"
            return _check("total", "consistent", f"Stated total {whole.text} and {sum_txt} = {fmt_number(total)} {unit}: "
                          "consistent within the qualifiers", values, spans)
    msg = (f"Stated total {fmt_number(whole.value)} {unit} is not {sum_txt} = {fmt_number(total)} {unit} "
           f"(difference {fmt_number(diff)} {unit})")
    other = _other_total(doc, whole, parts, total)
    if other is not None:
        values["rule"] = "parts_match_other_total"
        values["matches_text"] = other.text
        return _check("total", "info", msg + f"; the parts add up to {other.text} stated elsewhere: "
                      "they break that figure down", values, spans + [doc.sent_span(other.start)])
    if subsets and total > whole.value + tol and total - whole.value > 0.1 * whole.value:
        values["rule"] = "overlapping_subsets"
        return _check("total", "info", msg + "; the parts overlap (subsets of the whole), not a breakdown",
                      values, spans)
    exact = whole.exact and all(g.exact for g in parts)
    status = "mismatch" if exact and len(parts) <= MAX_PARTS_FOR_MISMATCH else "info"
    first = min(g.start for g in parts)
    same = doc.sentence(whole.start) == doc.sentence(first)
    lo_ = whole.end if same else (doc.sentence(first) or (0, first))[1]
    if status == "mismatch" and _unread_number(doc, lo_, max(g.end for g in parts)):
        values["rule"] = rule + "+unread_number"
        return _check("total", "info", msg + "; a number in the list was not read as a figure, not flagged",
                      values, spans)
    return _check("total", status, msg, values, spans)


_DIGITS_RE = re.compile(r"\d+(?:[.,]\s?\d+)*")


def _unread_number(doc: _Doc, start: int, end: int) -> bool:
    """Rule ``unread_number``: the list of parts holds a number no recognizer read (``nợ BHXH
    370, 58 tỉ đông`` -- a typo): the breakdown is not fully known, so no mismatch."""
    figs = doc.figs_in(max(0, start - 200), end + 1)
    for m in _DIGITS_RE.finditer(doc.text, start, end):
        around = doc.text[max(0, m.start() - 6):m.start()] + "|" + doc.text[m.end():m.end() + 1]
        if re.search(r"(?:năm|quý|tháng|ngày)\s\|$|/\|$|\|/", around, re.IGNORECASE):
            continue  # dates and codes are not amounts
        if not any(f.start <= m.start() < f.end for f in figs):
            return True
    return False


def _check_parts(doc: _Doc) -> list[S.Check]:
    out = []
    seen: set = set()
    bad_wholes: set = set()

    def add_total(c: Optional[S.Check], whole: Fig, parts: list[Fig]) -> None:
        key = (whole.start, tuple(g.start for g in parts))
        if c is not None and key not in seen:
            seen.add(key)
            out.append(c)
            if c.values.get("rule") in ("overlapping_subsets", "parts_match_other_total"):
                bad_wholes.add(id(whole))

    for pos, opens, pairs, nested in _part_groups(doc):
        for p, subs in nested:  # rule nested_breakdown: 18 CCN (10 CCN ..., 8 CCN ...)
            ok = [b for b in subs if _same_unit(p, b, loose=True)]
            add_total(_total_from_parts(doc, p, ok, "nested", "nested_breakdown", subsets=True), p, ok)
        wholes = {id(a) for a, _ in pairs}
        if len(wholes) != 1 or len(pairs) < 2:
            continue
        a = pairs[0][0]
        parts = [b for _, b in pairs]
        total = sum(_cv(b, a) for b in parts)
        # a stated total broken down in the same sentence is exhaustive; otherwise only
        # parts adding up to more than the whole, or exactly to it, are a finding
        region = (pos, max(b.end for b in parts))
        shares = any(f.kind == "percent" and region[0] <= f.start < region[1] for f in doc.figs_in(region[0], region[1] + 1))
        if ((not opens and not shares and _total_cue(doc, a)) or total > a.value + tolerance_of(a)
                or abs(total - a.value) <= tolerance_of(a)):
            add_total(_total_from_parts(doc, a, parts, "trong đó", "trong_đó_breakdown", subsets=True), a, parts)
    for c, whole, parts in _check_breakdowns(doc):
        add_total(c, whole, parts)
    out.extend(_check_percentage_points(doc))
    for a, b, _ in _part_pairs(doc):
        if not a.value or id(a) in bad_wholes:
            continue
        bv = _cv(b, a)
        share = 100.0 * bv / a.value
        values = {"part": _clean(bv), "whole": _clean(a.value), "share": round(share, 2),
                  "unit": a.unit, "part_text": b.text, "whole_text": a.text, "rule": "part_of_whole"}
        head = f"{fmt_number(bv)} of {fmt_number(a.value)} {_unit_label(a)}".rstrip() + f" ({fmt_number(share, 1)}%)"
        if bv > a.value + tolerance_of(a):
            status = "mismatch" if a.exact and b.exact else "info"
            values["excess"] = _clean(bv - a.value)
            msg = f"{head}: part > whole by {fmt_number(bv - a.value)}, " + (
                "mismatch" if status == "mismatch" else "approximate figures")
        else:
            status = "consistent"
            msg = f"{head}: part ≤ whole, consistent"
        out.append(_check("part", status, msg, values, [doc.quote_span(a.start), doc.quote_span(b.start)]))
    return out


def _check_breakdowns(doc: _Doc) -> list[tuple[S.Check, Fig, list[Fig]]]:
    """Rule ``announced_breakdown``: a figure followed by ``gồm`` / ``bao gồm`` / ``cụ thể`` /
    ``bao gồm cả`` and a list of figures of its unit in the same clause (``làm xong 12 cầu,
    gồm 4 cầu treo, 6 cầu bê tông và 2 cầu sắt``; ``Tổng kinh phí 1,2 tỷ đồng, bao gồm
    800 triệu đồng ... và 400 triệu đồng ...``): the list is the whole breakdown."""
    out = []
    for m in _cue_re("breakdown").finditer(doc.text):
        sent = doc.sentence(m.start())
        if sent is None:
            continue
        before = [g for g in doc.figs_in(max(sent[1], m.start() - 200), m.start())
                  if sent[1] <= g.start and g.end <= m.start() and g.kind in ("money", "quantity") and not g.per]
        if not before or not re.fullmatch(r"[\s,:]*(?:\([^()]{0,40}\))?[\s,:]*", doc.text[before[-1].end:m.start()]):
            continue
        whole = before[-1]
        cl_end = doc.clause(m.end())[1]
        if doc.text[m.end():m.end() + 3].strip().startswith(":") or doc.text[m.start():m.end()].lower().startswith("cụ thể"):
            cl_end = doc.sentence(m.end())[2] if doc.sentence(m.end()) else cl_end
        nxt = _PART_STOP_RE.search(doc.text, m.end(), cl_end)
        if nxt:
            cl_end = nxt.start()
        parts = [b for b in doc.figs_in(m.end(), cl_end) if m.end() <= b.start and b.end <= cl_end
                 and _same_unit(whole, b, loose=True) and not b.per and not _is_change(doc, b)]
        top, _ = _split_nested(doc, parts, cl_end)
        c = _total_from_parts(doc, whole, top, "gồm", "announced_breakdown")
        if c is not None:
            out.append((c, whole, top))
    return out


def _check_percentage_points(doc: _Doc) -> list[S.Check]:
    """Rule ``percentage_points``: ``tỷ lệ ... đạt 86%. Trong đó ... 80% và ... 6%`` -- parts in
    percentage points of the same population; only a sum that agrees is reported (a share of a
    share, ``5%, trong đó 60% là nữ``, is common and never a finding)."""
    out = []
    for m in _cue_re("part").finditer(doc.text):
        sent = doc.sentence(m.start())
        if sent is None or doc.text[sent[1]:m.start()].strip():
            continue
        prev = next((x for x in doc.sentences if x[0] == sent[0] - 1), None)
        if prev is None:
            continue
        parts = [f for f in doc.figs_in(m.end(), sent[2]) if m.end() <= f.start and f.end <= sent[2] and f.kind == "percent"]
        wholes = [f for f in doc.figs_in(prev[1], prev[2]) if prev[1] <= f.start and f.end <= prev[2] and f.kind == "percent"]
        if len(parts) < 2 or not wholes:
            continue
        whole = wholes[-1]
        total = sum(f.value for f in parts)
        if whole.value and abs(total - whole.value) <= tolerance_of(whole) and all(f.value < whole.value for f in parts):
            sum_txt = " + ".join(fmt_number(f.value) for f in parts)
            values = {"stated": _clean(whole.value), "computed": _clean(total), "difference": _clean(whole.value - total),
                      "parts": [_clean(f.value) for f in parts], "unit": "%", "stated_text": whole.text,
                      "parts_text": [f.text for f in parts], "parts_from": "trong đó", "rule": "percentage_points"}
            out.append(_check("total", "consistent", f"Stated total {fmt_number(whole.value)}% = {sum_txt} "
                              "(percentage points)", values, [doc.sent_span(whole.start), doc.sent_span(parts[0].start)]))
    return out
