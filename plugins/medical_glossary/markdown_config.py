"""Give Python-Markdown's `abbr` extension the shared glossary.

The `extra` extension already loads `abbr`, taking its options from its own
configuration; only when `extra` is off is `abbr` added by itself. An
abbreviation an article defines (`*[BP]: blood pressure`) still wins over the
glossary for that article.
"""

_EXTRA = ("markdown.extensions.extra", "extra")
_ABBR = "markdown.extensions.abbr"


def with_glossary(markdown, glossary):
    """A copy of the MARKDOWN setting whose `abbr` extension knows `glossary`."""
    configs = dict(markdown.get("extension_configs", {}))
    extra = next((name for name in _EXTRA if name in configs), None)
    if extra:
        options = dict(configs[extra])
        options["abbr"] = {**options.get("abbr", {}), "glossary": glossary}
        configs[extra] = options
    else:
        configs[_ABBR] = {**configs.get(_ABBR, {}), "glossary": glossary}
    return {**markdown, "extension_configs": configs}
