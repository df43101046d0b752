"""A myth leads with the fact: its `Fact:` is the title wherever the article is
shown, and its claim appears only labelled as the myth (the Debunking
Handbook's "fact sandwich").

Every surface is read from a real build of tests/fixtures/site: the page and
its head, listings, every feed (feedparser and the JSON Feed), the JSON-LD,
the share card's alt text and the share links.
"""

import gzip
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


# Typed with straight quotes, a double hyphen and HTML-looking text; shown as
# typeset plain text everywhere, the angle brackets and the ampersand as text.
TYPED_FACT = 'Colds don\'t come from "the cold" -- they\'re <b>viruses</b> & AT&amp;T'
TYPED_CLAIM = 'It\'s "freezing" -- you\'ll catch one'
TYPESET_FACT = "Colds don\u2019t come from \u201cthe cold\u201d \u2013 they\u2019re <b>viruses</b> & AT&amp;T"
TYPESET_CLAIM = "It\u2019s \u201cfreezing\u201d \u2013 you\u2019ll catch one"
TYPED_TITLE = 'Can I take "ibuprofen" while I\'m breastfeeding -- and for how long...'
TYPESET_TITLE = "Can I take \u201cibuprofen\u201d while I\u2019m breastfeeding \u2013 and for how long\u2026"


def test_headers_typed_with_straight_quotes_are_typeset_on_every_surface(tmp_path):
    import sitebuild

    site = sitebuild.make_site(tmp_path)
    myth = site / "content/myths/cold-weather.md"
    text = myth.read_text(encoding="utf-8")
    text = text.replace("Fact: Colds come from viruses, not from the cold", f"Fact: {TYPED_FACT}")
    myth.write_text(text.replace(f"Claim: {CLAIM}", f"Claim: {TYPED_CLAIM}"), encoding="utf-8")
    question = site / "content/questions/ibuprofen.md"
    typed = question.read_text(encoding="utf-8").replace(
        "Title: Can I take ibuprofen while breastfeeding?", f"Title: {TYPED_TITLE}")
    question.write_text(typed.replace("while I am breastfeeding?", "while I'm breastfeeding?"), encoding="utf-8")
    build = sitebuild.build(site)
    assert build.returncode == 0, build.stderr

    soup = soup_of(build, PAGE)
    assert soup.h1.get_text(strip=True) == TYPESET_FACT
    assert soup.h1.find("b") is None, "the header's text is text, never markup"
    assert soup.title.get_text() == f"{TYPESET_FACT} · {SITE}"
    assert meta(soup, "og:title") == TYPESET_FACT
    by_type = {item["@type"]: item for item in json_ld(soup)}
    assert by_type["ClaimReview"]["headline"] == TYPESET_FACT
    assert by_type["ClaimReview"]["claimReviewed"] == TYPESET_CLAIM
    assert soup.select_one(".claim-text").get_text(" ", strip=True) == f"Myth: {TYPESET_CLAIM}"
    items = {item["url"]: item for item in json.loads(build.page("feeds/all.json"))["items"]}
    assert [item["title"] for url, item in items.items() if "cold-weather" in url] == [TYPESET_FACT]
    atom = feedparser.parse((build.output / "feeds/all.atom.xml").read_bytes())
    assert TYPESET_TITLE in [entry.title for entry in atom.entries]
    assert meta(soup, "og:image:alt").startswith(
        f"Share card from {SITE}: FACT CHECK — {TYPESET_FACT}. Myth: “{TYPESET_CLAIM}”.")
    titles = set()
    for path in (build.output / "pagefind" / "fragment").glob("*.pf_fragment"):
        titles.add(json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])["meta"]["title"])
    assert {TYPESET_FACT, TYPESET_TITLE} <= titles, sorted(titles)

    page = soup_of(build, "questions/can-i-take-ibuprofen-while-breastfeeding/index.html")
    assert page.h1.get_text(strip=True) == TYPESET_TITLE
    assert meta(page, "og:title") == TYPESET_TITLE
    asked = next(item for item in json_ld(page) if item["@type"] == "Question")["text"]
    assert asked == "Is it safe to take ibuprofen while I\u2019m breastfeeding?"
    listing = soup_of(build, "index.html").get_text(" ", strip=True)
    assert TYPESET_TITLE in listing and TYPED_TITLE not in listing
