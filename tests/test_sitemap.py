"""sitemap.xml, robots.txt and canonical links, checked on real builds."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree

import sitebuild

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
PREVIEW_ROOT = "http://localhost:8000"
PUBLISH_ROOT = "https://blog.elmcreekclinic.example"

MYTH = """Title: {title}
Slug: {slug}
Date: 2026-02-01 09:00
Category: Myths
Authors: Ana Ruiz
Summary: A myth for the sitemap tests.
Reviewed_by: Ben Cole
Reviewed_on: 2026-01-30
Fact: The truth about {title}
Claim: People say {title}
Verdict: False
{extra}
Not true. See [the CDC](https://www.cdc.gov/).
"""


def edit(site, relative, old, new):
    path = site / "content" / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def sitemap(build):
    """{loc: lastmod text or None}, from sitemap.xml parsed with lxml."""
    root = etree.parse(str(build.output / "sitemap.xml")).getroot()
    assert root.tag == f"{{{NS['sm']}}}urlset"
    entries = {}
    for url in root.findall("sm:url", NS):
        loc = url.findtext("sm:loc", namespaces=NS)
        assert loc not in entries, f"{loc} listed twice"
        entries[loc] = url.findtext("sm:lastmod", namespaces=NS)
    return entries


def html_files(build):
    return sorted(p.relative_to(build.output).as_posix() for p in build.output.rglob("*.html"))


def address(relative):
    """The URL path of an output file, as the site links to it."""
    if relative == "index.html":
        return ""
    return relative[: -len("index.html")] if relative.endswith("/index.html") else relative


def head(build, relative):
    return BeautifulSoup(build.page(relative), "html.parser").head


def says_noindex(build, relative):
    robots = head(build, relative).find("meta", attrs={"name": "robots"})
    return robots is not None and "noindex" in robots.get("content", "")


def indexable(build, root):
    """Every HTML page in output/ but the 404 page and pages marked noindex, as URLs."""
    return {
        f"{root}/{address(relative)}"
        for relative in html_files(build)
        if relative != "404.html" and not says_noindex(build, relative)
    }


def test_sitemap_lists_exactly_the_indexable_pages(sample_build):
    listed = sitemap(sample_build)
    assert set(listed) == indexable(sample_build, PREVIEW_ROOT)
    for expected in ("", "myths/", "myths/vaccines-do-not-cause-autism/", "tags/", "clinicians/daniel-reyes/", "about/"):
        assert f"{PREVIEW_ROOT}/{expected}" in listed
    assert f"{PREVIEW_ROOT}/search/" not in listed
    assert f"{PREVIEW_ROOT}/404.html" not in listed
    assert (sample_build.output / "404.html").exists() and (sample_build.output / "search/index.html").exists()


def test_lastmod_comes_from_modified_or_review(fixture_build):
    listed = sitemap(fixture_build)
    news = f"{PREVIEW_ROOT}/news/flu-vaccine-clinics-open-for-the-2026-season/"
    # The news item was modified on 20 September, after its review.
    assert listed[news] == "2026-09-20T10:00:00-05:00"
    # The story was never modified or reviewed after it was published.
    assert listed[f"{PREVIEW_ROOT}/patient-stories/walking-again-after-knee-surgery/"] == "2026-03-02T09:00:00-06:00"
    # Listings change with the newest article they show.
    assert listed[f"{PREVIEW_ROOT}/"] == "2026-09-20T10:00:00-05:00"
    assert listed[f"{PREVIEW_ROOT}/news/"] == "2026-09-20T10:00:00-05:00"
    assert listed[f"{PREVIEW_ROOT}/myths/"] == "2026-01-12T09:00:00-06:00"
    assert listed[f"{PREVIEW_ROOT}/clinicians/ben-cole/"] == "2026-09-20T10:00:00-05:00"
    assert listed[f"{PREVIEW_ROOT}/about/"] is None


@pytest.fixture(scope="module")
def varied_build(tmp_path_factory):
    """The fixture with a late review, a draft, a hidden page, a story kept off
    the web, a withdrawn myth, and a myth deleted after an earlier build."""
    site = sitebuild.make_site(tmp_path_factory.mktemp("sitemap-varied"))
    edit(site, "myths/cold-weather.md", "Reviewed_on: 2026-01-10", "Reviewed_on: 2026-03-05")
    sitebuild.write(site, "myths/draft.md",
                    MYTH.format(title="A draft myth", slug="a-draft-myth", extra="Status: draft"))
    sitebuild.write(site, "myths/broken.md", MYTH.format(title="A broken myth", slug="a-broken-myth", extra="").replace(
        "Reviewed_by: Ben Cole\n", ""))
    sitebuild.write(site, "pages/private.md", "Title: Staff notes\nSlug: staff-notes\nStatus: hidden\n\nFor staff.\n")
    sitebuild.write(site, "stories/off-web.md",
                    sitebuild.OFF_WEB_STORY.format(slug="a-story-kept-off-the-web", body="M. walked again."))
    old = sitebuild.write(site, "myths/old.md",
                          MYTH.format(title="A myth deleted later", slug="a-myth-deleted-later", extra=""))
    first = sitebuild.build(site)
    assert first.returncode == 0, first.stderr
    assert (first.output / "myths/a-myth-deleted-later/index.html").exists()
    old.unlink()
    result = sitebuild.build(site)
    assert result.returncode == 0, result.stderr
    return result


def test_a_later_review_moves_lastmod(varied_build):
    listed = sitemap(varied_build)
    assert listed[f"{PREVIEW_ROOT}/myths/cold-weather-gives-you-a-cold/"] == "2026-03-05T00:00:00-06:00"


def test_unpublished_pages_are_left_out(varied_build):
    listed = sitemap(varied_build)
    for slug in ("a-draft-myth", "a-broken-myth", "a-myth-deleted-later", "staff-notes", "a-story-kept-off-the-web"):
        assert not [loc for loc in listed if slug in loc], slug
    # A page left over from an earlier build is still on disk, but not listed.
    assert (varied_build.output / "myths/a-myth-deleted-later/index.html").exists()
    # Pelican writes drafts and hidden pages; they must tell robots to stay away.
    for relative in ("drafts/a-draft-myth.html", "staff-notes/index.html"):
        assert says_noindex(varied_build, relative), relative
    off_web = varied_build.output / "patient-stories/a-story-kept-off-the-web/index.html"
    assert not off_web.exists() or says_noindex(varied_build, off_web.relative_to(varied_build.output).as_posix())
    assert set(listed) == indexable(varied_build, PREVIEW_ROOT) - {f"{PREVIEW_ROOT}/myths/a-myth-deleted-later/"}


def test_robots_txt_points_to_the_sitemap(sample_build, fixture_publish_build):
    for build, root in ((sample_build, PREVIEW_ROOT), (fixture_publish_build, PUBLISH_ROOT)):
        lines = (build.output / "robots.txt").read_text(encoding="utf-8").splitlines()
        assert "User-agent: *" in lines
        assert f"Sitemap: {root}/sitemap.xml" in lines
        assert not [line for line in lines if line.startswith("Disallow: /")]


def canonical_links(build, relative):
    return [link["href"] for link in head(build, relative).find_all("link", rel="canonical")]


def test_every_page_has_one_canonical_link_to_itself(sample_build):
    files = html_files(sample_build)
    assert len(files) > 40
    for relative in files:
        assert canonical_links(sample_build, relative) == [f"/{address(relative)}"], relative


def test_publish_builds_use_absolute_addresses(fixture_publish_build):
    listed = sitemap(fixture_publish_build)
    assert listed and all(loc.startswith(f"{PUBLISH_ROOT}/") for loc in listed)
    assert set(listed) == indexable(fixture_publish_build, PUBLISH_ROOT)
    for relative in html_files(fixture_publish_build):
        [canonical] = canonical_links(fixture_publish_build, relative)
        assert canonical == f"{PUBLISH_ROOT}/{address(relative)}", relative
        if not says_noindex(fixture_publish_build, relative) and relative != "404.html":
            assert canonical in listed
