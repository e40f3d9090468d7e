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
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Optional

from .lexicons import TOKEN_RE, Lexicons, fold, lexicons, tkey

__all__ = ["analyse", "Analysis", "Tok", "expand_abbreviations"]

# gap between two tokens of one lexicon entry / name: spaces, or one joining mark
_JOIN_GAP_RE = re.compile(r"[ \t]*[-&/.][ \t]*|[ \t]+")
_SPACE_GAP_RE = re.compile(r"[ \t]+")
# a role's person and its title: "X, Chủ tịch", "X - Giám đốc", "X (Giám đốc"
_APPOS_GAP_RE = re.compile(r"[ \t]*(?:,|-|–|—|\(|:)[ \t]*")
_ROLE_VERBS = (
    "được bầu làm", "được bầu giữ chức", "được bầu", "được bổ nhiệm làm", "được bổ nhiệm giữ chức",
    "được bổ nhiệm", "được điều động làm", "giữ chức", "đảm nhiệm chức", "đảm nhận chức", "làm",
    "là", "nguyên", "đương kim", "tân", "kiêm", "kiêm nhiệm",
)
_ROLE_VERB_RE = re.compile(
    r"[ \t,]+(?:" + "|".join(sorted(map(re.escape, _ROLE_VERBS), key=len, reverse=True)) + r")[ \t]+"
)
# lower-case syllables that continue an organisation name after a capitalised word
_ORG_CONT = {"số", "quốc", "gia", "trung", "ương", "nhân", "dân", "và", "cấp", "cao", "mới", "thủ", "đô"}
_NAME_STOP_LOWER = {
    "và", "là", "cho", "của", "đã", "đang", "sẽ", "được", "bị", "có", "với", "tại", "trong", "khi",
    "phát", "nói", "cho", "biết", "chia", "nhận", "trao", "tặng", "thăm", "dự", "làm", "về", "từ",
}
_MIDDLE = {
    "thị", "văn", "đức", "hữu", "minh", "ngọc", "thanh", "kim", "quang", "xuân", "thu", "hồng",
    "tiến", "công", "quốc", "đình", "trọng", "bá", "như", "mạnh", "anh", "thế", "huy", "hoàng",
    "phương", "thúy", "bích", "thái", "việt", "duy", "tuấn", "hải", "khánh", "diệu",
}
_PARTY_SUFFIX = ("ủy", "đoàn")
_SCHOOL_WORDS = {"thpt", "thcs", "th", "mn", "tiểu", "học", "trung", "cơ", "sở", "phổ", "thông", "mầm", "non",
                 "đại", "cao", "đẳng", "chuyên", "dân", "tộc", "nội", "trú", "liên", "cấp", "ptdtnt", "quốc", "tế"}
_LOWER_STOP = {
    "tại", "ở", "của", "và", "với", "cho", "về", "từ", "đến", "tới", "trong", "ngoài", "là", "có", "đã", "đang",
    "sẽ", "được", "bị", "thì", "mà", "như", "khi", "sau", "trước", "trên", "dưới", "vào", "ra", "các", "những",
    "này", "đó", "cùng", "vừa", "mới", "cũng", "không", "chưa", "để", "theo", "do", "vì", "nên", "nhưng", "hay",
    "hoặc", "gồm", "thuộc", "lên", "xuống", "qua", "sang", "lại", "còn", "rất", "đều", "năm", "ngày", "tháng",
}
# a lower-case word after a title that stands for the organisation ("Hiệu trưởng nhà trường")
_GENERIC_ORG = {"nhà trường": "trường", "bệnh viện": "bệnh viện", "công ty": "công ty", "trường": "trường",
                "hợp tác xã": "hợp tác xã", "trung tâm": "trung tâm", "ngân hàng": "ngân hàng", "hội": "hội",
                "đơn vị": None, "doanh nghiệp": None, "tập đoàn": "tập đoàn", "viện": "viện", "nhà máy": "nhà máy"}
_SUBUNITS = {"ban", "phòng", "vụ", "cục", "khoa", "đội", "viện", "trung tâm", "chi cục", "thanh tra", "văn phòng"}
# organisations whose name is a proper name of its own: a place inside it is no location mention
_BUSINESS = {"công ty", "tổng công ty", "tập đoàn", "ngân hàng", "htx", "hợp tác xã", "nhà máy", "xí nghiệp",
             "báo", "tạp chí", "đài", "quỹ", "câu lạc bộ", "clb", "liên minh", "hiệp hội", "trường", "đại học",
             "đh", "học viện", "đhqg"}
