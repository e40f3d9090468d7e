"""Build ``src/pntd_extract/dimensions/locations/lexicons/gazetteer_vn_admin.tsv`` from an offline source.

Source: the administrative-unit mapping that underthesea (Apache-2.0) ships in
``underthesea/address/data/mapping.json``, itself derived from the ``vietnamadminunits``
package 1.0.4 (MIT): the 63 provinces, ~700 districts and ~10,000 communes before the
1 July 2025 reform, and the 34 provinces and ~3,300 communes after it. Archives span years, so
both periods are kept (column ``period``).

Run (re-run after upgrading underthesea)::

    python scripts/build_gazetteer.py

Output columns: ``name  level  full  province  period``
(``name`` without the level word, ``level`` a schema Level value, ``full`` the official
name with its level word, ``province`` the short province name, ``period`` pre2025 | 2025 |
both). Raises ``FileNotFoundError`` when underthesea does not ship the mapping.
"""
from __future__ import annotations

import json
from pathlib import Path

import underthesea

SRC = Path(underthesea.__file__).parent / "address" / "data" / "mapping.json"
OUT = Path(__file__).resolve().parents[1] / "src" / "pntd_extract" / "dimensions" / "locations" / "lexicons" / "gazetteer_vn_admin.tsv"

PREFIXES = [
    ("Thành phố ", "thành phố"), ("Tỉnh ", "tỉnh"), ("Quận ", "quận"), ("Huyện ", "huyện"),
    ("Thị xã ", "thị xã"), ("Phường ", "phường"), ("Xã ", "xã"), ("Thị trấn ", "thị trấn"),
    ("Đặc khu ", "huyện"),
]


SUPPLEMENT = [
    ("Tỉnh Thừa Thiên Huế", "Tỉnh Thừa Thiên Huế"),
    ("Thành phố Huế", "Tỉnh Thừa Thiên Huế"),
]


def split_level(full: str) -> tuple[str, str] | None:
    for p, level in PREFIXES:
        if full.startswith(p):
            return full[len(p):].strip(), level
    return None


def main() -> None:
    data = json.loads(SRC.read_text(encoding="utf-8"))
    rows: dict[tuple[str, str, str], set[str]] = {}
    fulls: dict[tuple[str, str, str], str] = {}

    def add(full: str, province_full: str, period: str) -> None:
        sl = split_level(full)
        pl = split_level(province_full) if province_full else None
        if not sl:
            return
        name, level = sl
        prov = pl[0] if pl else name
        key = (name, level, prov)
        rows.setdefault(key, set()).add(period)
        fulls[key] = full

    new_names = {v["name"] for v in data["province_names"].values()}
    for v in data["old_province_names"].values():
        add(v["name"], v["name"], "pre2025")
    for v in data["province_names"].values():
        add(v["name"], v["name"], "2025")
    for r in data["ward_mapping"]:
        if r.get("old_district"):
            add(r["old_district"], r["old_province"], "pre2025")
        if r.get("old_ward"):
            add(r["old_ward"], r["old_province"], "pre2025")
        if r.get("new_ward"):
            add(r["new_ward"], r["new_province"], "2025")
    del new_names
    # units the source lists only under a later name (Thừa Thiên Huế became Thành phố Huế on
    # 1 January 2025, before the source's reference date)
    for full, prov in SUPPLEMENT:
        add(full, prov, "pre2025")
    header = [
        "# Vietnamese administrative units before and after the 1 July 2025 reform (gazetteer).",
        "# Fields: name<TAB>level<TAB>full<TAB>province<TAB>period",
        "#   name     : the unit's name without its level word (Bắc Từ Liêm)",
        "#   level    : tỉnh | thành phố | quận | huyện | thị xã | phường | xã | thị trấn",
        "#   full     : official name with its level word (Quận Bắc Từ Liêm)",
        "#   province : short name of the province the unit belongs to (for a province: itself)",
        "#   period   : pre2025 (abolished or renamed in 2025) | 2025 (created by the reform) | both",
        "# Source: derived by scripts/build_gazetteer.py from underthesea/address/data/mapping.json",
        "# (underthesea, Apache-2.0), which was built from vietnamadminunits 1.0.4 (MIT), plus",
        "# Tỉnh Thừa Thiên Huế (renamed Thành phố Huế on 1 January 2025, absent from that source).",
    ]
    lines = []
    for key in sorted(rows):
        periods = rows[key]
        period = "both" if len(periods) > 1 else next(iter(periods))
        name, level, prov = key
        lines.append(f"{name}\t{level}\t{fulls[key]}\t{prov}\t{period}")
    OUT.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} units to {OUT}")


if __name__ == "__main__":
    main()
