"""What a publish with errors may put in place: never a story past its consent.

A patient's consent ends on a date (Consent_expires), when the patient
withdraws it (Consent_withdrawn), when its scope stops covering the web, or
when the clinic deletes the story's file. The build leaves such a story out;
but if the publish then refused because some other article had an error,
yesterday's site, story included, would stay live. So when the build has
errors and yesterday's site shows a patient story the new build does not
have, the new site is put in place anyway, made of:

- every article without errors, as built;
- for each article with errors that yesterday's site showed, and that is
  not a patient story, its page exactly as published yesterday, with the
  pictures and share card it names: it stays readable at its address, and
  is out of listings, feeds, the sitemap and search until it is fixed;
- no patient story with an error: the build could not check it, so it
  cannot vouch that its consent still holds;
- no new article with errors.

A kept page that links to a page the new site no longer has (a story taken
down, most likely, whose title it shows) is taken down too: nothing of a
story may outlive it through another page.

Which pages are articles, and which are patient stories, is read from the
published pages themselves (the theme's `<article class="article kind-…">`),
so yesterday's site needs no record beside it.
"""

import dataclasses
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from . import linkcheck

# theme/templates/article.html marks every article page with its kind.
ARTICLE_MARK = re.compile(rb'<article class="article kind-([a-z]+)[ "]')
STORY = "story"
# What a page may reference that is not a page of its own: kept with it.
NOT_ASSETS = {".html", ".xml", ".json", ".webmanifest", ".txt"}
TAKEN_DOWN_FIX = ("that page was taken down by this publish: remove the link from the article that has it "
                  "(in a feed, the article whose entry holds it)")


@dataclass
class BuildProblems:
    """What problem_report wrote (PROBLEMS_FILE): how many errors, and the articles it left out."""

    errors: int
    left_out: dict      # source -> the address it would have had: with errors, or withdrawn
    with_errors: dict   # the same, for the articles left out because of an error

    @classmethod
    def read(cls, path):
        """Read the file the build wrote; an absent file means the build found nothing."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(0, {}, {})
        erroring = {problem["path"] for problem in data["problems"] if problem["severity"] == "error"}
        errors = sum(problem["severity"] == "error" for problem in data["problems"])
        left_out = dict(data["addresses"])
        return cls(errors, left_out, {path: address for path, address in left_out.items() if path in erroring})

    def source_of(self):
        """{address: source} of the articles left out, to name the file of each page taken down."""
        return {address: source for source, address in self.left_out.items()}


def kind_of(page):
    """The kind of article a built page shows ("story", "myth", …), or None for any other page."""
    match = ARTICLE_MARK.search(page.read_bytes())
    return match.group(1).decode() if match else None


def pages(tree):
    """The relative paths of every HTML page of a built tree."""
    tree = Path(tree)
    return {path.relative_to(tree).as_posix() for path in tree.rglob("*.html")}


def folder_of(page):
    """The address of a page as it is shown to a clinician: "myths/x/" for myths/x/index.html."""
    return page[: -len("index.html")] if page.endswith("/index.html") else page


@dataclass
class Takedown:
    """What a publish with errors keeps, leaves out and takes down."""

    kept: dict = field(default_factory=dict)         # page -> source
    unpublished: list = field(default_factory=list)  # sources
    stories: list = field(default_factory=list)      # pages
    articles: list = field(default_factory=list)     # pages that are not stories
    report: linkcheck.Report = None

    def broken_links(self):
        """The link check's broken links; those leading to a page taken down say so."""
        gone = {folder_of(page) for page in self.stories + self.articles}
        return [dataclasses.replace(broken, fix=TAKEN_DOWN_FIX) if broken.target in gone else broken
                for broken in self.report.broken]

    def lines(self, sources_by_page):
        """What the clinician is told, one line per group, each page with its file when known."""
        def named(page):
            source = sources_by_page.get(folder_of(page))
            return f"{folder_of(page)} ({source})" if source else f"{folder_of(page)} (no longer in content/)"

        found = []
        if self.stories:
            found.append("Taken down: " + ", ".join(named(page) for page in self.stories)
                         + (" — no longer on the site: consent ended, the file was deleted, or the story"
                            " has errors"))
        if self.articles:
            found.append("Also taken down: " + ", ".join(named(page) for page in self.articles))
        if self.kept:
            found.append("Kept as last published, out of listings, feeds and search until fixed: "
                         + ", ".join(f"{folder_of(page)} ({source})" for page, source in sorted(self.kept.items())))
        if self.unpublished:
            found.append("Not published until fixed: " + ", ".join(sorted(self.unpublished)))
        return found


def gone_articles(live, staging):
    """(stories, other articles): article pages of `live` that `staging` does not have."""
    stories, others = [], []
    if not Path(live).is_dir():
        return stories, others
    for page in sorted(pages(live) - pages(staging)):
        kind = kind_of(Path(live) / page)
        if kind == STORY:
            stories.append(page)
        elif kind:
            others.append(page)
    return stories, others


def _page_of(site, address):
    """The relative path of the file serving `address` in `site`, or None."""
    path = site.file_for(site.base + address)
    return path.relative_to(site.root).as_posix() if path else None


def _assets(live_site, page, staging):
    """Files `page` of the live site names that are not pages and that `staging` lacks."""
    links, base = linkcheck.read_links(live_site.root / page, live_site)
    needed = set()
    for link in links:
        url = urljoin(base, link.url.strip())
        if not live_site.is_internal(url):
            continue
        target = live_site.file_for(url)
        if target and target.suffix not in NOT_ASSETS:
            relative = target.relative_to(live_site.root).as_posix()
            if not (Path(staging) / relative).exists():
                needed.add(relative)
    return needed


def _copy(live, staging, relative):
    destination = Path(staging) / relative
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(Path(live) / relative, destination)


def _remove(staging, relative):
    """Delete a file put back into `staging`, and the folders it leaves empty."""
    path = Path(staging) / relative
    path.unlink()
    for folder in path.parents:
        if folder == Path(staging) or any(folder.iterdir()):
            break
        folder.rmdir()


def settle(live, staging, problems, site_url, report):
    """Put back yesterday's pages of the articles with errors that may stay; return the Takedown.

    Run on a staged build that has errors, before compression: the kept pages
    get their compressed copies like every other. `report` is the link check
    of the staged build as Pelican wrote it.
    """
    live, staging = Path(live), Path(staging)
    live_site = linkcheck.Site(live, site_url)
    outcome = Takedown()
    assets = {}
    for source, address in sorted(problems.with_errors.items()):
        page = _page_of(live_site, address) if live.is_dir() else None
        if page is None:
            outcome.unpublished.append(source)
        elif kind_of(live / page) != STORY:
            assets[page] = _assets(live_site, page, staging)
            for relative in [page, *sorted(assets[page])]:
                _copy(live, staging, relative)
            outcome.kept[page] = source
    # Each page taken down can break a link of another kept page: check again until none does.
    outcome.report = linkcheck.check(staging, site_url) if outcome.kept else report
    while stale := {broken.page for broken in outcome.report.broken} & outcome.kept.keys():
        for page in stale:
            del outcome.kept[page]
            still_named = set().union(*(assets[other] for other in outcome.kept))
            for relative in [page, *(assets.pop(page) - still_named)]:
                _remove(staging, relative)
        outcome.report = linkcheck.check(staging, site_url)
    outcome.stories, outcome.articles = gone_articles(live, staging)
    return outcome
