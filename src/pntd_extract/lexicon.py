"""Reading lexicon data files: the one loader.

A lexicon lives in the folder of the dimension that owns it,
``src/pntd_extract/dimensions/<dimension>/lexicons/<name>``; lexicons shared by several
dimensions (numeral words, scale compounds, qualifiers) live in
``src/pntd_extract/data/lexicons/``. File names are unique across both places, so a lexicon is
named by its file name alone (:func:`lexicon_path`).

Format: UTF-8, one entry per line, tab-separated fields; blank lines and lines starting with
``#`` (the header comment saying what the fields mean and where the list came from) are
skipped. Some files have a column-name row after the comment: pass ``header=True``.

Example::

    >>> read_tsv("check_units.tsv", 3, header=True)[0][:1]  # doctest: +SKIP
    ['kg']
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

from .rule import LEXICON_ROWS

__all__ = ["read_tsv", "lexicon_path", "lexicon_files"]


@lru_cache(maxsize=1)
def lexicon_files() -> dict[str, Traversable]:
    """``file name -> path`` of every lexicon (shared and per dimension).

    Raises ``ValueError`` when two lexicons share a file name."""
    root = resources.files("pntd_extract")
    dirs = [root.joinpath("data", "lexicons")]
    dims = root.joinpath("dimensions")
    for d in sorted(dims.iterdir(), key=lambda p: p.name):
        lx = d.joinpath("lexicons")
        if d.is_dir() and lx.is_dir():
            dirs.append(lx)
    out: dict[str, Traversable] = {}
    for d in dirs:
        for f in sorted(d.iterdir(), key=lambda p: p.name):
            if f.name.endswith((".tsv", ".txt")):
                if f.name in out:
                    raise ValueError(f"lexicon {f.name!r} exists twice: {out[f.name]} and {f}")
                out[f.name] = f
    return out


def lexicon_path(name: str) -> Traversable:
    """Path of lexicon ``name`` (a file name such as ``"units.tsv"``); ``FileNotFoundError`` if none."""
    try:
        return lexicon_files()[name]
    except KeyError:
        raise FileNotFoundError(f"no lexicon named {name!r}") from None


def read_tsv(name: str, ncols: int = 1, *, header: bool = False, exact: bool = False) -> list[list[str]]:
    """Rows of lexicon ``name`` as lists of stripped fields.

    ``ncols``: the minimum number of fields (``exact=True``: exactly that many); ``header``:
    skip the first non-comment row. Raises ``ValueError`` naming the file and line of a
    malformed row, ``FileNotFoundError`` when the lexicon does not exist.
    """
    path = lexicon_path(name)
    out: list[list[str]] = []
    seen_header = not header
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if not seen_header:
            seen_header = True
            continue
        cols = line.split("\t")
        if len(cols) < ncols or (exact and len(cols) != ncols):
            raise ValueError(f"{name}:{i}: expected {ncols} tab-separated fields, got {len(cols)}")
        out.append([c.strip() for c in cols])
        LEXICON_ROWS.setdefault((name, out[-1][0]), i)
    return out
