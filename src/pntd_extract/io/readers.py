"""Input readers: paths (files, directories recursively, ``-`` for stdin) -> documents.

``iter_documents(inputs, *, encoding=None, **options)`` yields
:class:`~pntd_extract.io.base.Document` or :class:`~pntd_extract.io.base.ReadError`, in
input order, and never raises for a bad input: every unreadable file, line or record is one
``ReadError`` whose ``str()`` is one line naming the file (and line), and the batch goes on.
Readers only read: they never write, evaluate or unpickle anything.

Formats (chosen by extension; ``.gz`` of any of them is decompressed, with a size cap):

===================  ==================================================================
``.txt`` ``.text``   one article in the seed layout (line 1 title); key ``path``
``.jsonl`` ``.ndjson``  one article per line: ``text`` (str, required) and optional
                     ``id title url published source author`` (str or int); key
                     ``path:LINE``; a bad line is a ``ReadError`` naming the line;
                     a ``published`` that is not ISO ``YYYY-MM-DD`` adds a warning
``.json``            one object as above (key ``path``) or an array of them (keys
                     ``path[INDEX]``, 0-based); other JSON or broken JSON: one ``ReadError``
``.html`` ``.htm``   main text and metadata (title, author, date, url) via trafilatura;
                     parsed by lxml's HTML parser (no network, no external entities, no
                     scripts run); key ``path``
``.csv`` ``.tsv``    one article per row, text in column ``text_column`` (default
                     ``text``); columns ``id title url published source author`` go to
                     meta; key ``path:LINE`` (line where the row starts)
``.warc`` ``.arc``   every HTTP 200 HTML response (warcio) read like an HTML page; key
                     ``path#OFFSET`` (byte offset of the WARC record)
``-``                stdin, format sniffed from its first bytes (gzip, WARC, ``{`` JSON
                     Lines, CSV/TSV when the first line names the text column or
                     ``text_column`` is given, HTML, else text; see :func:`_sniff`); keys
                     ``<stdin>``, ``<stdin>:LINE``
===================  ==================================================================

Directories are walked recursively in sorted order; hidden entries and files of unknown
extension are skipped, and so is a CSV found there whose header lacks the text column (a
``manifest.csv`` beside the articles is metadata, not input) -- each such CSV is named once
through the ``on_notice`` option. A directory that cannot be listed is a ``ReadError``
naming it. A CSV named explicitly without that column is a ``ReadError``. Each file is read once even if named twice, so
keys are unique and stable across runs (``--resume`` relies on them).

Limits (options, with defaults; the same for every reader and for stdin):

* ``max_decompressed`` (1 GiB, ``--max-decompressed``): decompressed bytes of one
  compressed input (any ``.gz`` file, a gzip stdin, a ``.warc.gz`` of one or many gzip
  members), counted as they are produced by :class:`~pntd_extract.io.streams.GzipStream`;
  a gzip bomb stops there with one error (E301), after every record before it was read;
* ``max_bytes`` (64 MB, ``--max-bytes``) per record after decompression: a single-article
  file (txt, HTML, JSON, CSV), stdin read whole, one WARC record; a JSON Lines line may be
  at most ``min(4 * max_chars + 1024, max_bytes)`` bytes -- a longer line is one error
  (E302), skipped in one linear scan without being held in memory (a 100 MB single-line
  file is refused in about the time it takes to read it);
* ``max_chars`` (1,000,000 characters, ~100x the longest real news article) per article --
  longer articles are rejected with one line instead of being extracted (bounded time);
  ``max_html_bytes`` (8 MB) per HTML page or WARC response.

Cut-short input: a ``.jsonl.gz`` that ends early keeps every complete line and reports the
cut once (E204, naming the partial line); a WARC record whose ``Content-Length`` is not met
(plain, whole-file gzip or per-record gzip) is one error for that record, the complete
records before it are kept. CSV is parsed strictly (an unclosed quote is one error naming
its line, and reading resumes on the next line; a row with more columns than the header is
an error). Every error is a :class:`~pntd_extract.io.base.ReadError` with an E-code of
:mod:`pntd_extract.errors`; names are shown escaped (control characters, terminal escapes,
non-UTF-8 bytes) and a file name that is not UTF-8 is one error (E105), the batch goes on.

Text is decoded by :func:`pntd_extract.io.decode.decode_bytes` (UTF-8/16 with or without
BOM, Windows-1258, TCVN3, VNI, VISCII detected by content, or forced with ``encoding=``);
``meta["encoding"]`` records the encoding and ``meta["warnings"]`` the detection warning.

Example::

    >>> docs = list(iter_documents(["corpus/"]))  # doctest: +SKIP
    >>> [d.key for d in iter_documents(["a.jsonl"])]  # doctest: +SKIP
    ['a.jsonl:1', 'a.jsonl:2']
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import sys
import zlib
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

from ..errors import LimitError, safe_text
from .base import Document, ReadError
from .streams import DECOMPRESS_LIMIT, TOO_LONG, GzipStream, iter_lines

TEXT_EXT = (".txt", ".text")
JSONL_EXT = (".jsonl", ".ndjson")
JSON_EXT = (".json",)
HTML_EXT = (".html", ".htm", ".xhtml")
CSV_EXT = (".csv", ".tsv")
WARC_EXT = (".warc", ".arc")
KNOWN_EXT = TEXT_EXT + JSONL_EXT + JSON_EXT + HTML_EXT + CSV_EXT + WARC_EXT
MAX_BYTES = 64 * 1024 * 1024
MAX_CHARS = 1_000_000
MAX_HTML_BYTES = 8 * 1024 * 1024
META_KEYS = ("id", "title", "url", "published", "source", "author")

Item = Union[Document, ReadError]


class _Limits:
    def __init__(self, options: dict[str, Any]) -> None:
        self.max_bytes = int(options.get("max_bytes") or MAX_BYTES)
        self.max_chars = int(options.get("max_chars") or MAX_CHARS)
        self.max_html_bytes = int(options.get("max_html_bytes") or MAX_HTML_BYTES)
        self.max_decompressed = int(options.get("max_decompressed") or DECOMPRESS_LIMIT)
        # one JSON Lines line / one record: the article limit (4 bytes per character at
        # most, plus room for metadata), never more than the per-record byte limit
        self.max_line = min(4 * self.max_chars + 1024, self.max_bytes)
        self.text_column = options.get("text_column") or "text"
        self.text_column_given = bool(options.get("text_column"))


def _decode(data: bytes, path: str, encoding: Optional[str]) -> tuple[str, Optional[str], list[str]]:
    """bytes -> (text, encoding name, warnings); raises ValueError with a one-line reason."""
    from .decode import decode_bytes

    return decode_bytes(data, encoding=encoding)


def _kind(name: str) -> Optional[str]:
    n = name.lower()
    if n.endswith(".gz"):
        n = n[:-3]
    for kind, exts in (("txt", TEXT_EXT), ("jsonl", JSONL_EXT), ("json", JSON_EXT), ("html", HTML_EXT), ("csv", CSV_EXT), ("warc", WARC_EXT)):
        if n.endswith(exts):
            return kind
    return None


def _known(name: str) -> bool:
    return _kind(name) is not None


def iter_inputs(inputs: Iterable[str], **options) -> Iterator[Union[str, ReadError]]:
    """Files of ``inputs`` as :func:`expand_inputs` gives them, and a :class:`ReadError`
    for each input that cannot be used (a directory that cannot be listed, a name that is
    not UTF-8, an entry that cannot be inspected): the one input walk of every command."""
    yield from _expand(inputs, **options)


def expand_inputs(inputs: Iterable[str], **options) -> Iterator[str]:
    """Files of ``inputs`` in a stable order; directories are walked recursively (sorted),
    hidden files and files with unknown extensions inside directories are skipped, and so
    are CSV files without the text column. A file named twice is yielded once.
    Unreadable directories are left out here; :func:`iter_documents` reports them."""
    for it in _expand(inputs, **options):
        if isinstance(it, str):
            yield it


def _expand(inputs: Iterable[str], **options) -> Iterator[Union[str, ReadError]]:
    """Like :func:`expand_inputs`, but a directory that cannot be listed is yielded as a
    ``ReadError`` naming it, and each CSV skipped for lacking the text column is reported
    once through ``options["on_notice"]`` (a callable taking one line), if given."""
    seen: set[str] = set()
    text_column = options.get("text_column") or "text"
    on_notice = options.get("on_notice")
    skip = options.get("skip")
    for inp in inputs:
        if inp == "-":
            if inp not in seen:
                seen.add(inp)
                yield inp
            continue
        if bad_name(inp):
            yield _name_error(inp)
            continue
        if os.path.isdir(inp):  # False when it cannot be inspected: read_path reports why
            for fp in _walk(inp, on_notice):
                if isinstance(fp, ReadError):
                    yield fp
                    continue
                f = os.path.basename(fp)
                if not _known(f) or (skip is not None and skip(fp)):
                    continue
                if _kind(f) == "csv":
                    header = _csv_header(fp)
                    if header is not None and text_column not in header:
                        if on_notice is not None:
                            shown = ", ".join(header[:12]) + (" …" if len(header) > 12 else "")
                            hint = "" if options.get("text_column") else "; use --text-column"
                            on_notice(f"{safe_text(fp)}: skipped: no {text_column!r} column (columns: {shown}){hint}")
                        continue
                if _ident(fp) in seen:
                    continue
                seen.add(_ident(fp))
                yield fp
        else:
            if _ident(inp) in seen:
                continue
            seen.add(_ident(inp))
            yield inp


def _walk(top: str, on_notice=None) -> Iterator[Union[str, ReadError]]:
    """Files under ``top`` in path order (a directory's entries sorted by name, each
    subdirectory walked where its name sorts); hidden entries skipped, symlinked
    directories not followed (no loops; named through ``on_notice``). A directory (or
    entry) that cannot be listed or inspected, or a broken symbolic link with a known
    extension, is yielded as a ``ReadError`` naming it: nothing is skipped silently."""
    try:
        with os.scandir(top) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        yield ReadError(top, top, f"cannot read directory: {_one_line(reason)}", code="E107")
        return
    from ..errors import safe_text

    for e in entries:
        if e.name.startswith("."):
            continue
        if bad_name(e.path):
            if e.is_dir(follow_symlinks=False) or _known(os.fsencode(e.name).decode("utf-8", "replace")):
                yield _name_error(e.path)
            continue
        try:
            if e.is_dir(follow_symlinks=False):
                yield from _walk(e.path, on_notice)
            elif e.is_file(follow_symlinks=False):
                yield e.path
            elif e.is_symlink():
                if not os.path.exists(e.path):
                    if _known(e.name):
                        yield ReadError(e.path, e.path, "broken symbolic link", code="E106")
                elif e.is_dir():
                    if on_notice is not None:
                        on_notice(f"{safe_text(e.path)}: skipped: symbolic link to a directory (not followed); "
                                  f"name it as an input to read it")
                elif e.is_file():
                    yield e.path
                elif on_notice is not None:  # a link to a FIFO, socket or device: never opened
                    on_notice(f"{safe_text(e.path)}: skipped: symbolic link to a "
                              f"{_special_kind(os.stat(e.path).st_mode)} (not a regular file)")
            elif on_notice is not None:  # a FIFO, socket or device: never opened (it could block)
                on_notice(f"{safe_text(e.path)}: skipped: {_special_kind(e.stat(follow_symlinks=False).st_mode)} "
                          f"(not a regular file)")
        except OSError as exc:
            yield _stat_error(e.path, exc)


def _ident(path: str) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return path


def _csv_header(path: str) -> Optional[list[str]]:
    """Header fields of a CSV/TSV file (first line), or None when it cannot be read (the
    reader then reports it)."""
    try:
        opener = gzip.open if path.lower().endswith(".gz") else open
        with opener(path, "rb") as fh:
            head = fh.read(65536)
    except (OSError, EOFError, zlib.error):
        return None  # unreadable: let the reader report it
    first = head.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace")
    delim = "\t" if path.lower().removesuffix(".gz").endswith(".tsv") else ","
    try:
        header = next(csv.reader([first], delimiter=delim))
    except (csv.Error, StopIteration):
        return []
    return [h.strip() for h in header]


def _csv_has_column(path: str, column: str) -> bool:
    header = _csv_header(path)
    return header is None or column in header


def iter_documents(inputs: Iterable[str], *, encoding: Optional[str] = None, **options) -> Iterator[Item]:
    """Documents (or read errors) of every input, in order. See the module docstring.

    ``inputs``: paths, directories or ``-``. ``encoding``: force an input encoding.
    ``options``: ``text_column`` (CSV), ``max_bytes``, ``max_chars``, ``max_html_bytes``,
    ``on_notice`` (callable given one line per CSV skipped in a directory walk), ``skip``
    (callable given a file path: True for files that are not articles, e.g. the run's own
    metadata manifest or a ``NAME.json`` sidecar, which are then not read at all).
    An unreadable directory is one ``ReadError`` naming it. Never raises for a bad input
    (unknown ``encoding`` included: each file reports it; the CLI checks it up front).
    """
    skip = options.pop("skip", None)
    for path in _expand(inputs, skip=skip, **options):
        if isinstance(path, ReadError):
            yield path
            continue
        if skip is not None and path != "-" and skip(path):
            continue
        yield from read_path(path, encoding=encoding, **options)


def read_path(path: str, *, encoding: Optional[str] = None, **options) -> Iterator[Item]:
    """Documents of one file (or ``-``). Never raises for a bad input."""
    lim = _Limits(options)
    try:
        yield from _read_path(path, encoding, lim)
    except Exception as exc:  # last resort: one line, never a traceback, batch goes on
        name = "<stdin>" if path == "-" else path
        yield ReadError(name, name, f"unreadable ({type(exc).__name__}: {_one_line(str(exc))})")


def _one_line(s: str, limit: int = 200) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def bad_name(path: str) -> Optional[str]:
    """Why ``path`` cannot be used as a name in records and messages (None when it can): a
    name holding bytes that are not UTF-8 (kept by ``surrogateescape``) cannot be written
    to a UTF-8 KB or shown as it is."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return "file name is not valid UTF-8 (shown escaped); rename it (e.g. convmv) to read it"
    return None


