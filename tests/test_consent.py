"""Consent that holds whatever the header says: the kind of a story, its
dates, where it may be shared, the photos it links and its withdrawal.

Each test builds a real site (tests/sitebuild.py) from the small fixture
site plus one story written here, and reads what Pelican printed and wrote.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup
from PIL import Image

import sitebuild

# A story whose patient agreed to everything; tests change one line of it.
STORY = """Title: The zqconsent story
Date: 2026-03-02 09:00
Category: Patient Stories
Authors: Ana Ruiz
Summary: How zqconsent got better.
Reviewed_by: Ben Cole
Reviewed_on: 2026-03-01
Consent: CR-2026-120
Consent_date: 2026-02-20
Consent_expires: 2099-02-20
Consent_scope: web, social, feeds

The zqconsent story: she walked a mile by spring.
"""


def story(**changes):
    """STORY with header lines replaced ({"Category": "Questions"}) or added
    at the end of the header; None drops a line."""
    header, _, body = STORY.partition("\n\n")
    lines = []
    for line in header.splitlines():
        key = line.partition(":")[0]
        if key not in changes:
            lines.append(line)
        elif changes[key] is not None:
            lines.append(f"{key}: {changes[key]}")
    keys = {line.partition(":")[0] for line in header.splitlines()}
    lines += [f"{key}: {value}" for key, value in changes.items() if key not in keys and value is not None]
    return "\n".join(lines) + "\n\n" + body


def build_with(tmp_path, text, folder="stories", name="zq-consent.md", extra=()):
    """Build the fixture site with one more article, as `make html` does."""
    site = sitebuild.make_site(tmp_path / "site")
    sitebuild.write(site, f"{folder}/{name}", text)
    return sitebuild.build(site, extra=extra)


def published_with(build, word):
    """Output files (relative) whose text holds `word`."""
    return sorted(str(path.relative_to(build.output)) for path in build.output.rglob("*")
                  if path.is_file() and path.suffix in (".html", ".xml", ".json")
                  and word in path.read_text(encoding="utf-8", errors="replace"))


def test_story_file_relabelled_as_question_is_an_error_and_its_consent_is_checked(tmp_path):
    done = build_with(tmp_path, story(Category="Questions", Consent_expires="2024-01-31",
                                      Consent_date="2023-01-31", Question="Can I walk again?"))
    problems = done.problem_lines()
    assert ('content/stories/zq-consent.md:3: Category: is "Questions", but the file is in content/stories/, '
            'where patient stories go — write "Category: Patient Stories", or move the file to '
            'content/questions/ if it is not a patient\'s story') in problems, done.stderr
    assert any(line.startswith("content/stories/zq-consent.md:10: Consent_expires: the patient's consent expired")
               for line in problems), done.stderr
    assert published_with(done, "zqconsent") == []


def test_consent_date_in_the_future_is_an_error(tmp_path):
    done = build_with(tmp_path, story(Consent_date="2098-03-01"))
    assert ("content/stories/zq-consent.md:9: Consent_date: is 1 March 2098, a day that has not come yet — "
            "copy the day the patient signed from the consent form, as YYYY-MM-DD") in done.problem_lines(), done.stderr
    assert published_with(done, "zqconsent") == []


def article_page(build, word):
    """The parsed page of the one article whose page holds `word`."""
    pages = [path for path in published_with(build, word) if path.endswith("/index.html")
             and word in BeautifulSoup(build.page(path), "html.parser").find("h1").get_text()]
    assert len(pages) == 1, pages
    return BeautifulSoup(build.page(pages[0]), "html.parser")


def test_story_without_social_consent_has_no_link_preview_card_or_share_links(tmp_path):
    done = build_with(tmp_path, story(Consent_scope="web, feeds", Slug="zq-no-social"))
    assert done.returncode == 0, done.stderr
    page = article_page(done, "zqconsent")
    previews = [meta for meta in page.find_all("meta")
                if (meta.get("property") or "").startswith(("og:", "article:"))
                or (meta.get("name") or "").startswith("twitter:")]
    assert previews == []
    assert page.select(".share-bar, .share-links, [data-share-copy]") == []
    assert not [path for path in (done.output / "cards").rglob("*") if "zq-no-social" in path.name]


def test_story_with_social_consent_has_its_link_preview(tmp_path):
    done = build_with(tmp_path, story(Slug="zq-social"))
    page = article_page(done, "zqconsent")
    assert page.find("meta", attrs={"property": "og:title"})["content"] == "The zqconsent story"
    assert page.find("meta", attrs={"name": "twitter:card"}) is not None
    assert page.select(".share-bar")
    assert [path for path in (done.output / "cards").rglob("*") if "zq-social" in path.name]


PHOTO_FIX = ('add "Photo_consent: yes" to the header only if the signed form covers photos; '
             "otherwise remove the image")


def build_linking_photo(tmp_path, **changes):
    """A story that links (does not show) its patient's photo, in content/images/."""
    site = sitebuild.make_site(tmp_path / "site")
    images = site / "content" / "images"
    images.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 8), "orange").save(images / "zq-patient-photo.jpg")
    sitebuild.write(site, "stories/zq-consent.md",
                    story(**changes) + "\n[See her photo]({static}/images/zq-patient-photo.jpg)\n")
    return sitebuild.build(site)


