"""feeds: Atom, RSS 2.0 and JSON Feed for social auto-posters and feed readers.

One feed of all articles, one per category, tag and clinician (files below
feeds/), written with feedgen, plus feeds/index.html listing them all. Each
entry carries a permanent tag: id, the full article with absolute links,
authors with credentials, category and tags, and the share card as Media RSS
and enclosure. Only published, due articles allowed in feeds appear (a
patient story needs "feeds" in its consent scope). Templates get `feeds`
(catalog.Catalog) for their <link rel="alternate"> tags. Below
feeds/social/, one RSS feed per platform (mastodon, bluesky, x) whose item
titles are ready posts fitted to each platform (social.py). Settings:
settings.py.
"""

from pelican import signals

from . import writing
from .generator import FeedsGenerator


def add_generator(pelican):
    """Hand Pelican the generator."""
    return FeedsGenerator


def register():
    """Connect to Pelican; feed files are written when the build is finalized."""
    signals.get_generators.connect(add_generator)
    signals.finalized.connect(writing.write_all)
