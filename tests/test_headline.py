"""A myth leads with the fact: its `Fact:` is the title wherever the article is
shown, and its claim appears only labelled as the myth (the Debunking
Handbook's "fact sandwich").

Every surface is read from a real build of tests/fixtures/site: the page and
its head, listings, every feed (feedparser and the JSON Feed), the JSON-LD,
the share card's alt text and the share links.
"""

import json
from urllib.parse import parse_qs, unquote, urlsplit

import feedparser
from bs4 import BeautifulSoup

SITE = "Elm Creek Family Clinic"
FACT = "Colds come from viruses, not from the cold"
CLAIM = "Going out in the cold gives you a cold"
TITLE = "Cold weather and colds"
PAGE = "myths/cold-weather-gives-you-a-cold/index.html"


def soup_of(build, relative):
    return BeautifulSoup(build.page(relative), "html.parser")


def meta(soup, key):
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def json_ld(soup):
    return [json.loads(tag.string) for tag in soup.find_all("script", type="application/ld+json")]


def test_the_fact_is_the_title_of_the_page_and_its_previews(fixture_build):
    soup = soup_of(fixture_build, PAGE)
    assert soup.h1.get_text(strip=True) == FACT
    assert soup.title.get_text() == f"{FACT} · {SITE}"
    assert meta(soup, "og:title") == FACT
    assert meta(soup, "twitter:title") == FACT
    by_type = {item["@type"]: item for item in json_ld(soup)}
    assert by_type["ClaimReview"]["headline"] == FACT
    assert by_type["WebPage"]["name"] == FACT
    assert by_type["ClaimReview"]["claimReviewed"] == CLAIM


def test_the_claim_is_shown_once_labelled_as_the_myth_with_its_verdict(fixture_build):
    soup = soup_of(fixture_build, PAGE)
    claim = soup.select_one(".claim")
    assert claim.select_one(".claim-text").get_text(" ", strip=True) == f"Myth: {CLAIM}"
    assert claim.select_one(".verdict").get_text(" ", strip=True) == "Verdict: False"
    # The label above the headline must not say "Myth", or the fact reads as the myth.
    assert soup.select_one(".kind-badge").get_text(strip=True) == "Fact check"
    alt = meta(soup, "og:image:alt")
    assert alt.startswith(f"Share card from {SITE}: FACT CHECK — {FACT}. Myth: “{CLAIM}”. Verdict: False.")


def test_share_links_offer_the_fact(fixture_build):
    soup = soup_of(fixture_build, PAGE)
    texts = []
    for link in soup.select(".share-links a[href]"):
        query = parse_qs(urlsplit(link["href"]).query)
        texts += [value for key in ("text", "title") for value in query.get(key, [])]
    texts += [tag["data-share-text"] for tag in soup.select("[data-share-text]")]
    # Each network's text, and the Mastodon and copy texts, open with the fact.
    assert len(texts) >= 3 and all(text.startswith(FACT) for text in texts), texts


def test_listings_and_neighbours_show_the_fact(fixture_build):
    listing = soup_of(fixture_build, "myths/index.html")
    titles = [tag.get_text(strip=True) for tag in listing.select(".card-title")]
    assert FACT in titles and CLAIM not in titles and TITLE not in titles


def test_every_feed_titles_the_entry_with_the_fact(fixture_build):
    found = 0
    for path in sorted((fixture_build.output / "feeds").rglob("*.xml")):
        for entry in feedparser.parse(path.read_bytes()).entries:
            if "cold-weather-gives-you-a-cold" in entry.link:
                assert entry.title == FACT, path
                found += 1
    assert found >= 4  # all, the category, each tag: Atom and RSS
    items = json.loads(fixture_build.page("feeds/all.json"))["items"]
    assert [item["title"] for item in items if "cold-weather" in item["url"]] == [FACT]


def test_no_page_shows_the_claim_unlabelled(fixture_build):
    """Anywhere an HTML page has the claim's words, they follow "Myth:"."""
    for path in fixture_build.output.rglob("*.html"):
        if path.parts[-2:] == ("feeds", "index.html") or "pagefind" in path.parts:
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            script.decompose()
        for text in soup.find_all(string=lambda s: CLAIM in s):
            assert text.parent.get_text(" ", strip=True).startswith("Myth:"), (path, text.parent)
        for tag in soup.find_all("meta", content=lambda c: c and CLAIM in c):
            assert f"Myth: “{CLAIM}”" in tag["content"], (path, tag)
        assert unquote(str(soup)).count(TITLE) == 0, path


def test_search_results_lead_with_the_fact_and_label_the_claim(fixture_build):
    """Pagefind shows a result's title and the start of its record: the fact
    comes first, and the claim only after "Myth:"."""
    import gzip

    fragments = {}
    for path in (fixture_build.output / "pagefind" / "fragment").glob("*.pf_fragment"):
        fragment = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
        fragments[fragment["url"]] = fragment
    myth = fragments["/myths/cold-weather-gives-you-a-cold/"]
    assert myth["meta"]["title"] == FACT
    content = myth["content"]
    assert content.startswith(FACT)
    assert content.count(CLAIM) >= 1
    for start in (i for i in range(len(content)) if content.startswith(CLAIM, i)):
        assert content[:start].endswith("Myth: "), content[max(0, start - 40):start + len(CLAIM)]
    assert f"Myth: {CLAIM}. Verdict: False" in content


def test_the_sample_myths_are_named_after_their_facts():
    """An address is shared as a link: /myths/vaccines-cause-autism/ would
    repeat the myth in every post, so each sample myth's file (its address)
    is made from its fact, as `make new KIND=myth FACT=...` makes it."""
    import re

    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    from sitebuild import ROOT

    myths = sorted((ROOT / "content" / "myths").glob("*.md"))
    assert len(myths) >= 4
    for path in myths:
        header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        fact = re.search(r"(?m)^Fact: (.+)$", header).group(1)
        assert not re.search(r"(?mi)^slug:", header), path.name
        assert path.stem == slugify(fact, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]), path.name
