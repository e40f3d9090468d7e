"""spaCy components: registered factories, ``doc.spans`` keys, span text == fact text."""
from __future__ import annotations

import unicodedata
from importlib.metadata import entry_points

import pytest
import spacy
from spacy.tokens import DocBin

import pntd_extract.spacy_components as sc
from pntd_extract import extract
from view_examples import ARTICLE, make_record

FIELD_OF = {k: f for k, (f, _) in sc.DIMENSIONS.items()}
EXPECTED_LABEL = {"pntd_money": "MONEY", "pntd_people": "PER", "pntd_organizations": "ORG", "pntd_locations": "LOC",
                  "pntd_percentages": "PERCENT", "pntd_quantities": "QUANTITY", "pntd_dates": "DATE",
                  "pntd_roles": "ROLE", "pntd_programmes": "PROGRAMME"}


def blank():
    # spacy.blank("xx") like pntd_extract.segment.blank_nlp(), but a fresh pipeline: the
    # cached blank_nlp() is shared by the extractor and must not get components added
    return spacy.blank("xx")


def _facts(rec: dict, field: str) -> list[str]:
    out = []
    for item in rec[field]:
        if "mentions" in item:
            out += [m["text"] for m in item["mentions"]]
        else:
            out.append(item["span"]["text"])
    return sorted(out)


@pytest.fixture
def fake_extract(monkeypatch):
    """Extraction replaced by the hand-built record of ARTICLE (every kind of fact)."""
    calls = []

    def run(text, published, only):
        calls.append((published, only))
        assert text == ARTICLE
        return make_record().model_dump(mode="json")

    monkeypatch.setattr(sc, "_run_extract", run)
    return calls


def test_pntd_facts_fills_every_span_key(fake_extract):
    nlp = blank()
    nlp.add_pipe("pntd_facts", config={"published": "2024-03-13"})
    doc = nlp(ARTICLE)
    rec = doc.user_data["pntd_record"]
    assert rec["article"]["title"].startswith("Hội LHPN huyện Gia Lâm")
    assert fake_extract == [("2024-03-13", None)]
    for key, label in EXPECTED_LABEL.items():
        spans = doc.spans[key]
        assert len(spans) > 0, key
        assert sorted(s.text for s in spans) == _facts(rec, FIELD_OF[key])
        for s in spans:
            assert s.label_ == label
            assert s.text == s._.pntd["text"]
    money = {s.text: s._.pntd for s in doc.spans["pntd_money"]}
    assert money["60.000.000 đồng"]["amount"] == 60000000 and money["60.000.000 đồng"]["currency"] == "VND"
    assert {s.kb_id_ for s in doc.spans["pntd_people"]} == {"p1"}
    assert {s.kb_id_ for s in doc.spans["pntd_locations"]} == {"l1", "l2"}
    assert doc.spans["pntd_roles"][0]._.pntd["title"] == "Chủ tịch"


def test_per_dimension_component_sets_only_its_key(fake_extract):
    nlp = blank()
    nlp.add_pipe("pntd_percentages")
    doc = nlp(ARTICLE)
    assert list(doc.spans) == ["pntd_percentages"]
    assert [s.text for s in doc.spans["pntd_percentages"]] == ["105%"]


def test_components_share_one_extraction(monkeypatch):
    calls = []
    real = sc._run_extract

    def counting(text, published, only):
        calls.append(only)
        return real(text, published, only)

    monkeypatch.setattr(sc, "_run_extract", counting)
    nlp = blank()
    nlp.add_pipe("pntd_programmes")
    nlp.add_pipe("pntd_money")  # needs fewer recognizers: reuses the record
    doc = nlp("Tiêu đề\n\nMô hình “Hũ gạo tình thương” thu 15 triệu đồng.")
    assert len(calls) == 1
    assert set(doc.spans) == {"pntd_programmes", "pntd_money"}


