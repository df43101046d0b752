"""Consent never waits: a publish takes a story down even when other articles have errors.

Yesterday's site is the small fixture site plus a patient story with a photo
and a second myth, published once with scripts/publish.py. Each test copies
it, changes content/ the way a clinic would (consent expires, is withdrawn,
stops covering the web, the story file is deleted, another article gets an
error) and publishes again, then reads every file of output/ — pages, feeds,
sitemap, the search index and the compressed copies, decompressed — and
looks at every picture's pixels.
"""

import configparser
import gzip
import os
import re
import shlex
import shutil
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import brotli
import lxml.html
import pytest
import yaml
from pelican.settings import read_settings
from PIL import Image

import sitebuild

# scripts/publish.py's status when it put a new site in place and errors are left.
PUBLISHED_WITH_ERRORS = 3
STORY_PAGE = "patient-stories/zq-garden-story/index.html"
MYTH_PAGE = "myths/zq-vitamin-myth/index.html"

STORY = """Title: The zqstory garden
Date: 2026-03-02 09:00
Category: Patient Stories
Slug: zq-garden-story
Authors: Ana Ruiz
Summary: How zqstory got back to her garden.
Reviewed_by: Ben Cole
Reviewed_on: 2026-03-01
Consent: CR-2026-120
Consent_date: 2026-02-20
Consent_expires: 2099-02-20
Consent_scope: web, social, feeds
Photo_consent: yes
Results_typical: yes

The zqstory garden: she planted tomatoes by spring.

![Her garden in May]({static}/images/zq-garden.jpg)
"""

MYTH = """Title: Vitamin C and zqmyth colds
Date: 2026-01-14 09:00
Category: Myths
Tags: colds
Slug: zq-vitamin-myth
Authors: Ana Ruiz
Summary: Vitamin C does not cure zqmyth colds.
Reviewed_by: Ben Cole
Reviewed_on: 2026-01-10
Fact: Vitamin C does not cure colds
Claim: Vitamin C cures colds
Verdict: False

Taking vitamin C once a cold has started does not shorten it (zqmyth).

![A glass of orange juice]({static}/images/zq-juice.png)

## Sources

- [CDC: Common colds](https://www.cdc.gov/common-cold/about/index.html)
"""

LINKER = """Title: Gardening after surgery zqlinker
Date: 2026-03-05 09:00
Category: News
Slug: zq-gardening-news
Authors: Ben Cole
Summary: The clinic's gardening group meets again.
Reviewed_by: Ana Ruiz
Reviewed_on: 2026-03-04

The gardening group meets on Mondays; read [one patient's story]({filename}/stories/zq-garden.md).

## Sources

- [CDC: Physical activity](https://www.cdc.gov/physical-activity-basics/index.html)
"""

ORANGE = (255, 165, 0)
BLUE = (20, 60, 200)


def clinic_today():
    """Today in the clinic's time zone (pelicanconf.TIMEZONE), as the build sees it."""
    return datetime.now(ZoneInfo("America/Chicago")).date()


def write_site(folder, linker=False):
    """The fixture site with the story, its photo (all orange), the myth and its picture (all blue)."""
    site = sitebuild.make_site(folder)
    images = site / "content" / "images"
    images.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (64, 48), ORANGE).save(images / "zq-garden.jpg")
    Image.new("RGB", (64, 48), BLUE).save(images / "zq-juice.png")
    sitebuild.write(site, "stories/zq-garden.md", STORY)
    sitebuild.write(site, "myths/zq-vitamin.md", MYTH)
    if linker:
        sitebuild.write(site, "news/zq-gardening.md", LINKER)
    return site


def published(folder, linker=False):
    """Yesterday's site: written and published once, cleanly."""
    site = write_site(folder, linker)
    done = sitebuild.publish(site)
    assert done.returncode == 0, done.stderr
    assert (done.output / STORY_PAGE).is_file() and (done.output / MYTH_PAGE).is_file()
    return site


@pytest.fixture(scope="module")
def yesterday_site(tmp_path_factory):
    """The site as published yesterday (story, photo, myth)."""
    return published(tmp_path_factory.mktemp("yesterday") / "site")


@pytest.fixture(scope="module")
def yesterday_with_link(tmp_path_factory):
    """Yesterday's site with a news item that links to the story."""
    return published(tmp_path_factory.mktemp("yesterday-linked") / "site", linker=True)


