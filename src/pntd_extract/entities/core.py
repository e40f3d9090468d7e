"""Rule-based recognition of people, organisations, locations and roles in one article.

Input: the normalised ``text`` and its read sentences (title, body, caption) as ``(start, end)``
offsets. Output: an :class:`Analysis` holding entity mentions (token-aligned character spans
into ``text``), merged entities and roles. No model is called: the signals are the lexicons of
:mod:`pntd_extract.entities.lexicons`, capitalisation, and (only to extend organisation names
over lower-case syllables such as "Tài chính") underthesea word boundaries of the sentences
that contain an organisation head.

Passes over each sentence, in priority order (a token belongs to the first pass that claims it):

1. organisations: a head (``org_heads.tsv``) plus what completes it (place, name, level word);
   places inside an organisation name are recorded as nested location mentions;
2. locations introduced by a keyword (``quận Cầu Giấy``, ``TP.HCM``, ``đường Phạm Văn Đồng``);
3. people announced by an honorific, occupation, rank, academic title, or a position title
   (``Chủ tịch Hội LHPN xã Ea Tul H'Lim Mlô``, ``Thủ tướng Canada Leon Marsh``);
4. bare province and country names of two or more syllables (``Hà Nội``, ``Việt Nam``);
5. names that open with a family name of ``surnames.txt`` (``Khúc Văn Tài``);
6. bare one-syllable country names (``Lào``, ``Nga``) that stand alone.

Guards against non-names (tester report on real articles): a firm after a title is an
organisation, never a person (a capital inside a word, ``brand_patterns.tsv``, an all-caps
acronym, or after "X - Chủ tịch" a name that does not open with a family name: ``Chủ tịch
Vingroup``, ``Giám đốc CBRE Vietnam``, ``Chủ tịch Hòa Phát``), and a firm named once is an
organisation wherever it stands alone; a one-syllable name after a title, rank or occupation is
kept only when a name of the article ends with it; acronyms, countries, provinces (``Bà Rịa -
Vũng Tàu``), words after a house number (``136 Hồ Tùng Mậu``) and after ``thôn``/``xã`` are
never people; a title followed, without punctuation, by an organisation and a name belongs to
that name (``Chủ tịch UBTƯ MTTQ Việt Nam Trần Quốc Bình``), never to the person before.

Mentions of a person merge when their folded names are equal (``Đỗ Thị KIm Chi`` =
``Đỗ Thị Kim Chi``), and a short mention (``bà Chi``, ``bà Kim Chi``) joins the full name it
ends with when the genders agree. ``Bác`` never opens a person; it is an alias of Hồ Chí Minh
when he is named. Historical figures (``historical_figures.tsv``) are people without roles.

Example::

    >>> from pntd_extract.entities.core import analyse
    >>> t = "Bà Bùi Thị Trinh, Chủ tịch Hội LHPN quận Bắc Từ Liêm, phát biểu."
    >>> a = analyse(t, [(0, len(t))])
    >>> [p.name for p in a.people], [(r.title, r.org_text) for r in a.roles]
    (['Bùi Thị Trinh'], [('Chủ tịch', 'Hội LHPN quận Bắc Từ Liêm')])
"""
from __future__ import annotations

import re
from typing import Callable, Optional

from .lexicons import Lexicons, TOKEN_RE, fold, lexicons, tkey
from ..rule import Rule, _declare, chain, current_trace, declare, note
from .grammar import Analysis, Mention, Tok, _BUSINESS, _Sentence, expand_abbreviations
from ..dimensions.locations.rules import LocationRules
from ..dimensions.organizations.rules import OrganizationRules
from ..dimensions.people.rules import PeopleRules
from ..dimensions.roles.rules import RoleRules

__all__ = ['analyse', 'Analysis', 'Tok', 'expand_abbreviations']


