"""The shared Vietnamese name grammar: tokens, mentions, entities, sentences, shared constants.

Used by the people, organisation, location and role rules
(:mod:`pntd_extract.dimensions.people.rules` ...) that :class:`pntd_extract.entities.core._Analyser`
combines. ``expand_abbreviations`` reads ``abbreviations.tsv``:

    >>> expand_abbreviations("Hội LHPN quận Bắc Từ Liêm")
    'Hội Liên hiệp Phụ nữ quận Bắc Từ Liêm'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field
from functools import lru_cache
from typing import Optional

from ..rule import chain
from .lexicons import TOKEN_RE, lexicons

__all__ = ['Tok', 'Mention', 'Entity', 'RoleFact', 'Analysis', 'expand_abbreviations']


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
    rule: Optional[str] = None  # the pass (rule) that made it, see pntd_extract.entities.core


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

    @property
    def rule(self) -> Optional[str]:
        """Rule chain of the entity: the distinct rules of its mentions, in mention order."""
        return chain(*(m.rule for m in self.mentions))


@dataclass
class RoleFact:
    person: int  # index into Analysis.people
    title: str
    org_text: Optional[str]
    org: Optional[int]  # index into Analysis.orgs
    start: int
    end: int
    rule: Optional[str] = None
    former: bool = False  # a "nguyên" / "cựu" (former) title


@dataclass
class Analysis:
    """Everything found in one article (indices refer to the lists here)."""

    people: list[Entity] = field(default_factory=list)
    orgs: list[Entity] = field(default_factory=list)
    locations: list[Entity] = field(default_factory=list)
    roles: list[RoleFact] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


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
