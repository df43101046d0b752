"""The authoring workflow as a clinician uses it: `make new`, `make check`,
`make devserver`, and the guide docs/WRITING.md whose examples must build.

Every command runs through make, as a clinician would type it, with CONTENT=
pointing at a temporary copy of a fixture site so nothing is written into the
real content/.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

import sitebuild
from clinic import kinds
from content_model import placeholders

ROOT = sitebuild.ROOT
CHECK_FIXTURE = ROOT / "tests" / "fixtures" / "check" / "content"
TODAY = datetime.now(ZoneInfo("America/Chicago")).date()


def make(*arguments, env=None):
    """Run `make ARGUMENTS` in the project, as a clinician would."""
    environment = {**os.environ, "COLUMNS": "400", **(env or {})}
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), *arguments],
        capture_output=True, text=True, check=False, env=environment,
    )


def header(path):
    """The header of a Markdown article as {lowercased key: value}."""
    fields = {}
    for line in path.read_text(encoding="utf-8").split("\n\n", 1)[0].splitlines():
        key, _, value = line.partition(": ")
        fields[key.lower()] = value
    return fields


# --- make new -----------------------------------------------------------------

@pytest.fixture
def site(tmp_path):
    """A copy of the small fixture site, to add new articles to."""
    return sitebuild.make_site(tmp_path)


def fact_for(kind, fact="Colds come from viruses, not from cold air"):
    """The FACT= a myth is started with (other kinds take none)."""
    return [f"FACT={fact}"] if kind.key == "myth" else []


@pytest.mark.parametrize("kind", kinds.KINDS, ids=lambda kind: kind.key)
def test_new_writes_every_field_of_the_kind(site, kind):
    title = "Cold weather gives you a cold, really?"
    done = make("new", f"KIND={kind.key}", f"TITLE={title}", *fact_for(kind), f"CONTENT={site / 'content'}")
    assert done.returncode == 0, done.stderr
    # A myth's file, and so its address, is named after its fact, never the myth.
    name = "colds-come-from-viruses-not-from-cold-air" if kind.key == "myth" else "cold-weather-gives-you-a-cold-really"
    path = site / "content" / kind.folder / f"{name}.md"
    assert done.stdout.splitlines()[0] == f"Wrote {path} (a new {kind.label.lower()})."
    fields = header(path)
    assert set(kinds.COMMON_REQUIRED + kind.required + kind.optional) <= set(fields)
    assert fields["title"] == title
    assert fields["date"] == TODAY.isoformat()
    assert fields["category"] == kind.category
    assert fields["status"] == "draft", "a new article must not be published before the writer says so"
    body = path.read_text(encoding="utf-8").split("\n\n", 1)[1]
    assert "## " in body and '!!! warning "When to see a doctor"' in body


def test_new_asks_for_each_field_in_plain_words():
    sys.path.insert(0, str(ROOT / "scripts"))
    import new_article

    every_field = set(kinds.COMMON_REQUIRED) | {"tags"}
    for kind in kinds.KINDS:
        every_field |= set(kind.required + kind.optional)
    generated = {"title", "date", "category"}
    assert every_field - generated <= set(new_article.ASK), "a field has no question in new_article.ASK"


# Values a writer would put in place of each header placeholder; None deletes the line.
FILLED = {
    "tags": "colds, winter",
    "authors": "Ana Ruiz",
    "summary": "Colds come from viruses, not from cold air.",
    "reviewed_by": "Ben Cole",
    "reviewed_on": "2026-01-10",
    "fact": "Colds come from viruses, not from cold air",
    "claim": "Going out in the cold gives you a cold",
    "appearance": None,
    "claim_author": None,
    "claim_date": None,
    "verdict": "False",
    "question": "Can cold air make me sick?",
    "consent": "CR-2026-001",
    "consent_date": "2026-01-02",
    "consent_expires": (TODAY + timedelta(days=700)).isoformat(),
    "consent_scope": "web, social, feeds",
    "source_url": "https://www.cdc.gov/common-cold/about/index.html",
    "results_typical": "yes",
    "typical_results": None,
    "photo_consent": None,
}
BODY_TEXT = "Colds come from viruses. See [the CDC](https://www.cdc.gov/common-cold/about/index.html)."


def fill(path, status="published"):
    """Replace every placeholder as a writer would, and set the Status line."""
    head, body = path.read_text(encoding="utf-8").split("\n\n", 1)
    lines = []
    for line in head.splitlines():
        if line.startswith("Status: "):
            line = f"Status: {status}"
        key, _, value = line.partition(": ")
        if placeholders.PATTERN.search(value):
            if FILLED[key.lower()] is None:
                continue
            line = f"{key}: {FILLED[key.lower()]}"
        lines.append(line)
    body = placeholders.PATTERN.sub(BODY_TEXT, body)
    path.write_text("\n".join(lines) + "\n\n" + body, encoding="utf-8")


@pytest.mark.parametrize("kind", kinds.KINDS, ids=lambda kind: kind.key)
def test_new_article_is_refused_until_filled_then_builds(site, kind):
    made = make("new", f"KIND={kind.key}", "TITLE=Colds and cold air", *fact_for(kind, "Colds and cold air"),
                f"CONTENT={site / 'content'}")
    assert made.returncode == 0, made.stderr
    relative = f"content/{kind.folder}/colds-and-cold-air.md"
    path = site / relative
    blank_lines = [number for number, line in enumerate(path.read_text().splitlines(), start=1)
                   if placeholders.PATTERN.search(line)]
    assert len(blank_lines) >= 6

    unfilled = sitebuild.build(site, settings="publishconf.py", output="strict")
    assert unfilled.returncode != 0
    assert "Traceback" not in unfilled.stderr
    reported = [line for line in unfilled.problem_lines() if line.startswith(relative + ":")]
    for number in blank_lines:
        assert any(line.startswith(f"{relative}:{number}: ") and "still holds the placeholder" in line
                   and line.endswith("— replace it, brackets included, with your own text")
                   for line in reported), f"line {number} of the new {kind.key} is not reported"

    public = f"{kind.category.lower().replace(' ', '-')}/colds-and-cold-air/index.html"
    fill(path, status="draft")
    draft = sitebuild.build(site)
    assert [line for line in draft.problem_lines() if line.startswith(relative)] == []
    assert not (draft.output / public).exists(), "a filled-in draft was published"
    assert (draft.output / "drafts" / "colds-and-cold-air.html").is_file(), "the draft cannot be previewed"

    fill(path)
    filled = sitebuild.build(site)
    assert filled.returncode == 0, filled.stderr
    assert [line for line in filled.problem_lines() if line.startswith(relative)] == []
    page = BeautifulSoup(filled.page(public), "html.parser")
    # A myth's headline is its fact (here the same words as the other kinds' titles).
    assert page.h1.get_text(strip=True) == "Colds and cold air"
    assert page.select_one(".admonition.warning .admonition-title").get_text() == "When to see a doctor"


def test_new_myth_is_named_after_its_fact_never_the_myth(site):
    unnamed = make("new", "KIND=myth", "TITLE=Cold weather gives you a cold", f"CONTENT={site / 'content'}")
    assert unnamed.returncode != 0
    assert 'Give the fact the myth is checked against: make new KIND=myth FACT="' in unnamed.stderr
    assert not (site / "content/myths/cold-weather-gives-you-a-cold.md").exists()

    done = make("new", "KIND=myth", "FACT=Colds come from viruses, not from cold weather", f"CONTENT={site / 'content'}")
    assert done.returncode == 0, done.stderr
    path = site / "content/myths/colds-come-from-viruses-not-from-cold-weather.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    keys = [line.partition(": ")[0] for line in lines]
    assert keys.index("Fact") < keys.index("Claim")
    assert lines[keys.index("Fact")] == "Fact: Colds come from viruses, not from cold weather"
    assert header(path)["title"] == "Colds come from viruses, not from cold weather"
    assert "Slug" not in keys  # the file name is the address, and stays when the fact is reworded

    wrong = make("new", "KIND=news", "TITLE=Flu shots", "FACT=Flu shots work", f"CONTENT={site / 'content'}")
    assert wrong.returncode != 0 and "FACT= is only for myths" in wrong.stderr


def test_new_refuses_to_overwrite(site):
    arguments = ("new", "KIND=myth", "FACT=Colds come from viruses", f"CONTENT={site / 'content'}")
    assert make(*arguments).returncode == 0
    path = site / "content" / "myths" / "colds-come-from-viruses.md"
    path.write_text("my own words", encoding="utf-8")
    again = make(*arguments)
    assert again.returncode != 0
    assert f"{path} already exists, so nothing was written." in again.stderr
    assert path.read_text(encoding="utf-8") == "my own words"


def test_new_explains_a_wrong_kind_or_a_missing_title(site):
    wrong = make("new", "KIND=blog", "TITLE=Anything", f"CONTENT={site / 'content'}")
    assert wrong.returncode != 0
    assert '"blog" is not a kind of article — use KIND= one of: myth, news, story, question' in wrong.stderr
    typo = make("new", "KIND=mytj", "FACT=Anything", f"CONTENT={site / 'content'}")
    assert typo.returncode != 0
    assert '"mytj" is not a kind of article — did you mean KIND=myth?' in typo.stderr
    untitled = make("new", "KIND=news", f"CONTENT={site / 'content'}")
    assert untitled.returncode != 0
    assert 'Give the title too: make new KIND=news TITLE="Your title here"' in untitled.stderr
    assert sorted(p.name for p in (site / "content" / "news").iterdir()) == ["flu-clinics.md"]


def test_new_keeps_the_title_exactly_as_typed(site):
    title = """Rosa's "detox" costs $5 & `more`"""
    done = make("new", "KIND=story", f"TITLE={title}", f"CONTENT={site / 'content'}")
    assert done.returncode == 0, done.stderr
    assert header(site / "content" / "stories" / "rosas-detox-costs-5-more.md")["title"] == title


