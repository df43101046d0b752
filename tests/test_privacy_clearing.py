"""Names found in every field, clearing what was found text by text by a clinician
who did not write the article, and which dates are the clinic's own: real sites
built from real Markdown."""

import pytest

import sitebuild

FIX = ("remove it; if it is not a patient's (PHI, protected health information: any detail that could "
       "identify a patient), a clinician who did not write the article checks it, lists it in Phi_cleared "
       "and names themself in Phi_cleared_by")

STORY = """Title: {title}
Date: 2026-03-02 09:00
Category: {category}
Authors: Ana Ruiz
Summary: How the walking group helped.
Reviewed_by: Ben Cole
Reviewed_on: 2026-03-01
Consent: CR-2026-201
Consent_date: {given}
Consent_expires: 2099-02-20
Consent_scope: {scope}
{extra}
{body}
"""


def story(title="A walking group", category="Patient Stories", given="2026-02-20", scope="web, social, feeds",
          extra="", body="The walking group met every Tuesday."):
    return STORY.format(title=title, category=category, given=given, scope=scope, extra=extra, body=body)


def built(tmp_path, files):
    site = sitebuild.make_site(tmp_path)
    for relative, text in files.items():
        sitebuild.write(site, relative, text)
    return sitebuild.build(site)


def problems_of(build, name):
    return [line for line in build.problem_lines() if line.startswith(f"content/{name}")]


@pytest.mark.parametrize("text, field", [
    ("Jean Barker, 67", "Title"),
    ("Mrs Wilson", "Summary"),
    ("her husband Bob", "Body"),
    ("John Albert Smith", "Body"),
])
def test_names_in_title_summary_and_body_are_errors(tmp_path, text, field):
    extra, title, body = "", "A walking group", "The walking group met every Tuesday."
    if field == "Title":
        title = f"{text} and the walking group"
    elif field == "Summary":
        extra = ""
        body = body
    else:
        body = f"She walked with {text} every morning."
    content = story(title=title, extra=extra, body=body)
    if field == "Summary":
        content = content.replace("Summary: How the walking group helped.", f"Summary: How {text} got walking.")
    build = built(tmp_path, {"stories/walking.md": content})
    messages = problems_of(build, "stories/walking.md")
    assert any(': identifier: name "' in line and line.endswith(FIX) for line in messages), messages


def test_a_cleared_text_is_published_and_anything_else_found_is_still_an_error(tmp_path):
    body = "Rosa walked with her husband Bob. Call her at 217-555-0143."
    extra = "Phi_cleared: Rosa; Bob\nPhi_cleared_by: Ben Cole\n"
    build = built(tmp_path, {"stories/walking.md": story(extra=extra, body=body)})
    messages = problems_of(build, "stories/walking.md")
    assert [line for line in messages if "identifier" in line] == [
        f'content/stories/walking.md:15: identifier: phone number "217-…" — {FIX}']


def test_clearing_by_everything_listed_publishes_the_story(tmp_path):
    extra = "Phi_cleared: Rosa; Bob\nPhi_cleared_by: Ben Cole\n"
    build = built(tmp_path, {"stories/walking.md": story(extra=extra, body="Rosa walked with her husband Bob.")})
    assert problems_of(build, "stories/walking.md") == []
    pages = [path.read_text(encoding="utf-8") for path in build.output.rglob("*.html")]
    assert any("Rosa walked with her husband Bob." in page for page in pages)


def test_the_author_cannot_clear(tmp_path):
    extra = "Phi_cleared: Rosa\nPhi_cleared_by: Ana Ruiz\n"
    build = built(tmp_path, {"stories/walking.md": story(extra=extra, body="Rosa walked every day.")})
    messages = problems_of(build, "stories/walking.md")
    assert ("content/stories/walking.md:13: Phi_cleared_by: Ana Ruiz wrote this article — ask a clinician who "
            "did not write it to check the texts and put their name here") in messages
    assert not any("Rosa walked every day." in path.read_text(encoding="utf-8") for path in build.output.rglob("*.html"))


def test_the_old_blanket_switch_is_an_error(tmp_path):
    build = built(tmp_path, {"stories/walking.md": story(extra="Phi_reviewed: Ben Cole\n")})
    messages = problems_of(build, "stories/walking.md")
    assert any(line.startswith("content/stories/walking.md:12: Phi_reviewed: is no longer used") for line in messages)


def test_identifiers_in_tags_slug_and_image_file_names_are_found(tmp_path):
    content = story(body="![A walk]({static}/images/jean-barker-walk.png)",
                    extra="Photo_consent: yes\nTags: 217-555-0143\nSlug: rosa-smith-walks\n")
    site = sitebuild.make_site(tmp_path)
    sitebuild.write(site, "stories/walking.md", content)
    (site / "content" / "images").mkdir(exist_ok=True)
    (site / "content" / "images" / "jean-barker-walk.png").write_bytes(
        (sitebuild.ROOT / "theme" / "static" / "images" / "logo.png").read_bytes())
    build = sitebuild.build(site)
    messages = " ".join(problems_of(build, "stories/walking.md"))
    assert 'phone number "217-…"' in messages
    assert 'name "Rosa…"' in messages
    assert 'name "Jean…"' in messages
    assert not (build.output / "tags" / "217-555-0143.html").exists()


