"""Named programmes (``programmes``) and figure -> programme links (``programme_id``).

Two recognizers live here:

* ``programmes`` (order 250) finds programme mentions and merges them into entities;
* ``programme_links`` (order 350) sets ``programme_id`` on ``money`` / ``percentages`` /
  ``quantities`` items whose sentence ties them to a programme, and drops figures that are
  part of a programme's name (the ``938`` of ``Đề án 938`` is not a quantity).

What is a programme mention (rules written for pntd-extract from the Phụ nữ Thủ đô seed and
the public cases B01/B02):

* a kind word from ``lexicons/programme_kinds.tsv`` (chương trình, đề án, phong trào,
  mô hình điểm, cuộc thi ...), then at most 3 lower-case words that may stand between
  (``mô hình thi đua``, ``cuộc thi viết``, ``mô hình mới``; words of role ``between`` in
  ``programme_stopwords.tsv`` may not: ``với chủ đề``), then a quoted name in “ ”, " ",
  ‘ ’ or « ». The name is the text inside the quotes, stripped of edge spaces and
  ``. , ; :``; “ may also close with a straight " (mixed typography). A missing closing
  quote ends the name at the next opening quote, ``;``, a full stop before a capital, or
  the sentence end, so it never swallows the next sentence; such an unclosed name longer
  than 15 words is dropped (no mention rather than a wrong one).
* further quoted names joined by ``,`` / ``và`` / ``hoặc`` share the kind
  (``02 cuộc thi “A” và “B”`` -> two programmes of kind ``cuộc thi``).
* a numbered kind followed by a number and a quoted name (``Dự án 8 “Thực hiện bình đẳng
  giới ...”``) is one mention with both.
* a kind word right after a ``before`` word is part of another word (``Đại hội thi đua``).
* a numbered kind (``numbered`` column) followed by ``[số] NUMBER``: ``Đề án 938``,
  ``Chương trình số 06-CTr/TU``. Its name is the mention as written (``Đề án 938``, as in
  public case B01, whose ``type`` maps to our lower-case ``kind``) and ``number`` the number.
  ``Đề án “...” (Đề án 938)`` is one programme: the quoted name with number ``938``.
* a kind with ``unquoted = yes`` followed by a capitalised name (not an organisation or place
  head such as Hội, UBND, Quận): the name runs to the first ``end`` word (tại, ở, của ...),
  punctuation or digit, at most 15 words (``Mô hình điểm Tổ dân phố văn hóa kiểu mẫu tại``);
  or a lower-case name opening with a ``lead`` phrase, up to the next punctuation
  (``Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng ...``).

Not programmes: quoted speech, themes (``chủ đề “...”``), standards (``chuẩn mực “...”``) and
quoted common words, because only quotes introduced by a kind word are read; quoted ironic or
common words after a kind word (dự án “cực chẳng đã”, quỹ “khủng”): a quoted name opening
lower-case needs at least 4 words (:func:`plausible_quoted_name`); a kind word inside an
organisation name (``Ban quản lý dự án 2``: ``before`` words lý, bql); organisations named
like programmes (``Chương trình Phát triển Liên Hợp Quốc``: ``org_name``); street addresses
(``dự án số 6-8 đường D2``: ``address``); a generic noun alone (mô hình ``Câu lạc bộ``:
``generic``; before a quoted name it is skipped: mô hình Câu lạc bộ “X” -> X); ``chiến dịch``
without quotes (a battle: chiến dịch Điện Biên Phủ).

Unquoted names keep hyphenated continuations (``Việt Nam - Phần Lan``, ``Bình An-Đông Tây``),
a final ``số N`` (``đường sắt đô thị số 1``), ``nhà ở`` (``not_end``), and run to at most 15
words; a longer one is dropped rather than cut.

Merging (one entity per programme): mentions of one ``family`` (mô hình = mô hình điểm;
cuộc thi = hội thi) with the same case-folded name or the same number are one entity; an
unquoted name also merges with a quoted one of the same family when the shorter name's words
are an ordered subsequence of the longer's (at least 3 words): ``Mô hình “Tổ dân phố kiểu
mẫu”`` = ``Mô hình điểm Tổ dân phố văn hóa kiểu mẫu``. The entity's ``name`` is its first
name in text order (quoted or not; a numbered label such as ``Đề án 938`` only when no
mention has a name), ``aliases`` its other names and labels; ``kind`` is the kind of its
first mention; ids are ``pr1``, ``pr2`` ... in order of first mention.

Example::

    >>> from pntd_extract import extract
    >>> rec = extract("Huyện vừa phát động Chương trình “Làng quê sạch”. Ông A chỉ đạo.", title="T")
    >>> [(p.name, p.kind) for p in rec.programmes]
    [('Làng quê sạch', 'chương trình')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field
from functools import lru_cache
from typing import Optional

from ... import schema as S
from ...lexicon import read_tsv
from ...registry import register
from ...rule import chain, declare

__all__ = ['Kind', 'Mention', 'kinds', 'stopwords', 'plausible_quoted_name', 'find_mentions', 'merge_mentions', 'recognize_programmes']


QUOTES = {"“": "”", '"': '"', "‘": "’", "«": "»", "„": "“"}


# closers accepted besides the matching one (mixed typography: “Tiếp sức mùa thi")
ALT_CLOSERS = {"“": '"', "‘": "'", "„": '"'}


MAX_UNCLOSED_WORDS = 15


_L = "A-Za-zÀ-ỹĐđ"


_LOWER_WORD_RE = re.compile(r"[ \t]+([a-zà-ỹđ]+)(?![\w])")


_NUM_RE = re.compile(r"[ \t]+(?:(số)[ \t]+)?(\d{1,4}(?:[-/.][0-9A-Za-zĐđ]{1,12}){0,4})(?![\w%])")


_WORD_RE = re.compile(r"[ \t]+([^\W\d_][\w'’]*)")


_FOLLOW_WORD_RE = re.compile(r"\s*([^\W\d_]+)")


_LIST_SEP_RE = re.compile(r"\s*(?:,\s*(?:(?:và|hoặc)\s+)?|\s(?:và|hoặc|cùng)\s+)(?=[“\"‘«„])")


_END_CUT_RE = re.compile(r"[.!?…]+\s+(?=[“\"‘«(]?[A-ZÀ-ỸĐ0-9])|;")


_STRIP = " \t\n.,;:"


_PREV_WORD_RE = re.compile(r"([^\W\d_]+)[ \t]+$")


_HYPHEN_WORD_RE = re.compile(r"[ \t]*[-–][ \t]*([A-ZÀ-ỸĐ][\w'’]*)")


_NAME_NUMBER_RE = re.compile(r"[ \t]+(\d{1,4}[A-Za-z]?)(?![\w.,]\d)")


_GENERIC_RE_CACHE: dict = {}


MAX_UNQUOTED_WORDS = 15


MIN_LOWER_QUOTED_WORDS = 4


QUOTED = declare("programmes.quoted", "a kind word (programme_kinds.tsv) then a quoted name: Chương trình “Làng quê "
                 "sạch”", ("programme_kinds.tsv", "programme_stopwords.tsv"))
QUOTED_LIST = declare("programmes.quoted_list", "further quoted names joined by , / và / hoặc share the kind: "
                      "02 cuộc thi “A” và “B”", ("programme_kinds.tsv",))
NUMBERED_QUOTED = declare("programmes.numbered_quoted", "a numbered kind, a number and a quoted name: Dự án 8 “...”",
                          ("programme_kinds.tsv",))
NUMBERED = declare("programmes.numbered", "a numbered kind and its number: Đề án 938, Chương trình số 06-CTr/TU",
                   ("programme_kinds.tsv",))
UNQUOTED = declare("programmes.unquoted", "a kind allowing unquoted names then a capitalised name up to an end word: "
                   "Mô hình điểm Tổ dân phố văn hóa kiểu mẫu", ("programme_kinds.tsv", "programme_stopwords.tsv"))

@dataclass(frozen=True)
class Kind:
    kind: str
    family: str
    numbered: bool
    unquoted: bool
    coded: bool = False  # numbered only with "số" or a coded number (Kế hoạch số 45, 123/KH-UBND)


@dataclass
class Mention:
    """One programme mention: ``span`` offsets cover the kind word (if any) through the
    closing quote / number / name end; ``name_start``/``name_end`` cover the name itself."""

    kind: str
    family: str
    start: int
    end: int
    name: Optional[str] = None
    name_start: int = 0
    name_end: int = 0
    number: Optional[str] = None
    quoted: bool = False
    label: Optional[str] = None  # "Đề án 938" for number-only mentions
    extra: list[tuple[int, int]] = field(default_factory=list)  # more spans of the same mention
    rule: Optional[str] = None  # the rule that read it


def _read_tsv(name: str) -> list[list[str]]:
    return read_tsv(name, 1, header=True)


@lru_cache(maxsize=1)
def kinds() -> dict[str, Kind]:
    """Kind lexicon: lower-case surface form -> :class:`Kind` (from ``programme_kinds.tsv``).

    Raises ``ValueError`` naming the file when a row is malformed."""
    out: dict[str, Kind] = {}
    for row in _read_tsv("programme_kinds.tsv"):
        if len(row) < 5:
            raise ValueError(f"programme_kinds.tsv: malformed row {row!r}")
        num = row[2].strip()
        k = Kind(row[0].strip(), row[1].strip(), num in ("yes", "coded"), row[3].strip() == "yes", num == "coded")
        out[k.kind.lower()] = k
        for v in row[4].split(","):
            v = v.strip()
            if v and v != "-":
                out[v.lower()] = k
    return out


@lru_cache(maxsize=1)
def stopwords() -> dict[str, frozenset[str]]:
    """``programme_stopwords.tsv`` as role -> words."""
    roles: dict[str, set[str]] = {}
    for row in _read_tsv("programme_stopwords.tsv"):
        if len(row) >= 2:
            roles.setdefault(row[0].strip(), set()).add(row[1].strip())
    return {k: frozenset(v) for k, v in roles.items()}


@lru_cache(maxsize=1)
def _kind_re() -> re.Pattern:
    alts = sorted(kinds(), key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"[ \t]+") for a in alts)
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)


def _fold(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


def _quoted(text: str, open_pos: int, limit: int) -> Optional[tuple[int, int, int, bool]]:
    """Parse a quoted name whose opening quote is at ``open_pos``.

    Returns ``(name_start, name_end, mention_end, closed)`` or None when empty."""
    opener = text[open_pos]
    closer = QUOTES[opener]
    ns = open_pos + 1
    close = text.find(closer, ns, limit)
    alt = ALT_CLOSERS.get(opener)
    if alt:
        a = text.find(alt, ns, limit if close < 0 else close)
        if a >= 0:
            close = a
    if opener != closer:
        reopen = text.find(opener, ns, limit)
        if reopen >= 0 and (close < 0 or reopen < close):
            close = -1
            limit = reopen
    if close >= 0:
        ne, mend, closed = close, close + 1, True
    else:
        m = _END_CUT_RE.search(text, ns, limit)
        ne = m.start() if m else limit
        mend, closed = ne, False
    while ne > ns and text[ne - 1] in _STRIP:
        ne -= 1
    while ns < ne and text[ns] in _STRIP:
        ns += 1
    if not closed:
        mend = ne
        if len(text[ns:ne].split()) > MAX_UNCLOSED_WORDS:
            return None  # an unclosed quote we cannot delimit: no mention rather than a wrong one
    if ne <= ns or ne - ns > 300 or not re.search(rf"[{_L}]", text[ns:ne]):
        return None
    return ns, ne, mend, closed


def plausible_quoted_name(name: str) -> bool:
    """A quoted name after a kind word is a programme name when it opens with a capital or a
    digit, or has at least ``MIN_LOWER_QUOTED_WORDS`` (4) words: ``“Làng quê sạch”``, ``“hũ gạo
    tình thương”``; not quoted ironic or common words (dự án “cực chẳng đã”, quỹ “khủng”,
    mô hình “làm theo”). Rule written for pntd-extract from the seed and tester findings."""
    name = name.strip()
    if not name:
        return False
    first = name[0]
    if first.isupper() or first.isdigit():
        return True
    return len(name.split()) >= MIN_LOWER_QUOTED_WORDS


@lru_cache(maxsize=1)
def _generic_re() -> re.Pattern:
    alts = sorted(stopwords().get("generic", frozenset()), key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"[ \t]+") for a in alts) or "(?!)"
    return re.compile(rf"[ \t]+(?:{body})(?![\w])", re.IGNORECASE)


def _skip_between(text: str, pos: int, limit: int) -> Optional[int]:
    """Position of an opening quote after at most 3 allowed lower-case words, else None."""
    between = stopwords().get("between", frozenset())
    for _ in range(4):
        j = pos
        while j < limit and text[j] in " \t":
            j += 1
        if j < limit and text[j] in QUOTES:
            return j
        m = _LOWER_WORD_RE.match(text, pos, limit)
        if not m or m.group(1) in between:
            return None
        pos = m.end()
    return None


def _number(text: str, pos: int, limit: int) -> Optional[re.Match]:
    m = _NUM_RE.match(text, pos, limit)
    if not m:
        return None
    num = m.group(2)
    if num.endswith("."):
        return None
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{1,3})+", num):
        return None  # kế hoạch 1.000 hộ: a figure, not a number
    plain = num.isdigit()
    w = _FOLLOW_WORD_RE.match(text, m.end(), limit)
    if w and w.group(1).lower() in stopwords().get("address", frozenset()):
        return None  # dự án số 6-8 đường D2: a street address
    if re.match(r"(?:19|20)\d\d(?:$|[-/](?:19|20)?\d\d$)", num):
        return None  # kế hoạch 2024, kế hoạch 2012-2015: years
    if plain:
        w = _FOLLOW_WORD_RE.match(text, m.end(), limit)
        if w and w.group(1).lower() in stopwords().get("unit", frozenset()):
            return None
    return m


def _unquoted(text: str, pos: int, limit: int) -> Optional[tuple[int, int]]:
    sw = stopwords()
    heads, ends = sw.get("head", frozenset()), sw.get("end", frozenset())
    for lead in sw.get("lead", ()):
        lm = re.compile(r"[ \t]+(" + re.escape(lead).replace(r"\ ", r"[ \t]+") + r")(?![\w])", re.IGNORECASE).match(text, pos, limit)
        if lm:  # Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội ...
            stop = re.compile(r"[,;:.()“”\"!?…\d]|[ \t](?:là|được|đã|đang|sẽ|có|do|của|cho|với|tại|ở|nhằm|để|theo|khi)(?!\w)").search(text, lm.end(), limit)
            ne = stop.start() if stop else limit
            while ne > lm.start(1) and text[ne - 1] in _STRIP:
                ne -= 1
            n = len(text[lm.start(1):ne].split())
            if len(lead.split()) + 2 <= n <= 30:
                return lm.start(1), ne
            return None
    m = _WORD_RE.match(text, pos, limit)
    if not m:
        return None
    first = m.group(1)
    if not first[0].isupper() or first in heads or first.isupper() and len(first) > 1:
        return None
    ns, ne = m.start(1), m.end(1)
    p = m.end()
    n = 1
    not_end = sw.get("not_end", frozenset())
    prev = first.lower()
    while True:
        w = _WORD_RE.match(text, p, limit)
        if w is None:  # "Việt Nam - Phần Lan", "Bình An-Đông Tây": a hyphenated continuation
            w = _HYPHEN_WORD_RE.match(text, p, limit)
        if not w or (w.group(1).lower() in ends and f"{prev} {w.group(1).lower()}" not in not_end):
            break
        if n >= MAX_UNQUOTED_WORDS:
            return None  # longer than any name we can trust: no mention rather than a cut one
        ne, p = w.end(1), w.end()
        prev = w.group(1).lower()
        n += 1
    if prev == "số":  # "... đường sắt đô thị số 1": keep the number
        num = _NAME_NUMBER_RE.match(text, p, limit)
        if not num:
            return None
        ne = num.end(1)
    if n < 2:
        return None
    folded = " ".join(text[ns:ne].lower().split())
    if folded in sw.get("generic", frozenset()) or folded in sw.get("org_name", frozenset()):
        return None
    return ns, ne


def find_mentions(text: str, start: int = 0, end: Optional[int] = None) -> list[Mention]:
    """Programme mentions in ``text[start:end]`` (one sentence), in text order.

    Offsets are into ``text``. Never raises on odd text; linear time (each quote search is
    bounded by the sentence end and the scan position only moves forward).

    >>> [(m.kind, m.name) for m in find_mentions("ủng hộ Chương trình “Đồng hành cùng phụ nữ biên cương”")]
    [('chương trình', 'Đồng hành cùng phụ nữ biên cương')]
    """
    end = len(text) if end is None else end
    out: list[Mention] = []
    consumed = start
    lex = kinds()
    for m in _kind_re().finditer(text, start, end):
        if m.start() < consumed:
            continue
        k = lex.get(" ".join(m.group().lower().split()))
        if k is None:
            continue
        pw = _PREV_WORD_RE.search(text, max(start, m.start() - 12), m.start())
        if pw and pw.group(1).lower() in stopwords().get("before", frozenset()):
            continue
        pos = m.end()
        q = _skip_between(text, pos, end)
        if q is None:  # mô hình Câu lạc bộ “...”: a generic noun before the quoted name
            g = _generic_re().match(text, pos, end)
            if g:
                q = _skip_between(text, g.end(), end)
        if q is not None:
            parsed = _quoted(text, q, end)
            if parsed is None:
                continue
            ns, ne, mend, closed = parsed
            if not plausible_quoted_name(text[ns:ne]):
                consumed = mend
                continue
            men = Mention(k.kind, k.family, m.start(), mend, text[ns:ne], ns, ne, quoted=True, rule=QUOTED)
            out.append(men)
            consumed = mend
            if closed:
                pm = re.compile(r"\s*\(\s*(" + _kind_re().pattern + r")", re.IGNORECASE).match(text, mend, end)
                if pm:
                    pk = lex.get(" ".join(pm.group(1).lower().split()))
                    nm = _number(text, pm.end(1), end) if pk and pk.family == k.family else None
                    if nm:
                        cl = re.compile(r"\s*\)").match(text, nm.end(), end)
                        if cl:
                            men.number = nm.group(2)
                            men.label = " ".join(text[pm.start(1):nm.end()].split())
                            men.extra.append((pm.start(1), nm.end()))
                            consumed = cl.end()
                # lists sharing the kind: “A”, “B” và “C”
                while True:
                    sep = _LIST_SEP_RE.match(text, consumed, end)
                    if not sep:
                        break
                    nxt = _quoted(text, sep.end(), end)
                    if nxt is None:
                        break
                    ns2, ne2, mend2, closed2 = nxt
                    if not plausible_quoted_name(text[ns2:ne2]):
                        break
                    out.append(Mention(k.kind, k.family, sep.end(), mend2, text[ns2:ne2], ns2, ne2, quoted=True,
                                       rule=QUOTED_LIST))
                    consumed = mend2
                    if not closed2:
                        break
            continue
        if k.numbered:
            nm = _number(text, pos, end)
            if nm and k.coded and not nm.group(1) and nm.group(2).isdigit():
                nm = None
            if nm:
                label = " ".join(text[m.start():nm.end()].split())
                q2 = _skip_between(text, nm.end(), end)
                parsed = _quoted(text, q2, end) if q2 is not None and q2 - nm.end() <= 2 else None
                if parsed:  # Dự án 8 “Thực hiện bình đẳng giới ...”
                    ns, ne, mend, _closed = parsed
                    out.append(Mention(k.kind, k.family, m.start(), mend, text[ns:ne], ns, ne, number=nm.group(2),
                                       quoted=True, label=label, extra=[], rule=NUMBERED_QUOTED))
                    consumed = mend
                    continue
                out.append(Mention(k.kind, k.family, m.start(), nm.end(), None, m.start(), nm.end(),
                                   number=nm.group(2), label=label, rule=NUMBERED))
                consumed = nm.end()
                continue
        if k.unquoted:
            u = _unquoted(text, pos, end)
            if u:
                ns, ne = u
                out.append(Mention(k.kind, k.family, m.start(), ne, text[ns:ne], ns, ne, rule=UNQUOTED))
                consumed = ne
    return out


def _subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(w in it for w in short)


def merge_mentions(mentions: list[Mention]) -> list[tuple[dict, list[Mention]]]:
    """Group mentions into entities (see the module docstring for the rules).

    Returns ``[(entity_fields, mentions)]`` in order of first mention, where
    ``entity_fields`` has ``name``, ``kind`` and ``number``."""
    groups: list[list[Mention]] = []
    keys: dict[tuple, int] = {}
    for men in mentions:
        mkeys = []
        if men.number:
            mkeys.append(("n", men.family, men.number.casefold().lstrip("0") or "0"))
        if men.name:
            mkeys.append(("q", men.family, _fold(men.name)))
        gi = next((keys[k] for k in mkeys if k in keys), None)
        if gi is None and men.name:
            words = _fold(men.name).split()
            for i, g in enumerate(groups):
                for other in g:
                    if other.family != men.family or not other.name or (other.quoted and men.quoted):
                        continue
                    ow = _fold(other.name).split()
                    a, b = (words, ow) if len(words) <= len(ow) else (ow, words)
                    if len(a) >= 3 and _subsequence(a, b):
                        gi = i
                        break
                if gi is not None:
                    break
        if gi is None:
            groups.append([])
            gi = len(groups) - 1
        groups[gi].append(men)
        for k in mkeys:
            keys.setdefault(k, gi)
    out = []
    for g in groups:
        names = [m.name for m in g if m.name] + [m.label for m in g if m.label]
        name = names[0]
        aliases: list[str] = []
        for n in names[1:]:
            if _fold(n) != _fold(name) and all(_fold(n) != _fold(a) for a in aliases):
                aliases.append(n)
        number = next((m.number for m in g if m.number), None)
        out.append(({"name": name, "kind": g[0].kind, "number": number, "aliases": aliases}, g))
    return out


@register("programmes", order=250, fields=("programmes",))
def recognize_programmes(ctx) -> None:
    """Fill ``ctx.programmes`` from the title, body and caption sentences.

    Mentions' spans run from the kind word to the closing quote (``Chương trình “Làng quê
    sạch”``), or cover the quoted name alone for later items of a list, or the number label
    (``Đề án 938``). Ids ``pr1``, ``pr2`` ... Stores the raw mentions in
    ``ctx.cache["programme_mentions"]`` as ``(Mention, programme_id)`` for the link step."""
    text = ctx.text
    mentions: list[Mention] = []
    for sent in ctx.read_sentences():
        mentions.extend(find_mentions(text, sent.start, sent.end))
    linked: list[tuple[Mention, str]] = []
    for i, (ent, g) in enumerate(merge_mentions(mentions), 1):
        pid = f"pr{i}"
        spans = []
        for men in g:
            spans.append(ctx.span(men.start, men.end))
            for s, e in men.extra:
                spans.append(ctx.span(s, e))
            linked.append((men, pid))
        spans.sort(key=lambda sp: sp.start)
        ctx.programmes.append(S.Programme(id=pid, name=ent["name"], kind=ent["kind"], number=ent["number"],
                                          aliases=ent["aliases"], mentions=spans,
                                          rule=chain(*(men.rule for men in sorted(g, key=lambda x: x.start)))))
    linked.sort(key=lambda t: t[0].start)
    ctx.cache["programme_mentions"] = linked
