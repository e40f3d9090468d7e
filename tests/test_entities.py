"""People, organisations, locations and roles (issue #4).

* ``src/pntd_extract/dimensions/{people,organizations,locations,roles}/examples.tsv``: one
  table-driven example per line (sentences written for
  this project); adding a case is adding a line;
* the Phụ nữ Thủ đô seed: exactly its real people, merged, and its four roles;
* merging, canonical names, ids, spans, lexicon contracts and pathological inputs.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from pntd_extract import extract
from pntd_extract.entities.core import expand_abbreviations
from pntd_extract.entities.lexicons import lexicons, tkey

HERE = Path(__file__).parent
SEED = HERE / "data" / "seed.txt"
DIMS = HERE.parent / "src" / "pntd_extract" / "dimensions"


def _rows():
    for dim in ("people", "organizations", "locations", "roles"):
        for line in (DIMS / dim / "examples.tsv").read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            kind, text, exp = line.split("\t")
            yield pytest.param(kind, text, exp, id=f"{kind}:{text[:40]}")


def _null(v: str):
    return None if v == "-" else v


@pytest.mark.parametrize("kind,text,exp", list(_rows()))
def test_example(kind, text, exp):
    rec = extract(text, title="")
    if kind == "person":
        name, gender, titles = exp.split("|")
        got = [(p.name, p.gender, p.titles) for p in rec.people]
        assert (name, _null(gender), [t for t in titles.split(",") if t]) in got, got
    elif kind == "noperson":
        assert not any(exp in p.name.split() or exp == p.name for p in rec.people), [p.name for p in rec.people]
    elif kind == "org":
        name, expanded = exp.split("|")
        assert (name, expanded) in [(o.name, o.expanded) for o in rec.organizations]
    elif kind == "loc":
        name, level, canon = exp.split("|")
        got = [(l.name, l.level, "*" if canon == "*" else l.canonical) for l in rec.locations]
        assert (name, _null(level), _null(canon)) in got, got  # canon "*": any canonical form
    elif kind == "noloc":
        assert not any(l.name == exp or any(m.text == exp for m in l.mentions) for l in rec.locations)
    elif kind == "role":
        person, title, org = exp.split("|")
        got = [(r.person, r.title, r.organization) for r in rec.roles]
        assert (person, title, _null(org)) in got, got
        for r in rec.roles:  # a role points at the merged person and its organisation
            assert r.person == next(p.name for p in rec.people if p.id == r.person_id)
            if r.organization_id:
                assert any(o.id == r.organization_id for o in rec.organizations)
    else:  # pragma: no cover - a typo in the table
        raise AssertionError(f"unknown kind {kind!r}")


# ---------------------------------------------------------------------------- the seed
@pytest.fixture(scope="module")
def seed():
    return extract(SEED.read_text(encoding="utf-8"))


def test_seed_people_exact(seed):
    # Hồ Chí Minh is named ("Chủ tịch Hồ Chí Minh"): a historical figure is a person entity;
    # "Bác" is only his alias, never a person of its own.
    names = [p.name for p in seed.people]
    assert sorted(names) == sorted(["Đỗ Thị Kim Chi", "Hồ Chí Minh", "Nguyễn Thị Thuần", "Bùi Thị Trinh",
                                    "Nguyễn Tiến Thành"])
    for bad in ("Toàn", "Quận", "Bác", "Hội LHPN", "Đảm", "Bằng", "Hội"):
        assert not any(bad == n or n.startswith(bad + " ") for n in names)
    hcm = next(p for p in seed.people if p.name == "Hồ Chí Minh")
    assert "Bác" in hcm.aliases


def test_seed_merge_and_gender(seed):
    chi = next(p for p in seed.people if p.name == "Đỗ Thị Kim Chi")
    assert chi.gender == "female"
    assert {m.text for m in chi.mentions} == {"Đỗ Thị Kim Chi", "Đỗ Thị KIm Chi"}
    thanh = next(p for p in seed.people if p.name == "Nguyễn Tiến Thành")
    assert thanh.gender == "male" and len(thanh.mentions) == 3


def test_seed_roles_exact(seed):
    got = sorted((r.person, r.title, r.organization) for r in seed.roles)
    assert got == sorted([
        ("Đỗ Thị Kim Chi", "Phó Chủ tịch", "Hội LHPN quận Bắc Từ Liêm"),
        ("Nguyễn Thị Thuần", "Phó Chủ tịch", "Hội LHPN quận Bắc Từ Liêm"),
        ("Bùi Thị Trinh", "Chủ tịch", "Hội LHPN quận Bắc Từ Liêm"),
        ("Nguyễn Tiến Thành", "Phó Bí thư Thường trực", "Quận ủy Bắc Từ Liêm"),
    ])


def test_seed_orgs_and_locations(seed):
    orgs = {o.name: o for o in seed.organizations}
    assert orgs["Hội LHPN quận Bắc Từ Liêm"].expanded == "Hội Liên hiệp Phụ nữ quận Bắc Từ Liêm"
    assert "Quận ủy Bắc Từ Liêm" in orgs and "UBND quận Bắc Từ Liêm" in orgs
    locs = {(l.name, l.level) for l in seed.locations}
    assert ("Bắc Từ Liêm", "quận") in locs  # abolished in 2025, still recognised
    assert ("Xuân Tảo", "phường") in locs and ("Nghệ An", "tỉnh") in locs
    # related teasers (after "Tin cùng chuyên mục") are never read
    assert not any(l.name == "Đồng Nai" for l in seed.locations)
    assert not any("Danh Sơn" in p.name for p in seed.people)


def test_seed_ids_in_order_of_first_mention(seed):
    for field, prefix in (("people", "p"), ("organizations", "o"), ("locations", "l")):
        items = getattr(seed, field)
        assert [e.id for e in items] == [f"{prefix}{i}" for i in range(1, len(items) + 1)]
        firsts = [min(m.start for m in e.mentions) for e in items]
        assert firsts == sorted(firsts)


# ---------------------------------------------------------------------------- behaviours
def test_short_mentions_merge_with_same_gender():
    text = ("Bà Đỗ Thị Kim Chi phát biểu. Theo bà Kim Chi, năm nay Hội làm tốt. "
            "Bà Chi cho biết thêm. Ông Lê Văn Chi cũng dự.")
    rec = extract(text, title="")
    chi = next(p for p in rec.people if p.name == "Đỗ Thị Kim Chi")
    assert [m.text for m in chi.mentions] == ["Đỗ Thị Kim Chi", "Kim Chi", "Chi"]
    assert any(p.name == "Lê Văn Chi" and p.gender == "male" for p in rec.people)
    assert len(rec.people) == 2


def test_all_caps_caption_merges_and_is_title_cased():
    rec = extract("Bà ĐỖ THỊ KIM CHI trao quà. Sau đó bà Đỗ Thị Kim Chi phát biểu.", title="")
    assert [(p.name, len(p.mentions)) for p in rec.people] == [("Đỗ Thị Kim Chi", 2)]


def test_apostrophes_give_one_person():
    a = extract("Chị H’Lim Mlô nhận quà.", title="")
    b = extract("Chị H'Lim Mlô nhận quà.", title="")
    assert [p.name for p in a.people] == [p.name for p in b.people] == ["H'Lim Mlô"]
    assert a.people[0].mentions[0].text == "H’Lim Mlô"  # the span keeps the text as written


def test_bac_is_alias_only_when_hcm_is_named():
    rec = extract("Phụ nữ làm theo lời Bác. Kỷ niệm ngày Chủ tịch Hồ Chí Minh ra lời kêu gọi thi đua.", title="")
    assert [p.name for p in rec.people] == ["Hồ Chí Minh"]
    assert rec.roles == []  # an epithet of a historical figure is not a role held now
    assert extract("Phụ nữ làm theo lời Bác, báo công dâng Bác.", title="").people == []


def test_address_list_gives_separate_units_and_no_full_stop():
    rec = extract("Cơ sở đặt tại phường Dịch Vọng Hậu, quận Cầu Giấy, Hà Nội.", title="")
    assert [m.text for l in rec.locations for m in l.mentions] == ["phường Dịch Vọng Hậu", "quận Cầu Giấy", "Hà Nội"]
    rec = extract("Bà được điều về Sở Y tế TP.HCM. Bà nhận nhiệm vụ.", title="")
    assert [m.text for l in rec.locations for m in l.mentions] == ["TP.HCM"]
    assert [p.name for p in rec.people] == [] or all(p.name != "Bà" for p in rec.people)


def test_street_named_after_person_is_not_a_person():
    rec = extract("Vụ cháy xảy ra trên đường Phạm Văn Đồng. Ông Phạm Văn Nam báo tin.", title="")
    assert [p.name for p in rec.people] == ["Phạm Văn Nam"]


def test_role_dedup_and_org_link():
    text = ("Bà Ngô Thu Trang, Chủ tịch Hội LHPN huyện Ba Vì, phát biểu. "
            "Chủ tịch Hội LHPN huyện Ba Vì Ngô Thu Trang trao quà. Hội LHPN huyện tổ chức lễ.")
    rec = extract(text, title="")
    assert [(r.person, r.title, r.organization) for r in rec.roles] == [
        ("Ngô Thu Trang", "Chủ tịch", "Hội LHPN huyện Ba Vì")]
    org = next(o for o in rec.organizations if o.id == rec.roles[0].organization_id)
    assert org.name == "Hội LHPN huyện Ba Vì" and len(org.mentions) == 3  # "Hội LHPN huyện" joins it


def test_expand_abbreviations():
    assert expand_abbreviations("Hội LHPN TP Hà Nội") == "Hội Liên hiệp Phụ nữ thành phố Hà Nội"
    assert expand_abbreviations("UBND TP.HCM") == "Ủy ban nhân dân Thành phố Hồ Chí Minh"
    assert expand_abbreviations("MTTQ quận") == "Mặt trận Tổ quốc quận"


def test_lexicon_contracts():
    lx = lexicons()
    assert len(lx.titles) >= 150
    assert not set(lx.titles) & set(lx.ranks)
    assert not set(lx.titles) & {tkey(a) for a in lx.academic}
    assert {"phó bí thư thường trực", "chánh án", "hiệu trưởng", "giám đốc"} <= set(lx.titles)
    # pre-2025 and post-2025 units are both in the gazetteer
    assert lx.gaz("bắc từ liêm", "quận") and lx.gaz("bình định", "tỉnh")
    assert lx.honorifics["bà"] == "female" and lx.honorifics["ông"] == "male"


def test_every_span_is_exact(seed):
    t = seed.article.text
    for _, sp in seed.iter_spans():
        assert t[sp.start:sp.end] == sp.text


@pytest.mark.parametrize("text", [
    "1." * 20000,
    "“" * 5000 + "Bà Lê Thị Hoa" + "”" * 3,
    "Ông " * 5000,
    "Hội LHPN " * 3000,
    "Chủ tịch " * 3000 + "Nguyễn Văn A",
    "TP." * 5000,
    "",
])
def test_pathological_inputs_do_not_break(text):
    rec = extract(text, title="")
    assert not [w for w in rec.warnings if "entities" in w or "roles" in w]
