"""Turning a string into measured, positioned lines of single-font runs.

The steps are: normalise whitespace; itemize into clusters with fonts
(fonts.FontChain); resolve a simplified Unicode bidi embedding level per
cluster; find line-break opportunities; wrap greedily by measured pixel
width; and, per line, group clusters into runs of one font and one
direction and put the runs in visual order.

The bidi resolution is a reduced UAX #9 without explicit embeddings: strong
letters, European numbers following Latin (W7), numbers counting as
right-to-left for neutrals (N1), neutrals between two strong characters of
one direction taking it and all others the paragraph's (N1/N2), levels per
I1/I2, and reordering per L2. That is exact for titles that are wholly
right-to-left or wholly left-to-right with embedded words or numbers of the
other direction, which is what a card draws. raqm then shapes each run.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .fonts import Cluster, FontChain

ELLIPSIS = "\u2026"

# Collapse any whitespace except the no-break spaces, whose point is to glue.
_WHITESPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")

# U+2007 (figure space) is left out: like U+00A0 it exists not to break.
_BREAKABLE_SPACES = {
    " ", "\u1680", "\u205f", "\u3000",
    *map(chr, range(0x2000, 0x2007)), *map(chr, range(0x2008, 0x200B)),
}

_CJK_RANGES = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x31FF),  # Bopomofo, Hangul compatibility jamo, Katakana extension
    (0x3200, 0x4DBF),  # enclosed, compatibility, extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xA960, 0xA97F),  # Hangul Jamo extended A
    (0xAC00, 0xD7FF),  # Hangul syllables, Jamo extended B
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE30, 0xFE4F),  # compatibility forms
    (0xFF00, 0xFFEF),  # half- and full-width forms
    (0x20000, 0x3FFFF),  # supplementary ideographic planes
)

# Characters a line must not start with / end with (the common kinsoku set).
_NO_BREAK_BEFORE = set(
    "、。，．：；？！）］｝〕〉》」』】〙〗〟’”｠»ー々〻ゝゞヽヾ・…‥"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
    ",.:;?!)]}%"
)
_NO_BREAK_AFTER = set("（［｛〔〈《「『【〘〖〝‘“｟«([{")


def _is_cjk(ch: str) -> bool:
    cp = ord(ch)
    # most card text is Latin, below every CJK range: answer it without the scan
    return cp >= _CJK_RANGES[0][0] and any(lo <= cp <= hi for lo, hi in _CJK_RANGES)


def is_rtl_language(lang: str | None) -> bool | None:
    """True/False for a language tag written right/left to left, None if no tag."""
    if not lang:
        return None
    primary = lang.replace("_", "-").split("-")[0].lower()
    return primary in {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi"}


def first_strong_rtl(text: str) -> bool:
    """Whether the first strongly directional character is right-to-left (UAX #9 P2)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False


@dataclass(frozen=True)
class Run:
    """Text drawn with one font in one direction, at pen x from the line's left."""

    text: str
    slot: int
    rtl: bool
    x: int


@dataclass(frozen=True)
class Line:
    """Runs in visual order and their drawn box relative to (left pen, baseline)."""

    runs: tuple[Run, ...]
    box: tuple[int, int, int, int]

    @property
    def width(self) -> int:
        """Horizontal extent of the drawn box."""
        return self.box[2] - self.box[0]


@dataclass(frozen=True)
class Block:
    """Lines of one text element at one font size, with vertical metrics."""

    size: int
    lines: tuple[Line, ...]
    cap: int
    pitch: int
    descent: int
    missing: tuple[str, ...]

    @property
    def height(self) -> int:
        """From the capital height of the first line to the descent of the last."""
        if not self.lines:
            return 0
        return self.cap + (len(self.lines) - 1) * self.pitch + self.descent

    @property
    def width(self) -> int:
        """Widest line's drawn width."""
        return max((line.width for line in self.lines), default=0)


def _levels(clusters: list[Cluster], rtl: bool) -> list[int]:
    """Embedding level per cluster: 0/2 left-to-right, 1 right-to-left."""
    kinds = []
    for cluster in clusters:
        kind = unicodedata.bidirectional(cluster.text[0])
        kinds.append("R" if kind in ("R", "AL") else kind if kind in ("L", "EN", "AN") else "N")
    last_strong = "R" if rtl else "L"
    for i, kind in enumerate(kinds):
        if kind in ("L", "R"):
            last_strong = kind
        elif kind == "EN" and last_strong == "L":
            kinds[i] = "L"
    # numbers act as right-to-left when resolving the neutrals around them
    strong = ["R" if kind in ("EN", "AN") else kind for kind in kinds]
    edge = "R" if rtl else "L"
    i = 0
    while i < len(strong):
        if strong[i] != "N":
            i += 1
            continue
        j = i
        while j < len(strong) and strong[j] == "N":
            j += 1
        before = strong[i - 1] if i else edge
        after = strong[j] if j < len(strong) else edge
        for k in range(i, j):
            kinds[k] = before if before == after else edge
        i = j
    levels = []
    for kind in kinds:
        if kind == "R":
            levels.append(1)
        elif kind == "L":
            levels.append(2 if rtl else 0)
        else:
            levels.append(2)
    return levels


def _break_before(previous: str, current: str) -> bool:
    """Whether a line may start at `current` after `previous` (cluster texts)."""
    if current in _BREAKABLE_SPACES:
        return False
    if previous in _BREAKABLE_SPACES:
        return True
    if current[0] in _NO_BREAK_BEFORE or previous[-1] in _NO_BREAK_AFTER:
        return False
    return _is_cjk(previous[0]) or _is_cjk(current[0])


class Paragraph:
    """One text element ready for wrapping: clusters, levels and break units."""

    def __init__(self, text: str, chain: FontChain, lang: str | None, rtl: bool):
        """Itemize `text` for `chain`; `rtl` is the paragraph's base direction."""
        self.chain = chain
        self.lang = lang
        self.rtl = rtl
        clusters, self.missing = chain.itemize(_WHITESPACE.sub(" ", text).strip())
        # a dropped cluster (emoji without an emoji font) must not leave a
        # double or dangling space behind
        self.clusters = []
        for cluster in clusters:
            space = cluster.text in _BREAKABLE_SPACES
            if space and (not self.clusters or self.clusters[-1].text in _BREAKABLE_SPACES):
                continue
            self.clusters.append(cluster)
        while self.clusters and self.clusters[-1].text in _BREAKABLE_SPACES:
            self.clusters.pop()
        self.levels = _levels(self.clusters, rtl)
        starts = [0] + [
            i for i in range(1, len(self.clusters))
            if _break_before(self.clusters[i - 1].text, self.clusters[i].text)
        ]
        # a unit is (first cluster, end of its content, end including trailing spaces)
        self.units = []
        for start, end in zip(starts, starts[1:] + [len(self.clusters)]):
            if start == end:
                continue
            content_end = end
            while content_end > start and self.clusters[content_end - 1].text in _BREAKABLE_SPACES:
                content_end -= 1
            self.units.append((start, content_end, end))

    def _runs(self, start: int, end: int) -> list[tuple[str, int, int]]:
        """Clusters [start, end) grouped into logical (text, slot, level) runs."""
        runs: list[tuple[str, int, int]] = []
        for cluster, level in zip(self.clusters[start:end], self.levels[start:end]):
            if runs and runs[-1][1] == cluster.slot and runs[-1][2] == level:
                runs[-1] = (runs[-1][0] + cluster.text, cluster.slot, level)
            else:
                runs.append((cluster.text, cluster.slot, level))
        return runs

    def advance(self, start: int, end: int, size: int) -> float:
        """Summed pen advance of clusters [start, end) at `size`."""
        return sum(
            self.chain.advance(text, slot, size, level % 2 == 1, self.lang)
            for text, slot, level in self._runs(start, end)
        )

    def line(self, start: int, end: int, size: int) -> Line:
        """Lay out clusters [start, end) as one line, trailing spaces dropped."""
        while end > start and self.clusters[end - 1].text in _BREAKABLE_SPACES:
            end -= 1
        runs = self._runs(start, end)
        # L2: reverse every maximal sequence at or above each level, highest first
        top = max((level for _, _, level in runs), default=0)
        for floor in range(top, 0, -1):
            i = 0
            while i < len(runs):
                if runs[i][2] < floor:
                    i += 1
                    continue
                j = i
                while j < len(runs) and runs[j][2] >= floor:
                    j += 1
                runs[i:j] = runs[i:j][::-1]
                i = j
        placed = []
        pen = 0.0
        left = top_y = right = bottom = 0
        for n, (text, slot, level) in enumerate(runs):
            rtl = level % 2 == 1
            x = round(pen)
            x0, y0, x1, y1 = self.chain.box(text, slot, size, rtl, self.lang)
            if n == 0:
                left, top_y, right, bottom = x + x0, y0, x + x1, y1
            else:
                left, top_y = min(left, x + x0), min(top_y, y0)
                right, bottom = max(right, x + x1), max(bottom, y1)
            placed.append(Run(text, slot, rtl, x))
            pen += self.chain.advance(text, slot, size, rtl, self.lang)
        return Line(tuple(placed), (left, top_y, right, bottom))

    def wrap(self, size: int, width: int, max_lines: int) -> tuple[list[tuple[int, int, Line]], bool]:
        """Greedy wrap into at most max_lines lines no wider than `width`.

        Returns (start cluster, end cluster, Line) per line and whether all
        the text fit. A unit too wide for a line on its own is broken between
        clusters, as the only way to keep it inside the card.
        """
        units = []
        for start, content_end, end in self.units:
            if self.advance(start, content_end, size) <= width:
                units.append((start, content_end, end))
            else:
                units.extend((i, i + 1, i + 1) for i in range(start, content_end - 1))
                units.append((content_end - 1, content_end, end))
        lines: list[tuple[int, int, Line]] = []
        u = 0
        while u < len(units) and len(lines) < max_lines:
            first = u
            pen = 0.0
            while u < len(units):
                start, content_end, _ = units[u]
                gap = self.advance(units[u - 1][1], start, size) if u > first else 0.0
                grown = pen + gap + self.advance(start, content_end, size)
                if u > first and grown > width:
                    break
                pen = grown
                u += 1
            # advances ignore ink overhang, so check the real drawn box
            line = self.line(units[first][0], units[u - 1][1], size)
            while line.width > width and u - 1 > first:
                u -= 1
                line = self.line(units[first][0], units[u - 1][1], size)
            lines.append((units[first][0], units[u - 1][1], line))
        return lines, u == len(units)

    def ellipsized(self, start: int, end: int, size: int, width: int) -> Line:
        """Clusters [start, end) cut so that, ending in an ellipsis, they fit `width`.

        Cuts at a break opportunity when one leaves the line non-empty,
        otherwise between clusters.
        """
        unit_ends = {content_end for _, content_end, _ in self.units if start < content_end <= end}
        for cut in sorted(unit_ends, reverse=True) + list(range(end - 1, start, -1)):
            text = "".join(c.text for c in self.clusters[start:cut]).rstrip() + ELLIPSIS
            candidate = Paragraph(text, self.chain, self.lang, self.rtl)
            line = candidate.line(0, len(candidate.clusters), size)
            if line.width <= width:
                return line
        return Paragraph(ELLIPSIS, self.chain, self.lang, self.rtl).line(0, 1, size)


@lru_cache(maxsize=256)
def paragraph_of(text: str, chain: FontChain, lang: str | None, rtl: bool) -> Paragraph:
    """Paragraph(text, chain, lang, rtl), kept for the text every card repeats.

    A Paragraph is never changed once made, so the clinic's name, badges,
    bylines and verdicts are itemized once per process, not once per card.
    """
    return Paragraph(text, chain, lang, rtl)


def fit_block(paragraph: Paragraph, width: int, height: int, max_size: int, min_size: int,
              step: int, max_lines: int, line_height: float) -> Block:
    """Lay out a paragraph in a width x height box, shrinking the font to fit.

    Tries sizes from max_size down to min_size in `step` px steps; the first
    size at which everything fits in the allowed lines wins. If none does,
    the text is set at min_size and its last line ends with an ellipsis.
    At least one line is always set, even if `height` is smaller.
    """
    chain = paragraph.chain
    sizes = list(range(max_size, min_size, -max(1, step))) + [min_size]
    for size in sizes:
        cap = chain.cap_height(size)
        pitch = round(size * line_height)
        descent = chain.font(0, size).getmetrics()[1]
        allowed = max(1, min(max_lines, 1 + (height - cap - descent) // pitch))
        last = size == min_size
        # cheap rejection: the text is longer than all allowed lines together
        if not last and paragraph.advance(0, len(paragraph.clusters), size) > allowed * width:
            continue
        wrapped, complete = paragraph.wrap(size, width, allowed)
        if complete or last:
            break
    lines = [line for _, _, line in wrapped]
    if not complete:
        start, end, _ = wrapped[-1]
        lines[-1] = paragraph.ellipsized(start, end, size, width)
    return Block(size, tuple(lines), cap, pitch, descent, tuple(paragraph.missing))
