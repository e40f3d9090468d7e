"""Check families ``total``, ``raise`` and ``part``: a stated total against its parts; ``A ...,
trong đó B`` (see :mod:`pntd_extract.dimensions.checks` for the rules in words).
"""
from __future__ import annotations

import re
from typing import Optional

from ... import schema as S
from .figures import Fig, _clean, _cue_re, _cv, cues, fmt_number, tolerance_of
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


def _part_groups(doc: _Doc) -> list[tuple[int, bool, list[tuple[Fig, Fig]]]]:
    """``A ..., trong đó B, C`` groups: ``(cue_start, opens_sentence, [(whole, part)])``.

    Mid-sentence ``trong đó``: the parts are the figures after it up to the end of its
    ``;``-clause; each part's whole is the last figure of the same unit before the cue in
    the sentence (at most 120 characters before). A sentence opening with ``Trong đó,``: the
    parts are the figures of that sentence and the whole is the previous sentence's stated
    total (``tổng thu ... đạt 18,6 tỷ đồng``), else its first figure of that unit."""
    groups = []
    for m in _cue_re("part").finditer(doc.text):
        pos = m.start()
        sent = doc.sentence(pos)
        if sent is None:
            continue
        pairs: list[tuple[Fig, Fig]] = []
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
            olds = [g for g in doc.figs_in(prev[1], prev[2]) if prev[1] <= g.start and g.end <= prev[2] and g.kind != "percent"
                    and _same_unit(g, parts[0], loose=True)]
            if not olds:
                continue
            totals = [g for g in olds if _total_cue(doc, g)]
            a = (totals or olds)[0]
            pairs = [(a, b) for b in parts if _same_unit(a, b, loose=True) and _cv(b, a) <= 10 * a.value]
            if pairs:
                groups.append((pos, True, pairs))
            continue
        cl_end = min(doc.clause(m.end())[1], m.end() + PART_WINDOW)
        nxt = _PART_STOP_RE.search(doc.text, m.end(), cl_end)
        if nxt:
            cl_end = nxt.start()
        before = [g for g in doc.figs_in(max(sent[1], pos - 400), pos) if sent[1] <= g.start and g.end <= pos and g.kind != "percent"
                  and pos - g.end <= 120]
        bare = None
        for b in doc.figs_in(m.end(), cl_end):
            if (m.end() <= b.start and b.end <= cl_end and b.kind != "percent" and not b.per
                    and not _total_cue(doc, b) and not _is_change(doc, b)):
                wholes = [a for a in before if _same_unit(a, b, loose=True)]
                if wholes:
                    pairs.append((wholes[-1], b))
                elif b.kind == "quantity":
                    bare = bare or _bare_named_count(doc, sent[1], pos)
                    if bare is not None and b.value <= bare.value:
                        pairs.append((bare, b))
        if pairs:
            groups.append((pos, False, pairs))
    return groups


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
    return [(a, b, pos) for pos, _, pairs in _part_groups(doc) for a, b in pairs]


def _total_from_parts(doc: _Doc, whole: Fig, parts: list[Fig], why: str) -> Optional[S.Check]:
    """A ``total`` check of ``whole`` against listed ``parts`` (parenthesis or trong đó list)."""
    if len(parts) < 2 or len(parts) > MAX_PARTS_CONSIDERED:
        return None
    tol = tolerance_of(whole)
    total = sum(_cv(g, whole) for g in parts)
    diff = whole.value - total
    unit = _unit_label(whole)
    sum_txt = " + ".join(fmt_number(_cv(g, whole)) for g in parts)
    values = {"stated": _clean(whole.value), "computed": _clean(total), "difference": _clean(diff),
              "parts": [_clean(_cv(g, whole)) for g in parts], "unit": whole.unit, "tolerance": _clean(tol),
              "stated_text": whole.text, "parts_text": [g.text for g in parts], "parts_from": why}
    spans = [doc.sent_span(whole.start)] + [doc.sent_span(g.start) for g in parts]
    if abs(diff) <= tol:
        return _check("total", "consistent", f"Stated total {fmt_number(whole.value)} {unit} = {sum_txt}", values, spans)
    exact = whole.exact and all(g.exact for g in parts)
    status = "mismatch" if exact and len(parts) <= MAX_PARTS_FOR_MISMATCH else "info"
    return _check("total", status,
                  f"Stated total {fmt_number(whole.value)} {unit} is not {sum_txt} = {fmt_number(total)} {unit} "
                  f"(difference {fmt_number(diff)} {unit})", values, spans)


def _check_parts(doc: _Doc) -> list[S.Check]:
    out = []
    for pos, opens, pairs in _part_groups(doc):
        wholes = {id(a) for a, _ in pairs}
        if len(wholes) != 1 or len(pairs) < 2:
            continue
        a = pairs[0][0]
        parts = [b for _, b in pairs]
        total = sum(_cv(b, a) for b in parts)
        # a stated total broken down in the same sentence is exhaustive; otherwise only
        # parts adding up to more than the whole are a finding
        region = (pos, max(b.end for b in parts))
        shares = any(f.kind == "percent" and region[0] <= f.start < region[1] for f in doc.figs_in(region[0], region[1] + 1))
        if (not opens and not shares and _total_cue(doc, a)) or total > a.value + tolerance_of(a):
            c = _total_from_parts(doc, a, parts, "trong đó")
            if c is not None:
                out.append(c)
    for a, b, _ in _part_pairs(doc):
        if not a.value:
            continue
        bv = _cv(b, a)
        share = 100.0 * bv / a.value
        values = {"part": _clean(bv), "whole": _clean(a.value), "share": round(share, 2),
                  "unit": a.unit, "part_text": b.text, "whole_text": a.text}
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
