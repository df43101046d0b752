"""schema.org JSON-LD: extracted from every built page with extruct and checked per kind."""

import json
import re
from datetime import datetime

import extruct
import jinja2
import pytest
from bs4 import BeautifulSoup
from PIL import Image

import sitebuild
from sitebuild import ROOT

PUBLISH_ROOT = "https://blog.elmcreekclinic.example"
ARTICLE_FOLDERS = {"myths": "myth", "news": "news", "patient-stories": "story", "questions": "question"}
KIND_TYPES = {"myth": "ClaimReview", "news": "NewsArticle", "story": "Article", "question": "Question"}
ISO_WITH_ZONE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")

# A test-only plugin standing in for share_cards: a card for the myth only.
FAKE_CARDS = '''
from pelican import signals

def card(generator, content):
    if content.kind.key == "myth":
        content.share_card = {"url": "cards/myth.png", "path": "theme/images/logo.png",
                              "width": 1200, "height": 630, "type": "image/png", "alt": "A card."}
    else:
        content.share_card = None

def register():
    signals.article_generator_write_article.connect(card)
'''


def json_ld(build, relative):
    """The page's JSON-LD items: each block parsed as strict JSON, and as extruct reads them."""
    html = build.page(relative)
    blocks = BeautifulSoup(html, "html.parser").find_all("script", type="application/ld+json")
    strict = [json.loads(block.string) for block in blocks]
    extracted = extruct.extract(html, syntaxes=["json-ld"], uniform=False)["json-ld"]
    assert extracted == strict, relative
    return extracted


def by_type(items):
    typed = {}
    for item in items:
        assert item["@context"] == "https://schema.org"
        assert item["@type"] not in typed, f"two {item['@type']} items"
        typed[item["@type"]] = item
    return typed


def article_pages(build):
    """(relative path, kind key) of every article page in the output."""
    return [
        (path.relative_to(build.output).as_posix(), kind)
        for folder, kind in ARTICLE_FOLDERS.items()
        for path in sorted((build.output / folder).glob("*/index.html"))
    ]


def check_iso(value):
    assert ISO_WITH_ZONE.match(value), value
    assert datetime.fromisoformat(value).tzinfo is not None


def check_person(person, build, root):
    assert person["@type"] == "Person"
    assert person["name"] and "," not in person["name"], "credentials belong in honorificSuffix"
    assert person["honorificSuffix"] and person["jobTitle"]
    assert re.fullmatch(re.escape(root) + r"/clinicians/[a-z-]+/", person["url"]), person["url"]
    assert (build.output / person["url"][len(root) + 1:] / "index.html").exists()


def check_clinic(clinic, build, root, in_full=True):
    assert clinic["@type"] == "MedicalClinic"
    assert clinic["name"] == "Elm Creek Family Clinic"
    assert clinic["@id"] == f"{root}/#clinic"
    if not in_full:
        return
    assert clinic["telephone"] == "(555) 010-4477"
    assert clinic["address"] == {
        "@type": "PostalAddress", "streetAddress": "1200 Elm Creek Parkway", "addressLocality": "Springfield",
        "addressRegion": "IL", "postalCode": "62704", "addressCountry": "US",
    }
    logo = clinic["logo"]["url"]
    assert logo == f"{root}/theme/images/logo.png"
    with Image.open(build.output / "theme/images/logo.png") as image:
        assert (clinic["logo"]["width"], clinic["logo"]["height"]) == image.size


def check_article(items, kind, build, root, relative):
    """The page and the kind's item, with the properties every consumer needs."""
    typed = by_type(items)
    assert set(typed) == {"WebPage", KIND_TYPES[kind]}, relative
    # Mastodon reads only the first item typed exactly WebPage or NewsArticle.
    assert items[0]["@type"] == "WebPage" and items[0]["additionalType"] == "https://schema.org/MedicalWebPage"
    page, item = typed["WebPage"], typed[KIND_TYPES[kind]]
    url = f"{root}/{relative[:-len('index.html')]}"
    assert page["url"] == url and page["mainEntity"]["@id"].startswith(url + "#")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", page["lastReviewed"])
    check_person(page["reviewedBy"], build, root)
    assert page["audience"] == {"@type": "MedicalAudience", "audienceType": "Patient"}
    assert page["headline"] == item.get("headline", page["headline"]) and page["author"] and page["publisher"]
    assert page["about"] and all(thing["@type"] == "Thing" and thing["name"] for thing in page["about"])
    # A Question is not a creative work with a headline: the page carries those facts.
    for work in (page,) if kind == "question" else (page, item):
        assert work["url"] == url and work["headline"]
        check_iso(work["datePublished"])
        if work is item:
            check_iso(work["dateModified"])
            assert work["dateModified"] >= work["datePublished"]
        assert work["author"]
        for person in work["author"]:
            check_person(person, build, root)
    # Article pages name the clinic; the home page describes the same node in full.
    check_clinic(page["publisher"], build, root, in_full=False)
    if kind != "question":
        assert item["publisher"] == {"@id": page["publisher"]["@id"]}
    if kind == "myth":
        assert item["@id"] == page["mainEntity"]["@id"]
        assert item["claimReviewed"] and item["itemReviewed"]["@type"] == "Claim"
        assert item["itemReviewed"]["name"] == item["claimReviewed"]
        assert item["reviewRating"]["@type"] == "Rating"
        assert item["reviewRating"]["alternateName"] in ("False", "Misleading", "Partly true", "True", "Unproven")
    elif kind == "question":
        assert item["@id"] == page["mainEntity"]["@id"] and item["mainEntityOfPage"] == {"@id": page["@id"]}
        assert item["name"] and item["answerCount"] == 1
        answer = item["acceptedAnswer"]
        # The whole answer the clinic wrote, not its summary.
        body = BeautifulSoup(build.page(relative), "html.parser").select_one(".article-body")
        assert answer["@type"] == "Answer" and answer["url"] == url
        shown = " ".join(body.get_text(" ").split())
        assert answer["text"][:30] == shown[:30] and len(answer["text"]) > 0.8 * len(shown)
        for person in answer["author"]:
            check_person(person, build, root)
    else:
        assert item["@id"] == page["mainEntity"]["@id"]
        assert item["mainEntityOfPage"] == {"@id": page["@id"]}
    return page, item


