"""The ``programmes`` dimension: named programmes and figure -> programme links.

:mod:`.rules` finds and merges programme mentions (recognizer ``programmes``, order 250; the
rules in words are its module documentation); :mod:`.links` sets ``programme_id`` on figures
(recognizer ``programme_links``, order 350). Lexicons: ``lexicons/programme_kinds.tsv``,
``lexicons/programme_stopwords.tsv``.

    >>> [m.name for m in find_mentions("Phát động Chương trình “Làng quê sạch”.")]
    ['Làng quê sạch']
"""
from .links import link_figures, recognize_programme_links
from .rules import Kind, Mention, find_mentions, kinds, merge_mentions, plausible_quoted_name, recognize_programmes

__all__ = ["Kind", "Mention", "find_mentions", "kinds", "merge_mentions", "plausible_quoted_name",
           "recognize_programmes", "link_figures", "recognize_programme_links"]
