"""The checks behind `make check` (scripts/check.py), one module each.

- site_build: builds the site with the project's plugins into a temporary
  folder and keeps what the build found and the articles it made.
- reviews: clinical reviews overdue or due soon (article.next_review).
- readability: the Flesch–Kincaid grade of each article's text.
- links: broken internal links and images, malformed source addresses.
- titles: titles too long for link previews.
- report: the table on the terminal and the HTML report.
- where: the file and line a finding points to.

Every finding is a clinic.problems.Problem, printed like the build's own
messages: `path:line: field: what is wrong — how to fix`.
"""
