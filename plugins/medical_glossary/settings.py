"""The medical glossary's settings and their defaults, read in this one place.

GLOSSARY_FILE   path of the shared glossary, relative to PATH ("glossary.yml").
                A site without the file simply has no shared abbreviations.
"""

DEFAULTS = {
    "GLOSSARY_FILE": "glossary.yml",
}


def get(settings, name):
    """The setting `name`, or its documented default."""
    return settings.get(name, DEFAULTS[name])
