"""Live preview: `make devserver`.

Builds the site, serves it on http://HOST:PORT (127.0.0.1 unless HOST=0.0.0.0
lets a phone on the same network in) and watches content/, the theme the
settings name, the plugins and the settings (watchfiles: inotify, no polling).

On a save of one article, its own page is written first and the open tab
reloads with it, well under a second on a thousand-article site; then the
whole site is built (listings, feeds, share cards, sitemap) and the tab
reloads again; the search index comes last. The page written first is the
very page the full build writes: the build process (scripts/preview_builder.py)
keeps the last full build in memory and reads the saved file through the same
reader and plugin signals. Any other change (a new or deleted file, the
clinicians or glossary file, the theme, the settings, a plugin, an error in
the saved article, or new tags, date, category, authors or address, which
move it in listings) is built whole before the tab reloads. A changed plugin
starts a new build process, since its code must be imported anew.

Problems are printed as `make html` prints them, those of the saved file
first. At the address of an article the build left out for its errors, the
browser gets a page listing those errors, not the copy an earlier build left
in the output folder.

livereload's own server adds an inline <script> to each page, which the
site's Content-Security-Policy (script-src 'self') blocks; this server adds
<script src="/livereload.js"> instead, a same-origin file the policy allows.

The search index: each build leaves Pagefind's input in a folder of this
process (site_search's SEARCH_INDEX_LATER) unless its index is in the cache,
and this process runs Pagefind once the tab has reloaded (SearchIndex). One
job runs at a time, and a Pagefind still running is stopped before the next
build, so no two writers ever share the output folder.
"""

import argparse
import errno
import functools
import html
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.server import LiveScriptInjector
from pelican.settings import read_settings
from tornado import web
from tornado.ioloop import IOLoop, PeriodicCallback
from tornado.websocket import WebSocketClosedError
from watchfiles import awatch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from site_search import later  # noqa: E402

# Editor and Python droppings that are not changes to the site.
_IGNORED_SUFFIXES = (".pyc", ".swp", ".swx", ".tmp", "~")
_IGNORED_PARTS = ("__pycache__", ".git")


class Builder:
    """The build process (scripts/preview_builder.py): full builds, and a saved article's page first.

    It keeps the last full build in memory, which is what lets it write one
    article's page in a fraction of a second. It runs one job at a time, so
    no two writers ever share the output folder.
    """

    def __init__(self, content, output, settings, problems_file, search_folder):
        self.command = [sys.executable, str(ROOT / "scripts" / "preview_builder.py"), str(content), "-o", str(output),
                        "-s", str(settings), "-e", f"PROBLEMS_FILE={json.dumps(str(problems_file))}",
                        f"SEARCH_INDEX_LATER={json.dumps(str(search_folder))}"]
        self.process = None
        self.start()

    def start(self):
        """Start a build process (again: after a plugin changed, its code must be imported anew)."""
        self.stop()
        self.process = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, encoding="utf-8")

    def stop(self):
        """Let the build process end."""
        if self.process is not None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def ask(self, **job):
        """Run one job (do="build", or do="page" with path=) and return its answer."""
        try:
            self.process.stdin.write(json.dumps(job) + "\n")
            self.process.stdin.flush()
            line = self.process.stdout.readline()
        except OSError:
            line = ""
        if not line:
            self.start()
            return {"written": False, "returncode": 1, "stdout": "",
                    "stderr": "The build stopped unexpectedly; it was started again. Save the file again.\n"}
        return json.loads(line)


def report(answer, problems_file, saved=None):
    """Print what a build said, the problems of `saved` (the file just saved) first; return its exit code.

    The problems come from `problems_file` (problem_report's PROBLEMS_FILE),
    which the problems pages read too.
    """
    print(answer["stdout"], end="", flush=True)
    mine = [problem["text"] for problem in Problems(problems_file).of(saved)] if saved else []
    if mine:
        print(f"Problems in {mine[0].split(':', 1)[0]}, the file you saved:", file=sys.stderr)
        for line in mine:
            print(f"  {line}", file=sys.stderr)
    print(answer["stderr"], end="", file=sys.stderr, flush=True)
    return answer["returncode"]


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
    """What a writer or designer may change: content, the theme the settings name, plugins, settings."""
    theme = read_settings(str(settings), override={"PATH": str(content)})["THEME"]
    return [Path(content), Path(theme), ROOT / "plugins", Path(settings)]


