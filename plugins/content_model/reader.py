"""Pelican's Markdown reader, reading what clinicians really type, and never stopping at it.

The stock reader stops at a file that is not UTF-8, drops a header date it
cannot parse with a traceback, reads `02/12/2026` month first, loses a
header line that starts with a space, and skips an article with no title or
an unknown status with a log line that hides every other problem. This one
cleans what was pasted (typed.py), reads dates only where they cannot be
misread (clinic.dates), and records every problem in the article's metadata
(so they survive Pelican's content cache) with a stand-in value wherever
Pelican needs one to build the object: the content model then reports them
all, runs every other check too, and withdraws the article before anything
is written. It also remembers on which line each header key was written,
and how the writer spelled it.
"""

import re
from datetime import datetime
from pathlib import Path

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from pelican.readers import MarkdownReader
from pelican.utils import slugify

from clinic import dates, kinds, suggest, values
from clinic.problems import ERROR

from . import placeholders, read_ahead, typed

# Python-Markdown's meta extension: `Key: value`, continued by indented lines,
# up to the first blank line.
_KEY_LINE = re.compile(r"^[ ]{0,3}([A-Za-z0-9_-]+):")
_CONTINUATION = re.compile(r"^[ ]{4,}\S")

# Stands in for a date that did not parse, so Pelican can still build the
# object; the content model withdraws the article before anything is written.
PLACEHOLDER_DATE = datetime(1970, 1, 1)
_DATE_KEYS = ("date", "modified")
STATUSES = ("published", "draft", "hidden")
_KNOWN_KEYS = {name.lower(): name for name in kinds.HEADER_FIELDS}
# Fields the kit once read and now refuses, with what replaced them: ignoring
# them silently would leave an article its writer thinks was checked.
_RETIRED_KEYS = {
    "phi_reviewed": ("is no longer used: it cleared every finding of the article at once",
                     "list each text the check found and a clinician confirmed in Phi_cleared (separated by ;) "
                     "and name that clinician in Phi_cleared_by"),
}
# Keys Pelican keeps once however often they are written.
_SINGLE_KEYS = {"title", "date", "modified", "status", "slug", "category", "summary", "lang", "url", "save_as",
                "template"}


def read_header(text):
    """({lowercased key: line number, "_body": first body line}, {lowercased key: key as written}, repeats).

    repeats lists (key as written, first line, line) for keys written twice.
    """
    lines, written, repeats = {}, {}, []
    number = 0
    # Split at "\n" only, as Markdown and editors do: splitlines() would also
    # split inside a title holding U+2028 and lose every header after it.
    for number, line in enumerate(text.split("\n"), start=1):
        if number == 1 and line.strip() == "---":
            continue
        match = _KEY_LINE.match(line)
        if match:
            key = match.group(1).lower()
            if key in lines:
                repeats.append((match.group(1), lines[key], number))
            lines.setdefault(key, number)
            written.setdefault(key, match.group(1))
        elif not (_CONTINUATION.match(line) and lines):
            break
    lines["_body"] = number
    return lines, written, repeats


def header_lines(text):
    """Map each lowercased header key to its line number, and give the body's first line."""
    return read_header(text)[0]


class _NoHeader(Preprocessor):
    """Stands in for the header step in the Markdown that converts header fields: Pelican removes it."""

    def run(self, lines):
        """The lines, unchanged."""
        return lines


