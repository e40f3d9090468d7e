"""Loading the entity lexicons (data files under ``pntd_extract/dimensions/{people,organizations,locations,roles}/lexicons``).

Every loader reads one TSV/txt file whose header comment names its fields and source, caches
the result, and raises ``ValueError`` naming the file and line on a malformed row.

Files: ``surnames.txt``, ``honorifics.tsv``, ``titles.tsv``, ``ranks.tsv``,
``academic_titles.tsv``, ``org_heads.tsv``, ``abbreviations.tsv``, ``countries.tsv``,
``not_person.tsv``, ``brand_patterns.tsv``, ``historical_figures.tsv``, ``foreign_given_names.txt``, ``place_keywords.tsv``,
``org_continuations.tsv`` (lower-case words continuing an organisation name: "Vụ Giáo dục đại học"),
``world_places.tsv`` (oceans, seas, foreign cities: never a person), ``head_compounds.tsv``
(words such as "thị trường" whose last syllable is no organisation head), ``gazetteer_vn_admin.tsv`` (derived by
``scripts/build_gazetteer.py`` from underthesea's offline administrative-unit mapping).

Example::

    >>> from pntd_extract.entities.lexicons import lexicons
    >>> lexicons().honorifics["bà"]
    'female'
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from ..lexicon import read_tsv

__all__ = ["Lexicons", "lexicons", "fold", "tkey", "GazEntry", "TOKEN_RE"]


TOKEN_RE = re.compile(r"\w+(?:['\u2019\u02bc]\w+)*")


def tkey(s: str) -> str:
    """Token key of a lexicon entry: :func:`fold` then only word tokens, single-spaced.

    >>> tkey("Bà Rịa - Vũng Tàu")
    'bà rịa vũng tàu'
    """
    return " ".join(TOKEN_RE.findall(fold(s)))


def fold(s: str) -> str:
    """Matching key of a token sequence: lower case, ``’`` -> ``'``, single spaces.

    >>> fold("Đỗ Thị  KIm Chi")
    'đỗ thị kim chi'
    """
    return " ".join(s.replace("\u2019", "'").replace("\u02bc", "'").lower().split())


def _rows(name: str, ncols: int) -> list[list[str]]:
    return read_tsv(name, ncols)


@dataclass(frozen=True)
class GazEntry:
    """One administrative unit of the gazetteer."""

    name: str
    level: str
    full: str
    province: str
    period: str


@dataclass
class Lexicons:
    """All entity lexicons, keyed by :func:`fold` of their surface forms."""

    surnames: set[str] = field(default_factory=set)
    honorifics: dict[str, str] = field(default_factory=dict)  # fold -> female|male|-
    honorific_kind: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # fold -> canonical
    title_kind: dict[str, str] = field(default_factory=dict)  # fold -> state|business|party ...
    ranks: dict[str, str] = field(default_factory=dict)  # fold -> canonical
    academic: dict[str, str] = field(default_factory=dict)  # as written -> canonical
    org_heads: dict[str, str] = field(default_factory=dict)  # fold -> kind
    abbreviations: dict[str, str] = field(default_factory=dict)  # as written -> expansion
    countries: dict[str, str] = field(default_factory=dict)  # as written -> canonical
    not_person: dict[str, str] = field(default_factory=dict)  # as written -> reason
    place_cues: dict[str, str] = field(default_factory=dict)  # word before a bare place -> kind
    clause_verbs: dict[str, str] = field(default_factory=dict)  # verb syllable -> strong | weak
    abbreviation_kind: dict[str, str] = field(default_factory=dict)  # abbreviation -> org | place | ...
    historical: dict[str, list[str]] = field(default_factory=dict)  # fold(name) -> aliases
    foreign_given: set[str] = field(default_factory=set)  # as written
    world_places: dict[str, str] = field(default_factory=dict)  # as written -> ocean|sea|city|region
    head_compounds: set[str] = field(default_factory=set)  # lower-case words such as "thị trường"
    org_continuations: dict[str, set[str]] = field(default_factory=dict)  # phrase -> heads
    place_keywords: dict[str, tuple[Optional[str], str]] = field(default_factory=dict)
    gazetteer: dict[str, list[GazEntry]] = field(default_factory=dict)  # fold(name) -> units
    provinces: dict[str, GazEntry] = field(default_factory=dict)  # fold(name) -> province unit
    max_len: dict[str, int] = field(default_factory=dict)  # longest entry in tokens, per lexicon
    brand_words: set[str] = field(default_factory=set)  # as written ("Airlines")
    brand_prefixes: tuple[str, ...] = ()  # "Vin", "Viet"
    brand_suffixes: tuple[str, ...] = ()  # "group", "bank"
    brand_tails: set[str] = field(default_factory=set)  # "Bank", "Airlines": end a firm name alone

    def gaz(self, key: str, level: Optional[str] = None) -> list[GazEntry]:
        """Units named ``key`` (folded), optionally only those of ``level``."""
        units = self.gazetteer.get(key, [])
        return [u for u in units if level is None or u.level == level]


def _ntok(s: str) -> int:
    return len(s.split())


@lru_cache(maxsize=1)
def lexicons() -> Lexicons:
    """Load every lexicon once (about 40 ms, mostly the 12,500-unit gazetteer)."""
    lx = Lexicons()
    for (s,) in _rows("surnames.txt", 1):
        lx.surnames.add(tkey(s))
    for s, g, kind in _rows("honorifics.tsv", 3):
        lx.honorifics[tkey(s)] = g
        lx.honorific_kind[tkey(s)] = kind
    for t, kind in _rows("titles.tsv", 2):
        lx.titles[tkey(t)] = t
        lx.title_kind[tkey(t)] = kind
    for r, _kind in _rows("ranks.tsv", 2):
        lx.ranks[tkey(r)] = r
    for s, canon, _exp in _rows("academic_titles.tsv", 3):
        lx.academic[s] = canon
    for h, kind in _rows("org_heads.tsv", 2):
        lx.org_heads[tkey(h)] = kind
    for a, exp, kind in _rows("abbreviations.tsv", 3):
        lx.abbreviations[a] = exp
        lx.abbreviation_kind[a] = kind
    for n, canon in _rows("countries.tsv", 2):
        lx.countries[n] = canon
    for p, reason in _rows("not_person.tsv", 2):
        lx.not_person[p] = reason
    for pat, kind in _rows("brand_patterns.tsv", 2):
        if kind == "word":
            lx.brand_words.add(pat)
        elif kind == "prefix":
            lx.brand_prefixes += (pat,)
        elif kind == "suffix":
            lx.brand_suffixes += (pat,)
        elif kind == "tail":
            lx.brand_tails.add(pat)
    for n, kind in _rows("world_places.tsv", 2):
        lx.world_places[n] = kind
    for phrase, heads in _rows("org_continuations.tsv", 2):
        lx.org_continuations[tkey(phrase)] = {tkey(h) for h in heads.split(",") if h.strip()}
    for w, _head in _rows("head_compounds.tsv", 2):
        lx.head_compounds.add(tkey(w))
    for (n,) in _rows("foreign_given_names.txt", 1):
        lx.foreign_given.add(n)
    for row in _rows("historical_figures.tsv", 1):
        lx.historical[tkey(row[0])] = [a for a in (row[1] if len(row) > 1 else "").split(",") if a]
    for verb, _example, kind in _rows("clause_verbs.tsv", 3):
        lx.clause_verbs[tkey(verb)] = kind
    for cue, kind in _rows("place_cues.tsv", 2):
        lx.place_cues[tkey(cue)] = kind
    for k, level, kind in _rows("place_keywords.tsv", 3):
        lx.place_keywords[tkey(k)] = (None if level == "-" else level, kind)
    for name, level, full, prov, period in _rows("gazetteer_vn_admin.tsv", 5):
        e = GazEntry(name, level, full, prov, period)
        lx.gazetteer.setdefault(tkey(name), []).append(e)
        if prov == name and level in ("tỉnh", "thành phố"):
            lx.provinces[tkey(name)] = e
    # "Hồ Chí Minh" alone is the person; the city is written with TP / thành phố (or TP.HCM)
    lx.provinces.pop(tkey("Hồ Chí Minh"), None)
    # well-known short forms of province names
    for alias, target in (("Thủ đô Hà Nội", "Hà Nội"),):
        if tkey(target) in lx.provinces:
            lx.provinces.setdefault(tkey(alias), lx.provinces[tkey(target)])
    lx.max_len = {
        "titles": max(map(_ntok, lx.titles)),
        "ranks": max(map(_ntok, lx.ranks)),
        "heads": max(map(_ntok, lx.org_heads)),
        "honorifics": max(map(_ntok, lx.honorifics)),
        "gaz": 5,
        "countries": max(map(_ntok, lx.countries)),
        "keywords": max(map(_ntok, lx.place_keywords)),
        "org_continuations": max(map(_ntok, lx.org_continuations), default=0),
    }
    return lx
