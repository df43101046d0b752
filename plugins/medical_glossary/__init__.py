"""medical_glossary: medical abbreviations that explain themselves.

Reads the shared glossary (content/glossary.yml, see glossary.py) once per
build and hands it to Python-Markdown's `abbr` extension (markdown_config.py),
so every "BP" in every article becomes <abbr title="blood pressure">BP</abbr>:
shown on hover, and available to screen readers. Articles are re-rendered when
the glossary changes (freshness.py). Settings: settings.py.

It runs at `initialized`, before Pelican creates its readers, which is when
the MARKDOWN setting is read. The entries in use are also left in the
MEDICAL_GLOSSARY setting ({abbreviation: meaning}) for templates.
"""

from pathlib import Path

from pelican import signals

from . import freshness, glossary, markdown_config, settings


def install(pelican):
    """Load the glossary and put it into the MARKDOWN setting for this build."""
    conf = pelican.settings
    entries = glossary.load(Path(conf["PATH"]) / settings.get(conf, "GLOSSARY_FILE"))
    conf["MARKDOWN"] = markdown_config.with_glossary(conf["MARKDOWN"], entries)
    conf["MEDICAL_GLOSSARY"] = entries
    freshness.skip_stale_cache(conf, entries)


def remember(pelican):
    """After a build, note which glossary the content cache holds."""
    freshness.remember(pelican.settings, pelican.settings.get("MEDICAL_GLOSSARY", {}))


def register():
    """Connect the glossary to Pelican's signals."""
    signals.initialized.connect(install)
    signals.finalized.connect(remember)