def _name_error(path: str) -> ReadError:
    from ..errors import safe_text

    shown = safe_text(path)
    return ReadError(shown, shown, bad_name(path) or "bad file name", code="E105")


def _stat_error(name: str, exc: OSError) -> ReadError:
    import errno

    if exc.errno == errno.ENOENT:
        return ReadError(name, name, "no such file", code="E101")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return ReadError(name, name, "permission denied (file or a directory above it)", code="E102")
    if exc.errno == errno.ENOTDIR:
        return ReadError(name, name, "no such file (a part of the path is not a directory)", code="E101")
    return ReadError(name, name, f"cannot read: {_one_line(exc.strerror or str(exc))}", code="E100")


def _special_kind(mode: int) -> str:
    import stat as st

    if st.S_ISFIFO(mode):
        return "FIFO"
    if st.S_ISSOCK(mode):
        return "socket"
    if st.S_ISCHR(mode) or st.S_ISBLK(mode):
        return "device"
    return "special file"


def _open_stream(path: str, gz: bool, lim: _Limits):
    """Binary stream of a file: decompressed and bounded when ``gz``."""
    raw = open(path, "rb")
    if not gz:
        return raw
    return _Closing(GzipStream(raw, lim.max_decompressed, name=path), raw)


class _Closing:
    """A stream that closes ``raw`` with it (for ``with``)."""

    def __init__(self, stream, raw) -> None:
        self.stream, self.raw = stream, raw

    def __enter__(self):
        return self.stream

    def __exit__(self, *exc) -> None:
        self.raw.close()