# --- make check ---------------------------------------------------------------

@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """`make check` on the check fixture, plus an article whose review is due in 10 days."""
    site = tmp_path_factory.mktemp("check")
    content = site / "content"
    shutil.copytree(CHECK_FIXTURE, content)
    due = (content / "myths" / "clean.md").read_text(encoding="utf-8")
    due = due.replace("Next_review: 2099-01-10", f"Next_review: {(TODAY + timedelta(days=10)).isoformat()}")
    due = due.replace("Title: Cold weather gives you a cold", "Title: Hot weather gives you a cold")
    (content / "myths" / "due-soon.md").write_text(due, encoding="utf-8")
    report = site / "reports" / "check.html"
    done = make("check", f"CONTENT={content}", f"REPORT={report}")
    assert report.is_file(), done.stdout + done.stderr
    return done, content, report


def rows(report):
    """The HTML report's problems as {(file name, line, severity, field, message): how to fix}."""
    soup = BeautifulSoup(report.read_text(encoding="utf-8"), "html.parser")
    found = {}
    for table in soup.select("table.problems"):
        name = Path(table.caption.get_text(strip=True)).name
        for row in table.tbody.find_all("tr"):
            line, severity, field, message, fix = (cell.get_text(strip=True) for cell in row.find_all("td"))
            found[(name, int(line), severity, field, message)] = fix
    return found


