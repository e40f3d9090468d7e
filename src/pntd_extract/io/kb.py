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
from ..errors import PntdError
from .base import ReadError
from .streams import DECOMPRESS_LIMIT, TOO_LONG, GzipStream, iter_lines

KB_SUFFIXES = (".jsonl", ".ndjson", ".json")


class _Stream:
    """``with``-able bounded binary stream of a KB file (gzip through :class:`GzipStream`:
    the same decompression limit as every reader)."""

    def __init__(self, path: Path) -> None:
        self.raw = path.open("rb")
        self.stream = GzipStream(self.raw, DECOMPRESS_LIMIT, name=str(path)) \
            if path.name.lower().endswith(".gz") else self.raw

    def __enter__(self):
        return self.stream

    def __exit__(self, *exc) -> None:
        self.raw.close()


def _open_binary(path: Path):
    return _Stream(path)


#: longest KB line read (bytes): one record of the largest article the readers accept
MAX_KB_LINE = 64 * 1024 * 1024


def is_kb_file(path: Union[str, Path]) -> bool:
    """True when ``path`` is a (possibly gzipped) JSON Lines file whose first non-blank line is
    an object with ``schema_version`` and an ``article`` object; False otherwise (never raises,
    also not for a line nested too deeply or too long to parse)."""
    p = Path(path)
    name = p.name.lower().removesuffix(".gz")
    try:
        if not name.endswith(KB_SUFFIXES) or not p.is_file():
            return False
        with _open_binary(p) as fh:
            for i, raw in iter_lines(fh, MAX_KB_LINE):
                if isinstance(raw, TOO_LONG):
                    return False
                if raw.strip():
                    obj = json.loads(raw)
                    return isinstance(obj, dict) and "schema_version" in obj and isinstance(obj.get("article"), dict)
                if i > 1000:
                    return False
    except (OSError, EOFError, ValueError, RecursionError, PntdError):
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
            for lineno, raw in iter_lines(fh, MAX_KB_LINE):
                if isinstance(raw, TOO_LONG):
                    yield lineno, ReadError(f"{name}:{lineno}", name, f"line too long ({raw.length} bytes)", lineno,
                                            code="E302")
                    continue
                if not raw.strip():
                    continue
                try:
                    yield lineno, KBRecord.model_validate_json(raw.decode("utf-8"))
                except UnicodeDecodeError as exc:
                    yield lineno, ReadError(f"{name}:{lineno}", name, f"not UTF-8 (byte {exc.start})", lineno)
                except ValidationError as exc:
                    yield lineno, ReadError(f"{name}:{lineno}", name, "invalid KB record: " + _describe(exc), lineno)
                except (ValueError, RecursionError) as exc:
                    yield lineno, ReadError(f"{name}:{lineno}", name, f"invalid KB record ({type(exc).__name__})",
                                            lineno)
            if getattr(fh, "truncated", False) or getattr(fh, "corrupt", None):
                yield 0, ReadError(name, name, "gzip data cut short or corrupt (complete lines before it read)",
                                   code="E204")
    except PntdError as exc:
        yield 0, ReadError(name, name, exc.message, code=exc.code)
    except (OSError, EOFError) as exc:
        yield 0, ReadError(name, name, f"cannot read: {getattr(exc, 'strerror', None) or exc}")


def kb_problems(path: Union[str, Path]) -> Iterator[tuple[int, list[tuple[str, str]]]]:
    """Strict validation of a KB file: ``(line, problems)`` for every record line, in order,
    ``problems`` being every ``(field, message)`` of :func:`pntd_extract.validation.record_problems`
    (``[]`` for a good record; field ``(line)`` for a line that is not a JSON object, and line 0
    for a file that cannot be read or is cut short). Bounded like :func:`read_kb`; never raises.
    """
    from ..validation import record_problems

    p = Path(path)
    try:
        with _open_binary(p) as fh:
            for lineno, raw in iter_lines(fh, MAX_KB_LINE):
                if isinstance(raw, TOO_LONG):
                    yield lineno, [("(line)", f"line too long ({raw.length} bytes) [E302]")]
                    continue
                if not raw.strip():
                    continue
                try:
                    obj = json.loads(raw.decode("utf-8"))
                except UnicodeDecodeError as exc:
                    yield lineno, [("(line)", f"not UTF-8 (byte {exc.start})")]
                    continue
                except (ValueError, RecursionError) as exc:
                    yield lineno, [("(line)", f"not JSON ({type(exc).__name__})")]
                    continue
                if not isinstance(obj, dict):
                    yield lineno, [("(line)", "not a JSON object")]
                    continue
                yield lineno, record_problems(obj)
            if getattr(fh, "truncated", False) or getattr(fh, "corrupt", None):
                yield 0, [("(file)", "gzip data cut short or corrupt (complete lines before it read) [E204]")]
    except PntdError as exc:
        yield 0, [("(file)", str(exc))]
    except (OSError, EOFError) as exc:
        yield 0, [("(file)", f"cannot read: {getattr(exc, 'strerror', None) or exc}")]
