"""A share card's title block: today's engine against Pango (issue 21).

    python bench/card_text.py                  # 72 corpus titles, 5 runs
    python bench/card_text.py --runs 9 --png /tmp/card-text

Today's engine is plugins/share_cards/ (fonts.py: fallback chains from the
fonts' cmaps; lines.py: clusters, a reduced bidi, line breaking, the
shrink-then-ellipsis fit; Pillow with raqm shaping each run). The other is
Pango through pyvips (pyvips-binary bundles libvips with Pango, HarfBuzz,
fontconfig and cairo), which itemizes, falls back, shapes, reorders and
breaks lines itself. Both draw the same title block: the layout's title box
(x, y, width; height down to the footer rule less title_gap, as on a card
with no claim), bold, max_size down to min_size by step, at most max_lines
lines of line_height × size, the last one ending in "…" when even min_size
does not fit, in the foreground colour, onto a blank card. The lines a box
allows come from the same arithmetic for both (lines.fit_block's); only
setting the text differs.

Titles: the corpus's first 72 (bench/corpus.py: every third one is CJK,
Arabic or emoji) grouped by script, plus the share-card tests' hard titles
(a 300-character one that must end in "…", an emoji ZWJ sequence) for the
correctness table only. Times are CPU seconds (time.process_time) per title
block, the median over runs for each title, then the median over the titles
of a group. Between runs each engine's per-text caches are emptied (today's
measurement and drawn-run caches, libvips's operation cache) and its fonts
stay loaded, as in a build's worker process.

Correctness, per title, compared in the drawn pixels:

    size, lines, "…"   the font size and line count chosen, and whether the
                       title was cut; both engines should agree
    inside             every inked pixel lies inside the title box
    colour             emoji titles: pixels of clear colour (the text colour
                       is grey, so only colour emoji make them)
    same ink           intersection over union of the two engines' inked
                       pixels: near 1 when both picked the same fonts, shaped,
                       ordered and broke the text alike (Arabic joined and
                       right-to-left is the old engine's tested behaviour)

--png DIR writes each title drawn by both engines, one above the other, to
look at. The table goes into the "card-text" section of bench/RESULTS.md.
"""

import argparse
import os
import platform
import statistics
import sys
import time
import unicodedata
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "plugins"))

import pyvips  # noqa: E402
from PIL import Image, ImageChops  # noqa: E402

import corpus  # noqa: E402
import report  # noqa: E402
from share_cards import fonts, lines, render  # noqa: E402
from share_cards.fonts import chain_for, clusters_of, is_emoji, resolve_refs  # noqa: E402
from share_cards.layout import merge_layout  # noqa: E402
from share_cards.lines import ELLIPSIS, Paragraph, first_strong_rtl, fit_block  # noqa: E402

LAYOUT = merge_layout()
TITLE = LAYOUT["title"]
LEFT, TOP, WIDTH = TITLE["x"], TITLE["y"], TITLE["width"]
HEIGHT = LAYOUT["footer"]["rule_y"] - LAYOUT["footer"]["title_gap"] - TOP
COLOR = LAYOUT["colors"][TITLE["color"]]
SIZES = [*range(TITLE["max_size"], TITLE["min_size"], -max(1, TITLE["step"])), TITLE["min_size"]]
GROUPS = ("Latin", "CJK", "Arabic", "emoji")

# The share-card tests' hard titles (tests/test_share_cards.py), for the
# correctness table: one that must end in "…", emoji sequences and modifiers.
HARD = {
    "long (…)": ("Everything you wanted to know about seasonal allergies, pollen counts, antihistamines, "
                 "nasal sprays, eye drops, immunotherapy, air filters, and when to see your clinician "
                 "about sneezing, itching, wheezing or a blocked nose that will not go away after "
                 "spring has come and gone for the third week, too!"),
    "emoji ZWJ": "Travelling with insulin ✈️💉🧊 what to pack 👩🏽‍⚕️",
    "Arabic + digits": "البرد لا يسبب الزكام: 5 حقائق عن نزلات البرد في 2026",
    # long enough to wrap between ideographs, with a comma and a stop that
    # must not start a line
    "CJK wrapped": ("流感疫苗诊所本周开放，请尽早预约接种。护士会回答你关于疫苗安全、副作用和儿童接种的所有问题，"
                    "也会告诉你哪些人应该先接种。"),
    "Japanese wrapped": "インフルエンザの予防接種は毎年受けるべきですか？よくある質問に看護師がお答えします。",
    # no font of the layout has Javanese: today's engine leaves it out
    "missing (Javanese)": "Staying healthy, ꦱꦼꦲꦠ꧀, in Javanese",
}


