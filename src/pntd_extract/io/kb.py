"""Reading KB JSON Lines files written by ``pntd-extract extract`` (the one place that does).

* :func:`is_kb_file` tells a KB file (first record has ``schema_version`` and ``article``)
  from an article input such as a JSON Lines file of ``{"text": ...}`` objects.
* :func:`read_kb` yields validated :class:`~pntd_extract.schema.KBRecord` objects, or a
  :class:`~pntd_extract.io.base.ReadError` per bad line naming the line and every bad field
  (``kb.jsonl:2: money.0.span: ...``); ``.gz`` files are read transparently. Never raises.

Example::

    >>> for item in read_kb("out/kb.jsonl"):  # doctest: +SKIP
    ...     print(item.article.title)
    Hội LHPN quận Bắc Từ Liêm: Phong trào công tác Hội năm 2023 đạt và vượt chỉ tiêu đề ra
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import IO, Iterator, Union

from ..schema import KBRecord
from .base import ReadError

KB_SUFFIXES = (".jsonl", ".ndjson", ".json")


def _open_binary(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def is_kb_file(path: Union[str, Path]) -> bool:
    """True when ``path`` is a (possibly gzipped) JSON Lines file whose first non-blank line is
    an object with ``schema_version`` and an ``article`` object; False otherwise (never raises)."""
    p = Path(path)
    name = p.name.lower().removesuffix(".gz")
    if not name.endswith(KB_SUFFIXES) or not p.is_file():
        return False
    try:
        with _open_binary(p) as fh:
            for i, raw in enumerate(fh):
                if raw.strip():
                    obj = json.loads(raw)
                    return isinstance(obj, dict) and "schema_version" in obj and isinstance(obj.get("article"), dict)
                if i > 1000:
                    return False
    except (OSError, EOFError, ValueError):
        return False
    return False


def _describe(exc) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts)


def read_kb(path: Union[str, Path]) -> Iterator[Union[KBRecord, ReadError]]:
    """Validated records of a KB file, in order; a bad line gives a ReadError (key ``path:LINE``)."""
    for _, item in read_kb_lines(path):
        yield item


def read_kb_lines(path: Union[str, Path]) -> Iterator[tuple[int, Union[KBRecord, ReadError]]]:
    """Like :func:`read_kb`, with the 1-based line number of each item (0 when unreadable)."""
    from pydantic import ValidationError

    p = Path(path)
    name = str(path)
    try:
        with _open_binary(p) as fh:
            for lineno, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                try:
                    yield lineno, KBRecord.model_validate_json(raw.decode("utf-8"))
                except UnicodeDecodeError as exc:
                    yield lineno, ReadError(f"{name}:{lineno}", name, f"not UTF-8 (byte {exc.start})", lineno)
                except ValidationError as exc:
                    yield lineno, ReadError(f"{name}:{lineno}", name, "invalid KB record: " + _describe(exc), lineno)
    except (OSError, EOFError) as exc:
        yield 0, ReadError(name, name, f"cannot read: {getattr(exc, 'strerror', None) or exc}")
