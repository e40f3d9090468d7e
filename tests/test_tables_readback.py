"""docs/TABLES.md's typed read-back works: CSV integer columns come back as exact Int64."""
from __future__ import annotations

import pandas as pd
from typer.testing import CliRunner

from pntd_extract import extract
from pntd_extract.cli import app


def test_csv_read_back_with_int64_is_exact(tmp_path):
    kb = tmp_path / "kb.jsonl"
    kb.write_text(extract("Tiêu đề\n\nHội trao 9.007.199.254.740.993 đồng và 2,5 triệu đồng.").model_dump_json() + "\n",
                  encoding="utf-8")
    dest = tmp_path / "csv"
    assert CliRunner().invoke(app, ["export", str(kb), str(dest), "--to", "csv"]).exit_code == 0
    money = pd.read_csv(dest / "money.csv", dtype={"amount_int": "Int64"})
    assert str(money["amount_int"].dtype) == "Int64"
    assert money["amount_int"].tolist() == [9007199254740993, 2500000]  # 2^53 + 1 kept exactly
