"""A clinician's bad afternoon: a dozen everyday mistakes at once, and one `make publish`.

tests/fixtures/bad-afternoon holds the small fixture site with the mistakes
people really make (a date written 02/12/2026, a typo in a key, half a
placeholder, an empty file, two articles with one address, a bell character
pasted into a title, a story whose consent has expired...) beside a file
saved from Notepad with a byte order mark and no-break spaces, which must
be read as meant. One publish must list every mistake with its file, line
and fix, refuse, and never print a traceback.
"""

import pytest

import sitebuild

FIXTURE = sitebuild.ROOT / "tests" / "fixtures" / "bad-afternoon" / "content"

# Each mistake of the fixture and the line `make publish` must print for it.
EXPECTED = [
    'content/myths/bell.md:1: Title: holds a bell character (U+0007) between "Colds" and "and", which cannot be '
    "published — delete it: it is invisible, so retype the words around it",
    'content/myths/empty.md:1: Title: is missing — add a line "Title: Cold weather gives you a cold" to the header',
    'content/myths/feed-a-cold.md:4: Slug: gives the address "myths/feed-a-cold/", which '
    'content/myths/starve-a-fever.md has too — give one of them another "Slug:" line',
    'content/myths/starve-a-fever.md:4: Slug: gives the address "myths/feed-a-cold/", which '
    'content/myths/feed-a-cold.md has too — give one of them another "Slug:" line',
    'content/myths/flu-shot.md:13: link: "{filename}/news/flu-clinic.md" names a file that does not exist — '
    'did you mean "{filename}/news/flu-clinics.md"?',
    'content/myths/flu-shot.md:15: body: "!!! warning: call us if a fever lasts 3 days." is not a callout, so the '
    'page would show it as typed — write it as !!! warning "When to see a doctor", with its text on the next '
    "lines indented by four spaces",
    'content/myths/hats-and-heat.md:11: Reviwed_by: is not a header field, so it is not read — '
    'did you mean "Reviewed_by"?',
    'content/myths/no-title.md:1: Title: is missing — add a line "Title: Cold weather gives you a cold" to the header',
    'content/myths/no-title.md:11: Status: "secret" is not a status — use published, draft or hidden, or leave it out',
    'content/myths/vitamin-c.md:6: Summary: still holds "[[", part of a placeholder ("Summary: [[One or two '
    'sentences for…") — delete what is left of the placeholder, brackets included',
    'content/myths/wet-hair.md:11: Verdict: "Flase" is not a verdict — did you mean "False"?',
    'content/myths/winter-colds.md:2: Date: "02/12/2026" could be 2 December 2026 or 12 February 2026 — '
    'write "2026-12-02" for 2 December 2026, or "2026-02-12" for 12 February 2026',
    'content/news/flu-clinics-open.md:7: Slug: "flu/clinics" cannot be an address: use only a-z, 0-9 and hyphens, '
    'with no "/" or spaces — write "Slug: flu-clinics"',
    "content/questions/self-reviewed.md:8: Reviewed_by: Ben Cole both wrote and reviewed this article — ask "
    "another clinician to review it, and write their name here",
    "content/questions/self-reviewed.md:9: Reviewed_on: is 4 April 2099, a day that has not come yet — write the "
    "day the review was done (today at the latest), as YYYY-MM-DD",
    'content/stories/knee.md:1: Consent_scope: is missing — add a line "Consent_scope: web, social, feeds" to the '
    "header",
    'content/stories/knee.md:2: Date: "2026–03–02" has an en dash (–) where a hyphen (-) belongs — type plain '
    'hyphens with the "-" key: "2026-03-02"',
    "content/stories/knee.md:12: Consent_expires: the patient's consent expired on 21 February 2026 — ask the "
    "patient to renew it and update Consent_expires, or delete the story",
    'content/stories/knee.md:18: Photo_consent: is missing, but the story shows an image — add "Photo_consent: '
    'yes" to the header only if the signed form covers photos; otherwise remove the image',
]


@pytest.fixture(scope="module")
def afternoon(tmp_path_factory):
    """One `make publish` of the bad-afternoon site over yesterday's published site."""
    site = sitebuild.make_site(tmp_path_factory.mktemp("afternoon"), FIXTURE)
    (site / "output").mkdir()
    (site / "output" / "index.html").write_text("yesterday's site", encoding="utf-8")
    return sitebuild.publish(site)


def test_one_publish_lists_every_mistake_with_file_line_and_fix(afternoon):
    lines = afternoon.problem_lines()
    missing = [line for line in EXPECTED if line not in lines]
    assert not missing, afternoon.stderr


def test_the_publish_refuses_without_a_traceback(afternoon):
    assert afternoon.returncode != 0
    assert "Traceback" not in afternoon.stderr + afternoon.stdout
    assert "CRITICAL" not in afternoon.stderr + afternoon.stdout
    assert afternoon.stderr.rstrip().endswith("Publish stopped: output/ was left as it was.")
    assert (afternoon.output / "index.html").read_text(encoding="utf-8") == "yesterday's site"


def test_what_notepad_saved_is_read_as_meant(afternoon):
    assert not [line for line in afternoon.problem_lines() if line.startswith("content/myths/notepad.md")]


@pytest.mark.parametrize("registry", [
    "- id: ana-ruiz\n  name: &name Ana Ruiz\n  credentials: *name\n",
    "- id: ana-ruiz\n  name: Ana Ruiz\n    credentials: MD\n",
    "\x00\x01 not yaml",
], ids=["alias", "bad indentation", "control characters"])
def test_a_broken_registry_is_one_more_line_in_the_report(tmp_path, registry):
    site = sitebuild.make_site(tmp_path, FIXTURE)
    (site / "content" / "clinicians.yml").write_text(registry, encoding="utf-8")
    result = sitebuild.publish(site)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "CRITICAL" not in result.stderr
    lines = result.problem_lines()
    assert any(line.startswith("content/clinicians.yml:") for line in lines), result.stderr
    assert EXPECTED[0] in lines


def test_the_fixture_is_what_the_test_says():
    """The mistakes are in the files as bytes a clinician's editor would write."""
    assert (FIXTURE / "myths" / "notepad.md").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\x07" in (FIXTURE / "myths" / "bell.md").read_bytes()
    assert (FIXTURE / "myths" / "empty.md").read_bytes() == b""


# The fixed words of each message the fixture gets: the guide's table of
# messages must show each one, so a clinician can look the message up.
MESSAGE_WORDS = [
    "holds a bell character", "is missing", "which content/myths/", "names a file that does not exist",
    "is not a callout", "is not a header field, so it is not read", 'is not a status', "part of a placeholder",
    "is not a verdict", "could be", "cannot be an address", "both wrote and reviewed this article",
    "a day that has not come yet", "has an en dash (–) where a hyphen (-) belongs",
    "the patient's consent expired on", "is missing, but the story shows an image", "did you mean",
]


def test_the_guide_explains_every_message_the_publish_printed(afternoon):
    guide = (sitebuild.ROOT / "docs" / "WRITING.md").read_text(encoding="utf-8")
    table = guide[guide.index("## What the messages mean"):]
    printed = "\n".join(afternoon.problem_lines())
    for words in MESSAGE_WORDS:
        assert words in printed, f"the publish no longer prints {words!r}: update MESSAGE_WORDS and the guide"
        assert words in table, f"docs/WRITING.md does not explain {words!r}"
