"""The search page, written from the theme's search.html on every build."""

from pelican.generators import Generator

from . import settings


class SearchPageGenerator(Generator):
    """Writes the search page (search.html) once."""

    def generate_output(self, writer):
        """Write the search page at SEARCH_SAVE_AS."""
        save_as = settings.get(self.settings, "SEARCH_SAVE_AS")
        if not save_as:
            return
        url = settings.get(self.settings, "SEARCH_URL")
        writer.write_file(
            save_as,
            self.get_template("search"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=url,
            page_name=url.rstrip("/"),
        )