def test_check_finds_each_kind_of_problem(checked):
    done, content, report = checked
    found = rows(report)
    due = TODAY + timedelta(days=10)
    expected = {
        # validation errors and warnings, from the build itself
        ("unknown-author.md", 5, "error", "Authors", '"Nobody Here" is not in the clinician list'),
        # a publish refuses an article its author reviewed, so the check does too
        ("self-reviewed.md", 7, "error", "Reviewed_by", "Ben Cole both wrote and reviewed this article"),
        # reviews overdue (the build's own warning), or due within 30 days
        ("overdue-review.md", 8, "warning", "Reviewed_on",
         f"the clinical review was due on 10 January 2021, {(TODAY - date(2021, 1, 10)).days} days ago; "
         "the page says the review is overdue"),
        ("due-soon.md", 9, "warning", "Next_review",
         f"the clinical review is due in 10 days, on {due.day} {due:%B %Y}"),
        # links to files that do not exist (the build's own errors, which leave
        # the article out), broken internal links and images, in articles and pages
        ("broken-links.md", 14, "error", "link", '"/myths/joint-pain-explained/" does not lead to any page of this site'),
        ("broken-links.md", 14, "error", "link", '"{filename}/myths/no-such-file.md" names a file that does not exist'),
        ("broken-links.md", 16, "error", "link", '"{static}/images/hand-x-ray.png" names a file that does not exist'),
        ("broken-links.md", 18, "error", "image", '"images/knuckle.png" does not exist'),
        ("about.md", 5, "error", "link", '"/contact-us/" does not lead to any page of this site'),
        # malformed source addresses
        ("malformed-sources.md", 10, "error", "Source_url", '"https://www.cdc,gov/flu/vaccines/" has no real host ("www.cdc,gov")'),
        ("malformed-sources.md", 17, "error", "source",
         '"https//www.cdc.gov/flu/vaccines/vaccinations.html" is not a valid web address'),
        ("malformed-sources.md", 18, "error", "source", '"www.nhs.uk/vaccinations/flu-vaccine/" is missing https:// at the start'),
        # titles too long for link previews
        ("malformed-sources.md", 1, "warning", "Title", "is 81 characters long; link previews cut titles after about 70"),
    }
    readability = [key for key in found if key[3] == "readability"]
    assert [key[:4] for key in readability] == [("hard-to-read.md", 13, "warning", "readability")]
    assert re.fullmatch(r"reads at US school grade \d+(\.\d)?, above 8", readability[0][4])
    assert set(found) - set(readability) == expected
    assert all(found.values()), "every problem says how to fix it"


