"""pntd-extract: structured, checkable facts from Vietnamese news reports.

>>> from pntd_extract import extract
>>> rec = extract("Tiêu đề\\n\\nBà Bùi Thị Trinh trao 15 triệu đồng.")
>>> rec.article.title
'Tiêu đề'
"""
from .pipeline import extract
from .schema import KBRecord, SCHEMA_VERSION

__version__ = "0.1.0"
__all__ = ["extract", "KBRecord", "SCHEMA_VERSION", "__version__", "to_frames"]


def to_frames(records):
    """Flat pandas tables of KB records (see :mod:`pntd_extract.io.tables`)."""
    from .io.tables import to_frames as _tf

    return _tf(records)
