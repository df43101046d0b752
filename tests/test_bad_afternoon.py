"""A clinician's bad afternoon: a dozen everyday mistakes at once, and one `make publish`.

tests/fixtures/bad-afternoon holds the small fixture site with the mistakes
people really make (a date written 02/12/2026, a typo in a key, half a
placeholder, an empty file, two articles with one address, a bell character
pasted into a title, a story whose consent has expired...) beside a file
saved from Notepad with a byte order mark and no-break spaces, which must
be read as meant. One publish must list every mistake with its file, line
and fix, refuse, and never print a traceback.
"""

import shutil
import subprocess
import sys

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
    checked = subprocess.run([sys.executable, str(sitebuild.ROOT / "scripts" / "check.py"), "--content", "content",
                              "--report", str(tmp_path / "check.html")], cwd=site, capture_output=True, text=True,
                             check=False)
    assert checked.returncode != 0
    assert "Traceback" not in checked.stdout + checked.stderr and "CRITICAL" not in checked.stdout + checked.stderr
    assert "content/clinicians.yml" in checked.stdout + checked.stderr


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


# --- The guide's table of messages, row by row -------------------------------------
#
# Each row of docs/WRITING.md's "What the messages mean" starts with a message
# as the build prints it. INPUTS holds, for each, a file a clinician could
# write that gets that message; one `make check` of a site holding them all
# must print every row (its report lists what a publish refuses, and what only
# `make check` looks at). "..." in a row stands for any text, and numbers are
# read as any number, so a row can show a typical value.

import re  # noqa: E402
from datetime import datetime, timedelta  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

from bs4 import BeautifulSoup  # noqa: E402

GUIDE = sitebuild.ROOT / "docs" / "WRITING.md"
TODAY = datetime.now(ZoneInfo("America/Chicago")).date()
SOURCE = "\n\n## Sources\n\n- [CDC: Common colds](https://www.cdc.gov/common-cold/about/index.html)\n"


def _header(fields, body):
    return "\n".join(f"{key}: {value}" for key, value in fields.items() if value is not None) + "\n\n" + body


def _myth(slug, body="Colds come from viruses." + SOURCE, **changes):
    fields = {"Title": f"Myth {slug}", "Date": "2026-01-12 09:00", "Category": "Myths", "Slug": slug,
              "Authors": "Ana Ruiz", "Summary": "Colds come from viruses.", "Reviewed_by": "Ben Cole",
              "Reviewed_on": "2026-01-10", "Fact": "Colds come from viruses, not from the cold",
              "Claim": "Going out in the cold gives you a cold", "Verdict": "False"}
    return _header({**fields, **changes}, body)


def _news(slug, body="Flu shots are here." + SOURCE, **changes):
    fields = {"Title": f"News {slug}", "Date": "2026-09-12 09:00", "Category": "News", "Slug": slug,
              "Authors": "Ana Ruiz", "Summary": "Flu shots are here.", "Reviewed_by": "Ben Cole",
              "Reviewed_on": "2026-09-10", "Source_url": "https://www.cdc.gov/flu/"}
    return _header({**fields, **changes}, body)


def _story(slug, body="J. walks every day now.\n", **changes):
    fields = {"Title": f"Story {slug}", "Date": "2026-03-02 09:00", "Category": "Patient Stories", "Slug": slug,
              "Authors": "Ana Ruiz", "Summary": "A story.", "Reviewed_by": "Ben Cole", "Reviewed_on": "2026-03-01",
              "Consent": "CR-2026-001", "Consent_date": "2026-02-20",
              "Consent_expires": (TODAY + timedelta(days=700)).isoformat(), "Consent_scope": "web, social, feeds",
              "Results_typical": "yes"}
    return _header({**fields, **changes}, body)


def _soon(days):
    return (TODAY + timedelta(days=days)).isoformat()


HARD_WORDS = ("Hypertension necessitates comprehensive pharmacological intervention, considering "
              "cardiovascular comorbidities, contraindications and individualised therapeutic "
              "considerations throughout management. ")

