"""What clinicians really type: every input is read right or refused clearly, never guessed.

One site holds a file for each everyday slip (pasted from Word, saved from
Notepad, a date written the way people write dates) and is built once, as
`make html` builds it; each test reads what that build printed and wrote.
"""


import pytest
from bs4 import BeautifulSoup

import sitebuild
from clinic import clinicians, problems

SOURCES = "## Sources\n\n- [CDC: Common colds](https://www.cdc.gov/common-cold/about/index.html)\n"


def myth(slug, body=SOURCES, **fields):
    """A good myth with `fields` changed (None drops a line), as text."""
    header = {
        "Title": f"Myth {slug}",
        "Date": "2026-01-12 09:00",
        "Category": "Myths",
        "Slug": slug,
        "Authors": "Ana Ruiz",
        "Summary": "Colds come from viruses.",
        "Reviewed_by": "Ben Cole",
        "Reviewed_on": "2026-01-10",
        "Claim": "Going out in the cold gives you a cold",
        "Verdict": "False",
        "Fact": "Colds come from viruses, not from the cold",
    }
    header.update(fields)
    lines = [f"{key}: {value}" for key, value in header.items() if value is not None]
    return "\n".join(lines) + "\n\n" + body


# Each file of the typed site: (path below content/, text).
FILES = {
    "slashed-date": myth("slashed-date", Date="02/12/2026", Reviewed_on="01/12/2026"),
    "dotted-date": myth("dotted-date", Date="13.02.2026"),
    "words-date": myth("words-date", Date="12 January 2026 09:00", Reviewed_on="January 10, 2026"),
    "dash-date": myth("dash-date", Reviewed_on="2026\u201301\u201310"),
    "indented-status": myth("indented-status", Authors="Ana Ruiz\n Status: draft"),
    "tabbed-status": myth("tabbed-status", Authors="Ana Ruiz\n\tStatus: draft"),
    "unknown-key": myth("unknown-key", Reviewed_by=None, Reviwed_by="Ben Cole"),
    "bom": "\ufeff" + myth("bom"),
    "invisible-names": myth("invisible-names", Authors="Ana\u00a0Ruiz", Reviewed_by="Ben \u200bCole"),
    "bidi-title": myth("bidi-title", Title="Colds \u202eand viruses", Slug="bidi\u200b-title"),
    "control-characters": myth("control-characters", Title="Colds \x07 and viruses",
                               body="A cold \x1b is a virus.\n\n" + SOURCES),
    "half-placeholder": myth("half-placeholder",
                             Summary="[[One or two sentences for previews] Many adults think colds come from cold."),
    "curly-callout": myth("curly-callout", body=(
        "Colds are viruses.\n\n!!! warning \u201cWhen to see a doctor\u201d\n"
        "\u00a0\u00a0\u00a0\u00a0Call us if a fever lasts more than 3 days.\n\n" + SOURCES)),
    "stray-callout": myth("stray-callout", body=(
        "Colds are viruses.\n\n!!! When to see a doctor: call us.\n\n" + SOURCES)),
    "bare-url": myth("bare-url", body=(
        "Colds are viruses[^1], see also www.nhs.uk/conditions/common-cold/.\n\n"
        "[^1]: CDC. https://www.cdc.gov/common-cold/about/index.html\n")),
    "future-review": myth("future-review", Reviewed_on="2099-01-10"),
    "self-reviewed": myth("self-reviewed", Reviewed_by="Ana Ruiz"),
    "near-misses": myth("near-misses", Authors="Ana Ruis", Verdict="Flase", Category="Myth"),
    "claim-slug": myth("feed-a-cold-starve-a-fever", Claim="Feed a cold, starve a fever"),
    "going-out-in-the-cold-gives-you-a-cold": myth("going-out-in-the-cold-gives-you-a-cold", Slug=None),
    "claim-dates": myth("claim-dates", Claim_date="02/12/2020", Claim_author="Dr. Example\x07"),
    "claim-future": myth("claim-future", Claim_date="2099-05-01", Claim_author="A wellness influencer"),
    "broken-links": myth("broken-links", body=(
        "See [our flu article]({filename}/news/flu-clinic.md).\n\n"
        "![A clinic room]({static}/images/front-desk.png)\n\n" + SOURCES)),
}
STORY_SCOPE = sitebuild.OFF_WEB_STORY.format(slug="scoped-story", body="A story.").replace(
    "Consent_scope: social, feeds", "Consent_scope: web, feed")


