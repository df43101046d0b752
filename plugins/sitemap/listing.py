"""The pages this build wrote that belong in the sitemap, noted as Pelican writes them.

Noting what is written (rather than walking output/) keeps pages left over
from earlier preview builds, such as a since-withdrawn article, out of the
sitemap.
"""

from . import freshness, indexing, settings

_listed = {}


def start(generators):
    """Forget the previous build's pages (the devserver rebuilds in one process)."""
    _listed.clear()


def note_written(path, context):
    """Record one written HTML page, with its lastmod, if it may be indexed."""
    output_file = context.get("output_file") or ""
    if not output_file.endswith(".html"):
        return
    if (
        indexing.excluded(output_file, settings.get(context, "SITEMAP_EXCLUDE"))
        or not indexing.shows_published_content(context)
        or indexing.says_noindex(path)
    ):
        _listed.pop(output_file, None)
        return
    _listed[output_file] = freshness.last_modified(context)


def listed():
    """{output file: lastmod or None} for every page to list."""
    return dict(_listed)
