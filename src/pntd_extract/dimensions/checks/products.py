"""Check family ``unit_value``: count x unit price against a stated total, implied totals."""
from __future__ import annotations

import re
from typing import Optional

from ... import schema as S
from .figures import Fig, _clean, _cue_re, cues, fmt_amount, fmt_number, interval, measure_of, tolerance_of, unit_scale
from .doc import _Doc, _check, _unit_label

__all__ = ['count_label', 'per_noun']


_NEXT_WORD_RE = re.compile(r"[ \t]*(?:-[ \t]*)?([a-zà-ỹđ]+)(?!\w)")


def count_label(text: str, q: Fig) -> Optional[str]:
    """The unit label of a count for a unit value (``đồng/<label>``): the measurement unit
    (``tấn``); the longest counted noun of role ``unit_noun`` in ``check_cues.tsv`` that
    opens the counted phrase (``suất học bổng``, ``dự án`` of ``dự án đầu tư mới``,
    ``giấy chứng nhận``); a one-word counted noun completed from the text when the numeric
    recognizer kept one syllable only (``8 xi`` + ``lanh`` -> ``xi lanh``); an abbreviation
    (``936 CN``). None otherwise: no cut label such as ``đồng/dự`` or ``đồng/giấy chứng``."""
    if q.unit and measure_of(q.unit):
        return q.unit
    phrase = " ".join((q.counted or q.unit or "").lower().split())
    if not phrase:
        return None
    for noun in cues().get("unit_noun", ()):  # longest first
        if phrase == noun or phrase.startswith(noun + " "):
            return noun
    words = phrase.split()
    surface = text[q.start:q.end]
    sw = surface.split()
    if len(words) == 1 and sw and sw[-1].lower() == words[0]:
        if sw[-1].isupper() and 2 <= len(sw[-1]) <= 5:  # an abbreviation: 936 CN
            return sw[-1]
        m = _NEXT_WORD_RE.match(text, q.end)
        if m:
            return f"{words[0]} {m.group(1)}"
        return None
    m = re.search(r"(?<!\w)" + re.escape(words[0]) + r"(?!\w)", surface, re.IGNORECASE)
    if m and m.group().isupper() and 2 <= len(m.group()) <= 5:
        return m.group()
    return None


def _is_attribute(label: str) -> bool:
    """``làn xe``, ``xi lanh``, ``tầng``: counts describing a thing (role ``attribute``)."""
    attrs = cues().get("attribute", ())
    low = label.lower()
    return any(low == a or low.startswith(a + " ") for a in attrs)


def _check_unit_values(doc: _Doc) -> list[S.Check]:
    """``N <things> trị giá M``: info M / N per thing. The money must be what the counted
    things cost: a ``value`` cue (``trị giá``, ``với số tiền`` ...) between them, or a
    ``cost`` cue (``kinh phí``, ``vốn``) with nothing (comma, bracket) between; no count
    of an ``attribute`` (``4 làn xe``, ``8 xi lanh``) and no length (``5 km``) divided into
    a cost; no count closed by a bracket before the money (``(8 xi lanh) trị giá``); a
    full unit label (:func:`count_label`) or no check."""
    out = []
    vre, cre = _cue_re("value"), _cue_re("cost")
    for i, q in enumerate(doc.figs):
        if q.kind != "quantity" or not q.exact or q.value < 2:
            continue
        nxt = doc.figs[i + 1] if i + 1 < len(doc.figs) else None
        if nxt is None or nxt.kind != "money" or nxt.per or nxt.value_max is not None:
            continue
        gap = doc.text[q.end:nxt.start]
        if len(gap) > 45 or ";" in gap or re.search(r"[.!?]\s", gap):
            continue
        if gap.count(")") > gap.count("("):
            continue  # the count sat inside a bracket: "(động cơ 8 xi lanh) trị giá ..."
        vm = vre.search(gap)
        cm = cre.search(gap)
        if vm is None:
            if cm is None or re.search(r"[,:()\-–]", gap[:cm.start()]):
                continue
            measure = measure_of(q.unit)
            if measure and measure[0] in ("length", "area"):
                continue  # "dài 5 km với tổng vốn ...": the cost of a project, not per km
        label = count_label(doc.text, q)
        if label is None or _is_attribute(label):
            continue
        per_unit = nxt.value / q.value
        cur = _unit_label(nxt)
        decimals = 0 if per_unit >= 100 else 2
        values = {"count": _clean(q.value), "amount": _clean(nxt.value), "computed": _clean(round(per_unit, decimals)),
                  "unit": f"{nxt.unit}/{label}", "count_text": q.text, "amount_text": nxt.text}
        approx = "" if nxt.exact else "about "
        msg = (f"{q.text} {gap.strip()} {nxt.text}: {approx}{fmt_number(per_unit, decimals)} {cur}/{label}")
        out.append(_check("unit_value", "info", msg, values, [doc.quote_span(q.start)]))
    return out