@pytest.fixture(scope="module")
def typed(tmp_path_factory):
    """The fixture site with every file of FILES added, built once as `make html` builds it."""
    site = sitebuild.make_site(tmp_path_factory.mktemp("typed"))
    for name, text in FILES.items():
        path = site / "content" / "myths" / f"{name}.md"
        path.write_bytes(text.encode("utf-8"))
    sitebuild.write(site, "stories/scoped-story.md", STORY_SCOPE)
    return sitebuild.build(site)


def lines_about(build, name, folder="myths"):
    """The problem lines the build printed about one file."""
    return [line for line in build.problem_lines() if line.startswith(f"content/{folder}/{name}.md:")]


def page(build, slug):
    """The published page of a myth, parsed, or None when it was not published."""
    path = build.output / "myths" / slug / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser") if path.exists() else None


def test_the_build_ends_without_a_traceback(typed):
    assert typed.returncode == 0, typed.stderr
    assert "Traceback" not in typed.stderr and "CRITICAL" not in typed.stderr


def test_a_numeric_date_is_refused_with_both_readings(typed):
    assert lines_about(typed, "slashed-date") == [
        'content/myths/slashed-date.md:2: Date: "02/12/2026" could be 2 December 2026 or 12 February 2026 — '
        'write "2026-12-02" for 2 December 2026, or "2026-02-12" for 12 February 2026',
        'content/myths/slashed-date.md:8: Reviewed_on: "01/12/2026" could be 1 December 2026 or 12 January 2026 — '
        'write "2026-12-01" for 1 December 2026, or "2026-01-12" for 12 January 2026',
    ]
    assert page(typed, "slashed-date") is None
    assert lines_about(typed, "dotted-date") == [
        'content/myths/dotted-date.md:2: Date: "13.02.2026" is written with ".", which is read differently in '
        'different countries — write it as "2026-02-13" for 13 February 2026',
    ]


def test_a_date_with_the_month_in_words_is_read(typed):
    assert lines_about(typed, "words-date") == []
    review = page(typed, "words-date").select_one(".review-box").get_text(" ", strip=True)
    assert "on January 10, 2026" in review


def test_an_en_dash_in_a_date_is_named(typed):
    assert lines_about(typed, "dash-date") == [
        'content/myths/dash-date.md:8: Reviewed_on: "2026–01–10" has an en dash (–) where a hyphen (-) belongs — '
        'type plain hyphens with the "-" key: "2026-01-10"',
    ]


@pytest.mark.parametrize("name", ["indented-status", "tabbed-status"])
def test_a_space_or_tab_before_a_key_does_not_hide_the_line(typed, name):
    assert page(typed, name) is None, "the draft was published"
    assert (typed.output / "drafts" / "myths" / name / "index.html").exists() or \
        list(typed.output.glob(f"drafts/**/{name}*")), "the draft was not built as a draft"
    assert lines_about(typed, name) == []


def test_an_unknown_key_is_an_error_naming_the_nearest(typed):
    assert 'content/myths/unknown-key.md:11: Reviwed_by: is not a header field, so it is not read — ' \
        'did you mean "Reviewed_by"?' in lines_about(typed, "unknown-key")


def test_a_byte_order_mark_is_dropped(typed):
    assert lines_about(typed, "bom") == []
    assert page(typed, "bom").h1.get_text(strip=True) == "Colds come from viruses, not from the cold"


