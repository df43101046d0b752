"""Drawing a share card from a CardText and a layout, to PNG bytes.

`render_card` is a plain module-level function of picklable arguments so a
ProcessPoolExecutor can run it; fonts, logos, shape masks, set text
(typeset.py: Pango through pyvips) and the band every card shares are
cached per process.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from functools import lru_cache

import pyvips
from PIL import Image, ImageDraw

from .card import CardText
from .fonts import Fonts, file_stamp, fonts_for
from .layout import resolve_path
from .typeset import Block, first_strong_rtl, fit, is_rtl_language

MAX_BYTES = 300 * 1024

# Encoded by libvips (libspng), zlib level 3, no row filter. Pillow's encoder
# took 10.4 ms a card at level 3 with adaptive filters (52 KB on average),
# two thirds of drawing a card; libvips takes 3.7 ms for 41 KB (its level 6:
# 5.7 ms, 38 KB; adaptive filters: 20 ms). Measured on 200 cards of the
# benchmark corpus.
_PNG_LEVEL = 3

# Shapes are drawn this many times larger and scaled down, because Pillow's
# ellipses and rounded rectangles are not anti-aliased.
_SUPERSAMPLE = 4


@lru_cache(maxsize=64)
def _rounded_mask(width: int, height: int, radius: int) -> Image.Image:
    """An anti-aliased rounded-rectangle coverage mask."""
    s = _SUPERSAMPLE
    big = Image.new("L", (width * s, height * s), 0)
    ImageDraw.Draw(big).rounded_rectangle((0, 0, width * s - 1, height * s - 1), radius=radius * s, fill=255)
    return big.resize((width, height), Image.Resampling.LANCZOS)


@lru_cache(maxsize=16)
def _check_disc(diameter: int, disc: str, tick: str) -> Image.Image:
    """An anti-aliased disc with a check mark, as an RGBA tile."""
    s = _SUPERSAMPLE
    d = diameter * s
    big = Image.new("RGBA", (d, d), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    draw.ellipse((0, 0, d - 1, d - 1), fill=disc)
    points = [(0.27 * d, 0.52 * d), (0.43 * d, 0.68 * d), (0.74 * d, 0.35 * d)]
    draw.line(points, fill=tick, width=max(s, round(0.11 * d)), joint="curve")
    return big.resize((diameter, diameter), Image.Resampling.LANCZOS)


@lru_cache(maxsize=8)
def _logo(path: str, _stamp: tuple[int, int], size: int) -> Image.Image:
    """The logo scaled to a square of `size` px, as RGBA (cached per file version)."""
    with Image.open(path) as source:
        return source.convert("RGBA").resize((size, size), Image.Resampling.LANCZOS)


class _Painter:
    """Drawing state of one card: mirroring, safe area, collected boxes and misses."""

    def __init__(self, layout: dict, fonts: tuple[Fonts, Fonts], rtl: bool, lang: str | None,
                 boxes: list | None, start: _Band | None = None):
        """A blank card, or a copy of `start` with its boxes and misses; fonts: (regular, bold)."""
        canvas = layout["canvas"]
        self.width, self.height = canvas["width"], canvas["height"]
        self.padding = layout["padding"]
        self.colors = layout["colors"]
        if start is None:
            self.image = Image.new("RGB", (self.width, self.height), self.colors["background"])
        else:
            self.image = start.image.copy()
        self.draw = ImageDraw.Draw(self.image)
        self.rtl = rtl
        self.lang = lang
        self.boxes = boxes
        self.missing: list[str] = list(start.missing) if start else []
        if start and boxes is not None:
            boxes.extend(start.boxes)
        self.regular, self.bold = fonts

    def color(self, name: str) -> str:
        """A palette colour by name."""
        return self.colors[name]

    def span(self, x: int, width: int) -> tuple[int, int]:
        """Mirror an LTR-layout span for RTL cards and clip it to the safe area."""
        if self.rtl:
            x = self.width - x - width
        left = max(x, self.padding)
        return left, min(x + width, self.width - self.padding) - left

    def set(self, text: str, bold: bool, color: str, width: int, height: int, sizes: tuple[int, int, int],
            max_lines: int, line_height: float, rtl: bool | None = None, flush_right: bool | None = None) -> Block:
        """Set card text (typeset.fit); base direction from the card language unless given.

        sizes is (largest, smallest, step); lines are flush with the card's
        start side unless flush_right says otherwise.
        """
        if rtl is None:
            by_lang = is_rtl_language(self.lang)
            rtl = first_strong_rtl(text) if by_lang is None else by_lang
        right = self.rtl if flush_right is None else flush_right
        block = fit(text, self.bold if bold else self.regular, color, width, height, *sizes, max_lines,
                    line_height, rtl, right, self.lang)
        for ch in block.missing:
            if ch not in self.missing:
                self.missing.append(ch)
        return block

    def block(self, block: Block, left: int, width: int, top: int, flush_right: bool | None = None) -> None:
        """Paste a set block inside [left, left + width], its first capital height at `top`."""
        if block.tile is None:
            return
        right_aligned = self.rtl if flush_right is None else flush_right
        x = left + width - block.width if right_aligned else left
        y = top + block.top
        self.image.paste(block.tile, (x, y), block.tile)
        if self.boxes is not None:
            self.boxes.append((x, y, x + block.tile.width, y + block.tile.height))

    def pill(self, start: int, top: int, height: int, padding_x: int, block: Block, background: str) -> None:
        """Draw a one-line block on a fully rounded pill sized to the text.

        start is the pill's left edge, or its right edge on RTL cards.
        """
        if not block.lines:
            return
        width = block.width + 2 * padding_x
        left = start - width if self.rtl else start
        self.image.paste(background, (left, top), _rounded_mask(width, height, height // 2))
        text_top = top + (height - block.cap) // 2
        self.block(block, left + padding_x, block.width, text_top, flush_right=False)


def _one_line(painter: _Painter, text: str, bold: bool, color: str, size: int, width: int,
              rtl: bool | None = None, flush_right: bool | None = None) -> Block:
    """Set text on a single line at a fixed size, ending in an ellipsis if too long."""
    return painter.set(text, bold, color, width, 10 * size, (size, size, 1), 1, 1.0, rtl, flush_right)


def _brand(painter: _Painter, layout: dict, site_name: str) -> None:
    """The clinic-colour band with logo and clinic name, and the bottom bar."""
    band, brand = layout["band"], layout["brand"]
    painter.draw.rectangle((0, 0, painter.width - 1, band["height"] - 1), fill=painter.color(band["color"]))
    if band["bottom_bar"]:
        painter.draw.rectangle((0, painter.height - band["bottom_bar"], painter.width - 1, painter.height - 1),
                               fill=painter.color(band["color"]))
    x = brand["x"]
    if brand["logo"]:
        size, plate = brand["logo_size"], brand["plate"]
        outer = size + 2 * plate
        left, _ = painter.span(x, outer)
        top = (band["height"] - outer) // 2
        if plate:
            # corners concentric with the logo's own (a quarter of its side)
            painter.image.paste(painter.color(brand["plate_color"]), (left, top),
                                _rounded_mask(outer, outer, size * 7 // 32 + plate))
        path = str(resolve_path(brand["logo"]))
        logo = _logo(path, file_stamp(path), size)
        painter.image.paste(logo, (left + plate, top + plate), logo)
        x += outer + brand["gap"]
    left, width = painter.span(x, brand["max_width"])
    block = _one_line(painter, site_name, brand["bold"], painter.color(brand["color"]), brand["font_size"], width,
                      rtl=first_strong_rtl(site_name))
    top = (band["height"] - block.cap) // 2
    painter.block(block, left, width, top)


@dataclass(frozen=True)
class _Band:
    """A blank card with its band drawn, the same on every card of a layout and clinic."""

    image: Image.Image
    boxes: tuple
    missing: tuple


# Bands by everything they depend on (see _band); a build has one or a few.
_bands: dict[tuple, _Band] = {}
_MAX_BANDS = 16


def _band(layout: dict, fonts: tuple[Fonts, Fonts], site_name: str, rtl: bool,
          lang: str | None) -> _Band:
    """The card's band (_brand on a blank card), drawn once per process and copied.

    Keyed by the whole layout, the clinic's name, the direction, the
    language (it shapes the name), the logo file's version and the font
    files the layout finds now (fonts_for gives one Fonts per set of files).
    """
    logo = layout["brand"]["logo"]
    stamp = file_stamp(str(resolve_path(logo))) if logo else None
    key = (json.dumps(layout, sort_keys=True), fonts, site_name, rtl, lang, stamp)
    if key not in _bands:
        painter = _Painter(layout, fonts, rtl, lang, [])
        _brand(painter, layout, site_name)
        if len(_bands) >= _MAX_BANDS:
            _bands.clear()
        _bands[key] = _Band(painter.image, tuple(painter.boxes), tuple(painter.missing))
    return _bands[key]


def _badge(painter: _Painter, layout: dict, text: CardText) -> bool:
    """The kind pill; returns whether one was drawn."""
    badge = layout["badge"]
    style = badge["kinds"].get(text.kind, badge["kinds"]["page"])
    label = text.badge or style["label"]
    if not label:
        return False
    block = _one_line(painter, label, True, style["color"], badge["font_size"],
                      badge["max_width"] - 2 * badge["padding_x"], rtl=first_strong_rtl(label), flush_right=False)
    start, _ = painter.span(badge["x"], 0)
    painter.pill(start, badge["y"], badge["height"], badge["padding_x"], block, style["background"])
    return True


def _footer(painter: _Painter, layout: dict, text: CardText) -> None:
    """Hairline, then the byline at the start side and the reviewed note at the end side."""
    footer, title = layout["footer"], layout["title"]
    byline_style, reviewed_style = layout["byline"], layout["reviewed"]
    left, width = painter.span(title["x"], title["width"])
    y = footer["rule_y"]
    painter.draw.rectangle((left, y, left + width - 1, y + footer["rule_width"] - 1),
                           fill=painter.color(footer["rule_color"]))
    baseline = footer["baseline"]
    used = 0
    if text.reviewed:
        words = reviewed_style["template"].format(reviewed=text.reviewed)
        block = _one_line(painter, words, reviewed_style["bold"], painter.color(reviewed_style["color"]),
                          reviewed_style["font_size"], width // 2)
        mark = round(block.cap * 1.45) if reviewed_style["mark"] else 0
        gap = mark // 3 if mark else 0
        used = block.width + mark + gap
        # the reviewed note sits at the end side, the mark before its text
        start = left if painter.rtl else left + width - used
        text_left = start if painter.rtl else start + mark + gap
        painter.block(block, text_left, block.width, baseline - block.cap)
        if mark:
            disc = _check_disc(mark, painter.color(reviewed_style["mark_color"]), painter.color("background"))
            mark_left = start + block.width + gap if painter.rtl else start
            painter.image.paste(disc, (mark_left, baseline - block.cap // 2 - mark // 2), disc)
    if text.byline:
        room = width - used - (footer["gap"] if used else 0)
        block = _one_line(painter, text.byline, byline_style["bold"], painter.color(byline_style["color"]),
                          byline_style["font_size"], room)
        byline_left = left + width - room if painter.rtl else left
        painter.block(block, byline_left, room, baseline - block.cap)


def _body(painter: _Painter, layout: dict, text: CardText, has_badge: bool) -> None:
    """Title, then for myths the claim and the verdict, above the footer rule."""
    title, claim_style, verdict_style = layout["title"], layout["claim"], layout["verdict"]
    left, width = painter.span(title["x"], title["width"])
    top = title["y"] if has_badge else layout["badge"]["y"]
    bottom = layout["footer"]["rule_y"] - layout["footer"]["title_gap"]

    claim = None
    if text.claim:
        words = claim_style["template"].format(claim=text.claim)
        size = claim_style["font_size"]
        claim = painter.set(words, claim_style["bold"], painter.color(claim_style["color"]), width,
                            10 * size * claim_style["max_lines"], (size, size, 1), claim_style["max_lines"],
                            claim_style["line_height"])
        bottom -= claim_style["gap"] + claim.height
    verdict = None
    if text.verdict:
        words = verdict_style["template"].format(verdict=text.verdict)
        verdict = _one_line(painter, words, True, verdict_style["text_color"], verdict_style["font_size"],
                            min(width, verdict_style["max_width"]) - 2 * verdict_style["padding_x"],
                            flush_right=False)
        bottom -= verdict_style["gap"] + verdict_style["height"]

    block = painter.set(text.title, title["bold"], painter.color(title["color"]), width, bottom - top,
                        (title["max_size"], title["min_size"], title["step"]), title["max_lines"],
                        title["line_height"])
    painter.block(block, left, width, top)
    y = top + block.height

    if claim:
        y += claim_style["gap"]
        painter.block(claim, left, width, y)
        y += claim.height
    if verdict:
        y += verdict_style["gap"]
        key = text.verdict.strip().lower().replace(" ", "-")
        background = verdict_style["colors"].get(key, verdict_style["default_color"])
        start = left + width if painter.rtl else left
        painter.pill(start, y, verdict_style["height"], verdict_style["padding_x"], verdict, background)


def _png(image: Image.Image) -> bytes:
    """Compressed PNG without metadata; a 256-colour palette PNG if over MAX_BYTES."""
    pixels = pyvips.Image.new_from_memory(image.tobytes(), image.width, image.height, 3, "uchar")
    png = pixels.pngsave_buffer(compression=_PNG_LEVEL, keep=pyvips.enums.ForeignKeep.NONE)
    if len(png) > MAX_BYTES:
        buffer = io.BytesIO()
        image.quantize(256).save(buffer, "PNG", optimize=True)
        png = buffer.getvalue()
    return png


def render_card(text: CardText, layout: dict, debug_boxes: list | None = None) -> tuple[bytes, list[str]]:
    """Draw one share card; return (PNG bytes, characters no font could draw).

    layout is a full layout (see layout.merge_layout). The card is mirrored
    for right-to-left languages (from text.lang, else from the title's first
    strong character). If debug_boxes is a list, the box (x0, y0, x1, y1) of
    every drawn text block is appended to it. Same input, same bytes.
    """
    by_lang = is_rtl_language(text.lang)
    rtl = first_strong_rtl(text.title) if by_lang is None else by_lang
    lang = text.lang or None
    fonts = (fonts_for(layout["fonts"], "regular"), fonts_for(layout["fonts"], "bold"))
    painter = _Painter(layout, fonts, rtl, lang, debug_boxes, _band(layout, fonts, text.site_name, rtl, lang))
    has_badge = _badge(painter, layout, text)
    _footer(painter, layout, text)
    _body(painter, layout, text, has_badge)
    return _png(painter.image), painter.missing
