"""Facts the warm build works out once, and what each shortcut must never change (issue 21).

A shortcut that saves work may not change what is printed: each test here
holds a shortcut to the slow way it replaces.
"""

from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

import pytest

from content_model import related
from images import markup as image_markup
from patient_privacy import markup


def test_sanitised_cleans_html_it_has_not_seen_even_after_the_same_text_was_clean():
    clean = "<p>Rest and fluids.</p>"
    assert markup.sanitised(clean) == clean
    dirty = "<p>Rest and fluids.</p><script>track()</script>"
    assert "<script" not in markup.sanitised(dirty)
    assert "<script" not in markup.sanitised(dirty)


@pytest.mark.parametrize("address", [
    "#fn:1", " #top", "https://example.org/a.jpg", "http://example.org/", "mailto:a@example.org",
    "tel:5550104477", "https://clinic.example", "https://clinic.example.evil/x.jpg",
])
def test_a_link_taken_for_another_sites_resolves_to_no_file(address):
    assert image_markup.elsewhere(address, "https://clinic.example")
    assert image_markup.resolve(address, "stories", "stories/a/", "https://clinic.example") is None


@pytest.mark.parametrize("address", [
    "https://clinic.example/images/a.jpg", "{static}/images/a.jpg", "/images/a.jpg", "../images/a.jpg", "a.jpg",
])
def test_a_link_that_may_name_a_file_here_is_resolved(address):
    assert not image_markup.elsewhere(address, "https://clinic.example")
    assert image_markup.resolve(address, "stories", "stories/a/", "https://clinic.example") is not None


@dataclass(frozen=True)
class _Category:
    slug: str


@dataclass(eq=False)
class _Article:
    """Pelican's articles hash by identity, as this does."""

    slug: str
    date: datetime
    category: _Category
    tags: list


def _article(slug, category, day, tags):
    return _Article(slug, datetime(2026, 1, day), _Category(category), [SimpleNamespace(slug=tag) for tag in tags])


def test_related_ranks_most_shared_tags_then_same_category_then_newest_with_ties_in_reading_order():
    me = _article("me", "myths", 1, ["flu", "cold", "kids"])
    two_tags_old = _article("a", "news", 2, ["flu", "cold"])
    one_tag_same_category = _article("b", "myths", 3, ["flu"])
    one_tag_newer = _article("c", "news", 9, ["kids"])
    one_tag_older = _article("d", "news", 4, ["cold"])
    # The same date and slug in another category: the one read first comes first.
    twin_first = _article("t", "news", 5, ["kids"])
    twin_second = _article("t", "stories", 5, ["kids"])
    published = [me, two_tags_old, one_tag_same_category, one_tag_newer, one_tag_older, twin_first, twin_second]
    tags_of, by_tag, by_category = related._indexes(published)
    category_of = {id(a): a.category.slug for a in published}
    ranked = related.related(me, tags_of[id(me)], by_tag, by_category, 6, category_of, related._order(published))
    assert ranked == [two_tags_old, one_tag_same_category, one_tag_newer, twin_first, twin_second, one_tag_older]


def test_a_summary_shows_as_the_same_text_on_its_page_its_head_its_data_and_its_listing(tmp_path):
    import json
    import re

    from bs4 import BeautifulSoup

    import sitebuild

    site = sitebuild.make_site(tmp_path / "site")
    path = site / "content" / "myths" / "cold-weather.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Summary: Colds come from viruses, not from the cold itself.",
        "Summary: Colds come from *viruses* &amp; not from the   cold itself."), encoding="utf-8")
    built = sitebuild.build(site)
    assert built.returncode == 0, built.stderr
    expected = "Colds come from viruses & not from the cold itself."
    page = BeautifulSoup(built.page("myths/cold-weather-gives-you-a-cold/index.html"), "html.parser")
    assert page.find("meta", attrs={"name": "description"})["content"] == expected
    assert page.find("meta", attrs={"property": "og:description"})["content"] == expected
    assert page.find("p", class_="standfirst").get_text() == expected
    data = [json.loads(script.string) for script in page.find_all("script", type="application/ld+json")]
    assert data[0]["description"] == expected
    listing = BeautifulSoup(built.page("myths/index.html"), "html.parser")
    cards = [card for card in listing.find_all("li", class_="card")
             if card.find("a", href=re.compile("cold-weather-gives-you-a-cold"))]
    assert [card.find("p", class_="card-summary").get_text() for card in cards] == [expected]