_SENT_WORDS = {"Theo", "Tại", "Trong", "Với", "Từ", "Để", "Khi", "Sau", "Trước", "Các", "Những", "Ngày",
               "Tháng", "Đây", "Đó", "Nếu", "Tuy", "Ngoài", "Hiện", "Ông", "Bà"}
_PLACE_PREPS = {"nước", "tại", "ở", "từ", "của", "và", "với", "sang", "đến", "tới", "về", "nhà"}
_ABBR_LEVELS = {"Q": "quận", "P": "phường", "H": "huyện", "TX": "thị xã", "TT": "thị trấn", "X": "xã"}
_LOWER_HEADS = {"trường", "bệnh viện", "công ty", "ngân hàng", "tập đoàn", "học viện", "đại học", "hợp tác xã"}
# syllables that make a compound with a following place keyword ("gia đình", "tuyến phố")
# a possible Vietnamese syllable (onset, one to three vowels, coda; "k" for highland names
# such as Đắk): a capitalised single word after a title that is not one is a brand
# ("Vingroup", "Maseco"), never a given name
_VN_VOWELS = "aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
_VN_SYL_RE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?[" + _VN_VOWELS
                        + r"]{1,3}(?:ng|nh|ch|[cmnptk])?")
# honorifics of kinship: with a name of two or more syllables it opens with a family name
# ("mẹ Nguyễn Thị Thứ"); "mẹ Gạc Ma" names the mothers of a battle, not a person
_KIN_HONORIFICS = {"mẹ", "bố", "cha", "vợ", "chồng", "con", "cụ"}
_STRONG_MIDDLE = {"thị", "văn"}
# first syllables of verbs that often follow a name and that word segmentation glues to it
# ("Bí thư Thăng yêu cầu" segmented "Thăng yêu cầu")
_VERB_AFTER_NAME = {"yêu", "cho", "nói", "phát", "đề", "nhấn", "khẳng", "chỉ", "đánh", "trả", "kết", "tiếp",
                    "đặt", "gửi", "trao", "thăm", "kiểm", "chủ", "dự", "ký", "khen", "biểu", "cảm", "mong",
                    "giao", "quyết", "chúc", "tặng", "lưu", "hứa", "cam", "thừa", "chia", "bày"}
# kinds of titles.tsv held by politicians, officers, diplomats: "Tổng thống Trump" is a person
_POLITICAL_TITLES = {"state", "foreign", "party", "security", "justice", "admin"}
_DISTRICT_LEVELS = {"quận", "huyện", "thị xã", "thành phố"}
_PRE_COMPOUND = {
    "gia", "thành", "tuyến", "đoạn", "con", "nền", "hè", "bờ", "ven", "lòng", "chân", "dòng",
    "tàu", "mặt", "ngã", "cột", "vỉa", "đường", "phố", "cung", "hàng", "xe", "đi", "ra", "qua",
}


class Tok:
    """A syllable token: ``[start, end)`` into the text, its text, lower-case form and case."""

    __slots__ = ("start", "end", "text", "low", "cap", "upper")

    def __init__(self, start: int, end: int, text: str):
        self.start = start
        self.end = end
        self.text = text
        self.low = text.lower().replace("\u2019", "'").replace("\u02bc", "'")
        self.cap = text[:1].isupper()
        self.upper = len(text) > 1 and text.isupper()


@dataclass
class Mention:
    """An entity mention over tokens ``[i, j)`` of one sentence."""

    kind: str  # PER | ORG | LOC | TITLE
    sent: int
    i: int
    j: int
    start: int
    end: int
    text: str
    # PER
    gender: Optional[str] = None
    titles: list[str] = field(default_factory=list)
    name: str = ""
    triggered: bool = False
    # LOC
    level: Optional[str] = None
    canonical: Optional[str] = None
    # TITLE
    title: str = ""
    entity: int = -1  # index into the merged entity list of its kind
    hidden: bool = False  # LOC claimed (never a person) but not a KB location: streets, markets
    bare: bool = False  # ORG: a head alone ("Hội Phụ nữ", "Công đoàn")
    weak: bool = False  # PER of one syllable after a title/occupation: kept only if a full name ends with it
    orgish: bool = False  # PER (weak) that looks like a brand: becomes an ORG when no full name backs it
    firm: bool = False  # ORG named without a head ("Vingroup", "Hoàng Anh Gia Lai"): its other bare uses are ORG too


