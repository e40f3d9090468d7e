"""The unit of work between readers and the extraction runner.

A reader yields :class:`Document` (an article to extract) or :class:`ReadError` (an input
that could not be read: one clear line, the batch goes on). Both are small picklable
dataclasses, so they cross process and Dask boundaries.

Example::

    >>> d = Document(key="a.txt", text="Tiêu đề\\n\\nNội dung.", meta={"path": "a.txt"})
    >>> d.key
    'a.txt'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional


@dataclass
class Document:
    """One article to extract.

    ``key``: unique, stable identity of the input unit (``path``, or ``path:LINE`` for JSON
    Lines / CSV rows, ``path#record`` for WARC), used by ``--resume``.
    ``text``: decoded article text (``str``). ``meta``: keyword arguments for
    :func:`pntd_extract.extract` (id, title, url, published, source, author, path, html,
    encoding, warnings).
    """

    key: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class ReadError:
    """An input that could not be read. ``str(err)`` is the one-line report ``path[:line]: reason``."""

    key: str
    path: str
    reason: str
    line: Optional[int] = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"


class InputError(Exception):
    """Raised for an unreadable input; the message is one line naming the file."""
