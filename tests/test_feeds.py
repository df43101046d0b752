"""The feeds plugin: Atom, RSS and JSON Feed for auto-posters and feed readers.

Real sites are built from real Markdown with the production settings (feeds
need absolute addresses) and every feed is read back with feedparser,
validated against RELAX NG schemas of Atom and RSS 2.0
(tests/fixtures/feeds/), and checked field by field.
"""

import hashlib
import json
import re
import runpy
import shutil
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urljoin, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

import sitebuild

FIXTURES = sitebuild.ROOT / "tests" / "fixtures" / "feeds"
SITE = "https://blog.elmcreekclinic.example"
ID_DOMAIN = "blog.elmcreekclinic.example"
PLUGINS = runpy.run_path(str(sitebuild.ROOT / "pelicanconf.py"))["PLUGINS"]
ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"
CHICAGO = timezone(timedelta(hours=-5))

# Articles added to the fixture site. Only ONLY_WEB_STORY, FUTURE, DRAFT and
# HIDDEN must stay out of every feed.
LINKS = """Title: What to bring to your visit
Date: 2026-05-01 09:00
Category: Questions
Tags: visits
Authors: Ana Ruiz
Summary: A short list, with [our flu clinics]({filename}/news/flu-clinics.md).
Reviewed_by: Ben Cole
Reviewed_on: 2026-06-10
Question: What should I bring to my first visit?

Bring your medicines and read [about the flu clinics]({filename}/news/flu-clinics.md),
our [pharmacist's page](/clinicians/ben-cole/) and the [list below](#the-list).

![A medicine bag](/images/bag.png)

## The list

- Your insurance card
"""
ONLY_WEB_STORY = """Title: Breathing easier with a new inhaler
Date: 2026-06-02 09:00
Category: Patient Stories
Tags: asthma
Authors: Ana Ruiz
Summary: How M. learned to use a spacer.
Reviewed_by: Ben Cole
Reviewed_on: 2026-06-01
Consent: CR-2026-011
Consent_date: 2026-05-20
Consent_expires: 2029-05-20
Consent_scope: web, social
Results_typical: yes

M. practised with a spacer and now sleeps through the night.
"""
FUTURE = """Title: Flu clinics for 2099
Date: 2099-01-05 09:00
Category: News
Tags: flu
Authors: Ben Cole
Summary: Planned far ahead.
Reviewed_by: Ana Ruiz
Reviewed_on: 2026-01-02
Source_url: https://www.cdc.gov/flu/index.html

Planned clinics. [CDC](https://www.cdc.gov/flu/index.html)
"""
DRAFT = """Title: Draft about sleep
Date: 2026-02-01 09:00
Status: draft
Category: Questions
Tags: sleep
Authors: Ben Cole
Summary: Not ready.
Reviewed_by: Ana Ruiz
Reviewed_on: 2026-01-30
Question: How much sleep do I need?

Not ready yet.
"""
HIDDEN = DRAFT.replace("Draft about sleep", "Hidden note about sleep").replace("Status: draft", "Status: hidden")
ABSENT_TITLES = ("Breathing easier with a new inhaler", "Flu clinics for 2099", "Draft about sleep",
                 "Hidden note about sleep")


def add_articles(site):
    """Write the extra articles into a copied fixture site."""
    sitebuild.write(site, "questions/what-to-bring.md", LINKS)
    sitebuild.write(site, "stories/inhaler.md", ONLY_WEB_STORY)
    sitebuild.write(site, "news/flu-2099.md", FUTURE)
    sitebuild.write(site, "questions/sleep-draft.md", DRAFT)
    sitebuild.write(site, "questions/sleep-hidden.md", HIDDEN)


def settings_json(**values):
    """Pelican -e arguments for these settings."""
    return ("-e", *(f"{key}={json.dumps(value)}" for key, value in values.items()))


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The fixture site plus the extra articles, built for production."""
    site = sitebuild.make_site(tmp_path_factory.mktemp("feeds"))
    add_articles(site)
    result = sitebuild.build(site, settings="publishconf.py")
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def with_cards(tmp_path_factory):
    """The same site with stand-in share cards and campaign parameters on."""
    site = sitebuild.make_site(tmp_path_factory.mktemp("feeds-cards"))
    add_articles(site)
    plugins = ["content_model", "asset_hashes", "patient_privacy", "clinician_pages", "stub_cards", "feeds", "problem_report"]
    extra = settings_json(
        PLUGINS=plugins,
        PLUGIN_PATHS=[str(sitebuild.ROOT / "plugins"), str(FIXTURES)],
        FEED_CAMPAIGN={"utm_source": "feed", "utm_medium": "social", "utm_campaign": "{category}",
                       "utm_content": "{feed}"},
    )
    result = sitebuild.build(site, settings="publishconf.py", extra=extra)
    assert result.returncode == 0, result.stderr
    return result


def feed_files(output, suffix):
    """Every feed file below output/feeds/ ending in `suffix`, by relative path."""
    return {path.relative_to(output).as_posix(): path for path in sorted((output / "feeds").rglob(f"*{suffix}"))}


def xml_feeds(output):
    """Every Atom and RSS file."""
    return {**feed_files(output, ".atom.xml"), **feed_files(output, ".rss.xml")}


def parsed(path):
    """feedparser's reading of one feed, which must not be flagged as malformed."""
    result = feedparser.parse(path.read_bytes())
    assert not result.bozo, f"{path}: {result.get('bozo_exception')}"
    return result


def by_title(feed):
    """The entries of a parsed feed by title."""
    return {entry.title: entry for entry in feed.entries}


