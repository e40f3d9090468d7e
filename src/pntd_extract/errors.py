"""One error hierarchy for everything a user can get wrong or an input can break.

Every error the command line reports is a :class:`PntdError`: one line, naming the file
(and line or field) it is about, ending in a stable code in brackets, e.g.
``a.csv:3: unclosed quote: field runs to the end of the file [E203]``. The CLI catches
only :class:`PntdError` (anything else is a bug and keeps its traceback).

Codes (first digit = class; the rest is stable for scripts that grep them):

========  ==========================  ==========================================
E1xx      :class:`InputError`         input cannot be read (missing, permission,
                                      FIFO/device, bad name, unreadable directory)
E2xx      :class:`DecodeError`        bytes are not text / not the format
                                      (encoding, gzip, JSON, CSV, WARC, HTML)
E3xx      :class:`LimitError`         a size limit was exceeded (decompressed
                                      bytes, characters, line length)
E4xx      :class:`OutputError`        output refused or failed (inside an input,
                                      locked, disk full, not writable)
E5xx      :class:`UsageError`         bad command-line option or value
E6xx      :class:`RunError`           the batch cannot go on (workers lost);
                                      E601/E602 in the errors file: extraction
                                      raised / a worker died on that article
========  ==========================  ==========================================

Names are shown through :func:`safe_text`: control characters, newlines, terminal escape
sequences, bidirectional overrides and undecodable bytes (``surrogateescape`` from a
non-UTF-8 file name) are written as visible escapes, so one error is always one line and a
hostile file name cannot drive the terminal.

Example::

    >>> str(InputError("permission denied", path="bài/\\x1b[31mđỏ.txt", code="E102"))
    'bài/\\\\x1b[31mđỏ.txt: permission denied [E102]'
    >>> safe_text(b"tin-\\xff.txt")
    'tin-\\\\xff.txt'
"""
from __future__ import annotations

import os
import re
from typing import Optional, Union

__all__ = [
    "PntdError", "InputError", "DecodeError", "LimitError", "OutputError", "UsageError",
    "RunError", "safe_text", "one_line", "fs_name", "code_for",
]

# C0 controls, DEL, C1 controls, bidi embeddings/overrides/isolates, line/paragraph
# separators, zero-width no-break space: never printed raw
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\udc80-\udcff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _esc(m: re.Match) -> str:
    ch = m.group(0)
    if ch in _NAMED:
        return _NAMED[ch]
    o = ord(ch)
    if 0xDC80 <= o <= 0xDCFF:  # an undecodable byte kept by surrogateescape
        return f"\\x{o - 0xDC00:02x}"
    if o < 0x100:
        return f"\\x{o:02x}"
    return f"\\u{o:04x}"


def safe_text(s: Union[str, bytes, os.PathLike, None]) -> str:
    """``s`` made safe for one terminal line: control characters (newline, ESC ...), C1
    controls, bidi overrides and undecodable bytes become visible escapes (``\\n``,
    ``\\x1b``, ``\\u202e``, ``\\xff``); everything else (Vietnamese included) is kept.

    Bytes and paths are decoded as the file system does (UTF-8, ``surrogateescape``).

    >>> safe_text("Tin\\nmới\\x1b[2J.txt")
    'Tin\\\\nmới\\\\x1b[2J.txt'
    """
    if s is None:
        return ""
    if isinstance(s, os.PathLike):
        s = os.fspath(s)
    if isinstance(s, bytes):
        s = os.fsdecode(s)
    s = str(s)
    return _UNSAFE.sub(_esc, s)


def fs_name(s: Union[str, bytes, os.PathLike]) -> str:
    """Alias of :func:`safe_text` for file names (reads better at call sites)."""
    return safe_text(s)