def group_of(title):
    """Latin, CJK, Arabic or emoji: the script that makes a title hard."""
    if any(is_emoji(cluster) for cluster in clusters_of(title)):
        return "emoji"
    if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in title):
        return "Arabic"
    if any(lines._is_cjk(ch) for ch in title):
        return "CJK"
    return "Latin"


def corpus_titles(n):
    """The first n corpus titles (a myth's card shows its fact as the title)."""
    out = []
    for index in range(n):
        fields = dict(line.split(": ", 1) for line in corpus.article(index)[1].split("\n\n", 1)[0].splitlines())
        out.append(fields.get("Fact") or fields["Title"])
    return out


def allowed_lines(size):
    """Lines the box allows at `size`, as lines.fit_block works it out."""
    chain = chain_for(LAYOUT["fonts"], "bold")
    cap = chain.cap_height(size)
    descent = chain.font(0, size).getmetrics()[1]
    pitch = round(size * TITLE["line_height"])
    return max(1, min(TITLE["max_lines"], 1 + (HEIGHT - cap - descent) // pitch)), cap


def blank():
    """A blank card."""
    return Image.new("RGB", (LAYOUT["canvas"]["width"], LAYOUT["canvas"]["height"]), LAYOUT["colors"]["background"])


# --- today's engine ------------------------------------------------------------

def old_engine(title):
    """Draw the title block with plugins/share_cards; return (card, size, lines, cut)."""
    rtl = first_strong_rtl(title)
    chains = (chain_for(LAYOUT["fonts"], "regular"), chain_for(LAYOUT["fonts"], "bold"))
    painter = render._Painter(LAYOUT, chains, rtl, None, None)
    paragraph = Paragraph(title, chains[1], None, rtl)
    block = fit_block(paragraph, WIDTH, HEIGHT, TITLE["max_size"], TITLE["min_size"], TITLE["step"],
                      TITLE["max_lines"], TITLE["line_height"])
    left, width = painter.span(LEFT, WIDTH)
    painter.block(paragraph, block, left, width, TOP, COLOR)
    cut = "".join(run.text for run in block.lines[-1].runs).endswith(ELLIPSIS) and not title.endswith(ELLIPSIS)
    return painter.image, block.size, len(block.lines), cut


def old_forget():
    """Empty the old engine's per-text caches; loaded faces and cmaps stay."""
    for cached in (fonts._advance, fonts._box, fonts._text_tile, fonts._emoji_tile, lines.paragraph_of):
        cached.cache_clear()
    for role in ("regular", "bold"):
        chain_for(LAYOUT["fonts"], role)._picks.clear()


# --- Pango through pyvips --------------------------------------------------------

def pango_setup():
    """Give fontconfig the layout's font files; return the font family list.

    vips_text's fontfile adds a file to fontconfig's application fonts once
    per process; the families then name them. The system's CJK and emoji
    fonts are found by fontconfig itself.
    """
    families = []
    for role in ("bold", "emoji"):
        for ref in resolve_refs(LAYOUT["fonts"][role]):
            pyvips.Image.text(".", fontfile=ref.path, dpi=72)
            families.append(_family(ref))
    return ", ".join(dict.fromkeys(families))


def _family(ref):
    """A font file's family name, from the name table (via Pillow)."""
    # a bitmap emoji font opens only at its strike size
    face = fonts.load_font(ref, fonts.EMOJI_PX)
    family = face.getname()[0]
    # A collection's faces share one family; the layout picks the Chinese face.
    return family.replace("CJK JP", "CJK SC")


FAMILIES = None
# Pango units per pixel at 72 dpi.
_PANGO_UNITS = 1024


def _markup(text, size):
    pitch = round(size * TITLE["line_height"])
    # An absolute line height (Pango units, ≥ 1024) gives every line the
    # layout's pitch whatever fonts it falls back to.
    return (f'<span font_desc="{FAMILIES} Bold {size}" line_height="{pitch * _PANGO_UNITS}" '
            f'foreground="{COLOR}">{escape(text)}</span>')


def _set(text, size):
    """vips_text of the text at `size` in the box's width: (image, lines)."""
    image = pyvips.Image.text(_markup(text, size), width=WIDTH, dpi=72, rgba=True, wrap="word-char")
    pitch = round(size * TITLE["line_height"])
    return image, max(1, round((image.yoffset + image.height) / pitch))


@lru_cache(maxsize=64)
def _cap_top(size):
    """How far below the layout's top a capital's top lies at `size` (one line)."""
    return pyvips.Image.text(_markup("H", size), dpi=72, rgba=True).yoffset


def _ellipsized(text, size, allowed):
    """The longest start of text that, ending in "…", sets in `allowed` lines."""
    clusters = clusters_of(text)
    words = [i for i in range(1, len(clusters)) if clusters[i].isspace()]
    for cuts in (words, list(range(1, len(clusters)))):
        low, high, best = 0, len(cuts) - 1, None
        while low <= high:
            middle = (low + high) // 2
            candidate = "".join(clusters[:cuts[middle]]).rstrip() + ELLIPSIS
            image, count = _set(candidate, size)
            if count <= allowed:
                best, low = (image, count), middle + 1
            else:
                high = middle - 1
        if best:
            return best
    return _set(ELLIPSIS, size)


def pango_engine(title):
    """Draw the title block with Pango; return (card, size, lines, cut)."""
    text = " ".join(title.split())
    natural = None
    for size in SIZES:
        allowed, _ = allowed_lines(size)
        if size != SIZES[0] and size != SIZES[-1]:
            # cheap rejection, as fit_block's: longer than all allowed lines
            # together (one unbroken line's width scales with the size)
            natural = natural or pyvips.Image.text(_markup(text, SIZES[0]), dpi=72, rgba=True).width
            if natural * size / SIZES[0] > allowed * WIDTH:
                continue
        image, count = _set(text, size)
        if count <= allowed:
            cut = False
            break
    else:
        image, count = _ellipsized(text, size, allowed)
        cut = True
    card = blank()
    tile = Image.frombuffer("RGBA", (image.width, image.height), image.write_to_memory(), "raw", "RGBA", 0, 1)
    card.paste(tile, (LEFT + image.xoffset, TOP - _cap_top(size) + image.yoffset), tile)
    return card, size, count, cut


def pango_forget():
    """Empty libvips's operation cache (it would replay a title already set)."""
    pyvips.cache_set_max(0)


# --- measuring and comparing --------------------------------------------------------

ENGINES = {"today's engine": (old_engine, old_forget), "Pango (pyvips)": (pango_engine, pango_forget)}


def ink(card):
    """Mask (mode 1) of the pixels that differ from the background."""
    diff = ImageChops.difference(card, blank()).convert("L")
    return diff.point(lambda v: 255 if v > 40 else 0).convert("1")


def inside(mask):
    """Whether every inked pixel lies inside the title box."""
    box = mask.getbbox()
    return box is None or (LEFT <= box[0] and box[2] <= LEFT + WIDTH and TOP - 20 <= box[1] and box[3] <= TOP + HEIGHT)


def coloured(card):
    """Pixels of clear colour: only colour emoji make them on a grey-text card."""
    hsv = card.convert("HSV")
    saturation, value = hsv.getchannel("S"), hsv.getchannel("V")
    both = ImageChops.multiply(saturation.point(lambda v: 255 if v > 100 else 0),
                               value.point(lambda v: 255 if v > 80 else 0))
    return both.histogram()[-1]


def _count(mask):
    return mask.histogram()[-1]


def iou(a, b):
    """Intersection over union of two masks, on 4 × 4 px cells.

    The engines place glyphs a pixel or so apart (rounding of advances and
    hinting), which pixel-exact masks of thin strokes would count as a
    difference; cells of 4 px keep what matters: the same glyphs in the
    same places.
    """
    a, b = (mask.convert("L").reduce(4).point(lambda v: 255 if v else 0).convert("1") for mask in (a, b))
    either = _count(ImageChops.logical_or(a, b))
    return _count(ImageChops.logical_and(a, b)) / either if either else 1.0


def ink_box(mask):
    """The inked pixels' bounding box, (0, 0, 0, 0) if none."""
    return mask.getbbox() or (0, 0, 0, 0)


def timings(titles, runs):
    """{engine: [median CPU seconds of each title]}, engines alternating by run."""
    samples = {name: [[] for _ in titles] for name in ENGINES}
    for _ in range(runs):
        for name, (draw, forget) in ENGINES.items():
            forget()
            for i, title in enumerate(titles):
                start = time.process_time()
                draw(title)
                samples[name][i].append(time.process_time() - start)
    return {name: [statistics.median(s) for s in per_title] for name, per_title in samples.items()}


def compare(number, label, title, png_dir):
    """One row of the correctness table (and a side-by-side PNG if asked)."""
    drawn = {name: draw(title) for name, (draw, _) in ENGINES.items()}
    (old, o_size, o_lines, o_cut), (new, n_size, n_lines, n_cut) = drawn.values()
    old_ink, new_ink = ink(old), ink(new)
    row = {
        "title": title, "group": label,
        "old": (o_size, o_lines, o_cut, inside(old_ink), coloured(old)),
        "new": (n_size, n_lines, n_cut, inside(new_ink), coloured(new)),
        "iou": iou(old_ink, new_ink),
        "boxes": (ink_box(old_ink), ink_box(new_ink)),
    }
    if png_dir:
        crop = (0, TOP - 30, old.width, TOP + HEIGHT + 10)
        pair = Image.new("RGB", (old.width, 2 * (crop[3] - crop[1]) + 4), "#C00000")
        pair.paste(old.crop(crop), (0, 0))
        pair.paste(new.crop(crop), (0, crop[3] - crop[1] + 4))
        pair.save(Path(png_dir) / f"{number:02d}-{label.replace(' ', '-')}.png")
    return row


def _ms(values):
    return f"{1000 * statistics.median(values):.1f}" if values else "–"


def table(titles, groups, times, rows, runs):
    """The Markdown of the card-text section."""
    names = list(ENGINES)
    out = [
        f"{sum(g in GROUPS for g in groups)} corpus titles, {runs} runs, {os.cpu_count()} cores shared, load average "
        f"{os.getloadavg()[0]:.2f}; Python {platform.python_version()}, Pillow {Image.__version__} (raqm), "
        f"libvips {pyvips.version(0)}.{pyvips.version(1)}.{pyvips.version(2)} (pyvips {pyvips.__version__}, "
        f"pyvips-binary). Box {WIDTH}×{HEIGHT} px, bold, {TITLE['max_size']}→{TITLE['min_size']} px, "
        f"≤ {TITLE['max_lines']} lines.",
        "",
        "CPU ms per title block (median over runs, then over titles):",
        "",
        f"| titles | n | {' | '.join(names)} | Pango ÷ today |",
        "|---|---:|---:|---:|---:|",
    ]
    for group in (*GROUPS, "all", *(g for g in groups if g.startswith("hard: "))):
        picked = [i for i, g in enumerate(groups) if g == group or (group == "all" and g in GROUPS)]
        old, new = ([times[name][i] for i in picked] for name in names)
        ratio = statistics.median(new) / statistics.median(old) if old else None
        out.append(f"| {group} | {len(picked)} | {_ms(old)} | {_ms(new)} | "
                   f"{'–' if ratio is None else f'{ratio:.2f}'} |")
    out += [
        "",
        "Correctness (size px / lines / cut with …; inside the box; colour pixels; same ink as today's):",
        "",
        "| kind | title | today | Pango | same ink | ink box today → Pango (x0, y0, x1, y1) |",
        "|---|---|---|---|---:|---|",
    ]
    for row in rows:
        cells = []
        for size, count, cut, fits, colour in (row["old"], row["new"]):
            cells.append(f"{size} / {count} / {'…' if cut else '–'}; {'inside' if fits else 'OVERFLOWS'}"
                         + (f"; {colour} colour px" if row["group"].startswith("emoji") else ""))
        short = row["title"] if len(row["title"]) <= 48 else row["title"][:45] + "…"
        out.append(f"| {row['group']} | {short} | {cells[0]} | {cells[1]} | {row['iou']:.2f} | "
                   f"{row['boxes'][0]} → {row['boxes'][1]} |")
    return "\n".join(out)


def main(argv=None):
    """Measure, compare, print, and update bench/RESULTS.md."""
    global FAMILIES
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=72, help="corpus titles (default 72)")
    parser.add_argument("--runs", type=int, default=5, help="runs per engine (default 5)")
    parser.add_argument("--png", help="folder for side-by-side PNGs (today's above, Pango's below)")
    parser.add_argument("--results", default=str(HERE / "RESULTS.md"), help="file to update ('' for none)")
    args = parser.parse_args(argv)

    FAMILIES = pango_setup()
    titles = corpus_titles(args.n)
    groups = [group_of(title) for title in titles]
    for draw, _ in ENGINES.values():
        draw(titles[0])  # fonts loaded, as in a worker that has drawn a card
    hard = list(HARD.items())
    times = timings(titles + [title for _, title in hard], args.runs)
    if args.png:
        Path(args.png).mkdir(parents=True, exist_ok=True)
    shown = [(g, t) for g in GROUPS for t in list(dict.fromkeys(t for t, tg in zip(titles, groups) if tg == g))[:3]]
    rows = [compare(n, label, title, args.png) for n, (label, title) in enumerate(shown + hard, 1)]
    text = table(titles, groups + [f"hard: {label}" for label, _ in hard], times, rows, args.runs)
    print(text)
    if args.results:
        report.update_section(args.results, "card-text", text)


if __name__ == "__main__":
    main()
