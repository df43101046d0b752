"""Milliseconds per share card, cold and warm (issue 5).

    python bench/cards.py            # 200 cards from the benchmark corpus
    python bench/cards.py -n 1000 --workers 2

The cards are those of the synthetic corpus (bench/corpus.py: Latin, CJK,
Arabic and emoji titles, myths with claims and verdicts), described from
its headers as the plugin describes articles. Three figures, each the
plugin's own code path without the rest of Pelican:

    one process   render_card() alone, one card after another, after one
                  warm-up card (fonts loaded), in this process
    cold          share_cards.batch.Batch with an empty cache: every card drawn
                  by the process pool, then copied into an empty output
    warm          the same cards again with the cache full and the output as the
                  cold run left it (as in a second `make html`): nothing drawn;
                  and "warm, new output" with an empty output (as in `make publish`,
                  which builds into a fresh folder)

Each step gives wall time per card (cold uses all the pool's workers at once)
and CPU time per card, this process and the pool's workers together, which
varies less on a busy machine. Timing belongs here, never in the tests.
"""

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "plugins"))

import corpus  # noqa: E402
from clinic import dates, kinds  # noqa: E402
from share_cards.batch import Batch  # noqa: E402
from share_cards.describe import CardMaker  # noqa: E402
from share_cards.render import render_card  # noqa: E402

SITE_NAME = "Elm Creek Family Clinic"


class _Header:
    """Just enough of an article, from a corpus header, for CardMaker.describe."""

    def __init__(self, text):
        fields = dict(line.split(": ", 1) for line in text.split("\n\n", 1)[0].splitlines())
        self.title = fields["Title"]
        self.headline = fields.get("Fact") or self.title
        self.slug = fields["Slug"]
        self.lang = None
        self.kind = kinds.BY_CATEGORY[fields["Category"]]
        self.claim = fields.get("Claim")
        self.verdict = kinds.VERDICTS[fields["Verdict"].lower()] if "Verdict" in fields else None
        credentials = {name: creds for name, creds, _, _ in corpus.CLINICIANS}
        self.author_clinicians = [_Author(fields["Authors"], credentials[fields["Authors"]])]
        self.reviewed_on = dates.parse(fields["Reviewed_on"], "America/Chicago")


class _Author:
    """A clinician as far as a byline needs one."""

    def __init__(self, name, credentials):
        self.display = f"{name}, {credentials}"


def headers(n):
    """The corpus's first n articles, as far as a card needs them."""
    return [_Header(corpus.article(index)[1]) for index in range(n)]


def cards(articles):
    """The cards of those articles, described as the plugin describes them."""
    maker = CardMaker(SITE_NAME, "", "cards", {}, {})
    return [maker.describe(article) for article in articles]


def cpu_seconds():
    """CPU time so far of this process and of the worker processes it has reaped."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


class Timer:
    """Wall and CPU seconds per item of whatever runs inside `with`."""

    def __init__(self, items):
        self.items = max(1, items)

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), cpu_seconds()
        return self

    def __exit__(self, *_):
        self.wall = (time.perf_counter() - self.wall) / self.items
        self.cpu = (cpu_seconds() - self.cpu) / self.items


def one_process(deck):
    """Timer of drawing one card after another in this process."""
    render_card(deck[0].text, deck[0].layout)
    with Timer(len(deck) - 1) as timer:
        for card in deck[1:]:
            render_card(card.text, card.layout)
    return timer


def through_batch(deck, cache, output, workers):
    """(Timer, note) for one pass of the plugin's batch."""
    with Timer(len(deck)) as timer:
        batch = Batch(cache, workers, cache_days=30)
        for card in deck:
            batch.add(card)
        outcome = batch.finish(output, "cards")
    return timer, f"{outcome.rendered} rendered, {outcome.reused} reused"


def main(argv=None):
    """Measure and print a small Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="cards (default 200)")
    parser.add_argument("--workers", type=int, default=0, help="pool size (default: one per core)")
    args = parser.parse_args(argv)

    articles = headers(args.n)
    with Timer(args.n) as describe:
        deck = cards(articles)
    rows = [("describe + digest (no drawing)", describe, "")]
    with tempfile.TemporaryDirectory(prefix="bench-cards-") as scratch:
        cache, output = Path(scratch) / "cache", Path(scratch) / "output"
        rows.append(("one process, render_card only", one_process(deck), ""))
        rows.append(("cold: empty cache, pool", *through_batch(deck, cache, output, args.workers)))
        rows.append(("warm: cache full, output kept", *through_batch(deck, cache, output, args.workers)))
        shutil.rmtree(output)
        rows.append(("warm, new output", *through_batch(deck, cache, output, args.workers)))
        sizes = [path.stat().st_size for path in (output / "cards").iterdir()]

    workers = args.workers or os.cpu_count()
    print(f"{args.n} cards, {workers} worker(s), {os.cpu_count()} core(s), "
          f"load average {os.getloadavg()[0]:.2f}; card size {min(sizes) // 1024}-{max(sizes) // 1024} KB, "
          f"mean {sum(sizes) // len(sizes) // 1024} KB\n")
    print("| step | wall ms per card | CPU ms per card | |\n|---|---:|---:|---|")
    for name, timer, note in rows:
        print(f"| {name} | {timer.wall * 1000:.1f} | {timer.cpu * 1000:.1f} | {note} |")


if __name__ == "__main__":
    main()
