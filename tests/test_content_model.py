"""The content model: what articles show, and every validation rule's message."""

import re

import pytest
from bs4 import BeautifulSoup

import sitebuild

MYTH = "content/myths/cold-weather.md"
NEWS = "content/news/flu-clinics.md"
STORY = "content/stories/walking-again.md"
QUESTION = "content/questions/ibuprofen.md"


def soup(build, relative):
    return BeautifulSoup(build.page(relative), "html.parser")


def edit(site, relative, old, new):
    path = site / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- What readers see ---------------------------------------------------------

def test_myth_shows_byline_review_claim_and_verdict(fixture_build):
    page = soup(fixture_build, "myths/cold-weather-gives-you-a-cold/index.html")
    byline = page.select_one(".byline")
    assert byline.a.get_text() == "Ana Ruiz, MD"
    assert byline.a["href"] == "/clinicians/ana-ruiz/"
    review = page.select_one(".review-box").get_text(" ", strip=True)
    assert "Medically reviewed by Ben Cole, PharmD on January 10, 2026" in review
    assert "on January 10, 2026 Next review due January 10, 2027" in review
    assert page.select_one(".claim-text").get_text(" ", strip=True) == (
        "Myth: Going out in the cold gives you a cold"
    )
    assert page.select_one(".verdict").get_text(" ", strip=True) == "Verdict: False"


def test_news_links_its_source_and_shows_update_history(fixture_build):
    page = soup(fixture_build, "news/flu-vaccine-clinics-open-for-the-2026-season/index.html")
    assert page.select_one(".news-source a")["href"] == "https://www.cdc.gov/flu/vaccines/index.html"
    assert "Updated" in page.select_one(".byline").get_text()
    history = page.select_one(".update-history li").get_text(" ", strip=True)
    assert history == "September 20, 2026 : Added Saturday hours"


def test_story_shows_consent_and_typical_results(fixture_build):
    page = soup(fixture_build, "patient-stories/walking-again-after-knee-surgery/index.html")
    assert page.select_one(".consent-note").get_text() == "Shared with the patient's written permission."
    assert "Most people walk without a cane" in page.select_one(".typical-results").get_text()


def test_question_shows_the_question_before_the_answer(fixture_build):
    page = fixture_build.page("questions/can-i-take-ibuprofen-while-breastfeeding/index.html")
    html = page[page.index("<main"):]
    question = html.index("Is it safe to take ibuprofen while I am breastfeeding?")
    answer = html.index("Only a tiny amount passes into breast milk.")
    assert question < answer


def test_clinician_pages_list_written_and_reviewed(fixture_build):
    page = soup(fixture_build, "clinicians/ben-cole/index.html")
    written = [a.get_text() for a in page.select("#written ~ .article-list a, section:has(#written) a")]
    reviewed = [a.get_text() for a in page.select("section:has(#reviewed) a")]
    assert "Can I take ibuprofen while breastfeeding?" in written
    assert "Colds come from viruses, not from the cold" in reviewed
    assert "Cold weather gives you a cold" not in written


def test_sample_site_has_every_kind_and_page(sample_build):
    counts = {
        "myths": 4, "news": 4, "patient-stories": 3, "questions": 2,
    }
    for folder, least in counts.items():
        articles = [p for p in (sample_build.output / folder).glob("*/index.html")]
        assert len(articles) >= least, folder
        for article in articles:
            page = BeautifulSoup(article.read_text(encoding="utf-8"), "html.parser")
            assert page.select_one(".byline a[href^='/clinicians/']"), article
            assert "Medically reviewed by" in page.select_one(".review-box").get_text(), article
    for slug in ("about", "clinicians", "contact", "disclaimer", "privacy", "editorial-policy"):
        assert (sample_build.output / slug / "index.html").exists(), slug
    assert "Errors:" not in sample_build.stderr


# --- Validation ---------------------------------------------------------------

def _break_date(site):
    edit(site, NEWS, "Date: 2026-09-15 08:00", "Date: 2026-13-45")


def _not_utf8(site):
    (site / "content/questions/latin1.md").write_bytes(b"Title: Caf\xe9 au lait\nDate: 2026-01-01\n")


