"""Figure checks for journalists (``checks`` in the record), recognizer order 410.

Reads ``ctx.money``, ``ctx.quantities`` and ``ctx.percentages`` (filled by the numeric
recognizers) and appends :class:`~pntd_extract.schema.Check` items:

``total``        a stated total (``tổng số tiền``, ``tổng cộng``, ``tổng số`` ... from
                 ``lexicons/check_cues.tsv``) against the sum of its same-unit parts
                 stated before it in the same passage (layout section = paragraph).
                 Which parts: a total inside a clause (``khen thưởng ... với tổng số tiền X``)
                 sums the figures earlier in the same ``;``-clause; a total opening a sentence
                 or clause (``Tổng số tiền khen thưởng tại Hội nghị là: X``) sums the earlier
                 figures of the paragraph after the previous such total; when some of those are
                 themselves stated as totals (sub-totals) only the sub-totals are summed (else
                 only plain figures of this sentence and the one before), a clause total needs
                 its last part at most 40 characters before its cue, and
                 when the total names an activity (``khen thưởng``) only figures whose clause
                 names it too. At least 2 parts; a trailing run of parts that adds up exactly
                 makes the total consistent. ``mismatch`` needs exact figures, at most 5 parts
                 and a total not below its largest part; otherwise ``info``.
``raise``        ``phát triển thêm 2 điểm hoa ... nâng tổng số 33 điểm hoa``: info (31 before).
``part``         ``A ..., trong đó B`` with the same unit: ``mismatch`` if B > A, else
                 ``consistent``; values ``part`` (B, in A's unit), ``whole`` (A), ``share``
                 (100 B / A, percent), ``unit``, ``excess`` (B - A, mismatches only) and the
                 figure texts; message ``765 of 1.020 lao động (75%): part ≤ whole, consistent``.
``percentage``   a stated percentage against the figures it refers to in its clause: a
                 fraction ``18/20 xã``, a ``trong đó`` share, ``đạt P% kế hoạch/chỉ tiêu/dự
                 toán B``, ``vượt P% (so với) mục tiêu B``, ``chiếm P% tổng số``, ``tăng/giảm P%
                 so với B``. Tolerance from the stated precision: consistent when |P - computed|
                 <= half a unit of the last stated digit (``49%`` +- 0.5, ``118,7%`` +- 0.05),
                 as in ``annotations/README.md``.
``unit_value``   ``735 chiếc làn nhựa trị giá 18.375.000 đồng`` -> info 25.000 đồng/chiếc;
                 ``12 hộ, mỗi hộ 10 triệu đồng, tổng cộng 120 triệu đồng`` -> count x unit value
                 against the stated total (status info with message "consistent" when equal, as
                 ``annotations/README.md`` leaves agreeing unit values unannotated; mismatch
                 with the difference when not); with no stated total, info ``implied total`` (``Trao 20 suất, mỗi
                 suất 2 triệu đồng`` -> 40 triệu đồng). A unit price is ``Money.per`` when the
                 numeric recognizer set it, else ``mỗi <noun>`` just before the amount
                 (:func:`per_noun`); it is never divided by a count nor summed as a part.
                 The money must be spent on the counted things (a ``value`` cue, or a ``cost`` cue
                 with nothing between); counts of attributes (``4 làn xe``, ``8 xi lanh``) are
                 never divided into a cost; the label is a full noun (``đồng/dự án``) or no check.

Units: measurement units are converted before summing, comparing or multiplying
(``check_units.tsv``: tạ = 100 kg, tấn = 1.000 kg, km = 1.000 m, ha = 10.000 m² ...);
figures whose units cannot be reconciled (``tạ`` vs ``đồng/m2``) are not checked. Qualifiers
(``hơn``, ``gần``, ``khoảng``) are intervals (:func:`interval`): a product check with them is
info ("consistent within the qualifiers") unless the inequality is violated.

Tolerance of totals: half a unit of the last written digit of the stated total
(``73.640.000 đồng`` -> 0.5 đồng, i.e. exact; ``2,6 tỷ đồng`` -> 0.05 tỷ).
Every check's ``spans`` quote the sentences involved (parts first, then the stated figure;
a sentence over 300 characters is quoted by its ``;``-clause, except for totals);
``values`` hold ``stated``, ``computed``, ``difference`` (stated - computed), ``unit`` and the
figure texts (``part`` checks: ``part``, ``whole``, ``share`` instead, see above). Messages are English with Vietnamese number formatting (``73.640.000``).

Example::

    >>> from pntd_extract.dimensions.checks import fmt_number
    >>> fmt_number(68640000)
    '68.640.000'
"""
from __future__ import annotations


from ... import schema as S
from ...registry import register
from .figures import Fig, collect_figures
from .doc import _Doc
from .totals import _check_parts, _check_totals
from .percentages import _check_percentages
from .products import _check_products, _check_unit_values, _mark_per_unit

__all__ = ['run_checks', 'recognize_checks']


def run_checks(text: str, sentences, paragraphs, figs: list[Fig], span) -> list[S.Check]:
    """All in-article checks.

    ``sentences``: ``[(index, start, end)]``; ``paragraphs``: ``[(start, end)]`` passages
    (layout sections); ``figs``: :func:`collect_figures` output; ``span(start, end)`` builds a
    schema Span. Returns checks in text order of their last span. Never raises on odd input
    (a failing check family is skipped)."""
    doc = _Doc(text, list(sentences), list(paragraphs), figs, span)
    out: list[S.Check] = []
    try:
        _mark_per_unit(doc)
    except Exception:
        pass
    for fn in (_check_totals, _check_parts, _check_percentages, _check_unit_values, _check_products):
        try:
            out.extend(fn(doc))
        except Exception:  # one check family failing must not lose the others
            continue
    out.sort(key=lambda c: (c.spans[-1].start if c.spans else 0))
    return out


@register("checks", order=410, fields=("checks",), reads=("money", "quantities", "percentages"))
def recognize_checks(ctx) -> None:
    """Fill ``ctx.checks`` from ``ctx.money`` / ``ctx.quantities`` / ``ctx.percentages``;
    passages are the title / body / caption layout sections. Never raises on odd text.

    Example (the seed): ``... với tổng số tiền 33.840.000 đồng; ... với tổng số tiền là
    34.800.000 đồng. Tổng số tiền khen thưởng tại Hội nghị là: 73.640.000 đồng.`` -> one
    ``total`` check, status ``mismatch``, values ``stated`` 73640000, ``computed`` 68640000,
    ``difference`` 5000000, spans = the two sentences.
    """
    figs = collect_figures(ctx.money, ctx.quantities, ctx.percentages)
    if not figs:
        return
    read = ctx.read_sentences()
    sentences = [(s.index, s.start, s.end) for s in read]
    kinds = ("body", "caption", "title")
    paragraphs = [(sec.start, sec.end) for sec in ctx.sections
                  if (sec.kind if isinstance(sec.kind, str) else sec.kind.value) in kinds]
    ctx.checks.extend(run_checks(ctx.text, sentences, paragraphs, figs, ctx.span))