def copy_of(site, tmp_path):
    """A copy of a published site to change and publish again."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    return copy


def edit(site, relative, old, new):
    """Replace one line of a content file."""
    path = site / "content" / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def break_the_myth(site):
    """Give the second myth an error a clinician could make on any day."""
    edit(site, "myths/zq-vitamin.md", "Verdict: False", "Verdict: Mostly false")


def readable(path):
    """The bytes of an output file as a reader gets them: compressed copies and the search index decompressed."""
    data = path.read_bytes()
    if path.suffix == ".br":
        return brotli.decompress(data)
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)
    return data


def mentions(output, word):
    """Every output file (relative) whose readable bytes, or whose name, hold `word`."""
    return sorted(str(path.relative_to(output)) for path in output.rglob("*")
                  if path.is_file() and (word in path.name or word.encode() in readable(path)))


def pictures_coloured(output, colour):
    """Published pictures that are all `colour`, whatever they are named or encoded as."""
    found = []
    for path in output.rglob("*"):
        if path.suffix in (".jpg", ".jpeg", ".png", ".avif", ".webp"):
            with Image.open(path) as picture:
                # Through RGBA: a palette picture with a transparent colour converts without a warning.
                colours = picture.convert("RGBA").getcolors(256) or []
            if colours and all(max(abs(a - b) for a, b in zip(rgba[:3], colour)) < 16 for _, rgba in colours):
                found.append(str(path.relative_to(output)))
    return found


def printed(done):
    """Everything the publish printed."""
    return done.stdout + done.stderr


def assert_story_gone(done, linked=False):
    """No page, card, feed entry, listing, sitemap entry, search record or photo of the story is left;
    `linked`: another article still links to its address (a broken link the publish reports)."""
    assert not (done.output / STORY_PAGE).exists()
    assert mentions(done.output, "zqstory") == []
    if not linked:
        assert mentions(done.output, "zq-garden-story") == []
    assert pictures_coloured(done.output, ORANGE) == []
    assert "Taken down: patient-stories/zq-garden-story/" in printed(done), printed(done)


def test_expired_story_is_taken_down_although_another_article_has_an_error(yesterday_site, tmp_path):
    site = copy_of(yesterday_site, tmp_path)
    edit(site, "stories/zq-garden.md", "Consent_expires: 2099-02-20", "Consent_expires: 2026-02-21")
    break_the_myth(site)

    done = sitebuild.publish(site)

    assert done.returncode == PUBLISHED_WITH_ERRORS
    problems = done.problem_lines()
    assert any(line.startswith("content/stories/zq-garden.md:11: Consent_expires: the patient's consent expired")
               for line in problems), done.stderr
    assert any(line.startswith('content/myths/zq-vitamin.md:12: Verdict: "Mostly false" is not a verdict')
               for line in problems), done.stderr
    assert_story_gone(done)


def test_withdrawn_story_is_taken_down_although_another_article_has_an_error(yesterday_site, tmp_path):
    site = copy_of(yesterday_site, tmp_path)
    edit(site, "stories/zq-garden.md", "Results_typical: yes",
         f"Results_typical: yes\nConsent_withdrawn: {clinic_today().isoformat()}")
    break_the_myth(site)

    done = sitebuild.publish(site)

    assert done.returncode == PUBLISHED_WITH_ERRORS
    assert_story_gone(done)


def test_story_whose_scope_no_longer_includes_web_is_taken_down(yesterday_site, tmp_path):
    site = copy_of(yesterday_site, tmp_path)
    edit(site, "stories/zq-garden.md", "Consent_scope: web, social, feeds", "Consent_scope: social, feeds")
    break_the_myth(site)

    done = sitebuild.publish(site)

    assert done.returncode == PUBLISHED_WITH_ERRORS
    assert_story_gone(done)


def test_deleted_story_and_its_photo_are_taken_down(yesterday_site, tmp_path):
    site = copy_of(yesterday_site, tmp_path)
    (site / "content" / "stories" / "zq-garden.md").unlink()
    break_the_myth(site)

    done = sitebuild.publish(site)

    assert done.returncode == PUBLISHED_WITH_ERRORS
    assert_story_gone(done)


def test_deleted_story_leaves_with_a_clean_build_too(yesterday_site, tmp_path):
    site = copy_of(yesterday_site, tmp_path)
    (site / "content" / "stories" / "zq-garden.md").unlink()

    done = sitebuild.publish(site)

    assert done.returncode == 0, done.stderr
    assert_story_gone(done)


def listed_links(output, page):
    """The hrefs of one output page."""
    return {element.get("href") for element in lxml.html.fromstring((output / page).read_bytes()).iter("a")}


def test_live_article_with_an_error_keeps_its_page_out_of_listings_feeds_sitemap_and_search(
        yesterday_site, tmp_path):
    site = copy_of(yesterday_site, tmp_path)
    live_page = (site / "output" / MYTH_PAGE).read_bytes()
    edit(site, "stories/zq-garden.md", "Consent_expires: 2099-02-20", "Consent_expires: 2026-02-21")
    break_the_myth(site)

    done = sitebuild.publish(site)

    assert (done.output / MYTH_PAGE).read_bytes() == live_page
    assert pictures_coloured(done.output, BLUE), "the kept page's picture must stay with it"
    assert not [link for link in listed_links(done.output, "myths/index.html") if "zq-vitamin-myth" in (link or "")]
    elsewhere = [name for name in mentions(done.output, "zq-vitamin-myth")
                 if not name.startswith("myths/zq-vitamin-myth/") and not name.startswith(("cards/", "images/"))]
    assert elsewhere == []
    assert ("Kept as last published, out of listings, feeds and search until fixed: myths/zq-vitamin-myth/ "
            "(content/myths/zq-vitamin.md)") in printed(done), printed(done)


def test_new_article_with_an_error_is_not_published(yesterday_site, tmp_path):
    site = copy_of(yesterday_site, tmp_path)
    edit(site, "stories/zq-garden.md", "Consent_expires: 2099-02-20", "Consent_expires: 2026-02-21")
    sitebuild.write(site, "myths/zq-new.md", MYTH.replace("zq-vitamin-myth", "zq-new-myth")
                    .replace("zqmyth", "zqnewmyth").replace("Verdict: False", "Verdict: Mostly false"))

    done = sitebuild.publish(site)

    assert done.returncode == PUBLISHED_WITH_ERRORS
    assert_story_gone(done)
    assert mentions(done.output, "zqnewmyth") == []
    assert "Not published until fixed: content/myths/zq-new.md" in printed(done), printed(done)


def test_story_with_any_error_comes_down_until_fixed(yesterday_site, tmp_path):
    # The build cannot vouch for a story it could not check, so its old page is not kept.
    site = copy_of(yesterday_site, tmp_path)
    edit(site, "stories/zq-garden.md", "Reviewed_on: 2026-03-01", "Reviewed_on: 2026-13-01")

    done = sitebuild.publish(site)

    assert done.returncode == PUBLISHED_WITH_ERRORS
    assert_story_gone(done)


def test_errors_with_nothing_to_take_down_leave_the_site_as_it_was(yesterday_site, tmp_path):
    site = copy_of(yesterday_site, tmp_path)
    before = {path: path.read_bytes() for path in (site / "output").rglob("*") if path.is_file()}
    break_the_myth(site)

    done = sitebuild.publish(site)

    assert done.returncode == 1
    assert "Publish stopped: output/ was left as it was." in done.stderr
    assert {path: path.read_bytes() for path in (site / "output").rglob("*") if path.is_file()} == before


def test_withdrawn_story_linked_from_another_article_is_taken_down_and_the_link_reported(
        yesterday_with_link, tmp_path):
    site = copy_of(yesterday_with_link, tmp_path)
    edit(site, "stories/zq-garden.md", "Results_typical: yes",
         f"Results_typical: yes\nConsent_withdrawn: {clinic_today().isoformat()}")

    done = sitebuild.publish(site)

    assert done.returncode == PUBLISHED_WITH_ERRORS
    assert_story_gone(done, linked=True)
    assert ("  news/zq-gardening-news/index.html: https://blog.elmcreekclinic.example/patient-stories/"
            "zq-garden-story/: no page or file at patient-stories/zq-garden-story/ in the built site — "
            "that page was taken down by this publish: remove the link from the article that has it") in done.stderr
    assert (done.output / "news/zq-gardening-news/index.html").is_file()


def test_kept_page_that_links_to_a_taken_down_story_is_taken_down_too(yesterday_with_link, tmp_path):
    site = copy_of(yesterday_with_link, tmp_path)
    edit(site, "stories/zq-garden.md", "Consent_expires: 2099-02-20", "Consent_expires: 2026-02-21")
    edit(site, "news/zq-gardening.md", "Reviewed_on: 2026-03-04", "Reviewed_on: 2026-03-40")

    done = sitebuild.publish(site)

    assert done.returncode == PUBLISHED_WITH_ERRORS
    assert_story_gone(done)
    assert mentions(done.output, "zqlinker") == []
    assert "news/zq-gardening-news/" in printed(done)


def page_references(output):
    """Every site path that an HTML page of `output` names in src, srcset, href or content."""
    named = set()
    for page in output.rglob("*.html"):
        document = lxml.html.fromstring(page.read_bytes())
        for element in document.iter():
            for attribute in ("src", "href", "content"):
                value = element.get(attribute) or ""
                named.add(value.split("#")[0].split("?")[0])
            for candidate in (element.get("srcset") or "").split(","):
                if candidate.strip():
                    named.add(candidate.split()[0])
    return {value.rsplit("/", 1)[-1] for value in named if value}


def test_every_published_picture_is_used_by_a_published_page(yesterday_site, tmp_path):
    site = copy_of(yesterday_site, tmp_path)
    edit(site, "stories/zq-garden.md", "Consent_expires: 2099-02-20", "Consent_expires: 2026-02-21")
    break_the_myth(site)

    done = sitebuild.publish(site)

    named = page_references(done.output)
    unused = [str(path.relative_to(done.output)) for path in (done.output / "images").rglob("*")
              if path.is_file() and path.suffix not in (".gz", ".br") and path.name not in named]
    assert unused == []


# --- The daily publish ---------------------------------------------------------

ROOT = sitebuild.ROOT
MAKE = shutil.which("make")
SERVICE = ROOT / "deploy" / "clinic-publish.service"
TIMER = ROOT / "deploy" / "clinic-publish.timer"
WORKFLOW = ROOT / ".github" / "workflows" / "scheduled-publish.yml"
CLINIC_ZONE = ZoneInfo(read_settings(str(ROOT / "pelicanconf.py"))["TIMEZONE"])


def scheduled_publish(site, target, tmp_path):
    """`make scheduled-publish UPLOAD=rsync_upload` on `site`, rsync going to the folder `target`.

    PUBLISH is pointed at the test's site and cache (the Makefile's own
    publishes content/ into output/ of the project).
    """
    ssh = tmp_path / "ssh"
    ssh.write_text(sitebuild.FAKE_SSH, encoding="utf-8")
    ssh.chmod(0o755)
    publish = (f"{sys.executable} {ROOT / 'scripts' / 'publish.py'} --content {site / 'content'} "
               f"--output {site / 'output'} --cache-path {site / '.cache'}")
    return subprocess.run(
        [MAKE, "--no-print-directory", "-C", str(ROOT), "scheduled-publish", f"PUBLISH={publish}",
         f"OUTPUTDIR={site / 'output'}", "UPLOAD=rsync_upload", "SSH_HOST=web.example.org",
         f"SSH_TARGET_DIR={target}", f"SSH={ssh}"],
        capture_output=True, text=True, check=False,
    )


def test_scheduled_publish_uploads_a_site_that_took_a_story_down_and_still_fails(yesterday_site, tmp_path):
    site = copy_of(yesterday_site, tmp_path)
    server = tmp_path / "www"
    shutil.copytree(site / "output", server)
    edit(site, "stories/zq-garden.md", "Consent_expires: 2099-02-20", "Consent_expires: 2026-02-21")
    break_the_myth(site)

    done = scheduled_publish(site, server, tmp_path)

    assert done.returncode != 0, done.stdout + done.stderr
    assert "$ rsync " in done.stdout, done.stdout + done.stderr
    assert not (server / STORY_PAGE).exists()
    assert mentions(server, "zqstory") == []
    assert pictures_coloured(server, ORANGE) == []


def test_scheduled_publish_that_published_nothing_uploads_nothing(yesterday_site, tmp_path):
    site = copy_of(yesterday_site, tmp_path)
    server = tmp_path / "www"
    shutil.copytree(site / "output", server)
    (server / "marker.txt").write_text("an upload would delete this", encoding="utf-8")
    break_the_myth(site)

    done = scheduled_publish(site, server, tmp_path)

    assert done.returncode != 0
    assert "$ rsync " not in done.stdout
    assert (server / "marker.txt").is_file()


def unit(path):
    """A systemd unit file as {section: {key: value}} (no key of these units is repeated)."""
    parser = configparser.ConfigParser(interpolation=None, strict=True, delimiters=("=",))
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return {section: dict(parser[section]) for section in parser.sections()}


def test_systemd_units_are_valid_and_run_the_daily_publish(tmp_path):
    service, timer = unit(SERVICE), unit(TIMER)
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["ExecStart"].split() == ["/usr/bin/make", "--no-print-directory", "scheduled-publish"]
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"
    assert timer["Timer"]["OnCalendar"] == f"*-*-* 00:15:00 {CLINIC_ZONE.key}"
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        if os.environ.get("CI"):
            pytest.fail("systemd-analyze is missing: CI must run on a machine with systemd installed")
        pytest.skip("systemd-analyze is not installed; the units were only parsed")
    # verify wants the two units side by side: the timer starts the service of its own name.
    for path in (SERVICE, TIMER):
        shutil.copy(path, tmp_path / path.name)
    verified = subprocess.run([analyze, "verify", "--man=no", str(tmp_path / SERVICE.name), str(tmp_path / TIMER.name)],
                              capture_output=True, text=True, check=False)
    assert verified.returncode == 0 and not verified.stdout + verified.stderr, verified.stdout + verified.stderr
    calendar = subprocess.run([analyze, "calendar", timer["Timer"]["OnCalendar"]],
                              capture_output=True, text=True, check=False)
    assert calendar.returncode == 0, calendar.stderr


def make_targets():
    """The targets the Makefile defines, read from make's own database."""
    database = subprocess.run([MAKE, "-C", str(ROOT), "-pRrq", "-f", "Makefile", ":"],
                              capture_output=True, text=True, check=False).stdout
    return set(re.findall(r"^([A-Za-z][\w.-]*):(?!=)", database, re.MULTILINE))


