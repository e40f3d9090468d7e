"""Check family ``percentage``: a stated percentage against the figures it refers to."""
from __future__ import annotations

import re
from typing import Optional

from ... import schema as S
from .figures import Fig, _clean, _cue_re, _cv, _percent_tol, fmt_number
from .figures import TIME_UNITS
from .doc import _Doc, _check, _same_unit
from .totals import _part_pairs


_FRACTION_RE = re.compile(r"(?<![\d/.,])(\d{1,6})\s*/\s*(\d{1,6})(?![\d/])\s+(?=[a-zà-ỹđ])")


_BARE_NUM_RE = re.compile(r"[^\d,.:;!?]{0,60}?(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d{1,9})(?:,(\d{1,3}))?(?![\d.,]\d)[ \t]+([^\W\d_]+(?:[ \t][^\W\d_]+)?)")


def _bare_target(doc: _Doc, start: int, end: int) -> Optional[Fig]:
    """A target count after a plan word that no recognizer kept (``kế hoạch 1.500 đơn vị``,
    read by the numeric recognizers as a document number): ``Fig`` of kind ``quantity``
    with the counted words, or None."""
    m = _BARE_NUM_RE.match(doc.text, start, end)
    if not m:
        return None
    whole = m.group(1).replace(".", "")
    try:
        val = float(whole + ("." + m.group(2) if m.group(2) else ""))
    except ValueError:
        return None
    counted = m.group(3).lower()
    if counted.split()[0] in TIME_UNITS or counted.split()[0] in ("tỷ", "tỉ", "triệu", "nghìn", "ngàn", "đồng"):
        return None
    s0 = m.start(1)
    return Fig("quantity", val, None, counted, counted, "exact", None, s0, m.end(3), doc.text[s0:m.end(3)],
               None)


