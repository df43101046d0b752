"""The fonts a layout names: which exist here, which characters they have.

A layout names, per role ("regular", "bold"), an ordered list of font files
and, separately, a list of colour-emoji fonts. `fonts_for` turns those lists
into a `Fonts` of the files present on this machine; typeset.py hands them
to Pango, which falls back along them in order.

Coverage comes from the font's own 'cmap' table, read with fontTools, so
that a character no layout font has is left out and reported rather than
drawn as a box (or, through fontconfig, in some other font on this machine
that the card's digest does not cover). The cmap is the font's definitive
character-to-glyph map, so reading it is exact; it is read once per font
file per process (about 0.35 s for the default fonts, most of it the CJK
face's), only by a process that draws cards.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from fontTools.ttLib import TTFont
from PIL import ImageFont

from .layout import resolve_path

# Noto Color Emoji is a CBDT bitmap font with a single 109 px strike, and
# FreeType refuses any other size for it: an emoji font that opens at 109
# is one Pango can draw.
EMOJI_PX = 109

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
class Fonts:
    """One role's fonts ("regular" or "bold"): text faces in layout order, then the emoji face."""

    refs: tuple[FontRef, ...]
    emoji: FontRef | None
    bold: bool

    @property
    def primary(self) -> FontRef:
        """The first text face, whose capital height and descent align the text."""
        return self.refs[0]


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


@lru_cache(maxsize=None)
def coverage(ref: FontRef) -> frozenset[int]:
    """The set of code points the face maps to a real glyph.

    Unions every Unicode subtable of formats 4 (the Basic Multilingual
    Plane) and 12 (all of Unicode), which is what all current Noto and
    system fonts use. Format 13 (many-to-one "last resort" maps) is left out
    on purpose: it maps everything to a placeholder box, which is not
    coverage; so is a code point mapped to glyph 0 (.notdef).
    """
    font = TTFont(ref.path, fontNumber=ref.index, lazy=True)
    notdef = font.getGlyphOrder()[0]
    covered: set[int] = set()
    for table in font["cmap"].tables:
        if table.format in (4, 12) and table.isUnicode():
            covered.update(code for code, glyph in table.cmap.items() if glyph != notdef)
    font.close()
    return frozenset(covered)


@lru_cache(maxsize=256)
def load_font(ref: FontRef, size: int) -> ImageFont.FreeTypeFont:
    """A FreeType face at a pixel size, for its metrics and names (Pango draws the text)."""
    return ImageFont.truetype(ref.path, size, index=ref.index, layout_engine=ImageFont.Layout.BASIC)


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


@lru_cache(maxsize=32)
def _fonts(refs: tuple[FontRef, ...], emoji_refs: tuple[FontRef, ...], bold: bool) -> Fonts:
    if not refs:
        raise FileNotFoundError("no font of the chain exists on this machine")
    return Fonts(refs, next((ref for ref in emoji_refs if _loads_as_emoji(ref)), None), bold)


def fonts_for(fonts_layout: dict, role: str) -> Fonts:
    """The Fonts of a role ("regular" or "bold") of a layout's "fonts"."""
    return _fonts(resolve_refs(fonts_layout[role]), resolve_refs(fonts_layout.get("emoji", ())), role == "bold")
