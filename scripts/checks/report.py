"""Show what the check found: a table on the terminal and an HTML report.

The HTML report is one self-contained file (no scripts, nothing loaded from
anywhere) that a clinician can open in any browser; it is written outside the
site, so it is never published.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rich import box
from rich.console import Console
from rich.table import Table

from clinic.problems import ERROR

from .readability import MAX_GRADE

TEMPLATE = "report.html"


@dataclass
class ArticleRow:
    """One article's line in the report's article table."""

    path: str
    title: str
    kind: str
    status: str
    grade: object
    next_review: str
    review_status: str


@dataclass(frozen=True)
class Waiting:
    """A draft, or an article scheduled for a later day: not on the public site yet."""

    path: str
    title: str
    date: str


@dataclass
class Summary:
    """Everything the report shows."""

    content: str
    checked_on: str
    problems: list
    articles: list
    pages: int
    messages: list
    left_out: int = 0
    drafts: list = field(default_factory=list)
    scheduled: list = field(default_factory=list)

    @property
    def overdue(self):
        """The articles whose clinical review is overdue: the first thing to fix."""
        return [row for row in self.articles if row.review_status == "overdue"]

    def scope(self):
        """What was checked, in words: "12 articles and 6 pages in content"."""
        text = f"{_count(len(self.articles), 'article')} and {_count(self.pages, 'page')} in {self.content}"
        if self.left_out:
            text += f"; {_count(self.left_out, 'article')} left out because of errors"
        return text

    @property
    def errors(self):
        """The findings that make `make check` fail."""
        return [problem for problem in self.problems if problem.severity == ERROR]

    @property
    def warnings(self):
        """The findings worth fixing that do not stop a publish."""
        return [problem for problem in self.problems if problem.severity != ERROR]


def _count(number, noun):
    return f"{number} {noun}" + ("" if number == 1 else "s")


def console():
    """A console as wide as the terminal, or as $COLUMNS (else 160) when output is piped."""
    probe = Console()
    if probe.is_terminal:
        return probe
    return Console(width=int(os.environ.get("COLUMNS") or 160), highlight=False)


def print_terminal(summary, report_path, out=None):
    """Print the problems table, the articles table and a closing count."""
    out = out or console()
    out.print(f"Checked {summary.scope()} (built into a temporary folder; nothing was published).",
              markup=False)
    if summary.overdue:
        out.print("Reviews overdue (the pages say so; ask a clinician to review these first):")
        for row in summary.overdue:
            out.print(f"  {row.path}: {row.title} — review was due on {row.next_review}", markup=False)
    if summary.problems:
        out.print("Problems, file by file:")
        for table in _problem_tables(summary.problems):
            out.print(table)
    if summary.messages:
        out.print("Messages from the build:")
        for message in summary.messages:
            out.print(f"  {message}", markup=False)
    out.print(_articles_table(summary.articles))
    print_waiting(summary.drafts, summary.scheduled, out)
    out.print(f"{len(summary.errors)} error(s), {len(summary.warnings)} warning(s). "
              f"Full report: {report_path}", markup=False)


def print_waiting(drafts, scheduled, out=None):
    """List the drafts and the scheduled articles: neither is on the public site."""
    out = out or console()
    out.print(f"Drafts ({len(drafts)}): previewed under drafts/, not published until the Status line "
              "says published" + (":" if drafts else "."), markup=False)
    for row in drafts:
        out.print(f"  {row.path}: {row.title}", markup=False)
    out.print(f"Scheduled ({len(scheduled)}): dated later, so left out until the first make publish "
              "on or after their date" + (":" if scheduled else "."),
              markup=False)
    for row in scheduled:
        out.print(f"  {row.path}: {row.title} — from {row.date}", markup=False)


def _problem_tables(problems):
    """One table per file, in file order, each problem on a row by its line."""
    by_path = {}
    for problem in problems:
        by_path.setdefault(problem.path, []).append(problem)
    for path in sorted(by_path):
        table = Table(title=path, box=box.SIMPLE, title_justify="left", title_style="bold")
        table.add_column("Line", justify="right", no_wrap=True)
        table.add_column("Severity", no_wrap=True)
        table.add_column("Field", no_wrap=True)
        table.add_column("What is wrong", overflow="fold")
        table.add_column("How to fix", overflow="fold")
        for problem in sorted(by_path[path], key=lambda p: p.line):
            style = "bold red" if problem.severity == ERROR else "yellow"
            table.add_row(str(problem.line), f"[{style}]{problem.severity}[/]", problem.field,
                          _plain(problem.message), _plain(problem.fix))
        yield table


def _articles_table(rows):
    table = Table(title="Articles", box=box.SIMPLE_HEAVY, title_justify="left")
    table.add_column("Article", overflow="fold")
    table.add_column("Kind", no_wrap=True)
    table.add_column("Reading grade", justify="right", no_wrap=True)
    table.add_column("Next review", no_wrap=True)
    for row in rows:
        grade = "—" if row.grade is None else f"{row.grade:g}"
        review = " ".join(part for part in (row.next_review, row.review_status and f"({row.review_status})") if part)
        title = row.title + (f" [{row.status}]" if row.status != "published" else "")
        table.add_row(_plain(f"{title}\n{row.path}"), row.kind, grade, review or "—")
    return table


def _plain(text):
    """Text shown as written: square brackets in messages are not rich markup."""
    return str(text).replace("[", r"\[")


def write_html(summary, path):
    """Write the HTML report to `path`, creating its folder."""
    environment = Environment(
        loader=FileSystemLoader(Path(__file__).resolve().parent),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    html = environment.get_template(TEMPLATE).render(summary=summary, ERROR=ERROR, max_grade=MAX_GRADE)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