def test_offsets_map_back_through_normalisation(monkeypatch):
    """Raw text with NBSP, a decomposed name and a zero-width space before the facts:
    the spans must land on the raw characters of the facts."""
    raw = "Tiêu đề\n\nÔng " + unicodedata.normalize("NFD", "Hồ Văn Tư") + "\u200b trao\u00a015 triệu đồng cho xã Tân Hòa."

    def run(text, published, only):
        base = extract(text, only=set()).model_dump(mode="json")
        t = base["article"]["text"]
        i = t.index("15 triệu đồng")
        j = t.index("xã Tân Hòa")
        base["money"] = [{"amount": 15000000, "currency": "VND", "text": "15 triệu đồng",
                          "span": {"start": i, "end": i + 13, "text": "15 triệu đồng"}}]
        base["locations"] = [{"id": "l1", "name": "Tân Hòa", "level": "xã",
                              "mentions": [{"start": j, "end": j + 10, "text": "xã Tân Hòa"}]}]
        return base

    monkeypatch.setattr(sc, "_run_extract", run)
    nlp = blank()
    nlp.add_pipe("pntd_facts")
    doc = nlp(raw)
    assert doc.user_data["pntd_record"]["article"]["offset_map"]  # normalisation did change lengths
    assert [s.text for s in doc.spans["pntd_money"]] == ["15 triệu đồng"]
    assert [s.text for s in doc.spans["pntd_locations"]] == ["xã Tân Hòa"]


def test_real_extraction_spans_equal_facts():
    nlp = blank()
    nlp.add_pipe("pntd_facts", config={"published": "2024-03-13"})
    text = ("Hội LHPN quận Cầu Giấy trao 50 suất quà\n\n(PNTĐ) - Ngày 12/3, bà Lê Thị Mai, Chủ tịch Hội LHPN quận "
            "Cầu Giấy trao 50 suất quà trị giá 25 triệu đồng, đạt 110% kế hoạch năm 2024 của Chương trình “Mái ấm "
            "tình thương”.")
    doc = nlp(text)
    rec = doc.user_data["pntd_record"]
    assert rec["article"]["text"] == text
    n = 0
    for key in sc.SPAN_KEYS:
        texts = sorted(s._.pntd["text"] for s in doc.spans[key])
        assert texts == _facts(rec, FIELD_OF[key])
        for s in doc.spans[key]:
            assert s.text == s._.pntd["text"]  # the blank tokenizer splits at every fact boundary here
            n += 1
    assert n == sum(len(_facts(rec, FIELD_OF[k])) for k in sc.SPAN_KEYS) and n > 0


def test_set_ents_and_serialisation(fake_extract):
    nlp = blank()
    nlp.add_pipe("pntd_facts", config={"set_ents": True})
    doc = nlp(ARTICLE)
    assert {e.label_ for e in doc.ents} >= {"MONEY", "PER", "PERCENT"}
    starts = [(e.start, e.end) for e in doc.ents]
    assert all(a[1] <= b[0] for a, b in zip(starts, starts[1:]))  # no overlaps
    db = DocBin(store_user_data=True)
    db.add(doc)
    back = list(DocBin().from_bytes(db.to_bytes()).get_docs(nlp.vocab))[0]
    assert [s.text for s in back.spans["pntd_money"]] == [s.text for s in doc.spans["pntd_money"]]
    assert back.user_data["pntd_record"]["article"]["id"] == doc.user_data["pntd_record"]["article"]["id"]


def test_config_is_documented_and_validated():
    nlp = blank()
    nlp.add_pipe("pntd_dates", config={"published": "2024-01-10"})
    assert nlp.config["components"]["pntd_dates"] == {"factory": "pntd_dates", "published": "2024-01-10", "set_ents": False}
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        blank().add_pipe("pntd_money", config={"published": "10/1/2024"})
    for name in (*sc.SPAN_KEYS, "pntd_facts"):
        meta = spacy.language.Language.get_factory_meta(name)
        assert meta.default_config == {"published": None, "set_ents": False}


@pytest.mark.parametrize("text", ["", "   \n\n", "1." * 2000, "“" * 500 + "Đề án"])
def test_odd_documents_do_not_raise(text):
    nlp = blank()
    nlp.add_pipe("pntd_facts")
    doc = nlp(text)
    assert doc.text == text and "pntd_record" in doc.user_data
    for key in sc.SPAN_KEYS:
        assert all(s.text == s._.pntd["text"] for s in doc.spans[key])


def test_entry_points_register_every_factory():
    eps = {e.name: e for e in entry_points(group="spacy_factories")}
    names = {*sc.SPAN_KEYS, "pntd_facts"}
    if not names & set(eps):
        pytest.fail("spacy_factories entry points missing: reinstall the package (pip install -e .)")
    assert names <= set(eps)
    for name in names:
        assert callable(eps[name].load())