def test_every_json_ld_block_is_valid_json_and_every_article_has_it(sample_build):
    pages = sorted(p.relative_to(sample_build.output).as_posix() for p in sample_build.output.rglob("*.html"))
    with_data = {relative for relative in pages if json_ld(sample_build, relative)}
    articles = article_pages(sample_build)
    assert {kind for _, kind in articles} == set(KIND_TYPES)
    assert {relative for relative, _ in articles} <= with_data
    assert "index.html" in with_data


def test_articles_of_every_kind_carry_their_types_and_properties(sample_build):
    for relative, kind in article_pages(sample_build):
        _, item = check_article(json_ld(sample_build, relative), kind, sample_build, "", relative)
        if kind == "question":
            continue  # a Question has no image; link cards take og:image
        # The image is the share card, the same one link previews show.
        card = BeautifulSoup(sample_build.page(relative), "html.parser").find("meta", property="og:image")
        if card is None:
            assert "image" not in item, relative
        else:
            assert item["image"]["url"] == card["content"], relative
            assert (item["image"]["width"], item["image"]["height"]) == (1200, 630)


def test_fixture_articles_say_exactly_what_their_headers_say(fixture_build):
    myth_page, myth = check_article(
        json_ld(fixture_build, "myths/cold-weather-gives-you-a-cold/index.html"), "myth", fixture_build, "",
        "myths/cold-weather-gives-you-a-cold/index.html")
    assert myth["headline"] == "Colds come from viruses, not from the cold"
    assert myth["claimReviewed"] == "Going out in the cold gives you a cold"
    assert not {"appearance", "author", "datePublished"} & set(myth["itemReviewed"])
    assert myth["reviewRating"]["alternateName"] == "False"
    assert myth["datePublished"] == "2026-01-12T09:00:00-06:00"
    assert myth["author"] == [{"@type": "Person", "name": "Ana Ruiz", "honorificSuffix": "MD",
                               "jobTitle": "Family physician", "url": "/clinicians/ana-ruiz/"}]
    assert myth_page["lastReviewed"] == "2026-01-10"
    assert myth_page["reviewedBy"]["name"] == "Ben Cole"
    assert myth_page["reviewedBy"]["honorificSuffix"] == "PharmD"
    assert [thing["name"] for thing in myth_page["about"]] == ["colds", "winter"]

    news_relative = "news/flu-vaccine-clinics-open-for-the-2026-season/index.html"
    _, news = check_article(json_ld(fixture_build, news_relative), "news", fixture_build, "", news_relative)
    assert news["dateModified"] == "2026-09-20T10:00:00-05:00"
    assert news["isBasedOn"] == "https://www.cdc.gov/flu/vaccines/index.html"

    story_relative = "patient-stories/walking-again-after-knee-surgery/index.html"
    _, story = check_article(json_ld(fixture_build, story_relative), "story", fixture_build, "", story_relative)
    assert story["articleSection"] == "Patient Stories"

    question_relative = "questions/can-i-take-ibuprofen-while-breastfeeding/index.html"
    _, qa = check_article(json_ld(fixture_build, question_relative), "question", fixture_build, "", question_relative)
    assert qa["name"] == "Is it safe to take ibuprofen while I am breastfeeding?"
    # The answer is the article the clinic wrote, not its one-line summary.
    answer = qa["acceptedAnswer"]["text"]
    assert answer != "Usually yes: very little ibuprofen reaches breast milk."
    assert "Only a tiny amount passes into breast milk." in answer
    assert "QAPage" not in fixture_build.page(question_relative)


