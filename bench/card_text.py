"""A share card's title block set by the plugin (Pango through pyvips), by script.

    python bench/card_text.py                  # 72 corpus titles, 5 runs
    python bench/card_text.py --runs 9 --png /tmp/card-text

This measured, side by side, the engine the share cards had (fonts.py's
fallback chains, lines.py's bidi, line breaking and fit, Pillow with raqm)
against Pango through pyvips (the pyvips-binary wheel bundles libvips with
Pango, HarfBuzz, fontconfig and cairo); Pango was as correct on Latin, CJK,
Arabic and emoji titles and faster, so the plugin now sets its text with it
(typeset.py) and the old engine is gone. Its figures stay in RESULTS.md
("Share-card text: the engine before Pango", measured at commit 6c078ef).
Now it measures the plugin's own `typeset.fit`, as render.py calls it for a
title: the layout's title box (x, y, width; height down to the footer rule
less title_gap, as on a card with no claim), bold, max_size down to min_size
by step, at most max_lines lines, the last one ending in "…" when even
min_size does not fit, pasted onto a blank card.

Titles: the corpus's first 72 (bench/corpus.py: every third one is CJK,
Arabic or emoji) grouped by script, plus hard ones from the share-card tests
and beyond (a 300-character title that must end in "…", an emoji ZWJ
sequence, CJK and Japanese that wrap between characters, Javanese that no
layout font has). Times are CPU seconds (time.process_time) per title block,
the median over runs for each title, then the median over the titles of a
group. Each run starts with the set-text caches and libvips's operation
cache empty and the fonts loaded, as in a build's worker process.

Correctness, per title, from the drawn pixels: the size and number of lines
chosen and whether the title was cut with "…"; whether every inked pixel is
inside the title box; for emoji, the pixels of clear colour (the text is
grey, so only colour emoji make them); the characters left out as missing.
--png DIR writes each of those titles drawn, to look at. The table goes into
the "card-text" section of bench/RESULTS.md.
"""

import argparse
import os
import platform
import statistics
import sys
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "plugins"))

import pyvips  # noqa: E402
from PIL import Image, ImageChops  # noqa: E402

import corpus  # noqa: E402
import report  # noqa: E402
from share_cards import typeset  # noqa: E402
from share_cards.fonts import clusters_of, fonts_for, is_emoji  # noqa: E402
from share_cards.layout import merge_layout  # noqa: E402
from share_cards.render import _Painter  # noqa: E402
from share_cards.typeset import ELLIPSIS, first_strong_rtl  # noqa: E402

LAYOUT = merge_layout()
TITLE = LAYOUT["title"]
LEFT, TOP, WIDTH = TITLE["x"], TITLE["y"], TITLE["width"]
HEIGHT = LAYOUT["footer"]["rule_y"] - LAYOUT["footer"]["title_gap"] - TOP
COLOR = LAYOUT["colors"][TITLE["color"]]
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
    if any(unicodedata.east_asian_width(ch) == "W" and unicodedata.category(ch) == "Lo" for ch in title):
        return "CJK"
    return "Latin"


def corpus_titles(n):
    """The first n corpus titles (a myth's card shows its fact as the title)."""
    out = []
    for index in range(n):
        fields = dict(line.split(": ", 1) for line in corpus.article(index)[1].split("\n\n", 1)[0].splitlines())
        out.append(fields.get("Fact") or fields["Title"])
    return out


def blank():
    """A blank card."""
    return Image.new("RGB", (LAYOUT["canvas"]["width"], LAYOUT["canvas"]["height"]), LAYOUT["colors"]["background"])


def draw(title):
    """Set and paste the title block as render.py does; return (card, block)."""
    rtl = first_strong_rtl(title)
    painter = _Painter(LAYOUT, (fonts_for(LAYOUT["fonts"], "regular"), fonts_for(LAYOUT["fonts"], "bold")),
                       rtl, None, None)
    left, width = painter.span(LEFT, WIDTH)
    block = painter.set(title, TITLE["bold"], COLOR, width, HEIGHT,
                        (TITLE["max_size"], TITLE["min_size"], TITLE["step"]), TITLE["max_lines"],
                        TITLE["line_height"])
    painter.block(block, left, width, TOP)
    return painter.image, block


def forget():
    """Empty the set-text caches and libvips's operation cache; fonts stay loaded."""
    typeset.fit.cache_clear()
    typeset.drawable.cache_clear()
    pyvips.cache_set_max(0)


# --- measuring and comparing --------------------------------------------------------

def ink(card):
    """Mask (mode 1) of the pixels that differ from the background."""
    diff = ImageChops.difference(card, blank()).convert("L")
    return diff.point(lambda v: 255 if v > 40 else 0).convert("1")