def below(path, folder):
    """True when `path` lies in `folder`."""
    return Path(path).resolve().is_relative_to(Path(folder).resolve())


def reload_tabs(path):
    """Tell every open tab to reload (livereload.js's "reload" command)."""
    message = {"command": "reload", "path": str(path), "liveCSS": True, "liveImg": True}
    for waiter in list(LiveReloadHandler.waiters):
        try:
            waiter.write_message(message)
        except WebSocketClosedError:
            LiveReloadHandler.waiters.discard(waiter)


class Rebuilds:
    """Saves become builds, one at a time; saves made meanwhile are built together next."""

    def __init__(self, builder, search, problems_file, content):
        self.builder = builder
        self.search = search
        self.problems_file = problems_file
        self.content = content
        self.changed = set()
        self.busy = False

    def add(self, paths):
        """Files changed: build now, or after the build under way."""
        self.changed |= set(paths)
        if not self.busy:
            self.busy = True
            IOLoop.current().spawn_callback(self._run)

    async def _run(self):
        try:
            while self.changed:
                paths, self.changed = sorted(self.changed), set()
                await self._rebuild(paths)
        finally:
            self.busy = False

    async def _ask(self, **job):
        # In a thread, so that the tab reloaded after the article's page can fetch it while the rest builds.
        return await IOLoop.current().run_in_executor(None, functools.partial(self.builder.ask, **job))

    async def _rebuild(self, paths):
        saved = paths[0]
        print(f"{shown(saved)} changed: rebuilding...", flush=True)
        self.search.stop()
        if any(below(path, ROOT / "plugins") for path in paths):
            self.builder.start()
        elif len(paths) == 1 and below(saved, self.content):
            answer = await self._ask(do="page", path=str(saved))
            if answer["written"]:
                print(f"{shown(saved)}: its page is up to date; building the rest of the site...", flush=True)
                reload_tabs(saved)
        report(await self._ask(do="build"), self.problems_file, saved)
        reload_tabs(saved)
        self.search.start_after_reload()


async def watch(paths, rebuilds):
    """Hand every batch of changes to `rebuilds`, as they happen (inotify, through watchfiles)."""
    async for changes in awatch(*paths, watch_filter=lambda _change, path: not ignored(path)):
        rebuilds.add(Path(path) for _change, path in changes)


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
        problems_file, search = Path(folder) / "problems.json", SearchIndex(Path(folder) / "search")
        builder = Builder(content, output, settings, problems_file, search.folder)
        try:
            return _serve(content, output, settings, port, host, problems_file, search, builder)
        finally:
            search.stop()
            builder.stop()


def _serve(content, output, settings, port, host, problems_file, search, builder):
    report(builder.ask(do="build"), problems_file)
    search.start_after_reload()
    try:
        application(output, port, problems_file).listen(port, address=host)
    except OSError as err:
        if err.errno != errno.EADDRINUSE:
            raise
        print(f"Port {port} is already in use (another preview?). Stop it, or run: make devserver PORT={port + 1}",
              file=sys.stderr)
        return 1
    rebuilds = Rebuilds(builder, search, problems_file, content)
    IOLoop.current().spawn_callback(watch, watched(content, settings), rebuilds)
    print(f"Preview: http://127.0.0.1:{port}/ — save a file and the page reloads. Press Ctrl+C to stop.",
          flush=True)
    if host != "127.0.0.1":
        print(f"On a phone on the same network, open http://<this computer's address>:{port}/ "
              "(anyone on the network can see the preview while it runs).", flush=True)
    try:
        IOLoop.current().start()
    except KeyboardInterrupt:
        print("\nPreview stopped.")
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
