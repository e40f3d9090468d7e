"""The entity layer: people, organisations, locations and roles from lexicons and patterns.

* :mod:`.lexicons` loads the data files of ``pntd_extract/data/lexicons`` (surnames,
  honorifics, titles, ranks, academic titles, organisation heads, abbreviations, countries,
  place keywords, the administrative-unit gazetteer ...);
* :mod:`.core` finds and merges the mentions of one article (:func:`.core.analyse`).

The registered recognizers live in :mod:`pntd_extract.recognizers.entities`. underthesea's
``ner()`` is never called (it is slow and poor on this press; ``scripts/eval_ner.py`` compares
the two).

Example::

    >>> from pntd_extract.entities import analyse
    >>> t = "Chị H’Lim Mlô, Chủ tịch Hội LHPN xã Ea Tul, nhận quà."
    >>> [p.name for p in analyse(t, [(0, len(t))]).people]
    ["H'Lim Mlô"]
"""
from .core import Analysis, analyse, expand_abbreviations


__all__ = ["analyse", "Analysis", "expand_abbreviations"]