@dataclass
class Entity:
    kind: str
    name: str
    mentions: list[Mention] = field(default_factory=list)
    gender: Optional[str] = None
    titles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    expanded: Optional[str] = None
    level: Optional[str] = None
    canonical: Optional[str] = None
    key: str = ""
    historical: bool = False


@dataclass
class RoleFact:
    person: int  # index into Analysis.people
    title: str
    org_text: Optional[str]
    org: Optional[int]  # index into Analysis.orgs
    start: int
    end: int


@dataclass
class Analysis:
    """Everything found in one article (indices refer to the lists here)."""

    people: list[Entity] = field(default_factory=list)
    orgs: list[Entity] = field(default_factory=list)
    locations: list[Entity] = field(default_factory=list)
    roles: list[RoleFact] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


# ---------------------------------------------------------------------------------- helpers


@lru_cache(maxsize=1)
def _abbr_re() -> tuple[re.Pattern, dict[str, str]]:
    lx = lexicons()
    table = dict(lx.abbreviations)
    keys = sorted(table, key=len, reverse=True)
    pat = re.compile(r"(?<!\w)(?:TP\.|Tp\.|" + "|".join(map(re.escape, keys)) + r")(?!\w)")
    return pat, table


def expand_abbreviations(name: str) -> str:
    """Spell out the abbreviations of ``abbreviations.tsv`` inside an organisation name.

    >>> expand_abbreviations("Hội LHPN xã Ea Tul")
    'Hội Liên hiệp Phụ nữ xã Ea Tul'
    >>> expand_abbreviations("Sở Y tế TP.HCM")
    'Sở Y tế Thành phố Hồ Chí Minh'
    """
    pat, table = _abbr_re()

    def rep(m: re.Match) -> str:
        s = m.group(0)
        if s in ("TP.", "Tp."):
            return "thành phố "
        return table.get(s, s)

    return " ".join(pat.sub(rep, name).split())


def _proper(tokens: list[str]) -> str:
    """Title-case a name token by token, keeping a capital after an apostrophe (H'Lim)."""
    out = []
    for t in tokens:
        t = t.replace("\u2019", "'").replace("\u02bc", "'")
        parts = t.split("'")
        out.append("'".join(p[:1].upper() + p[1:].lower() for p in parts))
    return " ".join(out)


def _is_proper(tokens: list[str]) -> bool:
    return all(_proper([t]) == t.replace("\u2019", "'") for t in tokens)


class _Sentence:
    def __init__(self, text: str, start: int, end: int, index: int):
        self.text = text
        self.index = index
        self.end = end
        self.toks = [Tok(m.start(), m.end(), m.group(0))
                     for m in TOKEN_RE.finditer(text, start, end)]
        self.owner: list[Optional[str]] = [None] * len(self.toks)
        self.gaps = [""] + [text[a.end:b.start] for a, b in zip(self.toks, self.toks[1:])]
        self._sp = [False] + [bool(_SPACE_GAP_RE.fullmatch(g)) for g in self.gaps[1:]]
        self._jn = [False] + [sp or bool(_JOIN_GAP_RE.fullmatch(g)) for sp, g in zip(self._sp[1:], self.gaps[1:])]
        self.memo: dict = {}

    def gap(self, k: int) -> str:
        """Text between token k-1 and token k."""
        return self.gaps[k]

    def spaced(self, k: int) -> bool:
        return 0 < k < len(self.toks) and self._sp[k]

    def joinable(self, k: int) -> bool:
        return 0 < k < len(self.toks) and self._jn[k]

    def key(self, i: int, j: int) -> str:
        return " ".join(t.low for t in self.toks[i:j])

    def free(self, i: int, j: int) -> bool:
        return all(o is None for o in self.owner[i:j])

    def claim(self, i: int, j: int, kind: str) -> None:
        for k in range(i, j):
            self.owner[k] = kind


