"""The entity layer: people, organisations, locations and roles from lexicons and patterns.

* :mod:`.lexicons` loads the lexicons of the people, organisation, location and role dimensions (surnames,
  honorifics, titles, ranks, academic titles, organisation heads, abbreviations, countries,
  place keywords, the administrative-unit gazetteer ...);
* :mod:`.grammar` the shared name grammar (tokens, mentions, sentences);
* :mod:`.core` finds and merges the mentions of one article (:func:`.core.analyse`), combining
  the rules of :mod:`pntd_extract.dimensions.people.rules`, ``organizations.rules``,
  ``locations.rules`` and ``roles.rules``.

The registered recognizer lives in :mod:`.recognizer` (roles: :mod:`pntd_extract.dimensions.roles.recognizer`). underthesea's
``ner()`` is never called (it is slow and poor on this press; ``scripts/eval_ner.py`` compares
the two).

Example::

    >>> from pntd_extract.entities import analyse
    >>> t = "Chị H’Lim Mlô, Chủ tịch Hội LHPN xã Ea Tul, nhận quà."
    >>> [p.name for p in analyse(t, [(0, len(t))]).people]
    ["H'Lim Mlô"]
"""
__all__ = ["analyse", "Analysis", "expand_abbreviations"]


def __getattr__(name: str):  # lazy: the rules modules import this package's grammar
    if name in __all__:
        from . import core

        return getattr(core, name)
    raise AttributeError(name)
