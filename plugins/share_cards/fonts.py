"""Font fallback chains: which font draws which character of a card.

A layout names, per role ("regular", "bold"), an ordered list of font files
and, separately, a list of colour-emoji fonts. `chain_for` turns those lists
into a `FontChain`, which splits text into grapheme clusters, gives each
cluster to the first font that has glyphs for it, and measures and draws runs
of clusters that share a font.

Coverage comes from the font's own 'cmap' table, parsed here with `struct`.
Pillow has no "has glyph" API, and the usual substitutes are wrong in ways
that matter: a missing character still measures and renders as the .notdef
box (so a non-empty mask proves nothing), and a present space renders an
empty mask (so an empty mask proves nothing either). The cmap is the font's
definitive character-to-glyph map, so reading it is exact and cheap: only
the cmap bytes are read, once per font file per process.

Everything expensive (cmap sets, FreeType faces per size, measurements,
drawn text runs, scaled emoji tiles) is cached at module level, so each
worker process of a pool pays for it once.
"""

from __future__ import annotations

import hashlib
import math
import os
import struct
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from PIL import Image, ImageDraw, ImageFont

from .layout import resolve_path

# Noto Color Emoji is a CBDT bitmap font with a single 109 px strike, and
# FreeType refuses any other size for it. Scalable colour fonts also render
# at 109, so every emoji font is drawn at 109 and the result scaled.
EMOJI_PX = 109

# Slot number of the emoji font in a `Cluster`; text fonts use 0, 1, 2...
EMOJI = -1

_VARIATION_SELECTORS = range(0xFE00, 0xFE10)
_SKIN_TONES = range(0x1F3FB, 0x1F400)
_TAGS = range(0xE0020, 0xE0080)
_REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)
_KEYCAP = 0x20E3
_ZWJ = "\u200d"

# Blocks whose characters are emoji when they are pictographs; used to tell a
# droppable emoji from a genuinely missing character when no font has it.
_EMOJI_BLOCKS = (
    range(0x2300, 0x2400),
    range(0x2600, 0x27C0),
    range(0x2B00, 0x2C00),
    range(0x1F000, 0x1FB00),
)
# Planes 1F0xx-1FAxx are drawn as emoji by default, so they go to the emoji
# font even if a text font earlier in the chain happens to cover them.
_EMOJI_PRESENTATION = range(0x1F000, 0x1FB00)


class FontRef(NamedTuple):
    """One font file of a chain: its absolute path, face index (.ttc) and version.

    version is the file's (size, mtime) when it was found. Every cache in
    this process (coverage, faces, measurements, drawn runs) is keyed by
    FontRefs, so a long-lived process (a dev server drawing a few cards
    itself) sees a font file that was replaced. A named tuple rather than a
    dataclass: it hashes without calling back into Python.
    """

    path: str
    index: int = 0
    version: tuple[int, int] | None = None


@dataclass(frozen=True)
class Cluster:
    """A user-perceived character and the chain slot of the font that draws it."""

    text: str
    slot: int


def resolve_refs(entries) -> tuple[FontRef, ...]:
    """Turn a layout font list into FontRefs for the files that exist, in order.

    Each entry is a path string or a mapping {"path": ..., "index": n}.
    Relative paths are relative to the project root. Missing files are
    skipped so one layout works on machines without the optional system
    fonts (CJK, emoji).
    """
    refs = []
    for entry in entries:
        if isinstance(entry, str):
            path, index = entry, 0
        else:
            path, index = entry["path"], int(entry.get("index", 0))
        full = str(resolve_path(path))
        if os.path.isfile(full):
            refs.append(FontRef(full, index, file_stamp(full)))
    return tuple(refs)


