"""share_cards: the card images, the link-preview tags and the share bar.

Real sites are built from real Markdown (the small fixture plus articles
written here) and their output read with bs4 and Pillow; the share bar's
script runs in a real headless Chromium on the sample site.
"""

import re
import threading
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup
from PIL import Image

import sitebuild
from clinic import kinds
from share_cards.batch import IN_PROCESS_MAX, Batch
from share_cards.card import CardText
from share_cards.describe import CardMaker
from share_cards.fonts import fonts_for
from share_cards.languages import language_for
from share_cards.layout import merge_layout
from share_cards.links import share_links
from share_cards.render import MAX_BYTES, render_card
from share_cards.template_globals import shorten
from share_cards.typeset import fit

SITEURL = "https://blog.elmcreekclinic.example"
REPORT = re.compile(r"^share cards: (\d+) rendered, (\d+) reused$", re.M)
MISSING = "the share card cannot draw"

HEADER = """Date: 2026-05-0{day} 09:00
Authors: Ana Ruiz
Summary: {summary}
Reviewed_by: Ben Cole
Reviewed_on: 2026-05-01
"""


def question(title, day, summary="A short answer to a common question.", extra=""):
    """A question article's Markdown."""
    return (f"Title: {title}\n" + HEADER.format(day=day, summary=summary) + extra
            + "Category: Questions\nTags: testing\nQuestion: What should I know?\n\nA plain answer.\n")


QUOTES_TITLE = 'Is "detox" tea safe? Tom & Jerry\'s <script>alert(1)</script> question'
# Header fields are text: the script shows as typed, escaped wherever it is
# printed; only the quotes are typeset (curly), as on every surface.
QUOTES_TEXT = "Is \u201cdetox\u201d tea safe? Tom & Jerry\u2019s <script>alert(1)</script> question"
# Angle brackets that are no tag stay text.
ANGLE_TITLE = 'Blood pressure: is <120/80> "normal" & safe?'
ANGLE_TEXT = "Blood pressure: is <120/80> \u201cnormal\u201d & safe?"
# No font of the card has the Javanese script: the build warns about this one.
JAVANESE_TITLE = "Staying healthy, ꦱꦼꦲꦠ꧀, in Javanese"
CJK_TITLE = "流感疫苗诊所本周开放，请尽早预约接种"
ARABIC_TITLE = "البرد لا يسبب الزكام"
ARABIC_CLAIM = "الخروج في البرد يسبب الزكام"
EMOJI_TITLE = "Travelling with insulin ✈️💉🧊 what to pack 👩🏽‍⚕️"
LONG_TITLE = ("Everything you wanted to know about seasonal allergies, pollen counts, antihistamines, "
              "nasal sprays, eye drops, immunotherapy, air filters, and when to see your clinician "
              "about sneezing, itching, wheezing or a blocked nose that will not go away after "
              "spring has come and gone for the third week, too!")
EXTRA_ARTICLES = {
    "questions/quotes.md": question(QUOTES_TITLE, 1),
    "questions/angles.md": question(ANGLE_TITLE, 7),
    "questions/javanese.md": question(JAVANESE_TITLE, 8),
    "questions/cjk.md": question(CJK_TITLE, 2, summary="流感疫苗诊所本周开放。", extra="Lang: zh\n"),
    "questions/emoji.md": question(EMOJI_TITLE, 3),
    "questions/long.md": question(LONG_TITLE, 4, extra="Slug: seasonal-allergies\n"),
    "myths/arabic.md": (
        f"Title: {ARABIC_TITLE}\n" + HEADER.format(day=5, summary="الفيروسات تسبب الزكام وليس البرد.")
        + f"Lang: ar\nCategory: Myths\nTags: colds\nFact: {ARABIC_TITLE}\nClaim: {ARABIC_CLAIM}\nVerdict: False\n\n"
        "الزكام سببه الفيروسات.\n\n## Sources\n\n- [CDC](https://www.cdc.gov/common-cold/about/index.html)\n"
    ),
    "stories/private.md": (
        "Title: A private recovery\n" + HEADER.format(day=6, summary="Shared on the web only.")
        + "Category: Patient Stories\nTags: recovery\nConsent: CR-2026-011\nConsent_date: 2026-04-20\n"
        "Consent_expires: 2029-04-20\nConsent_scope: web, feeds\nResults_typical: yes\n\n"
        "M. recovered well with rest and physical therapy.\n"
    ),
}
FIXTURE_CONTENT = sitebuild.FIXTURE / "content"
FIXTURE_PAGES = len(list((FIXTURE_CONTENT / "pages").glob("*.md")))
FIXTURE_ARTICLES = len(list(FIXTURE_CONTENT.glob("*/*.md"))) - FIXTURE_PAGES
# Article pages of the publish build that may be shared (all but the private story).
SHAREABLE = FIXTURE_ARTICLES + len(EXTRA_ARTICLES) - 1


