"""Helpers over Pelican's article objects that several plugins need."""

from clinic import problems

_LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "hidden_articles",
    "hidden_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
)


def line_of(article, field):
    """The header line where `field` was written, else line 1."""
    return getattr(article, "source_lines", {}).get(field, 1)


def report(article, field, message, fix, severity=problems.ERROR, line=None):
    """Record a problem about one article, at the line of `field` by default."""
    return problems.report(
        article.source_path, line or line_of(article, field), field, message, fix, severity
    )


def withdraw(generator, article):
    """Take an article (or a page) out of every list Pelican writes pages from.

    Called before the taxonomy is built, so it appears in no page, listing,
    category, tag, feed, sitemap or search index.
    """
    for name in _LISTS:
        listed = getattr(generator, name, None)
        if listed is not None and article in listed:
            listed.remove(article)
