"""The help of every command renders flags without type metavars (no ``--resume <bool>``).

typer 0.29 shows boolean flags as ``--resume <bool>``; users then type ``--resume true``,
which is read as an input file. pyproject pins ``typer<0.29``; this test keeps it honest.
"""
from __future__ import annotations

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from pntd_extract.cli import app

import pntd_extract.cli  # noqa: F401  (registers every command module)


def _paths():
    root = get_command(app)
    out = [[]]
    for name, cmd in getattr(root, "commands", {}).items():
        out.append([name])
        for sub in getattr(cmd, "commands", {}) or {}:
            out.append([name, sub])
    return out


@pytest.mark.parametrize("path", _paths(), ids=lambda p: " ".join(p) or "pntd-extract")
def test_help_has_no_type_metavar(path):
    res = CliRunner().invoke(app, [*path, "--help"], terminal_width=200)
    assert res.exit_code == 0, res.output
    assert "Usage" in res.output
    for bad in ("<bool>", "BOOLEAN"):
        assert bad not in res.output, f"{' '.join(path)} --help shows {bad}"
