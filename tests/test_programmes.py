"""Programme mentions, merging and figure links (recognizers/programmes.py).

Examples are written for this project in the style of Vietnamese activity reports; the seed
(tests/data/seed.txt) is ours.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from pntd_extract import extract
from pntd_extract.dimensions.programmes import find_mentions, link_figures, merge_mentions
from pntd_extract.schema import Money, Quantity, Span

SEED = Path(__file__).parent / "data" / "seed.txt"


def programmes_of(text: str):
    """[(name, kind, number, aliases)] of the merged entities of one text."""
    return [(e["name"], e["kind"], e["number"], e["aliases"]) for e, _ in merge_mentions(find_mentions(text))]


EXAMPLES = Path(__file__).parent.parent / "src" / "pntd_extract" / "dimensions" / "programmes" / "examples.tsv"


def _examples():
    pos, neg = [], []
    for line in EXAMPLES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, text, expected = (line.split("\t") + ["", ""])[:3]
        if kind == "neg":
            neg.append(text)
            continue
        exp = []
        for item in expected.split(" ;; "):
            name, pkind, number, aliases = item.split("|")
            exp.append((name, pkind, None if number == "-" else number, [a for a in aliases.split(",") if a]))
        pos.append((text, exp))
    return pos, neg


POSITIVE, NEGATIVE = _examples()


def test_example_table_is_substantial():
    assert len(POSITIVE) >= 20 and len(NEGATIVE) >= 12


@pytest.mark.parametrize("text,expected", POSITIVE, ids=[t[:40] for t, _ in POSITIVE])
def test_programme_examples(text, expected):
    assert programmes_of(text) == expected


@pytest.mark.parametrize("text", NEGATIVE, ids=[t[:40] for t in NEGATIVE])
def test_not_programmes(text):
    assert programmes_of(text) == []


def test_missing_closing_quote_stops_at_sentence():
    text = "Hội tổ chức cuộc thi ảnh “Sắc màu quê hương. Ngoài ra, Hội ra mắt 2 câu lạc bộ mới."
    ms = find_mentions(text)
    assert [m.name for m in ms] == ["Sắc màu quê hương"]
    assert "Ngoài ra" not in text[ms[0].start:ms[0].end]


def test_unclosed_quote_too_long_is_dropped():
    text = "Hội thi “" + " ".join(["tuyên truyền"] * 20) + " rất sôi nổi"
    assert find_mentions(text) == []


def test_named_and_numbered_mentions_merge():
    text = ("Thực hiện Đề án “Hỗ trợ phụ nữ khởi nghiệp” (Đề án 939), Hội đã tập huấn 120 hội viên. "
            "Qua Đề án 939, 40 phụ nữ đã khởi sự kinh doanh.")
    assert programmes_of(text) == [("Hỗ trợ phụ nữ khởi nghiệp", "đề án", "939", ["Đề án 939"])]


def test_quoted_and_unquoted_mentions_merge():
    text = ("Hội ra mắt Mô hình điểm Khu dân cư an toàn kiểu mẫu tại tổ 5. "
            "Mô hình “Khu dân cư kiểu mẫu” ở tổ 5 được đánh giá cao; mô hình “Khu dân cư kiểu mẫu” sẽ nhân rộng.")
    assert programmes_of(text) == [("Khu dân cư an toàn kiểu mẫu", "mô hình điểm", None, ["Khu dân cư kiểu mẫu"])]


def test_distinct_quoted_names_do_not_merge():
    text = "Hội duy trì mô hình “Tổ phụ nữ tiết kiệm” và mô hình “Tổ phụ nữ tiết kiệm xanh”."
    assert [p[0] for p in programmes_of(text)] == ["Tổ phụ nữ tiết kiệm", "Tổ phụ nữ tiết kiệm xanh"]


def test_unbalanced_quotes_and_repetitions_are_linear():
    # thousands of unbalanced quotes and kind words: must finish and find nothing odd
    text = "mô hình “a " * 3000 + "1. " * 20000
    ms = find_mentions(text)
    assert all(len(m.name) < 300 for m in ms)


# ---------------------------------------------------------------------------------------
# the seed

SEED_PROGRAMMES = [
    ("Phụ nữ Bắc Từ Liêm thi đua làm theo lời Bác", "phong trào"),
    ("Đồng hành cùng phụ nữ biên cương", "chương trình"),
    ("Phụ nữ Bắc Từ Liêm tài năng, ứng xử đẹp", "hội thi"),
    ("Chủ tịch cơ sở giỏi", "hội thi"),
    ("Tìm hiểu Điều lệ Hội LHPN khóa XIII", "cuộc thi"),
    ("Tìm kiếm sáng kiến tuần hoàn rác thải nhựa", "cuộc thi"),
    ("Phụ nữ Bắc Từ Liêm chung tay phòng chống rác thải nhựa", "cuộc thi"),
    ("Di tích lịch sử kiểu mẫu", "mô hình điểm"),
    ("Chợ Văn minh - An toàn - Hiệu quả", "mô hình điểm"),
    ("hũ gạo tình thương", "mô hình"),
    ("Nuôi lợn nhựa tiết kiệm vì phụ nữ nghèo", "mô hình"),
    ("Tuyên truyền, giáo dục, vận động hỗ trợ phụ nữ tham gia giải quyết một số vấn đề xã hội liên quan đến phụ nữ", "đề án"),
    ("Đề án 939", "đề án"),
    ("Sạch đồng ruộng", "mô hình"),
    ("Vòng đời mới của rác thải nhựa", "mô hình"),
    ("Ngôi nhà xanh - cộng đồng nhân ái", "mô hình điểm"),
    ("Thùng rác thân thiện", "mô hình"),
    ("Tuyến phố, đoạn đường nở hoa, bích họa", "mô hình"),
    ("Tổ dân phố kiểu mẫu", "mô hình điểm"),
]


@pytest.fixture(scope="module")
def seed_record():
    return extract(SEED.read_text(encoding="utf-8"))


def test_seed_programmes_found_with_exact_names(seed_record):
    names = {}
    for p in seed_record.programmes:
        for n in [p.name, *p.aliases]:
            names[n] = p
    for name, kind in SEED_PROGRAMMES:
        assert name in names, name
        assert names[name].kind == kind, name
    de_an = names["Đề án 939"]
    assert de_an.number == "939"
    assert names["Tuyên truyền, giáo dục, vận động hỗ trợ phụ nữ tham gia giải quyết một số vấn đề xã hội liên quan đến phụ nữ"].number == "938"


def test_seed_no_speech_theme_or_standard(seed_record):
    all_names = " | ".join(n for p in seed_record.programmes for n in [p.name, *p.aliases])
    for bad in ("Kỷ cương", "Trung hậu", "an toàn thực phẩm", "Phòng, chống xâm hại", "Để thực hiện tốt",
                "Chuẩn bị đón Tết", "Đây là những việc làm", "Phụ nữ Bắc Từ Liêm đoàn kết"):
        assert bad not in all_names, bad
    for p in seed_record.programmes:
        assert "”" not in p.name and "“" not in p.name
        assert not p.name.endswith(".")


def test_seed_one_entity_per_programme(seed_record):
    folded = [n.casefold() for p in seed_record.programmes for n in [p.name, *p.aliases]]
    assert len(folded) == len(set(folded))
    dtls = [p for p in seed_record.programmes if p.name == "Di tích lịch sử kiểu mẫu"]
    assert len(dtls) == 1 and len(dtls[0].mentions) == 2


def test_seed_mention_spans_are_exact(seed_record):
    text = seed_record.article.text
    for p in seed_record.programmes:
        for m in p.mentions:
            assert text[m.start:m.end] == m.text
            assert m.sentence is not None


def test_seed_figures_linked_to_programmes(seed_record):
    by_id = {p.id: p.name for p in seed_record.programmes}
    linked = {f.text: by_id[f.programme_id] for f in seed_record.quantities + seed_record.money if f.programme_id}
    assert linked.get("21.599 kg") == "hũ gạo tình thương"
    assert linked.get("92.368.000 đồng") == "Nuôi lợn nhựa tiết kiệm vì phụ nữ nghèo"
    assert linked.get("50 triệu đồng") == "Đồng hành cùng phụ nữ biên cương"
    # amounts stated without a programme stay unlinked
    assert "263,3 tỷ đồng" not in linked
    assert "73.640.000 đồng" not in linked


# ---------------------------------------------------------------------------------------
# figure links with hand-made figures

def _qty(text: str, surface: str, value, counted=None, nth: int = 0) -> Quantity:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Quantity(value=value, counted=counted, text=surface,
                    span=Span(start=start, end=start + len(surface), text=surface, sentence=0))


def _link(text: str, figures):
    mentions = [(m, f"pr{i}") for i, m in enumerate(find_mentions(text), 1)]
    link_figures(text, (0, len(text)), mentions, figures)
    return [f.programme_id for f in figures]


def test_link_after_colon():
    text = "Mô hình “Hũ gạo nghĩa tình”: thu được 1.200 kg gạo tặng 150 hộ, duy trì 20 chi hội."
    figs = [_qty(text, "1.200 kg", 1200), _qty(text, "150 hộ", 150, "hộ"), _qty(text, "20 chi hội", 20, "chi hội")]
    assert _link(text, figs) == ["pr1", "pr1", None]


def test_link_with_cue_before_programme():
    text = "Hội ủng hộ 30 triệu đồng hưởng ứng Chương trình “Mái ấm cho em”; tặng 40 suất quà."
    m = Money(amount=30000000, currency="VND", text="30 triệu đồng",
              span=Span(start=text.index("30 triệu"), end=text.index("30 triệu") + 13, text="30 triệu đồng", sentence=0))
    q = _qty(text, "40 suất quà", 40, "suất quà")
    assert _link(text, [m, q]) == ["pr1", None]


def test_link_sentence_scope():
    text = "Thực hiện Đề án 06 của Chính phủ, phường đã thu nhận 3.215 hồ sơ."
    assert _link(text, [_qty(text, "3.215 hồ sơ", 3215, "hồ sơ")]) == ["pr1"]


def test_counts_of_programmes_are_not_linked():
    text = "Quận Hội tổ chức 02 cuộc thi “Sáng kiến xanh” và “Nhựa tái sinh” đợt 2."
    assert _link(text, [_qty(text, "02", 2)]) == [None]


def test_figures_inside_programme_names_dropped():
    rec = extract("Tiêu đề\n\nThực hiện Đề án 938, Hội đã tập huấn 120 hội viên.")
    assert [q.value for q in rec.quantities if q.value == 938] == []


# ---------------------------------------------------------------------------------------
# robustness: arbitrary text never raises and mentions stay inside the text

from hypothesis import given, settings, strategies as st  # noqa: E402

_ALPHABET = st.sampled_from(list("“”\"‘’«»()., ;:-/0123456789aAđĐmôhìnhĐềáncuộcthi") +
                            ["mô hình ", "Đề án ", "cuộc thi ", "Hội thi ", " và ", "số ", "“", "”", ". "])


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_find_mentions_never_raises(text):
    for m in find_mentions(text):
        assert 0 <= m.start <= m.end <= len(text)
        assert m.name is None or (m.name and m.name == m.name.strip())
        assert m.name is None or text[m.name_start:m.name_end] == m.name
    merge_mentions(find_mentions(text))