def _cmap_bytes(ref: FontRef) -> bytes:
    """Read the raw 'cmap' table of one face, following a TTC header if present."""
    with open(ref.path, "rb") as handle:
        head = handle.read(12)
        directory = 0
        if head[:4] == b"ttcf":
            handle.seek(12 + 4 * ref.index)
            (directory,) = struct.unpack(">I", handle.read(4))
            handle.seek(directory)
            head = handle.read(12)
        (num_tables,) = struct.unpack_from(">H", head, 4)
        handle.seek(directory + 12)
        records = handle.read(16 * num_tables)
        for tag, _checksum, offset, length in struct.iter_unpack(">4sIII", records):
            if tag == b"cmap":
                handle.seek(offset)
                return handle.read(length)
    raise ValueError(f"{ref.path} has no cmap table")


def _format4(table: bytes, off: int) -> set[int]:
    """Code points mapped to a real glyph by a format 4 (BMP segment) subtable."""
    (seg2,) = struct.unpack_from(">H", table, off + 6)
    n = seg2 // 2
    ends = struct.unpack_from(f">{n}H", table, off + 14)
    starts = struct.unpack_from(f">{n}H", table, off + 16 + seg2)
    deltas = struct.unpack_from(f">{n}H", table, off + 16 + 2 * seg2)
    range_pos = off + 16 + 3 * seg2
    range_offsets = struct.unpack_from(f">{n}H", table, range_pos)
    covered: set[int] = set()
    for i, (start, end, delta, range_offset) in enumerate(zip(starts, ends, deltas, range_offsets)):
        if start == 0xFFFF:
            continue
        if range_offset == 0:
            covered.update(range(start, end + 1))
            # glyph 0 is .notdef, i.e. "not covered", whatever the cmap says
            to_notdef = (-delta) & 0xFFFF
            if start <= to_notdef <= end:
                covered.discard(to_notdef)
        else:
            glyphs = struct.unpack_from(f">{end - start + 1}H", table, range_pos + 2 * i + range_offset)
            covered.update(start + k for k, g in enumerate(glyphs) if g and (g + delta) & 0xFFFF)
    return covered


def _format12(table: bytes, off: int) -> set[int]:
    """Code points mapped to a real glyph by a format 12 (full Unicode) subtable."""
    (groups,) = struct.unpack_from(">I", table, off + 12)
    covered: set[int] = set()
    for start, end, glyph in struct.iter_unpack(">3I", table[off + 16 : off + 16 + 12 * groups]):
        covered.update(range(start if glyph else start + 1, end + 1))
    return covered


@lru_cache(maxsize=None)
def coverage(ref: FontRef) -> frozenset[int]:
    """The set of code points the face maps to a real glyph.

    Unions every Unicode subtable (platform 0, and Windows encodings 1 and
    10) of formats 4 and 12, which is what all current Noto and system fonts
    use. Format 13 (many-to-one "last resort" maps) is ignored on purpose:
    it maps everything to a placeholder box, which is not coverage.
    """
    table = _cmap_bytes(ref)
    (count,) = struct.unpack_from(">H", table, 2)
    covered: set[int] = set()
    for platform, encoding, offset in struct.iter_unpack(">HHI", table[4 : 4 + 8 * count]):
        if not (platform == 0 or (platform == 3 and encoding in (1, 10))):
            continue
        (fmt,) = struct.unpack_from(">H", table, offset)
        if fmt == 4:
            covered |= _format4(table, offset)
        elif fmt == 12:
            covered |= _format12(table, offset)
    return frozenset(covered)


@lru_cache(maxsize=256)
def load_font(ref: FontRef, size: int) -> ImageFont.FreeTypeFont:
    """A FreeType face at a pixel size, laid out by raqm (shaping, bidi, kerning)."""
    return ImageFont.truetype(ref.path, size, index=ref.index, layout_engine=ImageFont.Layout.RAQM)


def _loads_as_emoji(ref: FontRef) -> bool:
    """Whether Pillow can open this emoji font at the emoji strike size."""
    try:
        load_font(ref, EMOJI_PX)
    except OSError:
        return False
    return True


