"""Bounded byte streams for the readers: one decompression limit, cut-short detection,
and line splitting that never holds more than one line's worth of bytes.

* :class:`GzipStream` decompresses gzip (one member or many: whole-file ``.gz`` and
  per-record ``.warc.gz`` alike) from a raw binary file, and stops with a
  :class:`~pntd_extract.errors.LimitError` after ``limit`` decompressed bytes (a gzip bomb
  costs at most ``limit`` bytes of work and one buffer of memory). A stream that ends
  before the gzip end marker sets ``truncated`` instead of raising, after every byte that
  could be recovered was returned; corrupt data sets ``corrupt`` (the zlib message).
* :func:`iter_lines` splits a binary stream into lines (``\\n``, a trailing ``\\r``
  dropped) of at most ``max_line`` bytes: a longer line is yielded as :data:`TOO_LONG`
  and skipped to its end without being stored, so a 100 MB one-line file is refused after
  one linear scan, in constant memory.

Example::

    >>> import gzip, io
    >>> s = GzipStream(io.BytesIO(gzip.compress(b"dong 1\\ndong 2\\n")), limit=1000)
    >>> [ln for _, ln in iter_lines(s, max_line=100)]
    [b'dong 1', b'dong 2']
    >>> list(iter_lines(io.BytesIO(b"\\n\\n{}\\n"), max_line=100))
    [(3, b'{}')]
    >>> cut = gzip.compress(b"".join(b"%d\\n" % i for i in range(5000)))[:-200]
    >>> s = GzipStream(io.BytesIO(cut), limit=10**6)
    >>> n = sum(1 for _ in iter_lines(s, max_line=100)); s.truncated, n > 1000
    (True, True)
"""
from __future__ import annotations

import zlib
from typing import BinaryIO, Iterator, Optional, Union

from ..errors import LimitError

__all__ = ["GzipStream", "iter_lines", "TOO_LONG", "DECOMPRESS_LIMIT", "READ_CHUNK", "parse_size"]


def parse_size(value: str) -> int:
    """Bytes of a size such as ``64M``, ``1G``, ``500k`` or ``1048576`` (binary units);
    raises :class:`~pntd_extract.errors.UsageError` (E509) otherwise.

    >>> parse_size("64M"), parse_size("2g"), parse_size("4096")
    (67108864, 2147483648, 4096)
    """
    from ..errors import UsageError

    v = str(value).strip().lower().removesuffix("b").removesuffix("i")
    mult = 1
    if v[-1:] in ("k", "m", "g", "t"):
        mult = 1024 ** ("kmgt".index(v[-1]) + 1)
        v = v[:-1]
    try:
        n = int(float(v) * mult)
    except ValueError:
        n = 0
    if n <= 0:
        raise UsageError(f"size {value!r}: expected a positive number of bytes such as 64M or 2G", code="E509")
    return n

#: default cap on the decompressed bytes of one compressed input (file or stdin)
DECOMPRESS_LIMIT = 1024 * 1024 * 1024
READ_CHUNK = 1 << 20
_RAW_CHUNK = 1 << 16  # compressed bytes fed at a time (a bomb expands them ~1000x)


class _TooLong:
    """Marker yielded by :func:`iter_lines` for a line over ``max_line`` bytes."""

    def __init__(self) -> None:
        self.length = 0

    def __repr__(self) -> str:  # pragma: no cover
        return "TOO_LONG"


TOO_LONG = _TooLong


