"""Role rules: position titles (``titles.tsv``) and who holds them in which organisation
(``X, Chủ tịch Hội LHPN quận``; ``Chủ tịch UBND xã Trần Văn A``).

A mixin of :class:`pntd_extract.entities.core._Analyser`.
"""
from __future__ import annotations

import re
from typing import Optional

from ...entities.lexicons import fold, tkey
from ...rule import chain, declare
from ...entities.grammar import Analysis, Mention, RoleFact, _APPOS_GAP_RE, _GENERIC_ORG, _POLITICAL_TITLES, _ROLE_VERB_RE, _Sentence, _VERB_AFTER_NAME, _longest


ROLE_PERSON_AFTER = declare("roles.person_after_title", "the person written right after the title [and its "
                            "organisation]: Chủ tịch Hội LHPN quận, bà Bùi Thị Trinh")
ROLE_PERSON_AHEAD = declare("roles.person_ahead_no_punct", "a name reached from the title without punctuation "
                            "holds it, what lies between is its organisation (Chủ tịch UBTƯ MTTQ Việt Nam Trần Quốc Bình)")
ROLE_PERSON_BEFORE = declare("roles.person_before_title", "the person written before the title: X, Chủ tịch ...; "
                             "X - Giám đốc ...")
ROLE_ORG = declare("roles.title_org", "the organisation or place written right after the title")
ROLE_FORMER_GAP = declare("roles.former_gap", "an age in brackets and a former marker (nguyên, cựu) may stand "
                          "between a person and the title after it; the role is former", ("role_gap_words.tsv",))
ROLE_GENERIC_ORG = declare("roles.generic_org", "a generic organisation word after the title (nhà trường, công ty)")

