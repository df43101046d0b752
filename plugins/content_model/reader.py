"""Pelican's Markdown reader, keeping what messages need to point at a line.

The stock reader stops at a file that is not UTF-8 and drops a header date it
cannot parse with a traceback. This one records those as problems in the
article's metadata instead (so they survive Pelican's content cache), and
remembers on which line each header key was written.
"""

import re
from datetime import datetime
from pathlib import Path

from pelican.readers import MarkdownReader

from clinic import dates

from . import placeholders

# Python-Markdown's meta extension: `Key: value`, continued by indented lines,
# up to the first blank line.
_KEY_LINE = re.compile(r"^[ ]{0,3}([A-Za-z0-9_-]+):")
_CONTINUATION = re.compile(r"^[ ]{4,}\S")

# Stands in for a date that did not parse, so Pelican can still build the
# object; the content model withdraws the article before anything is written.
PLACEHOLDER_DATE = datetime(1970, 1, 1)
_DATE_KEYS = ("date", "modified")


def header_lines(text):
    """Map each lowercased header key to its line number, and give the body's first line."""
    lines = {}
    number = 0
    # Split at "\n" only, as Markdown and editors do: splitlines() would also
    # split inside a title holding U+2028 and lose every header after it.
    for number, line in enumerate(text.split("\n"), start=1):
        if number == 1 and line.strip() == "---":
            continue
        match = _KEY_LINE.match(line)
        if match:
            lines.setdefault(match.group(1).lower(), number)
        elif not (_CONTINUATION.match(line) and lines):
            break
    lines["_body"] = number
    return lines


class ClinicMarkdownReader(MarkdownReader):
    """A MarkdownReader that records unreadable files and bad header dates."""

    def read(self, source_path):
        """Read one Markdown file; problems go into metadata['read_problems']."""
        raw = Path(source_path).read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            line = raw[: err.start].count(b"\n") + 1
            problem = (line, "file", f"is not UTF-8 text (byte 0x{raw[err.start]:02X} on this line)",
                       'save it as UTF-8: in your editor choose "Save with encoding" → UTF-8')
            return "", {
                "title": Path(source_path).stem,
                "date": PLACEHOLDER_DATE,
                "read_problems": [problem],
                "source_lines": {},
            }
        self._problems = []
        content, metadata = super().read(source_path)
        metadata["source_lines"] = header_lines(text)
        metadata["read_problems"] = self._problems + placeholders.find(text, metadata["source_lines"])
        return content, metadata

    def process_metadata(self, name, value):
        """Pelican's processing, with unparseable dates recorded instead of raised."""
        try:
            return super().process_metadata(name, value)
        except (ValueError, OverflowError):
            if name not in _DATE_KEYS:
                raise
            self._problems.append((None, name, f'"{value}" is not a date',
                                   dates.FIX))
            return PLACEHOLDER_DATE