def soup_of(build, relative):
    """An output page parsed."""
    return BeautifulSoup(build.page(relative), "html.parser")


def meta(soup, key):
    """Every content of <meta property=key> or <meta name=key> in the head."""
    return [tag["content"] for tag in soup.head.find_all("meta") if key in (tag.get("property"), tag.get("name"))]


def one(soup, key):
    """The single content of a meta tag (fails when missing or repeated)."""
    values = meta(soup, key)
    assert len(values) == 1, f"{key}: {values}"
    return values[0]


def article_pages(build):
    """Every article page of a build, by og:type, as {output path: soup}."""
    pages = {}
    for path in sorted(build.output.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if soup.head and meta(soup, "og:type") == ["article"]:
            pages[path.relative_to(build.output).as_posix()] = soup
    return pages


def path_of(build, title):
    """The output path of the article page whose og:title is `title`."""
    matches = [path for path, soup in article_pages(build).items() if one(soup, "og:title") == title]
    assert len(matches) == 1, title
    return matches[0]


def page_of(build, title):
    """The parsed article page whose og:title is `title`."""
    return soup_of(build, path_of(build, title))


def card_file(build, url, siteurl=SITEURL):
    """The output file an og:image URL names."""
    assert url.startswith(f"{siteurl}/cards/"), url
    return build.output / url[len(siteurl) + 1:]


def counts(build):
    """(rendered, reused) from the build's report line."""
    found = REPORT.findall(build.stderr)
    assert len(found) == 1, build.stderr
    return tuple(int(n) for n in found[0])


@pytest.fixture(scope="module")
def publish_build(tmp_path_factory):
    """The fixture site plus the articles above, built for production."""
    site = sitebuild.make_site(tmp_path_factory.mktemp("cards-publish"))
    for relative, text in EXTRA_ARTICLES.items():
        sitebuild.write(site, relative, text)
    result = sitebuild.build(site, settings="publishconf.py", extra=("-e", "CLINIC_STRICT=false"))
    assert result.returncode == 0, result.stderr
    return result


# --- Tags on every article page ----------------------------------------------

def test_every_article_page_has_every_tag(publish_build):
    pages = article_pages(publish_build)
    assert len(pages) == SHAREABLE
    for path, soup in pages.items():
        page_url = f"{SITEURL}/{path.removesuffix('index.html')}"
        assert one(soup, "og:url") == page_url
        assert one(soup, "og:title") and one(soup, "og:description")
        assert one(soup, "og:site_name") == "Elm Creek Family Clinic"
        assert re.fullmatch(r"[a-z]{2}_[A-Z]{2}", one(soup, "og:locale"))
        published = datetime.fromisoformat(one(soup, "article:published_time"))
        modified = datetime.fromisoformat(one(soup, "article:modified_time"))
        assert published.tzinfo and modified >= published
        assert one(soup, "article:section") in {"Myths", "News", "Patient Stories", "Questions"}
        assert meta(soup, "article:tag")
        authors = meta(soup, "article:author")
        assert authors and all(author.startswith(f"{SITEURL}/clinicians/") for author in authors)
        assert len(one(soup, "twitter:title")) <= 70
        assert len(one(soup, "twitter:description")) <= 200
        image = one(soup, "og:image")
        assert one(soup, "twitter:card") == "summary_large_image"
        assert one(soup, "twitter:image") == image
        assert one(soup, "og:image:width") == "1200" and one(soup, "og:image:height") == "630"
        assert one(soup, "og:image:type") == "image/png"
        alt = one(soup, "og:image:alt")
        assert "Elm Creek Family Clinic" in alt and one(soup, "og:title") in alt
        assert one(soup, "twitter:image:alt")
        path = card_file(publish_build, image)
        assert path.stat().st_size <= MAX_BYTES
        with Image.open(path) as card:
            assert card.format == "PNG" and card.size == (1200, 630)


def test_tags_follow_the_article(publish_build):
    soup = page_of(publish_build, "Colds come from viruses, not from the cold")
    assert meta(soup, "article:tag") == ["colds", "winter"]
    assert one(soup, "article:published_time") == "2026-01-12T09:00:00-06:00"
    assert one(soup, "og:image:alt") == (
        "Share card from Elm Creek Family Clinic: FACT CHECK — Colds come from viruses, not from the cold. "
        "Myth: “Going out in the cold gives you a cold”. Verdict: False. By Ana Ruiz, MD. "
        "Reviewed 10 January 2026.")
    news = page_of(publish_build, "Flu vaccine clinics open for the 2026 season")
    assert one(news, "article:modified_time") == "2026-09-20T10:00:00-05:00"


@pytest.mark.parametrize("title, escaped", [
    (QUOTES_TEXT, "Is \u201cdetox\u201d tea safe? Tom &amp; Jerry\u2019s &lt;script&gt;alert(1)&lt;/script&gt; question"),
    (ANGLE_TEXT, "Blood pressure: is &lt;120/80&gt; \u201cnormal\u201d &amp; safe?"),
])
def test_quotes_ampersands_and_angle_brackets_in_titles_are_escaped(publish_build, title, escaped):
    soup = page_of(publish_build, title)
    for key in ("twitter:title", "og:image:alt", "twitter:image:alt"):
        assert title in one(soup, key)
    assert {script.get("type") for script in soup.head.find_all("script")} <= {"application/ld+json"}
    raw = publish_build.page(path_of(publish_build, title))
    head = raw[raw.index("<head>"):raw.index("</head>")]
    assert "<script>alert" not in head
    assert f'<meta property="og:title" content="{escaped}">' in head
    assert f'<meta name="twitter:title" content="{escaped}">' in head


def test_languages_get_their_locale_and_words(publish_build):
    arabic = page_of(publish_build, ARABIC_TITLE)
    assert one(arabic, "og:locale") == "ar_AR"
    alt = one(arabic, "og:image:alt")
    assert "خرافة" in alt and "الحكم: خطأ" in alt and "تمت المراجعة في 1 مايو 2026" in alt
    assert one(page_of(publish_build, CJK_TITLE), "og:locale") == "zh_CN"


def test_other_pages_get_the_website_tags(publish_build):
    for relative in ("index.html", "about/index.html", "tags/colds/index.html", "myths/index.html"):
        soup = soup_of(publish_build, relative)
        assert one(soup, "og:type") == "website", relative
        assert one(soup, "og:url") == f"{SITEURL}/{relative.removesuffix('index.html')}"
        assert not [tag for tag in soup.head.find_all("meta") if tag.get("property", "").startswith("article:")]
        assert one(soup, "twitter:card") == "summary_large_image"
        with Image.open(card_file(publish_build, one(soup, "og:image"))) as card:
            assert card.size == (1200, 630)
    assert one(soup_of(publish_build, "about/index.html"), "og:title") == "About us"
    assert one(soup_of(publish_build, "tags/colds/index.html"), "og:title") == "Articles about colds"


def test_a_story_without_social_consent_gets_no_card_and_no_share_links(publish_build):
    # A link preview is sharing too: the page has none of the tags.
    [soup] = [soup for path in publish_build.output.rglob("*.html")
              for soup in [BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")]
              if soup.h1 and soup.h1.get_text(strip=True) == "A private recovery"]
    assert [tag for tag in soup.head.find_all("meta")
            if tag.get("property", "").startswith(("og:", "article:")) or tag.get("name", "").startswith("twitter:")] == []
    assert soup.find(class_="share-bar") is None
    assert not [p for p in (publish_build.output / "cards").iterdir() if p.name.startswith("a-private-recovery")]


# --- The cards themselves ----------------------------------------------------

def test_only_characters_no_font_has_are_reported(publish_build):
    missing = [line for line in publish_build.problem_lines() if MISSING in line]
    assert missing == [
        'content/questions/javanese.md:1: Title: the share card cannot draw "ꦱ" (U+A9B1), "ꦼ" (U+A9BC), '
        '"ꦲ" (U+A9B2), "ꦠ" (U+A9A0), "꧀" (U+A9C0): no font of the card has them, so they are left out '
        "— use other characters in the title, or ask whoever maintains the blog to add a font for them"
    ]
    assert counts(publish_build) == (SHAREABLE + FIXTURE_PAGES + 1, 0)  # + the site's own card


@pytest.mark.parametrize("title, lang, claim, verdict", [
    (CJK_TITLE, "zh", None, None),
    (ARABIC_TITLE, "ar", ARABIC_CLAIM, "خطأ"),
    (EMOJI_TITLE, "en", None, None),
    (LONG_TITLE, "en", None, None),
])
def test_hard_titles_draw_every_glyph_inside_the_canvas(title, lang, claim, verdict):
    layout = merge_layout()
    text = CardText(site_name="Elm Creek Family Clinic", badge="MYTH" if claim else "ASK A CLINICIAN",
                    kind="myth" if claim else "question", title=title, claim=claim, verdict=verdict,
                    byline="Ana Ruiz, MD", reviewed="1 May 2026", lang=lang)
    boxes = []
    png, missing = render_card(text, layout, debug_boxes=boxes)
    assert missing == []
    pad = layout["padding"]
    # the clinic's name, badge, title, byline and reviewed note (and the
    # myth's claim and verdict), each a block
    assert len(boxes) == (7 if claim else 5)
    for x0, y0, x1, y1 in boxes:
        assert pad <= x0 < x1 <= 1200 - pad and pad <= y0 < y1 <= 630 - pad, (x0, y0, x1, y1)
    assert len(png) <= MAX_BYTES


def test_a_300_character_title_ends_in_an_ellipsis(publish_build):
    assert len(LONG_TITLE) == 300
    layout = merge_layout()
    title = layout["title"]
    height = layout["footer"]["rule_y"] - layout["footer"]["title_gap"] - title["y"]
    block = fit(LONG_TITLE, fonts_for(layout["fonts"], "bold"), "#000000", title["width"], height, title["max_size"],
                title["min_size"], title["step"], title["max_lines"], title["line_height"], False, False, "en")
    assert block.size == title["min_size"] and block.lines == title["max_lines"]
    assert block.text.endswith("…") and LONG_TITLE.startswith(block.text[:-1].rstrip())
    assert block.width <= title["width"]
    soup = page_of(publish_build, LONG_TITLE)
    assert one(soup, "twitter:title").endswith("…") and len(one(soup, "twitter:title")) <= 70


def test_shorten_never_splits_a_character():
    text = "Family 👩🏽‍⚕️ " * 20
    for limit in range(5, 60):
        short = shorten(text, limit)
        assert len(short) <= limit and short.endswith("…")
        assert short.count("\u200d") == short.count("👩") == short.count("⚕") == short.count("🏽")


def test_languages_fall_back_to_english_and_take_overrides():
    assert language_for("en-GB").locale == "en_GB" and language_for("pt").locale == "pt"
    assert language_for("zh-Hant").locale == "zh_TW" and language_for(None).locale == "en_US"
    myth, false = kinds.BY_KEY["myth"], kinds.VERDICTS["false"]
    assert (language_for("ja").badge(myth), language_for("ja").verdict(false)) == ("FACT CHECK", "False")
    french = language_for("fr-CA", {"fr": {"badges": {"myth": "IDÉE REÇUE"}, "verdicts": {"false": "Faux"},
                                           "months": ["janvier"] * 12, "date": "{day} {month} {year}"}})
    assert (french.badge(myth), french.verdict(false), french.locale) == ("IDÉE REÇUE", "Faux", "fr_CA")
    assert french.badge(kinds.BY_KEY["news"]) == "NEWS"
    assert french.day(datetime(2026, 1, 5)) == "5 janvier 2026"
    # a translated verdict keeps its verdict's colour on the card
    layout = merge_layout({}, french.card_layout(merge_layout()))
    assert layout["verdict"]["colors"]["faux"] == layout["verdict"]["colors"]["false"]


# --- Freshness: new URLs for new cards, nothing drawn twice, nothing left over --

@dataclass
class Rebuild:
    """One build of the rebuilt site, and what its output held right after it."""

    build: sitebuild.Build
    images: dict  # og:title -> og:image of every article page
    card_files: list  # names in output/cards


def snapshot(build):
    """The build, with its article pages' images and card files as they are now."""
    assert build.returncode == 0, build.stderr
    images = {one(soup, "og:title"): one(soup, "og:image") for soup in article_pages(build).values()}
    assert all(url.startswith("/cards/") for url in images.values())  # root-relative in previews
    return Rebuild(build, images, sorted(p.name for p in (build.output / "cards").iterdir()))


# Pelican run as `python -m pelican` runs it, then whether the building process
# loaded libvips (pyvips) is printed on stdout as it exits.
REPORTS_LIBVIPS = ("-c", "import atexit, runpy, sys\n"
                   "atexit.register(lambda: print('libvips loaded:', 'pyvips' in sys.modules))\n"
                   "sys.argv[0] = 'pelican'\n"
                   "runpy.run_module('pelican', run_name='__main__', alter_sys=True)\n")


def libvips_loaded(build):
    """Whether the build's own process loaded libvips (built with REPORTS_LIBVIPS)."""
    found = re.findall(r"^libvips loaded: (True|False)$", build.stdout, re.M)
    assert len(found) == 1, build.stdout
    return found[0] == "True"


@pytest.fixture(scope="module")
def rebuilds(tmp_path_factory):
    """Four preview builds of one site: first, unchanged, a headline (a myth's fact) edited, an article deleted."""
    site = sitebuild.make_site(tmp_path_factory.mktemp("cards-rebuild"))
    builds = {"first": snapshot(sitebuild.build(site, run=REPORTS_LIBVIPS))}
    builds["unchanged"] = snapshot(sitebuild.build(site, run=REPORTS_LIBVIPS))
    myth = site / "content" / "myths" / "cold-weather.md"
    myth.write_text(myth.read_text(encoding="utf-8").replace(
        "Fact: Colds come from viruses, not from the cold", "Fact: Colds come from viruses, never from the cold"), encoding="utf-8")
    builds["retitled"] = snapshot(sitebuild.build(site, run=REPORTS_LIBVIPS))
    (site / "content" / "questions" / "ibuprofen.md").unlink()
    builds["deleted"] = snapshot(sitebuild.build(site))
    return builds


# Cards of the fixture site: its articles, its pages and the site's own.
FIXTURE_CARDS = FIXTURE_ARTICLES + FIXTURE_PAGES + 1


def test_a_second_build_with_no_change_draws_nothing(rebuilds):
    assert counts(rebuilds["first"].build) == (FIXTURE_CARDS, 0)
    assert counts(rebuilds["unchanged"].build) == (0, FIXTURE_CARDS)
    assert rebuilds["unchanged"].card_files == rebuilds["first"].card_files
    assert len(rebuilds["first"].card_files) == FIXTURE_CARDS
    # the cache is kept outside the output
    site = rebuilds["first"].build.site
    cache = site / ".cache" / "share-cards"
    assert len(list(cache.glob("*.png"))) == FIXTURE_CARDS + 1  # and the retitled article's card
    assert site / "output" not in cache.parents


def test_only_a_build_that_draws_cards_itself_loads_libvips(rebuilds):
    # libvips takes some 13 MB: the pool's workers draw a whole site's cards,
    # and a build that reuses every card draws none.
    assert counts(rebuilds["first"].build)[0] > IN_PROCESS_MAX
    assert not libvips_loaded(rebuilds["first"].build)
    assert not libvips_loaded(rebuilds["unchanged"].build)
    # One edited headline: its card is drawn here, as before.
    assert libvips_loaded(rebuilds["retitled"].build)


def test_editing_a_title_gives_a_new_card_url(rebuilds):
    old_url = rebuilds["first"].images["Colds come from viruses, not from the cold"]
    new_url = rebuilds["retitled"].images["Colds come from viruses, never from the cold"]
    assert new_url != old_url
    assert counts(rebuilds["retitled"].build) == (1, FIXTURE_CARDS - 1)
    cards = rebuilds["retitled"].card_files
    assert new_url.removeprefix("/cards/") in cards and old_url.removeprefix("/cards/") not in cards
    assert len(cards) == FIXTURE_CARDS


def test_cards_of_a_deleted_article_do_not_linger(rebuilds):
    gone = rebuilds["first"].images["Can I take ibuprofen while breastfeeding?"].removeprefix("/cards/")
    assert gone in rebuilds["retitled"].card_files
    assert gone not in rebuilds["deleted"].card_files
    assert len(rebuilds["deleted"].card_files) == FIXTURE_CARDS - 1
    assert counts(rebuilds["deleted"].build) == (0, FIXTURE_CARDS - 1)


def test_a_pool_after_cards_drawn_in_this_process_draws_its_cards(tmp_path):
    # As in a dev server: one edit draws a card here (libvips now has threads
    # in this process), then a larger rebuild hands its cards to the pool. A
    # worker forked from this process would hang on its first card.
    maker = CardMaker("Elm Creek Family Clinic", "", "cards", {}, {})
    few = Batch(tmp_path / "cache", workers=2, cache_days=30)
    few.add(maker.site_card("Drawn here", "en"))
    few.start()
    assert few.finish(tmp_path / "output", "cards").rendered == 1
    many = Batch(tmp_path / "cache", workers=2, cache_days=30)
    for n in range(IN_PROCESS_MAX + 3):
        many.add(maker.site_card(f"Drawn by the pool {n}", "en"))
    outcomes = []
    # a thread, so that a hung pool fails the test instead of stopping the suite
    worker = threading.Thread(target=lambda: outcomes.append(many.finish(tmp_path / "output", "cards")),
                              daemon=True)
    worker.start()
    worker.join(120)
    assert outcomes and outcomes[0].rendered == IN_PROCESS_MAX + 3 and not outcomes[0].failed


@pytest.mark.parametrize("good", [1, IN_PROCESS_MAX + 1], ids=["drawn-here", "drawn-by-the-pool"])
def test_a_card_that_cannot_be_drawn_is_reported_with_it_and_the_others_are_drawn(tmp_path, good):
    drawable = CardMaker("Elm Creek Family Clinic", "", "cards", {}, {})
    fontless = CardMaker("Elm Creek Family Clinic", "", "cards", {"fonts": {"regular": ["no/such.ttf"]}}, {})
    bad = fontless.site_card("A card with no font", "en")
    cards = [drawable.site_card(f"Card {n}", "en") for n in range(good)] + [bad]
    batch = Batch(tmp_path / "cache", workers=1, cache_days=30)
    for card in cards:
        batch.add(card)
    batch.start()
    outcome = batch.finish(tmp_path / "output", "cards")
    assert (outcome.rendered, outcome.reused) == (good, 0)
    assert [(card, type(error)) for card, error in outcome.failed] == [(bad, FileNotFoundError)]
    for card in cards[:good]:
        with Image.open(tmp_path / "output" / card.path) as image:
            assert image.size == (1200, 630) and card.facts["length"] > 0


# --- The share bar -------------------------------------------------------------

def test_share_links_are_plain_links_to_each_network(publish_build):
    soup = page_of(publish_build, "Colds come from viruses, not from the cold")
    url = f"{SITEURL}/myths/cold-weather-gives-you-a-cold/"
    bar = soup.find(class_="share-bar")
    hosts = {}
    for link in bar.find_all("a"):
        parts = urlsplit(link["href"])
        hosts[link.get_text()] = parts.netloc or parts.scheme
        values = [v for vs in parse_qs(parts.query).values() for v in vs]
        assert any(url in value for value in values), link["href"]
    assert hosts == {
        "Share on Facebook": "www.facebook.com", "Share on X": "x.com", "Share on LinkedIn": "www.linkedin.com",
        "Share on WhatsApp": "wa.me", "Share on Telegram": "t.me", "Share on Bluesky": "bsky.app",
        "Share by Email": "mailto",
    }
    form = bar.find("form", attrs={"data-share-mastodon": True})
    assert form.has_attr("hidden") and url in form["data-share-text"]
    assert bar.find(attrs={"data-share-copy-item": True}).has_attr("hidden")
    assert bar.find("input", id="share-url")["value"] == url
    for script in soup.find_all("script", src=True):
        assert script["src"].startswith(f"{SITEURL}/"), script["src"]


def test_share_addresses_encode_every_character_of_title_and_summary():
    url = "https://blog.elmcreekclinic.example/questions/a-b/?x=1&y=2#top"
    title = "Tom & Jerry's 100% \"safe\" tea + honey? 流感 #1 / 2 ✈️ a  b~_.-"
    summary = "Line one.\nLine two: 50% off & more; café."
    body = f"{summary}\n\n{url}"
    expected = {
        "facebook": f"https://www.facebook.com/sharer/sharer.php?{urlencode({'u': url}, quote_via=quote)}",
        "x": f"https://x.com/intent/post?{urlencode({'text': title, 'url': url}, quote_via=quote)}",
        "whatsapp": f"https://wa.me/?{urlencode({'text': f'{title} {url}'}, quote_via=quote)}",
        "email": f"mailto:?{urlencode({'subject': title, 'body': body}, quote_via=quote)}",
    }
    for _ in range(2):  # the second time from what was kept
        links = {link.key: link.href for link in share_links(list(expected), url, title, summary)}
        assert links == expected


@pytest.fixture(scope="module")
def shared_article(sample_build):
    """(address below the site, title) of a myth of the sample site that has a share bar."""
    for path, soup in article_pages(sample_build).items():
        if path.startswith("myths/") and soup.find(class_="share-bar"):
            return path.removesuffix("index.html"), one(soup, "og:title")
    pytest.fail("no myth of the sample site has a share bar")


def test_share_bar_controls_work_and_are_large_enough(browser, sample_server, shared_article):
    address, title = shared_article
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=sample_server)
    page = context.new_page()
    left_the_site = []

    def keep_local(route):
        if route.request.url.startswith(sample_server):
            route.continue_()
        else:
            left_the_site.append(route.request.url)
            route.abort()

    page.route("**/*", keep_local)
    page.goto(f"{sample_server}/{address}")
    bar = page.locator(".share-bar")
    assert bar.locator("[data-share-manual]").is_hidden()
    # The plain links and the Mastodon form are behind one disclosure.
    bar.get_by_text("More ways to share").click()
    controls = bar.locator("a:visible, button:visible, input:visible, summary")
    assert controls.count() >= 11
    for i in range(controls.count()):
        box = controls.nth(i).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, controls.nth(i).evaluate("e => e.outerHTML")

    bar.get_by_role("button", name="Copy link").click()
    page.get_by_role("status").filter(has_text="Link copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == f"/{address}"

    server = bar.get_by_label("Your Mastodon server")
    server.fill("my server")
    bar.get_by_role("button", name="Share on Mastodon").click()
    assert bar.locator("[data-share-error]").inner_text() == "Type your server's address, such as mastodon.social."
    assert server.get_attribute("aria-invalid") == "true" and left_the_site == []
    server.fill("@someone@social.example/")
    with page.expect_request(lambda request: "social.example" in request.url) as going:
        bar.get_by_role("button", name="Share on Mastodon").click()
    target = urlsplit(going.value.url)
    assert (target.scheme, target.netloc, target.path) == ("https", "social.example", "/share")
    assert parse_qs(target.query)["text"] == [f"{title} /{address}"]
    assert left_the_site == [going.value.url]
    context.close()


def test_without_javascript_the_bar_says_how_to_share_by_hand(browser, sample_server, shared_article):
    address, _ = shared_article
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{sample_server}/{address}")
    bar = page.locator(".share-bar")
    assert bar.locator("[data-share-manual]").is_visible()
    assert bar.locator("form").is_hidden()
    assert bar.get_by_role("button", name="Copy link").count() == 0
    assert bar.get_by_label("Link to this article").input_value() == f"/{address}"
    context.close()

