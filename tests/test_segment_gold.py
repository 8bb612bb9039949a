"""Regression floors on the shared gold sets (figures and method in bench/segmentation.py)."""

import pytest

from pipeline.stages.segment import SentenceSplitter
from pipeline.testing.segment_eval import boundary_f1, exact_cases, load_cases, product_splitter

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def split():
    return product_splitter(SentenceSplitter().spans)


@pytest.mark.parametrize(
    "name, floor",
    [("golden_rules_en", 50), ("pragmatic_segmenter_en_extra", 95)],
)
def test_exact_case_floor(shared, split, name, floor):
    results = exact_cases(split, load_cases(shared / "data" / "segmentation" / f"{name}.jsonl"))
    failed = [r.id for r in results if not r.passed]
    assert len(results) - len(failed) >= floor, failed


def test_gum_news_boundary_f1_floor(shared, split):
    score = boundary_f1(split, load_cases(shared / "data" / "segmentation" / "gum_news_paragraphs_en.jsonl"))
    assert score.f1 >= 0.98 and score.precision >= 0.985