def json_feed(output, relative="feeds/all.json"):
    """The JSON Feed, parsed."""
    return json.loads((output / relative).read_text(encoding="utf-8"))


def local(moment_text):
    """An aware datetime from ISO 8601 text."""
    return datetime.fromisoformat(moment_text)


# --- Which feeds exist, and validity ---------------------------------------------

def test_every_feed_is_written_in_atom_and_rss(published):
    atom = set(feed_files(published.output, ".atom.xml"))
    rss = {name.replace(".rss.xml", ".atom.xml") for name in feed_files(published.output, ".rss.xml")}
    assert atom == rss
    expected = {"feeds/all.atom.xml"}
    expected |= {f"feeds/categories/{slug}.atom.xml" for slug in ("myths", "news", "patient-stories", "questions")}
    expected |= {f"feeds/clinicians/{slug}.atom.xml" for slug in ("ana-ruiz", "ben-cole")}
    # Every tag but asthma, used only by a story kept out of feeds.
    tags = {p.parent.name for p in (published.output / "tags").glob("*/index.html")} - {"asthma"}
    expected |= {f"feeds/tags/{tag}.atom.xml" for tag in tags}
    assert atom == expected
    assert (published.output / "feeds" / "all.json").is_file()


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_every_feed_is_valid_against_its_schema(published, kind):
    schema = etree.RelaxNG(etree.parse(str(FIXTURES / f"{kind}.rng")))
    files = feed_files(published.output, f".{kind}.xml")
    assert files
    for name, path in files.items():
        document = etree.parse(str(path))
        assert schema.validate(document), f"{name}: {schema.error_log}"
        parsed(path)


def test_rss_items_have_what_rss_requires_beyond_the_schema(published):
    for name, path in feed_files(published.output, ".rss.xml").items():
        channel = etree.parse(str(path)).getroot().find("channel")
        assert channel.find(f"{ATOM}link[@rel='self']").get("href") == f"{SITE}/{name}"
        for item in channel.iter("item"):
            assert item.findtext("title") or item.findtext("description"), name
            assert item.find("guid").get("isPermaLink") == "false"


BREAKAGES = {
    "atom": [
        (r"<published>2026-01-12T09:00:00-06:00</published>", "<published>2026-01-12T09:00:00</published>"),
        (r"<id>tag:[^<]*</id>", ""),
        (r'<content type="html">', '<content type="rich">'),
    ],
    "rss": [
        (r"<pubDate>Mon, 12 Jan 2026 [^<]*</pubDate>", "<pubDate>2026-01-12T09:00:00-06:00</pubDate>"),
        (r"<link>https://[^<]*</link>", "<link>/myths/</link>"),
        (r"<description>[^<]*</description>", ""),
    ],
}


def test_every_address_a_feed_gives_of_the_site_exists(published):
    """Self links, pages, logo, authors and category schemes all point at built files."""
    output = published.output
    for name, path in xml_feeds(output).items():
        root = etree.parse(str(path)).getroot()
        values = [element.text for element in root.iter() if isinstance(element.tag, str)]
        values += [value for element in root.iter() for value in element.attrib.values()]
        addresses = {value.strip() for value in values if value and value.strip().startswith(SITE + "/")}
        assert addresses, name
        for address in addresses:
            relative = urlsplit(address).path.lstrip("/")
            target = output / relative / "index.html" if relative.endswith("/") or not relative else output / relative
            assert target.is_file(), (name, address)


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_the_schemas_reject_broken_feeds(published, kind):
    """The schemas are real checks: each breakage of a valid feed must be caught."""
    schema = etree.RelaxNG(etree.parse(str(FIXTURES / f"{kind}.rng")))
    source = (published.output / f"feeds/all.{kind}.xml").read_text(encoding="utf-8")
    for pattern, replacement in BREAKAGES[kind]:
        broken, count = re.subn(pattern, replacement, source, count=1)
        assert count == 1, pattern
        assert not schema.validate(etree.fromstring(broken.encode("utf-8"))), pattern


def test_json_feed_is_json_feed_1_1(published):
    data = json_feed(published.output)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == f"{SITE}/feeds/all.json"
    assert data["home_page_url"] == f"{SITE}/"
    assert data["items"]
    for item in data["items"]:
        assert set(item) >= {"id", "url", "title", "content_html", "summary", "date_published",
                             "date_modified", "authors", "tags"}
        assert item["url"].startswith(SITE + "/")
        assert local(item["date_published"]).tzinfo and local(item["date_modified"]).tzinfo
    ids = [item["id"] for item in data["items"]]
    assert len(ids) == len(set(ids))


# --- Every entry -----------------------------------------------------------------------

def test_entries_carry_every_field_in_atom(published):
    entries = by_title(parsed(published.output / "feeds/all.atom.xml"))
    flu = entries["Flu vaccine clinics open for the 2026 season"]
    assert flu.id == f"tag:{ID_DOMAIN},2026-09-15:/flu-clinics"
    assert flu.link == f"{SITE}/news/flu-vaccine-clinics-open-for-the-2026-season/"
    assert local(flu.published) == datetime(2026, 9, 15, 8, 0, tzinfo=CHICAGO)
    assert local(flu.updated) == datetime(2026, 9, 20, 10, 0, tzinfo=CHICAGO)  # Modified
    assert [a["name"] for a in flu.authors] == ["Ben Cole, PharmD"]
    assert flu.authors[0]["href"] == f"{SITE}/clinicians/ben-cole/"
    assert [t.term for t in flu.tags] == ["News", "flu", "vaccines"]
    assert flu.tags[0].scheme == f"{SITE}/topics/" and flu.tags[1].scheme == f"{SITE}/tags/"
    assert flu.summary == "<p>Walk-in flu vaccine clinics start this week.</p>"
    assert "Everyone aged 6 months and older" in flu.content[0].value
    assert flu.content[0].type == "text/html"
    # reviewed_on later than the date and no modified: updated is the review
    visit = entries["What to bring to your visit"]
    assert local(visit.updated).date().isoformat() == "2026-06-10"
    assert local(visit.published) == datetime(2026, 5, 1, 9, 0, tzinfo=CHICAGO)


