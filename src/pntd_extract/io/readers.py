"""Input readers: paths (files, directories recursively, ``-`` for stdin) -> documents.

``iter_documents(inputs)`` yields :class:`~pntd_extract.io.base.Document` or
:class:`~pntd_extract.io.base.ReadError`, never raises for a bad input.

Formats: ``.txt`` (seed layout), ``.jsonl``/``.ndjson`` (one article per line: ``text``,
optional ``id``, ``title``, ``url``, ``published``, ``source``, ``author``).

Example::

    >>> docs = list(iter_documents(["corpus/"]))  # doctest: +SKIP
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from .base import Document, ReadError

TEXT_EXT = {".txt", ".text"}
JSONL_EXT = {".jsonl", ".ndjson"}
KNOWN_EXT = TEXT_EXT | JSONL_EXT
MAX_BYTES = 64 * 1024 * 1024
META_KEYS = ("id", "title", "url", "published", "source", "author")

Item = Union[Document, ReadError]


def _decode(data: bytes, path: str, encoding: Optional[str]) -> tuple[str, Optional[str], list[str]]:
    """bytes -> (text, encoding name, warnings); raises ValueError with a one-line reason."""
    try:
        from .decode import decode_bytes
    except ImportError:  # pragma: no cover - until the decode module lands
        decode_bytes = None
    if decode_bytes is not None:
        return decode_bytes(data, encoding=encoding)
    if b"\x00" in data[:4096]:
        raise ValueError("binary file (NUL bytes)")
    try:
        return data.decode(encoding or "utf-8-sig"), encoding or "utf-8", []
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid {encoding or 'UTF-8'} text at byte {exc.start}") from None


def expand_inputs(inputs: Iterable[str]) -> Iterator[str]:
    """Files of ``inputs`` in a stable order; directories are walked recursively (sorted),
    hidden files and files with unknown extensions inside directories are skipped."""
    for inp in inputs:
        if inp == "-":
            yield inp
            continue
        p = Path(inp)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if f.startswith(".") or not _known(f):
                        continue
                    yield str(Path(root) / f)
        else:
            yield inp


def _known(name: str) -> bool:
    n = name.lower()
    if n.endswith(".gz"):
        n = n[:-3]
    return any(n.endswith(e) for e in KNOWN_EXT)


def iter_documents(inputs: Iterable[str], *, encoding: Optional[str] = None, **options) -> Iterator[Item]:
    """Documents (or read errors) of every input, in order. See the module docstring."""
    for path in expand_inputs(inputs):
        yield from read_path(path, encoding=encoding, **options)


def read_path(path: str, *, encoding: Optional[str] = None, **options) -> Iterator[Item]:
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
            name = "<stdin>"
        else:
            name = path
            p = Path(path)
            if not p.exists():
                yield ReadError(path, path, "no such file")
                return
            size = p.stat().st_size
            if size > MAX_BYTES:
                yield ReadError(path, path, f"file too large ({size} bytes > {MAX_BYTES})")
                return
            data = p.read_bytes()
    except OSError as exc:
        yield ReadError(path, path, f"cannot read: {exc.strerror or exc}")
        return
    low = name.lower()
    if any(low.endswith(e) for e in JSONL_EXT):
        yield from _read_jsonl(data, name, encoding)
        return
    try:
        text, enc, warns = _decode(data, name, encoding)
    except ValueError as exc:
        yield ReadError(name, name, str(exc))
        return
    if not text.strip():
        yield ReadError(name, name, "empty file")
        return
    yield Document(key=name, text=text, meta={"path": name, "encoding": enc, "warnings": warns})


def _read_jsonl(data: bytes, name: str, encoding: Optional[str]) -> Iterator[Item]:
    try:
        text, enc, warns = _decode(data, name, encoding)
    except ValueError as exc:
        yield ReadError(name, name, str(exc))
        return
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        key = f"{name}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(key, name, f"invalid JSON ({exc.msg} at column {exc.colno})", lineno)
            continue
        if not isinstance(obj, dict):
            yield ReadError(key, name, f"expected a JSON object, got {type(obj).__name__}", lineno)
            continue
        body = obj.get("text")
        if not isinstance(body, str):
            yield ReadError(key, name, "field 'text' missing or not a string", lineno)
            continue
        if not body.strip():
            yield ReadError(key, name, "field 'text' is empty", lineno)
            continue
        meta: dict = {"path": name, "encoding": enc, "warnings": list(warns)}
        for k in META_KEYS:
            v = obj.get(k)
            if v is None:
                continue
            if not isinstance(v, (str, int)):
                yield ReadError(key, name, f"field {k!r} must be a string", lineno)
                break
            meta[k] = str(v)
        else:
            yield Document(key=key, text=body, meta=meta)
