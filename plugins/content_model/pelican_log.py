"""Pelican's own warnings about content, turned into clinicians' messages.

Pelican logs what it finds wrong with a file ("Could not process x.md",
"{filename} used for linking to static content …") as a bare log line, and a publish
(`--fatal errors`) turns an error line into a traceback that hides every other
problem. A filter on Pelican's loggers catches each such record: one the
content model already reports better is dropped, any other naming a content
file becomes a problem at that file, in the `path:line: field: what — fix`
format. A record the filter drops is never logged, so it never stops the build.
"""

import logging
import os
from pathlib import Path

from clinic import problems

_LOGGERS = ("pelican", "pelican.contents", "pelican.generators", "pelican.readers", "pelican.utils",
            "pelican.writers", "pelican.urlwrappers")
# Reported by the content model with file, line and a fix (reader.py,
# link_targets.py, duplicate_addresses), or by the images plugin (alt text):
# Pelican's lines would only repeat them.
_REPORTED_ELSEWHERE = (
    "Empty alt attribute for image %s in %s",
    "Unable to find '%s', skipping url replacement.",
    "Duplicate definition of `%s` for %s. Using first one.",
    "Skipping %s: could not find information about '%s'",
    "Unknown status '%s' for file %s, skipping it. (Not in %s)",
)
_DUPLICATES = ("There are %s items", "There are %s original (not translated) items")
# Pelican's message → (field, message, fix) for a problem at the file it names.
_KNOWN = {
    "Could not process %s": ("file", "could not be read", "check the header: one 'Key: value' per line, "
                             "then an empty line, then the text; or pass this message on to whoever "
                             "looks after the blog"),
    "Skipping %s: file %r would be written outside output path": (
        "save_as", "would be written outside the site", "remove the Save_as or URL line"),
    "{filename} used for linking to static content %s in %s. Use {static} instead": (
        "link", "links to an image or file with {filename}", "write {static} instead of {filename}"),
}


class ContentWarnings(logging.Filter):
    """Turns Pelican's records about content files into problems; keeps every other record."""

    root = Path(".")

    def filter(self, record):
        template = str(record.msg)
        if template in _REPORTED_ELSEWHERE or template.startswith(_DUPLICATES):
            return False
        known = _KNOWN.get(template)
        path = self._content_path(record.args)
        if known is None or path is None:
            return True
        field, message, fix = known
        severity = problems.WARNING if record.levelno < logging.ERROR else problems.ERROR
        problems.report(path, 1, field, message, fix, severity)
        return False


    def _content_path(self, args):
        """The first argument that names an existing file (relative ones below the content
        folder), as a path; None when none does."""
        for arg in args if isinstance(args, tuple) else (args,):
            text = os.fspath(arg) if isinstance(arg, (str, os.PathLike)) else str(arg)
            for path in (Path(text), self.root / text):
                try:
                    if text and path.is_file():
                        return path
                except OSError:  # a long message is no file name
                    continue
        return None


_FILTER = ContentWarnings()


def listen(content_root):
    """Put the filter on Pelican's loggers, once; content_root: where relative paths start."""
    _FILTER.root = Path(content_root)
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