def test_entries_carry_every_field_in_rss(published):
    feed = parsed(published.output / "feeds/all.rss.xml")
    assert feed.version == "rss20"
    entries = by_title(feed)
    flu = entries["Flu vaccine clinics open for the 2026 season"]
    assert flu.id == f"tag:{ID_DOMAIN},2026-09-15:/flu-clinics"
    assert flu.guidislink is False
    assert flu.link == f"{SITE}/news/flu-vaccine-clinics-open-for-the-2026-season/"
    assert flu.published_parsed[:5] == (2026, 9, 15, 13, 0)  # 08:00 in Chicago, in UTC
    assert flu.updated_parsed[:5] == (2026, 9, 20, 15, 0)
    assert flu.author == "Ben Cole, PharmD"
    assert [t.term for t in flu.tags] == ["News", "flu", "vaccines"]
    assert flu.summary == "<p>Walk-in flu vaccine clinics start this week.</p>"
    assert "Everyone aged 6 months and older" in flu.content[0].value


def test_json_items_carry_every_field(published):
    items = {item["title"]: item for item in json_feed(published.output)["items"]}
    flu = items["Flu vaccine clinics open for the 2026 season"]
    assert flu["id"] == f"tag:{ID_DOMAIN},2026-09-15:/flu-clinics"
    assert flu["date_published"] == "2026-09-15T08:00:00-05:00"
    assert flu["date_modified"] == "2026-09-20T10:00:00-05:00"
    assert flu["authors"] == [{"name": "Ben Cole, PharmD", "url": f"{SITE}/clinicians/ben-cole/"}]
    assert flu["tags"] == ["News", "flu", "vaccines"]
    assert flu["summary"] == "Walk-in flu vaccine clinics start this week."


def test_ids_are_tag_uris_from_date_and_file_name(published):
    pattern = re.compile(rf"^tag:{re.escape(ID_DOMAIN)},(\d{{4}}-\d\d-\d\d):/([a-z0-9-]+)$")
    for name, path in xml_feeds(published.output).items():
        for entry in parsed(path).entries:
            assert pattern.match(entry.id), (name, entry.id)
    for entry in parsed(published.output / "feeds/all.atom.xml").entries:
        assert pattern.match(entry.id).group(1) == entry.published[:10]
    files = {entry.id.rsplit("/", 1)[1] for entry in parsed(published.output / "feeds/all.atom.xml").entries}
    assert files == {"cold-weather", "flu-clinics", "ibuprofen", "walking-again", "what-to-bring"}


