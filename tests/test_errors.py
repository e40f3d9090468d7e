"""The error hierarchy: one coded line, names escaped for terminals."""
from __future__ import annotations

import doctest

import pytest

from pntd_extract import errors
from pntd_extract.errors import (DecodeError, InputError, LimitError, OutputError, PntdError, RunError,
                                 UsageError, one_line, safe_text)


@pytest.mark.parametrize("raw, shown", [
    ("bài-viết.txt", "bài-viết.txt"),                       # Vietnamese kept
    ("a\nb.txt", "a\\nb.txt"),                              # newline
    ("\x1b[31mred\x1b[0m.txt", "\\x1b[31mred\\x1b[0m.txt"),  # terminal escape
    ("x\u202etxt.exe", "x\\u202etxt.exe"),                  # bidi override
    ("a\x9bb", "a\\x9bb"),                                  # C1 CSI
    (b"tin-\xff.txt", "tin-\\xff.txt"),                     # non-UTF-8 byte
    ("tin-\udcff.txt", "tin-\\xff.txt"),                    # same, via surrogateescape
    ("tab\there", "tab\\there"),
])
def test_safe_text_escapes(raw, shown):
    assert safe_text(raw) == shown
    assert "\n" not in safe_text(raw) and "\x1b" not in safe_text(raw)


def test_message_is_one_coded_line():
    e = InputError("permission denied\nsecond line", path="d/\x1b]0;pwn\x07x.txt", code="E102")
    s = str(e)
    assert s == "d/\\x1b]0;pwn\\x07x.txt: permission denied second line [E102]"
    assert str(LimitError("too big", path="a.jsonl", line=4)) == "a.jsonl:4: too big [E300]"
    assert str(UsageError("--encoding rot13: not a text encoding")).endswith("[E500]")


def test_classes_and_exit_codes():
    for cls in (InputError, DecodeError, LimitError, OutputError, UsageError, RunError):
        assert issubclass(cls, PntdError)
    assert issubclass(UsageError, ValueError) and issubclass(DecodeError, ValueError)
    assert not issubclass(PntdError, ValueError)
    assert (OutputError("x").exit_code, UsageError("x").exit_code, RunError("x").exit_code) == (2, 2, 3)


def test_one_line_cuts():
    assert one_line("a " * 500, 20).endswith("…") and len(one_line("a " * 500, 20)) == 20


def test_doctests():
    assert doctest.testmod(errors).failed == 0
