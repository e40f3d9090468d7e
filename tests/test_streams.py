"""Bounded gzip streams and line splitting (pntd_extract.io.streams), and the doctests of
the modules that guard input and output (errors, streams, base, decode, writer, tables)."""
from __future__ import annotations

import doctest
import gzip
import importlib
import io
import zlib

import pytest

from pntd_extract.errors import LimitError
from pntd_extract.io.streams import TOO_LONG, GzipStream, iter_lines, parse_size


def test_members_padding_and_limit():
    data = gzip.compress(b"dong 1\n") + b"\0\0\0" + gzip.compress(b"dong 2\n")
    s = GzipStream(io.BytesIO(data), limit=100)
    assert s.read() == b"dong 1\ndong 2\n" and s.members == 2 and not s.truncated and s.corrupt is None
    s = GzipStream(io.BytesIO(gzip.compress(b"a" * 10_000)), limit=1000)
    with pytest.raises(LimitError, match=r"\[E301\]|limit"):
        s.read()


def test_cut_and_corrupt_keep_what_came_before():
    raw = b"".join(b"%05d\n" % i for i in range(20000))
    cut = gzip.compress(raw)[:-500]
    s = GzipStream(io.BytesIO(cut), limit=10 ** 7)
    got = s.read()
    assert s.truncated and raw.startswith(got) and len(got) > len(raw) // 2
    s = GzipStream(io.BytesIO(gzip.compress(b"x\n") + b"garbage!"), limit=100)
    assert s.read() == b"x\n" and s.corrupt
    s = GzipStream(io.BytesIO(b"not gzip at all"), limit=100)
    assert s.read() == b"" and s.corrupt


def test_iter_lines_long_lines_and_numbers():
    data = b"a\n" + b"x" * 5000 + b"\n\n\nb\r\nc"
    it = iter_lines(io.BytesIO(data), max_line=100)
    got = list(it)
    assert [n for n, _ in got] == [1, 2, 5, 6]
    assert got[0][1] == b"a" and isinstance(got[1][1], TOO_LONG) and got[1][1].length == 5000
    assert got[2][1] == b"b" and got[3][1] == b"c" and it.unterminated


@pytest.mark.parametrize("bad", ["", "0", "-3M", "lots"])
def test_parse_size_refuses(bad):
    with pytest.raises(ValueError, match="E509"):
        parse_size(bad)


@pytest.mark.parametrize("mod", ["errors", "io.streams", "io.base", "io.decode", "io.writer", "io.tables"])
def test_doctests(mod):
    m = importlib.import_module(f"pntd_extract.{mod}")
    res = doctest.testmod(m, optionflags=doctest.ELLIPSIS)
    assert res.failed == 0 and res.attempted > 0
