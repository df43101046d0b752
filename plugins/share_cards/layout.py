"""The share card's layout as data, and how a site's overrides merge into it.

Every position, size, colour and font of the card lives in DEFAULT_LAYOUT,
so a clinic re-brands by setting SHARE_CARD_LAYOUT in its Pelican settings
to a partial dict of the same shape; `merge_layout` lays it over the
defaults. Positions are for a left-to-right card; a right-to-left card
(Arabic, Hebrew...) mirrors them horizontally.

Colours of text and shapes name an entry of "colors" (so a palette change
re-colours everything), except the per-kind badge and per-verdict colours,
which are literal because they carry meaning. Font lists are fallback
chains, first match wins (Pango falls back along them), entries whose file
is missing are skipped; paths are relative to the project root or absolute,
and a .ttc entry is a mapping with its face "index".
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

_CJK_DIR = "/usr/share/fonts/opentype/noto"

DEFAULT_LAYOUT = {
    "canvas": {"width": 1200, "height": 630},
    # Every drawn glyph stays at least this far from the canvas edges.
    "padding": 40,
    "colors": {
        "background": "#FFFFFF",
        "foreground": "#1B1F24",
        "muted": "#4A5560",
        "accent": "#0B5D4B",
        "on_accent": "#FFFFFF",
        "rule": "#D5DBE0",
    },
    "fonts": {
        "regular": [
            "theme/fonts/NotoSans-Regular.ttf",
            "theme/fonts/NotoSansArabic-Regular.ttf",
            "theme/fonts/NotoSansHebrew-Regular.ttf",
            # Face 2 is Simplified Chinese; Japanese and Korean cards get
            # their own glyph forms through the card's language.
            {"path": f"{_CJK_DIR}/NotoSansCJK-Regular.ttc", "index": 2},
        ],
        "bold": [
            "theme/fonts/NotoSans-Bold.ttf",
            "theme/fonts/NotoSansArabic-Bold.ttf",
            "theme/fonts/NotoSansHebrew-Bold.ttf",
            {"path": f"{_CJK_DIR}/NotoSansCJK-Bold.ttc", "index": 2},
        ],
        "emoji": ["/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"],
    },
    # The clinic-colour band across the top, holding logo and clinic name,
    # and a thin bar of the same colour closing the card at the bottom.
    "band": {"height": 136, "color": "accent", "bottom_bar": 10},
    "brand": {
        "x": 64,
        "logo": "theme/static/images/logo.png",
        "logo_size": 48,
        # a rounded plate this many px wider on each side sets the logo off the band
        "plate": 4,
        "plate_color": "on_accent",
        "gap": 18,
        "font_size": 32,
        "bold": True,
        "color": "on_accent",
        "max_width": 900,
    },
    "badge": {
        "x": 64,
        "y": 168,
        "height": 40,
        "padding_x": 18,
        "font_size": 20,
        "max_width": 560,
        # The site's kind colours (--myth, --news, --story, --question in
        # theme/static/css/style.css), so a card looks like the page it opens;
        # tests/test_theme.py keeps the two equal.
        "kinds": {
            "myth": {"label": "FACT CHECK", "background": "#7A3E9D", "color": "#FFFFFF"},
            "news": {"label": "NEWS", "background": "#0B57A4", "color": "#FFFFFF"},
            "story": {"label": "PATIENT STORY", "background": "#9A4A00", "color": "#FFFFFF"},
            "question": {"label": "ASK A CLINICIAN", "background": "#0B5D4B", "color": "#FFFFFF"},
            # also used for any kind not listed here
            "page": {"label": "", "background": "#475467", "color": "#FFFFFF"},
        },
    },
    "title": {
        "x": 64,
        "y": 236,
        "width": 1072,
        "max_size": 64,
        "min_size": 34,
        "step": 2,
        "max_lines": 5,
        "line_height": 1.18,
        "bold": True,
        "color": "foreground",
    },
    # For myths: the claim being checked, labelled as the myth (the fact is
    # the title above), then the verdict in words in a pill.
    "claim": {
        "template": "Myth: \u201c{claim}\u201d",
        "gap": 22,
        "font_size": 28,
        "max_lines": 2,
        "line_height": 1.3,
        "bold": False,
        "color": "muted",
    },
    "verdict": {
        "template": "Verdict: {verdict}",
        "gap": 16,
        "height": 40,
        "padding_x": 18,
        "font_size": 21,
        "max_width": 700,
        # keyed by the verdict lower-cased with spaces as hyphens; the site's
        # verdict colours (.verdict-* in theme/static/css/style.css)
        "colors": {
            "false": "#B3261E",
            "misleading": "#9A4A00",
            "partly-true": "#7A5C00",
            "unproven": "#4B5563",
            "true": "#1E6B35",
        },
        "default_color": "#4B5563",
        "text_color": "#FFFFFF",
    },
    # A hairline above the byline row; the title stops short of it.
    "footer": {"rule_y": 514, "rule_width": 2, "rule_color": "rule", "baseline": 560, "gap": 32, "title_gap": 26},
    "byline": {"font_size": 24, "bold": True, "color": "foreground"},
    "reviewed": {
        "template": "Reviewed {reviewed}",
        "font_size": 22,
        "bold": False,
        "color": "muted",
        # a check-mark disc in the accent colour before the text
        "mark": True,
        "mark_color": "accent",
    },
}

# Mappings whose keys are data (kind names, verdict slugs), so overrides may
# add keys there; anywhere else an unknown key is a typo.
_OPEN_KEYS = {("badge", "kinds"), ("verdict", "colors")}


@lru_cache(maxsize=256)
def resolve_path(path: str) -> Path:
    """An absolute path for a layout path (relative ones are project-root relative)."""
    candidate = Path(path)
    return candidate if candidate.is_absolute() else PROJECT_ROOT / candidate


def _merge(base: dict, overrides: dict, where: tuple[str, ...]) -> dict:
    merged = dict(base)
    for key, value in overrides.items():
        here = (*where, key)
        if key not in base:
            if where not in _OPEN_KEYS:
                raise ValueError(f"SHARE_CARD_LAYOUT: unknown key {'.'.join(here)}")
            merged[key] = copy.deepcopy(value)
        elif isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ValueError(f"SHARE_CARD_LAYOUT: {'.'.join(here)} must be a mapping")
            merged[key] = _merge(base[key], value, here)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def merge_layout(*overrides: dict | None) -> dict:
    """Deep-merge partial layouts over DEFAULT_LAYOUT, in order; return a new dict.

    Typically the site's SHARE_CARD_LAYOUT, then a language's overrides.
    Mappings merge key by key; any other value (including font lists)
    replaces the one before whole. Unknown keys raise ValueError, except new
    entries under badge.kinds and verdict.colors. No argument is modified.
    """
    merged = copy.deepcopy(DEFAULT_LAYOUT)
    for partial in overrides:
        merged = _merge(merged, partial or {}, ())
    return merged