def terminal_rows(out):
    """The printed problem tables as {(file name, line, severity, field, message)}."""
    found, name = set(), None
    for line in out.splitlines():
        if line.rstrip().endswith(".md") and not line.startswith(" "):
            name = Path(line.rstrip()).name
        row = re.match(r"^\s+(\d+)\s+(error|warning)\s+(\S+)\s+(.*?)\s{2,}\S", line)
        if name and row:
            found.add((name, int(row[1]), row[2], row[3], row[4]))
    return found


def test_check_prints_a_table_and_fails_on_errors(checked):
    done, content, report = checked
    assert done.returncode != 0
    assert "Error 1" in done.stderr  # check.py's own exit code, as make reports it
    out = done.stdout
    assert out.startswith(f"Checked 8 articles and 1 page in {content}; 4 articles left out because of errors")
    assert terminal_rows(out) == set(rows(report))
    assert re.search(r"Vitamin C prevents the common cold\s+Fact check\s+\d+(\.\d)?\s", out)
    assert out.rstrip().endswith(f"10 error(s), 4 warning(s). Full report: {report}")
    assert not (content.parent / "output").exists()


def test_check_grades_every_article(checked):
    _, _, report = checked
    soup = BeautifulSoup(report.read_text(encoding="utf-8"), "html.parser")
    articles = soup.find("caption", string="Articles").find_parent("table")
    grades = {}
    for row in articles.tbody.find_all("tr"):
        cells = row.find_all("td")
        grades[Path(cells[0].span.get_text()).name] = float(cells[2].get_text())
    assert set(grades) == {"clean.md", "due-soon.md", "overdue-review.md", "hard-to-read.md",
                           "broken-links.md", "malformed-sources.md", "self-reviewed.md", "unknown-author.md"}
    assert grades["hard-to-read.md"] > 8 >= grades["clean.md"]


