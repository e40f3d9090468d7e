"""Sentences, words and the spaCy Doc: the one module that imports underthesea.

* :func:`split_sentences` is rule-based (character level, no model): a sentence ends at
  ``. ! ? …`` (plus closing quotes/brackets) before whitespace and a capital, digit or opening
  quote; also at a full stop glued to a capital (``đồng.Trong đó``). It does *not* end after
  the abbreviations in :data:`ABBREVIATIONS` (``TP.``, ``PGS.TS.``, ``ThS.``, ``GS.`` ...) or
  after a single capital initial. Rules follow the underthesea and VnCoreNLP bug reports in
  ``shared/cases`` (#536, #648, VnCoreNLP#28).
* :func:`word_spans` runs ``underthesea.word_tokenize`` on each sentence and aligns the
  words back to character offsets of ``article.text``.
* :func:`make_doc` builds a ``spacy.tokens.Doc`` whose tokens are underthesea words and whose
  ``doc.text == article.text`` (whitespace runs become whitespace tokens), so
  ``doc.char_span(start, end)`` works with KB offsets.

Example::

    >>> text = "Sở Y tế TP.HCM. Bà nhận việc."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['Sở Y tế TP.HCM.', 'Bà nhận việc.']
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

ABBREVIATIONS = frozenset(
    """TP Tp tp TS PGS GS ThS Ths BS BSCKI BSCKII CKI CKII KS CN NCS NSND NSƯT NGND NGƯT TT Th
    St Mr Mrs Ms Dr Q P H X Tr tr Nxb NXB v.v vv ĐH CĐ TX TT Đ/c đ/c Ô B Co Ltd Inc TS.BS
    PGS.TS GS.TS ThS.BS TS.KTS KTS LS Ls ThS.LS No số""".split()
)
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(["
# candidate boundary: terminal punctuation (+closers) then whitespace, or '.' glued to a capital
_BOUNDARY_RE = re.compile(
    r"(?<![.!?…])(?P<end>[.!?…]++[" + re.escape(_CLOSERS) + r"]*+)(?P<ws>[ \t]+)(?=[" + re.escape(_OPENERS) + r"]?[A-ZÀ-ỸĐ0-9])"
    r"|(?P<glue>(?<=[a-zà-ỹđ]{2})\.)(?=[A-ZĐ][a-zà-ỹđ])"
)
_WORD_BEFORE_RE = re.compile(r"([A-Za-zÀ-ỹĐđ./]+)$")


def _is_abbrev(text: str, dot_pos: int) -> bool:
    m = _WORD_BEFORE_RE.search(text, max(0, dot_pos - 16), dot_pos)
    if not m:
        return False
    word = m.group(1).strip(".")
    if not word:
        return False
    last = word.split(".")[-1]
    if word in ABBREVIATIONS or last in ABBREVIATIONS:
        return True
    return len(last) == 1 and last.isupper()  # initial: "Nguyễn V. A."


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` offsets within ``text[start:end]``; lines never join.

    Leading/trailing whitespace is excluded from each sentence; empty lines give nothing;
    no sentence is longer than :data:`MAX_SENTENCE_CHARS`. Linear time (no backtracking
    regex). Never raises.
    """
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        _split_line(text, pos, line_end, out)
        if nl < 0:
            break
        pos = nl + 1
    return out


def _split_line(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    s = start
    for m in _BOUNDARY_RE.finditer(text, start, end):
        if m.group("end"):
            cut = m.end("end")
            if m.group("end")[0] == "." and len(m.group("end").rstrip(_CLOSERS)) == 1 and _is_abbrev(text, m.start("end")):
                continue
        else:
            cut = m.end("glue")
            if _is_abbrev(text, m.start("glue")):
                continue
        _emit(text, s, cut, out)
        s = cut
    _emit(text, s, end, out)


MAX_SENTENCE_CHARS = 2000
"""A "sentence" longer than this (text with no punctuation, a pasted table) is cut into
pieces at the last ``; , :`` or space before the limit, so that no recognizer ever works on an
unbounded span (time and memory stay proportional to the text)."""
_SOFT_BREAKS = (";", ",", ":", " ")


def _emit(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    while e - s > MAX_SENTENCE_CHARS:
        window_end = s + MAX_SENTENCE_CHARS
        cut = -1
        for mark in _SOFT_BREAKS:
            cut = text.rfind(mark, s + MAX_SENTENCE_CHARS // 2, window_end)
            if cut >= 0:
                cut += 1
                break
        if cut < 0:
            cut = window_end
        _emit(text, s, cut, out)
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if e > s:
        out.append((s, e))


@lru_cache(maxsize=1)
def _tokenizer():
    from underthesea import word_tokenize  # offline CRF model shipped in the wheel

    return word_tokenize


def word_spans(text: str, sentences: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """underthesea words of each sentence as ``(start, end)`` offsets into ``text``.

    Words that cannot be aligned (underthesea rewrote them) fall back to whitespace tokens
    for the rest of that sentence, so offsets are always exact.
    """
    tok = _tokenizer()
    spans: list[tuple[int, int]] = []
    for s, e in sentences:
        sent = text[s:e]
        try:
            words = tok(sent)
        except Exception:  # underthesea failures must not kill an article
            words = sent.split()
        pos = 0
        for w in words:
            i = sent.find(w, pos)
            if i < 0 or sent[pos:i].strip():
                for m in re.finditer(r"\S+", sent[pos:]):
                    spans.append((s + pos + m.start(), s + pos + m.end()))
                pos = len(sent)
                break
            spans.append((s + i, s + i + len(w)))
            pos = i + len(w)
    return spans


@lru_cache(maxsize=1)
def blank_nlp():
    """A blank multi-language spaCy pipeline (``spacy.blank("vi")`` would need pyvi)."""
    import spacy

    return spacy.blank("xx")


def make_doc(text: str, spans: list[tuple[int, int]], nlp=None):
    """A spaCy ``Doc`` over the whole ``text`` whose tokens are the given word spans.

    Gaps between words become whitespace or plain tokens so that ``doc.text == text``.
    """
    from spacy.tokens import Doc

    nlp = nlp or blank_nlp()
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0

    def add_gap(a: int, b: int) -> None:
        gap = text[a:b]
        for m in re.finditer(r"\s+|\S+", gap):
            g = m.group(0)
            if g == " " and words and not spaces[-1] and not words[-1].isspace():
                spaces[-1] = True
            else:
                words.append(g)
                spaces.append(False)

    for s, e in sorted(spans):
        if s < pos:
            continue
        if s > pos:
            add_gap(pos, s)
        words.append(text[s:e])
        spaces.append(False)
        pos = e
    if pos < len(text):
        add_gap(pos, len(text))
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    return doc