@pytest.mark.parametrize("header, body, line", [
    ("Results_typical: no\nTypical_results: Most people call 217-555-0143 for help.\n", "She walked.", 13),
    ("Updates: 2026-03-05: Jean Barker asked us to add her walk times.\n", "She walked.", 12),
    ("", 'She walked with [the group](https://example.org/walk "Jean Barker\'s group").', 13),
    ("", '<span title="call 217-555-0143">She walked.</span>', 13),
])
def test_identifiers_in_typical_results_updates_and_title_attributes_are_found(tmp_path, header, body, line):
    build = built(tmp_path, {"stories/walking.md": story(extra=header, body=body)})
    messages = problems_of(build, "stories/walking.md")
    assert [text for text in messages if ": identifier: " in text and text.startswith(
        f"content/stories/walking.md:{line}: ")], messages


def test_an_identifier_in_a_question_is_found(tmp_path):
    question = STORY.replace("Category: {category}", "Category: Questions").replace(
        "Consent: CR-2026-201\nConsent_date: {given}\nConsent_expires: 2099-02-20\nConsent_scope: {scope}\n",
        "Question: My husband Bob gets dizzy on his new pills. Why?\n").format(
        title="Dizzy on new pills", extra="", body="Some blood pressure pills can make you dizzy at first.")
    build = built(tmp_path, {"questions/dizzy.md": question})
    assert any(line.startswith("content/questions/dizzy.md:8: identifier: name \"Bob\"")
               for line in problems_of(build, "questions/dizzy.md")), build.stderr


def test_a_listed_text_that_is_not_found_is_a_warning_as_written(tmp_path):
    extra = "Phi_cleared: Jean; Bob\nPhi_cleared_by: Ben Cole\n"
    build = built(tmp_path, {"stories/walking.md": story(extra=extra, body="She walked with Jean Barker.")})
    messages = problems_of(build, "stories/walking.md")
    assert ('content/stories/walking.md:12: Phi_cleared: "Jean" is not among what the check found — delete it '
            "from the list, or write it exactly as the article does") in messages
    assert f'content/stories/walking.md:15: identifier: name "Jean…" — {FIX}' in messages


def test_a_list_without_a_checker_and_a_checker_without_a_list_are_errors(tmp_path):
    build = built(tmp_path, {"stories/walking.md": story(extra="Phi_cleared: Rosa\n", body="Rosa walked."),
                             "stories/running.md": story(title="Running", extra="Phi_cleared_by: Ben Cole\n")})
    assert ('content/stories/walking.md:12: Phi_cleared: does not say who checked these texts — add '
            '"Phi_cleared_by: <a clinician who did not write the article>"') in problems_of(build, "stories/walking.md")
    assert ('content/stories/running.md:12: Phi_cleared_by: names a clinician but Phi_cleared lists nothing — '
            'list the checked texts: "Phi_cleared: Rosa; 1961", or delete the line'
            ) in problems_of(build, "stories/running.md")


def test_staff_and_allowed_names_from_settings_are_not_flagged_and_others_still_are(tmp_path):
    body = "Rosa Delgado at the front desk booked her with Dr. Cole. Kiera Lott drove her to Decatur."
    site = sitebuild.make_site(tmp_path)
    sitebuild.write(site, "stories/walking.md", story(body=body))
    plain = sitebuild.build(site)
    assert {'name "Rosa…"', 'name "Kier…"', 'name "Deca…"'} <= {
        line.split(": identifier: ")[1].split(" — ")[0] for line in problems_of(plain, "stories/walking.md")
        if ": identifier: " in line}, plain.stderr
    allowing = sitebuild.build(site, extra=("-e", 'PRIVACY_STAFF_NAMES=["Rosa Delgado"]',
                                            'PRIVACY_ALLOWED_NAMES=["Decatur"]'))
    assert [line.split(" — ")[0] for line in problems_of(allowing, "stories/walking.md")] == [
        'content/stories/walking.md:13: identifier: name "Kier…"']


@pytest.mark.parametrize("sentence", [
    "She was admitted on March 3, 2024 with chest pain.",
    "On March 3, 2024 she came to see us about her chest.",
])
def test_a_date_years_after_an_old_story_is_not_taken_for_the_clinics_own(tmp_path, sentence):
    old = story(body=sentence).replace("Date: 2026-03-02 09:00", "Date: 2019-03-02 09:00").replace(
        "Reviewed_on: 2026-03-01", "Reviewed_on: 2019-03-01").replace("Consent_date: 2026-02-20",
                                                                      "Consent_date: 2019-02-20")
    build = built(tmp_path, {"stories/walking.md": old})
    assert f'content/stories/walking.md:13: identifier: full date "Marc…" — {FIX}' in problems_of(
        build, "stories/walking.md"), build.stderr


def test_a_date_soon_after_publication_is_the_clinics_own_plan(tmp_path):
    build = built(tmp_path, {"stories/walking.md": story(body="The next walk is on April 18, 2026.")})
    assert problems_of(build, "stories/walking.md") == []


@pytest.mark.parametrize("slug, found", [
    ("story-00003-antibiotics", False),
    ("photo-20314-knee", False),
    ("myth-00501-drinking-water", False),
    ("news-60601-flu-shots", False),
    ("question-10230-sleep", False),
    ("walks-in-decatur-62521", True),
])
def test_a_number_in_a_slug_is_a_zip_code_only_after_a_town(tmp_path, slug, found):
    build = built(tmp_path, {"stories/walking.md": story(extra=f"Slug: {slug}\n")})
    zips = [line for line in problems_of(build, "stories/walking.md") if ": identifier: ZIP code" in line]
    assert bool(zips) == found, build.stderr
