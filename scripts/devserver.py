"""Live preview: `make devserver`.

Builds the site, serves it on http://127.0.0.1:PORT and watches content/,
the theme, the plugins and the settings. On every save it rebuilds (printing
any problems, exactly as `make html` does) and the open browser tab reloads
by itself, through livereload.

livereload's own server adds an inline <script> to each page, which the
site's Content-Security-Policy (script-src 'self') blocks; this server adds
<script src="/livereload.js"> instead, a same-origin file the policy allows.
"""

import argparse
import errno
import subprocess
import sys
from pathlib import Path

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.server import LiveScriptInjector
from livereload.watcher import get_watcher_class
from tornado import web
from tornado.ioloop import IOLoop

ROOT = Path(__file__).resolve().parent.parent
# Editor and Python droppings that are not changes to the site.
_IGNORED_SUFFIXES = (".pyc", ".swp", ".swx", ".tmp", "~")
_IGNORED_PARTS = ("__pycache__", ".git")


def build(content, output, settings):
    """Build the site as `make html` does; return Pelican's exit code.

    The search index is left to a process that makes it after the build
    (site_search, SEARCH_INDEX_WAIT), so the tab reloads as soon as the
    pages are written and the search catches up a few seconds later.
    """
    command = [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", str(settings),
               "-e", "SEARCH_INDEX_WAIT=false"]
    return subprocess.run(command, check=False).returncode


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


def application(output, port):
    """The web app: the built site, with the livereload script added to each page."""

    class AddLiveReload(LiveScriptInjector):
        script = f'<script src="/livereload.js?port={port}"></script>'.encode()

    return web.Application(
        [
            (r"/livereload", LiveReloadHandler),
            (r"/livereload.js", LiveReloadJSHandler),
            (r"/(.*)", StaticFileHandler, {"path": str(output), "default_filename": "index.html"}),
        ],
        transforms=[AddLiveReload],
    )


def serve(content, output, settings, port):
    """Build once, then serve and rebuild on every change until Ctrl+C."""
    build(content, output, settings)
    watcher = get_watcher_class()()

    def rebuild():
        print(f"{shown(watcher.filepath)} changed: rebuilding...", flush=True)
        build(content, output, settings)

    for path in watched(content, settings):
        watcher.watch(str(path), rebuild, ignore=ignored)
    LiveReloadHandler.watcher = watcher
    LiveReloadHandler.live_css = True
    # livereload skips a reload within 3 s of the last one, to calm bursts of
    # saves. Here each reload follows a finished rebuild, one at a time, so a
    # skipped one would leave the tab showing the previous version.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
    try:
        application(output, port).listen(port, address="127.0.0.1")
    except OSError as err:
        if err.errno != errno.EADDRINUSE:
            raise
        print(f"Port {port} is already in use (another preview?). Stop it, or run: make devserver PORT={port + 1}",
              file=sys.stderr)
        return 1
    print(f"Preview: http://127.0.0.1:{port}/ — save a file and the page reloads. Press Ctrl+C to stop.",
          flush=True)
    LiveReloadHandler.start_tasks()
    try:
        IOLoop.current().start()
    except KeyboardInterrupt:
        print("\nPreview stopped.")
    return 0


def main(argv=None):
    """Command line for `make devserver`."""
    parser = argparse.ArgumentParser(description="Live preview that rebuilds on save.")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--output", type=Path, default=ROOT / "output")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    return serve(args.content, args.output, args.settings, args.port)


if __name__ == "__main__":
    sys.exit(main())
