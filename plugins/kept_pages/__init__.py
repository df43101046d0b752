"""kept_pages: a build that changes nothing writes the last build's pages instead of rendering them.

Rendering the templates is most of a warm build, though nothing a page shows
has changed. When every input of the build (inputs.py: the content, theme,
plugins, settings, libraries, the clinic's date and what the build decided
from the clock and the fonts) is as the last build left it, each page is the
same, so the bytes kept from that build (store.py, checked by sha256) are
written in place of rendering it. Any change to any input renders every page
again: a page's own inputs cannot be told apart from the site's (listings,
related articles and neighbours show other articles).

Only the rendering is skipped. The page is written by Pelican's own
Writer.write_file, which makes the folders, refuses to overwrite a page
written earlier in the build and sends content_written (the sitemap listens)
as for a rendered page. The output is a file of its own, never a link into
the cache. Listed after every plugin but problem_report, so that what the key
holds is what the other plugins made. The feeds plugin keeps its files the
same way, through the context's `keep_bytes`, under "feed file: " and the
file's path, so a build that changes nothing makes no feed; the counts
below include those files. One line on stderr says how many pages
were rendered and reused, and which input changed. Settings: settings.py.
"""

import functools
import logging
import sys
from pathlib import Path

from pelican import signals
from pelican.writers import Writer

from clinic import kept_results

from . import inputs, settings
from .store import KeptPages

logger = logging.getLogger(__name__)

# The context entry through which a plugin keeps other files under the same
# key (the feeds plugin's): keep_bytes(name, kind, make).
KEEP_BYTES = "keep_bytes"

# The build in progress: its settings and the date it started, then its kept pages.
_build = {}


class KeptPagesWriter(Writer):
    """Pelican's Writer, rendering a page only when the kept pages do not hold it."""

    pages = None  # set on the subclass made for each build

    def write_file(self, name, template, context, *args, **kwargs):
        """Write as Pelican does, from the kept page when there is one."""
        return super().write_file(name, _Reusing(template, self.pages), context, *args, **kwargs)


class _Reusing:
    """A template whose render() gives the kept page for its output path, or renders and keeps it."""

    def __init__(self, template, pages):
        self.template = template
        self.pages = pages

    def render(self, localcontext):
        return keep_bytes(self.pages, localcontext["output_file"], self.template.name,
                          lambda: self.template.render(localcontext).encode("utf-8")).decode("utf-8")


def keep_bytes(pages, name, kind, make):
    """The bytes kept under `name` and `kind`, or `make()`'s, kept for the next build."""
    data = pages.recall(name, kind)
    if data is None:
        data = make()
        pages.remember(name, kind, data)
    return data


def start(pelican):
    """Note the settings and the clinic's date as the build starts."""
    _build.clear()
    _build.update(conf=pelican.settings, started=inputs.today(pelican.settings))


def prepare(generators):
    """Hash the build's inputs, now that every plugin has made its part of the context."""
    conf = _build.get("conf")
    folder = conf and kept_results.path_for(conf, settings.get(conf, "PAGE_CACHE"), "")
    if folder is None:
        return
    try:
        key = {
            "content": inputs.folder_digest(conf["PATH"]),
            "theme": inputs.folder_digest(conf["THEME"], *conf.get("THEME_TEMPLATES_OVERRIDES", ())),
            "plugins": inputs.folder_digest(*conf.get("PLUGIN_PATHS", ())),
            "settings": inputs.settings_digest(conf),
            "libraries": inputs.libraries_digest(conf),
            "today": [_build["started"], inputs.today(conf)],
            "decisions": inputs.decisions_digest(generators, generators[0].context if generators else {}),
        }
    except inputs.Unkeyable as error:
        logger.warning("kept_pages: the setting %s, so no page is kept and every page is rendered.", error)
        return
    pages = _build["pages"] = KeptPages(Path(folder), key, load=bool(conf.get("LOAD_CONTENT_CACHE")))
    if generators:
        generators[0].context[KEEP_BYTES] = functools.partial(keep_bytes, pages)


def writer(pelican):
    """The writer for this build: reusing kept pages when they are on."""
    pages = _build.get("pages")
    if pages is None:
        return None
    return type("KeptPagesWriter", (KeptPagesWriter,), {"pages": pages})


def finish(pelican):
    """Keep this build's pages for the next and say what was reused."""
    pages = _build.pop("pages", None)
    if pages is None:
        return
    try:
        pages.save()
    except OSError as error:
        # Only the next build's speed depends on the kept pages.
        logger.warning("kept_pages: could not keep the pages in %s: %s", pages.folder, error)
    why = f" (changed: {', '.join(pages.changed)})" if pages.rendered and pages.changed else ""
    print(f"pages: {pages.rendered} rendered, {pages.reused} reused{why}", file=sys.stderr)


def register():
    """Connect to Pelican."""
    signals.initialized.connect(start)
    signals.all_generators_finalized.connect(prepare)
    signals.get_writer.connect(writer)
    signals.finalized.connect(finish)