def _read_limited(fh, limit: int) -> tuple[bytes, bool]:
    """Up to ``limit`` bytes of ``fh``; (data, over) where ``over`` = there was more."""
    data = fh.read(limit + 1)
    return data[:limit], len(data) > limit


def _read_path(path: str, encoding: Optional[str], lim: _Limits) -> Iterator[Item]:
    import stat as st

    if path == "-":
        yield from _read_stdin(encoding, lim)
        return
    if bad_name(path):
        yield _name_error(path)
        return
    name = path
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        yield _stat_error(name, exc)
        return
    if st.S_ISDIR(mode):
        yield ReadError(name, name, "is a directory", code="E103")
        return
    if not st.S_ISREG(mode):  # a FIFO, socket or device would block or never end
        yield ReadError(name, name, f"not a regular file ({_special_kind(mode)})", code="E104")
        return
    kind = _kind(name) or "txt"
    gz = name.lower().endswith(".gz")
    try:
        size = os.stat(path).st_size
        if kind in ("warc", "jsonl"):  # streamed record by record: memory stays flat
            with (_open_stream(path, gz, lim) if gz else open(path, "rb")) as fh:
                reader = _read_warc if kind == "warc" else _read_jsonl
                yield from reader(fh, name, encoding, lim)
            return
        if not gz and size > lim.max_bytes:
            yield ReadError(name, name, f"file too large ({size} bytes > {lim.max_bytes}); split it or raise "
                            f"the limit (--max-bytes)", code="E303")
            return
        if gz:
            with _open_stream(path, True, lim) as fh:
                data, over = _read_limited(fh, lim.max_bytes)
                if over:
                    yield ReadError(name, name, f"decompressed data too large (> {lim.max_bytes} bytes per "
                                    f"article file; --max-bytes)", code="E303")
                    return
                if fh.corrupt or (fh.members == 0 and data == b"" and size):
                    yield ReadError(name, name, f"corrupt gzip data ({_one_line(fh.corrupt or 'not gzip', 80)})",
                                    code="E203")
                    return
                if fh.truncated:
                    yield ReadError(name, name, "truncated gzip data (the file was cut short)", code="E204")
                    return
        else:
            with open(path, "rb") as fh:
                data = fh.read(lim.max_bytes + 1)
    except LimitError as exc:
        yield ReadError(name, name, exc.message, code=exc.code)
        return
    except OSError as exc:
        yield _stat_error(name, exc)
        return
    yield from _read_bytes(kind, data, name, encoding, lim)


def _read_stdin(encoding: Optional[str], lim: _Limits) -> Iterator[Item]:
    """stdin: gzip (by its magic bytes) is decompressed with the same limit as a file;
    JSON Lines and WARC are streamed, other formats read whole up to ``max_bytes``."""
    name = "<stdin>"
    raw = sys.stdin.buffer
    head = raw.read(2)
    fh: Any = _Prefixed(head, raw)
    if head == b"\x1f\x8b":
        fh = GzipStream(fh, lim.max_decompressed, name=name)
    try:
        first = fh.read(65536)
        while first and not first.lstrip(b"\xef\xbb\xbf \t\r\n") and len(first) <= lim.max_bytes:
            more = fh.read(65536)  # leading blank lines: sniff the first real bytes
            if not more:
                break
            first += more
        kind = _sniff(first, lim.text_column, lim.text_column_given)
        if kind in ("jsonl", "warc"):
            stream = _Prefixed(first, fh)
            reader = _read_jsonl if kind == "jsonl" else _read_warc
            yield from reader(_Flags(stream, fh), name, encoding, lim)
            return
        rest, over = _read_limited(fh, max(lim.max_bytes - len(first), 0))
        if over:
            yield ReadError(name, name, f"input too large (> {lim.max_bytes} bytes; --max-bytes)", code="E303")
            return
        data = first + rest
        if getattr(fh, "corrupt", None):
            yield ReadError(name, name, f"corrupt gzip data ({_one_line(fh.corrupt, 80)})", code="E203")
            return
        if getattr(fh, "truncated", False):
            yield ReadError(name, name, "truncated gzip data (the input was cut short)", code="E204")
            return
    except LimitError as exc:
        yield ReadError(name, name, exc.message, code=exc.code)
        return
    if kind == "json" or (kind == "txt" and first.lstrip()[:1] == b"["):
        kind = "json" if _is_json(data) else kind
    yield from _read_bytes(kind, data, name, encoding, lim)


