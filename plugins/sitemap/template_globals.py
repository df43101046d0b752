"""What the sitemap plugin gives templates: includes/canonical.html uses both.

They are plain module functions because Pelican pickles its settings, and so
these, into the content cache.
"""

from jinja2 import pass_context

from . import addresses, indexing


@pass_context
def canonical_url(context):
    """This page's address ("" when the page was not written by Pelican's writer).

    SITEURL comes from the page's context: absolute in publish builds; with
    RELATIVE_URLS it is relative to the page, which still resolves to the
    page's one address.
    """
    output_file = context.get("output_file")
    return addresses.page_url(context.get("SITEURL", ""), output_file) if output_file else ""


@pass_context
def page_indexable(context):
    """False on pages of drafts and hidden content, which get a robots noindex."""
    return indexing.shows_published_content(context)


FUNCTIONS = {"canonical_url": canonical_url, "page_indexable": page_indexable}
