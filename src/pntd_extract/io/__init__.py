"""Readers and writers.

* :mod:`.base`     -- :class:`Document` (one article to extract) and :class:`ReadError`
* :mod:`.readers`  -- ``iter_documents(inputs)``: txt, JSON Lines, HTML, CSV, WARC, gzip, stdin, dirs
* :mod:`.decode`   -- bytes -> str with encoding detection (UTF-8/16, legacy Vietnamese encodings)
* :mod:`.writer`   -- atomic, resumable JSON Lines output
* :mod:`.tables`   -- flat tables (pandas, CSV, Parquet, SQLite, DuckDB)
"""
from .base import Document, ReadError

__all__ = ["Document", "ReadError"]