class _Prefixed:
    """``read(n)`` over ``prefix`` then ``stream``."""

    def __init__(self, prefix: bytes, stream) -> None:
        self.prefix, self.stream = prefix, stream
        self.pos = 0

    def tell(self) -> int:
        return self.pos

    def read(self, n: int = -1) -> bytes:
        out = self._read(n)
        self.pos += len(out)
        return out

    def readline(self, limit: int = -1) -> bytes:
        out = self._readline(limit)
        self.pos += len(out)
        return out

    def _read(self, n: int = -1) -> bytes:
        if self.prefix:
            if n is None or n < 0:
                out, self.prefix = self.prefix + self.stream.read(), b""
                return out
            out, self.prefix = self.prefix[:n], self.prefix[n:]
            if len(out) < n:
                out += self.stream.read(n - len(out))
            return out
        return self.stream.read(n)

    def _readline(self, limit: int = -1) -> bytes:
        if self.prefix:
            nl = self.prefix.find(b"\n")
            if nl >= 0 and (limit < 0 or nl < limit):
                out, self.prefix = self.prefix[:nl + 1], self.prefix[nl + 1:]
                return out
            if limit >= 0 and len(self.prefix) >= limit:
                out, self.prefix = self.prefix[:limit], self.prefix[limit:]
                return out
            out, self.prefix = self.prefix, b""
            more = self.stream.readline(-1 if limit < 0 else limit - len(out))
            return out + more
        return self.stream.readline(limit)

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        pass


class _Flags:
    """A stream that reports the ``truncated``/``corrupt`` flags of ``src`` (a
    :class:`GzipStream` under a prefix)."""

    def __init__(self, stream, src) -> None:
        self.stream, self.src = stream, src
        self.read = stream.read
        self.readline = stream.readline
        self.tell = stream.tell

    @property
    def truncated(self) -> bool:
        return bool(getattr(self.src, "truncated", False))

    @property
    def corrupt(self):
        return getattr(self.src, "corrupt", None)

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        pass


def _read_bytes(kind: str, data: bytes, name: str, encoding: Optional[str], lim: "_Limits") -> Iterator[Item]:
    """Dispatch whole-input bytes of a known ``kind`` (warc, jsonl, csv, tsv, json, html,
    txt) to its reader; the one place that maps a kind to a reader."""
    if kind == "warc":
        return _read_warc(io.BytesIO(data), name, encoding, lim)
    if kind == "jsonl":
        return _read_jsonl(io.BytesIO(data), name, encoding, lim)
    if kind in ("csv", "tsv"):
        return _read_csv(data, name, encoding, lim, delim="\t" if kind == "tsv" else None)
    if kind == "json":
        return _read_json(data, name, encoding, lim)
    if kind == "html":
        return _read_html(data, name, encoding, lim)
    return _read_text(data, name, encoding, lim)


