"""The ``checks`` dimension: figure checks for journalists (rules in words: :mod:`.recognizer`).

Modules: :mod:`.figures` (figures, units, intervals, tolerances, formatting), :mod:`.doc` (the
article as the checks read it), one module per check family (:mod:`.totals`,
:mod:`.percentages`, :mod:`.products`) and :mod:`.recognizer` (``checks``, order 410).
Lexicons: ``lexicons/check_cues.tsv``, ``lexicons/check_units.tsv``.

    >>> fmt_number(68640000)
    '68.640.000'
"""
from .figures import Fig, collect_figures, fmt_amount, fmt_number, interval, measure_of, tolerance_of, unit_scale
from .products import count_label, per_noun
from .recognizer import recognize_checks, run_checks

__all__ = ["Fig", "collect_figures", "fmt_amount", "fmt_number", "interval", "measure_of", "tolerance_of",
           "unit_scale", "count_label", "per_noun", "recognize_checks", "run_checks"]
