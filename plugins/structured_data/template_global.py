"""structured_data(): the function includes/structured_data.html calls in the head.

It runs while each page renders, so it sees what every plugin set on the
article by then (the share card among them), whatever their order. It is a
plain module function because Pelican pickles its settings, and so this,
into the content cache.
"""

from jinja2 import pass_context

from . import article_data, site_data
from .site import Site


def items_for(context, site):
    """The JSON-LD items for the page being rendered, chosen from its context."""
    article = context.get("article")
    if article is not None:
        return article_data.blocks(article, site)
    clinician = context.get("clinician")
    if clinician is not None:
        return site_data.clinician_profile(clinician, site)
    if context.get("output_file") == site.home_file:
        return site_data.home(site)
    return []


@pass_context
def structured_data(context):
    """The JSON-LD items of this page (maybe none), for the template to write.

    The template context holds every setting, so the site's facts are read
    from it.
    """
    return items_for(context, Site.from_settings(context))