def _gunzip(data: bytes, limit: int) -> bytes:
    """Decompress gzip ``data`` up to ``limit`` bytes (a gzip bomb stops at the cap)."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(data, limit + 1)
    except zlib.error as exc:
        raise ValueError(f"corrupt gzip data ({exc})") from None
    if len(out) > limit:
        raise ValueError(f"decompressed data too large (> {limit} bytes)")
    if not d.eof:
        raise ValueError("truncated gzip data")
    return out


def _sniff(data: bytes, text_column: str = "text", column_given: bool = False) -> str:
    """Format of stdin from its first bytes (after a UTF-8 BOM and blank space):
    ``warc`` (``WARC/``), ``jsonl`` (``{``), ``csv``/``tsv`` (``--text-column`` given, or a
    first line that splits on commas or tabs into a header naming the text column), ``html``
    (a doctype, ``<html``, ``<?xml``, ``<body`` or ``<head``), ``json`` (``[`` and the
    whole input parses as JSON: an array of articles), else ``txt``."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:4096]
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"[") and _is_json(data):
        return "json"
    first = head.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", errors="replace")
    fields = {d: [f.strip().strip('"').strip() for f in first.split(d)] for d in ("\t", ",")}
    for d, name in (("\t", "tsv"), (",", "csv")):
        if len(fields[d]) > 1 and text_column in fields[d]:
            return name
    if column_given:
        return "tsv" if len(fields["\t"]) > len(fields[","]) else "csv"
    low = head[:512].lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in low or b"<head" in low:
        return "html"
    return "txt"


def _is_json(data: bytes) -> bool:
    try:
        json.loads(data.decode("utf-8-sig"))
        return True
    except (ValueError, RecursionError):
        return False


def _check_text(text: str, name: str, key: str, lim: _Limits, line: Optional[int] = None, what: str = "file") -> Optional[ReadError]:
    if not text.strip():
        return ReadError(key, name, f"empty {what}" if not text else f"{what} holds only whitespace", line)
    if len(text) > lim.max_chars:
        return ReadError(key, name, f"article too long ({len(text)} characters > limit {lim.max_chars}); split it", line)
    return None


def _decoded(data: bytes, name: str, encoding: Optional[str], *, blank_ok: bool = False):
    """``(text, encoding, warnings)`` of a whole-file input, or the :class:`ReadError` saying
    why not (empty / whitespace-only unless ``blank_ok``, undecodable)."""
    if not data.strip() and not (blank_ok and data):
        return ReadError(name, name, "empty file" if not data else "file holds only whitespace")
    try:
        return _decode(data, name, encoding)
    except ValueError as exc:
        return ReadError(name, name, str(exc))


def _read_text(data: bytes, name: str, encoding: Optional[str], lim: _Limits) -> Iterator[Item]:
    got = _decoded(data, name, encoding, blank_ok=True)
    if isinstance(got, ReadError):
        yield got
        return
    text, enc, warns = got
    err = _check_text(text, name, name, lim)
    if err:
        yield err
        return
    yield Document(key=name, text=text, meta={"path": name, "encoding": enc, "warnings": warns})


# ---------------------------------------------------------------- JSON Lines

def _read_jsonl(fh, name: str, encoding: Optional[str], lim: _Limits) -> Iterator[Item]:
    """JSON Lines, streamed. JSON Lines is UTF-8 by its spec: each line is read as strict
    UTF-8; a line that is not (an export from a legacy system) goes through encoding
    detection on its own and carries the warning. A forced ``encoding`` applies to every
    line; UTF-16/32 files (BOM) are decoded whole.

    Lines are split by :func:`~pntd_extract.io.streams.iter_lines` (a line over the record
    limit is one error, skipped in one linear scan, never held in memory). Over a
    :class:`~pntd_extract.io.streams.GzipStream`, a cut-short or corrupt stream keeps every
    complete line and reports the cut once (the partial last line is dropped)."""
    from .decode import canonical_encoding, decode_bytes

    head = fh.read(65536)
    if not head:
        yield _gz_end_error(fh, name, 0) or ReadError(name, name, "empty file")
        return
    forced = None
    if encoding:
        try:
            forced = canonical_encoding(encoding)
        except ValueError as exc:
            yield ReadError(name, name, str(exc))
            return
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    wide = forced if forced and forced.startswith(("utf-16", "utf-32")) else None
    if not forced and head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        wide = "bom"
    lines_it = None
    if wide:  # not line-splittable as bytes: read whole
        data = head + fh.read(lim.max_bytes + 1)
        if len(data) > lim.max_bytes:
            yield ReadError(name, name, f"file too large for UTF-16/32 (> {lim.max_bytes} bytes)")
            return
        try:
            text, enc, warns = decode_bytes(data, encoding=encoding)
        except ValueError as exc:
            yield ReadError(name, name, str(exc))
            return
        lines: Iterable = enumerate((ln.encode("utf-8") for ln in text.split("\n")), 1)
        forced, file_enc = "utf-8", enc
    else:
        lines_it = iter_lines(fh, lim.max_line, first=head)
        lines = lines_it
        file_enc = forced or "utf-8"
    max_line = lim.max_line
    seen_text = False
    n_lines = 0
    cut_reported = False
    try:
        for lineno, raw in lines:
            n_lines = lineno
            cut = lines_it is not None and lines_it.unterminated and (
                getattr(fh, "truncated", False) or getattr(fh, "corrupt", None))
            if isinstance(raw, TOO_LONG):
                seen_text = True
                yield ReadError(f"{name}:{lineno}", name, f"line too long ({raw.length} bytes > limit {max_line}; "
                                f"article limit is {lim.max_chars} characters)", lineno, code="E302")
                continue
            if not raw.strip():
                continue
            seen_text = True
            key = f"{name}:{lineno}"
            if cut:
                cut_reported = True
                yield ReadError(key, name, f"{_gz_cut_reason(fh)} inside this line: line dropped, "
                                f"{lineno - 1} complete lines before it kept", lineno, code="E204")
                continue
            enc, warns = file_enc, []
            try:
                if forced:
                    line = decode_bytes(raw, encoding=forced)[0]
                else:
                    try:
                        line = raw.decode("utf-8")
                    except UnicodeDecodeError:
                        line, enc, warns = decode_bytes(raw)
                        warns = [f"line {lineno}: {w}" for w in warns]
            except ValueError as exc:
                yield ReadError(key, name, str(exc), lineno)
                continue
            yield _jsonl_item(line, key, name, lineno, enc, warns, lim)
    except LimitError as exc:
        kept = f"; lines 1-{n_lines} were read" if n_lines else ""
        yield ReadError(name, name, f"{exc.message}{kept}", code=exc.code)
        return
    if not cut_reported:
        err = _gz_end_error(fh, name, n_lines)
        if err is not None:
            yield err
            return
    if not seen_text:
        yield ReadError(name, name, "file holds only whitespace")


def _gz_cut_reason(fh) -> str:
    if getattr(fh, "corrupt", None):
        return f"corrupt gzip data ({_one_line(fh.corrupt, 80)})"
    return "gzip data cut short"


def _gz_end_error(fh, name: str, n_lines: int) -> Optional[ReadError]:
    """The one error for a compressed stream that ended early or went corrupt, or None."""
    if getattr(fh, "truncated", False) or getattr(fh, "corrupt", None):
        return ReadError(name, name, f"{_gz_cut_reason(fh)} after line {n_lines} "
                         f"(every complete line before the cut was kept)", code="E204")
    return None


def _jsonl_item(line: str, key: str, name: str, lineno: int, enc: str, warns: list[str], lim: _Limits) -> Item:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        truncated = exc.msg.startswith("Unterminated string") or exc.pos >= len(line.rstrip())
        what = "truncated JSON" if truncated else "invalid JSON"
        return ReadError(key, name, f"{what} ({exc.msg}, column {exc.colno})", lineno)
    except RecursionError:
        return ReadError(key, name, "invalid JSON (nested too deeply)", lineno)
    return _json_obj_item(obj, key, name, lineno, enc, warns, lim)


def _json_obj_item(obj: Any, key: str, name: str, lineno: Optional[int], enc: str, warns: list[str],
                   lim: _Limits, where: str = "") -> Item:
    """One parsed JSON value -> Document (an object with a string ``text``) or ReadError.
    ``where`` prefixes the reason (``"item 3: "`` for an element of a JSON array)."""
    if not isinstance(obj, dict):
        return ReadError(key, name, f"{where}expected a JSON object, got {_json_type(obj)}", lineno)
    body = obj.get("text")
    if body is None:
        return ReadError(key, name, f"{where}field 'text' missing", lineno)
    if not isinstance(body, str):
        return ReadError(key, name, f"{where}field 'text' must be a string, got {_json_type(body)}", lineno)
    err = _check_text(body, name, key, lim, lineno, what="field 'text'")
    if err:
        if where:
            err.reason = where + err.reason
        return err
    meta: dict = {"path": name, "encoding": enc, "warnings": list(warns)}
    for k in META_KEYS:
        v = obj.get(k)
        if v is None:
            continue
        if isinstance(v, bool) or not isinstance(v, (str, int)):
            return ReadError(key, name, f"{where}field {k!r} must be a string, got {_json_type(v)}", lineno)
        meta[k] = str(v)
    _check_published(meta)
    return Document(key=key, text=body, meta=meta)


def _check_published(meta: dict) -> None:
    """Add a warning to ``meta`` when its ``published`` value is not an ISO date.

    The pipeline reads the first 10 characters as ``YYYY-MM-DD`` (``2024-01-10`` or
    ``2024-01-10T08:00:00+07:00``) and ignores anything else; the warning keeps that from
    being silent, e.g. ``published 'hôm qua' is not an ISO date (YYYY-MM-DD): ignored``."""
    import datetime as dt

    v = meta.get("published")
    if v is None:
        return
    try:
        dt.date.fromisoformat(str(v).strip()[:10])
    except ValueError:
        meta.setdefault("warnings", []).append(
            f"published {_one_line(str(v), 80)!r} is not an ISO date (YYYY-MM-DD): ignored")


def _read_json(data: bytes, name: str, encoding: Optional[str], lim: _Limits) -> Iterator[Item]:
    """A ``.json`` file: one object with ``text`` -> one article (key ``path``); an array of
    such objects -> one article per element (key ``path[INDEX]``, 0-based); anything else
    (invalid or truncated JSON, a string, an array of strings ...) -> one ReadError."""
    got = _decoded(data, name, encoding)
    if isinstance(got, ReadError):
        yield got
        return
    text, enc, warns = got
    try:
        obj = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        truncated = exc.msg.startswith("Unterminated string") or exc.pos >= len(text.rstrip())
        what = "truncated JSON" if truncated else "invalid JSON"
        yield ReadError(name, name, f"{what} ({exc.msg}, line {exc.lineno} column {exc.colno})")
        return
    except RecursionError:
        yield ReadError(name, name, "invalid JSON (nested too deeply)")
        return
    if isinstance(obj, list):
        if not obj:
            yield ReadError(name, name, "empty JSON array (expected objects with a 'text' field)")
            return
        for i, el in enumerate(obj):
            yield _json_obj_item(el, f"{name}[{i}]", name, None, enc, warns, lim, where=f"item {i}: ")
        return
    if not isinstance(obj, dict):
        yield ReadError(name, name, f"expected a JSON object with a 'text' field or an array of them, "
                                    f"got {_json_type(obj)}")
        return
    yield _json_obj_item(obj, name, name, None, enc, warns, lim)


def _json_type(v: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number",
            float: "a number", type(None): "null"}.get(type(v), type(v).__name__)


# ---------------------------------------------------------------- CSV

def _strip_nuls_by_line(data: bytes) -> tuple[bytes, dict[int, int]]:
    """``data`` without NUL bytes, and ``{line_number: NULs removed}`` (1-based), so each
    CSV row carries its own warning instead of every row carrying the file's."""
    per_line: dict[int, int] = {}
    if b"\x00" not in data:
        return data, per_line
    lineno = 1
    pos = 0
    while True:
        i = data.find(b"\x00", pos)
        if i < 0:
            break
        lineno += data.count(b"\n", pos, i)
        j = i
        while j < len(data) and data[j] == 0:
            j += 1
        per_line[lineno] = per_line.get(lineno, 0) + (j - i)
        pos = j
    return data.replace(b"\x00", b""), per_line


def _read_csv(data: bytes, name: str, encoding: Optional[str], lim: _Limits,
              delim: Optional[str] = None) -> Iterator[Item]:
    """CSV/TSV, one article per row (see the module table). Parsed strictly: a quote that
    is never closed, or a closing quote followed by anything but the delimiter (a field
    running over line ends where it should not) is one error naming the line where the
    row starts, and parsing resumes on the next line, so the following rows are not
    swallowed. A row whose number of columns differs from the header's is one error naming
    its line when it has more (extra columns are never dropped silently; fewer are read as empty). Stray NUL bytes are removed and
    reported on the rows that held them."""
    nul_lines: dict[int, int] = {}
    if not encoding and b"\x00" in data and data[:2] not in (b"\xff\xfe", b"\xfe\xff") \
            and _utf16_nul_guess(data[:8192]) is None:  # stray NULs, not UTF-16
        data, nul_lines = _strip_nuls_by_line(data)
    got = _decoded(data, name, encoding)
    if isinstance(got, ReadError):
        yield got
        return
    text, enc, warns = got
    if delim is None:
        delim = "\t" if name.lower().removesuffix(".gz").endswith(".tsv") else ","
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, 4 * lim.max_chars + 1024))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            yield ReadError(name, name, "empty file", code="E205")
            return
        except csv.Error as exc:
            yield ReadError(name, name, f"bad CSV header ({exc})", 1, code="E210")
            return
        col = lim.text_column
        if col not in header:
            shown = ", ".join(header[:12]) + (" …" if len(header) > 12 else "")
            yield ReadError(name, name, f"no column {col!r} (columns: {shown}); choose one with --text-column", 1,
                            code="E211")
            return
        idx = header.index(col)
        meta_idx = {k: header.index(k) for k in META_KEYS if k in header}
        starts: Optional[list[int]] = None
        base = 0  # physical lines consumed before the current reader's input
        while True:
            start_line = base + reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                why = str(exc)
                if "unexpected end of data" in why:
                    why = "unclosed quote: the field runs to the end of the file"
                elif "expected after" in why:
                    why = f"quote closed in the middle of a field ({why}): a field runs over line ends"
                yield ReadError(f"{name}:{start_line}", name, f"bad CSV row: {why}; rows from the next line on "
                                f"are read again", start_line, code="E212")
                # resume on the line after the start of the bad row (nothing swallowed)
                if starts is None:
                    starts = [0] + [m.end() for m in re.finditer("\n", text)]
                if start_line >= len(starts):
                    break
                base = start_line
                reader = csv.reader(io.StringIO(text[starts[start_line]:], newline=""), delimiter=delim,
                                    strict=True)
                continue
            end_line = base + reader.line_num
            if not row or not any(c.strip() for c in row):
                continue
            key = f"{name}:{start_line}"
            if len(row) > len(header):  # (fewer is fine: trailing empty columns left out)
                yield ReadError(key, name, f"row has {len(row)} columns, the header has {len(header)} "
                                f"(extra columns: a delimiter or quote out of place?)", start_line, code="E213")
                continue
            if idx >= len(row):
                yield ReadError(key, name, f"row has {len(row)} columns, no {col!r} value", start_line, code="E214")
                continue
            body = row[idx]
            err = _check_text(body, name, key, lim, start_line, what=f"column {col!r}")
            if err:
                yield err
                continue
            row_warns = list(warns)
            nuls = sum(nul_lines.get(i, 0) for i in range(start_line, end_line + 1)) if nul_lines else 0
            if nuls:
                row_warns.append(f"removed {nuls} NUL byte{'s' if nuls > 1 else ''}")
            meta: dict = {"path": name, "encoding": enc, "warnings": row_warns}
            for k, i in meta_idx.items():
                if i < len(row) and row[i].strip():
                    meta[k] = row[i].strip()
            _check_published(meta)
            yield Document(key=key, text=body, meta=meta)
    finally:
        csv.field_size_limit(old)


