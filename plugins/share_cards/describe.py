"""From an article or page to its card: the words, the layout, the digest, the facts.

Everything comes from attributes the content model sets (kind, claim,
verdict, author_clinicians, reviewed_on, channels) and Pelican's own (title,
slug, lang); nothing reads the Markdown again. Header fields are text and
the card shows them as typed; the summary is HTML, so the card uses its text
(clinic.text). `CardMaker.describe` returns a
`Card`, whose `facts` dict becomes `content.share_card`, the one thing other
plugins (feeds, structured data) and the templates read:

    url     the image's address: absolute in publish builds, root-relative
            ("/cards/...") in preview builds, whose SITEURL is empty
    path    the image's path inside the output ("cards/<slug>-<digest>.png")
    width, height, type
    alt     a sentence saying what the card shows, in the article's language
    length  size in bytes, filled in once the image is written
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clinic import kinds

from .card import CardText, Digester
from .languages import Language, language_for
from .layout import merge_layout, resolve_path

SOCIAL = "social"
CARD_TYPE = "image/png"
# Card file names start with this much of the slug: readable, yet well inside
# the 255-byte limit on file names whatever the slug's length.
STEM_CHARS = 80
# Ends of a sentence in the scripts cards are drawn in, so the alt text adds
# no full stop after a question mark, an Arabic question mark or a CJK stop.
_SENTENCE_END = re.compile(r"[.!?…。！？؟]$")


@dataclass
class Card:
    """One card to draw: what it says, how it is laid out, and its file."""

    text: CardText
    layout: dict
    digest: str
    facts: dict
    # The article or page it belongs to; None for the site's own card.
    content: object = None

    @property
    def path(self) -> str:
        """The image's path inside the output folder."""
        return self.facts["path"]


def shareable(content) -> bool:
    """Whether the clinic may share it on social media.

    A patient story may only where its consent allows ("social" in its
    channels); pages and other articles always may.
    """
    return SOCIAL in getattr(content, "channels", kinds.CHANNELS)


def _sentence(text: str) -> str:
    """text ending in a full stop, unless it already ends a sentence."""
    text = text.strip()
    return text if not text or _SENTENCE_END.search(text) else f"{text}."


class CardMaker:
    """Builds the cards of one build from its settings."""

    def __init__(self, site_name: str, site_url: str, card_dir: str, site_layout: dict | None,
                 languages: dict | None):
        """site_layout is SHARE_CARD_LAYOUT, languages SHARE_CARD_LANGUAGES."""
        self.site_name = site_name
        self.site_url = site_url.rstrip("/")
        self.card_dir = card_dir.strip("/")
        self.site_layout = site_layout or {}
        self.languages = languages or {}
        # An unknown key in SHARE_CARD_LAYOUT, or a logo that is not there,
        # fails the build here, once, rather than on every card.
        self._site_full = merge_layout(self.site_layout)
        logo = self._site_full["brand"]["logo"]
        if logo and not resolve_path(logo).is_file():
            raise ValueError(f"SHARE_CARD_LAYOUT: brand.logo {logo!r} is not a file (give a PNG path "
                             "relative to the project root, or an empty string for no logo)")
        # merged layouts by language tag: every card of a language shares one,
        # and one Digester, so the logo and fonts are hashed once a build
        self._layouts: dict[str, dict] = {}
        self._digesters: dict[str, Digester] = {}
        self._languages: dict[str | None, Language] = {}

    def language(self, lang: str | None) -> Language:
        """The card words for a language tag."""
        if lang not in self._languages:
            self._languages[lang] = language_for(lang, self.languages)
        return self._languages[lang]

    def layout(self, language: Language) -> dict:
        """The full layout of a card in `language`."""
        if language.tag not in self._layouts:
            layout = merge_layout(self.site_layout, language.card_layout(self._site_full))
            self._layouts[language.tag] = layout
            self._digesters[language.tag] = Digester(layout)
        return self._layouts[language.tag]

    def text_of(self, content, language: Language) -> CardText:
        """What the card of an article or page says."""
        kind = getattr(content, "kind", None)
        authors = getattr(content, "author_clinicians", None) or []
        reviewed_on = getattr(content, "reviewed_on", None)
        return CardText(
            site_name=self.site_name,
            badge=language.badge(kind),
            kind=kind.key if kind else "page",
            # Header fields are text: the card shows them as typed. A myth's
            # headline is its fact; the claim below it is labelled as the myth.
            title=content.headline,
            claim=" ".join(str(getattr(content, "claim", None) or "").split()) or None,
            verdict=language.verdict(getattr(content, "verdict", None)),
            byline=" · ".join(clinician.display for clinician in authors),
            reviewed=language.day(reviewed_on) if reviewed_on else None,
            lang=getattr(content, "lang", None) or None,
        )

    def alt_text(self, text: CardText, layout: dict, language: Language) -> str:
        """A sentence or few saying what the card shows, in the card's own words."""
        heading = f"{text.badge} — {text.title}" if text.badge else text.title
        parts = [f"{language.alt.format(site=text.site_name)}: {heading}"]
        if text.claim:
            parts.append(layout["claim"]["template"].format(claim=text.claim))
        if text.verdict:
            parts.append(layout["verdict"]["template"].format(verdict=text.verdict))
        if text.byline:
            parts.append(language.by.format(byline=text.byline))
        if text.reviewed:
            parts.append(layout["reviewed"]["template"].format(reviewed=text.reviewed))
        return " ".join(_sentence(part) for part in parts)

    def card(self, text: CardText, language: Language, stem: str, content=None) -> Card:
        """The card for `text`, saved as <stem>-<digest>.png (stem cut to STEM_CHARS) in the card folder."""
        layout = self.layout(language)
        digest = self._digesters[language.tag].digest(text)
        stem = stem[:STEM_CHARS].rstrip("-")
        name = f"{stem}-{digest}.png" if stem else f"{digest}.png"
        path = f"{self.card_dir}/{name}"
        canvas = layout["canvas"]
        facts = {
            "url": f"{self.site_url}/{path}",
            "path": path,
            "width": canvas["width"],
            "height": canvas["height"],
            "type": CARD_TYPE,
            "alt": self.alt_text(text, layout, language),
            "length": None,
        }
        return Card(text, layout, digest, facts, content)

    def describe(self, content) -> Card:
        """The card of an article or page."""
        language = self.language(getattr(content, "lang", None))
        return self.card(self.text_of(content, language), language, content.slug, content)

    def site_card(self, title: str, lang: str | None) -> Card:
        """The card of the site itself, for the home page and listings."""
        language = self.language(lang)
        text = CardText(site_name=self.site_name, badge="", kind="page", title=title, lang=lang or None)
        return self.card(text, language, "site")
