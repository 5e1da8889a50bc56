"""SHACL validation of the store or of one report."""

import pytest

import unkg
from unkg.graph.store import StoreError


def test_one_report_conforms(example_store):
    slug = example_store.report_slugs()[0]
    assert [v for v in unkg.validate(example_store, report=slug) if v.severity == "Violation"] == []


def test_a_report_the_store_lacks_is_an_error_not_a_pass(example_store):
    with pytest.raises(StoreError, match="no report 'S-2023-1000' in the store"):
        unkg.validate(example_store, report="S-2023-1000")  # the id lacks its language
