"""Credits and bylines written inside the text: who wrote the article, who took the photos.

Layout helpers for :mod:`pntd_extract.layout`, for pages whose paragraphs were flattened into
long lines (baomoi.com copies): the byline and the photo credits are then glued to the
sentences around them instead of standing on their own lines. Named rules:

* ``credit.photo`` -- a photo/video label of ``credit_labels.tsv`` (``Ảnh:``, ``Ảnh`` + a
  capitalised name, ``Clip:``) at a line start, after a sentence end or after ``(``, and the
  name that follows it: the credit is marked ``dropped`` (neither author, person nor body),
  the name goes to ``Layout.credits``. The name is one to four capitalised words (``/``
  joins an outlet: ``Nam Thái/TTXVN``); a capitalised word followed by a lower-case word or
  a number, or a ``stop`` word of the lexicon, opens the next sentence and ends the name
  (``Ảnh: Nguyên Sơn Sáng 28/6, ...`` -> ``Nguyên Sơn``).
* ``credit.glued_byline`` -- after the last sentence end of the last body line, a short tail
  of names only (``Khánh Chi``, ``Phước Tuần - Chi Mai - Hà Hương``, ``B.T.N``, ``VŨ DUNG``),
  optionally behind ``Theo`` or an author label (``Tin, ảnh:``) and before an outlet
  (``/VOV``, ``(TTXVN)``, ``(Theo Dân Trí)``), is the byline: a ``byline`` section, the names
  are the authors, the outlet the source. ``Theo X`` alone names a source, not an author.
* ``credit.outlet`` -- the outlet a credit or byline names (``/TTXVN``, ``(TTXVN)``,
  ``Theo VOV``, a one-word all-caps credit ``Ảnh: TTXVN``) is an organisation: its span goes
  to ``Layout.outlets`` and :mod:`pntd_extract.dimensions.organizations.outlets` records it.
* ``credit.teaser`` -- a related-article teaser glued to the end (``» Title ...``) is
  ``related``; two or three capitalised words ending it after a lower-case word are the byline.

A single capitalised word is never taken as an author (``Hùng``): only names of two to four
words or initials (``B.T.N``, ``L.TUYẾT``).

Example::

    >>> t = "Sở Y tế họp. Ảnh: Minh Tuấn Sáng 5/3, hội nghị bắt đầu. Khánh Chi"
    >>> [(k, t[a:b]) for k, a, b in split_credits(t, 0, len(t), [])]
    [('body', 'Sở Y tế họp. '), ('dropped', 'Ảnh: Minh Tuấn'), ('body', ' Sáng 5/3, hội nghị bắt đầu. Khánh Chi')]
    >>> glued_byline(t, 0, len(t))[1:]
    (['Khánh Chi'], None)
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from .lexicon import read_tsv

__all__ = ["split_credits", "glued_byline", "teaser_start", "author_names", "title_case", "source_span"]


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, dict[str, str]]:
    """``credit_labels.tsv`` by kind: label -> kind for author/photo labels, and the
    ``anonymous`` and ``stop`` word sets."""
    out: dict[str, dict[str, str]] = {"label": {}, "anonymous": {}, "stop": {}}
    for label, kind in read_tsv("credit_labels.tsv", 2, exact=True):
        if kind not in ("author", "photo", "anonymous", "stop"):
            raise ValueError(f"credit_labels.tsv: unknown kind {kind!r} for {label!r}")
        out["label" if kind in ("author", "photo") else kind][label] = kind
    return out


def _labels() -> tuple[dict[str, str], frozenset[str]]:
    lx = _lexicon()
    return lx["label"], frozenset(lx["stop"])


@lru_cache(maxsize=1)
def _label_re() -> re.Pattern:
    labels, _ = _labels()
    alts = "|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True))
    # at a line start, after a sentence end (with closing quotes/brackets) or after "("
    return re.compile(r"(?:^|(?<=[.!?…]\s)|(?<=[.!?…][\"”’)]\s)|(?<=\()|(?<=\(\s)|(?<=\s[-–]\s))(?P<label>" + alts
                      + r")(?P<colon>\s*:\s*|\s+)", re.M)


_TERM_RE = re.compile(r"(?:\./\.|[.!?…])[\"”’»)\]]*\s+")
_WORD_RE = re.compile(r"\S+")
_INITIALS_RE = re.compile(r"^(?:[^\W\d_]\.){1,4}[^\W\d_]*\.?$")


def title_case(s: str) -> str:
    """``VŨ DUNG`` -> ``Vũ Dung`` (each word: first letter upper, the rest lower)."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in s.split())


def _cap(w: str) -> bool:
    return bool(w) and w[0].isupper()


