"""What each consumer reports for one myth of a publish build: `python tests/consumers/report.py`.

Builds the sample site (content/) with publishconf.py into a temporary
folder, serves it on 127.0.0.1 and prints, for the myth "Childhood vaccines
like the MMR shot cause autism", what open-graph-scraper, metascraper,
rss-parser, @extractus/feed-extractor, @adobe/structured-data-validator and
feed2toot's dry run take from it: the lines a link preview or an auto-post
is made of. Needs `npm ci` in tests/consumers
and the project's .venv (run it with .venv/bin/python).

`--output DIR --myth myths/SLUG/` reads an output folder built before
instead (an older version's build, to compare).
"""

import argparse

import functools
import shutil
import sys
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.request import urlopen

TESTS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TESTS))

import sitebuild  # noqa: E402
from conftest import QuietHandler  # noqa: E402
from test_consumers import feed2toot_posts, read, schema_issues  # noqa: E402

MYTH = "myths/vaccines-do-not-cause-autism/"


def _entry(entries, myth):
    """The myth's entry among a feed's entries."""
    return next(entry for entry in entries if myth in str(entry.get("link") or ""))


def report(base, node, work, myth=MYTH):
    """The lines to print: one consumer's findings per block."""
    page = f"{base}/{myth}"
    og = read(node, "og", page)
    image = (og.get("ogImage") or [{}])[0]
    meta = read(node, "meta", page)
    rss = read(node, "rss", f"{base}/feeds/all.rss.xml")
    rss_item = _entry(rss["items"], myth)
    atom = read(node, "feed", f"{base}/feeds/all.atom.xml")
    atom_entry = _entry(atom["entries"], myth)
    items, issues = schema_issues(node, page)
    social = f"{base}/feeds/social/mastodon.rss"
    # An older build may have no social feed: feed2toot then reads the main one.
    feed, toot = (social, "{title}") if urlopen_ok(social) else (f"{base}/feeds/all.rss.xml", "{title} {link}")
    posts = [post for post in feed2toot_posts(work, feed, toot) if myth in post]
    return [
        "open-graph-scraper",
        f"  ogTitle       {og.get('ogTitle')}",
        f"  twitterTitle  {og.get('twitterTitle')}",
        f"  ogImage       {image.get('url')} ({image.get('width')}x{image.get('height')})",
        f"  ogImage alt   {image.get('alt')}",
        f"  favicon       {og.get('favicon')}",
        "metascraper",
        f"  title         {meta.get('title')}",
        f"  author        {meta.get('author')}",
        f"  image         {meta.get('image')}",
        f"  description   {meta.get('description')}",
        "rss-parser (feeds/all.rss.xml)",
        f"  feed link     {rss.get('link')}",
        f"  item title    {rss_item.get('title')}",
        f"  item creator  {rss_item.get('creator')}",
        f"  enclosure     {(rss_item.get('enclosure') or {}).get('url')}",
        "@extractus/feed-extractor (feeds/all.atom.xml)",
        f"  feed link     {atom.get('link')}",
        f"  entry title   {atom_entry.get('title')}",
        f"  entry link    {atom_entry.get('link')}",
        "@adobe/structured-data-validator",
        f"  types         {', '.join(item['@type'] for item in items)}",
        f"  issues        {'; '.join(f'{i[0]} {i[1]}: {i[2]}' for i in issues) or 'none'}",
        f"feed2toot --dry-run ({feed.removeprefix(base + '/')}, toot = {toot})",
        *(f"  toot          {post}" for post in posts),
    ]


def urlopen_ok(url):
    """True when `url` answers 200."""
    try:
        with urlopen(url, timeout=30) as response:
            return response.status == 200
    except OSError:
        return False


def main(argv=None):
    """Build (or take --output), serve, read and print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, help="an output folder built before, instead of a new build")
    parser.add_argument("--myth", default=MYTH, help="the myth's address below the site, like myths/x/")
    args = parser.parse_args(argv)
    node = shutil.which("node")
    if not node or not (Path(__file__).parent / "node_modules").is_dir():
        print("needs node and `npm ci` in tests/consumers", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        output = args.output
        if output is None:
            site = sitebuild.make_site(Path(folder) / "site", sitebuild.ROOT / "content")
            built = sitebuild.build(site, settings="publishconf.py")
            if built.returncode != 0:
                print(built.stderr, file=sys.stderr)
                return 1
            output = built.output
        handler = functools.partial(QuietHandler, directory=str(output))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            work = Path(folder) / "feed2toot"
            work.mkdir()
            print("\n".join(report(f"http://127.0.0.1:{server.server_port}", node, work, args.myth)))
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
