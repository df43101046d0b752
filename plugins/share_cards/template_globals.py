"""The `share_cards` template global that includes/card_meta.html calls.

A global rather than filters: Jinja resolves filters when a template is
compiled, so card_meta.html would break every build without this plugin
(the theme builds with any subset of plugins); a global can be tested with
`share_cards is defined` first.

    share_cards.text(html)        a header field's text (entities decoded, tags
                                  removed), as the card shows it
    share_cards.shorten(text, n)  text cut to at most n characters, at a word
                                  when one is near, ending in "…"; never splits an
                                  emoji or an accent from its letter
    share_cards.locale(lang)      a BCP 47 tag as og:locale: "en" -> "en_US"
    share_cards.iso(moment)       an aware datetime in ISO 8601 with its offset
    share_cards.twitter_site      the SHARE_TWITTER_SITE setting ("" for none)
    share_cards.shareable(item)   whether an article or page may be shared on
                                  social media (a patient story only with
                                  "social" in its consent scope)
"""

from __future__ import annotations

from clinic import dates
from clinic import text as html_text

from . import settings
from .describe import shareable
from .fonts import clusters_of
from .languages import language_for

ELLIPSIS = "…"
# A cut falls back to the last space only if that keeps this share of the text.
_WORD_CUT_SHARE = 0.6
_TRAILING = " ,;:-–—"


def shorten(text, limit: int) -> str:
    """text with its white space collapsed, cut to at most `limit` characters."""
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text
    kept = ""
    for cluster in clusters_of(text):
        if len(kept) + len(cluster) > limit - len(ELLIPSIS):
            break
        kept += cluster
    space = kept.rfind(" ")
    if space >= limit * _WORD_CUT_SHARE:
        kept = kept[:space]
    return kept.rstrip(_TRAILING) + ELLIPSIS


class ShareHelpers:
    """The helpers card_meta.html calls, bound to one build's settings."""

    def __init__(self, conf):
        """conf: Pelican's settings."""
        self._languages = settings.get(conf, "SHARE_CARD_LANGUAGES")
        self._default_lang = conf.get("DEFAULT_LANG")
        self.twitter_site = settings.get(conf, "SHARE_TWITTER_SITE")
        # og:locale by language tag: every page asks, for a handful of tags
        self._locales: dict[str | None, str] = {}

    text = staticmethod(html_text.text)
    shorten = staticmethod(shorten)
    iso = staticmethod(dates.iso)
    shareable = staticmethod(shareable)

    def locale(self, lang) -> str:
        """og:locale for a language tag (the site's DEFAULT_LANG when empty)."""
        tag = lang or self._default_lang
        if tag not in self._locales:
            self._locales[tag] = language_for(tag, self._languages).locale
        return self._locales[tag]
