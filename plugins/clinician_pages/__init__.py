"""clinician_pages: a page per clinician in the registry.

Pelican's author pages only know people who wrote something; a clinic also
needs pages for its reviewers, showing credentials and both lists (articles
written, articles reviewed). The content model fills those lists.

Settings (defaults): CLINICIAN_SAVE_AS ("clinicians/{slug}/index.html"); the
URL is AUTHOR_URL, so Pelican's own author links point at these pages.
"""

from pelican import signals
from pelican.generators import Generator

DEFAULT_SAVE_AS = "clinicians/{slug}/index.html"


class ClinicianPagesGenerator(Generator):
    """Writes clinician.html once for each clinician in the registry."""

    def generate_output(self, writer):
        """Write every clinician's page."""
        template = self.get_template("clinician")
        save_as = self.settings.get("CLINICIAN_SAVE_AS", DEFAULT_SAVE_AS)
        for clinician in self.context.get("clinicians", []):
            writer.write_file(
                save_as.format(slug=clinician.slug),
                template,
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=clinician.url,
                clinician=clinician,
                page_name=clinician.url.rstrip("/"),
            )


def add_generator(pelican):
    """Hand Pelican the generator."""
    return ClinicianPagesGenerator


def register():
    """Connect to Pelican."""
    signals.get_generators.connect(add_generator)