def one_line(s: object, limit: int = 300) -> str:
    """``str(s)`` on one safe line: runs of whitespace collapsed, then :func:`safe_text`,
    cut to ``limit`` characters with ``…``.

    >>> one_line("dòng 1\\n   dòng 2")
    'dòng 1 dòng 2'
    """
    text = " ".join(str(s).split())
    text = safe_text(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: reason prefix or word -> code, for read errors raised without one (first match wins)
_REASON_CODES = (
    ("no such file", "E101"), ("permission denied", "E102"), ("is a directory", "E103"),
    ("not a regular file", "E104"), ("file name", "E105"), ("broken symbolic link", "E106"),
    ("cannot read directory", "E107"), ("cannot read", "E100"), ("unreadable", "E100"),
    ("empty", "E205"), ("holds only whitespace", "E205"), ("binary file", "E201"),
    ("not valid", "E202"), ("byte-order mark", "E202"), ("invalid utf-8", "E202"), ("not utf-8", "E202"),
    ("unknown encoding", "E507"), ("not a text encoding", "E508"),
    ("corrupt gzip", "E203"), ("not gzip", "E203"), ("truncated gzip", "E204"), ("cut short", "E204"),
    ("truncated json", "E215"), ("invalid json", "E215"), ("expected a json", "E216"), ("field ", "E216"),
    ("item ", "E216"), ("bad csv", "E210"), ("no column", "E211"), ("row has", "E213"),
    ("html", "E217"), ("no article text", "E217"), ("warc", "E207"), ("record at byte", "E207"),
    ("too large", "E303"), ("too long", "E304"), ("limit", "E300"), ("invalid kb record", "E218"),
    ("extraction failed", "E600"),
)


def code_for(reason: str) -> str:
    """The code of a read error given only its reason (E200 when nothing matches).

    >>> code_for("empty file"), code_for("HTML page too large (9 bytes > 8)")
    ('E205', 'E217')
    """
    low = str(reason).lower()
    for word, code in _REASON_CODES:
        if low.startswith(word) or (len(word) > 6 and word in low):
            return code
    return "E200"


class PntdError(Exception):
    """Base of every reported error: ``PntdError(message, path=None, line=None,
    field=None, code=None)``.

    ``str(err)`` is one line ``PATH[:LINE]: [FIELD: ]MESSAGE [CODE]`` with the path made
    safe (:func:`safe_text`). ``exit_code`` is the CLI exit status for it.

    >>> str(PntdError("bad value", path="a.jsonl", line=3, field="published", code="E201"))
    'a.jsonl:3: published: bad value [E201]'
    """

    code = "E000"
    exit_code = 1

    def __init__(self, message: str, *, path: Union[str, bytes, os.PathLike, None] = None,
                 line: Optional[int] = None, field: Optional[str] = None,
                 code: Optional[str] = None) -> None:
        self.message = str(message)
        self.path = path
        self.line = line
        self.field = field
        if code:
            self.code = code
        super().__init__(self.message)

    @property
    def where(self) -> str:
        if self.path is None:
            return ""
        w = safe_text(self.path)
        return f"{w}:{self.line}" if self.line is not None else w

    def __str__(self) -> str:
        msg = one_line(self.message, 400)
        if self.field:
            msg = f"{safe_text(self.field)}: {msg}"
        code = f" [{self.code}]" if self.code and not msg.endswith(f"[{self.code}]") else ""
        where = self.where
        return f"{where}: {msg}{code}" if where else f"{msg}{code}"


class InputError(PntdError):
    """An input cannot be read (missing, permission denied, not a regular file, a name
    that cannot be used, a directory that cannot be listed). Codes E1xx."""

    code = "E100"


class DecodeError(PntdError, ValueError):
    """Bytes that are not text in a supported encoding, or not the format of the file
    (gzip, JSON, CSV, WARC, HTML). Codes E2xx."""

    code = "E200"


class LimitError(PntdError, ValueError):
    """A size limit was exceeded (decompressed bytes, characters, line length). E3xx."""

    code = "E300"


class OutputError(PntdError):
    """An output path refused (inside an input, a directory, locked by another run) or a
    write that failed (disk full, permission). Codes E4xx; exit status 2."""

    code = "E400"
    exit_code = 2


class UsageError(PntdError, ValueError):
    """A bad command-line option or value (also a ``ValueError`` for library callers).
    Codes E5xx; exit status 2."""

    code = "E500"
    exit_code = 2


class RunError(PntdError):
    """The batch cannot go on (e.g. worker processes keep dying); records so far are kept.
    Codes E6xx; exit status 3."""

    code = "E600"
    exit_code = 3