class RoleRules:
    """Rules linking titles to people and organisations (mixed into the entity analyser)."""

    # ----------------------------------------------------------------- generic predicates
    def _title_at(self, s: _Sentence, i: int) -> int:
        if not s.toks[i].cap or s.toks[i].low not in self.titles_first:
            return 0
        key = ("T", i)
        if key not in s.memo:
            s.memo[key] = _longest(s, i, self.lx.titles, self.lx.max_len["titles"], spaced_only=True)
        return s.memo[key]

    def _title_person(self, s: _Sentence, i: int) -> list[Mention]:
        """Title [+ organisation | place] + name: "Chủ tịch Hội LHPN xã Ea Tul H'Lim Mlô".

        Returns the mentions found after the title (empty when none): a person, or an
        organisation when what follows is a firm ("Chủ tịch Vingroup", "Giám đốc CBRE
        Vietnam"), or both when a firm or an acronym opens the run ("Giám đốc điều hành
        Vietnam Airlines Phạm Ngọc Sơn" -> ORG + PER, "Bộ trưởng GTVT Lê Văn Hùng").
        A one-syllable name after a title is ``weak``: kept only when a full name of the
        article ends with it ("Tổng thống Trump" after "Donald Trump").
        """
        tl = self._title_at(s, i)
        if not tl:
            return []
        k = i + tl
        n = len(s.toks)
        # skip an organisation or place that completes the title
        if k < n and s.owner[k] in ("ORG", "LOC"):
            kind = s.owner[k]
            while k < n and s.owner[k] == kind:
                k += 1
        else:
            pl = self._province_at(s, k)[0] if k < n and s.spaced(k) else 0
            k += pl
        if k >= n or not s.spaced(k):
            return []
        k2, titles = self._prefix_titles(s, k)
        if k2 >= n:
            return []
        ln = self._name_at(s, k2, True, False)
        if ln == 0:
            return []
        toks = s.toks[k2:k2 + ln]
        title_upper = all(tk.upper for tk in s.toks[i:i + tl])
        # a firm or an acronym opening the run is the organisation of the title
        lead = 0
        while lead < ln and ((toks[lead].upper and not title_upper) or self._brandish(toks[lead])):
            lead += 1
        if lead == ln and all(tk.low in self.heads_first for tk in toks):
            return []  # "Giám đốc HTX": a bare head, the generic organisation of the title
        if lead:
            e = k2 + lead
            if e < k2 + ln:
                e += self._province_at(s, e)[0]  # "CBRE Hà Nội", "Savills Hà Nội"
            e = min(e, k2 + ln)
            out = [self._org_mention(s, k2, e)]
            rest = k2 + ln - e
            if rest >= 2 or (rest == 1 and not s.toks[e].upper and s.toks[e].text not in self.lx.not_person):
                pm = self._person(s, e, k2 + ln, None, titles, True)
                if rest == 1:
                    pm.weak = True
                    pm.orgish = self._brandish(s.toks[e]) or not self._vn_syllable(s.toks[e])
                out.append(pm)
            elif rest:
                out[0] = self._org_mention(s, k2, k2 + ln)
            return out
        glued = ln == 1 and self._glued_next(s, k2)
        if ln == 1 and (s.toks[k2].text in self.lx.not_person or s.toks[k2].upper
                        or s.toks[k2].low in self.heads_first
                        or glued and not (k2 + 1 < n and s.toks[k2 + 1].low in _VERB_AFTER_NAME)):
            return []  # "Tư lệnh Quân chủng": a word going on in lower case ("Bí thư Thăng yêu cầu" is a name)
        if ln >= 1 and all(tk.upper for tk in toks) and not title_upper:
            return []
        # "Trần Đức Long - Chủ tịch Hòa Phát": after a person and a dash/comma, a name that
        # does not open with a family name is the firm the person heads
        # (a foreign-looking single word only after a dash: "Kaysone Phomvihane, Chủ tịch
        # Souphanouvon" lists two leaders)
        if i > 0 and self._person_ends_at(s, i - 1) and _APPOS_GAP_RE.fullmatch(s.gap(i)) \
                and toks[0].low not in self.lx.surnames and toks[0].text not in self.lx.foreign_given \
                and (ln >= 2 and all(self._vn_syllable(tk) for tk in toks)
                     or ln == 1 and not self._vn_syllable(toks[0]) and s.gap(i).strip() in ("-", "–", "—")):
            return [self._org_mention(s, k2, k2 + ln)]
        m = self._person(s, k2, k2 + ln, None, titles, True)
        if ln == 1:
            # "Thủ tướng Johnson": foreign leaders go by their family name; a word that is no
            # Vietnamese syllable after a firm's title is the firm ("Tổng Giám đốc Maseco")
            foreign = not self._vn_syllable(toks[0])
            political = self.lx.title_kind.get(s.key(i, i + tl)) in _POLITICAL_TITLES
            m.weak = glued or not (foreign and political)
            m.orgish = foreign and not political and not glued
        return [m]

    # ----------------------------------------------------------------- roles
    def _roles(self, an: Analysis, titles: list[Mention]) -> None:
        self._orgs_now = an.orgs
        by_sent: dict[int, list[Mention]] = {}
        for m in an.mentions + titles:
            by_sent.setdefault(m.sent, []).append(m)
        seen: dict[tuple, int] = {}
        for si, items in by_sent.items():
            s = self.sents[si]
            items.sort(key=lambda m: (m.start, -m.end))
            flat: list[Mention] = []
            org_end = -1
            for m in items:  # places nested in an organisation name are part of it here
                if m.kind == "LOC" and m.start < org_end:
                    continue
                if m.kind == "ORG":
                    org_end = max(org_end, m.end)
                flat.append(m)
            items = flat
            for idx, m in enumerate(items):
                if m.kind != "TITLE":
                    continue
                j = idx + 1
                while j < len(items) and j < idx + 8 and items[j].start < m.end:
                    j += 1
                nxt = items[j:j + 3]
                # title [org|loc] ...
                org = None
                rest = nxt
                if rest and rest[0].kind in ("ORG", "LOC") and self._adjacent(s, m, rest[0]):
                    org = rest[0]
                    rest = rest[1:]
                elif rest and rest[0].kind in ("ORG",) and rest[0].start < m.end + 1 and rest[0].i == m.j - 1:
                    org = rest[0]
                    rest = rest[1:]
                if org is None and rest and rest[0].kind == "ORG" and rest[0].i == m.j - 1:
                    org = rest[0]
                    rest = rest[1:]
                generic = None
                if org is None:
                    generic = self._generic_org_after(s, m)
                person = None
                how = ROLE_PERSON_AFTER
                after = org or m
                if rest and rest[0].kind == "PER" and self._adjacent(s, after, rest[0]):
                    person = rest[0]
                if person is None:
                    # "Chủ tịch UBTƯ MTTQ Việt Nam Trần Quốc Bình": a name reached from the title
                    # without punctuation holds it, with what lies between as its organisation
                    ahead = self._person_after(s, items[j:j + 6], m)
                    if ahead is not None:
                        person, between = ahead
                        how = ROLE_PERSON_AHEAD
                        if between:
                            inner = [x for x in items[j:j + 6] if x.kind == "ORG" and x.start >= m.end
                                     and x.end <= person.start]
                            org = inner[0] if len(inner) == 1 and " ".join(inner[0].text.split()) == between \
                                else None
                            generic = None if org is not None else (between, None)
                if person is None:
                    prev = [x for x in items[max(0, idx - 8):idx] if x.end <= m.start]
                    person = self._person_before(s, prev, m)
                    how = ROLE_PERSON_BEFORE
                if person is None or person.entity < 0:
                    continue
                pe = an.people[person.entity]
                if pe.historical:
                    continue
                org_text = " ".join(org.text.split()) if org else None
                org_id = org.entity if org is not None and org.kind == "ORG" else None
                if org is None and generic is not None:
                    org_text, org_id = generic
                start = min(person.start, m.start)
                end = max(person.end, m.end, org.end if org else 0)
                key = (person.entity, tkey(m.title), org_id if org_id is not None else (tkey(org_text) if org_text else None))
                if key in seen:
                    continue
                # an organisation-less duplicate of a role that has one
                if org is None and any(k[0] == key[0] and k[1] == key[1] for k in seen):
                    continue
                seen[key] = len(an.roles)
                an.roles.append(RoleFact(person.entity, m.title, org_text, org_id, start, end,
                                         rule=chain("roles.title", how, ROLE_ORG if org is not None else
                                                    (ROLE_GENERIC_ORG if org_text else None)),
                                         former=self._former_before(m)))
        # drop org-less roles when the same person+title has one with an organisation
        keep = []
        for r in an.roles:
            if r.org_text is None and any(o.person == r.person and tkey(o.title) == tkey(r.title) and o.org_text for o in an.roles):
                continue
            keep.append(r)
        an.roles = keep

    def _generic_org_after(self, s: _Sentence, title: Mention) -> Optional[tuple[str, Optional[int]]]:
        """"Giám đốc bệnh viện": (text as written, the one organisation with that head or None)."""
        k = title.j
        n = len(s.toks)
        for ln in (2, 1):
            if k + ln <= n and s.spaced(k) and all(s.spaced(x) for x in range(k + 1, k + ln)):
                key = s.key(k, k + ln)
                if key in _GENERIC_ORG and not s.toks[k].cap:
                    if k + ln < n and s.spaced(k + ln) and s.toks[k + ln].cap:
                        return None  # a name follows: not the generic word
                    head = _GENERIC_ORG[key]
                    cands = [idx for idx, e in enumerate(self._orgs_now) if head and tkey(e.name).startswith(head + " ")]
                    text = self.text[s.toks[k].start:s.toks[k + ln - 1].end]
                    return text, (cands[0] if len(cands) == 1 else None)
        return None

    def _adjacent(self, s: _Sentence, a: Mention, b: Mention) -> bool:
        gap = self.text[a.end:b.start]
        if b.kind == "PER" and b.start > a.end and gap[:1] in " \t" and gap[-1:] in " \t" \
                and self.lx.honorific_kind.get(fold(gap)) == "honorific":
            return True  # "Bộ trưởng Bộ Nội vụ ông Lã Quang Đạt": an honorific between
        return bool(re.fullmatch(r"[ \t]*", gap)) and b.start >= a.end

    def _person_after(self, s: _Sentence, nxt: list[Mention], title: Mention) -> Optional[tuple[Mention, str]]:
        """The first person after ``title`` reached over at most 10 tokens that are all parts
        of an organisation or place or capitalised (no punctuation, no other title, no
        lower-case word such as "thay ông"): (person, the text between, whitespace-normalised)."""
        for x in nxt:
            if x.kind == "TITLE":
                return None
            if x.kind != "PER" or x.start < title.end:
                continue
            gap = self.text[title.end:x.start]
            if x.i - title.j > 10 or self._AHEAD_STOP_RE.search(gap):
                return None
            if not all(s.owner[k] in ("ORG", "LOC") or s.toks[k].cap for k in range(title.j, x.i)):
                return None
            return x, " ".join(gap.split())
        return None

    def _role_gap_re(self) -> re.Pattern:
        """Rule ``roles.former_gap``: between a person and the title after it, an age in
        brackets and a former marker (``role_gap_words.tsv``) may stand around the comma or
        dash: ``Đoàn Văn Bình (41 tuổi), nguyên Giám đốc Sở Xây dựng``, ``bị can Lê Văn An
        - nguyên Chủ tịch HĐQT``.

        >>> from pntd_extract import extract
        >>> rec = extract("Bị cáo Đoàn Văn Bình (41 tuổi), nguyên Giám đốc Sở Xây dựng tỉnh Nam Định, lĩnh án.", title="")
        >>> [(r.person, r.title, r.organization, r.former) for r in rec.roles]
        [('Đoàn Văn Bình', 'Giám đốc', 'Sở Xây dựng tỉnh Nam Định', True)]
        """
        rx = getattr(self, "_role_gap_rx", None)
        if rx is None:
            from ...lexicon import read_tsv

            rows = read_tsv("role_gap_words.tsv", 2, exact=True)
            former = "|".join(re.escape(w) for w, k in rows if k == "former")
            age = "|".join(re.escape(w) for w, k in rows if k == "age")
            rx = re.compile(r"[ \t]*(?:\((?:(?:" + age + r")[ \t]*)?\d{1,4}(?:[ \t]*(?:" + age + r"))?\)[ \t]*)?"
                            r"(?:,|-|–|—|:)[ \t]*(?:(?P<former>" + former + r")[ \t]+)?")
            self._role_gap_rx = rx
        return rx

    def _former_before(self, title: Mention) -> bool:
        """The title is written right after a former marker of ``role_gap_words.tsv``
        (``nguyên Chủ tịch``, ``cựu Giám đốc``): the role is a former one."""
        words = getattr(self, "_former_words", None)
        if words is None:
            from ...lexicon import read_tsv

            words = self._former_words = {w for w, k in read_tsv("role_gap_words.tsv", 2, exact=True) if k == "former"}
        before = self.text[max(0, title.start - 8):title.start].split()
        return bool(before) and before[-1].lower() in words

    def _person_before(self, s: _Sentence, prev: list[Mention], title: Mention) -> Optional[Mention]:
        """The person of "X, Chủ tịch ..." / "X - Giám đốc" / "X được bầu làm Phó Chủ tịch"."""
        if not prev:
            return None
        last = prev[-1]
        if last.kind == "PER":
            gap = self.text[last.end:title.start]
            if _APPOS_GAP_RE.fullmatch(gap) or _ROLE_VERB_RE.fullmatch(gap) or self._role_gap_re().fullmatch(gap):
                return last
            return None
        # "X, Ủy viên Ban Thường vụ Quận ủy, Bí thư ..." : walk back over title/org pairs
        j = len(prev) - 1
        while j >= 0 and prev[j].kind in ("TITLE", "ORG", "LOC"):
            j -= 1
        if j < 0 or prev[j].kind != "PER" or len(prev) - 1 - j > 4:
            return None
        gap = self.text[prev[j].end:prev[j + 1].start]
        if not (_APPOS_GAP_RE.fullmatch(gap) or _ROLE_VERB_RE.fullmatch(gap)):
            return None
        for a, b in zip(prev[j + 1:], prev[j + 2:] + [title]):
            g = self.text[a.end:b.start]
            if not re.fullmatch(r"[ \t]*(?:,|;| và)?[ \t]*", g):
                return None
        return prev[j]
