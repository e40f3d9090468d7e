"""The one list of dimensions (pntd_extract.dimension) and the lists derived from it."""
from __future__ import annotations

import importlib

from pntd_extract import dimension as D
from pntd_extract import evaluate as E
from pntd_extract import schema as S
from pntd_extract import spacy_components as SC
from pntd_extract.io import tables as T
from pntd_extract.view import common as V


def test_record_fields_are_the_dimensions():
    extra = {"schema_version", "article", "warnings"}
    assert tuple(f for f in S.KBRecord.model_fields if f not in extra) == D.fields() == S.FACT_FIELDS


def test_each_dimension_names_its_model_package_and_evaluator():
    for d in D.DIMENSIONS:
        model = getattr(S, d.model)
        ann = S.KBRecord.model_fields[d.field].annotation
        assert ann == list[model], (d.field, ann)
        assert "rule" in model.model_fields, d.model  # every fact says why it exists
        importlib.import_module(f"pntd_extract.dimensions.{d.name}")
        assert E.PREDICATES[d.field].__name__ == d.evaluator


def test_derived_lists():
    assert set(E.FIELDS) == set(D.fields()) and len(E.FIELDS) == len(D.DIMENSIONS)
    assert E.ENTITY_FIELDS == ("people", "organizations", "locations")
    assert {f for f, _ in SC.DIMENSIONS.values()} == {d.field for d in D.DIMENSIONS if d.spacy}
    assert all(label == D.by_field()[f].label for f, label in SC.DIMENSIONS.values())
    assert set(T.TABLES) >= set(D.fields())
    assert {d.view_kind for d in D.DIMENSIONS} <= set(V.KINDS)
    for f, (etype, col) in T._ENTITIES.items():
        assert col in [c for c, _ in T.TABLES[f]], (f, col)