class _Analyser(OrganizationRules, LocationRules, PeopleRules, RoleRules):

    def __init__(self, text: str, words_for: Optional[Callable[[int, int], list[tuple[int, int]]]]):
        self.text = text
        self.lx: Lexicons = lexicons()
        self.words_for = words_for
        self.mentions: list[Mention] = []
        self.titles_first = {k.split()[0] for k in self.lx.titles}
        self.heads_first = {k.split()[0] for k in self.lx.org_heads}
        self.kw_first = {k.split()[0] for k in self.lx.place_keywords}
        self.academic_long = {tkey(a): a for a in self.lx.academic if " " in a}
        self.hon_first = {k.split()[0] for k in self.lx.honorifics}
        self.world_keys = {tkey(k) for k in self.lx.world_places}
        self.country_keys = {tkey(k) for k in self.lx.countries}

    def _cap_run(self, s: _Sentence, k: int) -> int:
        """Capitalised tokens joined by single spaces from token k (at most 5)."""
        ln = 0
        while k + ln < len(s.toks) and ln < 5 and s.toks[k + ln].cap and (ln == 0 or s.spaced(k + ln)):
            ln += 1
        return ln

    def _name_like(self, s: _Sentence, k: int) -> bool:
        t = s.toks[k]
        return t.cap and not any(ch.isdigit() for ch in t.text) and s.owner[k] is None

    def _glued_next(self, s: _Sentence, k: int) -> bool:
        """Token k is the first syllable of a word going on in lower case ("Trung tâm",
        "Pháp luật") or glued to a hyphen ("Covid-19")."""
        if k + 1 >= len(s.toks):
            return False
        if s.gap(k + 1) in ("-", "–") or (s.spaced(k + 1) and s.toks[k + 1].text[:1].isdigit()):
            return True
        nxt = s.toks[k + 1]
        if not s.spaced(k + 1) or nxt.cap:
            return False
        return self._joined(s, k + 1)

    # ----------------------------------------------------------------- organisations
    def _joined(self, s: _Sentence, k: int) -> bool:
        """Token k continues the underthesea word of token k-1 ("Tài chính"), judged on a
        window of a few tokens around it (word segmentation is local; a short window keeps
        the CRF cheap)."""
        if self.words_for is None or k <= 0 or k >= len(s.toks):
            return False
        key = ("J", k)
        if key not in s.memo:
            st = s.toks[k].start
            calls = s.memo.get("J#", 0)
            if calls < 4:  # a few cheap windows; then the whole sentence once
                s.memo["J#"] = calls + 1
                a = s.toks[max(0, k - 3)].start
                b = s.toks[min(len(s.toks) - 1, k + 2)].end
                s.memo[key] = any(x < st < y for x, y in self.words_for(a, b))
            else:
                if "J*" not in s.memo:
                    inside: set[int] = set()
                    ti = 0
                    for x, y in sorted(self.words_for(s.toks[0].start, s.toks[-1].end)):
                        while ti < len(s.toks) and s.toks[ti].start <= x:
                            ti += 1
                        while ti < len(s.toks) and s.toks[ti].start < y:
                            inside.add(s.toks[ti].start)
                            ti += 1
                    s.memo["J*"] = inside
                s.memo[key] = st in s.memo["J*"]
        return s.memo[key]

    # ----------------------------------------------------------------- run
    def run(self, sentences: list[tuple[int, int]]) -> Analysis:
        """Run :data:`SENTENCE_PASSES` over each sentence, then :data:`ARTICLE_PASSES`, then
        resolve (:data:`RESOLVE_STEPS`, merging, roles). Each mention records the pass that made it."""
        sents = [_Sentence(self.text, a, b, idx) for idx, (a, b) in enumerate(sentences)]
        self._titles: list[Mention] = []
        for s in sents:
            for p in SENTENCE_PASSES:
                self._run_pass(p, s)
        self.sents = sents
        for p in ARTICLE_PASSES:
            self._run_pass(p, sents)
        return self._resolve(self._titles)

    def _run_pass(self, p: Rule, arg) -> None:
        before = len(self.mentions)
        p.fn(self, arg)
        made = [m for m in self.mentions[before:] if m.rule is None]
        if len(made) < len(self.mentions) - before or any(m.rule is None for m in self.mentions[:before]):
            made = [m for m in self.mentions if m.rule is None]  # a pass that inserted or replaced mentions
        for m in made:
            m.rule = p.name
        if current_trace() is not None:
            at = arg.toks[0].start if isinstance(arg, _Sentence) and arg.toks else None
            for m in self.mentions[before:]:
                note(m.rule or p.name, m.start, "fired", f"{m.kind} {m.text!r}")
            if len(self.mentions) == before:
                note(p.name, at, "no")

    def _pass_orgs(self, s: _Sentence) -> None:
        """1. organisations: a head plus what completes it; clubs."""
        n = len(s.toks)
        i = 0
        while i < n:
            tl = self._title_at(s, i)
            if tl > 1:  # an organisation never opens inside a title; it may share its last head
                i += tl - 1
                continue
            res = self._org_at(s, i) if s.owner[i] is None else None
            if not res and s.owner[i] is None and s.toks[i].cap:
                cl = self._club_at(s, i)
                res = (i + cl, []) if cl else None
            if res:
                j, nested = res
                m = Mention("ORG", s.index, i, j, s.toks[i].start, s.toks[j - 1].end,
                            self.text[s.toks[i].start:s.toks[j - 1].end])
                m.name = m.text
                hl = self._head_at(s, i)
                hkey = s.key(i, i + hl)
                m.bare = j == i + hl and self.lx.org_heads.get(hkey) == "body"
                if hkey in _BUSINESS or any(hkey.startswith(b + " ") for b in ("công ty", "tổng công ty")):
                    for x in nested:
                        x.hidden = True  # a place inside a company name is not a location mention
                for x in nested:
                    x.rule = "locations.inside_org"
                self.mentions.append(m)
                self.mentions.extend(nested)
                s.claim(i, j, "ORG")
                i = j
                continue
            i += 1

    def _pass_brands(self, s: _Sentence) -> None:
        self._sweep(s, self._brand_at, "ORG")

    def _pass_match_sides(self, s: _Sentence) -> None:
        for m in self._match_sides(s):
            self.mentions.append(m)
            s.claim(m.i, m.j, "ORG")

    def _pass_keyword_places(self, s: _Sentence) -> None:
        self._sweep(s, lambda s_, i: self._location_at(s_, i) if s_.owner[i] is None else None, "LOC")

    def _pass_titles(self, s: _Sentence) -> None:
        """titles (not claimed: they only feed roles)."""
        n = len(s.toks)
        i = 0
        while i < n:
            tl = self._title_at(s, i)
            if tl and s.owner[i] is None:
                key = s.key(i, i + tl)
                self._titles.append(Mention("TITLE", s.index, i, i + tl, s.toks[i].start, s.toks[i + tl - 1].end,
                                            self.text[s.toks[i].start:s.toks[i + tl - 1].end], title=self.lx.titles[key],
                                            rule="roles.title"))
                i += tl
                continue
            i += 1

    def _pass_announced(self, s: _Sentence) -> None:
        """3. people announced by an honorific, occupation, rank, academic or position title."""
        n = len(s.toks)
        i = 0
        while i < n:
            if s.owner[i] is None:
                res = self._triggered_person(s, i)
                if res:
                    j, m = res
                    m.rule = m.rule or "people.honorific"
                    self.mentions.append(m)
                    s.claim(i, m.i, "HON")
                    s.claim(m.i, m.j, "PER")
                    i = j
                    continue
                found = self._title_person(s, i)
                if found and s.free(found[0].i, found[-1].j):
                    for m in found:
                        m.rule = m.rule or ("people.after_title" if m.kind == "PER" else "organizations.after_title")
                        self.mentions.append(m)
                        s.claim(m.i, m.j, m.kind)
                    i = found[-1].j
                    continue
            i += 1

    def _pass_bare_places(self, s: _Sentence) -> None:
        self._bare_places(s, min_len=2)

    def _pass_surname(self, s: _Sentence) -> None:
        self._sweep(s, self._surname_person, "PER")

    def _pass_foreign(self, s: _Sentence) -> None:
        self._sweep(s, self._foreign_person, "PER")

    def _pass_bare_countries(self, s: _Sentence) -> None:
        self._bare_places(s, min_len=1)

    def _sweep(self, s: _Sentence, find, label: str) -> None:
        """Left-to-right pass over ``s``: each mention ``find(s, i)`` returns on free tokens
        is kept and claims its tokens for ``label``; the pass resumes after it."""
        i, n = 0, len(s.toks)
        while i < n:
            m = find(s, i)
            if m and s.free(m.i, m.j):
                self.mentions.append(m)
                s.claim(m.i, m.j, label)
                i = m.j
                continue
            i += 1

    @staticmethod
    def _quoted(s: _Sentence) -> list[bool]:
        """Per token: inside a quotation (“...”, "...") of the sentence."""
        if "quoted" in s.memo:
            return s.memo["quoted"]
        out = []
        depth = 0
        straight = False
        for k, t in enumerate(s.toks):
            for ch in s.gaps[k]:
                if ch == "\u201c":
                    depth += 1
                elif ch == "\u201d":
                    depth = max(0, depth - 1)
                elif ch == '"':
                    straight = not straight
            out.append(depth > 0 or straight)
        s.memo["quoted"] = out
        return out

    # ----------------------------------------------------------------- merging
    def _settle_weak(self) -> None:
        """A one-syllable person announced only by a title, rank or occupation ("Tổng thống
        Trump", "sinh viên Lào") stays a person only when a full name of the article ends with
        it; otherwise a brand-like word becomes an organisation ("Chủ tịch Vingroup") and
        anything else is dropped."""
        lasts = set()
        for m in self.mentions:
            if m.kind == "PER" and not m.weak:
                toks = TOKEN_RE.findall(m.text)
                if toks:  # "Ngô Thanh Kiều", or "anh Kiều" (an honorific is evidence too)
                    lasts.add(fold(toks[-1]))
        keep = []
        for m in self.mentions:
            if m.kind == "PER" and m.weak and fold(m.text) not in lasts:
                if not m.orgish:
                    continue
                m.kind = "ORG"
                m.firm = True
            keep.append(m)
        self.mentions = keep

    def _reshape(self, s: _Sentence, m: Mention, i: int, j: int) -> None:
        m.i, m.j = i, j
        m.start, m.end = s.toks[i].start, s.toks[j - 1].end
        m.text = m.name = self.text[m.start:m.end]

    def _resolve(self, titles: list[Mention]) -> Analysis:
        for step in RESOLVE_STEPS:
            kinds = {id(m): m.kind for m in self.mentions}
            step.fn(self)
            for m in self.mentions:
                k = kinds.get(id(m))
                if k is None or k != m.kind:  # a mention made or retyped by this step
                    m.rule = chain(m.rule, step.name)
        an = Analysis()
        ms = sorted(self.mentions, key=lambda m: (m.start, -m.end))
        an.mentions = ms
        self._merge_people(an, [m for m in ms if m.kind == "PER"])
        self._merge_orgs(an, [m for m in ms if m.kind == "ORG"])
        self._merge_locs(an, [m for m in ms if m.kind == "LOC"])
        self._roles(an, titles)
        self._drop_generic_orgs(an)
        self._drop_bare_heads(an)
        return an

    _AHEAD_STOP_RE = re.compile(r"[,;:()\[\]\"\u201c\u201d!?]|\.[ \t]|[ \t][-\u2013\u2014][ \t]")


