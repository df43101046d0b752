"""Where a finding about an article points: its file and the line of a field."""

from clinic import articles
from clinic.problems import display_path


def shown(article, field):
    """The header field as the writer spelled it ("Reviewed_on"), as the build's own messages name it."""
    return articles.shown_field(article, field)


def at(article, field):
    """(path, line) for a finding about `field` of `article` ("_body": the body's start)."""
    return display_path(article.source_path), articles.line_of(article, field)