def test_publish_builds_use_absolute_urls(fixture_publish_build):
    for relative, kind in article_pages(fixture_publish_build):
        check_article(json_ld(fixture_publish_build, relative), kind, fixture_publish_build, PUBLISH_ROOT, relative)
    home = by_type(json_ld(fixture_publish_build, "index.html"))
    assert home["WebSite"]["url"] == f"{PUBLISH_ROOT}/"


def test_home_page_describes_the_website_and_the_clinic(sample_build):
    home = by_type(json_ld(sample_build, "index.html"))
    assert set(home) == {"WebSite", "MedicalClinic"}
    assert home["WebSite"]["name"] == "Elm Creek Family Clinic" and home["WebSite"]["url"] == "/"
    assert home["WebSite"]["publisher"] == {"@id": home["MedicalClinic"]["@id"]}
    check_clinic(home["MedicalClinic"], sample_build, "")
    assert home["MedicalClinic"]["email"] == "hello@elmcreekclinic.example"


def test_clinician_pages_describe_the_clinician(sample_build):
    profile = by_type(json_ld(sample_build, "clinicians/amara-okafor/index.html"))["ProfilePage"]
    person = profile["mainEntity"]
    check_person(person, sample_build, "")
    assert (person["name"], person["honorificSuffix"], person["jobTitle"]) == ("Amara Okafor", "MD, FAAP", "Pediatrician")
    assert (sample_build.output / person["image"].lstrip("/")).exists()


def test_share_card_is_the_image_when_there_is_one(tmp_path):
    site = sitebuild.make_site(tmp_path)
    (site / "fake_cards").mkdir()
    (site / "fake_cards" / "__init__.py").write_text(FAKE_CARDS, encoding="utf-8")
    from pelicanconf import PLUGIN_PATHS, PLUGINS

    settings = [f"PLUGIN_PATHS={json.dumps([*PLUGIN_PATHS, str(site)])}",
                f"PLUGINS={json.dumps([*PLUGINS[:-1], 'fake_cards', PLUGINS[-1]])}"]
    build = sitebuild.build(site, extra=("-e", *settings, f'SITEURL="{PUBLISH_ROOT}"'))
    assert build.returncode == 0, build.stderr
    myth = by_type(json_ld(build, "myths/cold-weather-gives-you-a-cold/index.html"))["ClaimReview"]
    assert myth["image"] == {"@type": "ImageObject", "url": f"{PUBLISH_ROOT}/cards/myth.png", "width": 1200,
                             "height": 630, "encodingFormat": "image/png", "caption": "A card."}
    news = by_type(json_ld(build, "news/flu-vaccine-clinics-open-for-the-2026-season/index.html"))["NewsArticle"]
    assert "image" not in news


# A myth's fact is its headline, at most 70 characters.
HOSTILE = 'Is "cold" </script><script>alert(1)</script> bad & risky\u2028or\u2029not?'


def test_hostile_titles_stay_valid_json_in_the_page(tmp_path):
    site = sitebuild.make_site(tmp_path)
    path = site / "content/myths/cold-weather.md"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^Slug: .*\n", "", text)
    path.write_text(text.replace("Fact: Colds come from viruses, not from the cold", f"Fact: {HOSTILE}\nSlug: hostile"),
                    encoding="utf-8")
    build = sitebuild.build(site)
    assert build.returncode == 0, build.stderr
    html = build.page("myths/hostile/index.html")
    shown = BeautifulSoup(html, "html.parser").h1.get_text()
    assert "</script>" in shown and "\u2028" in shown
    typed = by_type(json_ld(build, "myths/hostile/index.html"))
    assert typed["ClaimReview"]["headline"] == shown
    assert typed["WebPage"]["name"] == shown
    # Each element closes exactly once, and no raw line separator reaches the script.
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        assert "<" not in block and ">" not in block and "\u2028" not in block and "\u2029" not in block
    assert html.count('<script type="application/ld+json">') == 2


@pytest.mark.parametrize("text", [
    'He said "hi"', "</script><script>alert(1)</script>", "<!-- x -->", "a & b", "line\u2028break\u2029end", "\\ \x00",
])
def test_the_json_ld_include_round_trips_and_cannot_close_the_element(text):
    templates = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "theme" / "templates"), autoescape=True)
    html = templates.get_template("includes/structured_data.html").render(structured_data=lambda: [{"headline": text}])
    written = re.fullmatch(r'\s*<script type="application/ld\+json">(.*)</script>\s*', html, re.S).group(1)
    assert json.loads(written) == {"headline": text}
    for unsafe in ("<", ">", "&", "\u2028", "\u2029"):
        assert unsafe not in written

def test_a_myth_names_where_its_claim_goes_round(sample_build):
    relative = "myths/vaccines-do-not-cause-autism/index.html"
    review = by_type(json_ld(sample_build, relative))["ClaimReview"]
    assert review["itemReviewed"]["appearance"] == {"@type": "CreativeWork",
                                                    "url": "https://pubmed.ncbi.nlm.nih.gov/9500320/"}
    # Who made the claim and when, from Claim_author and Claim_date.
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Andrew Wakefield"}
    assert review["itemReviewed"]["datePublished"] == "1998-02-28"
