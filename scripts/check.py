"""Check every article without publishing: `make check`.

Builds the site into a temporary folder with the project's own settings and
plugins (scripts/checks/site_build.py), then adds what a build does not
check: clinical reviews overdue or due within 30 days, the reading grade of
each article, broken internal links and images, malformed source addresses,
and titles too long for link previews. Prints a table, writes an HTML report
(reports/check.html by default, never published) and exits 1 when anything is
an error, 0 otherwise.

Why Pelican runs in this process: the content model has already turned each
header into attributes (next_review, sources, title...); reading them from the
article objects after the build means nothing is parsed twice, and no extra
plugin is needed to pass them to another process.
"""

import argparse
import sys
import tempfile
import traceback
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from clinic import dates  # noqa: E402
from clinic.problems import ERROR, display_path  # noqa: E402

from checks import links, readability, report, reviews, site_build, titles  # noqa: E402


def article_row(article, today, grade, left_out=False):
    """The report's line for one article (left_out: the build withdrew it for its errors)."""
    kind = getattr(article, "kind", None)
    next_review = getattr(article, "next_review", None)
    return report.ArticleRow(
        path=display_path(article.source_path),
        title=str(article.title),
        kind=kind.label if kind else "",
        status="left out" if left_out else getattr(article, "status", "published"),
        grade=grade,
        next_review=dates.day(next_review) if next_review else "",
        review_status=reviews.status(article, today),
    )


def run_checks(built, today):
    """Every finding (the build's and the checks') and the article rows.

    Articles the build withdrew for an error are checked too, so a writer
    sees all of an article's problems at once.
    """
    found = list(built.problems)
    rows = []
    for article in built.articles + built.drafts + built.withdrawn:
        if not getattr(article, "source_lines", None):
            # A file the build could not read (not UTF-8, say): its problem
            # is reported already, and it has no header to check.
            continue
        grade = readability.grade(article.content)
        found += titles.check(article) + reviews.check(article, today) + readability.check(article, grade)
        rows.append(article_row(article, today, grade, left_out=article in built.withdrawn))
    for content in built.published():
        found += links.check(content, built)
    for content in built.withdrawn:
        found += links.check(content, built, written=False)
    return sorted(set(found)), sorted(rows, key=lambda row: row.path)


def unpublished(built, now):
    """(drafts, scheduled): report.Waiting rows for drafts, and for articles dated after `now`."""
    drafts, scheduled = [], []
    for article in sorted(built.drafts, key=lambda a: a.source_path):
        row = report.Waiting(display_path(article.source_path), str(article.title), dates.day(article.date))
        (scheduled if article.date > now and article.metadata.get("status") != "draft" else drafts).append(row)
    return drafts, scheduled


def left_out(built, problems):
    """The article files with errors that the build withdrew from the site."""
    shown = {display_path(content.source_path) for content in built.published()}
    return {problem.path for problem in problems
            if problem.severity == ERROR and problem.path not in shown and problem.path.endswith(".md")}


def main(argv=None):
    """Build, check, report; exit 1 when there are errors."""
    parser = argparse.ArgumentParser(description="Check every article without publishing.")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--report", type=Path, default=ROOT / "reports" / "check.html")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    parser.add_argument("--drafts", action="store_true",
                        help="only list drafts and articles scheduled for a later day (make drafts)")
    args = parser.parse_args(argv)

    if not args.content.is_dir():
        print(f"There is no content folder at {args.content}.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="clinic-check-") as output:
        try:
            built = site_build.build(args.content, output, args.settings)
        except Exception:  # a crash in Pelican or a plugin, not a problem in an article
            traceback.print_exc()
            print("The build itself failed (see above): this is not a mistake in an article. "
                  "Please pass this message on to whoever looks after the blog.", file=sys.stderr)
            return 2
        now = datetime.now(ZoneInfo(built.settings["TIMEZONE"]))
        drafts, scheduled = unpublished(built, now)
        if args.drafts:
            report.print_waiting(drafts, scheduled)
            return 0
        problems, rows = run_checks(built, now.date())
    summary = report.Summary(
        content=display_path(args.content),
        checked_on=dates.day(datetime.now(ZoneInfo(built.settings["TIMEZONE"]))),
        problems=problems,
        articles=rows,
        pages=len(built.pages),
        messages=built.messages,
        left_out=len(left_out(built, problems)),
        drafts=drafts,
        scheduled=scheduled,
    )
    written = report.write_html(summary, args.report)
    report.print_terminal(summary, display_path(written))
    return 1 if summary.errors else 0


if __name__ == "__main__":
    sys.exit(main())
