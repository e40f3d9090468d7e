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
    """An input that could not be read. ``str(err)`` is the one-line report
    ``path[:line]: reason [CODE]``, with the path and reason made safe for a terminal
    (:func:`pntd_extract.errors.safe_text`: control characters, newlines and undecodable
    bytes escaped). ``code``: the :mod:`pntd_extract.errors` code (E1xx read, E2xx decode,
    E3xx limit); when not given it is derived from the reason (:func:`~pntd_extract.errors.code_for`).

    >>> str(ReadError("a\\nb.txt", "a\\nb.txt", "empty file", code="E205"))
    'a\\\\nb.txt: empty file [E205]'
    """

    key: str
    path: str
    reason: str
    line: Optional[int] = None
    code: Optional[str] = None

    def __post_init__(self) -> None:
        import re

        m = re.search(r" \[(E\d{3})\]$", self.reason or "")
        if m:  # the reason is the str() of a PntdError: keep its code once
            self.reason = self.reason[: m.start()]
            self.code = self.code or m.group(1)
        if self.code is None:
            from ..errors import code_for

            self.code = code_for(self.reason)

    def __str__(self) -> str:
        from ..errors import one_line, safe_text

        where = safe_text(self.path)
        if self.line is not None:
            where = f"{where}:{self.line}"
        code = f" [{self.code}]" if self.code else ""
        return f"{where}: {one_line(self.reason, 400)}{code}"


from ..errors import InputError  # noqa: E402,F401  (re-exported: an unreadable input)
