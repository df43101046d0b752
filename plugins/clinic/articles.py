"""Helpers over Pelican's article objects that several plugins need."""

from clinic import kinds, problems

_HEADER_FIELDS = {name.lower(): name for name in kinds.HEADER_FIELDS}

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


def shown_field(article, field):
    """A header field as the writer spelled it in this article ("Consent_expires"), or as the
    guide writes it when it is missing; other names ("body", "sources") stay as they are."""
    written = getattr(article, "source_keys", None) or {}
    return written.get(field) or _HEADER_FIELDS.get(field, field)


def report(article, field, message, fix, severity=problems.ERROR, line=None):
    """Record a problem about one article, at the line of `field` by default."""
    return problems.report(
        article.source_path, line or line_of(article, field), shown_field(article, field), message, fix, severity
    )


def withdraw(generator, article):
    """Take an article (or a page) out of every list Pelican writes pages from.

    Called before the taxonomy is built, so it appears in no page, listing,
    category, tag, feed, sitemap or search index. It is kept in the
    generator's `withdrawn_articles`, for the checks that come later.
    """
    for name in _LISTS:
        listed = getattr(generator, name, None)
        if listed is not None and article in listed:
            listed.remove(article)
    withdrawn = generator.__dict__.setdefault("withdrawn_articles", [])
    if article not in withdrawn:
        withdrawn.append(article)
        problems.note_address(article.source_path, article.url)


def checked(generator):
    """Every article a check must look at: those still listed and those already withdrawn,
    so that one error never hides an article's other problems."""
    return [a for name in _LISTS for a in getattr(generator, name, None) or []] + \
        list(getattr(generator, "withdrawn_articles", []))