# The first code of each row of the guide's table → the files that make the build print it.
INPUTS = {
    'still holds the placeholder "[[...]]"': {"myths/g1.md": _myth("g1", Summary="[[One or two plain sentences]]")},
    'still holds "[[", part of a placeholder': {"myths/g2.md": _myth("g2", Summary="[[One or two sentences] Many")},
    "Title: is missing": {"myths/g3.md": _myth("g3", Title=None)},
    'Reviwed_by: is not a header field, so it is not read — did you mean "Reviewed_by"?':
        {"myths/g4.md": _myth("g4", Reviewed_by=None, Reviwed_by="Ben Cole")},
    "Title: is written twice, on lines 1 and 5":
        {"myths/g5.md": _myth("g5").replace("Authors:", "Title: Again\nAuthors:", 1)},
    'Category: "Myth" is not a category — did you mean "Myths"?': {"myths/g6.md": _myth("g6", Category="Myth")},
    'Category: is "Questions", but the file is in content/stories/, where patient stories go':
        {"stories/g7.md": _story("g7", Category="Questions")},
    'Date: "02/12/2026" could be 2 December 2026 or 12 February 2026': {"myths/g8.md": _myth("g8", Date="02/12/2026")},
    'Date: "13.02.2026" is written with ".", which is read differently in different countries':
        {"myths/g9.md": _myth("g9", Date="13.02.2026")},
    'Reviewed_on: "2026–01–10" has an en dash (–) where a hyphen (-) belongs':
        {"myths/g10.md": _myth("g10", Reviewed_on="2026\u201301\u201310")},
    'Date: "last Tuesday" is not a date': {"myths/g11.md": _myth("g11", Date="last Tuesday")},
    "Reviewed_on: is 10 January 2099, a day that has not come yet":
        {"myths/g12.md": _myth("g12", Reviewed_on="2099-01-10")},
    "Reviewed_by: Ana Ruiz both wrote and reviewed this article":
        {"myths/g13.md": _myth("g13", Reviewed_by="Ana Ruiz")},
    'Authors: "Dr Okafor" is not in the clinician list': {"myths/g14.md": _myth("g14", Authors="Dr Okafor")},
    'Verdict: "Flase" is not a verdict': {"myths/g15.md": _myth("g15", Verdict="Flase")},
    "Claim: is 90 characters long, more than 75": {"myths/g16.md": _myth("g16", Claim="Colds " + "a" * 84)},
    "Fact: is 80 characters long, more than 70": {"myths/g17.md": _myth("g17", Fact="Colds " + "b" * 74)},
    "Fact: is the same as the claim": {"myths/g18.md": _myth("g18", Fact="Going out in the cold gives you a cold")},
    'Appearance: "a Facebook group" is not a web address':
        {"myths/g19.md": _myth("g19", Appearance="a Facebook group")},
    'Slug: "vaccines-cause-autism" is the myth itself, and an address is shared as a link':
        {"myths/g20.md": _myth("vaccines-cause-autism", Claim="Vaccines cause autism",
                               Fact="Vaccines do not cause autism")},
    "Claim_date: is 1 May 2099, a day that has not come yet": {"myths/g21.md": _myth("g21", Claim_date="2099-05-01")},
    "Claim_author: is 120 characters long, more than 100": {"myths/g22.md": _myth("g22", Claim_author="A" * 120)},
    "sources: there is no link to a source in the article": {"myths/g23.md": _myth("g23", body="No link.\n")},
    'link: "{filename}/news/flu-clinic.md" names a file that does not exist':
        {"myths/g24.md": _myth("g24", body="See [flu]({filename}/news/flu-clinic.md)." + SOURCE)},
    'Source_url: "cdc.gov/flu" is not a web address': {"news/g25.md": _news("g25", Source_url="cdc.gov/flu")},
    'Source_url: "https://x" onclick=…" has a quote mark in it':
        {"news/g26.md": _news("g26", Source_url='https://x" onclick=alert(1)')},
    'Slug: "a/b" cannot be an address': {"myths/g27.md": _myth("a/b")},
    'Slug: gives the address "myths/x/", which content/myths/y.md has too':
        {"myths/x.md": _myth("x"), "myths/y.md": _myth("x")},
    "Title: gives no usable address": {"myths/!!!.md": _myth(None)},
    "file: is not UTF-8 text": {"myths/g49.md": _myth("g49", Title="Caf\u00e9 colds").encode("latin-1")},
    'Title: holds a bell character (U+0007) between "Colds" and "and"':
        {"myths/g30.md": _myth("g30", Title="Colds \x07 and bells")},
    'body: "!!! warning: call us" is not a callout':
        {"myths/g31.md": _myth("g31", body="Colds.\n\n!!! warning: call us\n" + SOURCE)},
    "body: a callout starts here with no empty line before it":
        {"myths/g32.md": _myth("g32", body='Colds.\n!!! warning "When to see a doctor"\n    Call us.\n' + SOURCE)},
    'Tags: "!!!" has no letters or digits to make an address from': {"myths/g33.md": _myth("g33", Tags="!!!")},
    'Lang: "english" is not a language tag': {"myths/g34.md": _myth("g34", Lang="english")},
    "Next_review: is not after reviewed_on": {"myths/g36.md": _myth("g36", Next_review="2025-01-01")},
    "Modified: is before the publication date": {"myths/g37.md": _myth("g37", Modified="2025-01-01")},
    'Updates: "..." does not start with a date that can be read':
        {"myths/g38.md": _myth("g38", Updates="Added a section")},
    'Status: "secret" is not a status': {"myths/g39.md": _myth("g39", Status="secret")},
    'Consent_scope: "feed" is not a scope — did you mean "feeds"?':
        {"stories/g40.md": _story("g40", Consent_scope="web, feed")},
    "Consent_expires: is not after consent_date":
        {"stories/g41.md": _story("g41", Consent_date="2026-02-20", Consent_expires="2026-01-01")},
    "Consent_date: is 1 March 2098, a day that has not come yet":
        {"stories/g42.md": _story("g42", Consent_date="2098-03-01", Consent_expires="2099-03-01")},
    "Consent_expires: the patient's consent expired on ...":
        {"stories/g43.md": _story("g43", Consent_expires="2026-02-21")},
    'Consent_withdrawn: "last week" is not a date': {"stories/g44.md": _story("g44", Consent_withdrawn="last week")},
    'Results_typical: "maybe" is not yes or no': {"stories/g45.md": _story("g45", Results_typical="maybe")},
    "Typical_results: is missing while results_typical is no":
        {"stories/g46.md": _story("g46", Results_typical="no")},
    "Photo_consent: is missing, but the story shows an image":
        {"stories/g47.md": _story("g47", body="J. walks.\n\n![J. on a walk]({static}/images/walk.png)\n")},
    'identifier: phone number "555-…"': {"stories/g48.md": _story("g48", body="Call J. at 555-867-5309.\n")},
    'glossary: "BP" has no meaning written after it': {"glossary.yml": "BP:\nBP: blood pressure\nBP: blood pressure, again\n"},
    'glossary: "BP" is already listed on line 12': {},
    'fediverse: "https://mastodon.example/@ana" is not a fediverse handle': {},
    'id: "Amara Okafor" cannot be an address': {},
    'link: "/myths/old-name/" does not lead to any page of this site':
        {"myths/g64.md": _myth("g64", body="See [old](/myths/old-name/)." + SOURCE)},
    'link: "#side-effects" points to a section that is not on that page':
        {"myths/g65.md": _myth("g65", body="See [below](#side-effects)." + SOURCE)},
    'image: "/images/photo.png" does not exist':
        {"myths/g66.md": _myth("g66", body='<img src="/images/photo.png" alt="A photo">' + SOURCE)},
    'source: "https//www.cdc.gov/flu" is not a valid web address':
        {"myths/g67.md": _myth("g67", body="See [CDC](https//www.cdc.gov/flu)." + SOURCE)},
    'source: "www.nhs.uk/..." is missing https:// at the start':
        {"myths/g68.md": _myth("g68", body="See [NHS](www.nhs.uk/conditions/common-cold/)." + SOURCE)},
    'Reviewed_by: a zero-width space (U+200B) between "Ben" and "Cole" was removed':
        {"myths/g69.md": _myth("g69", Reviewed_by="Ben \u200bCole")},
    "Reviewed_on: the clinical review was due on ..., 30 days ago; the page says the review is overdue":
        {"myths/g70.md": _myth("g70", Reviewed_on="2024-01-10")},
    "the clinical review is due in 12 days": {"myths/g71.md": _myth("g71", Next_review=_soon(12))},
    "readability: reads at US school grade 10.4, above 8": {"myths/g72.md": _myth("g72", body=HARD_WORDS * 3 + SOURCE)},
    "Title: is 84 characters long":
        {"news/g73.md": _news("g73", Title="Flu shots for the whole family start on Monday at every clinic we run in the valley")},
    "Consent_expires: the patient's consent expires on ...":
        {"stories/g74.md": _story("g74", Consent_expires=_soon(20))},
    "Consent_withdrawn: the patient withdrew consent on ..., so the story is left out of the site":
        {"stories/g75.md": _story("g75", Consent_withdrawn="2026-03-10")},
    "Consent_withdrawn: the patient withdrew consent from ...; the story will then be left out of the site":
        {"stories/g76.md": _story("g76", Consent_withdrawn=_soon(10))},
    "identifier: ...": {"myths/g77.md": _myth("g77", body="Call Mrs. Lopez at 555-867-5309." + SOURCE)},
    "markup: removed ...": {"myths/g78.md": _myth("g78", body="Colds.<script>alert(1)</script>" + SOURCE)},
    'Title: holds HTML ("<b>"), which the page will show as typed': {"myths/g79.md": _myth("g79", Title="<b>Colds</b>")},
    "Phi_cleared_by: Ana Ruiz wrote this article":
        {"myths/g80.md": _myth("g80", Phi_cleared="Jean", Phi_cleared_by="Ana Ruiz")},
    'Phi_cleared_by: "Dr Nobody" is not in the clinician list':
        {"myths/g81.md": _myth("g81", Phi_cleared="Jean", Phi_cleared_by="Dr Nobody")},
    "Phi_cleared: does not say who checked these texts": {"myths/g82.md": _myth("g82", Phi_cleared="Jean")},
    "Phi_cleared_by: names a clinician but Phi_cleared lists nothing":
        {"myths/g83.md": _myth("g83", Phi_cleared_by="Ben Cole")},
    "Phi_reviewed: is no longer used: it cleared every finding of the article at once":
        {"myths/g84.md": _myth("g84", Phi_reviewed="Ben Cole")},
    'Phi_cleared: "Jean" is not among what the check found':
        {"myths/g85.md": _myth("g85", Phi_cleared="Jean", Phi_cleared_by="Ben Cole")},
}
# The glossary file above lists "BP" again on line 3; the registry rows
# come from REGISTRY_EXTRA, added to the fixture's clinicians.yml.
REGISTRY_EXTRA = ("- id: Amara Okafor\n  name: Amara Okafor\n  credentials: MD\n  role: Doctor\n"
                  "  specialty: Family medicine\n  bio: Dr. Okafor.\n"
                  "- id: dana-lee\n  name: Dana Lee\n  credentials: RN\n  role: Nurse\n  specialty: Nursing\n"
                  "  bio: Dana.\n  fediverse: https://mastodon.example/@ana\n")
