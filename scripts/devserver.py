"""Live preview: `make devserver`.

Builds the site, serves it on http://HOST:PORT (127.0.0.1 unless HOST=0.0.0.0
lets a phone on the same network in) and watches content/, the theme, the
plugins and the settings. On every save it rebuilds, printing any problems
as `make html` does but those of the saved file first, and the open browser
tab reloads by itself, through livereload. At the address of an article the
build left out for its errors, the browser gets a page listing those errors,
not the copy an earlier build left in the output folder.

livereload's own server adds an inline <script> to each page, which the
site's Content-Security-Policy (script-src 'self') blocks; this server adds
<script src="/livereload.js"> instead, a same-origin file the policy allows.

The search index comes last: each build leaves Pagefind's input in a folder
of this process (site_search's SEARCH_INDEX_LATER) unless its index is in
the cache, and this process runs Pagefind once the tab has reloaded
(SearchIndex). It runs one build at a time and stops a Pagefind still
running before the next, so no two writers ever share the output folder.
"""

import argparse
import errno
import html
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.server import LiveScriptInjector
from livereload.watcher import get_watcher_class
from tornado import web
from tornado.ioloop import IOLoop, PeriodicCallback

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from site_search import later  # noqa: E402

# Editor and Python droppings that are not changes to the site.
_IGNORED_SUFFIXES = (".pyc", ".swp", ".swx", ".tmp", "~")
_IGNORED_PARTS = ("__pycache__", ".git")


def build(content, output, settings, problems_file, saved=None, search_folder=None):
    """Build the site as `make html` does, print what it said; return Pelican's exit code.

    With `search_folder`, the build leaves Pagefind's input there instead of
    running it (SEARCH_INDEX_LATER), so the tab reloads as soon as the pages
    are written (SearchIndex runs Pagefind afterwards). The problems go to
    `problems_file` too (problem_report's PROBLEMS_FILE), for the problems
    pages; those of `saved`, the file just saved, are printed first.
    """
    command = [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", str(settings),
               "-e", f"PROBLEMS_FILE={json.dumps(str(problems_file))}"]
    if search_folder is not None:
        command.append(f"SEARCH_INDEX_LATER={json.dumps(str(search_folder))}")
    done = subprocess.run(command, check=False, capture_output=True, text=True)
    print(done.stdout, end="", flush=True)
    mine = [problem["text"] for problem in Problems(problems_file).of(saved)] if saved else []
    if mine:
        print(f"Problems in {mine[0].split(':', 1)[0]}, the file you saved:", file=sys.stderr)
        for line in mine:
            print(f"  {line}", file=sys.stderr)
    print(done.stderr, end="", file=sys.stderr, flush=True)
    return done.returncode


class Problems:
    """The last build's problems, as problem_report wrote them (PROBLEMS_FILE)."""

    def __init__(self, path):
        try:
            self.data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {"problems": [], "addresses": {}}

    def of(self, source):
        """The problems of one source file (any path to it)."""
        wanted = Path(source).resolve()
        return [p for p in self.data["problems"] if Path(p["path"]).resolve() == wanted]

    def at_address(self, address):
        """(displayed path, its problems) of the article left out at `address`, or None."""
        address = address.strip("/")
        for path, url in self.data["addresses"].items():
            if url.strip("/") == address or url.strip("/") == address.removesuffix("/index.html").strip("/"):
                return path, [p for p in self.data["problems"] if p["path"] == path]
        return None


def problems_page(path, found):
    """A page listing an article's problems; every value escaped."""
    items = "\n".join(
        f'<li class="{html.escape(p["severity"])}"><strong>{html.escape(p["severity"])}</strong> '
        f'line {p["line"]}, {html.escape(p["field"])}: {html.escape(p["message"])} — '
        f'<em>{html.escape(p["fix"])}</em></li>'
        for p in found
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Problems in {html.escape(path)}</title></head><body>"
        f"<h1>This article is left out of the site until its problems are fixed</h1>"
        f"<p>{html.escape(path)}: fix these, save, and this page reloads by itself.</p>"
        f'<ul class="problems">{items}</ul></body></html>'
    )


