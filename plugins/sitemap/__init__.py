"""sitemap: sitemap.xml, robots.txt and a canonical link on every page.

Every HTML page Pelican writes in this build is listed (listing.py), except
the "not found" page, pages of drafts and hidden content, and pages that ask
robots not to index them. Each entry's lastmod is the newest `updated` of
the articles the page shows (freshness.py). templates/includes/canonical.html
prints the canonical link, absolute in publish builds (SITEURL), and a robots
noindex on drafts and hidden pages. Settings: settings.py.
"""

from pathlib import Path

from pelican import signals

from . import addresses, files, listing, settings, template_globals


def give_templates_functions(pelican):
    """Make canonical_url() and page_indexable() available to every template."""
    pelican.settings.setdefault("JINJA_GLOBALS", {}).update(template_globals.FUNCTIONS)


def write_files(pelican):
    """Write sitemap.xml and robots.txt for the pages this build wrote."""
    conf = pelican.settings
    root = addresses.site_root(conf.get("SITEURL", ""), settings.get(conf, "SITEMAP_PREVIEW_SITEURL"))
    entries = [
        (f"{root}/{addresses.page_path(output_file)}", lastmod)
        for output_file, lastmod in listing.listed().items()
    ]
    output = Path(pelican.output_path)
    sitemap_as = settings.get(conf, "SITEMAP_SAVE_AS")
    (output / sitemap_as).parent.mkdir(parents=True, exist_ok=True)
    (output / sitemap_as).write_bytes(files.sitemap_xml(entries))
    robots = files.robots_txt(f"{root}/{addresses.page_path(sitemap_as)}")
    (output / settings.get(conf, "ROBOTS_SAVE_AS")).write_text(robots, encoding="utf-8")


def register():
    """Connect the sitemap to Pelican's signals."""
    signals.initialized.connect(give_templates_functions)
    signals.all_generators_finalized.connect(listing.start)
    signals.content_written.connect(listing.note_written)
    signals.finalized.connect(write_files)