_PER_STOP = r"(?:là|được|có|trị|giá|nhận|hỗ|với|khoảng|từ|gồm|tiền|hơn|gần|trên|dưới)(?!\w)"


_PER_BEFORE_RE = re.compile(
    r"(?<!\w)mỗi(?:\s+một)?\s+(?P<noun>(?!" + _PER_STOP + r")[^\W\d_]+(?:\s+(?!" + _PER_STOP + r")[^\W\d_]+)?)"
    r"\s*(?:(?:có\s+)?(?:trị\s+giá|giá\s+trị)(?:\s+là)?|(?:được\s+)?(?:hỗ\s+trợ|nhận|tặng|trao|cấp)"
    r"|có\s+giá|là|được|:)?(?:\s*(?:khoảng|hơn|gần|trên|dưới|từ))?\s*$"
    r"|(?<!\w)(?:bình quân|trung bình)\s*(?:mỗi\s+(?P<noun2>[^\W\d_]+)\s*)?(?:là|:)?\s*$",
    re.IGNORECASE)


def per_noun(text: str, start: int) -> Optional[str]:
    """What a figure starting at ``start`` is stated per, from the words just before it (at
    most 40 characters): ``mỗi <noun>`` with an optional value cue (``mỗi suất trị giá
    500.000 đồng`` -> ``suất``, ``mỗi suất quà trị giá`` -> ``suất quà``, ``mỗi hộ được hỗ
    trợ`` -> ``hộ``); ``bình quân`` / ``trung bình`` without a noun -> ``đơn vị``; None
    otherwise. Rule written for pntd-extract from activity-report phrasing.

    >>> t = "Trao 50 suất quà, mỗi suất trị giá 500.000 đồng"
    >>> per_noun(t, t.index("500"))
    'suất'
    """
    m = _PER_BEFORE_RE.search(text, max(0, start - 40), start)
    if not m:
        return None
    noun = m.group("noun") or m.group("noun2")
    return " ".join(noun.lower().split()) if noun else "đơn vị"


def _norm_per(per: str) -> str:
    """``Money.per`` as the checks use it: lowercase, single spaces, without a leading ``mỗi``."""
    p = " ".join(str(per).lower().split())
    return re.sub(r"^(?:mỗi|một)\s+", "", p) or "đơn vị"


def _mark_per_unit(doc: _Doc) -> None:
    """Figures stated per unit (``mỗi hộ 10 triệu đồng``, ``mỗi suất trị giá 500.000 đồng``,
    ``bình quân 50 triệu đồng``) get ``per`` set (:func:`per_noun`), so they are never summed
    as parts nor divided by a count; a ``per`` set by the numeric recognizer is kept
    (normalised, ``mỗi hộ`` -> ``hộ``)."""
    for f in doc.figs:
        if f.kind == "percent":
            continue
        if f.per:
            f.per = _norm_per(f.per)
            continue
        f.per = per_noun(doc.text, f.start)


def _per_count(q: Fig, per: str) -> Optional[float]:
    """The count ``q`` expressed in the unit of a unit price ``per`` (``7 tạ`` at ``đồng/kg``
    -> 700); None when they cannot be reconciled (``7 tạ`` at ``đồng/m2``, ``12 hộ`` at
    ``mỗi người``)."""
    per = " ".join(per.lower().split())
    if measure_of(per) or measure_of(q.unit):
        k = unit_scale(q.unit, per) if q.unit else None
        return q.value * k if k else None
    counted = (q.counted or q.unit or "").split()
    pw = per.split()
    if per == "đơn vị" or (counted and pw and counted[:len(pw)] == pw[:len(counted)]):
        return q.value
    return None