def file_stamp(path: str) -> tuple[int, int]:
    """(size, mtime in ns) of a file: a cheap key that changes when it is rewritten."""
    stat = os.stat(path)
    return stat.st_size, stat.st_mtime_ns


def file_digest(path: str) -> str:
    """sha256 of a file's bytes, recomputed only when its size or mtime changes.

    Long-lived processes (a dev server) thus see an edited logo or font.
    """
    return _file_digest(path, file_stamp(path))


@lru_cache(maxsize=64)
def _file_digest(path: str, _stamp: tuple[int, int]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fonts_fingerprint(fonts_layout: dict) -> str:
    """A hash of the font files a layout would actually use on this machine.

    Optional system fonts change what is drawn when they appear or vanish,
    so card digests include this.
    """
    parts = []
    for role in sorted(fonts_layout):
        for ref in resolve_refs(fonts_layout[role]):
            parts.append(f"{role}:{ref.index}:{file_digest(ref.path)}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _ignorable(ch: str) -> bool:
    """Characters that shape invisibly (joiners, marks of direction, selectors).

    They never decide coverage: a font need not map them for the text to
    draw correctly, because the shaper hides default-ignorable code points.
    """
    cp = ord(ch)
    return unicodedata.category(ch) == "Cf" or cp in _VARIATION_SELECTORS or cp in _TAGS


def _extends(ch: str, cluster: str) -> bool:
    """Whether ch belongs to the cluster before it rather than starting a new one."""
    cp = ord(ch)
    # a space stays alone so it remains a line-break opportunity
    if cluster.isspace():
        return False
    if unicodedata.category(ch) in ("Mn", "Mc", "Me", "Cf"):
        return True
    if cp in _VARIATION_SELECTORS or cp in _SKIN_TONES or cp in _TAGS:
        return True
    if cluster.endswith(_ZWJ):
        return True
    # flags are pairs of regional indicators
    return cp in _REGIONAL_INDICATORS and len(cluster) == 1 and ord(cluster) in _REGIONAL_INDICATORS


def clusters_of(text: str) -> list[str]:
    """Split text into grapheme clusters, enough for font choice and line breaks.

    Keeps combining marks, emoji modifier and ZWJ sequences, keycaps, tag
    sequences and flag pairs together; Hangul is expected precomposed.
    """
    out: list[str] = []
    for ch in text:
        if out and _extends(ch, out[-1]):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def is_emoji(cluster: str) -> bool:
    """Whether a cluster is an emoji (so dropping it is not a missing glyph)."""
    cps = [ord(c) for c in cluster]
    if any(cp == 0xFE0F or cp == _KEYCAP or cp in _SKIN_TONES or cp in _TAGS for cp in cps) or _ZWJ in cluster:
        return True
    return any(cps[0] in block for block in _EMOJI_BLOCKS)


def _forced_emoji(cluster: str) -> bool:
    """Whether a cluster should be drawn as colour emoji even if a text font has it."""
    cps = [ord(c) for c in cluster]
    if 0xFE0F in cps or _KEYCAP in cps or _ZWJ in cluster:
        return True
    return cps[0] in _EMOJI_PRESENTATION


class FontChain:
    """An ordered list of text faces plus an optional colour-emoji face.

    Slots 0..n-1 are the text faces in chain order; EMOJI is the emoji face.
    """

    def __init__(self, refs: tuple[FontRef, ...], emoji: FontRef | None):
        """Build a chain; use `chain_for` to get a cached one."""
        if not refs:
            raise FileNotFoundError("no font of the chain exists on this machine")
        self.refs = refs
        self.emoji = emoji
        # _pick's answers: a card's text is mostly the same few letters
        self._picks: dict[tuple[str, int | None], tuple[int | None, str]] = {}

    def _cover(self, slot: int) -> frozenset[int]:
        """The code points a slot's face has.

        Read when first needed, not when the chain is made: most cards never
        get past the first face, and reading a CJK face's large cmap takes
        tens of milliseconds.
        """
        return coverage(self.emoji if slot == EMOJI else self.refs[slot])

    def _pick(self, cluster: str, previous: int | None) -> tuple[int | None, str]:
        """Choose a slot for a cluster; returns (slot or None, characters left uncovered)."""
        key = (cluster, previous)
        if key not in self._picks:
            self._picks[key] = self._choose(cluster, previous)
        return self._picks[key]

    def _choose(self, cluster: str, previous: int | None) -> tuple[int | None, str]:
        """_pick's answer, worked out."""
        needed = [c for c in cluster if not _ignorable(c)]
        if not needed:
            return None, ""
        cps = [ord(c) for c in needed]
        if self.emoji and _forced_emoji(cluster) and all(cp in self._cover(EMOJI) for cp in cps):
            return EMOJI, ""
        # Spaces and punctuation stay in the running font, so an Arabic or
        # CJK phrase keeps its own spacing and punctuation shapes.
        if (
            previous is not None
            and previous != EMOJI
            and unicodedata.category(needed[0])[0] in "ZP"
            and all(cp in self._cover(previous) for cp in cps)
        ):
            return previous, ""
        for slot in range(len(self.refs)):
            if all(cp in self._cover(slot) for cp in cps):
                return slot, ""
        if self.emoji and all(cp in self._cover(EMOJI) for cp in cps):
            return EMOJI, ""
        for slot in range(len(self.refs)):
            cover = self._cover(slot)
            if cps[0] in cover:
                return slot, "".join(c for c in needed if ord(c) not in cover)
        return None, "".join(needed)

    def itemize(self, text: str) -> tuple[list[Cluster], list[str]]:
        """Give each grapheme cluster of text a font slot.

        Returns the clusters that will be drawn and the characters no font
        covers, in order of first appearance. Clusters nobody can draw are
        left out rather than drawn as boxes; an emoji without an emoji font
        is dropped the same way but is not reported as missing.
        """
        out: list[Cluster] = []
        missing: list[str] = []
        previous = None
        for cluster in clusters_of(text):
            if unicodedata.category(cluster[0])[0] == "M":
                # a mark with no base would be drawn on a dotted circle
                continue
            slot, uncovered = self._pick(cluster, previous)
            if slot is not None:
                out.append(Cluster(cluster, slot))
                previous = slot
            elif is_emoji(cluster):
                uncovered = ""
            for ch in uncovered:
                if ch not in missing:
                    missing.append(ch)
        return out, missing

    def font(self, slot: int, size: int) -> ImageFont.FreeTypeFont:
        """The face for a slot at a pixel size (the emoji face is always EMOJI_PX)."""
        if slot == EMOJI:
            return load_font(self.emoji, EMOJI_PX)
        return load_font(self.refs[slot], size)

    def cap_height(self, size: int) -> int:
        """Height of a capital H in the primary face: where text tops align."""
        return -self.font(0, size).getbbox("H", anchor="ls")[1]

    def advance(self, text: str, slot: int, size: int, rtl: bool, lang: str | None) -> float:
        """Pen advance of a single-font run, in pixels at `size`."""
        return _advance(self._ref(slot), size, text, rtl, lang)

    def box(self, text: str, slot: int, size: int, rtl: bool, lang: str | None) -> tuple[int, int, int, int]:
        """Drawn box of a run relative to its pen origin on the baseline.

        Like Pillow's getbbox: the union of the advance and the ink, so it
        is what `draw` will cover.
        """
        return _box(self._ref(slot), size, text, rtl, lang)

    def draw(self, image: Image.Image, x: int, baseline: int, text: str, slot: int, size: int,
             rtl: bool, lang: str | None, fill) -> tuple[int, int, int, int]:
        """Draw a single-font run with its pen origin at (x, baseline); return its box."""
        if slot == EMOJI:
            tile, (x0, y0, x1, y1) = _emoji_tile(self.emoji, size, text)
            image.paste(tile, (x + x0, baseline + y0), tile)
            return x + x0, baseline + y0, x + x1, baseline + y1
        tile, (x0, y0, x1, y1) = _text_tile(self.refs[slot], size, text, rtl, lang)
        if tile is not None:
            image.paste(fill, (x + x0, baseline + y0), tile)
        return x + x0, baseline + y0, x + x1, baseline + y1

    def _ref(self, slot: int) -> tuple[FontRef, bool]:
        return (self.emoji, True) if slot == EMOJI else (self.refs[slot], False)


@lru_cache(maxsize=1 << 16)
def _advance(ref: tuple[FontRef, bool], size: int, text: str, rtl: bool, lang: str | None) -> float:
    face, emoji = ref
    direction = "rtl" if rtl else "ltr"
    if emoji:
        return load_font(face, EMOJI_PX).getlength(text, direction=direction) * size / EMOJI_PX
    return load_font(face, size).getlength(text, direction=direction, language=lang)


@lru_cache(maxsize=1 << 14)
def _box(ref: tuple[FontRef, bool], size: int, text: str, rtl: bool, lang: str | None) -> tuple[int, int, int, int]:
    face, emoji = ref
    direction = "rtl" if rtl else "ltr"
    if emoji:
        x0, y0, x1, y1 = load_font(face, EMOJI_PX).getbbox(text, anchor="ls", direction=direction)
        scale = size / EMOJI_PX
        return math.floor(x0 * scale), math.floor(y0 * scale), math.ceil(x1 * scale), math.ceil(y1 * scale)
    return load_font(face, size).getbbox(text, anchor="ls", direction=direction, language=lang)


@lru_cache(maxsize=256)
def _text_tile(face: FontRef, size: int, text: str, rtl: bool,
               lang: str | None) -> tuple[Image.Image | None, tuple[int, int, int, int]]:
    """A text run's coverage mask (None if it covers nothing) and its box.

    Pasting a colour through the mask gives the very pixels ImageDraw.text
    would (both blend the colour by the glyph coverage), but a run drawn on
    many cards (the clinic's name, badges, bylines, verdicts) is shaped and
    rasterised only once per process.
    """
    box = _box((face, False), size, text, rtl, lang)
    x0, y0, x1, y1 = box
    if x1 <= x0 or y1 <= y0:
        return None, box
    tile = Image.new("L", (x1 - x0, y1 - y0))
    ImageDraw.Draw(tile).text((-x0, -y0), text, fill=255, font=load_font(face, size), anchor="ls",
                              direction="rtl" if rtl else "ltr", language=lang)
    return tile, box


@lru_cache(maxsize=512)
def _emoji_tile(face: FontRef, size: int, text: str) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """An emoji run drawn at the strike size and scaled to `size`, with its box."""
    font = load_font(face, EMOJI_PX)
    x0, y0, x1, y1 = font.getbbox(text, anchor="ls")
    big = Image.new("RGBA", (x1 - x0, y1 - y0))
    ImageDraw.Draw(big).text((-x0, -y0), text, font=font, anchor="ls", embedded_color=True)
    box = _box((face, True), size, text, False, None)
    return big.resize((box[2] - box[0], box[3] - box[1]), Image.Resampling.LANCZOS), box


@lru_cache(maxsize=32)
def _chain(refs: tuple[FontRef, ...], emoji_refs: tuple[FontRef, ...]) -> FontChain:
    emoji = next((ref for ref in emoji_refs if _loads_as_emoji(ref)), None)
    return FontChain(refs, emoji)


def chain_for(fonts_layout: dict, role: str) -> FontChain:
    """The cached FontChain for a role ("regular" or "bold") of a layout's "fonts"."""
    return _chain(resolve_refs(fonts_layout[role]), resolve_refs(fonts_layout.get("emoji", ())))