def test_check_passes_with_warnings_only(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CHECK_FIXTURE, content, ignore=shutil.ignore_patterns(
        "broken-links.md", "malformed-sources.md", "unknown-author.md", "about.md", "self-reviewed.md"))
    done = make("check", f"CONTENT={content}", f"REPORT={tmp_path / 'report.html'}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.rstrip().endswith(f"0 error(s), 2 warning(s). Full report: {tmp_path / 'report.html'}")


def test_check_lists_overdue_reviews_first_then_drafts_and_scheduled(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CHECK_FIXTURE, content, ignore=shutil.ignore_patterns(
        "broken-links.md", "malformed-sources.md", "unknown-author.md", "about.md", "self-reviewed.md"))
    clean = (content / "myths" / "clean.md").read_text(encoding="utf-8")
    (content / "myths" / "a-draft.md").write_text(
        clean.replace("Title: Cold weather gives you a cold", "Title: Still writing this\nStatus: draft"),
        encoding="utf-8")
    later = TODAY + timedelta(days=20)
    (content / "myths" / "later.md").write_text(
        re.sub(r"^Date: .*$", f"Date: {later.isoformat()} 09:00", clean.replace(
            "Title: Cold weather gives you a cold", "Title: Out next month"), count=1, flags=re.M),
        encoding="utf-8")
    done = make("check", f"CONTENT={content}", f"REPORT={tmp_path / 'report.html'}")
    out = done.stdout
    overdue = out.index("Reviews overdue (the pages say so; ask a clinician to review these first):")
    assert overdue < out.index("Problems, file by file:")
    assert f"  {content}/myths/overdue-review.md: Feed a cold, starve a fever — review was due on 10 January 2021" \
        in out.replace(str(content.resolve()), str(content))
    assert re.search(r"Drafts \(1\): .*\n  \S*myths/a-draft.md: Still writing this\n", out)
    assert re.search(rf"Scheduled \(1\): .*\n  \S*myths/later.md: Out next month — from {later.day} {later:%B %Y}\n",
                     out)

    drafts = make("drafts", f"CONTENT={content}")
    assert drafts.returncode == 0, drafts.stderr
    assert "myths/a-draft.md: Still writing this" in drafts.stdout
    assert "myths/later.md: Out next month" in drafts.stdout
    assert "Problems, file by file" not in drafts.stdout


def test_an_article_dated_later_is_not_published_before_its_day(tmp_path):
    site = sitebuild.make_site(tmp_path)
    path = site / "content" / "myths" / "cold-weather.md"
    later = TODAY + timedelta(days=3)
    path.write_text(re.sub(r"^Date: .*$", f"Date: {later.isoformat()} 09:00", path.read_text(encoding="utf-8"),
                           count=1, flags=re.M), encoding="utf-8")
    published = sitebuild.publish(site)
    assert published.returncode == 0, published.stderr
    assert not list(published.output.glob("**/cold-weather-gives-you-a-cold*"))
    assert "Cold weather gives you a cold" not in published.page("index.html")


def test_readability_works_offline():
    import textstat

    sys.path.insert(0, str(ROOT / "scripts"))
    from checks import readability

    assert textstat.__version__ == (0, 7, 8)
    grade = readability.grade("<p>Colds come from viruses. Wash your hands.</p><h2>Sources</h2>"
                              "<ul><li>Foxman EF, et al. Temperature-dependent innate defense.</li></ul>")
    assert grade is not None and grade < 6
    assert "nltk" not in sys.modules


# --- make devserver -----------------------------------------------------------

def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, process, seconds=120):
    """Poll `url` until the server answers; fail if the server exits first."""
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the devserver stopped: {process.stdout.read()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"the devserver did not answer at {url}")


