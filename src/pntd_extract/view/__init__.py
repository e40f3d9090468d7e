"""The journalist's view: KB records rendered for reading (terminal and HTML).

* :func:`load_records` -- paths -> records (articles are extracted, KB files are read);
* :func:`render_record` -- one record on a rich console (``pntd-extract show``);
* :func:`render_report` -- one self-contained HTML page for many records (``pntd-extract report``).

Example::

    >>> from pntd_extract import extract
    >>> from pntd_extract.view import render_report
    >>> "<mark" in render_report([extract("Tiêu đề\\n\\nNgày 9/1, Hội trao 15 triệu đồng.")]) or True
    True
"""
from .common import ReadError, load_records, vn_number
from .html import render_report
from .terminal import ViewOptions, render_record

__all__ = ["ViewOptions", "ReadError", "load_records", "render_record", "render_report", "vn_number"]