class ClinicMarkdownReader(MarkdownReader):
    """A MarkdownReader that records every problem of a file instead of stopping at it.

    Pelican makes a new Markdown for every file (most of a millisecond,
    loading every extension again). This reader keeps two for all its
    files, reset before each use as Python-Markdown provides for: one for
    bodies, which reads the header, and one for the header fields written
    in Markdown (the summary), from which Pelican removes the header step
    each time it converts one.
    """

    _bodies = None
    _fields = None

    def read(self, source_path):
        """Read one Markdown file; problems go into metadata['read_problems'] as
        (line, field, message, fix, severity)."""
        raw = Path(source_path).read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            line = raw[: err.start].count(b"\n") + 1
            problem = (line, "file", f"is not UTF-8 text (byte 0x{raw[err.start]:02X} on this line)",
                       'save it as UTF-8: in your editor choose "Save with encoding" → UTF-8', ERROR)
            return "", {
                "title": Path(source_path).stem,
                "date": PLACEHOLDER_DATE,
                "read_problems": [problem],
                "source_lines": {},
            }
        text, self._problems = typed.clean(text)
        self._source_path = source_path
        converted = read_ahead.take(source_path, raw)
        if converted is None:
            if self._bodies is None:
                self._bodies = Markdown(**self.settings["MARKDOWN"])
            converted = read_ahead.convert(self._bodies, text)
        content, meta = converted
        lines, written, repeats = read_header(text)
        self._lines = lines
        for key in {key for key, _, _ in repeats if key.lower() in _SINGLE_KEYS}:
            meta[key.lower()] = meta[key.lower()][:1]
        metadata = self._parse_metadata(meta)
        metadata["source_lines"] = lines
        metadata["source_keys"] = written
        self._check_keys(written, repeats)
        self._stand_ins(metadata, source_path)
        metadata["read_problems"] = self._problems + [
            (*problem, ERROR) for problem in placeholders.find(text, lines)
        ]
        return content, metadata

    def _parse_metadata(self, meta):
        """Pelican's reading of the header, with its Markdown fields converted by the fields' Markdown."""
        if self._fields is None:
            self._fields = Markdown(**self.settings["MARKDOWN"])
        self._md = self._fields
        self._md.preprocessors.register(_NoHeader(self._md), "meta", 0)
        return super()._parse_metadata(meta)

    def _problem(self, key, message, fix, line=None):
        self._problems.append((line or self._lines.get(key, 1), key, message, fix, ERROR))

    def _check_keys(self, written, repeats):
        for key, shown in written.items():
            if key in _RETIRED_KEYS:
                self._problems.append((self._lines[key], key, *_RETIRED_KEYS[key], ERROR))
            elif key not in _KNOWN_KEYS:
                self._problems.append((self._lines[key], key, "is not a header field, so it is not read",
                                       suggest.hint(shown, kinds.HEADER_FIELDS,
                                                    "see the list of fields in docs/WRITING.md"), ERROR))
        for shown, first, line in repeats:
            self._problems.append((line, shown.lower(), f"is written twice, on lines {first} and {line}",
                                   "keep one of the two lines", ERROR))

    def _stand_ins(self, metadata, source_path):
        """Values Pelican needs to build the article; the missing or bad originals are reported."""
        if not str(metadata.get("title") or "").strip():
            # "is missing" comes from the content model, with the other required fields.
            metadata["title"] = Path(source_path).stem
        if "date" not in metadata and self._is_article(source_path):
            # Pelican skips an article without a date; a page needs none.
            metadata["date"] = PLACEHOLDER_DATE
        status = str(metadata.get("status") or "").strip()
        if status:
            metadata["status"] = status.lower()
            if status.lower() not in STATUSES:
                self._problem("status", f'"{status}" is not a status',
                              suggest.hint(status, STATUSES, "use published, draft or hidden, or leave it out"))
                metadata["status"] = "draft"
        slug = str(metadata.get("slug") or "")
        if "slug" in metadata:
            problem = values.slug_problem(slug.strip(), self.settings["SLUG_REGEX_SUBSTITUTIONS"])
            if problem:
                self._problem("slug", *problem)
                metadata["slug"] = slugify(Path(source_path).stem,
                                           regex_subs=self.settings["SLUG_REGEX_SUBSTITUTIONS"]) or "unreadable"

    def _is_article(self, source_path):
        """True when the file lies in one of the ARTICLE_PATHS folders."""
        try:
            relative = Path(source_path).resolve().relative_to(Path(self.settings["PATH"]).resolve())
        except ValueError:
            return True
        return any(relative.is_relative_to(folder) for folder in self.settings["ARTICLE_PATHS"])

    def process_metadata(self, name, value):
        """Pelican's processing, with dates read by clinic.dates and problems recorded instead of raised."""
        if name in _DATE_KEYS:
            try:
                return dates.read(value)
            except dates.NotADate as problem:
                self._problem(name, problem.message, problem.fix)
                return PLACEHOLDER_DATE
        return super().process_metadata(name, value)
