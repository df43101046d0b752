"""Jinja's bytecode cache, handed to every environment Pelican makes."""

from importlib.metadata import version

from jinja2 import FileSystemBytecodeCache

from clinic import kept_results

from . import settings


def use_bytecode_cache(pelican):
    """Put a FileSystemBytecodeCache into JINJA_ENVIRONMENT, unless caches are off
    or the settings already name a bytecode cache."""
    conf = pelican.settings
    options = conf.get("JINJA_ENVIRONMENT", {})
    if not conf.get("LOAD_CONTENT_CACHE") or "bytecode_cache" in options:
        return
    compiled_by = kept_results.key(version("jinja2"), sorted((name, repr(value)) for name, value in options.items()))
    folder = kept_results.path_for(conf, settings.get(conf, "TEMPLATE_CACHE"), compiled_by[:16])
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    # A new dict: the one in the settings may be Pelican's own default.
    conf["JINJA_ENVIRONMENT"] = {**options, "bytecode_cache": FileSystemBytecodeCache(str(folder))}