def _check_products(doc: _Doc) -> list[S.Check]:
    """``12 hộ ..., mỗi hộ 10 triệu đồng, tổng cộng 120 triệu đồng`` / ``hơn 7 tạ ..., giá
    35.000 đồng/kg, tổng thu hơn 20 triệu đồng``: count x unit value against the stated total.

    Units are converted first (``tạ`` -> 100 kg, :func:`unit_scale`); a count that cannot be
    put in the unit price's unit is skipped. Qualifiers are inequalities (:func:`interval`,
    mode ``bound``): info when the product and the total can agree (``consistent within the
    qualifiers`` when any is not exact); ``mismatch`` only when they cannot and no figure is
    approximate (``khoảng``); otherwise info."""
    out = []
    tre = _cue_re("total")
    for i, m in enumerate(doc.figs):
        if m.kind != "money" or not m.per or m.value_max is not None:
            continue
        cl = doc.clause(m.start)
        qs = [q for q in doc.figs_in(max(cl[0], m.start - 200), m.start) if q.kind == "quantity" and cl[0] <= q.start and q.end <= m.start
              and m.start - q.end <= 60 and q.value and _per_count(q, m.per) is not None]
        ts = [t for t in doc.figs_in(m.end, min(cl[1], m.end + 200)) if t.kind == "money" and t.unit == m.unit and not t.per and t.start < cl[1]
              and t.start - m.end <= 40 and tre.search(doc.text[m.end:t.start])]
        if not qs:
            continue
        q = qs[-1]
        count = _per_count(q, m.per)
        if not ts:
            c = _implied_total(doc, q, m, count)
            if c is not None:
                out.append(c)
            continue
        t = ts[0]
        k = count / q.value
        computed = count * m.value
        diff = t.value - computed
        # the factors as written (an exact "3 tấn" is 3 tấn); the stated total has its precision
        ql, qh = (q.value, q.value) if q.exact else interval(q, "bound")
        ml, mh = (m.value, m.value) if m.exact else interval(m, "bound")
        tl, th = interval(t, "bound")
        lo, hi = max(ql, 0.0) * k * max(ml, 0.0), qh * k * mh
        values = {"stated": _clean(t.value), "computed": _clean(computed), "difference": _clean(diff),
                  "count": _clean(q.value), "per_unit": _clean(m.value), "unit": t.unit,
                  "stated_text": t.text, "count_text": q.text, "per_unit_text": m.text}
        if k != 1.0:
            values["count_converted"] = _clean(count)
            values["count_unit"] = " ".join(m.per.split())
        qtxt = q.text if k == 1.0 else f"{q.text} ({fmt_number(count)} {' '.join(m.per.split())})"
        exact = q.exact and m.exact and t.exact
        quals = [f.qualifier for f in (q, m, t) if not f.exact]
        if abs(diff) <= tolerance_of(t) and exact:
            # agreeing unit values are info: annotations/README.md leaves them unannotated
            status, msg = "info", f"{qtxt} x {m.text} = {t.text}: consistent"
        elif lo <= th and tl <= hi:
            status = "info"
            msg = (f"{qtxt} x {m.text} = {fmt_amount(computed, t.unit)}, stated {t.text}: "
                   f"consistent within the qualifiers ({', '.join(quals)})" if quals else
                   f"{qtxt} x {m.text} = {fmt_amount(computed, t.unit)}, stated {t.text}")
        else:
            status = "mismatch" if all(f.qualifier in ("exact", "over", "under") and f.value_max is None
                                       for f in (q, m, t)) else "info"
            msg = (f"{qtxt} x {m.text} = {fmt_amount(computed, t.unit)}, not {t.text} "
                   f"(difference {fmt_amount(diff, t.unit)})")
        out.append(_check("unit_value", status, msg, values, [doc.quote_span(t.start)]))
    return out


def _implied_total(doc: _Doc, q: Fig, m: Fig, count: float) -> Optional[S.Check]:
    """``Trao 20 suất, mỗi suất 2 triệu đồng`` with no stated total -> info ``implied total
    40 triệu đồng`` (count x unit price). Only for a unit price naming its noun (``mỗi
    suất``), not a bare average (``bình quân``, per ``đơn vị``)."""
    if m.per == "đơn vị" or count is None:
        return None
    computed = count * m.value
    approx = "" if (q.exact and m.exact) else "about "
    values = {"computed": _clean(computed), "count": _clean(q.value), "per_unit": _clean(m.value),
              "unit": m.unit, "count_text": q.text, "per_unit_text": m.text, "per": m.per}
    msg = f"{q.text} x {m.text} (mỗi {m.per}): implied total {approx}{fmt_amount(computed, m.unit)}"
    return _check("unit_value", "info", msg, values, [doc.quote_span(m.start)])
