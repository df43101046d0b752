"""How well the identifier scan does on a labelled set of sentences.

Each line of the set (tests/fixtures/privacy_eval.tsv) is a kind of
identifier, or `none`, a tab and a sentence. Every sentence is scanned as the
body of one story of the sample site (its clinic, its clinicians, published
on 2026-03-02), exactly as a build scans it. A sentence labelled with a kind
is found when the scan reports an identifier of that kind; a `none` sentence
is a false alarm when the scan reports anything at all.

    .venv/bin/python scripts/privacy_eval.py [--show-misses]

prints recall for each kind and the false-alarm rate; tests/test_privacy_eval.py
holds them to their thresholds.
"""

import argparse
import html
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from patient_privacy import scan  # noqa: E402  (the plugins folder is put on the path above)

EVAL_SET = ROOT / "tests" / "fixtures" / "privacy_eval.tsv"
NONE = "none"
PUBLISHED = (2026, 3, 2)
REVIEWED = (2026, 3, 1)
# The sample site's clinic and clinicians (pelicanconf.py, tests/fixtures/site/content/clinicians.yml).
CONF = {
    "SITENAME": "Elm Creek Health Notes",
    "CLINIC": {
        "name": "Elm Creek Family Clinic", "street": "1200 Elm Creek Parkway", "city": "Springfield",
        "region": "IL", "postal_code": "62704", "telephone": "(555) 010-4477",
        "email": "hello@elmcreekclinic.example",
    },
    "PRIVACY_PUBLIC_PROFILES": ("https://twitter.com/ElmCreekClinic", "@ElmCreekClinic"),
}


@dataclass(frozen=True)
class _Clinician:
    name: str


CLINICIANS = (_Clinician("Ana Ruiz"), _Clinician("Ben Cole"))


@dataclass
class Figures:
    """Recall per kind, the false-alarm rate, and what was missed or wrongly found."""

    found: Counter
    total: Counter
    false_alarms: list
    negatives: int
    misses: list

    def recall(self, kind):
        """The share of sentences labelled `kind` in which the scan found that kind."""
        return self.found[kind] / self.total[kind]

    @property
    def false_alarm_rate(self):
        """The share of `none` sentences in which the scan found anything."""
        return len(self.false_alarms) / self.negatives


def read_set(path=EVAL_SET):
    """The labelled sentences, as (kind, sentence)."""
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, _, sentence = line.partition("\t")
            rows.append((kind, sentence))
    return rows


def kinds_found(sentence, allowed):
    """The kinds of identifier the scan reports in `sentence`, read as a story's body."""
    texts = {
        "title": "", "summary": None, "body": f"<p>{html.escape(sentence, quote=False)}</p>",
        "days": [PUBLISHED, REVIEWED], "published": PUBLISHED,
        "tags": [], "slug": "", "question": "", "typical_results": "", "updates": [], "file": "", "media": [],
    }
    return {finding.kind for finding in scan.found_in(texts, allowed)}


def evaluate(path=EVAL_SET):
    """Scan every sentence of the set and count."""
    allowed = scan.Allowed(CONF, CLINICIANS)
    found, total, false_alarms, misses, negatives = Counter(), Counter(), [], [], 0
    for kind, sentence in read_set(path):
        kinds = kinds_found(sentence, allowed)
        if kind == NONE:
            negatives += 1
            if kinds:
                false_alarms.append((sorted(kinds), sentence))
            continue
        total[kind] += 1
        if kind in kinds:
            found[kind] += 1
        else:
            misses.append((kind, sorted(kinds), sentence))
    return Figures(found, total, false_alarms, negatives, misses)


def main():
    """Print the figures (and, asked, each miss and false alarm)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true", help="list every miss and false alarm")
    options = parser.parse_args()
    figures = evaluate()
    print(f"{'kind':<24} {'found':>5} {'of':>4} {'recall':>7}")
    for kind in sorted(figures.total):
        print(f"{kind:<24} {figures.found[kind]:>5} {figures.total[kind]:>4} {figures.recall(kind):>7.1%}")
    print(f"false alarms: {len(figures.false_alarms)} of {figures.negatives} sentences "
          f"({figures.false_alarm_rate:.1%})")
    if options.show_misses:
        for kind, kinds, sentence in figures.misses:
            print(f"missed {kind} (found {kinds or 'nothing'}): {sentence}")
        for kinds, sentence in figures.false_alarms:
            print(f"false alarm {kinds}: {sentence}")


if __name__ == "__main__":
    main()
