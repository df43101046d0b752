"""The identifier scan, measured on a labelled set of patient-story sentences.

tests/fixtures/privacy_eval.tsv holds sentences that carry one identifier
each (names, numbers, dates, places, contact details, in the phrasings real
stories use) and sentences that carry none but look close (clinicians'
names, doses, readings, lab values, citations, the article's own dates, the
clinic's address). scripts/privacy_eval.py scans each as a build would.
"""

import sys
from collections import Counter

import pytest

import sitebuild

sys.path.insert(0, str(sitebuild.ROOT / "scripts"))

import privacy_eval  # noqa: E402  (scripts/ is put on the path above)

NAME_RECALL = 0.95
OTHER_RECALL = 0.98
FALSE_ALARMS = 0.03


@pytest.fixture(scope="module")
def figures():
    return privacy_eval.evaluate()


def test_the_set_is_large_enough_and_covers_every_kind():
    rows = privacy_eval.read_set()
    counts = Counter(kind for kind, _ in rows)
    assert counts.pop(privacy_eval.NONE) >= 300
    assert sum(counts.values()) >= 300
    assert set(counts) == {
        "name", "phone number", "fax number", "email address", "social security number", "record number",
        "full date", "street address", "ZIP code", "personal profile URL", "IP address", "age over 89",
        "licence plate", "device serial number",
    }


def test_names_are_found(figures):
    assert figures.recall("name") >= NAME_RECALL, [miss for miss in figures.misses if miss[0] == "name"]


@pytest.mark.parametrize("kind", sorted(set(kind for kind, _ in privacy_eval.read_set()) - {"none", "name"}))
def test_other_identifiers_are_found(figures, kind):
    assert figures.recall(kind) >= OTHER_RECALL, [miss for miss in figures.misses if miss[0] == kind]


def test_few_false_alarms(figures):
    assert figures.false_alarm_rate <= FALSE_ALARMS, figures.false_alarms
