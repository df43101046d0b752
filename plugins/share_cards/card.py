"""What a share card says, and a digest that changes whenever the drawing would."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass

from .fonts import file_digest, fonts_fingerprint
from .layout import resolve_path

# Bump whenever render.py, typeset.py or fonts.py change what a card looks like
# or how it is encoded (its bytes, whose length the feeds give), so every
# cached card is redrawn. 2: PNG compression level 3 instead of 6. 3: text
# set by Pango. 4: PNG encoded by libvips.
RENDERER_VERSION = "4"


@dataclass(frozen=True)
class CardText:
    """The words of one card, already chosen and formatted by the caller.

    kind is a layout badge key (myth, news, story, question, page); badge is
    the pill's text (the kind's default label is used when empty); reviewed
    is a formatted date such as "12 March 2026"; lang is a BCP 47 tag that
    sets text direction and shaping (e.g. "ar", "he", "zh-Hans", "ja").
    """

    site_name: str
    badge: str
    kind: str
    title: str
    claim: str | None = None
    verdict: str | None = None
    byline: str = ""
    reviewed: str | None = None
    lang: str | None = None

    def digest(self, layout: dict) -> str:
        """A 10-hex-digit sha256 over everything that decides the card's pixels.

        Covers every field, the whole layout, the logo file's bytes, the
        font files the layout resolves to on this machine, and
        RENDERER_VERSION. Hashing files for each card is slow: a build
        keeps one `Digester` per layout instead, which gives the same digest.
        """
        return Digester(layout).digest(self)


class Digester:
    """Card digests for one layout, its files hashed once.

    The digest is the sha256 of one JSON document holding the card's fields
    and everything about the layout; all but the card's fields is the same
    for every card of the layout, so it is serialised here once and each
    card only adds its own fields.
    """

    def __init__(self, layout: dict):
        """Hash the layout's logo and font files as they are now."""
        logo = layout["brand"].get("logo")
        rest = _json({
            "layout": layout,
            "logo": file_digest(str(resolve_path(logo))) if logo else None,
            "fonts": fonts_fingerprint(layout["fonts"]),
            "renderer": RENDERER_VERSION,
        })
        # "card" sorts before every other key, so the whole document is
        # '{"card": ' + the card's fields + this tail.
        self._tail = ", " + rest[1:]

    def digest(self, text: CardText) -> str:
        """The digest of one card of this layout (see CardText.digest)."""
        fields = {field.name: getattr(text, field.name) for field in dataclasses.fields(text)}
        encoded = ('{"card": ' + _json(fields) + self._tail).encode("utf-8")
        return hashlib.sha256(encoded).hexdigest()[:10]


def _json(value) -> str:
    """The digest's one way of writing JSON: sorted keys, characters as they are."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
