"""The feeds generator: the catalog for templates, and the page listing every feed."""

from pelican.generators import Generator

from . import catalog, writing

ENTRY_TEMPLATE = "includes/feed_entry"
# Set by the kept_pages plugin when it is on.
KEEP_BYTES = "keep_bytes"


class FeedsGenerator(Generator):
    """Lists the feeds once the articles are read; writes feeds/index.html."""

    def generate_context(self):
        """Decide which feeds exist, for the templates' discovery links."""
        feeds = catalog.build(self.context, self.settings)
        self.context["feeds"] = feeds
        writing.remember(feeds, self.settings, self.entry_html, self.keep)

    def entry_html(self, article):
        """The article's HTML as feeds carry it, from the theme's feed_entry template."""
        return self.get_template(ENTRY_TEMPLATE).render(self.context, article=article)

    def keep(self, name, kind, make):
        """The bytes `make()` gives, or, when kept_pages keeps this build's pages and no
        input of the build changed, the bytes the last build kept under `name`."""
        keep_bytes = self.context.get(KEEP_BYTES)
        return make() if keep_bytes is None else keep_bytes(name, kind, make)

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