def _check_percentages(doc: _Doc) -> list[S.Check]:
    out = []
    pairs = _part_pairs(doc)
    for p in doc.figs:
        if p.kind != "percent" or p.value_max is not None:
            continue
        cl = doc.clause(p.start)
        pre = doc.text[max(cl[0], p.start - 30):p.start].lower()
        computed = None
        basis = None
        inputs_exact = True
        extra: dict = {}
        # (a) trong đó share: A ..., trong đó B (chiếm P%)
        share_cue = re.search(r"(?:chiếm|chiếm tỷ lệ|chiếm tỉ lệ|bằng|tương đương|tức|\()\s*$", pre)
        for a, b, cue in pairs:
            if share_cue and cl[0] <= cue and b.end <= p.start and p.start - b.end <= 40 and a.value:
                computed = 100.0 * b.value / a.value
                basis = f"{b.text} / {a.text}"
                inputs_exact = a.exact and b.exact
        # (b) fraction X/Y shortly before "đạt/chiếm/bằng P%" in the clause
        if computed is None and re.search(r"(?:đạt|chiếm|bằng|tỷ lệ|tỉ lệ|tương đương|\()\s*$", pre):
            for m in _FRACTION_RE.finditer(doc.text, max(cl[0], p.start - 80), p.start):
                x, y = int(m.group(1)), int(m.group(2))
                before = doc.text[max(0, m.start() - 12):m.start()].lower()
                if (0 < y < 1900 and x <= y and not re.search(r"(?:ngày|tháng|năm|quý|từ|đến|số|:)\s*$", before)
                        and not re.search(r"[;.!?]\s", doc.text[m.end():p.start])):
                    computed, basis = 100.0 * x / y, f"{x}/{y}"
        # (c) đạt P% kế hoạch B
        if computed is None and re.search(r"(?:đạt|bằng|hoàn thành|được)\s*$", pre):
            after = doc.text[p.end:cl[1]]
            pm = _cue_re("plan").match(after.lstrip())
            if pm:
                tstart = p.end + (len(after) - len(after.lstrip())) + pm.end()
                targets = [g for g in doc.figs_in(tstart, min(cl[1], tstart + 200)) if tstart <= g.start < cl[1] and g.start - tstart <= 70
                           and g.kind != "percent" and not re.search(r"[,.:;!?]", doc.text[tstart:g.start])]
                if not targets:
                    t0 = _bare_target(doc, tstart, cl[1])
                    targets = [t0] if t0 else []
                if targets:
                    t = targets[0]
                    achieved = [g for g in doc.figs_in(cl[0], p.start) if cl[0] <= g.start and g.end <= p.start and _same_unit(g, t)]
                    if not achieved:  # "42.300 công dân, đạt 94% chỉ tiêu (chỉ tiêu 45.000 hồ sơ)"
                        achieved = [g for g in doc.figs_in(max(cl[0], p.start - 200), p.start) if cl[0] <= g.start and g.end <= p.start and g.kind == t.kind
                                    and p.start - g.end <= 25 and (g.kind != "money" or g.unit == t.unit)]
                    if achieved and t.value:
                        a = achieved[-1]
                        computed, basis = 100.0 * _cv(a, t) / t.value, f"{a.text} / {t.text}"
                        inputs_exact = a.exact and t.exact
                        extra = {"achieved": _clean(a.value), "target": _clean(t.value)}
        # (c2) vượt P% (so với) mục tiêu/kế hoạch (… T): (A - T) / T
        if computed is None and re.search(r"vượt\s*$", pre):
            after = doc.text[p.end:cl[1]]
            pm = re.compile(r"\s*(?:so với\s+)?(?:" + _cue_re("plan").pattern + ")", re.IGNORECASE).match(after)
            if pm:
                tstart = p.end + pm.end()
                targets = [g for g in doc.figs_in(tstart, min(cl[1], tstart + 200)) if tstart <= g.start < cl[1] and g.start - tstart <= 70
                           and g.kind != "percent" and not re.search(r"[,.:;!?]", doc.text[tstart:g.start])]
                if targets and targets[0].value:
                    t = targets[0]
                    achieved = [g for g in doc.figs_in(cl[0], p.start) if cl[0] <= g.start and g.end <= p.start and _same_unit(g, t)]
                    if achieved:
                        a = achieved[-1]
                        computed = 100.0 * (_cv(a, t) - t.value) / t.value
                        basis = f"({a.text} - {t.text}) / {t.text}"
                        inputs_exact = a.exact and t.exact
                        extra = {"achieved": _clean(a.value), "target": _clean(t.value)}
        # (e) B ..., chiếm P% (tổng số) [A]: the whole after it, or stated earlier in the
        # paragraph when the text names it ("612 học sinh ..., chiếm 49% tổng số học sinh")
        if computed is None and re.search(r"chiếm\s*(?:tỷ lệ|tỉ lệ)?\s*$", pre):
            bs = [g for g in doc.figs_in(max(cl[0], p.start - 200), p.start) if cl[0] <= g.start and g.end <= p.start and g.kind != "percent" and p.start - g.end <= 40]
            if bs:
                b = bs[-1]
                after = [g for g in doc.figs_in(p.end, min(cl[1], p.end + 200)) if p.end <= g.start < cl[1] and g.start - p.end <= 30 and _same_unit(g, b)
                         and not re.search(r"[.;!?)]", doc.text[p.end:g.start])]
                ps_, _ = doc.paragraph(p.start)
                earlier = [g for g in doc.figs_in(ps_, b.start) if ps_ <= g.start and g.end <= b.start and _same_unit(g, b) and _cv(g, b) > b.value]
                named = b.kind == "quantity" and b.unit and re.match(
                    r"\s*(?:trên\s+)?(?:tổng số|tổng|số)\s+" + re.escape(b.unit.split()[0]) + r"(?!\w)",
                    doc.text[p.end:cl[1]], re.IGNORECASE)
                whole = after[0] if after else (earlier[0] if earlier and named else None)
                if whole is not None and whole.value:
                    computed, basis = 100.0 * _cv(b, whole) / whole.value, f"{b.text} / {whole.text}"
                    inputs_exact = b.exact and whole.exact
                    extra = {"achieved": _clean(b.value), "target": _clean(whole.value)}
        # (d) tăng/giảm P% so với B
        if computed is None and re.search(r"(?:tăng|giảm)\s*(?:thêm\s*)?$", pre):
            after = doc.text[p.end:cl[1]]
            cm = _cue_re("compare").search(after[:20])
            if cm:
                olds = [g for g in doc.figs_in(p.end + cm.end(), min(cl[1], p.end + cm.end() + 200)) if p.end + cm.end() <= g.start < cl[1] and g.kind != "percent"
                        and g.start - (p.end + cm.end()) <= 30 and not re.search(r"[,.:;!?]", doc.text[p.end + cm.end():g.start])]
                if olds:
                    old = olds[0]
                    cur = [g for g in doc.figs_in(max(cl[0], p.start - 200), p.start) if cl[0] <= g.start and g.end <= p.start and _same_unit(g, old)
                           and p.start - g.end <= 40]
                    if cur and old.value:
                        c = cur[-1]
                        computed = 100.0 * abs(_cv(c, old) - old.value) / old.value
                        basis = f"({c.text} - {old.text}) / {old.text}"
                        inputs_exact = c.exact and old.exact
        if computed is None:
            continue
        u = _percent_tol(p)
        diff = p.value - computed
        values = {"stated": _clean(p.value), "computed": round(computed, 2), "difference": round(diff, 2),
                  "tolerance": u, "basis": basis, "unit": "%", "stated_text": p.text, **extra}
        # the stated value is the computed one rounded to the stated precision
        if abs(diff) <= 0.5 * u + 1e-9:
            status, msg = "consistent", f"Stated {p.text} matches {basis} = {fmt_number(computed, 1)}%"
        else:
            status = "mismatch" if p.exact and inputs_exact else "info"
            msg = f"Stated {p.text} but {basis} = {fmt_number(computed, 1)}% (difference {fmt_number(diff, 1)} points)"
        out.append(_check("percentage", status, msg, values, [doc.quote_span(p.start)]))
    return out
