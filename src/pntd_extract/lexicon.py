"""Reading lexicon data files (``src/pntd_extract/data/lexicons/*.tsv``): the one loader.

Format: UTF-8, one entry per line, tab-separated fields; blank lines and lines starting with
``#`` (the header comment saying what the fields mean and where the list came from) are
skipped. Some files have a column-name row after the comment: pass ``header=True``.

Example::

    >>> read_tsv("check_units.tsv", 3, header=True)[0][:1]  # doctest: +SKIP
    ['kg']
"""
from __future__ import annotations

from importlib import resources

__all__ = ["read_tsv"]


def read_tsv(name: str, ncols: int = 1, *, header: bool = False, exact: bool = False) -> list[list[str]]:
    """Rows of lexicon ``name`` as lists of stripped fields.

    ``ncols``: the minimum number of fields (``exact=True``: exactly that many); ``header``:
    skip the first non-comment row. Raises ``ValueError`` naming the file and line of a
    malformed row, ``FileNotFoundError`` when the lexicon does not exist.
    """
    path = resources.files("pntd_extract").joinpath("data", "lexicons", name)
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
    return out