CASES = {
    "unknown category": (
        lambda site: edit(site, QUESTION, "Category: Questions", "Category: Question"),
        f'{QUESTION}:3: Category: "Question" is not a category — '
        'did you mean "Questions"?',
    ),
    "date that does not parse": (
        _break_date,
        f'{NEWS}:2: Date: "2026-13-45" is not a date (month must be in 1..12) — '
        "write it as YYYY-MM-DD, e.g. 2026-03-14, or YYYY-MM-DD HH:MM",
    ),
    "review date that does not parse": (
        lambda site: edit(site, MYTH, "Reviewed_on: 2026-01-10", "Reviewed_on: last Tuesday"),
        f'{MYTH}:9: Reviewed_on: "last Tuesday" is not a date — '
        "write it as YYYY-MM-DD, e.g. 2026-03-14, or YYYY-MM-DD HH:MM",
    ),
    "unknown author": (
        lambda site: edit(site, MYTH, "Authors: Ana Ruiz", "Authors: Dr Who"),
        f'{MYTH}:6: Authors: "Dr Who" is not in the clinician list — '
        "write the name exactly as in content/clinicians.yml, or add the clinician there",
    ),
    "unknown reviewer": (
        lambda site: edit(site, MYTH, "Reviewed_by: Ben Cole", "Reviewed_by: Ben Kole"),
        f'{MYTH}:8: Reviewed_by: "Ben Kole" is not in the clinician list — did you mean "Ben Cole"?',
    ),
    "missing summary": (
        lambda site: edit(site, NEWS, "Summary: Walk-in flu vaccine clinics start this week.\n", ""),
        f'{NEWS}:1: Summary: is missing — '
        'add a line "Summary: One or two sentences for listings and previews." to the header',
    ),
    "missing claim": (
        lambda site: edit(site, MYTH, "Claim: Going out in the cold gives you a cold\n", ""),
        f'{MYTH}:1: Claim: is missing — add a line "Claim: Cold weather gives you a cold" to the header',
    ),
    "missing fact": (
        lambda site: edit(site, MYTH, "Fact: Colds come from viruses, not from the cold\n", ""),
        f'{MYTH}:1: Fact: is missing — '
        'add a line "Fact: Colds come from viruses, not from cold weather" to the header',
    ),
    "fact too long": (
        lambda site: edit(site, MYTH, "Fact: Colds come from viruses, not from the cold",
                          "Fact: Colds come from viruses such as rhinoviruses, never from cold air or wet hair"),
        f"{MYTH}:10: Fact: is 77 characters long, more than 70 — shorten it to the true statement as a headline",
    ),
    "fact that repeats the claim": (
        lambda site: edit(site, MYTH, "Fact: Colds come from viruses, not from the cold",
                          "Fact: Going out in the cold gives you a cold"),
        f"{MYTH}:10: Fact: is the same as the claim — write the true statement, e.g. what the evidence shows instead",
    ),
    "appearance that is not an address": (
        lambda site: edit(site, MYTH, "Verdict: False", "Verdict: False\nAppearance: a Facebook group"),
        f'{MYTH}:13: Appearance: "a Facebook group" is not a web address — copy the full address of a page '
        "where the myth is going round, starting with https://",
    ),
    "missing consent scope": (
        lambda site: edit(site, STORY, "Consent_scope: web, social, feeds\n", ""),
        f'{STORY}:1: Consent_scope: is missing — '
        'add a line "Consent_scope: web, social, feeds" to the header',
    ),
    "verdict outside the list": (
        lambda site: edit(site, MYTH, "Verdict: False", "Verdict: Mostly false"),
        f'{MYTH}:12: Verdict: "Mostly false" is not a verdict — '
        "use one of: False, Misleading, Partly true, True, Unproven",
    ),
    "claim too long": (
        lambda site: edit(site, MYTH, "Claim: Going out in the cold gives you a cold",
                          "Claim: " + "Going out in the cold without a hat or a scarf " * 2),
        f"{MYTH}:11: Claim: is 93 characters long, more than 75 — shorten it to the myth as people say it",
    ),
    "myth without a source link": (
        lambda site: edit(site, MYTH, "- [CDC: Common colds](https://www.cdc.gov/common-cold/about/index.html)",
                          "- CDC: Common colds"),
        f"{MYTH}:13: sources: there is no link to a source in the article — "
        'link at least one source, e.g. in a "## Sources" list at the end',
    ),
    "consent scope outside the list": (
        lambda site: edit(site, STORY, "Consent_scope: web, social, feeds", "Consent_scope: web, twitter"),
        f'{STORY}:13: Consent_scope: "twitter" is not a scope — use a comma list of: web, social, feeds',
    ),
    "file that is not UTF-8": (
        _not_utf8,
        "content/questions/latin1.md:1: file: is not UTF-8 text (byte 0xE9 on this line) — "
        'save it as UTF-8: in your editor choose "Save with encoding" → UTF-8',
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_publish_refuses_a_broken_article(tmp_path, case):
    breaker, message = CASES[case]
    site = sitebuild.make_site(tmp_path)
    previous = site / "output"
    previous.mkdir()
    (previous / "index.html").write_text("the site as published yesterday", encoding="utf-8")
    breaker(site)

    result = sitebuild.publish(site)

    assert result.returncode != 0
    assert message in result.problem_lines(), result.stderr
    assert "Publish stopped: output/ was left as it was." in result.stderr
    assert sorted(p.name for p in previous.iterdir()) == ["index.html"]
    assert (previous / "index.html").read_text(encoding="utf-8") == "the site as published yesterday"
    assert not [p for p in site.iterdir() if p.name.startswith(".output-")]


def test_html_build_reports_every_problem_and_keeps_the_valid_articles(tmp_path):
    site = sitebuild.make_site(tmp_path)
    CASES["verdict outside the list"][0](site)
    _break_date(site)
    _not_utf8(site)

    result = sitebuild.build(site)

    assert result.returncode == 0
    lines = result.problem_lines()
    for case in ("verdict outside the list", "date that does not parse", "file that is not UTF-8"):
        assert CASES[case][1] in lines
    assert "3 error(s), 0 warning(s). Articles with errors were left out of this build." in result.stderr
    assert not (result.output / "myths/cold-weather-gives-you-a-cold").exists()
    assert "Colds come from viruses, not from the cold" not in result.page("index.html")
    assert (result.output / "questions/can-i-take-ibuprofen-while-breastfeeding/index.html").exists()


def test_a_good_publish_replaces_output(tmp_path):
    site = sitebuild.make_site(tmp_path)
    (site / "output").mkdir()
    (site / "output" / "stale.html").write_text("old", encoding="utf-8")

    result = sitebuild.publish(site)

    assert result.returncode == 0, result.stderr
    assert not (site / "output" / "stale.html").exists()
    assert (site / "output" / "index.html").exists()


def test_next_review_defaults_to_the_review_interval(tmp_path):
    site = sitebuild.make_site(tmp_path)
    result = sitebuild.build(site, extra=("-e", "REVIEW_INTERVAL=18"))
    review = soup(result, "myths/cold-weather-gives-you-a-cold/index.html").select_one(".review-box")
    assert re.search(r"Next review due\s+July 10, 2027", review.get_text(" ", strip=True))


def test_an_overdue_review_is_said_plainly_and_warned_by_publish(tmp_path):
    """Due for review on 10 July 2026, a day already past when this is run."""
    site = sitebuild.make_site(tmp_path)
    edit(site, MYTH, "Reviewed_on: 2026-01-10", "Reviewed_on: 2026-01-10\nNext_review: 2026-07-10")
    result = sitebuild.publish(site)
    assert result.returncode == 0, result.stderr
    review = soup(result, "myths/cold-weather-gives-you-a-cold/index.html").select_one(".review-box")
    text = review.get_text(" ", strip=True)
    assert "This article's review is overdue." in text
    assert "Next review due" not in text
    assert any(line.startswith(f"{MYTH}:10: Next_review: the clinical review was due on 10 July 2026, ")
               and line.endswith("days ago; the page says the review is overdue — ask a clinician to review the "
                                 "article again, then update Reviewed_on (and Next_review, if set)")
               for line in result.problem_lines()), result.stderr


def test_clinician_registry_errors_name_the_line(tmp_path):
    site = sitebuild.make_site(tmp_path)
    edit(site, "content/clinicians.yml", "  credentials: PharmD\n", "")
    result = sitebuild.build(site)
    assert (
        "content/clinicians.yml:8: credentials: is missing for clinician Ben Cole — "
        "add 'credentials: ...' to that entry"
    ) in result.problem_lines()


def test_a_fediverse_handle_must_look_like_one(tmp_path):
    site = sitebuild.make_site(tmp_path)
    edit(site, "content/clinicians.yml", '"@anaruiz@mastodon.example"', "https://mastodon.example/@anaruiz")
    result = sitebuild.build(site)
    assert (
        'content/clinicians.yml:1: fediverse: "https://mastodon.example/@anaruiz" is not a fediverse handle — '
        "write it as on the profile page, like @daniel@mastodon.example, or leave it out"
    ) in result.problem_lines()
    page = result.page("myths/cold-weather-gives-you-a-cold/index.html")
    assert "fediverse:creator" not in page


def test_previews_name_the_author_and_the_clinic_account(tmp_path):
    site = sitebuild.make_site(tmp_path)
    result = sitebuild.build(site, extra=("-e", 'SHARE_TWITTER_SITE="@elmcreekclinic"'))
    page = soup(result, "myths/cold-weather-gives-you-a-cold/index.html")
    assert [tag["content"] for tag in page.find_all("meta", attrs={"name": "author"})] == ["Ana Ruiz, MD"]
    assert page.find("meta", attrs={"name": "fediverse:creator"})["content"] == "@anaruiz@mastodon.example"
    assert page.find("meta", attrs={"name": "twitter:site"})["content"] == "@elmcreekclinic"
    icon = page.find("link", rel="apple-touch-icon")["href"]
    assert re.fullmatch(r"/theme/images/apple-touch-icon\.[0-9a-f]{12}\.png", icon)
    assert (result.output / icon.lstrip("/")).is_file()
    plain = soup(sitebuild.build(site, output="plain"), "index.html")
    assert plain.find("meta", attrs={"name": "twitter:site"}) is None


def test_a_rebuild_after_an_edit_reads_the_new_body(tmp_path):
    """Body facts (sources, words) are kept between builds: an edited body must not get stale ones."""
    site = sitebuild.make_site(tmp_path / "warm")
    first = sitebuild.build(site)
    assert first.returncode == 0, first.stderr
    assert list((site / ".cache").glob("*/bodies.json")), "the body facts were not kept"
    new_link = "[NHS: Common cold](https://www.nhs.uk/conditions/common-cold/)"
    edit(site, MYTH, "## Sources\n", "")
    edit(site, MYTH, "Being cold does not infect you.", "Being cold does not infect you. " + "Rest. " * 800
         + f"\n\nSee also {new_link}.")
    warm = sitebuild.build(site)
    assert warm.returncode == 0, warm.stderr
    cold = sitebuild.build(site, output="cold-output", extra=("--ignore-cache",))
    assert cold.returncode == 0, cold.stderr

    page = "myths/cold-weather-gives-you-a-cold/index.html"
    listed = [a["href"] for a in soup(warm, page).select(".sources a")]
    assert listed == ["https://www.nhs.uk/conditions/common-cold/", "https://www.cdc.gov/common-cold/about/index.html"]
    assert "4 min read" in soup(warm, page).select_one(".byline").get_text(" ", strip=True)
    assert warm.page(page) == cold.page(page)


# Pelican run as `python -m pelican` runs it; as it exits it prints how many files
# the articles' and pages' reader caches still hold in memory, and what they saved.
REPORTS_READER_CACHE = ("-c", "import atexit, runpy, sys\n"
                        "from pelican import signals\n"
                        "seen = []\n"
                        "signals.article_generator_finalized.connect(seen.append, weak=False)\n"
                        "signals.page_generator_finalized.connect(seen.append, weak=False)\n"
                        "atexit.register(lambda: print('generators seen:', len(seen)))\n"
                        "atexit.register(lambda: print('held as read:', sum(len(g.readers._cache) for g in seen)))\n"
                        "sys.argv[0] = 'pelican'\n"
                        "runpy.run_module('pelican', run_name='__main__', alter_sys=True)\n")


def test_what_pelican_read_is_saved_for_the_next_build_and_not_held_through_this_one(tmp_path):
    """Pelican's reader cache holds every body as read until the build ends (N=1000: about 20 MB of the
    peak, the HTML and the UTF-8 copy pickling leaves in each string); once saved, it is let go."""
    site = sitebuild.make_site(tmp_path / "site")
    first = sitebuild.build(site, run=REPORTS_READER_CACHE)
    assert first.returncode == 0, first.stderr
    assert re.findall(r"^(?:held as read|generators seen): (\d+)$", first.stdout, re.M) == ["0", "2"], first.stdout
    edit(site, MYTH, "Being cold does not infect you.", "Being cold does not infect you, a virus does.")
    again = sitebuild.build(site, run=REPORTS_READER_CACHE)
    assert again.returncode == 0, again.stderr
    assert "a virus does." in again.page("myths/cold-weather-gives-you-a-cold/index.html")
    # Every other file was still read from the saved cache.
    cold = sitebuild.build(site, output="cold-output", extra=("--ignore-cache",))
    assert again.page("myths/cold-weather-gives-you-a-cold/index.html") == cold.page("myths/cold-weather-gives-you-a-cold/index.html")