def published_orange(done):
    """Published pictures holding the patient's photo (an all-orange picture), whatever they are named."""
    found = []
    for path in (done.output / "images").rglob("*"):
        if path.suffix in (".jpg", ".png", ".avif", ".webp"):
            with Image.open(path) as picture:
                colours = picture.convert("RGB").getcolors(64) or []
            if colours and all(abs(r - 255) < 12 and abs(g - 165) < 12 and b < 12 for _, (r, g, b) in colours):
                found.append(path)
    return found


def test_linking_a_photo_needs_photo_consent(tmp_path):
    done = build_linking_photo(tmp_path)
    assert (f"content/stories/zq-consent.md:15: Photo_consent: is missing, but the story links to an image — "
            f"{PHOTO_FIX}") in done.problem_lines(), done.stderr
    assert published_with(done, "zqconsent") == []
    assert not published_orange(done)


def test_linking_a_photo_with_photo_consent_no_is_an_error(tmp_path):
    done = build_linking_photo(tmp_path, Photo_consent="no")
    assert (f"content/stories/zq-consent.md:12: Photo_consent: is no, but the story links to an image on line 16 — "
            f"{PHOTO_FIX}") in done.problem_lines(), done.stderr


def test_linking_a_photo_with_photo_consent_is_published(tmp_path):
    done = build_linking_photo(tmp_path, Photo_consent="yes")
    assert done.returncode == 0, done.stderr
    link = article_page(done, "zqconsent").find("a", string="See her photo")
    assert (done.output / link["href"].lstrip("/")).is_file()
    assert published_orange(done)


def clinic_today():
    """Today in the clinic's time zone (pelicanconf.TIMEZONE), as the build sees it."""
    return datetime.now(ZoneInfo("America/Chicago")).date()


WITHDRAWN_FIX = "nothing to do: the story stays out of the site; delete its file when the clinic's records allow"


def test_withdrawn_consent_leaves_the_story_and_its_photo_out_with_a_warning(tmp_path):
    today = clinic_today()
    site = sitebuild.make_site(tmp_path / "site")
    images = site / "content" / "images"
    images.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 8), "orange").save(images / "zq-patient-photo.jpg")
    sitebuild.write(site, "stories/zq-consent.md",
                    story(Consent_withdrawn=today.isoformat(), Photo_consent="yes")
                    + "\n![Her garden]({static}/images/zq-patient-photo.jpg)\n\nCall her on 217-555-0143.\n")
    done = sitebuild.publish(site)
    # The phone number would be an error in a published story; in a withdrawn one it no longer matters.
    assert done.returncode == 0, done.stderr
    day = f"{today.day} {today:%B %Y}"
    assert (f"content/stories/zq-consent.md:12: Consent_withdrawn: the patient withdrew consent on {day}, so the "
            f"story is left out of the site — {WITHDRAWN_FIX}") in done.problem_lines(), done.stderr
    assert "Warnings:" in done.stderr
    assert published_with(done, "zqconsent") == []
    assert not published_orange(done)


def test_consent_withdrawn_from_a_later_day_keeps_the_story_until_then(tmp_path):
    later = clinic_today() + timedelta(days=3)
    done = build_with(tmp_path, story(Consent_withdrawn=later.isoformat()))
    assert done.returncode == 0, done.stderr
    day = f"{later.day} {later:%B %Y}"
    assert (f"content/stories/zq-consent.md:12: Consent_withdrawn: the patient withdrew consent from {day}; the "
            f"story will then be left out of the site — {WITHDRAWN_FIX}") in done.problem_lines(), done.stderr
    assert published_with(done, "zqconsent")


def test_consent_withdrawn_that_is_not_a_date_is_an_error(tmp_path):
    done = build_with(tmp_path, story(Consent_withdrawn="last week"))
    assert any(line.startswith('content/stories/zq-consent.md:12: Consent_withdrawn: "last week" is not a date')
               for line in done.problem_lines()), done.stderr
    assert published_with(done, "zqconsent") == []