def inside(mask):
    """Whether every inked pixel lies inside the title box (accents and emoji may rise 20 px above)."""
    box = mask.getbbox()
    return box is None or (LEFT <= box[0] and box[2] <= LEFT + WIDTH and TOP - 20 <= box[1] and box[3] <= TOP + HEIGHT)


def coloured(card):
    """Pixels of clear colour: only colour emoji make them on a grey-text card."""
    hsv = card.convert("HSV")
    saturation, value = hsv.getchannel("S"), hsv.getchannel("V")
    both = ImageChops.multiply(saturation.point(lambda v: 255 if v > 100 else 0),
                               value.point(lambda v: 255 if v > 80 else 0))
    return both.histogram()[-1]


def timings(titles, runs):
    """[median CPU seconds of each title]."""
    samples = [[] for _ in titles]
    for _ in range(runs):
        forget()
        for i, title in enumerate(titles):
            start = time.process_time()
            draw(title)
            samples[i].append(time.process_time() - start)
    return [statistics.median(s) for s in samples]


def check(number, label, title, png_dir):
    """One row of the correctness table (and the drawn title block if asked)."""
    card, block = draw(title)
    mask = ink(card)
    if png_dir:
        card.crop((0, TOP - 30, card.width, TOP + HEIGHT + 10)).save(
            Path(png_dir) / f"{number:02d}-{label.replace(' ', '-')}.png")
    cut = block.text.endswith(ELLIPSIS) and not title.endswith(ELLIPSIS)
    return (label, title, block.size, block.lines, cut, inside(mask), coloured(card), mask.getbbox(), block.missing)


def _ms(values):
    return f"{1000 * statistics.median(values):.1f}" if values else "–"


def table(groups, times, rows, runs):
    """The Markdown of the card-text section."""
    out = [
        f"{sum(g in GROUPS for g in groups)} corpus titles, {runs} runs, {os.cpu_count()} cores shared, "
        f"load average {os.getloadavg()[0]:.2f}; Python {platform.python_version()}, libvips "
        f"{pyvips.version(0)}.{pyvips.version(1)}.{pyvips.version(2)} (pyvips {pyvips.__version__}, "
        f"pyvips-binary). Box {WIDTH}×{HEIGHT} px, bold, {TITLE['max_size']}→{TITLE['min_size']} px, "
        f"≤ {TITLE['max_lines']} lines.",
        "",
        "CPU ms per title block (median over runs, then over titles):",
        "",
        "| titles | n | typeset.fit (Pango) |",
        "|---|---:|---:|",
    ]
    for group in (*GROUPS, "all", *(g for g in groups if g.startswith("hard: "))):
        picked = [times[i] for i, g in enumerate(groups) if g == group or (group == "all" and g in GROUPS)]
        out.append(f"| {group} | {len(picked)} | {_ms(picked)} |")
    out += [
        "",
        "Correctness:",
        "",
        "| kind | title | size px | lines | cut with … | inside the box | colour px | ink box | left out |",
        "|---|---|---:|---:|---|---|---:|---|---|",
    ]
    for label, title, size, lines, cut, fits, colour, box, missing in rows:
        short = title if len(title) <= 48 else title[:45] + "…"
        out.append(f"| {label} | {short} | {size} | {lines} | {'yes' if cut else 'no'} | "
                   f"{'yes' if fits else 'NO'} | {colour if 'emoji' in label else '–'} | {box} | "
                   f"{' '.join(f'U+{ord(ch):04X}' for ch in missing) or '–'} |")
    return "\n".join(out)


def main(argv=None):
    """Measure, check, print, and update bench/RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=72, help="corpus titles (default 72)")
    parser.add_argument("--runs", type=int, default=5, help="runs (default 5)")
    parser.add_argument("--png", help="folder for the drawn title blocks")
    parser.add_argument("--results", default=str(HERE / "RESULTS.md"), help="file to update ('' for none)")
    args = parser.parse_args(argv)

    titles = corpus_titles(args.n)
    hard = list(HARD.items())
    groups = [group_of(title) for title in titles] + [f"hard: {label}" for label, _ in hard]
    draw(titles[0])  # fonts loaded, as in a worker that has drawn a card
    times = timings(titles + [title for _, title in hard], args.runs)
    if args.png:
        Path(args.png).mkdir(parents=True, exist_ok=True)
    shown = [(g, t) for g in GROUPS for t in list(dict.fromkeys(t for t, tg in zip(titles, groups) if tg == g))[:3]]
    rows = [check(n, label, title, args.png) for n, (label, title) in enumerate(shown + hard, 1)]
    text = table(groups, times, rows, args.runs)
    print(text)
    if args.results:
        report.update_section(args.results, "card-text", text)


if __name__ == "__main__":
    main()
