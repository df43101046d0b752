"""Find the line of an article's source file where a piece of text was written.

Messages point at the line to edit. Header fields have their line already
(`article.source_lines`, kept by the content model); text found in the
rendered body is looked up again in the Markdown source, word by word, so
that Markdown markup, entities or a line break between the words do not hide
it.
"""

import functools
import re
from pathlib import Path

_WORD = re.compile(r"\w+")


class Source:
    """One article's source text, read once, for line lookups."""

    def __init__(self, article):
        self.lines = getattr(article, "source_lines", {}) or {}
        self._path = article.source_path

    @functools.cached_property
    def text(self):
        """The source file's text; read only when a line is asked for, as most articles have none to find."""
        try:
            return Path(self._path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return ""

    @functools.cached_property
    def _starts(self):
        return [0] + [match.end() for match in re.finditer("\n", self.text)]

    def line_of(self, snippet, field="_body"):
        """The first line at or after `field`'s line where `snippet` appears, else that line."""
        start_line = self.lines.get(field) or 1
        if not self.text:
            return start_line
        offset = self._starts[min(start_line, len(self._starts)) - 1]
        exact = self.text.lower().find(snippet.lower(), offset)
        if exact >= 0:
            return self.text.count("\n", 0, exact) + 1
        words = _WORD.findall(snippet)
        if not words:
            return start_line
        # Any run of non-word characters may stand between the words: Markdown
        # emphasis, an escaped dash, a line break.
        pattern = re.compile(r"(?<!\w)" + r"\W*".join(map(re.escape, words)), re.I)
        match = pattern.search(self.text, offset)
        if not match:
            return start_line
        return self.text.count("\n", 0, match.start()) + 1
