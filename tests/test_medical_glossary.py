"""The medical glossary and the callouts: what readers and screen readers get."""

import yaml
from bs4 import BeautifulSoup

import sitebuild

ARTICLE = "content/myths/blood-pressure.md"
PAGE = "myths/home-blood-pressure-readings-help-your-care/index.html"
TEXT = """Title: Home blood pressure readings are useless
Date: 2026-05-01 09:00
Category: Myths
Slug: home-blood-pressure-readings-help-your-care
Authors: Ana Ruiz
Summary: Home BP readings help your clinician choose the right treatment.
Reviewed_by: Ben Cole
Reviewed_on: 2026-04-28
Fact: Home blood pressure readings help your care
Claim: Home blood pressure readings are useless
Verdict: False

Your BP at home is often lower than at the clinic. An NSAID can raise it.
Measure it at the same time each day, and write your ER visits down.

!!! warning "When to see a doctor"
    Call us if your BP stays above 180/120.

!!! danger "Emergency"
    Call 911 for chest pain or trouble speaking.

## Sources

- [AHA: Monitoring your BP at home](https://www.heart.org/en/health-topics/high-blood-pressure)

*[ER]: emergency room, in this article
"""
GLOSSARY = """BP: blood pressure
NSAID: non-steroidal anti-inflammatory drug
ER: emergency department
AHA: American Heart Association
"""


def build_with(tmp_path, glossary=GLOSSARY):
    site = sitebuild.make_site(tmp_path)
    sitebuild.write(site, ARTICLE.removeprefix("content/"), TEXT)
    if glossary is not None:
        sitebuild.write(site, "glossary.yml", glossary)
    return site, sitebuild.build(site)


def abbreviations(build):
    page = BeautifulSoup(build.page(PAGE), "html.parser")
    return {(abbr.get_text(), abbr["title"]) for abbr in page.find_all("abbr")}


def test_glossary_abbreviations_explain_themselves(tmp_path):
    _, build = build_with(tmp_path)
    assert build.returncode == 0, build.stderr
    assert build.problem_lines() == []
    found = abbreviations(build)
    assert ("BP", "blood pressure") in found
    assert ("NSAID", "non-steroidal anti-inflammatory drug") in found
    assert ("AHA", "American Heart Association") in found
    # The article's own definition wins over the glossary.
    assert ("ER", "emergency room, in this article") in found
    assert ("ER", "emergency department") not in found


def test_callouts_render_with_their_classes(tmp_path):
    _, build = build_with(tmp_path)
    page = BeautifulSoup(build.page(PAGE), "html.parser")
    warning = page.select_one("div.admonition.warning")
    assert warning.select_one("p.admonition-title").get_text() == "When to see a doctor"
    assert "180/120" in warning.get_text()
    danger = page.select_one("div.admonition.danger")
    assert danger.select_one("p.admonition-title").get_text() == "Emergency"
    assert "Call 911" in danger.get_text()


def test_no_glossary_file_means_no_shared_abbreviations(tmp_path):
    _, build = build_with(tmp_path, glossary=None)
    assert build.returncode == 0
    assert build.problem_lines() == []
    assert abbreviations(build) == {("ER", "emergency room, in this article")}


def test_a_glossary_change_reaches_cached_articles(tmp_path):
    # pelicanconf.py caches each article's HTML until its own file changes.
    site, first = build_with(tmp_path)
    assert ("BP", "blood pressure") in abbreviations(first)
    sitebuild.write(site, "glossary.yml", GLOSSARY.replace("BP: blood pressure", "BP: blood pressure (the top and bottom numbers)"))
    second = sitebuild.build(site)
    assert ("BP", "blood pressure (the top and bottom numbers)") in abbreviations(second)
    assert ("BP", "blood pressure") not in abbreviations(second)


def test_glossary_mistakes_are_reported_at_their_line(tmp_path):
    glossary = "BP: blood pressure\nRSV:\nBP: beats per minute\nNSAID: non-steroidal anti-inflammatory drug\n"
    _, build = build_with(tmp_path, glossary=glossary)
    assert build.problem_lines() == [
        'content/glossary.yml:2: glossary: "RSV" has no meaning written after it — write it as "RSV: what it stands for"',
        'content/glossary.yml:3: glossary: "BP" is already listed on line 1 — keep one of the two entries',
    ]
    assert ("BP", "blood pressure") in abbreviations(build)
    assert ("NSAID", "non-steroidal anti-inflammatory drug") in abbreviations(build)


def test_an_unreadable_glossary_is_an_error_that_stops_a_publish(tmp_path):
    site = sitebuild.make_site(tmp_path)
    sitebuild.write(site, "glossary.yml", "BP: blood pressure\n  RSV: [respiratory\n")
    build = sitebuild.build(site, settings="publishconf.py")
    assert build.returncode != 0
    assert any(line.startswith("content/glossary.yml:") and "glossary: the file cannot be read" in line
               for line in build.problem_lines())


def test_the_clinic_glossary_has_the_common_abbreviations(sample_build):
    glossary = yaml.safe_load((sitebuild.ROOT / "content" / "glossary.yml").read_text(encoding="utf-8"))
    for abbreviation in ("BP", "HbA1c", "A1C", "RSV", "MMR", "NSAID", "COPD"):
        assert glossary.get(abbreviation), abbreviation
    page = BeautifulSoup(sample_build.page("news/rsv-protection-older-adults-and-babies/index.html"), "html.parser")
    assert page.find("abbr", string="RSV")["title"] == "respiratory syncytial virus"
    assert not [line for line in sample_build.problem_lines() if "glossary" in line]
