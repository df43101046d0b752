"""Titles too long for link previews."""

from clinic.problems import WARNING, Problem

from .where import at, shown

# Social networks cut link-preview titles at about this many characters.
MAX_CHARS = 70


def check(article):
    """A warning when the headline is longer than link previews show.

    A myth's headline is its fact, which the content model already holds to
    this length; the title of every other kind is checked here.
    """
    title = article.headline
    if len(title) <= MAX_CHARS:
        return []
    return [Problem(
        *at(article, "title"), shown(article, "title"),
        f"is {len(title)} characters long; link previews cut titles after about {MAX_CHARS}",
        f"shorten it to {MAX_CHARS} characters or fewer, keeping the key words first",
        WARNING,
    )]
