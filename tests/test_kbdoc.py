"""docs/KB.md is the record contract generated from the pydantic models: it must be current."""
from __future__ import annotations

from pathlib import Path

from pntd_extract import schema as S
from pntd_extract.kbdoc import MODELS, render_kb_md

KB_MD = Path(__file__).resolve().parent.parent / "docs" / "KB.md"


def test_kb_md_is_generated_from_the_models():
    assert KB_MD.read_text(encoding="utf-8") == render_kb_md(), (
        "docs/KB.md is out of date with pntd_extract/schema.py: run `python -m pntd_extract.kbdoc > docs/KB.md`")


def test_kb_md_documents_every_model_and_field():
    text = KB_MD.read_text(encoding="utf-8")
    for name in MODELS:
        assert f"## `{name}`" in text
        for field, info in getattr(S, name).model_fields.items():
            assert f"| `{info.alias or field}` |" in text, (name, field)
