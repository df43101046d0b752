"""The template_cache plugin's settings and their defaults, read in this one place.

TEMPLATE_CACHE  folder below CACHE_PATH where compiled templates are kept
                ("templates"; an absolute path is used as it is; "" keeps
                nothing). Like Pelican's content cache, it is kept only with
                CACHE_CONTENT and read only with LOAD_CONTENT_CACHE, so
                `pelican --ignore-cache` compiles every template anew.
"""

DEFAULTS = {"TEMPLATE_CACHE": "templates"}


def get(settings, name):
    """The setting `name`, or its documented default."""
    return settings.get(name, DEFAULTS[name])
