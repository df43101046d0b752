"""Clinical reviews that are overdue or fall due soon, from article.next_review."""

from clinic import dates
from clinic.problems import WARNING, Problem

from .where import at, shown

DUE_SOON_DAYS = 30
FIX = "ask a clinician to review the article again, then update Reviewed_on (and Next_review, if set)"


def days_left(article, today):
    """Days until the article's next review (negative when overdue), or None."""
    next_review = getattr(article, "next_review", None)
    if next_review is None:
        return None
    return (next_review.date() - today).days


def status(article, today):
    """Words for the report: "overdue", "due in 12 days", or "" when not due soon."""
    left = days_left(article, today)
    if left is None:
        return ""
    if left < 0:
        return "overdue"
    if left > DUE_SOON_DAYS:
        return ""
    return {0: "due today", 1: "due tomorrow"}.get(left, f"due in {left} days")


def check(article, today):
    """A warning when the article's review is due within 30 days.

    An overdue review is the build's own warning (the content model's), so
    `make publish` prints it too.
    """
    left = days_left(article, today)
    if left is None or left > DUE_SOON_DAYS or left < 0:
        return []
    when = dates.day(article.next_review)
    message = f"the clinical review is {status(article, today)}, on {when}"
    field = "next_review" if "next_review" in getattr(article, "source_lines", {}) else "reviewed_on"
    return [Problem(*at(article, field), shown(article, field), message, FIX, WARNING)]
