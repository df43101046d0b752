"""What a share card says, and a digest that changes whenever the drawing would."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass

from .fonts import file_digest, fonts_fingerprint
from .layout import resolve_path

# Bump whenever render.py, lines.py or fonts.py change what a card looks like,
# so every cached card is redrawn.
RENDERER_VERSION = "1"


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
        RENDERER_VERSION.
        """
        logo = layout["brand"].get("logo")
        payload = {
            "card": dataclasses.asdict(self),
            "layout": layout,
            "logo": file_digest(str(resolve_path(logo))) if logo else None,
            "fonts": fonts_fingerprint(layout["fonts"]),
            "renderer": RENDERER_VERSION,
        }
        encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(encoded).hexdigest()[:10]