def test_workflow_publishes_daily_after_the_clinics_midnight_with_the_makefiles_targets():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    triggers = workflow.get("on", workflow.get(True))
    (schedule,) = triggers["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday) == ("*", "*", "*")
    for season in (datetime(2026, 1, 15), datetime(2026, 7, 15)):
        run_at = season.replace(hour=int(hour), minute=int(minute), tzinfo=ZoneInfo("UTC"))
        local = run_at.astimezone(CLINIC_ZONE)
        assert local.date() == season.date() and local.hour < 3, (season, local)
    assert workflow["permissions"]["contents"] == "write"
    commands = [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]
    made = [shlex.split(line) for command in commands for line in command.splitlines()
            if line.strip().startswith("make ")]
    assert made, commands
    targets = make_targets()
    for words in made:
        named = [word for word in words[1:] if "=" not in word and not word.startswith("-")]
        assert named and set(named) <= targets, (named, sorted(targets))
        assert "scheduled-publish" in named
        assert "UPLOAD=github" in words
    assert {"scheduled-publish", "github", "publish"} <= targets


PUBLISH_SAYS = [
    "Taken down: ", "Also taken down: ", "Kept as last published, out of listings, feeds and search until fixed: ",
    "Not published until fixed: ", "Published to output/ with ",
]


def test_the_guide_explains_every_line_of_a_publish_that_took_a_story_down(yesterday_with_link, tmp_path):
    site = copy_of(yesterday_with_link, tmp_path)
    edit(site, "stories/zq-garden.md", "Consent_expires: 2099-02-20", "Consent_expires: 2026-02-21")
    edit(site, "news/zq-gardening.md", "Reviewed_on: 2026-03-04", "Reviewed_on: 2026-03-40")
    break_the_myth(site)
    sitebuild.write(site, "myths/zq-new.md", MYTH.replace("zq-vitamin-myth", "zq-new-myth")
                    .replace("Verdict: False", "Verdict: Mostly false"))

    done = sitebuild.publish(site)

    guide = (ROOT / "docs" / "WRITING.md").read_text(encoding="utf-8")
    table = guide[guide.index("### What the publish says"):guide.index("## Preview, check and publish")]
    said = [line for line in printed(done).splitlines() if line.startswith(tuple(PUBLISH_SAYS))]
    assert [start for start in PUBLISH_SAYS if not any(line.startswith(start) for line in said)] == [], printed(done)
    for start in PUBLISH_SAYS:
        assert f"| `{start}" in table, f"docs/WRITING.md does not explain {start!r}"
    assert "| `Publish stopped: output/ was left as it was.` |" in table