def test_invisible_characters_in_names_are_normalised_and_located(typed):
    assert lines_about(typed, "invisible-names") == [
        'content/myths/invisible-names.md:7: Reviewed_by: a zero-width space (U+200B) between "Ben" and "Cole" '
        "was removed — nothing to do; to be sure, retype the words around it",
    ]
    byline = page(typed, "invisible-names").select_one(".review-box").get_text(" ", strip=True)
    assert "Ben Cole, PharmD" in byline


def test_bidi_and_zero_width_characters_never_reach_a_title_or_an_address(typed):
    found = lines_about(typed, "bidi-title")
    assert 'content/myths/bidi-title.md:1: Title: a right-to-left override (U+202E) between "Colds" and "and" ' \
        "was removed — nothing to do; to be sure, retype the words around it" in found
    assert 'content/myths/bidi-title.md:4: Slug: a zero-width space (U+200B) between "bidi" and "-title" ' \
        "was removed — nothing to do; to be sure, retype the words around it" in found
    assert not any(char in str(page(typed, "bidi-title")) for char in "\u202e\u200b")
    assert not any(char in typed.page("index.html") for char in "\u202e\u200b")


def test_a_control_character_is_a_located_error(typed):
    assert lines_about(typed, "control-characters") == [
        'content/myths/control-characters.md:1: Title: holds a bell character (U+0007) between "Colds" and "and", '
        "which cannot be published — delete it: it is invisible, so retype the words around it",
        'content/myths/control-characters.md:13: body: holds an escape character (U+001B) between "cold" and "is", '
        "which cannot be published — delete it: it is invisible, so retype the words around it",
    ]


def test_half_a_placeholder_is_an_error(typed):
    assert lines_about(typed, "half-placeholder") == [
        'content/myths/half-placeholder.md:6: Summary: still holds "[[", part of a placeholder '
        '("Summary: [[One or two sentences for…") — delete what is left of the placeholder, brackets included',
    ]
    assert page(typed, "half-placeholder") is None


def test_a_callout_with_curly_quotes_and_no_break_spaces_is_read(typed):
    assert lines_about(typed, "curly-callout") == []
    callout = page(typed, "curly-callout").select_one(".admonition.warning")
    assert callout.select_one(".admonition-title").get_text(strip=True) == "When to see a doctor"
    assert "Call us if a fever lasts more than 3 days." in callout.get_text()


def test_a_leftover_callout_line_is_an_error(typed):
    assert lines_about(typed, "stray-callout") == [
        'content/myths/stray-callout.md:15: body: "!!! When to see a doctor: call us." is not a callout, '
        "so the page would show it as typed — write it as !!! warning \"When to see a doctor\", with its text "
        "on the next lines indented by four spaces",
    ]


def test_a_pasted_address_is_a_link_and_counts_as_a_source(typed):
    assert lines_about(typed, "bare-url") == []
    links = [a["href"] for a in page(typed, "bare-url").select("article a[href^=http]")]
    assert "https://www.cdc.gov/common-cold/about/index.html" in links
    assert any(link.endswith("www.nhs.uk/conditions/common-cold/") for link in links)


def test_a_review_date_in_the_future_is_an_error(typed):
    assert lines_about(typed, "future-review") == [
        "content/myths/future-review.md:8: Reviewed_on: is 10 January 2099, a day that has not come yet — "
        "write the day the review was done (today at the latest), as YYYY-MM-DD",
    ]


def test_an_author_reviewing_their_own_article_is_a_warning_in_preview(typed):
    # make publish refuses it (tests/test_bad_afternoon.py); the preview shows the page.
    assert lines_about(typed, "self-reviewed") == [
        "content/myths/self-reviewed.md:7: Reviewed_by: Ana Ruiz both wrote and reviewed this article — ask "
        "another clinician to review it, and write their name here",
    ]
    assert typed.stderr.index("Warnings:") < typed.stderr.index("self-reviewed.md:7"), "it is not a warning"
    assert page(typed, "self-reviewed") is not None