# Rows a site with these files cannot print together (the registry as a
# whole refused): each is checked by the test named. The rows about
# pictures ("Image: ", "photo: ", and "file: " for content/images/) need real
# image files: tests/test_images.py checks each message it gets against the
# guide. "file: could not be read" is Pelican's own "Could not process"
# failure, which no input is known to reach any more.
ELSEWHERE = {
    "clinicians: ...": "test_a_broken_registry_is_one_more_line_in_the_report",
    "clinicians: uses a YAML alias (*name)": "test_a_broken_registry_is_one_more_line_in_the_report",
    "clinicians: the file cannot be read (...)": "test_a_broken_registry_is_one_more_line_in_the_report",
}


def guide_rows():
    """The message at the start of each row of the guide's table of messages."""
    guide = GUIDE.read_text(encoding="utf-8")
    table = guide[guide.index("## What the messages mean"):]
    # What the publish itself prints has its own table, which test_takedown.py checks.
    table = table[:min(table.index("\n## ", 1), table.index("\n### What the publish says"))]
    return [match.group(1) for match in re.finditer(r"^\| `([^`]+)`", table, re.M)]


def as_pattern(row):
    """The row as a pattern: "..." or "…" stand for any text, a number for any number."""
    pattern = ""
    for part in re.split(r"(\.\.\.|…|\d+(?:\.\d+)?)", row):
        if part in ("...", "…"):
            pattern += ".+?"
        elif re.fullmatch(r"\d+(?:\.\d+)?", part or "x"):
            pattern += r"\d+(?:\.\d+)?"
        else:
            pattern += re.escape(part)
    return re.compile(pattern)