def analyse(text: str, sentences: list[tuple[int, int]],
            words_for: Optional[Callable[[int, int], list[tuple[int, int]]]] = None) -> Analysis:
    """Find people, organisations, locations and roles in ``text``.

    ``sentences``: ``(start, end)`` offsets of the sentences to read (title, body, caption).
    ``words_for(start, end)``: optional word segmentation of a stretch (underthesea words as
    offsets); without it organisation names stop at the first lower-case syllable that is not
    in a small continuation list. Returns an :class:`Analysis`; never raises on odd text.
    """
    return _Analyser(text, words_for).run(sentences)


SENTENCE_PASSES = (
    Rule("organizations.head", "an organisation head (org_heads.tsv: Hội, UBND, Trường ...) and what completes it: "
         "place, name, level word, lower-case continuation (Hội LHPN quận Bắc Từ Liêm); clubs",
         _Analyser._pass_orgs, ("org_heads.tsv", "org_continuations.tsv", "abbreviations.tsv", "head_compounds.tsv",
                                "clause_verbs.tsv")),
    Rule("organizations.brand", "a firm named without a head or title (Norges Bank, Eximbank)",
         _Analyser._pass_brands, ("brand_patterns.tsv",)),
    Rule("organizations.match_sides", "the two sides of a match (trận đấu giữa Sông Lam và Quảng Ninh)",
         _Analyser._pass_match_sides),
    Rule("locations.keyword", "a place introduced by a keyword (quận Cầu Giấy, TP.HCM, đường Phạm Văn Đồng)",
         _Analyser._pass_keyword_places, ("place_keywords.tsv", "gazetteer_vn_admin.tsv")),
    Rule("roles.title", "a position title (titles.tsv: Chủ tịch, Phó Giám đốc); titles only feed roles",
         _Analyser._pass_titles, ("titles.tsv",)),
    Rule("people.announced", "a person announced by an honorific, occupation, rank, academic or position title "
         "(Bà Bùi Thị Trinh, Đại tá Hoàng Minh Khang, Chủ tịch UBND xã Trần Văn A)", _Analyser._pass_announced,
         ("honorifics.tsv", "ranks.tsv", "academic_titles.tsv", "titles.tsv", "surnames.txt", "not_person.tsv")),
    Rule("locations.bare_place", "a bare province or country name of two or more syllables (Hà Nội, Việt Nam)",
         _Analyser._pass_bare_places, ("gazetteer_vn_admin.tsv", "countries.tsv")),
    Rule("people.surname", "a name opening with a family name (surnames.txt: Khúc Văn Tài)",
         _Analyser._pass_surname, ("surnames.txt", "not_person.tsv", "historical_figures.tsv")),
    Rule("people.foreign_given", "a foreign name opening with a known given name (Joe Biden)",
         _Analyser._pass_foreign, ("foreign_given_names.txt",)),
    Rule("locations.bare_country", "a one-syllable country name standing alone (Lào, Nga)",
         _Analyser._pass_bare_countries, ("countries.tsv",)),
)
"""The per-sentence pass order: a token belongs to the first pass that claims it."""

