"""One package per dimension: its rules, its lexicons (``lexicons/*.tsv``) and its examples.

============== ===================================================== ==========================
dimension      rules                                                 recognizer (order)
============== ===================================================== ==========================
dates          ``dates/rules.py`` (+ ``published.py``)               ``numeric_published`` (100),
               ``dates/calendar.py`` (lunar, holidays, relative,     ``dates`` (110),
               ranges; ``lunar.py``: the Vietnamese calendar)        ``calendar_dates`` (145)
money          ``money/rules.py``                                    ``money`` (120)
percentages    (percent marker in :mod:`pntd_extract.figures.grammar`) ``percentages`` (130)
quantities     ``quantities/rules.py``                               ``quantities`` (140)
people         ``people/rules.py``                                   ``entities`` (210)
organizations  ``organizations/rules.py``                            ``entities`` (210)
               ``organizations/outlets.py`` (outlets of credits)     ``credit_outlets`` (215)
locations      ``locations/rules.py``                                ``entities`` (210)
programmes     ``programmes/rules.py``, ``programmes/links.py``      ``programmes`` (250),
                                                                     ``programme_links`` (350)
roles          ``roles/rules.py``                                    ``roles`` (310)
checks         ``checks/*.py``                                       ``checks`` (410)
(every fact)   :mod:`pntd_extract.confidence` (evidence levels)      ``confidence`` (490)
============== ===================================================== ==========================

Shared modules: :mod:`pntd_extract.numbers` (numeral grammar), :mod:`pntd_extract.figures`
(the one-pass figure scanner that money, percentages, quantities and dates share) and
:mod:`pntd_extract.entities` (the Vietnamese name grammar and the analyser that combines the
people, organisation, location and role rules).

:data:`RECOGNIZER_MODULES` lists the modules whose import registers the built-in recognizers
(:func:`load` imports them; :func:`pntd_extract.registry.recognizers` calls it).

    >>> load()
    >>> from pntd_extract.registry import REGISTRY
    >>> {"money", "dates", "entities", "roles", "checks"} <= set(REGISTRY)
    True
"""
from __future__ import annotations

import importlib

__all__ = ["RECOGNIZER_MODULES", "load"]

RECOGNIZER_MODULES = (
    "pntd_extract.dimensions.dates.published",
    "pntd_extract.dimensions.dates.recognizer",
    "pntd_extract.dimensions.money.recognizer",
    "pntd_extract.dimensions.percentages.recognizer",
    "pntd_extract.dimensions.quantities.recognizer",
    "pntd_extract.dimensions.quantities.fractions",
    "pntd_extract.dimensions.dates.calendar",
    "pntd_extract.entities.recognizer",
    "pntd_extract.dimensions.organizations.outlets",
    "pntd_extract.dimensions.programmes.rules",
    "pntd_extract.dimensions.roles.recognizer",
    "pntd_extract.dimensions.programmes.links",
    "pntd_extract.dimensions.checks.recognizer",
    "pntd_extract.confidence",
)


def load() -> None:
    """Import every built-in recognizer module (registering its recognizers); idempotent.

    Raises ``ModuleNotFoundError`` when a listed module is missing: a dimension is never
    silently dropped."""
    for name in RECOGNIZER_MODULES:
        importlib.import_module(name)