@pytest.fixture(scope="module")
def guide_check(tmp_path_factory):
    """One `make check` of the fixture site with every file of INPUTS; its report's rows as printed lines."""
    site = sitebuild.make_site(tmp_path_factory.mktemp("guide"))
    for files in INPUTS.values():
        for relative, text in files.items():
            if isinstance(text, bytes):
                (site / "content" / relative).write_bytes(text)
            else:
                sitebuild.write(site, relative, text)
    (site / "content" / "images").mkdir(exist_ok=True)
    shutil.copy(FIXTURE / "images" / "walk.png", site / "content" / "images" / "walk.png")
    registry = site / "content" / "clinicians.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + REGISTRY_EXTRA, encoding="utf-8")
    report = site / "check.html"
    done = subprocess.run([sys.executable, str(sitebuild.ROOT / "scripts" / "check.py"), "--content", "content",
                           "--report", str(report)], cwd=site, capture_output=True, text=True, check=False)
    assert "Traceback" not in done.stdout + done.stderr and "CRITICAL" not in done.stdout + done.stderr
    published = sitebuild.publish(site)
    assert published.returncode != 0
    assert "Traceback" not in published.stdout + published.stderr
    assert "CRITICAL" not in published.stdout + published.stderr
    lines = []
    for table in BeautifulSoup(report.read_text(encoding="utf-8"), "html.parser").select("table.problems"):
        where = table.caption.get_text(strip=True)
        for row in table.tbody.find_all("tr"):
            line, _, field, message, fix = (cell.get_text(" ", strip=True) for cell in row.find_all("td"))
            lines.append(f"{where}:{line}: {field}: {message} — {fix}")
    return lines


def test_every_message_in_the_guide_is_one_the_build_prints(guide_check):
    rows = guide_rows()
    assert len(rows) >= 60
    unknown = [row for row in rows if row not in INPUTS and row not in ELSEWHERE
               and not row.startswith(("Image: ", "file: ", "photo: "))]
    assert not unknown, f"give each new row of the guide's table an input in INPUTS: {unknown}"
    assert all(name in globals() for name in ELSEWHERE.values())
    missing = [row for row in rows if row in INPUTS
               and not any(as_pattern(row).search(line) for line in guide_check)]
    assert not missing, "\n".join(["the guide shows messages the build does not print:", *missing,
                                   "printed:", *guide_check])
