"""People rules: names announced by an honorific, occupation, rank, academic title; names
opening with a family name (``surnames.txt``); foreign names (``foreign_given_names.txt``);
bylines; merging of a person's mentions (``bà Chi`` joins ``Bùi Thị Kim Chi``).

A mixin of :class:`pntd_extract.entities.core._Analyser` (``self`` holds the text, lexicons and
mentions); see :mod:`pntd_extract.entities.core` for the pass order.
"""
from __future__ import annotations

import re
from typing import Optional

from ...entities.lexicons import TOKEN_RE, fold, tkey
from ...entities.grammar import Analysis, Entity, Mention, Tok, _KIN_HONORIFICS, _MIDDLE, _NAME_STOP_LOWER, _SENT_WORDS, _STRONG_MIDDLE, _Sentence, _VN_SYL_RE, _is_proper, _longest, _proper


class PeopleRules:
    """Rules finding and merging people (mixed into the entity analyser)."""

    @staticmethod
    def _vn_syllable(t: Tok) -> bool:
        """The token could be a Vietnamese syllable ("Dũng" yes; "Vingroup", "Trump" no)."""
        return "'" in t.low or bool(_VN_SYL_RE.fullmatch(t.low))

    def _looks_like_person(self, s: _Sentence, j: int) -> bool:
        """A surname followed by capitalised syllables and not a known place."""
        n = len(s.toks)
        if s.toks[j].low not in self.lx.surnames or not (j + 1 < n and s.toks[j + 1].cap and s.spaced(j + 1)):
            return False
        for ln in (4, 3, 2):
            if j + ln <= n and self.lx.gazetteer.get(s.key(j, j + ln)):
                # "Đinh Văn" is a commune, but "Đinh Văn Khải" goes on: a person
                if j + ln < n and s.spaced(j + ln) and s.toks[j + ln].cap and s.owner[j + ln] is None \
                        and s.toks[j + ln].low not in self.lx.surnames and not self._province_at(s, j + ln)[0] and not self._title_at(s, j + ln) \
                        and not self._head_at(s, j + ln):
                    return True
                return False
        return True

    # ----------------------------------------------------------------- people
    def _name_at(self, s: _Sentence, i: int, triggered: bool, lower_ok: bool) -> int:
        """Tokens of a person name at token i (0 when none)."""
        n = len(s.toks)
        if i >= n or s.owner[i] is not None:
            return 0
        t = s.toks[i]
        if t.cap:
            ln = 0
            hyph = 0
            while i + ln < n and ln < 5 + hyph:
                k = i + ln
                tk = s.toks[k]
                if ln > 0 and triggered and s.gap(k) == "-" and tk.text.isalpha() and s.owner[k] is None \
                        and hyph < 4:
                    ln += 1  # a transliterated name: "Thông-luông Xi-xu-lít", "Kramp-Karrenbauer"
                    hyph += 1
                    continue
                if ln > 0 and not s.spaced(k):
                    break
                if not self._name_like(s, k):
                    break
                if ln > 0 and (self._title_at(s, k) or self._keyword_at(s, k) and tk.text.islower()):
                    break
                if ln > 0 and self._head_at(s, k) and k + 1 < n and s.toks[k + 1].cap and s.spaced(k + 1):
                    break
                if ln > 0 and tk.text in _SENT_WORDS and s.toks[k - 1].low not in _STRONG_MIDDLE:
                    break  # "Nguyễn Thị Trước": a given name may be a common word
                if ln == 0 and triggered and (self._title_at(s, k) or tk.low not in self.lx.surnames
                                              and self._head_at(s, k) and k + 1 < n and not s.toks[k + 1].cap):
                    break  # "đồng chí Thứ trưởng", "đồng chí Chủ tịch nước", "bầu Ban Chấp hành"
                if ln == 0 and len(tk.text) == 1 and k + 1 < n and s.gap(k + 1) == "." \
                        and len(s.toks[k + 1].text) == 1 and s.toks[k + 1].cap:
                    break  # "T.Ư", "T.V.Y.": an abbreviation or initials, not a name
                if ln > 0 and tk.upper and not all(x.upper or len(x.text) == 1 for x in s.toks[i:k]):
                    break  # "Nguyễn Văn A UBND"
                ln += 1
            if ln == 1 and t.text in self.lx.not_person:
                return 0
            if ln >= 1 and self.lx.not_person.get(t.text) == "alias-hcm":
                return 0
            return ln
        if lower_ok and t.low in self.lx.surnames:
            ln = 1
            while i + ln < n and ln < 4 and s.spaced(i + ln):
                w = s.toks[i + ln]
                if not w.text.isalpha() or not w.text.islower() or s.owner[i + ln] is not None:
                    break
                if w.low in _MIDDLE and ln < 3:
                    ln += 1
                    continue
                if w.low not in _NAME_STOP_LOWER:
                    ln += 1
                break
            return ln if ln >= 2 else 0
        return 0

    def _prefix_titles(self, s: _Sentence, i: int) -> tuple[int, list[str]]:
        """Ranks and stacked academic titles at token i ("PGS.TS.", "Đại tá"): (end, titles)."""
        titles: list[str] = []
        k = i
        n = len(s.toks)
        while k < n:
            t = s.toks[k]
            if k > i and not re.fullmatch(r"[ \t]*\.?[ \t]*|,[ \t]*", s.gap(k)):
                break
            if t.text in self.lx.academic:
                titles.append(self.lx.academic[t.text])
                k += 1
                continue
            rl = _longest(s, k, self.lx.ranks, self.lx.max_len["ranks"], spaced_only=True) if t.cap else 0
            if rl:
                titles.append(self.lx.ranks[s.key(k, k + rl)])
                k += rl
                continue
            acl = _longest(s, k, self.academic_long, 8, spaced_only=True) if t.cap else 0
            if acl:
                titles.append(self.lx.academic[self.text[t.start:s.toks[k + acl - 1].end]]
                              if self.text[t.start:s.toks[k + acl - 1].end] in self.lx.academic else s.key(k, k + acl))
                k += acl
                continue
            break
        # skip the full stop after the last title ("PGS.TS. Đoàn")
        return k, titles

    def _person(self, s, i, j, gender=None, titles=(), triggered=False) -> Mention:
        m = Mention("PER", s.index, i, j, s.toks[i].start, s.toks[j - 1].end,
                    self.text[s.toks[i].start:s.toks[j - 1].end], gender=gender, titles=list(titles),
                    triggered=triggered)
        m.name = m.text
        return m

    def _triggered_person(self, s: _Sentence, i: int) -> Optional[tuple[int, Mention]]:
        """Honorific / occupation / rank / academic title + name at token i."""
        n = len(s.toks)
        gender = None
        k = i
        hl = _longest(s, i, self.lx.honorifics, self.lx.max_len["honorifics"], spaced_only=True) \
            if s.toks[i].low in self.hon_first else 0
        if hl and s.toks[i].cap and i > 0 and s.spaced(i) and s.toks[i - 1].cap:
            hl = 0  # "Ngô Anh Tuấn": a name part, not an honorific
        lower_ok = False
        hkind = None
        if hl and self._province_at(s, i)[0] > hl:
            return None  # "Bà Rịa - Vũng Tàu": a province, not "bà Rịa"
        if hl:
            key = s.key(i, i + hl)
            hkind = self.lx.honorific_kind.get(key)
            gender = self.lx.honorifics[key]
            gender = None if gender == "-" else gender
            lower_ok = key in ("ông", "bà", "đồng chí")
            k = i + hl
            if k >= n or not (s.spaced(k) or s.gap(k) in (". ", ".")):
                return None
        k2, titles = self._prefix_titles(s, k)
        if k2 == i:
            return None
        if k2 >= n:
            return None
        if k2 > k and not re.fullmatch(r"[ \t]*\.?[ \t]*", s.gap(k2)):
            return None
        if k2 == k and not (s.spaced(k2) or s.gap(k2) in (". ",)):
            return None
        ln = self._name_at(s, k2, True, lower_ok)
        if not ln:
            return None
        if not hl and ln == 1 and not titles:
            return None
        if ln == 1 and self._glued_next(s, k2 + ln - 1) and not lower_ok:
            return None  # "bệnh nhân Covid-19"
        t1 = s.toks[k2]
        if hl and key == "bầu" and (ln != 1 or t1.low in self.heads_first or self._glued_next(s, k2)):
            return None  # "bầu Đức" is a tycoon's nickname; "bầu Ban Chấp hành" is the verb "elect"
        if ln == 1 and ((t1.upper and not s.toks[i].upper) or self._province_at(s, k2)[0] == 1
                        and (hkind != "honorific" or not self._vn_syllable(t1))):
            return None  # "bệnh nhân AIDS", "Thượng tướng CAND", "nhà nghiên cứu Canada" ("ông Đức" is a name)
        if hl and key in _KIN_HONORIFICS and ln >= 2 and t1.low not in self.lx.surnames \
                and t1.text not in self.lx.foreign_given:
            return None  # "mẹ Gạc Ma": the mothers of a place, not a person
        if hl and ln == 1 and s.toks[i].cap and i > 0 and s.spaced(i) and s.toks[i - 1].text.islower():
            return None  # "cù lao Ông Hổ", "chợ Bà Chiểu": a capitalised honorific inside a place name
        # "sinh viên Lào", "lấy chồng Hàn": one syllable after an occupation or "vợ"/"chồng" needs
        # a full name of the article that ends with it
        weak = ln == 1 and (hkind != "honorific" or key in ("vợ", "chồng"))
        phrase = self.text[s.toks[i].start:s.toks[k2 + ln - 1].end]
        if self.lx.not_person.get(phrase[:1].upper() + phrase[1:]) == "alias-hcm":
            return None  # "Cụ Hồ", "Bác Hồ": Hồ Chí Minh, never a new person
        m = self._person(s, k2, k2 + ln, gender, titles, True)
        if weak:
            m.weak = True
            m.orgish = self._brandish(t1) or not self._vn_syllable(t1)
        return k2 + ln, m

    def _person_ends_at(self, s: _Sentence, k: int) -> bool:
        """Token k ends a person's name: claimed as one, or closing a capitalised run of two to
        five tokens that opens with a family name ("Trần Đình Long")."""
        if s.owner[k] == "PER":
            return True
        if s.owner[k] is not None or not s.toks[k].cap:
            return False
        a = k
        while a > 0 and k - a < 4 and s.spaced(a) and s.toks[a - 1].cap and s.owner[a - 1] is None:
            a -= 1
        return k > a and s.toks[a].low in self.lx.surnames

    def _surname_person(self, s: _Sentence, i: int) -> Optional[Mention]:
        t = s.toks[i]
        if not t.cap or s.owner[i] is not None:
            return None
        sl = 0
        if t.low in self.lx.surnames:
            sl = 1
        if i + 1 < len(s.toks) and s.key(i, i + 2) in self.lx.surnames and s.spaced(i + 1):
            sl = 2
        if not sl:
            return None
        if i > 0 and s.spaced(i) and re.fullmatch(r"\d{1,3}[A-Za-z]?", s.toks[i - 1].text):
            return None  # "số 136 Hồ Tùng Mậu": a house number, then the street
        ln = self._name_at(s, i, False, False)
        if ln < 2 or ln <= sl - 1:
            return None
        if ln == 2 and sl == 2:
            return None
        if ln == 2 and t.low in self.lx.honorifics:
            return None  # "Ông Đức", "Ông Chưởng": an honorific (or a place), not the family name Ông
        if self._glued_next(s, i + ln - 1):
            return None  # "Cung Văn hóa", "Đoàn Thanh tra": a word goes on in lower case
        # a longer capitalised run that is not a name ("Hồ Gươm" is rare, "Lê Văn Tám Park" rarer)
        if i > 0 and s.spaced(i) and s.toks[i - 1].cap and s.owner[i - 1] is None and s.toks[i - 1].low not in self.lx.honorifics:
            if not self._title_at(s, i - 1) and s.toks[i - 1].text not in self.lx.academic:
                return None
        return self._person(s, i, i + ln)

    def _foreign_person(self, s: _Sentence, i: int) -> Optional[Mention]:
        t = s.toks[i]
        if t.text not in self.lx.foreign_given or s.owner[i] is not None:
            return None
        if i > 0 and s.spaced(i) and s.toks[i - 1].cap and s.owner[i - 1] is None:
            return None
        ln = self._name_at(s, i, False, False)
        if ln < 2 or ln > 3:
            return None
        return self._person(s, i, i + ln)

    def _name_only(self, s: _Sentence, a: int, b: int) -> bool:
        """Tokens [a, b) are 2-4 capitalised name-like words with single spaces."""
        if not 2 <= b - a <= 4:
            return False
        for k in range(a, b):
            t = s.toks[k]
            if not t.cap or any(ch.isdigit() for ch in t.text) or s.owner[k] is not None:
                return False
            if k > a and not s.spaced(k):
                return False
            if self._head_at(s, k) or self._title_at(s, k) or self._keyword_at(s, k) or t.text in self.lx.not_person:
                return False
        return self._province_at(s, a)[0] != b - a

    def _bylines(self, sents: list[_Sentence]) -> None:
        tail = {id(x) for x in sents[-2:]}
        for s in sents:
            n = len(s.toks)
            if not n:
                continue
            start = 0
            if s.toks[0].text in ("Ảnh", "Theo", "Bài", "Nguồn") and n > 1 and s.gap(1).strip() in (":", "-", "–", "và"):
                start = 1
            elif id(s) not in tail:
                continue
            # "Đàm Huy - Đức Tiến", "Quế Nguyễn (Theo Motorcycle)"
            groups: list[tuple[int, int]] = []
            k = start
            while k < n:
                j = k + 1
                while j < n and s.spaced(j) and s.toks[j].cap:
                    j += 1
                groups.append((k, j))
                if j >= n or s.gap(j).strip() not in ("-", "–", ",", "và"):
                    break
                k = j
            end = groups[-1][1] if groups else 0
            rest = self.text[s.toks[end - 1].end:s.toks[-1].end] if end else ""
            if end < n and not (rest.lstrip().startswith("(") and s.toks[end].text in ("Theo", "theo")):
                continue
            if groups and all(self._name_only(s, a, b) for a, b in groups):
                for a, b in groups:
                    self.mentions.append(self._person(s, a, b))
                    s.claim(a, b, "PER")

    def _bare_name_mentions(self, sents: list[_Sentence]) -> None:
        last: dict[str, int] = {}
        for m in self.mentions:
            if m.kind == "PER":
                toks = TOKEN_RE.findall(m.text)
                if len(toks) >= 2:
                    last.setdefault(_proper([toks[-1]]), 0)
        if not last:
            return
        for s in sents:
            n = len(s.toks)
            for k in range(n):
                t = s.toks[k]
                if s.owner[k] is not None or not t.cap or t.upper or _proper([t.text]) not in last:
                    continue
                if k > 0 and s.spaced(k) and s.toks[k - 1].cap:
                    continue
                if k + 1 < n and s.spaced(k + 1) and s.toks[k + 1].cap:
                    continue
                if k == 0 or self._glued_next(s, k) or t.text in self.lx.not_person:
                    continue  # a sentence-initial word or the first syllable of a word
                self.mentions.append(self._person(s, k, k + 1))
                s.claim(k, k + 1, "PER")

    def _fix_people(self) -> None:
        """Clean person mentions before merging (issue #4 kinds):

        * a leading honorific in any case is stripped ("Ông Đỗ Đức Duy" -> "Đỗ Đức Duy");
        * a name running over two foreign names that each open with a known given name is cut
          where the second starts ("Donald Trump Robert O'Brien"); the titles stay on the first;
        * a name that is exactly a known place is no person ("Thái Bình Dương", "Hà Đông"), unless
          an honorific directly precedes it and it is no country, province or sea ("bà Hà Đông").
          A dropped country/province/sea becomes a location mention when its tokens allow.
        """
        out: list[Mention] = []
        sents = {s.index: s for s in self.sents}
        for m in self.mentions:
            if m.kind != "PER":
                out.append(m)
                continue
            s = sents[m.sent]
            # honorific kept at the front of the name
            while m.j - m.i >= 3 and s.toks[m.i].low in self.lx.honorifics \
                    and self.lx.honorific_kind.get(s.toks[m.i].low) == "honorific" \
                    and s.spaced(m.i + 1) and s.toks[m.i + 1].low in self.lx.surnames:
                g = self.lx.honorifics[s.toks[m.i].low]
                if g != "-" and not m.gender:
                    m.gender = g
                s.owner[m.i] = "HON"
                self._reshape(s, m, m.i + 1, m.j)
            # two foreign names merged
            if s.toks[m.i].text in self.lx.foreign_given:
                cut = next((k for k in range(m.i + 2, m.j - 1) if s.toks[k].text in self.lx.foreign_given), None)
                if cut is not None:
                    m2 = self._person(s, cut, m.j)
                    self._reshape(s, m, m.i, cut)
                    out.append(m)
                    out.append(m2)
                    continue
            # a place taken for a person
            pk = self._place_kind(m.text)
            if pk:
                hon = m.i > 0 and (s.toks[m.i - 1].low in self.lx.honorifics
                                   or (m.i > 1 and s.key(m.i - 2, m.i) in self.lx.honorifics))
                if pk == "minor" and hon:
                    out.append(m)
                    continue
                for k in range(m.i, m.j):
                    s.owner[k] = None
                if pk == "major":
                    pl, name, level, canon = self._province_at(s, m.i)
                    if pl == m.j - m.i:
                        out.append(self._loc(s, m.i, m.j, name, level, canon))
                        s.claim(m.i, m.j, "LOC")
                continue
            out.append(m)
        self.mentions = out

    def _merge_people(self, an: Analysis, ms: list[Mention]) -> None:
        lx = self.lx
        full: dict[str, Entity] = {}
        order: list[Entity] = []
        short: list[Mention] = []
        for m in ms:
            toks = TOKEN_RE.findall(m.text)
            k = fold(" ".join(toks))
            first = toks[0].lower() if toks else ""
            is_full = len(toks) >= 3 or (len(toks) == 2 and (first in lx.surnames or not m.triggered or k in full))
            if len(toks) == 2 and m.triggered and first not in lx.surnames:
                # "bà Kim Chi": a short form when it ends a known name
                if any(key.endswith(" " + k) for key in full):
                    is_full = False
                else:
                    is_full = True
            if not is_full:
                short.append(m)
                continue
            e = full.get(k)
            if e is None:
                e = Entity("PER", "", key=k)
                full[k] = e
                order.append(e)
            e.mentions.append(m)
        # short mentions: attach to the latest full name ending with them, same gender
        pending: list[Mention] = []
        for m in short:
            k = fold(" ".join(TOKEN_RE.findall(m.text)))
            cands = [e for e in order if e.key.endswith(" " + k) and e.mentions[0].start < m.start]
            cands = [e for e in cands if not (m.gender and self._gender(e) and self._gender(e) != m.gender)]
            if not cands:
                cands = [e for e in order if e.key.endswith(" " + k)]
                cands = [e for e in cands if not (m.gender and self._gender(e) and self._gender(e) != m.gender)]
            if cands:
                best = max(cands, key=lambda e: max(x.start for x in e.mentions if x.start <= m.start) if any(x.start <= m.start for x in e.mentions) else -1)
                best.mentions.append(m)
            else:
                pending.append(m)
        for m in pending:
            k = fold(" ".join(TOKEN_RE.findall(m.text)))
            e = full.get(k)
            if e is None:
                e = Entity("PER", "", key=k)
                full[k] = e
                order.append(e)
            e.mentions.append(m)
        for e in order:
            e.mentions.sort(key=lambda m: m.start)
            e.gender = self._gender(e)
            for m in e.mentions:
                for t in m.titles:
                    if t not in e.titles:
                        e.titles.append(t)
            longest = max(e.mentions, key=lambda m: (len(TOKEN_RE.findall(m.text)), _is_proper(TOKEN_RE.findall(m.text))))
            toks = TOKEN_RE.findall(longest.text)
            proper = [m for m in e.mentions if len(TOKEN_RE.findall(m.text)) == len(toks) and _is_proper(TOKEN_RE.findall(m.text))]
            e.name = proper[0].text.replace("\u2019", "'").replace("\u02bc", "'") if proper else _proper(toks)
            if re.search(r"\w-\w", longest.text):
                e.name = longest.text  # keep a transliterated name as written ("Thông-luông Xi-xu-lít")
            e.name = " ".join(e.name.split())
            if tkey(e.name) in lx.historical:
                e.historical = True
                e.aliases = list(lx.historical[tkey(e.name)])
            others = sorted({" ".join(m.text.split()) for m in e.mentions if fold(m.text) != fold(e.name)})
            for o in others:
                if o not in e.aliases:
                    e.aliases.append(o)
        order.sort(key=lambda e: e.mentions[0].start)
        for idx, e in enumerate(order):
            for m in e.mentions:
                m.entity = idx
        an.people = order

    @staticmethod
    def _gender(e: Entity) -> Optional[str]:
        gs = {m.gender for m in e.mentions if m.gender}
        return gs.pop() if len(gs) == 1 else None
