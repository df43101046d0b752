"""The signal handlers: describe every card early, draw in the background, write at the end.

1. When the article list is final (after the content model and privacy
   checks have withdrawn what they must), each published article gets
   `share_card` (describe.py) and `share_links` (links.py), and its card
   starts drawing in the pool, or here if only a few need drawing
   (batch.py). Pages follow when theirs is final.
2. Pelican writes the pages meanwhile; the templates read those attributes.
3. When the build is finalized, the cards are put in the output, problems
   are reported, and one line says how many cards were drawn and reused.
"""

from __future__ import annotations

import sys
from pathlib import Path

from clinic import articles, problems, text

from . import settings
from .batch import Batch
from .describe import CardMaker, shareable
from .links import share_links
from .template_globals import ShareHelpers

_SITE_CARD_SOURCE = "pelicanconf.py"


class _Build:
    """The state of one build between its signals."""

    def __init__(self, conf):
        """conf: Pelican's settings."""
        self.conf = conf
        self.maker = CardMaker(
            conf["SITENAME"], conf.get("SITEURL", ""), settings.get(conf, "SHARE_CARD_DIR"),
            settings.get(conf, "SHARE_CARD_LAYOUT"), settings.get(conf, "SHARE_CARD_LANGUAGES"),
        )
        self.batch = Batch(settings.cache_dir(conf), settings.get(conf, "SHARE_CARD_WORKERS"),
                           settings.get(conf, "SHARE_CARD_CACHE_DAYS"))


_current: _Build | None = None


def add_template_global(pelican):
    """Give the templates `share_cards` (template_globals.py)."""
    pelican.settings.setdefault("JINJA_GLOBALS", {})["share_cards"] = ShareHelpers(pelican.settings)


def _give_card(build: _Build, content) -> None:
    """Describe one article's or page's card and start drawing it, if it may be shared."""
    if not shareable(content):
        content.share_card = None
        content.share_links = []
        return
    card = build.maker.describe(content)
    build.batch.add(card)
    content.share_card = card.facts
    page_url = f"{build.maker.site_url}/{content.url}"
    content.share_links = share_links(settings.get(build.conf, "SHARE_LINKS"), page_url, card.text.title,
                                      _summary_text(content))


def _summary_text(content) -> str:
    """An article's summary_text (the content model's); a page's summary as text."""
    if hasattr(content, "summary_text"):
        return content.summary_text
    return text.text(getattr(content, "summary", ""))


def describe_articles(generator):
    """Start a build's cards: the site's own, then one per published article."""
    global _current
    if _current is not None:
        _current.batch.abandon()
    _current = _Build(generator.settings)
    conf = generator.settings
    site = _current.maker.site_card(conf.get("SITESUBTITLE") or conf["SITENAME"], conf.get("DEFAULT_LANG"))
    _current.batch.add(site)
    # Listing pages (home, topics, tags, clinicians) show the site's card.
    generator.context["share_site_card"] = site.facts
    for article in generator.articles + generator.translations:
        _give_card(_current, article)
    _current.batch.start()


def describe_pages(generator):
    """One card per published page with a title (SHARE_CARD_PAGES)."""
    global _current
    if not settings.get(generator.settings, "SHARE_CARD_PAGES"):
        return
    if _current is None:
        _current = _Build(generator.settings)
    for page in generator.pages + generator.translations:
        if getattr(page, "title", ""):
            _give_card(_current, page)
    _current.batch.start()


def _shown(chars) -> str:
    """Characters as a clinician can find them: '"ꦱ" (U+A9B1)'."""
    return ", ".join(f'"{ch}" (U+{ord(ch[0]):04X})' for ch in chars)


def _report_missing(card, chars) -> None:
    message = f"the share card cannot draw {_shown(chars)}: no font of the card has them, so they are left out"
    fix = "use other characters in the title, or ask whoever maintains the blog to add a font for them"
    if card.content is None:
        problems.report(_SITE_CARD_SOURCE, 1, "SITESUBTITLE", message, fix, problems.WARNING)
    else:
        articles.report(card.content, "title", message, fix, severity=problems.WARNING)


def _report_failure(card, error) -> None:
    message = f"the share card could not be drawn ({type(error).__name__}: {error})"
    fix = "build again; if it keeps failing, tell whoever maintains the blog"
    if card.content is None:
        problems.report(_SITE_CARD_SOURCE, 1, "SHARE_CARD_LAYOUT", message, fix)
    else:
        articles.report(card.content, "title", message, fix)


def write_cards(pelican):
    """Wait for the drawings, put the cards in the output, report what happened."""
    global _current
    build, _current = _current, None
    if build is None:
        return
    outcome = build.batch.finish(Path(pelican.output_path), settings.get(pelican.settings, "SHARE_CARD_DIR"))
    for card, chars in outcome.missing:
        _report_missing(card, chars)
    for card, error in outcome.failed:
        _report_failure(card, error)
    if outcome.damaged_manifest:
        print("Warning: the share cards' cache manifest was damaged (truncated or garbled); "
              "every card was drawn again and the manifest written anew.", file=sys.stderr)
    elif outcome.damaged:
        print(f"Warning: {outcome.damaged} cached share card images were damaged (truncated or garbled); "
              "they were drawn again and the damaged ones replaced.", file=sys.stderr)
    print(f"share cards: {outcome.rendered} rendered, {outcome.reused} reused", file=sys.stderr)
