"""Organisation rules: a head (``org_heads.tsv``) and what completes it (place, name, level
word, lower-case continuations ``org_continuations.tsv``), clubs, brands (``brand_patterns.tsv``),
firms, match sides; merging by folded and expanded names (``abbreviations.tsv``).

A mixin of :class:`pntd_extract.entities.core._Analyser`.
"""
from __future__ import annotations

from typing import Optional

from ...entities.lexicons import TOKEN_RE, tkey
from ...entities.grammar import Analysis, Entity, Mention, Tok, _LOWER_HEADS, _LOWER_STOP, _ORG_CONT, _SCHOOL_WORDS, _SENT_WORDS, _SUBUNITS, _Sentence, _longest, expand_abbreviations


class OrganizationRules:
    """Rules finding and merging organisations (mixed into the entity analyser)."""

    def _head_at(self, s: _Sentence, i: int) -> int:
        key = ("H", i)
        if key not in s.memo:
            s.memo[key] = self._head_at0(s, i)
        return s.memo[key]

    def _head_at0(self, s: _Sentence, i: int) -> int:
        t = s.toks[i]
        if t.low not in self.heads_first:
            return 0
        if not t.cap:
            # a lower-case head opens a name only for schools, hospitals, firms, banks
            hl = _longest(s, i, _LOWER_HEADS, 2, spaced_only=True)
            if hl and i > 0 and s.spaced(i) and s.key(i - 1, i + hl) in self.lx.head_compounds:
                return 0  # "thị trường BĐS": the market, not the school "trường BĐS" (head_compounds.tsv)
            if hl and i + hl < len(s.toks) and s.toks[i + hl].cap and s.spaced(i + hl) \
                    and not self._province_at(s, i + hl)[0]:
                return hl
            return 0
        return _longest(s, i, self.lx.org_heads, self.lx.max_len["heads"])

    def _brandish(self, t: Tok) -> bool:
        """Token shaped like a firm or brand name, never a given name: a capital inside it
        (``VPBank``, ``PetroTimes``), a word of ``brand_patterns.tsv`` (``Airlines``), or a
        brand prefix/suffix (``Vingroup``, ``Vietjet``). All-caps acronyms are judged apart."""
        x = t.text
        if len(x) < 2 or t.upper or "'" in t.low:
            return False
        if any(c.isupper() for c in x[1:]) or x in self.lx.brand_words:
            return True
        if any(x.startswith(p) and len(x) >= len(p) + 3 for p in self.lx.brand_prefixes):
            return True
        return any(t.low.endswith(sf) and len(t.low) >= len(sf) + 3 for sf in self.lx.brand_suffixes)

    def _org_at(self, s: _Sentence, i: int, depth: int = 0) -> Optional[tuple[int, list[Mention]]]:
        """An organisation starting at token i: (end token, nested locations) or None."""
        hl = self._head_at(s, i)
        if not hl:
            return None
        kind = self.lx.org_heads[s.key(i, i + hl)]
        j = i + hl
        n = len(s.toks)
        nested: list[Mention] = []
        if kind == "prefix":
            if depth < 2 and j < n and s.spaced(j):
                sub = self._org_at(s, j, depth + 1)
                if sub:
                    return sub
            return None
        if kind == "numbered":  # "Vùng 3 Hải quân": a number, then the name
            if not (j + 1 < n and s.spaced(j) and s.toks[j].text.isdigit() and s.spaced(j + 1)
                    and s.toks[j + 1].cap):
                return None
            k = self._named_complement(s, j + 1, s.key(i, i + hl))
            return (k, nested) if k > j + 1 else None
        if kind == "named":
            k = self._named_complement(s, j, s.key(i, i + hl))
            if k == j:
                return None
            j = k
            if depth < 2 and s.key(i, i + hl) in _SUBUNITS and j < n and s.spaced(j) and self._head_at(s, j):
                sub = self._org_at(s, j, depth + 1)  # "Ban Giám hiệu trường Mầm non Xuân Hồng"
                if sub:
                    return sub
        elif kind == "party":
            if depth < 2 and j < n and s.spaced(j) and self._head_at(s, j) and s.toks[j].cap:
                sub = self._org_at(s, j, depth + 1)  # "Đảng bộ UBND tỉnh"
                if sub:
                    return sub
            if j < n and s.spaced(j):
                loc = self._location_at(s, j, in_org=True)
                if loc:
                    nested.append(loc)
                    return loc.j, nested
                if s.toks[j].cap and not self._head_at(s, j) and not self._title_at(s, j) \
                        and not self._looks_like_person(s, j):
                    ln = self._place_name(s, j, None, False, person_ok=False)
                    if ln:
                        lvl = {"quận": "quận", "huyện": "huyện", "tỉnh": "tỉnh", "thành": "thành phố",
                               "thị": "thị xã"}.get(s.toks[i].low)
                        name = self.text[s.toks[j].start:s.toks[j + ln - 1].end]
                        gz = self.lx.gaz(tkey(name), lvl) if lvl else []
                        if gz or lvl:
                            nested.append(self._loc(s, j, j + ln, name, lvl, gz[0].full if gz else None))
                        return j + ln, nested
            return j, nested
        if kind == "unique":
            kind = "body"
        if kind == "body" and j + 1 < n and s.spaced(j) and s.spaced(j + 1) and s.toks[j].cap \
                and s.key(j, j + 2) == "trung ương":
            return j + 2, nested  # "Ban Tuyên giáo Trung ương"
        # body (and named, after its name): the unit it serves
        if j < n and s.spaced(j) or (j < n and s.gap(j) in (".",) and s.toks[j - 1].text in ("TP", "Tp")):
            loc = self._location_at(s, j, in_org=True)
            if loc:
                nested.append(loc)
                return loc.j, nested
            kl = self._keyword_at(s, j)
            if kl and self.lx.place_keywords[s.key(j, j + kl)][1] == "admin" and not s.toks[j].text in ("TP", "Tp"):
                return j + kl, nested  # "UBND huyện", "Hội LHPN quận"
            pl, name, level, canon = self._province_at(s, j)
            if pl:
                nested.append(self._loc(s, j, j + pl, name, level, canon))
                j += pl
                if j < n and s.spaced(j):  # "Hội Sinh viên Việt Nam TP. Hà Nội"
                    loc = self._location_at(s, j, in_org=True)
                    if loc and loc.level:
                        nested.append(loc)
                        j = loc.j
                return j, nested
            if kind == "body" and depth < 2:
                hl2 = self._head_at(s, j)
                sub_kinds = ("party", "body", "named") if s.key(i, i + hl) == "thanh tra" else ("party", "body")
                if hl2 and self.lx.org_heads[s.key(j, j + hl2)] in sub_kinds:  # "Thanh tra Bộ Y tế"
                    sub = self._org_at(s, j, depth + 1)
                    if sub:
                        return sub[0], nested + sub[1]
        return j, nested

    def _verb_after_name(self, s: _Sentence, k: int) -> bool:
        """Rule ``organization.ends_at_verb``: the lower-case token k ends the name although
        word segmentation glues it to the word before: it opens a predicate
        (``clause_verbs.tsv``: ``Ủy ban Giải thưởng Sao Mai xét tặng``; a ``weak`` verb that
        also ends nouns -- ``Đăng ký``, ``Chế biến`` -- only after a two-syllable proper name:
        ``Công ty Rạng Đông biến động``), or it follows an
        all-caps acronym, which is a word of its own (``Bộ GD&ĐT lập đoàn``, ``Bộ NN-PTNT
        cử``).

        >>> from pntd_extract import extract
        >>> [o.name for o in extract("Bộ GD&ĐT lập đoàn kiểm tra.", title="").organizations]
        ['Bộ GD&ĐT']
        """
        t, prev = s.toks[k], s.toks[k - 1]
        if prev.upper and len(prev.text) > 1:
            return True
        kind = self.lx.clause_verbs.get(t.low)
        if kind == "strong":
            return True
        # a weak verb is also the end of a noun (Đăng ký, Chế biến): after a proper name only
        return kind == "weak" and k >= 2 and s.toks[k - 2].cap and s.spaced(k - 1)

    def _drop_bare_heads(self, an: Analysis) -> None:
        """Rule ``organization.no_bare_head``: an organisation whose every mention is only a
        head word, a legal form or a level abbreviation (``công ty TNHH``, ``BCH``, ``TP``,
        ``TƯ``, ``BV``) names no body: it is dropped unless a role refers to it.

        >>> from pntd_extract import extract
        >>> [o.name for o in extract("Lãnh đạo TP và công ty TNHH dự họp.", title="").organizations]
        []
        """
        forms = {"tnhh", "cp", "cổ phần", "mtv", "một thành viên", "tm", "dv", "tm-dv"}

        def bare(name: str) -> bool:
            key = tkey(name)
            words = key.split()
            if self.lx.org_heads.get(key) in ("named", "prefix", "numbered"):
                return True
            if len(words) == 1 and (len(name) <= 2 or self.lx.abbreviations.get(name) and
                                    self._abbr_kind(name) == "place"):
                return True
            for hl in range(min(3, len(words)), 0, -1):
                if " ".join(words[:hl]) in self.lx.org_heads:
                    rest = " ".join(words[hl:])
                    return bool(rest) and all(w in forms for w in words[hl:]) or rest in forms
            return False

        used = {r.org for r in an.roles if r.org is not None}
        keep = [idx for idx, e in enumerate(an.orgs) if idx in used or not all(bare(m.text) for m in e.mentions)]
        if len(keep) == len(an.orgs):
            return
        remap = {old: new for new, old in enumerate(keep)}
        for idx, e in enumerate(an.orgs):
            for m in e.mentions:
                m.entity = remap.get(idx, -1)
        an.orgs = [an.orgs[k] for k in keep]
        for r in an.roles:
            if r.org is not None:
                r.org = remap[r.org]

    def _abbr_kind(self, name: str) -> Optional[str]:
        return self.lx.abbreviation_kind.get(name)

    def _named_complement(self, s: _Sentence, j: int, head: str = "") -> int:
        """End token of the capitalised name after a 'named' head ("Sở" + "Y tế").

        ``head`` is the head's token key ("vụ"): after a capitalised word the name may go on
        with a lower-case continuation that org_continuations.tsv lists for that head
        ("Vụ Giáo dục đại học", "Quỹ Bình ổn giá", "Ủy ban Pháp luật của Quốc hội")."""
        n = len(s.toks)
        k = j
        cont_end = -1  # token after the last lower-case continuation
        while k < n and k - j < 12:
            t = s.toks[k]
            if not (s.spaced(k) or (k > j and s.joinable(k) and s.gap(k).strip() in ("-", "&"))):
                break
            if k > j and (self._keyword_at(s, k) and s.toks[k].text.islower()
                          and not (not s.toks[k - 1].cap and s.spaced(k) and self._joined(s, k))
                          or self._tp_at(s, k)):
                break  # a level word ends the name, unless it is the end of a word ("nông thôn")
            if k > j and t.cap and t.low in self.lx.surnames and len(t.text) > 1 and k + 1 < n and s.toks[k + 1].cap \
                    and s.spaced(k + 1) and not self._province_at(s, k)[0] and not self.lx.gaz(s.key(k, k + 2)) \
                    and not self._firm_at(s, k) \
                    and not all(x.low in _SCHOOL_WORDS for x in s.toks[j:k]):
                break  # a person's name follows the organisation (not "Trường THPT Nguyễn Trãi")
            if k > j and self._title_at(s, k):
                break
            if k > j and s.gap(k).strip() in ("-", "–") and (
                    _longest(s, k, self.lx.ranks, self.lx.max_len["ranks"], spaced_only=True)
                    or s.toks[k].low in self.lx.honorifics or s.toks[k].text in self.lx.academic):
                break  # "Bộ Công an - Đại tướng Tô Văn Lâm": a rank after the dash opens a person
            if k > j and t.cap:
                pl = self._province_at(s, k)[0]
                if pl and not (k + pl < n and s.toks[k + pl].cap and s.spaced(k + pl) and s.owner[k + pl] is None
                               and not self._looks_like_person(s, k + pl)):
                    break  # the place the organisation serves: "Sở Tài chính Hà Nội"
            if k > j and t.text in _SENT_WORDS:
                break  # a sentence without its full stop: "... Việt Nam Ngoài ra"
            if t.cap or (t.text[:1].isdigit() and k > j and k != cont_end):
                k += 1
                continue  # (no number right after a continuation: "Quỹ Bình ổn giá 300 đồng")
            if k > j and head and not t.cap:
                cl = _longest(s, k, self.lx.org_continuations, self.lx.max_len.get("org_continuations", 0),
                              spaced_only=True)
                if cl and head in self.lx.org_continuations[s.key(k, k + cl)]:
                    k += cl
                    cont_end = k
                    continue
            if k > j and t.low in _ORG_CONT:
                if t.low == "và" and not (k + 1 < n and s.toks[k + 1].cap and not self._head_at(s, k + 1)):
                    break
                k += 1
                continue
            if k > j and self._joined(s, k) and not self._verb_after_name(s, k):
                k += 1
                continue
            if k > j and t.low not in _LOWER_STOP:
                # "HTX Nông nghiệp dịch vụ Ea Tul", "Viện Huyết học - Truyền máu Trung ương": a
                # lower-case word or two, then the place or "Trung ương" that ends the name
                m2 = k + 1 if (k + 1 < n and s.spaced(k + 1) and s.toks[k + 1].low not in _LOWER_STOP
                               and not s.toks[k + 1].cap) else k
                nx = m2 + 1
                if nx < n and s.spaced(nx) and s.toks[nx].cap and all(s.spaced(x) for x in range(k, m2 + 1)) and (
                        s.key(nx, nx + 2) == "trung ương" or self._gaz_run(s, nx)):
                    k = m2 + 1
                    continue
            break
        # do not end on a connector
        while k > j and s.toks[k - 1].low in ("và", "cấp"):
            k -= 1
        return k

    def _org_mention(self, s: _Sentence, i: int, j: int) -> Mention:
        """An organisation named without a head (a firm or brand): ``firm`` is set."""
        m = Mention("ORG", s.index, i, j, s.toks[i].start, s.toks[j - 1].end,
                    self.text[s.toks[i].start:s.toks[j - 1].end])
        m.name = m.text
        m.firm = True
        return m

    def _club_at(self, s: _Sentence, k: int) -> int:
        """Tokens of a football club named by its place plus "FC" at token k ("Hà Nội FC",
        "Hải Phòng FC"); 0 when none. The place inside is no location mention."""
        pl = self._province_at(s, k)[0]
        e = k + pl
        if pl and e < len(s.toks) and s.spaced(e) and s.toks[e].text == "FC":
            return pl + 1
        return 0

    def _brand_at(self, s: _Sentence, i: int) -> Optional[Mention]:
        """A firm standing alone at token i, by the ``tail`` words of brand_patterns.tsv: one
        to three capitalised words then a tail ("Norges Bank", "Kiên Long Bank", "Vietnam
        Airlines"), or one token ending with a tail in lower case after 3+ letters
        ("Eximbank", "GiadinhBank"); None otherwise. The mention is a ``firm``: its other
        bare occurrences in the article are organisations too."""
        n = len(s.toks)
        t = s.toks[i]
        if not t.cap or t.upper or s.owner[i] is not None or t.text in _SENT_WORDS:
            return None
        if i > 0 and s.spaced(i) and s.toks[i - 1].cap and s.owner[i - 1] is None \
                and s.toks[i - 1].text not in _SENT_WORDS:
            return None  # inside a longer capitalised run
        tails = self.lx.brand_tails
        for ln in (1, 2, 3):
            e = i + ln
            if e >= n or s.owner[e - 1] is not None or not s.toks[e - 1].cap or (ln > 1 and not s.spaced(e - 1)):
                break
            if s.spaced(e) and s.toks[e].text in tails and s.owner[e] is None \
                    and not (e + 1 < n and s.spaced(e + 1) and s.toks[e + 1].cap):
                return self._org_mention(s, i, e + 1)
        if any(t.low.endswith(x.lower()) and len(t.low) >= len(x) + 3 for x in tails) \
                and not (i + 1 < n and s.spaced(i + 1) and s.toks[i + 1].cap):
            return self._org_mention(s, i, i + 1)
        return None

    def _match_sides(self, s: _Sentence) -> list[Mention]:
        """The two teams of "trận (đấu|cầu ...) giữa X và Y": X and Y are runs of one to five
        free capitalised tokens (digits allowed after the first), neither a country nor a
        province alone (a national team is left to the location recognizer). Both are
        ``firm`` mentions, so their bare repetitions in the article are organisations too.
        Example: "Trận đấu giữa Sông Lam và Quảng Ninh Star kết thúc" -> "Sông Lam",
        "Quảng Ninh Star"."""
        n = len(s.toks)
        out: list[Mention] = []
        for g in range(1, n - 3):
            if s.toks[g].low != "giữa" or not any(s.toks[x].low == "trận" for x in range(max(0, g - 6), g)):
                continue

            def run(k: int) -> int:
                e = k
                while e < n and e - k < 5 and s.spaced(e) and s.owner[e] is None and (
                        s.toks[e].cap or (e > k and s.toks[e].text[:1].isdigit())):
                    e += 1
                return e

            a = g + 1
            b = run(a)
            if b == a or b + 1 >= n or s.toks[b].low != "và" or not s.spaced(b):
                continue
            c = b + 1
            d = run(c)
            if d == c:
                continue
            sides = [(a, b), (c, d)]
            if any(self._place_kind(self.text[s.toks[x].start:s.toks[y - 1].end]) == "major"
                   or s.key(x, y) in self.lx.provinces for x, y in sides):
                continue
            out.extend(self._org_mention(s, x, y) for x, y in sides)
        return out

    def _firm_at(self, s: _Sentence, k: int) -> int:
        """Tokens of a firm named like a person plus a province at token k ("Hoàng Anh Gia
        Lai": family name, one or two capitalised syllables, then a province of two or more
        syllables); 0 when none. Nobody's name ends with a province."""
        n = len(s.toks)
        if k >= n or not s.toks[k].cap or s.toks[k].low not in self.lx.surnames:
            return 0
        for ln in (2, 3):
            e = k + ln
            if e >= n or not all(s.toks[x].cap and s.spaced(x) for x in range(k + 1, e + 1)):
                return 0
            if not all(s.owner[x] is None for x in range(k, e)):
                return 0
            pl = self._province_at(s, e)[0]
            if pl >= 2 and (e + pl >= n or not (s.spaced(e + pl) and s.toks[e + pl].cap)):
                return ln + pl
        return 0

    def _propagate_firms(self) -> None:
        """A firm named without a head once ("Chủ tịch Hòa Phát", "Hoàng Anh Gia Lai") is an
        organisation wherever the same words stand alone in the article ("doanh thu Hòa Phát"):
        free tokens, same spelling, not inside a longer capitalised run."""
        names = {tuple(TOKEN_RE.findall(m.text)) for m in self.mentions if m.kind == "ORG" and m.firm}
        names = {x for x in names if x}
        for x in list(names):  # "Thái Sơn Nam TP HCM" is also written "Thái Sơn Nam"
            for ln in (1, 2, 3):
                if len(x) - ln >= 2 and (x[-ln] in ("TP", "Tp") or tkey(" ".join(x[-ln:])) in self.lx.provinces):
                    names.add(x[:-ln])
                    break
        if not names:
            return
        # a firm's name read as a bare surname-led person ("Thái Sơn Nam" once the team
        # "Thái Sơn Nam TP HCM" is known) is that firm, unless an honorific or title announced it
        for m in self.mentions:
            if m.kind == "PER" and not m.triggered and not m.titles and m.gender is None \
                    and tuple(TOKEN_RE.findall(m.text)) in names:
                m.kind, m.name, m.firm = "ORG", m.text, True
                st = self.sents[m.sent]
                for x in sorted(names, key=len, reverse=True):  # written in full here: "... TP HCM"
                    e = m.i + len(x)
                    if len(x) > m.j - m.i and e <= len(st.toks) and all(st.spaced(q) for q in range(m.j, e)) \
                            and all(st.toks[m.i + q].text == x[q] for q in range(len(x))):
                        self._reshape(st, m, m.i, e)  # (the place inside stays a location mention)
                        break
                st.claim(m.i, m.j, "ORG")
        firsts = {x[0] for x in names}
        for s in self.sents:
            n = len(s.toks)
            k = 0
            while k < n:
                t = s.toks[k]
                if t.text not in firsts or s.owner[k] is not None or (k > 0 and s.spaced(k) and s.toks[k - 1].cap):
                    k += 1
                    continue
                hit = 0
                for x in sorted((x for x in names if x[0] == t.text), key=len, reverse=True):
                    e = k + len(x)
                    if e <= n and all(s.toks[k + q].text == x[q] for q in range(len(x))) \
                            and all(s.spaced(q) for q in range(k + 1, e)) and s.free(k, e) \
                            and not (e < n and s.spaced(e) and s.toks[e].cap):
                        hit = len(x)
                        break
                if hit:
                    m = self._org_mention(s, k, k + hit)
                    self.mentions.append(m)
                    s.claim(k, k + hit, "ORG")
                    k += hit
                    continue
                k += 1

    @staticmethod
    def _drop_generic_orgs(an: Analysis) -> None:
        """An organisation written only as a bare head ("Hội Phụ nữ", "Công đoàn") is a generic
        mention, not a named body, unless a role refers to it."""
        used = {r.org for r in an.roles if r.org is not None}
        keep = [idx for idx, e in enumerate(an.orgs) if idx in used or not all(m.bare for m in e.mentions)]
        if len(keep) == len(an.orgs):
            return
        remap = {old: new for new, old in enumerate(keep)}
        for idx, e in enumerate(an.orgs):
            for m in e.mentions:
                m.entity = remap.get(idx, -1)
        an.orgs = [an.orgs[k] for k in keep]
        for r in an.roles:
            if r.org is not None:
                r.org = remap[r.org]

    def _org_key(self, name: str) -> str:
        k = tkey(expand_abbreviations(name))
        k = k.replace("hội phụ nữ", "hội liên hiệp phụ nữ")
        toks = k.split()
        out = []
        i = 0
        while i < len(toks):
            if toks[i] in ("tỉnh",) or (toks[i] == "thành" and i + 1 < len(toks) and toks[i + 1] == "phố"):
                skip = 1 if toks[i] == "tỉnh" else 2
                rest = " ".join(toks[i + skip:])
                if any(rest == p or rest.startswith(p + " ") for p in self.lx.provinces):
                    i += skip
                    continue
            out.append(toks[i])
            i += 1
        return " ".join(out)

    def _merge_orgs(self, an: Analysis, ms: list[Mention]) -> None:
        groups: dict[str, Entity] = {}
        order: list[Entity] = []
        for m in ms:
            k = self._org_key(m.text)
            e = groups.get(k)
            if e is None:
                e = Entity("ORG", "", key=k)
                groups[k] = e
                order.append(e)
            e.mentions.append(m)
        # a bare head ("Hội LHPN quận") joins the one longer organisation it opens
        merged: list[Entity] = []
        for e in order:
            e.name = " ".join(e.mentions[0].text.split())  # as first written
        for e in order:
            longer = [o for o in order if o is not e and o.key.startswith(e.key + " ")]
            if len(longer) == 1 and len(longer[0].key.split()) > len(e.key.split()):
                longer[0].mentions.extend(e.mentions)
                e.mentions = []
        for e in order:
            if not e.mentions:
                continue
            e.mentions.sort(key=lambda m: m.start)
            e.expanded = expand_abbreviations(e.name)
            merged.append(e)
        merged.sort(key=lambda e: e.mentions[0].start)
        for idx, e in enumerate(merged):
            for m in e.mentions:
                m.entity = idx
        an.orgs = merged
