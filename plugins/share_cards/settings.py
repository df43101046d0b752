"""The share_cards settings and their defaults, read in this one place.

SHARE_CARD_LAYOUT      partial layout laid over layout.DEFAULT_LAYOUT: positions,
                       sizes, colours, fonts, logo (see README.md) ({})
SHARE_CARD_LANGUAGES   per language (BCP 47 tag or its primary subtag), what a card
                       says in that language: badge and verdict names, month names,
                       date order, alt-text words and layout templates; merged key
                       by key over languages.DEFAULT_LANGUAGES, which also give
                       each language its og:locale ({})
SHARE_CARD_CACHE       folder of rendered cards kept between builds, outside the
                       output; a relative path is relative to the project root, the
                       folder holding the content folder (PATH) (".cache/share-cards")
SHARE_CARD_CACHE_DAYS  cached cards no build has used for this many days are deleted (30)
SHARE_CARD_DIR         folder of the cards inside the output ("cards"); it belongs to
                       this plugin: images no current card uses are removed from it
SHARE_CARD_WORKERS     processes drawing cards; 0 means one per core the build's own process
                       leaves (one fewer than the machine's, at least one) (0)
SHARE_CARD_PAGES       also give pages with a title a card (True)
SHARE_TWITTER_SITE     the clinic's own X account, like "@elmcreekclinic", written as
                       twitter:site so X credits it on every preview; "" when the
                       clinic has none ("")
SHARE_LINKS            the share links under each article, in order; any of
                       facebook, x, linkedin, whatsapp, telegram, bluesky, mastodon,
                       email, copy (all nine)
"""

from pathlib import Path

DEFAULTS = {
    "SHARE_CARD_LAYOUT": {},
    "SHARE_CARD_LANGUAGES": {},
    "SHARE_CARD_CACHE": ".cache/share-cards",
    "SHARE_CARD_CACHE_DAYS": 30,
    "SHARE_CARD_DIR": "cards",
    "SHARE_CARD_WORKERS": 0,
    "SHARE_CARD_PAGES": True,
    "SHARE_TWITTER_SITE": "",
    "SHARE_LINKS": ("facebook", "x", "linkedin", "whatsapp", "telegram", "bluesky", "mastodon", "email", "copy"),
}


def get(settings, name):
    """The setting `name`, or its documented default."""
    return settings.get(name, DEFAULTS[name])


def cache_dir(settings):
    """The card cache folder as an absolute path (relative ones hang off the project root)."""
    folder = Path(get(settings, "SHARE_CARD_CACHE")).expanduser()
    return folder if folder.is_absolute() else Path(settings["PATH"]).resolve().parent / folder
