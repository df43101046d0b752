"""What a phone downloads for a story with four 12-megapixel photos, and their build time (issue 17).

The corpus's story gets four phone photos (photos.py), built as `make html` builds: cold, then
cached (new output, caches kept), interleaved with the same site without them (README.md); the
story is opened in Chromium at 375 × 812, DPR 1 and 2, scrolled down, its image bytes summed.
"""

import argparse
import functools
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import photos  # noqa: E402
import report  # noqa: E402

PHOTOS = 4
STORY = 2  # the corpus's first patient story
CHROMIUM = "/usr/bin/chromium"


def site_with_photos(site, with_photos=True):
    """The corpus, with four phone photos in its story; returns (story's slug, bytes of the originals)."""
    content = corpus.generate(site, 4)
    relative, text = corpus.article(STORY)
    header, body = text.split("\n\n", 1)
    original = 0
    if with_photos:
        (content / "images").mkdir()
        lines = []
        for number in range(1, PHOTOS + 1):
            original += len(photos.phone_photo(content / "images" / f"photo-{number}.jpg", seed=number))
            lines.append(f"![Photo {number} of the walk, three months on]({{static}}/images/photo-{number}.jpg)")
        body = body + "\n\n" + "\n\n".join(lines) + "\n"
        header += "\nPhoto_consent: yes"
    (content / relative).write_text(header + "\n\n" + body, encoding="utf-8")
    return next(line.split(": ", 1)[1] for line in header.splitlines() if line.startswith("Slug: ")), original


def build(site, output):
    """(wall, CPU) seconds of one `make html`-style build of `site`; stops on a failed build."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pelican", "content", "-o", output, "-s", str(ROOT / "pelicanconf.py"),
                           "--cache-path", str(site / ".cache")], cwd=site, capture_output=True, text=True)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        sys.exit(f"build failed:\n{done.stderr[-3000:]}")
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def cold_and_cached(site):
    """A build with no caches, then one into a new output with the caches it left."""
    for folder in (".cache", "output", "again"):
        shutil.rmtree(site / folder, ignore_errors=True)
    return build(site, "output"), build(site, "again")


_Quiet = type("_Quiet", (SimpleHTTPRequestHandler,), {"log_message": lambda *args: None})  # no line per request


def downloaded(output, path, scale):
    """Bytes of the image responses of `path` in Chromium at 375 × 812 and this DPR, scrolled to the bottom."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    responses = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 375, "height": 812}, device_scale_factor=scale)
            # The built site loads nothing from other hosts; the production address in its links is not asked.
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
            page.on("response", lambda response: responses.append(response))
            page.goto(base + path, wait_until="load")
            # Step by step, as a reader scrolls, so each lazy picture is asked for as it nears the screen.
            while page.evaluate("scrollY + innerHeight < document.body.scrollHeight - 1"):
                page.mouse.wheel(0, 600)
                page.wait_for_timeout(100)
            page.wait_for_load_state("networkidle")
            images = {r.url: len(r.body()) for r in responses if r.request.resource_type == "image" and r.ok}
            chosen = page.evaluate("[...document.querySelectorAll('img[alt^=\"Photo \"]')].map(img => img.currentSrc)")
            browser.close()
    finally:
        server.shutdown()
    return images, chosen


def timing(runs, index, name):
    """One row of the build table: medians of (with, without) photos and their difference over PHOTOS."""
    figures = [statistics.median(run[with_photos][index][kind] for run in runs) for with_photos in (1, 0) for kind in (0, 1)]
    figures += [(figures[kind] - figures[kind + 2]) / PHOTOS for kind in (0, 1)]
    return f"| {name} | " + " | ".join(f"{value:.2f}" for value in figures) + " |"


def main(argv=None):
    """Build, measure, print and write the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--results", default=str(HERE / "RESULTS.md"))
    parser.add_argument("--runs", type=int, default=3, help="figures are the median of this many")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="clinic-bench-images-") as work:
        plain, site = Path(work) / "plain", Path(work) / "site"
        site_with_photos(plain, with_photos=False)
        slug, original = site_with_photos(site)
        # Interleaved, so a change in the machine's load falls on both alike.
        runs = [(cold_and_cached(plain), cold_and_cached(site)) for _ in range(args.runs)]
        story = next((site / "output").glob(f"*/{slug}/index.html")).parent.relative_to(site / "output")
        pages = {scale: downloaded(site / "output", f"/{story}/", scale) for scale in (1, 2)}
    rows = []
    for scale, (images, chosen) in pages.items():
        variants = ", ".join(sorted({url.rsplit("-", 1)[-1] for url in chosen}))
        rows.append(f"| 375 px, DPR {scale} | {len(images)} | {sum(images.values()) / 1e3:,.0f} KB "
                    f"| {sum(images.get(url, 0) for url in chosen) / 1e3:,.0f} KB ({len(chosen)} × {variants}) "
                    f"| {original / 1e6:.1f} MB | {original / max(sum(images.values()), 1):,.0f}× |")
    text = f"""## Images ({time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())})

A patient story with {PHOTOS} phone photos of 4032 × 3024 (12 MP) in the four-article corpus; the page in
headless Chromium at 375 × 812, scrolled to the bottom (`make bench-images`, bench/images.py).

| phone | images fetched | bytes fetched (all images) | of which the photos (variant chosen) | the originals | smaller by |
|---|--:|--:|--:|--:|--:|
{chr(10).join(rows)}

Builds, median of {args.runs} runs (load average {os.getloadavg()[0]:.2f} at the end; the machine is shared):

| build | wall s | CPU s | without photos: wall s | CPU s | per image: wall s | CPU s |
|---|--:|--:|--:|--:|--:|--:|
{chr(10).join(timing(runs, index, name) for index, name in enumerate(("cold (no caches)", "cached (new output)")))}
"""
    print(text)
    report.update_section(args.results, "images", text)


if __name__ == "__main__":
    main()