class GzipStream:
    """File-like ``read(n)`` over the decompressed bytes of the gzip stream ``raw``.

    ``limit``: decompressed bytes allowed in total; reading past it raises
    :class:`LimitError` (code E301). ``name``: shown in that error. Attributes after EOF:
    ``truncated`` (the data ended inside a gzip member), ``corrupt`` (zlib's message, or
    None), ``total`` (decompressed bytes so far), ``members`` (gzip members started)."""

    def __init__(self, raw: BinaryIO, limit: int = DECOMPRESS_LIMIT, name: Optional[str] = None) -> None:
        self.raw = raw
        self.limit = int(limit)
        self.name = name
        self.total = 0
        self.members = 0
        self.truncated = False
        self.corrupt: Optional[str] = None
        self._d: Optional[zlib._Decompress] = None  # type: ignore[name-defined]
        self._pending = b""  # compressed bytes not yet fed
        self._buf = bytearray()
        self._eof = False

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        """Decompressed bytes handed out so far (warcio computes offsets with it)."""
        return self.total - len(self._buf)

    def _chunk(self, maxlen: int) -> Optional[bytes]:
        """The next piece of decompressed output (at most ``maxlen`` bytes; may be empty
        while input is consumed), or None at the end of the data."""
        if self._eof:
            return None
        if self._d is None:
            data = self._pending or self.raw.read(_RAW_CHUNK)
            self._pending = b""
            data = data.lstrip(b"\x00")  # between members: NUL padding some writers add
            if not data:
                more = self.raw.read(_RAW_CHUNK)
                if not more:
                    self._eof = True
                    return None
                self._pending = more
                return b""
            self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            self.members += 1
            self._pending = data
        d = self._d
        data = self._pending or self.raw.read(_RAW_CHUNK)
        self._pending = b""
        if not data:
            if not d.eof:
                self.truncated = True
            self._eof = True
            return None
        # bounded steps: an error past the limit comes after every byte before it was read
        room = min(self.limit - self.total + 1, maxlen)
        try:
            out = d.decompress(data, max(room, 1))
        except zlib.error as exc:
            self.corrupt = str(exc)
            self._eof = True
            return None
        if d.unconsumed_tail:
            self._pending = d.unconsumed_tail
        elif d.eof:
            self._pending = d.unused_data
            self._d = None
        self.total += len(out)
        if self.total > self.limit:
            self._eof = True
            raise LimitError(
                f"decompressed data over the limit ({self.limit} bytes; raise it with --max-decompressed)",
                path=self.name, code="E301")
        return out

    def _fill(self, want: int) -> None:
        while len(self._buf) < want:
            out = self._chunk(max(want - len(self._buf), 65536))
            if out is None:
                return
            self._buf += out

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            self._fill(1 << 62)
            out = bytes(self._buf)
            self._buf.clear()
            return out
        if not self._buf:  # the common case: hand out the decompressor's output directly
            while True:
                out = self._chunk(n)
                if out is None:
                    return b""
                if out:
                    return out
        if len(self._buf) < n:
            self._fill(n)
        out = bytes(self._buf[:n])
        del self._buf[:n]
        return out

    def readline(self, limit: int = -1) -> bytes:
        """One line (``\\n`` included), at most ``limit`` bytes when ``limit >= 0``."""
        while True:
            nl = self._buf.find(b"\n")
            if nl >= 0 or self._eof or (0 <= limit <= len(self._buf)):
                end = nl + 1 if nl >= 0 else len(self._buf)
                if limit >= 0:
                    end = min(end, limit)
                out = bytes(self._buf[:end])
                del self._buf[:end]
                return out
            self._fill(len(self._buf) + 65536)

    def close(self) -> None:
        pass


class iter_lines:
    """Iterate ``(line_number, bytes)`` over the lines of ``fh`` (binary, ``read(n)``), 1-based.

    ``first``: bytes already read from ``fh`` (they come first). A line longer than
    ``max_line`` bytes is yielded as a :data:`TOO_LONG` instance (``.length`` = its bytes)
    and never stored. Empty lines are counted (line numbers stay exact) but not yielded. A
    last line without a newline is yielded too, with
    ``self.unterminated`` set to True just before (the caller may treat it as cut short).
    ``self.count`` is the number of lines yielded so far."""

    def __init__(self, fh, max_line: int, first: bytes = b"") -> None:
        self.fh, self.max_line, self.first = fh, max_line, first
        self.unterminated = False
        self.count = 0

    def __iter__(self) -> Iterator[tuple[int, Union[bytes, _TooLong]]]:
        for item in self._gen():
            self.count += 1
            yield item

    def _gen(self) -> Iterator[tuple[int, Union[bytes, _TooLong]]]:
        fh, max_line = self.fh, self.max_line
        lineno = 0
        parts: list[bytes] = []
        size = 0
        skipping: Optional[_TooLong] = None
        chunk = self.first
        while True:
            if not chunk:
                chunk = fh.read(READ_CHUNK)
                if not chunk:
                    break
            start = 0
            while True:
                if not parts and skipping is None and chunk[start:start + 1] == b"\n":
                    # a run of empty lines (a blank-line bomb): counted in C, never yielded
                    run = len(chunk) - start - len(chunk[start:].lstrip(b"\n"))
                    lineno += run
                    start += run
                    continue
                nl = chunk.find(b"\n", start)
                if nl < 0:
                    rest = chunk[start:]
                    if skipping is not None:
                        skipping.length += len(rest)
                    elif size + len(rest) > max_line:
                        skipping = _TooLong()
                        skipping.length = size + len(rest)
                        parts, size = [], 0
                    elif rest:
                        parts.append(rest)
                        size += len(rest)
                    break
                piece = chunk[start:nl]
                lineno += 1
                if skipping is not None:
                    skipping.length += len(piece)
                    yield lineno, skipping
                    skipping = None
                elif size + len(piece) > max_line:
                    t = _TooLong()
                    t.length = size + len(piece)
                    parts, size = [], 0
                    yield lineno, t
                else:
                    parts.append(piece)
                    line = b"".join(parts)
                    parts, size = [], 0
                    yield lineno, line[:-1] if line.endswith(b"\r") else line
                start = nl + 1
            chunk = b""
        if skipping is not None:
            self.unterminated = True
            yield lineno + 1, skipping
        elif parts:
            self.unterminated = True
            line = b"".join(parts)
            yield lineno + 1, line[:-1] if line.endswith(b"\r") else line