def shown(path):
    """A path relative to the project when it lies below it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except (TypeError, ValueError):
        return str(path)


def ignored(path):
    """True for files whose change should not trigger a rebuild."""
    path = Path(path)
    return (path.name.endswith(_IGNORED_SUFFIXES) or path.name.startswith((".#", "#"))
            or any(part in _IGNORED_PARTS for part in path.parts))


def watched(content, settings):
    """What a writer or designer may change: content, theme, plugins, settings."""
    return [Path(content), ROOT / "theme", ROOT / "plugins", Path(settings)]


class SiteHandler(StaticFileHandler):
    """The built site, except at the address of an article left out for its errors."""

    def initialize(self, path, default_filename=None, problems_file=None):
        super().initialize(path, default_filename)
        self.problems_file = problems_file

    async def get(self, path, include_body=True):
        left_out = Problems(self.problems_file).at_address(path)
        if left_out is None:
            return await super().get(path, include_body)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.problems_page = True
        self.write(problems_page(*left_out))
        return None

    problems_page = False

    def compute_etag(self):
        """No etag for a problems page: it changes with every build, not with a file."""
        return None if self.problems_page else super().compute_etag()


def application(output, port, problems_file):
    """The web app: the built site, with the livereload script added to each page."""

    class AddLiveReload(LiveScriptInjector):
        script = f'<script src="/livereload.js?port={port}"></script>'.encode()

    return web.Application(
        [
            (r"/livereload", LiveReloadHandler),
            (r"/livereload.js", LiveReloadJSHandler),
            (r"/(.*)", SiteHandler, {"path": str(output), "default_filename": "index.html",
                                     "problems_file": str(problems_file)}),
        ],
        transforms=[AddLiveReload],
    )


class SearchIndex:
    """Pagefind on what the last build left in `folder`, run by this process once the tab has reloaded."""

    # How often the loop looks whether Pagefind has finished.
    POLL_MS = 100

    def __init__(self, folder):
        self.folder = folder
        self.pending = None
        self._poll = None

    def stop(self):
        """Stop a Pagefind still running: the next build comes first."""
        if self._poll is not None:
            self._poll.stop()
            self._poll = None
        if self.pending is not None:
            self.pending.abandon()
            self.pending = None

    def start_after_reload(self):
        """Start Pagefind on the next turn of the loop, after the reload this build triggers."""
        IOLoop.current().add_callback(self._start)

    def _start(self):
        if self.pending is not None:
            return
        self.pending = later.start(self.folder)
        if self.pending is not None:
            self._poll = PeriodicCallback(self._check, self.POLL_MS)
            self._poll.start()

    def _check(self):
        if self.pending.running():
            return
        self._poll.stop()
        self._poll = None
        pending, self.pending = self.pending, None
        try:
            pending.finish()
        except RuntimeError as error:
            print(f"The search index could not be made: {error}", file=sys.stderr, flush=True)
            return
        print(f"Search index: {pending.pages} pages indexed; the search page is up to date.", flush=True)


def serve(content, output, settings, port, host="127.0.0.1"):
    """Build once, then serve and rebuild on every change until Ctrl+C."""
    with tempfile.TemporaryDirectory(prefix="clinic-preview-") as folder:
        return _serve(content, output, settings, port, host, Path(folder) / "problems.json",
                      SearchIndex(Path(folder) / "search"))


def _serve(content, output, settings, port, host, problems_file, search):
    build(content, output, settings, problems_file, search_folder=search.folder)
    search.start_after_reload()
    watcher = get_watcher_class()()

    def rebuild():
        print(f"{shown(watcher.filepath)} changed: rebuilding...", flush=True)
        search.stop()
        build(content, output, settings, problems_file, saved=watcher.filepath, search_folder=search.folder)
        search.start_after_reload()

    for path in watched(content, settings):
        watcher.watch(str(path), rebuild, ignore=ignored)
    LiveReloadHandler.watcher = watcher
    LiveReloadHandler.live_css = True
    # livereload skips a reload within 3 s of the last one, to calm bursts of
    # saves. Here each reload follows a finished rebuild, one at a time, so a
    # skipped one would leave the tab showing the previous version.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
    try:
        application(output, port, problems_file).listen(port, address=host)
    except OSError as err:
        if err.errno != errno.EADDRINUSE:
            raise
        print(f"Port {port} is already in use (another preview?). Stop it, or run: make devserver PORT={port + 1}",
              file=sys.stderr)
        return 1
    print(f"Preview: http://127.0.0.1:{port}/ — save a file and the page reloads. Press Ctrl+C to stop.",
          flush=True)
    if host != "127.0.0.1":
        print(f"On a phone on the same network, open http://<this computer's address>:{port}/ "
              "(anyone on the network can see the preview while it runs).", flush=True)
    LiveReloadHandler.start_tasks()
    try:
        IOLoop.current().start()
    except KeyboardInterrupt:
        print("\nPreview stopped.")
    finally:
        search.stop()
    return 0


def main(argv=None):
    """Command line for `make devserver`."""
    parser = argparse.ArgumentParser(description="Live preview that rebuilds on save.")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--output", type=Path, default=ROOT / "preview")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on; 0.0.0.0 lets other devices on the network in")
    args = parser.parse_args(argv)
    return serve(args.content, args.output, args.settings, args.port, args.host)


if __name__ == "__main__":
    sys.exit(main())