def test_near_misses_get_the_nearest_value(typed):
    found = lines_about(typed, "near-misses")
    assert 'content/myths/near-misses.md:3: Category: "Myth" is not a category — did you mean "Myths"?' in found
    assert 'content/myths/near-misses.md:5: Authors: "Ana Ruis" is not in the clinician list — ' \
        'did you mean "Ana Ruiz"?' in found
    assert 'content/myths/near-misses.md:10: Verdict: "Flase" is not a verdict — did you mean "False"?' in found
    assert 'content/stories/scoped-story.md:12: Consent_scope: "feed" is not a scope — did you mean "feeds"?' \
        in lines_about(typed, "scoped-story", folder="stories")


def test_a_link_to_a_missing_file_names_its_line_and_the_nearest_file(typed):
    assert lines_about(typed, "broken-links") == [
        'content/myths/broken-links.md:13: link: "{filename}/news/flu-clinic.md" names a file that does not '
        'exist — did you mean "{filename}/news/flu-clinics.md"?',
        'content/myths/broken-links.md:15: link: "{static}/images/front-desk.png" names a file that does not '
        'exist — put the file in content/images/ and write {static}/images/file-name.png',
    ]
    assert "Unable to find" not in typed.stderr


def test_an_address_that_repeats_the_myth_is_an_error_with_one_from_the_fact(typed):
    assert lines_about(typed, "claim-slug") == [
        'content/myths/claim-slug.md:4: Slug: "feed-a-cold-starve-a-fever" is the myth itself, and an address is '
        'shared as a link, so every post of it would repeat the myth — make it from the fact: '
        '"Slug: colds-come-from-viruses-not-from-the-cold"',
    ]
    assert lines_about(typed, "going-out-in-the-cold-gives-you-a-cold") == [
        'content/myths/going-out-in-the-cold-gives-you-a-cold.md:1: Slug: "going-out-in-the-cold-gives-you-a-cold" '
        'is the myth itself, and an address is shared as a link, so every post of it would repeat the myth — '
        'make it from the fact: "Slug: colds-come-from-viruses-not-from-the-cold"',
    ]
    assert page(typed, "feed-a-cold-starve-a-fever") is None


def test_who_made_the_claim_and_when_are_checked_like_every_value(typed):
    assert lines_about(typed, "claim-dates") == [
        'content/myths/claim-dates.md:12: Claim_date: "02/12/2020" could be 2 December 2020 or 12 February 2020 — '
        'write "2020-12-02" for 2 December 2020, or "2020-02-12" for 12 February 2020',
        'content/myths/claim-dates.md:13: Claim_author: holds a bell character (U+0007) after "Example", which '
        'cannot be published — delete it: it is invisible, so retype the words around it',
    ]
    assert lines_about(typed, "claim-future") == [
        'content/myths/claim-future.md:12: Claim_date: is 1 May 2099, a day that has not come yet — write the day '
        'the claim was made or first seen (today at the latest), as YYYY-MM-DD',
    ]


def test_yaml_aliases_in_the_registry_are_refused(tmp_path):
    # Nine levels of ten aliases each: a billion strings if expanded.
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        levels.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    path = tmp_path / "clinicians.yml"
    path.write_text("- id: bomb\n  name: Bomb\n  credentials: MD\n  role: x\n  specialty: x\n  bio: x\n  "
                    + "\n  ".join(levels) + "\n", encoding="utf-8")
    problems.reset()
    registry = clinicians.load(path, "clinicians/{slug}/", tmp_path)
    assert registry.clinicians == []
    assert [(p.line, p.field, p.message) for p in problems.found()] == [
        (8, "clinicians", "uses a YAML alias (*name)")]