def start_devserver(site, port):
    """`make devserver` for `site` on `port`, in its own process group (output kept in a pipe)."""
    return subprocess.Popen(
        ["make", "--no-print-directory", "-C", str(ROOT), "devserver",
         f"CONTENT={site / 'content'}", f"PREVIEWDIR={site / 'output'}", f"PORT={port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )


@pytest.mark.browser
def test_devserver_rebuilds_on_save_and_reloads_the_tab(tmp_path, browser):
    site = sitebuild.make_site(tmp_path)
    port = free_port()
    process = start_devserver(site, port)
    try:
        url = f"http://127.0.0.1:{port}/myths/cold-weather-gives-you-a-cold/"
        html = wait_for(url, process)
        assert f'<script src="/livereload.js?port={port}"></script>' in html
        page = browser.new_page()
        sent = []
        page.on("websocket", lambda socket_: socket_.on("framesent", lambda frame: sent.append(str(frame))))
        page.goto(url)
        # The tab is reloaded only once livereload.js has told the server its
        # address (its "info" message).
        deadline = time.monotonic() + 60
        while not any('"info"' in frame for frame in sent):
            assert time.monotonic() < deadline, f"livereload.js never connected; it sent {sent}"
            page.wait_for_timeout(200)
        assert "Being cold does not infect you." in page.inner_text("body")

        article = site / "content" / "myths" / "cold-weather.md"
        article.write_text(article.read_text(encoding="utf-8").replace(
            "Being cold does not infect you.", "Being cold does not infect you, a virus does."), encoding="utf-8")
        page.wait_for_function(
            "() => document.body.innerText.includes('a virus does')", timeout=120000)
        page.close()
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)


@pytest.mark.browser
def test_devserver_shows_an_articles_problems_at_its_address(tmp_path, browser):
    site = sitebuild.make_site(tmp_path)
    # Another article's error comes first in file order; the saved file's must be printed first.
    news = site / "content" / "news" / "flu-clinics.md"
    news.write_text(news.read_text(encoding="utf-8").replace("Category: News", "Category: Newz"), encoding="utf-8")
    port = free_port()
    process = start_devserver(site, port)
    try:
        url = f"http://127.0.0.1:{port}/patient-stories/walking-again-after-knee-surgery/"
        wait_for(url, process)
        page = browser.new_page()
        page.goto(url)
        assert "walked a mile by spring" in page.inner_text("body")
        # A later file than the news article: printed after it, were it not the one just saved.
        story = site / "content" / "stories" / "walking-again.md"
        story.write_text(story.read_text(encoding="utf-8").replace("Results_typical: no", "Results_typical: maybe"),
                         encoding="utf-8")
        page.wait_for_function("() => document.body.innerText.includes('left out of the site')", timeout=120000)
        text = page.inner_text("body")
        assert 'line 14, Results_typical: "maybe" is not yes or no — write yes or no' in text
        assert "walked a mile by spring" not in text
        page.close()
    finally:
        os.killpg(process.pid, 15)
        output = process.communicate(timeout=30)[0]
    rebuild = output[output.rindex("walking-again.md changed: rebuilding..."):]
    first = next(line for line in rebuild.splitlines() if line.startswith("  "))
    assert first.endswith('Results_typical: "maybe" is not yes or no — write yes or no'), rebuild


def test_devserver_can_be_opened_from_a_phone():
    dry = make("-n", "devserver", "HOST=0.0.0.0")
    assert "Open `output/index.html`" not in (ROOT / "README.md").read_text(encoding="utf-8")
    assert '--host "0.0.0.0"' in dry.stdout
    assert "make devserver HOST=0.0.0.0" in GUIDE.read_text(encoding="utf-8")


# --- docs/WRITING.md ------------------------------------------------------------

GUIDE = ROOT / "docs" / "WRITING.md"


def guide_examples():
    """The example articles of the guide: ```markdown blocks that start with a header."""
    blocks = re.findall(r"^```markdown\n(.*?)^```$", GUIDE.read_text(encoding="utf-8"), re.M | re.S)
    return [block for block in blocks if block.startswith("Title: ")]


def test_guide_examples_build(tmp_path):
    examples = guide_examples()
    assert {header_of(example)["category"] for example in examples} == {kind.category for kind in kinds.KINDS}
    site = sitebuild.make_site(tmp_path, ROOT / "content")
    written = []
    for number, example in enumerate(examples):
        kind = kinds.BY_CATEGORY[header_of(example)["category"]]
        relative = f"{kind.folder}/guide-example-{number}.md"
        sitebuild.write(site, relative, example)
        written.append((f"content/{relative}", header_of(example)))
    result = sitebuild.build(site)
    assert result.returncode == 0, result.stderr
    for relative, fields in written:
        assert [line for line in result.problem_lines() if line.startswith(relative)] == []
        kind = kinds.BY_CATEGORY[fields["category"]]
        page = result.output / kind.category.lower().replace(" ", "-") / fields["slug"] / "index.html"
        assert page.is_file(), f"{relative} was not published"


def header_of(text):
    fields = {}
    for line in text.split("\n\n", 1)[0].splitlines():
        key, _, value = line.partition(": ")
        fields[key.lower()] = value
    return fields


def test_guide_documents_every_field_and_is_linked_from_the_readme():
    guide = GUIDE.read_text(encoding="utf-8")
    every_field = set(kinds.COMMON_REQUIRED + kinds.COMMON_OPTIONAL)
    for kind in kinds.KINDS:
        every_field |= set(kind.required + kind.optional)
    for field in every_field:
        assert re.search(rf"^\| `{field.capitalize()}`", guide, re.M), f"{field} has no row in a field table"
    readme = ROOT / "README.md"
    if readme.exists():
        assert "docs/WRITING.md" in readme.read_text(encoding="utf-8")


# --- preview and publish folders ---------------------------------------------

def make_commands(target):
    """The commands `make TARGET` would run (make -n), as one string."""
    dry = make("-n", target)
    assert dry.returncode == 0, dry.stderr
    return dry.stdout


def test_preview_and_publish_never_write_the_same_folder():
    html, devserver, serve = (make_commands(target) for target in ("html", "devserver", "serve"))
    publish = make_commands("publish")
    assert "-o preview" in html and "-o preview" in serve
    assert '--output "preview"' in devserver
    assert "--output output" in publish
    assert "preview" not in publish and "-o output" not in html + serve


def test_pelican_run_by_hand_previews_into_preview_and_publishes_into_output():
    from pelican.settings import read_settings

    assert read_settings(str(ROOT / "pelicanconf.py"))["OUTPUT_PATH"] == str(ROOT / "preview")
    assert read_settings(str(ROOT / "publishconf.py"))["OUTPUT_PATH"] == str(ROOT / "output")


def test_the_readme_says_which_folder_to_serve():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Serve `output/`" in readme and "never `preview/`" in readme
