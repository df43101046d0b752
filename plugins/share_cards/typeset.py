"""Setting a card's text with Pango, through pyvips.

Pango (in the pyvips-binary wheel, with HarfBuzz, fontconfig and cairo)
itemizes the text by script, falls back along the layout's font list,
shapes, resolves the bidi levels, breaks lines (UAX #14, so CJK breaks
between characters and keeps its closing punctuation) and draws colour
emoji. This module adds what a card needs on top: which characters no
layout font has (they are left out and reported, see fonts.py), the shrink
from a maximum to a minimum size, a line limit with "…", and a tile of the
drawn text to paste onto the card.

The layout's font files are handed to fontconfig once per process, and the
text names their families in layout order, so the first family with a
glyph draws it. Every set text is cached by everything that decides its
pixels, so the clinic's name, badges, bylines and verdicts are set once per
process. bench/card_text.py measures this against the engine it replaced.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr

import pyvips
from PIL import Image

from .fonts import EMOJI_PX, FontRef, Fonts, clusters_of, coverage, is_emoji, load_font

ELLIPSIS = "\u2026"

# Pango units per pixel: text is set at 72 dpi, where a point is a pixel.
_PANGO_UNITS = 1024
_DPI = 72

# Collapse any whitespace except the no-break spaces, whose point is to glue.
_WHITESPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")

_SPACES = re.compile(" {2,}")

# Marks that set a paragraph's base direction (Pango takes it from the
# first strong character otherwise).
_RLM, _LRM = "\u200f", "\u200e"

_RTL_LANGUAGES = {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi"}


def is_rtl_language(lang: str | None) -> bool | None:
    """True/False for a language tag written right/left to left, None if no tag."""
    if not lang:
        return None
    return lang.replace("_", "-").split("-")[0].lower() in _RTL_LANGUAGES


def first_strong_rtl(text: str) -> bool:
    """Whether the first strongly directional character is right-to-left (UAX #9 P2)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False


@lru_cache(maxsize=64)
def _registered_family(ref: FontRef) -> str:
    """Hand a font file to fontconfig (once per process); return its family name."""
    pyvips.Image.text(".", fontfile=ref.path, dpi=_DPI)
    # any face opens at the emoji strike size; a bitmap emoji face only there
    return load_font(ref, EMOJI_PX).getname()[0]


@lru_cache(maxsize=32)
def _families(fonts: Fonts) -> str:
    """The Pango family list of a role, in layout order, each family once."""
    refs = (*fonts.refs, *([fonts.emoji] if fonts.emoji else []))
    return ",".join(dict.fromkeys(_registered_family(ref) for ref in refs))


@lru_cache(maxsize=32)
def _covered(fonts: Fonts) -> frozenset[int]:
    """Every code point some face of the role has."""
    covered: set[int] = set()
    for ref in (*fonts.refs, *([fonts.emoji] if fonts.emoji else [])):
        covered |= coverage(ref)
    return frozenset(covered)


def _ignorable(ch: str) -> bool:
    """Characters the shaper hides (joiners, direction marks, selectors): never missing."""
    cp = ord(ch)
    return unicodedata.category(ch) == "Cf" or 0xFE00 <= cp <= 0xFE0F or 0xE0020 <= cp <= 0xE007F


@lru_cache(maxsize=1024)
def drawable(text: str, fonts: Fonts) -> tuple[str, tuple[str, ...]]:
    """(text without what no font has, the characters no font has).

    A cluster whose base character no font has is left out whole, so no
    mark is drawn on a dotted circle or a box; an emoji left out for want of
    an emoji font is not reported. Whitespace collapses to single spaces.
    """
    covered = _covered(fonts)
    kept: list[str] = []
    missing: list[str] = []
    for cluster in clusters_of(_WHITESPACE.sub(" ", text).strip()):
        needed = [ch for ch in cluster if not _ignorable(ch)]
        # control characters never reach Pango's markup, which is XML
        uncovered = [ch for ch in needed if ord(ch) not in covered or unicodedata.category(ch) == "Cc"]
        base_missing = needed and (needed[0] in uncovered or unicodedata.category(needed[0])[0] == "M")
        if not base_missing:
            kept.append("".join(ch for ch in cluster if ch not in uncovered))
        if is_emoji(cluster) and base_missing:
            uncovered = []
        missing.extend(ch for ch in uncovered if ch not in missing)
    # a left-out cluster must not leave a double or dangling space behind
    return _SPACES.sub(" ", "".join(kept)).strip(), tuple(missing)


@lru_cache(maxsize=128)
def _metrics(ref: FontRef, size: int) -> tuple[int, int]:
    """(capital height, descent) of the primary face at `size`."""
    face = load_font(ref, size)
    return -face.getbbox("H", anchor="ls")[1], face.getmetrics()[1]


@dataclass(frozen=True)
class Block:
    """A text element set at one size: its tile and its vertical metrics.

    The tile is the drawn text (RGBA, cropped to its ink); `top` is how far
    the tile's top lies below the first line's capital height (negative for
    accents and emoji that rise above it).
    """

    size: int
    lines: int
    cap: int
    pitch: int
    descent: int
    text: str
    tile: Image.Image | None
    top: int
    missing: tuple[str, ...]

    @property
    def height(self) -> int:
        """From the capital height of the first line to the descent of the last."""
        if not self.lines:
            return 0
        return self.cap + (self.lines - 1) * self.pitch + self.descent

    @property
    def width(self) -> int:
        """Width of the drawn ink."""
        return self.tile.width if self.tile else 0


class _Setter:
    """Sets one text in one style at a given size; counts its lines."""

    def __init__(self, fonts: Fonts, color: str, width: int, line_height: float, rtl: bool, right: bool,
                 lang: str | None):
        self.fonts, self.color, self.width, self.line_height = fonts, color, width, line_height
        self.lang = lang
        self.mark = _RLM if rtl else _LRM
        # Pango mirrors the alignment of a right-to-left paragraph, so
        # "low" is the paragraph's own start side.
        self.align = "low" if right == rtl else "high"

    def markup(self, text: str, size: int) -> str:
        pitch = round(size * self.line_height)
        lang = f" lang={quoteattr(self.lang)}" if self.lang else ""
        desc = f"{_families(self.fonts)} {'Bold' if self.fonts.bold else ''} {size}"
        # An absolute line height (≥ 1024 Pango units) gives every line the
        # layout's pitch, whatever font a line falls back to.
        return (f"<span font_desc={quoteattr(desc)} line_height=\"{pitch * _PANGO_UNITS}\""
                f" foreground={quoteattr(self.color)}{lang}>{escape(self.mark + text)}</span>")

    def natural_width(self, text: str, size: int) -> int:
        """Width of the text on one unbroken line."""
        return pyvips.Image.text(self.markup(text, size), dpi=_DPI, rgba=True).width

    @staticmethod
    @lru_cache(maxsize=256)
    def _cap_top(markup: str) -> int:
        return pyvips.Image.text(markup, dpi=_DPI, rgba=True).yoffset

    def set(self, text: str, size: int) -> tuple[pyvips.Image, int, int]:
        """(image, lines, tile top below the first capital height) of text at size."""
        image = pyvips.Image.text(self.markup(text, size), width=self.width, dpi=_DPI, rgba=True,
                                  wrap="word-char", align=self.align)
        pitch = round(size * self.line_height)
        cap_top = self._cap_top(self.markup("H", size))
        cap, _ = _metrics(self.fonts.primary, size)
        first_baseline = cap_top + cap
        lines = 1 + max(0, round((image.yoffset + image.height - first_baseline) / pitch))
        return image, lines, image.yoffset - cap_top


def _cuts(text: str) -> list[list[int]]:
    """Where text may be cut before "…": after words first, else between clusters."""
    clusters = clusters_of(text)
    ends = [sum(map(len, clusters[:i])) for i in range(1, len(clusters))]
    words = [end for end, nxt in zip(ends, clusters[1:]) if nxt.isspace()]
    return [words, ends]


def _ellipsized(setter: _Setter, text: str, size: int, allowed: int):
    """The longest start of text that, ending in "…", sets in `allowed` lines."""
    for cuts in _cuts(text):
        low, high, best = 0, len(cuts) - 1, None
        while low <= high:
            middle = (low + high) // 2
            candidate = text[:cuts[middle]].rstrip() + ELLIPSIS
            image, lines, top = setter.set(candidate, size)
            if lines <= allowed:
                best, low = (candidate, image, lines, top), middle + 1
            else:
                high = middle - 1
        if best:
            return best
    return (ELLIPSIS, *setter.set(ELLIPSIS, size))


@lru_cache(maxsize=512)
def fit(text: str, fonts: Fonts, color: str, width: int, height: int, max_size: int, min_size: int, step: int,
        max_lines: int, line_height: float, rtl: bool, right: bool, lang: str | None) -> Block:
    """Set text in a width × height box, shrinking the font to fit.

    Tries sizes from max_size down to min_size in `step` px steps; the first
    size at which everything fits in the allowed lines wins. If none does,
    the text is set at min_size and its last line ends in "…". At least one
    line is always set. rtl is the paragraph's base direction, right whether
    its lines are flush right. Characters no font has are left out and
    returned in `missing`.
    """
    shown, missing = drawable(text, fonts)
    setter = _Setter(fonts, color, width, line_height, rtl, right, lang)
    sizes = [*range(max_size, min_size, -max(1, step)), min_size]
    natural = None
    for size in sizes:
        cap, descent = _metrics(fonts.primary, size)
        pitch = round(size * line_height)
        allowed = max(1, min(max_lines, 1 + (height - cap - descent) // pitch))
        if not shown:
            return Block(size, 0, cap, pitch, descent, "", None, 0, missing)
        if size not in (max_size, min_size):
            # cheap rejection: longer than all allowed lines together (one
            # unbroken line's width scales with the size)
            natural = natural or setter.natural_width(shown, max_size)
            if natural * size / max_size > allowed * width:
                continue
        image, lines, top = setter.set(shown, size)
        if lines <= allowed:
            break
    else:
        shown, image, lines, top = _ellipsized(setter, shown, size, allowed)
    tile = Image.frombuffer("RGBA", (image.width, image.height), image.write_to_memory(), "raw", "RGBA", 0, 1)
    return Block(size, lines, cap, pitch, descent, shown, tile, top, missing)
