"""The doctests of every module of the package and the ``>>>`` examples of README.md run here
(through the installed package, so they pass from a plain clone with a non-editable install)."""
from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import pntd_extract

README = Path(__file__).resolve().parent.parent / "README.md"
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
MODULES = sorted(m.name for m in pkgutil.walk_packages(pntd_extract.__path__, "pntd_extract.")
                 if not m.name.endswith("__main__"))


@pytest.mark.parametrize("name", ["pntd_extract", *MODULES])
def test_module_doctests(name):
    mod = importlib.import_module(name)
    res = doctest.testmod(mod, optionflags=FLAGS, verbose=False, report=True)
    assert res.failed == 0, f"{name}: {res.failed} of {res.attempted} doctest examples failed (output above)"


def test_readme_examples():
    text = README.read_text(encoding="utf-8")
    test = doctest.DocTestParser().get_doctest(text, {}, "README.md", str(README), 0)
    assert len(test.examples) >= 6
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(test)
    assert runner.failures == 0, f"README.md: {runner.failures} example(s) failed (output above)"