def _utf16_nul_guess(head: bytes) -> Optional[str]:
    from .decode import _utf16_guess

    return _utf16_guess(head)


# ---------------------------------------------------------------- HTML and WARC

_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.I)


def _html_parser():
    from lxml import html as lhtml

    # libxml2's HTML parser: no network access, no DTD loading, so no external entities;
    # scripts are never executed (lxml only builds a tree). Comments and PIs are dropped.
    return lhtml.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, collect_ids=False,
                            default_doctype=False, huge_tree=False, recover=True)


def html_to_document(data: bytes, key: str, name: str, encoding: Optional[str], lim: _Limits,
                     url: Optional[str] = None) -> Item:
    """One HTML page (bytes) -> Document (main text, title, author, date, url) or ReadError."""
    if len(data) > lim.max_html_bytes:
        return ReadError(key, name, f"HTML page too large ({len(data)} bytes > {lim.max_html_bytes})")
    if not data.strip():
        return ReadError(key, name, "empty HTML page")
    enc_hint = encoding
    if not enc_hint and not _is_utf8(data):
        # a declared charset is trusted only when the bytes are not UTF-8 and it is not a
        # generic Western one (old Vietnamese pages declared iso-8859-1 over VNI/TCVN3 fonts)
        m = _CHARSET_RE.search(data[:4096])
        if m and m.group(1).decode("ascii").lower().replace("_", "-") not in _GENERIC_CHARSETS:
            enc_hint = m.group(1).decode("ascii")
    try:
        text, enc, warns = _decode(data, name, enc_hint)
    except ValueError:
        if encoding:
            raise
        text, enc, warns = _decode(data, name, None)
    text = text.lstrip("\ufeff")
    if not text.strip():
        return ReadError(key, name, "empty HTML page")
    from lxml import etree
    from lxml import html as lhtml

    try:
        tree = lhtml.document_fromstring(text, parser=_html_parser())
    except (etree.ParserError, ValueError, etree.XMLSyntaxError) as exc:
        try:  # "Unicode strings with encoding declaration are not supported"
            tree = lhtml.document_fromstring(text.encode("utf-8"), parser=_html_parser())
        except Exception:
            return ReadError(key, name, f"unparseable HTML ({_one_line(str(exc))})")
    n_source_tags = len(_START_TAG_RE.findall(text, 0, 4 * 1024 * 1024))
    if n_source_tags > 500 and sum(1 for _ in tree.iter()) < n_source_tags // 3:
        # libxml2 stops at its nesting-depth limit and drops the rest: read the text with the
        # stdlib tokenizer instead (flat, no depth limit) rather than lose it silently
        title, body = _flat_html_text(text)
        if not any(c.isalpha() for c in body):
            return ReadError(key, name, "no article text found in the HTML page")
        if title and body.split("\n", 1)[0].strip() != title:
            body = f"{title}\n\n{body}"
        err = _check_text(body, name, key, lim)
        if err:
            return err
        warns = list(warns) + ["HTML nested too deeply for the parser: text taken by stripping tags"]
        meta = {"path": name, "encoding": enc, "warnings": warns}
        if url:
            meta["url"] = url
        return Document(key=key, text=body, meta=meta)
    for bad in tree.xpath("//script|//style|//noscript|//iframe|//object|//embed|//template"):
        bad.drop_tree()
    quiet_library_loggers()
    from trafilatura import bare_extraction

    try:
        res = bare_extraction(tree, url=url, with_metadata=True, include_comments=False, include_tables=True,
                              date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception as exc:
        return ReadError(key, name, f"HTML extraction failed ({type(exc).__name__}: {_one_line(str(exc))})")
    if res is None:
        return ReadError(key, name, "no article text found in the HTML page")
    d = res.as_dict() if hasattr(res, "as_dict") else dict(res)
    body = (d.get("text") or "").strip()
    if not any(c.isalpha() for c in body):
        return ReadError(key, name, "no article text found in the HTML page")
    title = (d.get("title") or "").strip() or None
    if title and body.split("\n", 1)[0].strip() != title:
        body = f"{title}\n\n{body}"
    err = _check_text(body, name, key, lim)
    if err:
        return err
    meta: dict = {"path": name, "encoding": enc, "warnings": list(warns)}
    for k_out, k_in in (("url", "url"), ("author", "author"), ("published", "date")):
        v = d.get(k_in)
        if isinstance(v, str) and v.strip():
            meta[k_out] = v.strip()
    if url and "url" not in meta:
        meta["url"] = url
    if not title:
        meta["warnings"].append("HTML page has no title; line 1 of the main text is used")
    return Document(key=key, text=body, meta=meta)


_GENERIC_CHARSETS = {"iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252", "us-ascii", "ascii", "utf-8", "utf8"}


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


_START_TAG_RE = re.compile(r"<[A-Za-z]")
_BLOCK_TAGS = frozenset("p div br h1 h2 h3 h4 h5 h6 li tr article section header footer blockquote figcaption table ul ol".split())
_SKIP_TAGS = frozenset("script style noscript template head iframe object svg".split())


def _flat_html_text(text: str) -> tuple[Optional[str], str]:
    """(title, visible text) of an HTML page with the stdlib tokenizer: linear, no tree, no
    depth limit, character references decoded, no entity declarations honoured."""
    from html.parser import HTMLParser

    class _P(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.out: list[str] = []
            self.title: list[str] = []
            self.skip = 0
            self.in_title = False

        def handle_starttag(self, tag, attrs):
            if tag in _SKIP_TAGS and tag != "head":
                self.skip += 1
            elif tag == "title":
                self.in_title = True
            elif tag in _BLOCK_TAGS:
                self.out.append("\n")

        handle_startendtag = handle_starttag

        def handle_endtag(self, tag):
            if tag in _SKIP_TAGS and tag != "head" and self.skip:
                self.skip -= 1
            elif tag == "title":
                self.in_title = False
            elif tag in _BLOCK_TAGS:
                self.out.append("\n")

        def handle_data(self, data):
            if self.in_title:
                self.title.append(data)
            elif not self.skip:
                self.out.append(data)

    p = _P()
    p.feed(text)
    p.close()
    lines = [" ".join(ln.split()) for ln in "".join(p.out).split("\n")]
    title = " ".join("".join(p.title).split()) or None
    return title, "\n".join(ln for ln in lines if ln)


#: third-party loggers that talk on stderr about pages they skip (trafilatura logs
#: "discarding data: None" at WARNING for a page without main text): the reader reports
#: such a page itself, in one line, so they are kept to ERROR and above.
QUIET_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer", "warcio")


def quiet_library_loggers() -> None:
    """Set the :data:`QUIET_LOGGERS` to ``logging.ERROR`` (idempotent, cheap)."""
    import logging

    for n in QUIET_LOGGERS:
        lg = logging.getLogger(n)
        if lg.level < logging.ERROR:
            lg.setLevel(logging.ERROR)


def _read_html(data: bytes, name: str, encoding: Optional[str], lim: _Limits) -> Iterator[Item]:
    try:
        yield html_to_document(data, name, name, encoding, lim)
    except ValueError as exc:
        yield ReadError(name, name, str(exc))


def _read_warc(fh, name: str, encoding: Optional[str], lim: _Limits) -> Iterator[Item]:
    """Every HTTP 2xx HTML response of a WARC/ARC stream (plain, or decompressed by a
    :class:`~pntd_extract.io.streams.GzipStream` for ``.warc.gz``: whole-file gzip and one
    member per record alike), read like an HTML page; key ``path#OFFSET`` (decompressed
    byte offset of the record).

    Completeness: every record is read to its ``Content-Length``; a record the stream
    ends inside (or a gzip stream cut short or corrupt) is one error for that record, and
    the complete records before it are kept. warcio's own ``WARNING:`` lines (a record not
    followed by its separator, i.e. a wrong ``Content-Length``) are captured and become one
    error line each. A record over the limits (``max_html_bytes`` for an HTML response) is
    one error; other records are skipped without being held in memory."""
    import contextlib

    quiet_library_loggers()
    from warcio.archiveiterator import ArchiveIterator

    if not isinstance(fh, (GzipStream, _Flags)):
        head = fh.read(2)
        inner = _Prefixed(head, fh)
        fh = GzipStream(inner, lim.max_decompressed, name=name) if head == b"\x1f\x8b" else inner
    captured = io.StringIO()
    n_html = 0
    n_records = 0
    last_offset: Optional[int] = None
    cut_reported = False

    def warnings() -> Iterator[ReadError]:
        text = captured.getvalue()
        if not text:
            return
        captured.seek(0)
        captured.truncate()
        for m in re.finditer(r"WARNING: (.*?)\n\s*Offset: (\d+)", text):
            off = int(m.group(2))
            yield ReadError(f"{name}#{off}:separator", name, f"record before byte {off}: "
                            f"{_one_line(m.group(1), 120).rstrip('.')} (its Content-Length is probably wrong; "
                            f"its text may be incomplete)", code="E206")

    it = ArchiveIterator(fh, arc2warc=True, check_digests=False)
    while True:
        try:
            with contextlib.redirect_stderr(captured):
                rec = next(it)
        except StopIteration:
            break
        except LimitError as exc:
            yield from warnings()
            yield ReadError(f"{name}#limit", name, f"{exc.message} after {n_records} records", code=exc.code)
            return
        except Exception as exc:
            yield from warnings()
            cut_reported = True
            yield ReadError(f"{name}#error", name, f"corrupt or truncated WARC after {n_records} records "
                                                   f"({type(exc).__name__}: {_one_line(str(exc), 120)})",
                            code="E207")
            break
        yield from warnings()
        n_records += 1
        try:
            with contextlib.redirect_stderr(captured):
                offset = it.offset if hasattr(it, "offset") else None
                uri = rec.rec_headers.get_header("WARC-Target-URI") if rec.rec_headers else None
                data = None
                is_html = False
                if rec.rec_type == "response" and rec.http_headers is not None:
                    ctype = (rec.http_headers.get_header("Content-Type") or "").lower()
                    status = rec.http_headers.get_statuscode() or ""
                    is_html = "html" in ctype and status.startswith("2")
                if is_html:
                    data = rec.content_stream().read(lim.max_html_bytes + 1)
                raw = rec.raw_stream
                while raw.read(READ_CHUNK_WARC):  # drain: every record read to its end
                    pass
                missing = getattr(raw, "limit", 0) or 0
        except LimitError as exc:
            yield ReadError(f"{name}#limit", name, f"{exc.message} after {n_records - 1} records", code=exc.code)
            return
        except Exception as exc:
            yield ReadError(f"{name}#error", name, f"corrupt WARC record after {n_records - 1} records "
                            f"({type(exc).__name__}: {_one_line(str(exc))})", code="E207")
            return
        if offset is None:
            offset = last_offset
        last_offset = offset
        key = f"{name}#{offset}"
        if missing > 0:
            cut_reported = True
            why = _gz_cut_reason(fh) if (getattr(fh, "truncated", False) or getattr(fh, "corrupt", None)) \
                else "the file ends"
            yield ReadError(key, name, f"record at byte {offset} ({_one_line(str(uri), 100)}): cut short "
                            f"({why} {missing} bytes before its Content-Length); "
                            f"{n_html} complete HTML records before it kept", code="E204")
            if is_html:
                n_html += 1
            break
        if not is_html:
            continue
        n_html += 1
        try:
            item = html_to_document(data, key, name, encoding, lim, url=uri)
        except ValueError as exc:
            item = ReadError(key, name, str(exc))
        if isinstance(item, ReadError):
            item.reason = f"record at byte {offset} ({_one_line(str(uri), 100)}): {item.reason}"
        yield item
    yield from warnings()
    if not cut_reported and (getattr(fh, "truncated", False) or getattr(fh, "corrupt", None)):
        at = getattr(it, "offset", None)
        yield ReadError(f"{name}#{at}", name, f"record at byte {at}: cut short ({_gz_cut_reason(fh)} inside it "
                        f"or its headers); {n_records} complete records before it kept", code="E204")
        return
    if n_html == 0 and not cut_reported:
        yield ReadError(name, name, "no HTML responses in the WARC file", code="E208")


READ_CHUNK_WARC = 1 << 16