ARTICLE_PASSES = (
    Rule("locations.bare_gazetteer", "a bare district/commune name of the gazetteer with place evidence "
         "(place_cues.tsv: về, tại ... xã Tân Lập)", _Analyser._gazetteer_places,
         ("gazetteer_vn_admin.tsv", "place_cues.tsv")),
    Rule("locations.given_name_not_country", "a one-syllable country that is a named person's given name is no "
         "place", lambda self, sents: self._given_name_countries(), ("countries.tsv",)),
    Rule("locations.byline_place", "a trailing place-name byline", _Analyser._place_byline,
         ("gazetteer_vn_admin.tsv",)),
    Rule("people.byline", "a sentence that is only a name, at the end or after 'Ảnh:'", _Analyser._bylines,
         ("surnames.txt",)),
    Rule("people.bare_name", "a bare given or family name of a person already named (Parscale nói)",
         _Analyser._bare_name_mentions),
)
"""Passes over the whole article, after the sentence passes."""

RESOLVE_STEPS = (
    Rule("people.fix", "split merged foreign names, strip honorifics, places are not people", _Analyser._fix_people,
         ("world_places.tsv", "countries.tsv")),
    Rule("people.settle_weak", "a one-syllable person after a title stays a person only when a full name ends with "
         "it; a brand-like one becomes an organisation", _Analyser._settle_weak),
    Rule("organizations.propagate_firms", "a firm named once is an organisation wherever it stands alone",
         _Analyser._propagate_firms),
)
"""Steps before merging; a mention they make or retype gets the step's name in its chain."""

for _r in SENTENCE_PASSES + ARTICLE_PASSES + RESOLVE_STEPS:
    _declare(_r)
for _n, _d, _lx in (
        ("people.honorific", "a person after an honorific, occupation, rank or academic title (Bà, Đại tá, PGS.TS)",
         ("honorifics.tsv", "ranks.tsv", "academic_titles.tsv", "surnames.txt")),
        ("people.after_title", "a person after a position title (Chủ tịch Hội LHPN xã Ea Tul H'Lim Mlô)",
         ("titles.tsv", "surnames.txt")),
        ("organizations.after_title", "a firm after a title is an organisation (Chủ tịch Vingroup)",
         ("titles.tsv", "brand_patterns.tsv")),
        ("locations.inside_org", "a place inside an organisation name (quận Bắc Từ Liêm in Hội LHPN quận Bắc Từ Liêm)",
         ("place_keywords.tsv", "gazetteer_vn_admin.tsv"))):
    declare(_n, _d, _lx)
