"""Location rules: places introduced by a keyword (``place_keywords.tsv``: quận, phường, đường ...),
the administrative-unit gazetteer (``gazetteer_vn_admin.tsv``), countries (``countries.tsv``),
world places (``world_places.tsv``), bare provinces and bylines; merging of place mentions.

A mixin of :class:`pntd_extract.entities.core._Analyser`.
"""
from __future__ import annotations

import re
from typing import Optional

from ...entities.lexicons import tkey
from ...entities.grammar import Analysis, Entity, Mention, _ABBR_LEVELS, _DISTRICT_LEVELS, _PLACE_PREPS, _PRE_COMPOUND, _Sentence, _longest


_COMMUNE_LEVELS = frozenset({"phường", "xã", "thị trấn"})


class LocationRules:
    """Rules finding and merging locations (mixed into the entity analyser)."""

    def _keyword_at(self, s: _Sentence, i: int) -> int:
        if s.toks[i].low not in self.kw_first:
            return 0
        return _longest(s, i, self.lx.place_keywords, self.lx.max_len["keywords"], spaced_only=True)

    def _province_at(self, s: _Sentence, i: int) -> tuple[int, Optional[str], Optional[str], Optional[str]]:
        """Longest bare province/country name at token i: (length, name, level, canonical)."""
        key = ("P", i)
        if key not in s.memo:
            s.memo[key] = self._province_at0(s, i)
        return s.memo[key]

    def _province_at0(self, s: _Sentence, i: int) -> tuple[int, Optional[str], Optional[str], Optional[str]]:
        best = (0, None, None, None)
        n = len(s.toks)
        key = ""
        for ln in range(1, min(5, n - i) + 1):
            k = i + ln - 1
            if not s.toks[k].cap or (ln > 1 and not s.joinable(k)):
                break
            key = s.toks[k].low if ln == 1 else key + " " + s.toks[k].low
            if key in self.lx.provinces:
                e = self.lx.provinces[key]
                best = (ln, e.name, e.level, e.full)
            elif key in self._countries:
                best = (ln, s.text[s.toks[i].start:s.toks[k].end], "quốc gia", self._countries[key])
        return best

    @property
    def _countries(self) -> dict[str, str]:
        if not hasattr(self, "_ctry"):
            self._ctry = {tkey(k): v for k, v in self.lx.countries.items()}
        return self._ctry

    def _gaz_run(self, s: _Sentence, k: int) -> int:
        """Length of the longest gazetteer unit name (any level) at token k."""
        best = 0
        for ln in range(1, min(5, len(s.toks) - k) + 1):
            if ln > 1 and not (s.spaced(k + ln - 1) and s.toks[k + ln - 1].cap):
                break
            if s.key(k, k + ln) in self.lx.gazetteer:
                best = ln
        return best

    # ----------------------------------------------------------------- places
    def _place_name(self, s: _Sentence, i: int, level: Optional[str], allow_digits: bool,
                    person_ok: bool = True) -> int:
        """Tokens of a place name at i (after a level keyword, or bare after a party head)."""
        n = len(s.toks)
        if i >= n or not s.spaced(i) and not (i > 0 and s.gap(i) in (".", ". ")):
            return 0
        t = s.toks[i]
        if allow_digits and t.text.isdigit():
            return 1
        if not t.cap:
            return 0
        # gazetteer, longest first
        best = 0
        key = ""
        for ln in range(1, min(5, n - i) + 1):
            k = i + ln - 1
            if ln > 1 and (not s.joinable(k) or not s.toks[k].cap and not s.toks[k].text.isdigit()):
                break
            key = s.toks[k].low if ln == 1 else key + " " + s.toks[k].low
            if self.lx.gaz(key, level) or (level is None and key in self.lx.gazetteer) or self._same_tier(key, level):
                best = ln
        if best:
            return best
        if level == "tỉnh":
            return 0  # the list of provinces is closed: "7 tỉnh Tây Nam Bộ" is a region
        # fallback: capitalised run, at most 4 tokens, not running into a person name or title
        ln = 0
        while i + ln < n and ln < 4:
            k = i + ln
            tk = s.toks[k]
            if ln > 0 and not s.spaced(k):
                break
            if not (tk.cap or (ln > 0 and (tk.text.isdigit() or re.fullmatch(r"[IVX]+|\d+[A-Z]?", tk.text)))):
                break
            if ln > 0 and (tk.low in self.lx.surnames and k + 1 < n and s.toks[k + 1].cap and s.spaced(k + 1)) \
                    and (level not in ("thôn", "xã", "phường") or self._cap_run(s, k) >= 3):
                break  # "xã Ea Tul Nguyễn Văn A"; but "thôn Bích La Đông" is one place
            if self._title_at(s, k) or ln > 0 and (self._head_at(s, k) or self._keyword_at(s, k)):
                break  # "TP. Phó Chủ tịch ...": a title is never a place name
            if s.owner[k] is not None:
                break
            if ln == 0 and (tk.low in self.heads_first and self._head_at(s, k) or self.lx.not_person.get(tk.text) == "common"):
                break
            if ln == 0 and not person_ok and self._looks_like_person(s, k):
                break
            if self._glued_next(s, k):
                break  # "Quân chủng": a common word, not a place
            ln += 1
        return ln

    def _same_tier(self, key: str, level: Optional[str]) -> bool:
        """Rule ``location.same_tier``: the gazetteer knows ``key`` at another level of the
        same tier as the written level word (district: quận / huyện / thị xã / thành phố;
        commune: phường / xã / thị trấn). Units change level (``thị xã Từ Sơn`` became a
        city), and the press keeps the old word.

        >>> from pntd_extract.entities.core import analyse
        >>> t = "Đoàn về thị xã Từ Sơn."
        >>> [(l.name, l.level) for l in analyse(t, [(0, len(t))]).locations]
        [('Từ Sơn', 'thị xã')]
        """
        for tier in (_DISTRICT_LEVELS, _COMMUNE_LEVELS):
            if level in tier:
                return any(u.level in tier for u in self.lx.gaz(key))
        return False

    def _tp_at(self, s: _Sentence, i: int) -> Optional[tuple[int, int, str, str, Optional[str]]]:
        """TP.HCM / TPHCM / TP Hà Nội / Tp. Vinh: (i, j, name, level, canonical) or None."""
        t = s.toks[i]
        if t.text in ("TPHCM", "HCM") or (t.text == "Sài" and i + 1 < len(s.toks) and s.toks[i + 1].text == "Gòn"):
            j = i + (2 if t.text == "Sài" else 1)
            return i, j, self.text[t.start:s.toks[j - 1].end], "thành phố", "Thành phố Hồ Chí Minh"
        if t.text in _ABBR_LEVELS and i + 1 < len(s.toks) and s.gap(i + 1) in (".", ". "):
            level = _ABBR_LEVELS[t.text]
            nx = s.toks[i + 1]
            ln = 1 if nx.text.isdigit() else (self._place_name(s, i + 1, level, False) if nx.cap and len(nx.text) > 1 else 0)
            if ln:
                name = self.text[nx.start:s.toks[i + ln].end]
                gz = self.lx.gaz(tkey(name), level)
                return i, i + 1 + ln, name, level, (gz[0].full if gz else None)
            return None
        if t.text not in ("TP", "Tp") or i + 1 >= len(s.toks):
            return None
        gap = s.gap(i + 1)
        if gap not in (".", ". ", " ", ".  "):
            return None
        if s.toks[i + 1].text == "HCM":
            return i, i + 2, self.text[t.start:s.toks[i + 1].end], "thành phố", "Thành phố Hồ Chí Minh"
        ln = self._place_name(s, i + 1, "thành phố", False) if s.toks[i + 1].cap else 0
        if not ln:
            return None
        name = self.text[s.toks[i + 1].start:s.toks[i + ln].end]
        gz = self.lx.gaz(tkey(name), "thành phố")
        return i, i + 1 + ln, name, "thành phố", (gz[0].full if gz else None)

    def _location_at(self, s: _Sentence, i: int, in_org: bool = False) -> Optional[Mention]:
        """A keyword-introduced location at token i (level word + name, TP.X, street ...)."""
        tp = self._tp_at(s, i)
        if tp:
            a, b, name, level, canon = tp
            return self._loc(s, a, b, name, level, canon)
        kl = self._keyword_at(s, i)
        if not kl:
            return None
        level, kind = self.lx.place_keywords[s.key(i, i + kl)]
        if kind == "place" and in_org:
            return None
        if kind == "place":
            kw = s.toks[i]
            if kw.cap and i > 0 and s.spaced(i) and s.toks[i - 1].cap:
                return None
            if kw.cap and (kw.low in self.lx.surnames or s.gap(i)[-1:] in "\"“'‘(" if i > 0 else kw.low in self.lx.surnames):
                return None
            if i > 0 and s.spaced(i) and s.toks[i - 1].low in _PRE_COMPOUND:
                return None
            if i + kl < len(s.toks) and s.toks[i + kl].upper and len(s.toks[i + kl].text) > 2:
                return None
        if kind == "admin" and not s.toks[i].cap and s.toks[i].text != s.toks[i].low:
            return None
        ln = self._place_name(s, i + kl, level, allow_digits=(kind != "admin" or level in ("thôn", "phường", "xã", "quận")))
        if not ln:
            return None
        j = i + kl + ln
        if kind == "admin" and not s.toks[i + kl].text[:1].isdigit():
            name = self.text[s.toks[i + kl].start:s.toks[j - 1].end]
            gz = self.lx.gaz(tkey(name), level)
            canon = gz[0].full if gz else None
            return self._loc(s, i, j, name, level, canon)
        name = self.text[s.toks[i].start:s.toks[j - 1].end]
        m = self._loc(s, i, j, name, level if kind in ("hamlet", "admin") else None, None)
        m.hidden = kind == "place"  # streets, markets, temples: claimed, not KB locations
        return m

    def _loc(self, s, i, j, name, level, canon) -> Mention:
        return Mention("LOC", s.index, i, j, s.toks[i].start, s.toks[j - 1].end,
                       self.text[s.toks[i].start:s.toks[j - 1].end], name=name, level=level, canonical=canon)

    def _place_byline(self, sents: list[_Sentence]) -> None:
        """A last line "Place - Name" ("Hải Dương - Hoan Trần") is a byline: where the reporter
        filed from and who; the place is no location of the article and the name is a person."""
        for s in sents[-1:]:
            n = len(s.toks)
            locs = [m for m in self.mentions if m.sent == s.index and m.kind == "LOC"]
            if len(locs) != 1 or locs[0].i != 0:
                continue
            a = locs[0].j
            if a >= n or s.gap(a).strip() not in ("-", "–") or not self._name_only(s, a, n):
                continue
            if self.text[s.toks[-1].end:s.end].strip(" .\t\n"):
                continue
            self.mentions.remove(locs[0])
            for k in range(0, a):
                s.owner[k] = None
            self.mentions.append(self._person(s, a, n))
            s.claim(a, n, "PER")

    def _bare_places(self, s: _Sentence, min_len: int) -> None:
        n = len(s.toks)
        quoted = self._quoted(s)
        i = 0
        while i < n:
            if min_len >= 2 and s.owner[i] is None and (i == 0 or not (s.spaced(i) and s.toks[i - 1].cap)):
                fl = self._firm_at(s, i)
                if fl and s.free(i, i + fl):
                    self.mentions.append(self._org_mention(s, i, i + fl))
                    s.claim(i, i + fl, "ORG")
                    i += fl
                    continue
            if s.owner[i] is None and s.toks[i].cap and not quoted[i]:
                pl, name, level, canon = self._province_at(s, i)
                if pl >= min_len and s.free(i, i + pl):
                    if pl == 1:
                        prev_low = s.toks[i - 1].low if i > 0 else ""
                        before = i > 1 and s.spaced(i) and s.toks[i - 1].cap and s.owner[i - 1] is None \
                            and prev_low not in _PLACE_PREPS
                        after = i + 1 < n and s.spaced(i + 1) and s.toks[i + 1].cap and s.owner[i + 1] is None
                        if before or after or prev_low in self.lx.honorifics or prev_low in ("ngữ", "tiếng", "người") \
                                or self._glued_next(s, i):
                            i += 1
                            continue
                    if i + pl < n and s.spaced(i + pl) and s.toks[i + pl].cap and s.owner[i + pl] is None \
                            and not self._title_at(s, i + pl) and not self._head_at(s, i + pl):
                        i += pl  # part of a longer capitalised name
                        continue
                    self.mentions.append(self._loc(s, i, i + pl, name, level, canon))
                    s.claim(i, i + pl, "LOC")
                    i += pl
                    continue
            i += 1

    def _gazetteer_places(self, sents: list[_Sentence]) -> None:
        """Rule ``location.bare_gazetteer``: a capitalised name of two or three syllables,
        written without a level word, that is exactly one district or commune of the
        gazetteer lying in a province the article names, is a location of that unit's level
        when the text says it is a place: a cue of ``place_cues.tsv`` before it (``ở Cẩm
        Thạch``, ``đảo Lý Sơn``), an opening bracket (``(Chợ Gạo, Tiền Giang)``), a province
        after it, or (district units only) nothing at all when it does not look like a
        person's name (``Đội TTGT Bình Thủy``); a name listed right after such a place (``ở A và
        B``) shares its evidence. Tokens already claimed are never taken.

        >>> from pntd_extract.entities.core import analyse
        >>> t = "Tỉnh Hà Tĩnh hỗ trợ 36 nhà ở Cẩm Thạch và Cẩm Duệ (Cẩm Xuyên)."
        >>> sorted((l.name, l.level) for l in analyse(t, [(0, len(t))]).locations)
        [('Cẩm Duệ', 'xã'), ('Cẩm Thạch', 'xã'), ('Cẩm Xuyên', 'huyện'), ('Hà Tĩnh', 'tỉnh')]
        >>> t = "Tỉnh Hà Tĩnh: bà Cẩm Thạch nhận quà."
        >>> sorted(l.name for l in analyse(t, [(0, len(t))]).locations)
        ['Hà Tĩnh']
        """
        provs = set()
        for m in self.mentions:
            if m.kind == "LOC":
                for key in (tkey(m.name), tkey(m.canonical or "")):
                    p = self.lx.provinces.get(key)
                    if p is not None:
                        provs.add(p.name)
                    for u in self.lx.gaz(key):
                        if u.province:
                            provs.add(u.province)
        if not provs:
            return
        cues = self.lx.place_cues
        for s in sents:
            n = len(s.toks)
            i = 0
            while i < n:
                got = self._gazetteer_place_at(s, i, provs, cues)
                if got:
                    self.mentions.append(got)
                    s.claim(got.i, got.j, "LOC")
                    i = got.j
                    continue
                i += 1

    def _gazetteer_place_at(self, s: _Sentence, i: int, provs: set, cues: dict) -> Optional[Mention]:
        n = len(s.toks)
        if s.owner[i] not in (None, "PER") or not s.toks[i].cap or (i > 0 and s.spaced(i) and s.toks[i - 1].cap):
            return None
        for ln in (3, 2):
            j = i + ln
            if j > n or not all(s.toks[k].cap and not s.toks[k].upper and s.owner[k] == s.owner[i]
                                for k in range(i, j)) or not all(s.spaced(k) for k in range(i + 1, j)):
                continue
            weak = None  # a surname-led name found without any trigger ("ở Ninh Kiều")
            if s.owner[i] == "PER":
                weak = next((m for m in self.mentions if m.kind == "PER" and m.sent == s.index and m.i == i
                             and m.j == j and not m.triggered and not m.titles), None)
                if weak is None:
                    return None
            if j < n and s.spaced(j) and s.toks[j].cap:
                continue  # part of a longer capitalised name
            key = s.key(i, j)
            if key in self.lx.provinces:
                continue
            units = [u for u in self.lx.gaz(key) if u.province in provs
                     and (u.level in _DISTRICT_LEVELS or u.level in _COMMUNE_LEVELS)]
            if not units:
                continue
            prev = s.toks[i - 1].low if i > 0 and s.spaced(i) else ""
            bracket = i > 0 and s.gap(i).rstrip().endswith("(")
            after = j < n and s.gap(j).strip() in (",", "(", "-", "–") and self._province_at(s, j)[0]
            district = [u for u in units if u.level in _DISTRICT_LEVELS]
            listed = (prev == "và" and i >= 2 and s.owner[i - 2] == "LOC") or \
                (i >= 1 and s.gap(i).strip() == "," and s.owner[i - 1] == "LOC")  # "ở A và B", "A, B"
            if prev in cues or bracket or after or listed:
                u = district[0] if district else units[0]
            elif district and weak is None and not self._looks_like_person(s, i) and prev not in self.lx.honorifics:
                u = district[0]
            else:
                continue
            if weak is not None:  # the place evidence outweighs a name found by its shape alone
                self.mentions.remove(weak)
                s.claim(i, j, None)
            return self._loc(s, i, j, self.text[s.toks[i].start:s.toks[j - 1].end], u.level, u.full)
        return None

    def _given_name_countries(self) -> None:
        """Rule ``location.not_a_given_name``: a one-syllable country standing alone (``Anh``,
        ``Pháp``) that is the last syllable of a person named in the article is that
        person's short name, not the country (``Pháp nhận 47 triệu đồng`` after ``Trần
        Lập Pháp``).

        >>> from pntd_extract.entities.core import analyse
        >>> t = "Bị cáo Trần Lập Pháp và Võ Hoàng Anh nhận tiền. Pháp nhận 40 triệu đồng."
        >>> [l.name for l in analyse(t, [(0, len(t))]).locations]
        []
        """
        last = {tkey(m.name).split()[-1] for m in self.mentions
                if m.kind == "PER" and m.name and len(tkey(m.name).split()) >= 2}
        for m in self.mentions:
            if m.kind == "LOC" and not m.hidden and " " not in tkey(m.name) and tkey(m.name) in last \
                    and m.level == "quốc gia":
                m.hidden = True

    def _place_kind(self, name: str) -> Optional[str]:
        """"major" when ``name`` (2+ syllables) is exactly a country, province, ocean, sea or
        well-known foreign city (countries.tsv, the gazetteer's provinces, world_places.tsv),
        "minor" when it is a district-level gazetteer unit ("Hà Đông", "Thái Thụy"), else None."""
        key = tkey(name)
        if " " not in key or key in self.lx.historical:  # "Hồ Chí Minh" the person
            return None  # one syllable ("bà Huế", "ông Anh") is a given name as often as a place
        if key in self.lx.provinces or key in self.world_keys or key in self.country_keys:
            return "major"
        # a district-level unit ("Hà Đông", "Thái Thụy"); commune and ward names ("Phương Mai",
        # "Minh Châu") are given names far more often than places
        return "minor" if any(u.level in _DISTRICT_LEVELS for u in self.lx.gaz(key)) else None

    def _merge_locs(self, an: Analysis, ms: list[Mention]) -> None:
        groups: dict[tuple[str, Optional[str]], Entity] = {}
        order: list[Entity] = []
        for m in ms:
            if m.hidden:
                continue
            k = (m.canonical, m.level) if m.canonical else (tkey(m.name), m.level)
            e = groups.get(k)
            if e is None:
                e = Entity("LOC", " ".join(m.name.split()), key=k[0], level=m.level, canonical=m.canonical)
                groups[k] = e
                order.append(e)
            e.mentions.append(m)
            if e.canonical is None and m.canonical:
                e.canonical = m.canonical
        # a bare province name with no level joins the same name with a level
        for idx, e in enumerate(order):
            e.mentions.sort(key=lambda m: m.start)
            for m in e.mentions:
                m.entity = idx
        an.locations = order