def test_content_links_and_images_are_absolute(published):
    entries = by_title(parsed(published.output / "feeds/all.atom.xml"))
    visit = entries["What to bring to your visit"]
    page = f"{SITE}/questions/what-to-bring/"
    soup = BeautifulSoup(visit.content[0].value, "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert f"{SITE}/news/flu-vaccine-clinics-open-for-the-2026-season/" in hrefs
    assert f"{SITE}/clinicians/ben-cole/" in hrefs
    assert f"{page}#the-list" in hrefs
    assert [img["src"] for img in soup.find_all("img")] == [f"{SITE}/images/bag.png"]
    summary = BeautifulSoup(visit.summary, "html.parser")
    assert summary.a["href"] == f"{SITE}/news/flu-vaccine-clinics-open-for-the-2026-season/"
    for name, path in xml_feeds(published.output).items():
        for entry in parsed(path).entries:
            for value in (entry.content[0].value, entry.summary):
                for element in BeautifulSoup(value, "html.parser").find_all(["a", "img"]):
                    address = element.get("href") or element.get("src")
                    assert urlsplit(address).scheme in ("http", "https"), (name, address)


def test_content_keeps_what_the_page_shows_around_the_body(published):
    entries = by_title(parsed(published.output / "feeds/all.rss.xml"))
    story = entries["Walking again after knee surgery"].content[0].value
    assert "Most people walk without a cane within three months." in story  # typical results
    myth = entries["Colds come from viruses, not from the cold"].content[0].value
    assert "Myth:</span> Going out in the cold gives you a cold" in myth  # the claim, labelled
    question = entries["Can I take ibuprofen while breastfeeding?"].content[0].value
    assert "Is it safe to take ibuprofen while I am breastfeeding?" in question


# --- Which articles appear ------------------------------------------------------------

def test_feeds_hold_exactly_the_articles_they_are_for(published):
    output = published.output
    everything = {"Colds come from viruses, not from the cold", "Flu vaccine clinics open for the 2026 season",
                  "Can I take ibuprofen while breastfeeding?", "Walking again after knee surgery",
                  "What to bring to your visit"}
    assert set(by_title(parsed(output / "feeds/all.atom.xml"))) == everything
    assert set(by_title(parsed(output / "feeds/categories/questions.rss.xml"))) == {
        "Can I take ibuprofen while breastfeeding?", "What to bring to your visit"}
    assert set(by_title(parsed(output / "feeds/tags/flu.atom.xml"))) == {"Flu vaccine clinics open for the 2026 season"}
    assert set(by_title(parsed(output / "feeds/clinicians/ben-cole.rss.xml"))) == {
        "Flu vaccine clinics open for the 2026 season", "Can I take ibuprofen while breastfeeding?"}
    assert [e["title"] for e in json_feed(output)["items"]] == [
        "Flu vaccine clinics open for the 2026 season", "What to bring to your visit",
        "Can I take ibuprofen while breastfeeding?", "Walking again after knee surgery",
        "Colds come from viruses, not from the cold"]


def test_story_without_feeds_consent_future_drafts_and_hidden_are_in_no_feed(published):
    output = published.output
    # They are real articles of this build: the web has what the web may have.
    assert (output / "patient-stories/inhaler/index.html").is_file()
    # An article dated in the future waits for its day: not on the site at all yet.
    assert not list(output.glob("**/flu-2099*"))
    files = {**xml_feeds(output), **feed_files(output, ".json")}
    assert len(files) > 20
    for name, path in files.items():
        text = path.read_text(encoding="utf-8")
        for title in ABSENT_TITLES:
            assert title not in text, (name, title)
        assert "/inhaler" not in text and "/flu-2099" not in text and "sleep-" not in text, name


def test_no_feed_is_written_or_offered_without_entries(published):
    output = published.output
    # The asthma tag is used only by the story without feeds consent.
    assert (output / "tags/asthma/index.html").is_file()
    assert not list((output / "feeds").rglob("asthma.*"))
    assert all("asthma" not in href for _, href in alternates(output, "tags/asthma/index.html"))
    assert "asthma" not in (output / "feeds/index.html").read_text(encoding="utf-8")
    # No feed carries a made-up date, as an empty one had to.
    for name, path in xml_feeds(output).items():
        assert "2000-01-01" not in path.read_text(encoding="utf-8") and "Jan 2000" not in path.read_text(encoding="utf-8"), name


def test_atom_feeds_name_the_page_before_themselves(published):
    for name, path in feed_files(published.output, ".atom.xml").items():
        links = etree.parse(str(path)).getroot().findall(f"{ATOM}link")
        assert [link.get("rel") for link in links] == ["alternate", "self"], name
        assert links[1].get("href") == f"{SITE}/{name}", name
    for name, path in feed_files(published.output, ".rss.xml").items():
        channel = etree.parse(str(path)).getroot().find("channel")
        assert not channel.findtext("link").endswith(".xml"), name


def test_no_campaign_parameters_by_default(published):
    for name, path in {**xml_feeds(published.output), **feed_files(published.output, ".json")}.items():
        assert "utm_" not in path.read_text(encoding="utf-8"), name


# --- Share cards as media ---------------------------------------------------------------

def card_checks(output, entry_media, enclosure, title):
    """One entry's media:content and enclosure describe its card file exactly."""
    card = output / "cards" / f"{enclosure['slug']}.png"
    size = card.stat().st_size
    assert enclosure["url"] == f"{SITE}/cards/{enclosure['slug']}.png"
    assert int(enclosure["length"]) == size and enclosure["type"] == "image/png"
    assert entry_media.get("url") == enclosure["url"]
    assert entry_media.get("fileSize") == str(size)
    assert (entry_media.get("width"), entry_media.get("height")) == ("120", "63")
    assert entry_media.get("type") == "image/png" and entry_media.get("medium") == "image"
    assert entry_media.findtext(f"{MEDIA}description") == f"Card: {title}"


def test_share_cards_are_media_content_and_enclosures(with_cards):
    output = with_cards.output
    rss = etree.parse(str(output / "feeds/all.rss.xml")).getroot()
    items = rss.findall("channel/item")
    assert len(items) == 5
    for item in items:
        title = item.findtext("title")
        enclosure = dict(item.find("enclosure").attrib)
        enclosure["slug"] = enclosure["url"].rsplit("/", 1)[1].removesuffix(".png")
        card_checks(output, item.find(f"{MEDIA}content"), enclosure, title)
    atom = etree.parse(str(output / "feeds/all.atom.xml")).getroot()
    for entry in atom.findall(f"{ATOM}entry"):
        title = entry.findtext(f"{ATOM}title")
        links = entry.findall(f"{ATOM}link[@rel='enclosure']")
        assert len(links) == 1 and len(entry.findall(f"{ATOM}link")) == 2
        enclosure = {"url": links[0].get("href"), "length": links[0].get("length"), "type": links[0].get("type")}
        enclosure["slug"] = enclosure["url"].rsplit("/", 1)[1].removesuffix(".png")
        card_checks(output, entry.find(f"{MEDIA}content"), enclosure, title)
    for entry in parsed(output / "feeds/all.rss.xml").entries:
        assert entry.enclosures[0].type == "image/png"
        assert entry.media_content[0]["url"] == entry.enclosures[0].href
    for item in json_feed(output)["items"]:
        attachment = item["attachments"][0]
        assert item["image"] == attachment["url"]
        path = output / urlsplit(attachment["url"]).path.lstrip("/")
        assert attachment["size_in_bytes"] == path.stat().st_size


def test_feeds_with_cards_stay_valid(with_cards):
    for kind in ("atom", "rss"):
        schema = etree.RelaxNG(etree.parse(str(FIXTURES / f"{kind}.rng")))
        for name, path in feed_files(with_cards.output, f".{kind}.xml").items():
            assert schema.validate(etree.parse(str(path))), f"{name}: {schema.error_log}"
            parsed(path)


def test_real_share_cards_become_media_once_the_plugin_is_on(published):
    """With share_cards in PLUGINS every entry has its card; without, none has media."""
    feed = parsed(published.output / "feeds/all.rss.xml")
    if "share_cards" in PLUGINS:
        for entry in feed.entries:
            card = urlsplit(entry.enclosures[0].href).path.lstrip("/")
            assert int(entry.enclosures[0].length) == (published.output / card).stat().st_size
            assert entry.enclosures[0].type == "image/png"
            assert entry.media_content[0]["url"] == entry.enclosures[0].href
            assert entry.media_content[0]["width"] and entry.media_content[0]["height"]
    else:
        assert all(not entry.get("enclosures") and not entry.get("media_content") for entry in feed.entries)


# --- Campaign parameters ---------------------------------------------------------------

def test_campaign_parameters_per_feed_when_configured(with_cards):
    output = with_cards.output
    cold = by_title(parsed(output / "feeds/all.rss.xml"))["Colds come from viruses, not from the cold"]
    parts = urlsplit(cold.link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{SITE}/myths/cold-weather-gives-you-a-cold/"
    assert parse_qs(parts.query) == {"utm_source": ["feed"], "utm_medium": ["social"],
                                     "utm_campaign": ["myths"], "utm_content": ["all"]}
    assert cold.id == f"tag:{ID_DOMAIN},2026-01-12:/cold-weather"
    flu = by_title(parsed(output / "feeds/tags/flu.atom.xml"))["Flu vaccine clinics open for the 2026 season"]
    assert parse_qs(urlsplit(flu.link).query)["utm_content"] == ["tag-flu"]
    assert parse_qs(urlsplit(flu.link).query)["utm_campaign"] == ["news"]
    item = json_feed(output)["items"][0]
    assert parse_qs(urlsplit(item["url"]).query)["utm_content"] == ["all"]


# --- Stable ids, determinism, limits -------------------------------------------------

def ids_by_file(output):
    """Each entry's (id, link) in the all-articles Atom feed, by the id's file slug."""
    return {e.id.rsplit("/", 1)[1]: (e.id, e.link) for e in parsed(output / "feeds/all.atom.xml").entries}


def test_editing_title_and_body_keeps_the_id(tmp_path):
    site = sitebuild.make_site(tmp_path)
    first = sitebuild.build(site, settings="publishconf.py", output="before")
    assert first.returncode == 0, first.stderr
    path = site / "content" / "myths" / "cold-weather.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace(f"Fact: {OLD_TITLE}", f"Fact: {NEW_TITLE}")
    text = text.replace("Being cold does not infect you.", "Being chilly does not infect you, a virus does.")
    path.write_text(text, encoding="utf-8")
    second = sitebuild.build(site, settings="publishconf.py", output="after")
    assert second.returncode == 0, second.stderr
    before, after = ids_by_file(first.output), ids_by_file(second.output)
    assert before["cold-weather"][0] == after["cold-weather"][0]
    # Slugs come from file names, so the page stays where it was, and so does the id.
    assert before["cold-weather"][1] == after["cold-weather"][1]
    edited = by_title(parsed(second.output / "feeds/all.rss.xml"))[NEW_TITLE]
    assert edited.id == before["cold-weather"][0]
    assert "a virus does" in edited.content[0].value


def test_two_articles_with_one_id_are_reported(tmp_path):
    site = sitebuild.make_site(tmp_path)
    twin = (site / "content/questions/ibuprofen.md").read_text(encoding="utf-8")
    sitebuild.write(site, "news/ibuprofen.md", twin.replace("Title: Can I", "Title: Should I").replace(
        "Category: Questions", "Category: News\nSource_url: https://www.fda.gov/").replace(
        "Question: Is it safe to take ibuprofen while I am breastfeeding?\n", "") + "\n[FDA](https://www.fda.gov/)\n")
    result = sitebuild.build(site)
    assert result.returncode == 0, result.stderr
    assert any(line.startswith("content/questions/ibuprofen.md:2: Date: has the same file name and date as "
                               "content/news/ibuprofen.md") for line in result.problem_lines()), result.stderr


def test_two_builds_give_identical_feed_bytes(published, tmp_path):
    site = tmp_path / "again"
    shutil.copytree(published.site / "content", site / "content")
    again = sitebuild.build(site, settings="publishconf.py")
    assert again.returncode == 0, again.stderr
    first = {**xml_feeds(published.output), **feed_files(published.output, ".json")}
    second = {**xml_feeds(again.output), **feed_files(again.output, ".json")}
    assert first.keys() == second.keys()
    for name in first:
        assert first[name].read_bytes() == second[name].read_bytes(), name


# --- Rebuilds: what a build keeps, and what the next one builds again -------------------

# Where a build of a sitebuild site keeps feed files and entries' feed HTML (FEED_CACHE below
# --cache-path), in one folder per site address.
FEED_CACHE = (".cache", "feeds")
KEPT_FEEDS, KEPT_ENTRIES = "kept", "entries"
# A myth's headline is its fact.
OLD_TITLE, NEW_TITLE = "Colds come from viruses, not from the cold", "Colds come from viruses, never from the cold"
OLD_BODY, NEW_BODY = "Being cold does not infect you.", "Being chilly does not infect you, a virus does."
# The feeds that hold myths/cold-weather.md (Myths; tags colds, winter; by Ana Ruiz).
HOLDING_COLD_WEATHER = ("feeds/all.", "feeds/categories/myths.", "feeds/tags/colds.", "feeds/tags/winter.",
                        "feeds/clinicians/ana-ruiz.")
KEPT_MARK = b"<!-- kept -->\n"
KEPT_HTML = "<p>Kept from the last build.</p>"


def feed_bytes(output):
    """The bytes of every Atom, RSS and JSON file, by relative path."""
    return {name: path.read_bytes() for name, path in {**xml_feeds(output), **feed_files(output, ".json")}.items()}


def edit_cold_weather(site):
    """Retitle the myth and reword its body, as a clinician would."""
    path = site / "content" / "myths" / "cold-weather.md"
    text = path.read_text(encoding="utf-8")
    assert f"Fact: {OLD_TITLE}\n" in text and OLD_BODY in text
    path.write_text(text.replace(f"Fact: {OLD_TITLE}\n", f"Fact: {NEW_TITLE}\n").replace(OLD_BODY, NEW_BODY),
                    encoding="utf-8")


def fresh_build(site, directory):
    """A build of a copy of the site's content with nothing kept from earlier builds."""
    shutil.copytree(site / "content", directory / "content")
    return sitebuild.build(directory, settings="publishconf.py")


def assert_same_feeds(built, expected):
    """Every feed file of `built` has the bytes of the one in `expected`, and there are no others."""
    built, expected = feed_bytes(built.output), feed_bytes(expected.output)
    assert built.keys() == expected.keys()
    for name in expected:
        assert built[name] == expected[name], name


def site_folders(site):
    """The folders in which builds of the site kept feeds, one per site address."""
    return sorted(path for path in site.joinpath(*FEED_CACHE).iterdir() if path.is_dir())


def mark_kept(folder):
    """Change what the last build kept in `folder`, so a build that reuses it says so:
    each kept Atom or RSS file (the sha256 in hex of the bytes that follow, then the
    bytes) ends with KEPT_MARK, each kept entry's HTML with KEPT_HTML."""
    feeds = 0
    for path in (folder / KEPT_FEEDS).iterdir():
        data = path.read_bytes()[64:]
        if data.startswith(b"<?xml"):
            data += KEPT_MARK
            path.write_bytes(hashlib.sha256(data).hexdigest().encode() + data)
            feeds += 1
    assert feeds > 20
    kept_entries = list((folder / KEPT_ENTRIES).iterdir())
    assert len(kept_entries) == 5
    for path in kept_entries:
        # As feed files: the sha256 in hex of the bytes that follow, then the entry as JSON.
        summary_html, summary_text, content_html = json.loads(path.read_bytes()[64:])
        data = json.dumps([summary_html, summary_text, content_html + KEPT_HTML]).encode("utf-8")
        path.write_bytes(hashlib.sha256(data).hexdigest().encode() + data)


def test_rebuilds_write_what_a_fresh_build_writes(tmp_path):
    site = sitebuild.make_site(tmp_path / "site")
    add_articles(site)
    cold = sitebuild.build(site, settings="publishconf.py")
    assert cold.returncode == 0, cold.stderr
    (folder,) = site_folders(site)
    assert any((folder / KEPT_FEEDS).iterdir()) and any((folder / KEPT_ENTRIES).iterdir())
    warm = sitebuild.build(site, settings="publishconf.py")
    assert warm.returncode == 0, warm.stderr
    assert_same_feeds(warm, cold)

    edit_cold_weather(site)
    edited = sitebuild.build(site, settings="publishconf.py")
    assert edited.returncode == 0, edited.stderr
    assert_same_feeds(edited, fresh_build(site, tmp_path / "fresh"))
    for name, path in xml_feeds(edited.output).items():
        entries = by_title(parsed(path))
        assert OLD_TITLE not in entries, name
        assert (NEW_TITLE in entries) == name.startswith(HOLDING_COLD_WEATHER), name
        if NEW_TITLE in entries:
            assert NEW_BODY in entries[NEW_TITLE].content[0].value, name
    assert NEW_TITLE in [item["title"] for item in json_feed(edited.output)["items"]]


def test_a_rebuild_builds_again_only_the_feeds_holding_a_changed_article(tmp_path):
    site = sitebuild.make_site(tmp_path / "site")
    add_articles(site)
    assert sitebuild.build(site, settings="publishconf.py").returncode == 0
    (folder,) = site_folders(site)
    mark_kept(folder)
    warm = sitebuild.build(site, settings="publishconf.py")
    assert warm.returncode == 0, warm.stderr
    for name, data in feed_bytes(warm.output).items():
        assert data.endswith(KEPT_MARK) != name.endswith(".json"), name

    # The warm build kept what it reused, marks and all.
    edit_cold_weather(site)
    edited = sitebuild.build(site, settings="publishconf.py")
    assert edited.returncode == 0, edited.stderr
    fresh = feed_bytes(fresh_build(site, tmp_path / "fresh").output)
    for name, data in feed_bytes(edited.output).items():
        if not name.startswith(HOLDING_COLD_WEATHER):
            assert data.removesuffix(KEPT_MARK) == fresh[name] and data.endswith(KEPT_MARK), name
        elif name.endswith(".xml"):
            # Built again, from the other articles' kept HTML and the edited one's new HTML.
            assert not data.endswith(KEPT_MARK), name
            for entry in parsed(edited.output / name).entries:
                assert (KEPT_HTML in entry.content[0].value) == (entry.title != NEW_TITLE), (name, entry.title)

    ignoring = sitebuild.build(site, settings="publishconf.py", extra=("--ignore-cache",))
    assert ignoring.returncode == 0, ignoring.stderr
    assert feed_bytes(ignoring.output) == fresh


def test_preview_and_publish_builds_keep_their_feeds_apart(tmp_path):
    site = sitebuild.make_site(tmp_path / "site")
    add_articles(site)
    # Without kept pages, which would give an unchanged preview every feed file whole.
    no_kept_pages = ("-e", 'PAGE_CACHE=""')
    assert sitebuild.build(site, extra=no_kept_pages).returncode == 0
    (preview,) = site_folders(site)
    mark_kept(preview)

    published = sitebuild.build(site, settings="publishconf.py")
    assert published.returncode == 0, published.stderr
    assert len(site_folders(site)) == 2
    assert not any(data.endswith(KEPT_MARK) for data in feed_bytes(published.output).values())

    # The publish left the preview's files alone: the next preview builds no feed again.
    again = sitebuild.build(site, extra=no_kept_pages)
    assert again.returncode == 0, again.stderr
    for name, data in feed_bytes(again.output).items():
        assert data.endswith(KEPT_MARK) != name.endswith(".json"), name


def made_entries(kept):
    """A writing.MadeEntries whose articles are plain objects, and the articles it made entries of."""
    from types import SimpleNamespace

    from feeds import entries, writing

    made = []

    def make(article):
        made.append(article.name)
        return entries.Entry(
            article=article, id=f"tag:{article.name}", url=f"{SITE}/news/{article.name}/", title=article.name,
            summary_source=f'<p>About <a href="../">{article.name}</a></p>',
            content_source=f'<p>All of <a href="/news/">{article.name}</a></p>' * 50,
            published=datetime(2026, 1, 1, tzinfo=CHICAGO), updated=datetime(2026, 1, 2, tzinfo=CHICAGO),
            authors=(), categories=(), card=None)

    def article(name):
        return SimpleNamespace(name=name, category=SimpleNamespace(slug="news"))

    return writing.MadeEntries(make, kept), made, article


def test_an_entry_keeps_its_articles_html_only_while_the_feed_that_made_it_is_written():
    from feeds import kept_feeds

    store, made, article = made_entries(kept_feeds.KeptFeeds(None, load=False))
    first, second = article("first"), article("second")
    entry, fingerprint = store.entry(first)
    assert store.entry(first) == (entry, fingerprint)
    prepared = store.prepared(first).prepared
    assert f'href="{SITE}/news/"' in prepared.content_html and prepared.summary_text == "About first"
    assert made == ["first"]

    store.entry(second)
    store.feed_written()
    assert store.entry(first)[0].content_source is None and store.entry(second)[0].content_source is None
    assert store.entry(first)[1] == fingerprint
    # Prepared once, whichever feed asks again.
    assert store.prepared(first).prepared == prepared and made == ["first", "second"]
    # Never prepared while its feed was written: made again from the article, once.
    later = store.prepared(second).prepared
    assert f'href="{SITE}/news/"' in later.content_html and made == ["first", "second", "second"]
    assert store.prepared(second).prepared == later and made == ["first", "second", "second"]


def test_an_entry_an_earlier_build_kept_prepared_is_not_made_again(tmp_path):
    from feeds import kept_feeds

    kept = kept_feeds.KeptFeeds(tmp_path, load=True)
    store, _, article = made_entries(kept)
    first = article("first")
    store.entry(first)
    before = store.prepared(first).prepared
    kept.save()

    store, made, article = made_entries(kept_feeds.KeptFeeds(tmp_path, load=True))
    again = article("first")
    store.entry(again)
    store.feed_written()
    assert store.prepared(again).prepared == before and made == ["first"]


@pytest.mark.parametrize("html", [
    '<p>Plain <a href="/myths/x/" title="It&#39;s &quot;fine&quot;">link</a> &amp; more&nbsp;&gt;</p>\n',
    '<h2 id="a">Heading<a class="headerlink" href="#a" title="Link">#</a></h2>\n\n  <p>Next</p>',
    '<table>\n<tr>\n<td headers=" h1   h2">a<br>b<br/>c</td>\n</tr>\n</table>',
    '<img alt="x" src="../up.png" srcset="a.png 1x, /b.png  2x,"><hr></hr><br></br>',
    '<pre><code>  indented\n\n  code &lt;b&gt;</code></pre>\n  \n<p class=" lead  intro ">x</p>',
    '<div class="admonition"><span/><p hidden data-x="">&#x1F600; &#160; &apos;</p></div>',
    '<p>AT&T &copy; <!-- a comment --> <B>bold</B></p><p>unclosed',
    '<p>a<a href="?a=1&amp;b=2" class="x headerlink"><b>#</b></a>b</p><script>var a = "<p>";</script>',
    '<p title=\'say "hi"\'>x</p><p>&#150; &#0; &foo; <math><mi>x</mi></math></p>',
])
def test_feed_html_keeps_the_text_drops_permalinks_and_makes_addresses_absolute(html):
    from clinic import text
    from feeds import feed_html

    page = "https://blog.elmcreekclinic.example/myths/x/"
    prepared = feed_html.prepare(html, page)
    # Read back by a different parser than the one that wrote it, as a feed reader would.
    soup = BeautifulSoup(prepared, "html.parser")
    assert not soup.find_all(class_="headerlink")
    for element in soup.find_all(True):
        for attribute in ("href", "src", "poster", "cite", "action"):
            if element.has_attr(attribute):
                assert element[attribute].startswith(page.split("/myths/")[0]), (attribute, element)
        if element.has_attr("srcset"):
            assert all(c.strip().startswith("https://") for c in element["srcset"].split(",")), element
    # The same words as the page, without the permalinks' "#".
    assert text.text(prepared) == text.text(re.sub(r"<a [^>]*headerlink[^>]*>.*?</a>", "", html))


def test_feed_dates_come_from_content_not_the_clock(published):
    text = (published.output / "feeds/all.rss.xml").read_text(encoding="utf-8")
    channel = etree.fromstring(text.encode()).find("channel")
    assert channel.findtext("lastBuildDate") == "Sun, 20 Sep 2026 10:00:00 -0500"
    assert channel.find("generator") is None
    atom = etree.parse(str(published.output / "feeds/all.atom.xml")).getroot()
    assert atom.findtext(f"{ATOM}updated") == "2026-09-20T10:00:00-05:00"
    assert atom.find(f"{ATOM}generator") is None


def test_preview_build_links_to_feed_siteurl_and_limits_items(tmp_path):
    site = sitebuild.make_site(tmp_path)
    result = sitebuild.build(site, extra=settings_json(FEED_MAX_ITEMS=2))
    assert result.returncode == 0, result.stderr
    for name, path in feed_files(result.output, ".atom.xml").items():
        feed = parsed(path)
        assert len(feed.entries) <= 2, name
        for entry in feed.entries:
            assert entry.link.startswith("http://localhost:8000/"), entry.link
    newest = [e.title for e in parsed(result.output / "feeds/all.rss.xml").entries]
    assert newest == ["Flu vaccine clinics open for the 2026 season", "Can I take ibuprofen while breastfeeding?"]
    assert parsed(result.output / "feeds/all.atom.xml").entries[0].id.startswith(f"tag:{ID_DOMAIN},")
    head = (result.output / "feeds/all.atom.xml").read_text(encoding="utf-8")[:200]
    assert '<?xml-stylesheet type="text/xsl" href="/theme/feed.xsl"?>' in head


# --- Discovery, the feeds page and the browser view -------------------------------------

def alternates(output, page):
    """The (type, href) of each feed link in a page's head."""
    soup = BeautifulSoup((output / page).read_text(encoding="utf-8"), "html.parser")
    return [(link["type"], link["href"]) for link in soup.head.find_all("link", rel="alternate")]


def test_discovery_links_on_every_kind_of_page(published):
    output = published.output
    every = [("application/rss+xml", f"{SITE}/feeds/all.rss.xml"),
             ("application/atom+xml", f"{SITE}/feeds/all.atom.xml"),
             ("application/feed+json", f"{SITE}/feeds/all.json")]
    for page in ("index.html", "myths/cold-weather-gives-you-a-cold/index.html", "about/index.html",
                 "feeds/index.html", "tags/index.html"):
        assert alternates(output, page) == every, page
    own = {
        "myths/index.html": "categories/myths",
        "tags/flu/index.html": "tags/flu",
        "clinicians/ana-ruiz/index.html": "clinicians/ana-ruiz",
    }
    for page, feed in own.items():
        assert alternates(output, page) == [
            ("application/rss+xml", f"{SITE}/feeds/{feed}.rss.xml"),
            ("application/atom+xml", f"{SITE}/feeds/{feed}.atom.xml"), *every], page
    for html in output.rglob("*.html"):
        for _, href in alternates(output, html.relative_to(output)):
            assert (output / urlsplit(href).path.lstrip("/")).is_file(), (html, href)


def test_feeds_page_lists_every_feed(published):
    output = published.output
    soup = BeautifulSoup((output / "feeds/index.html").read_text(encoding="utf-8"), "html.parser")
    main = soup.find("main")
    listed = {urlsplit(a["href"]).path.lstrip("/") for a in main.find_all("a", href=True)
              if "/feeds/" in a["href"]}
    on_disk = {*xml_feeds(output), *feed_files(output, ".json")}
    assert listed == on_disk
    assert main.h1.get_text(strip=True)
    for heading in ("Myths", "Ana Ruiz, MD", "All articles"):
        assert main.find("h3", string=heading), heading
    for link in main.find_all("a", type=True):
        assert link.get_text(strip=True) in link["aria-label"]


def test_feeds_open_in_a_browser_as_a_page(published):
    """The xml-stylesheet points at the theme's XSL, which lists every entry."""
    output = published.output
    transform = etree.XSLT(etree.parse(str(output / "theme/feed.xsl")))
    for name in ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/tags/flu.rss.xml"):
        document = etree.parse(str(output / name))
        instruction = document.getroot().getprevious()
        assert instruction.target == "xml-stylesheet"
        assert instruction.get("href") == f"{SITE}/theme/feed.xsl"
        page = BeautifulSoup(str(transform(document)), "html.parser")
        titles = [a.get_text() for a in page.select("li h3 a")]
        assert titles == [e.title for e in parsed(output / name).entries], name
        assert page.find(string=re.compile("This is a feed"))
        assert f"{SITE}/{name}" in page.get_text()


# --- Ready posts per platform -------------------------------------------------------------

POST_LIMITS = {"mastodon": 500, "bluesky": 300, "x": 280}


def test_social_feeds_title_each_item_with_the_whole_post(published):
    for platform, limit in POST_LIMITS.items():
        feed = parsed(published.output / f"feeds/social/{platform}.rss")
        assert feed.entries, platform
        for entry in feed.entries:
            text = entry.title
            # The link is in the post, written out, and the post fits the platform
            # (Mastodon and X count any link as 23 characters).
            assert entry.link.startswith(f"{SITE}/") and f" {entry.link}" in text, (platform, text)
            counted = len(text) - len(entry.link) + (len(entry.link) if platform == "bluesky" else 23)
            assert counted <= limit, (platform, text)
            for tag in re.findall(r"#\S+", text):
                assert re.fullmatch(r"#\w+", tag), (platform, tag)
        myth = next(e for e in feed.entries if "cold-weather-gives-you-a-cold" in e.link)
        assert myth.title.startswith("Colds come from viruses, not from the cold https://"), myth.title
        assert "Going out in the cold" not in myth.title
        assert myth.enclosures and myth.enclosures[0]["type"] == "image/png"
        assert myth.summary.startswith("Share card from Elm Creek Family Clinic")


def test_hashtags_keep_their_whole_word():
    from feeds import social

    assert social.hashtag("covid-19") == "#covid19"
    assert social.hashtag("heart health") == "#hearthealth"
    assert social.hashtag("2026") == ""
