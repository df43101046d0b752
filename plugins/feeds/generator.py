"""The feeds generator: the catalog for templates, and the page listing every feed."""

from pelican.generators import Generator

from . import catalog, writing

ENTRY_TEMPLATE = "includes/feed_entry"
# Set by the kept_pages plugin when it is on.
KEPT_RENDER = "kept_render"


class FeedsGenerator(Generator):
    """Lists the feeds once the articles are read; writes feeds/index.html."""

    def generate_context(self):
        """Decide which feeds exist, for the templates' discovery links."""
        feeds = catalog.build(self.context, self.settings)
        self.context["feeds"] = feeds
        writing.remember(feeds, self.settings, self.entry_html)

    def entry_html(self, article):
        """The article's HTML as feeds carry it, from the theme's feed_entry template.

        When kept_pages keeps this build's pages, it renders the entry too: a
        build whose every input is unchanged writes the last build's entry.
        """
        template = self.get_template(ENTRY_TEMPLATE)
        context = {**self.context, "article": article}
        kept = self.context.get(KEPT_RENDER)
        if kept is None:
            return template.render(context)
        return kept(f"feed entry: {article.save_as}", template, context)

    def generate_output(self, writer):
        """Write the page that lists every feed and what it is for."""
        feeds = self.context["feeds"]
        url = feeds.page_path.removesuffix("index.html")
        writer.write_file(
            feeds.page_path,
            self.get_template("feeds"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=url,
            page_name=url.rstrip("/"),
        )
