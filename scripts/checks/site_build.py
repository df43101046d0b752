"""Build the site exactly as `make html` would, but into a temporary folder.

Pelican runs in this process with the project's settings and plugins, so
check.py reads the facts it needs straight from the article objects the
content model filled in (next_review, sources, title, content), instead of
parsing any header a second time. problem_report is left out: check.py prints
the same problems itself, in its own table.
"""

import contextlib
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.settings import read_settings

from clinic import problems

# Pelican's warnings about a {filename} or {static} link to a missing file;
# the link check reports the same link with its file and line instead.
_LINK_WARNINGS = ("Unable to find", "Cannot get modification stamp")


@dataclass
class Built:
    """What one build produced and found."""

    settings: dict
    output: Path
    problems: list
    articles: list = field(default_factory=list)
    drafts: list = field(default_factory=list)
    withdrawn: list = field(default_factory=list)
    pages: list = field(default_factory=list)
    messages: list = field(default_factory=list)

    def published(self):
        """Every article and page written to the output, drafts included."""
        return self.articles + self.drafts + self.pages


class _Collector(logging.Handler):
    """Keeps the build's log warnings, to list them in the report."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        message = record.getMessage()
        if not message.startswith(_LINK_WARNINGS):
            self.messages.append(" ".join(message.split()))


def build(content, output, settings_file, plugins_to_skip=("problem_report",)):
    """Build `content` into `output`; return a Built with the articles and problems."""
    settings = read_settings(str(settings_file), override={
        "PATH": str(Path(content).resolve()),
        "OUTPUT_PATH": str(Path(output).resolve()),
        # A fresh build every time: a cache could hide what changed since.
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        # Judged as a publish judges (problem_report, the plugin that stops a
        # strict build, is left out, so the check never stops half-way).
        "CLINIC_STRICT": True,
        "DELETE_OUTPUT_DIRECTORY": False,
    })
    settings["PLUGINS"] = [name for name in settings["PLUGINS"] if name not in plugins_to_skip]
    generators = []

    def keep(found):
        generators.extend(found)

    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    signals.all_generators_finalized.connect(keep, weak=False)
    try:
        # Pelican's closing "Done: Processed ..." line is not for this report.
        with contextlib.redirect_stdout(io.StringIO()):
            Pelican(settings).run()
    finally:
        signals.all_generators_finalized.disconnect(keep)
        root.removeHandler(collector)

    built = Built(settings, Path(output), problems.found(), messages=collector.messages)
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            built.articles = generator.articles + generator.translations
            built.drafts = generator.drafts + generator.drafts_translations
            built.withdrawn = list(getattr(generator, "withdrawn_articles", []))
        elif isinstance(generator, PagesGenerator):
            built.pages = generator.pages + generator.translations + generator.hidden_pages
    return built