def _name_word(w: str) -> bool:
    """A word of a person's name: Capitalised, ALL CAPS, or initials (``B.T.N``, ``L.TUYẾT``)."""
    if not w or not w[0].isalpha() or not w[0].isupper():
        return False
    if _INITIALS_RE.match(w) and w.replace(".", "").isupper() or _INITIALS_RE.match(w) and "." in w:
        return True
    return w.isalpha() and (w[1:].islower() or w.isupper() or len(w) == 1)


def _credit_end(text: str, pos: int, end: int) -> int:
    """End offset of the credited name starting at ``pos`` (``pos`` when there is none)."""
    _, stops = _labels()
    if pos < end and text[pos - 1:pos] == "(" or "(" in text[max(0, pos - 12):pos]:
        close = text.find(")", pos, min(end, pos + 60))
        if close > pos:
            return close
    words = [(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(text, pos, end)]
    last = pos
    for idx, (a, b, w) in enumerate(words[:4]):
        core = w.rstrip(".,;:)”\"")
        first = core.split("/")[0]
        if not _cap(first) or first in stops:
            break
        if idx > 0:
            nxt = words[idx + 1][2] if idx + 1 < len(words) else ""
            if nxt and (nxt[0].islower() or nxt[0].isdigit()) and "/" not in core:
                break  # a capitalised word before a lower-case one opens the next sentence
        last = a + len(core)
        if core != w:  # punctuation after the word ends the name
            break
    return last


def _outlet_span(text: str, a: int, b: int) -> Optional[tuple[int, int]]:
    """Span of the outlet inside a credited name ``text[a:b]``: of ``X/Y`` the side that is
    one all-caps word (``Nam Thái/TTXVN``, ``VGP/Thành Trung``), else ``Y``; a whole name
    that is one all-caps word of three letters or more and not an anonymous credit
    (``TTXVN``, ``VGP``; not ``CTV``, not initials such as ``DN``)."""
    anonymous = _lexicon()["anonymous"]
    name = text[a:b]

    def acronym(w: str) -> bool:
        w = w.strip()
        return (w.isupper() and w.replace("&", "").isalpha() and 3 <= len(w) <= 10 and " " not in w
                and w not in anonymous)

    def span(k0: int, k1: int) -> Optional[tuple[int, int]]:
        part = name[k0:k1]
        if not part.strip():
            return None
        k0 += len(part) - len(part.lstrip())
        return a + k0, a + k0 + len(part.strip())

    if "/" in name:
        k = name.index("/")
        left, right = name[:k], name[k + 1:]
        if acronym(left) and not acronym(right):
            return span(0, k)
        return span(k + 1, len(name))
    return span(0, len(name)) if acronym(name) else None


def split_credits(text: str, start: int, end: int, credits: list[str],
                  outlets: Optional[list[tuple[int, int]]] = None) -> list[tuple[str, int, int]]:
    """Rule ``credit.photo``: pieces ``(kind, start, end)`` of the line ``text[start:end]``,
    ``"dropped"`` for each photo/video credit and ``"body"`` for the rest, in order (the
    line itself when it holds no credit). Credited names are appended to ``credits``, the
    spans of the outlets they name (see :func:`_outlet_span`) to ``outlets``.
    Author labels (``Tin, ảnh:``) are left to :func:`glued_byline`."""
    labels, _ = _labels()
    out: list[tuple[str, int, int]] = []
    cur = start
    for m in _label_re().finditer(text, start, end):
        if labels[m.group("label")] != "photo" or m.start() < cur:
            continue
        if not m.group("colon").strip() and not _cap(text[m.end():m.end() + 1]):
            continue  # "Ảnh hưởng": no colon and no capitalised name after the word
        name_end = _credit_end(text, m.end(), end)
        if name_end <= m.end() and not m.group("colon").strip():
            continue  # "Ảnh" + nothing credited: an ordinary word
        if name_end <= m.end() and m.group("label") != "Ảnh minh họa":
            name_end = m.end() - (len(m.group("colon")) - len(m.group("colon").rstrip()))
        a, b = m.start(), max(name_end, m.start() + len(m.group("label")))
        pre = text[max(start, a - 3):a]
        if pre.rstrip().endswith(("(", "-", "–")):  # "(Ảnh: TTXVN)", "... - Ảnh: Hồng Nhung"
            a = max(start, a - (len(pre) - len(pre.rstrip()[:-1].rstrip())))
            if pre.rstrip().endswith("(") and text[b:b + 1] == ")":
                b += 1
        if a > cur:
            out.append(("body", cur, a))
        name = text[m.end():name_end].strip()
        if name:
            credits.append(name)
            span = _outlet_span(text, m.end(), name_end)
            if span and outlets is not None:
                outlets.append(span)
        out.append(("dropped", a, b))
        cur = b
    if not out:
        return [("body", start, end)]
    if cur < end and text[cur:end].strip():
        out.append(("body", cur, end))
    return out


def author_names(names: str) -> list[str]:
    """Split a byline into names: ``A - B``, ``A, B``, ``A và B``."""
    return [n.strip() for n in re.split(r"\s+[-–—]\s+|\s*,\s*|\s+và\s+|(?<=\S)[-–](?=[A-ZĐ\u00c0-\u1ef8])", names)
            if n.strip()]


def _parse_tail(tail: str) -> Optional[tuple[list[str], Optional[str]]]:
    """(authors, source) of a byline tail, or ``None`` when the tail is not one."""
    labels, stops = _labels()
    t = tail.strip().rstrip(".")
    source: Optional[str] = None
    m = re.search(r"\s*\(\s*(?:Theo\s+)?([^()]{2,40}?)\s*\)$", t)
    if m:
        source, t = m.group(1).strip(), t[:m.start()].strip()
    theo = t.startswith("Theo ")
    if theo:
        t = t[5:].strip()
    for label, kind in sorted(labels.items(), key=lambda x: -len(x[0])):
        if kind == "author" and re.match(re.escape(label) + r"\s*:", t):
            t = t[len(label):].lstrip(" :")
            break
    else:
        if any(re.match(re.escape(lb) + r"\s*:", t) for lb, k in labels.items() if k == "photo"):
            return None  # a photo credit at the end is no byline
    if "/" in t:
        t, outlet = t.split("/", 1)
        t = t.strip()
        source = source or outlet.strip() or None
    elif theo and source is None:  # "Theo VOV": an attribution; "Theo P.V (Dân trí)": author + outlet
        return ([], t) if t and all(_cap(w) for w in t.split()) and len(t.split()) <= 5 else None
    names = author_names(t)
    if not names or len(names) > 4:
        return None
    out = []
    for n in names:
        ws = n.split()
        if not 1 <= len(ws) <= 4 or not all(_name_word(w) and w not in stops for w in ws):
            return None
        if len(ws) == 1 and "." not in ws[0]:
            return None  # one bare word is too weak for a byline
        out.append(title_case(n) if n.replace(".", "").replace(" ", "").isupper() and "." not in n else n)
    return out, source


def glued_byline(text: str, start: int, end: int) -> Optional[tuple[int, list[str], Optional[str]]]:
    """Rule ``credit.glued_byline`` on the last body line ``text[start:end]``:
    ``(tail_start, authors, source)`` or ``None``. Only a tail after a sentence end on the
    same line counts (a line holding nothing but a byline is the layout's own rule)."""
    line = text[start:end].rstrip()
    last = None
    for m in _TERM_RE.finditer(line):
        last = m
    if last is None or len(line) - last.end() > 80:
        return None
    tail = line[last.end():]
    if not tail or _TERM_RE.search(tail + " "):
        return None
    got = _parse_tail(tail)
    if got is None or not (got[0] or got[1]):
        return None
    return start + last.end(), got[0], got[1]


def source_span(text: str, start: int, end: int, source: Optional[str]) -> Optional[tuple[int, int]]:
    """Span of the outlet ``source`` inside the byline ``text[start:end]`` (last occurrence)."""
    if not source:
        return None
    k = text.rfind(source, start, end)
    return (k, k + len(source)) if k >= 0 else None


def teaser_start(text: str, start: int, end: int) -> Optional[tuple[int, Optional[int], list[str]]]:
    """Rule ``credit.teaser``: ``(teaser_start, byline_start, authors)`` when the line ends
    with a related-article teaser ``» ...`` after a sentence end; ``byline_start`` and
    ``authors`` give the capitalised names that end it after a lower-case word (else
    ``None`` / ``[]``)."""
    line = text[start:end]
    m = re.search(r"(?:^|(?<=[.!?…])[\"”’)]?\s+)»\s*", line)
    if not m:
        return None
    t_start = start + m.start() + (len(m.group()) - len(m.group().lstrip()))
    words = [(w.start(), w.group()) for w in _WORD_RE.finditer(line, m.end())]
    k = len(words)
    while k > 0 and _name_word(words[k - 1][1]) and len(words) - k < 3:
        k -= 1
    n_names = len(words) - k
    if 2 <= n_names <= 3 and k > 0 and words[k - 1][1][:1].islower():
        names = " ".join(w for _, w in words[k:])
        return t_start, start + words[k][0], [names]
    return t_start, None, []