def _longest(s: _Sentence, i: int, table, maxlen: int, spaced_only: bool = False) -> int:
    """Length in tokens of the longest entry of ``table`` (token keys) starting at token i."""
    best = 0
    n = len(s.toks)
    key = ""
    for ln in range(1, min(maxlen, n - i) + 1):
        k = i + ln - 1
        if ln > 1:
            ok = s.spaced(k) if spaced_only else s.joinable(k)
            if not ok:
                break
            key += " " + s.toks[k].low
        else:
            key = s.toks[k].low
        if key in table:
            best = ln
    return best


# ---------------------------------------------------------------------------------- analyser


class _Analyser:
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

    # ----------------------------------------------------------------- generic predicates
    def _title_at(self, s: _Sentence, i: int) -> int:
        if not s.toks[i].cap or s.toks[i].low not in self.titles_first:
            return 0
        key = ("T", i)
        if key not in s.memo:
            s.memo[key] = _longest(s, i, self.lx.titles, self.lx.max_len["titles"], spaced_only=True)
        return s.memo[key]

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

    @staticmethod
    def _vn_syllable(t: Tok) -> bool:
        """The token could be a Vietnamese syllable ("Dũng" yes; "Vingroup", "Trump" no)."""
        return "'" in t.low or bool(_VN_SYL_RE.fullmatch(t.low))

    def _cap_run(self, s: _Sentence, k: int) -> int:
        """Capitalised tokens joined by single spaces from token k (at most 5)."""
        ln = 0
        while k + ln < len(s.toks) and ln < 5 and s.toks[k + ln].cap and (ln == 0 or s.spaced(k + ln)):
            ln += 1
        return ln

    def _name_like(self, s: _Sentence, k: int) -> bool:
        t = s.toks[k]
        return t.cap and not any(ch.isdigit() for ch in t.text) and s.owner[k] is None

    def _gaz_run(self, s: _Sentence, k: int) -> int:
        """Length of the longest gazetteer unit name (any level) at token k."""
        best = 0
        for ln in range(1, min(5, len(s.toks) - k) + 1):
            if ln > 1 and not (s.spaced(k + ln - 1) and s.toks[k + ln - 1].cap):
                break
            if s.key(k, k + ln) in self.lx.gazetteer:
                best = ln
        return best

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
            if self.lx.gaz(key, level) or (level is None and key in self.lx.gazetteer):
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
            if k > j and (self._keyword_at(s, k) and s.toks[k].text.islower() or self._tp_at(s, k)):
                break
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
            if k > j and self._joined(s, k):
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

    # ----------------------------------------------------------------- run
    def run(self, sentences: list[tuple[int, int]]) -> Analysis:
        sents = [_Sentence(self.text, a, b, idx) for idx, (a, b) in enumerate(sentences)]
        titles: list[Mention] = []
        for s in sents:
            n = len(s.toks)
            # 1. organisations
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
                    self.mentions.append(m)
                    self.mentions.extend(nested)
                    s.claim(i, j, "ORG")
                    i = j
                    continue
                i += 1
            # 1b. firms named without a head or title ("Norges Bank", "Eximbank")
            self._sweep(s, self._brand_at, "ORG")
            # 1c. the two sides of a match ("trận đấu giữa Sông Lam và Quảng Ninh")
            for m in self._match_sides(s):
                self.mentions.append(m)
                s.claim(m.i, m.j, "ORG")
            # 2. keyword locations
            self._sweep(s, lambda s_, i: self._location_at(s_, i) if s_.owner[i] is None else None, "LOC")
            # titles (not claimed: they only feed roles)
            i = 0
            while i < n:
                tl = self._title_at(s, i)
                if tl and s.owner[i] is None:
                    key = s.key(i, i + tl)
                    titles.append(Mention("TITLE", s.index, i, i + tl, s.toks[i].start, s.toks[i + tl - 1].end,
                                          self.text[s.toks[i].start:s.toks[i + tl - 1].end], title=self.lx.titles[key]))
                    i += tl
                    continue
                i += 1
            # 3. announced people
            i = 0
            while i < n:
                if s.owner[i] is None:
                    res = self._triggered_person(s, i)
                    if res:
                        j, m = res
                        self.mentions.append(m)
                        s.claim(i, m.i, "HON")
                        s.claim(m.i, m.j, "PER")
                        i = j
                        continue
                    found = self._title_person(s, i)
                    if found and s.free(found[0].i, found[-1].j):
                        for m in found:
                            self.mentions.append(m)
                            s.claim(m.i, m.j, m.kind)
                        i = found[-1].j
                        continue
                i += 1
            # 4. bare provinces / countries of 2+ syllables
            self._bare_places(s, min_len=2)
            # 5. surname-led names
            self._sweep(s, self._surname_person, "PER")
            # 5b. foreign names opening with a known given name ("Joe Biden")
            self._sweep(s, self._foreign_person, "PER")
            # 6. one-syllable countries standing alone
            self._bare_places(s, min_len=1)
        # 7. bylines and photo credits: a sentence that is only a name, at the end or after "Ảnh:"
        self._place_byline(sents)
        self._bylines(sents)
        # 8. a bare given name / family name of a person already named ("Parscale nói")
        self._bare_name_mentions(sents)
        self.sents = sents
        return self._resolve(titles)

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

    def _reshape(self, s: _Sentence, m: Mention, i: int, j: int) -> None:
        m.i, m.j = i, j
        m.start, m.end = s.toks[i].start, s.toks[j - 1].end
        m.text = m.name = self.text[m.start:m.end]

    def _resolve(self, titles: list[Mention]) -> Analysis:
        self._fix_people()
        self._settle_weak()
        self._propagate_firms()
        an = Analysis()
        ms = sorted(self.mentions, key=lambda m: (m.start, -m.end))
        an.mentions = ms
        self._merge_people(an, [m for m in ms if m.kind == "PER"])
        self._merge_orgs(an, [m for m in ms if m.kind == "ORG"])
        self._merge_locs(an, [m for m in ms if m.kind == "LOC"])
        self._roles(an, titles)
        self._drop_generic_orgs(an)
        return an

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
                after = org or m
                if rest and rest[0].kind == "PER" and self._adjacent(s, after, rest[0]):
                    person = rest[0]
                if person is None:
                    # "Chủ tịch UBTƯ MTTQ Việt Nam Trần Quốc Bình": a name reached from the title
                    # without punctuation holds it, with what lies between as its organisation
                    ahead = self._person_after(s, items[j:j + 6], m)
                    if ahead is not None:
                        person, between = ahead
                        if between:
                            inner = [x for x in items[j:j + 6] if x.kind == "ORG" and x.start >= m.end
                                     and x.end <= person.start]
                            org = inner[0] if len(inner) == 1 and " ".join(inner[0].text.split()) == between \
                                else None
                            generic = None if org is not None else (between, None)
                if person is None:
                    prev = [x for x in items[max(0, idx - 8):idx] if x.end <= m.start]
                    person = self._person_before(s, prev, m)
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
                an.roles.append(RoleFact(person.entity, m.title, org_text, org_id, start, end))
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

    _AHEAD_STOP_RE = re.compile(r"[,;:()\[\]\"\u201c\u201d!?]|\.[ \t]|[ \t][-\u2013\u2014][ \t]")

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

    def _person_before(self, s: _Sentence, prev: list[Mention], title: Mention) -> Optional[Mention]:
        """The person of "X, Chủ tịch ..." / "X - Giám đốc" / "X được bầu làm Phó Chủ tịch"."""
        if not prev:
            return None
        last = prev[-1]
        if last.kind == "PER":
            gap = self.text[last.end:title.start]
            if _APPOS_GAP_RE.fullmatch(gap) or _ROLE_VERB_RE.fullmatch(gap):
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


def analyse(text: str, sentences: list[tuple[int, int]],
            words_for: Optional[Callable[[int, int], list[tuple[int, int]]]] = None) -> Analysis:
    """Find people, organisations, locations and roles in ``text``.

    ``sentences``: ``(start, end)`` offsets of the sentences to read (title, body, caption).
    ``words_for(start, end)``: optional word segmentation of a stretch (underthesea words as
    offsets); without it organisation names stop at the first lower-case syllable that is not
    in a small continuation list. Returns an :class:`Analysis`; never raises on odd text.
    """
    return _Analyser(text, words_for).run(sentences)
