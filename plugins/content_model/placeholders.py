"""Find the fill-in-the-blank text that `make new` writes into a new article.

A placeholder is text in double square brackets, such as
`[[Your name, exactly as in content/clinicians.yml]]`. Until the writer
replaces every one, the article is not published. Double brackets mean nothing
in Markdown or HTML, so a placeholder is never taken for a link or a tag (it
may hold an example link: `[[Like this: [NHS](https://www.nhs.uk/)]]`).
"""

import re

PATTERN = re.compile(r"\[\[.+?\]\](?!\])")
FIX = "replace it, brackets included, with your own text"
# Half of a placeholder, left when only part of one was deleted.
_HALF = re.compile(r"\[\[|\]\]")
_HALF_FIX = "delete what is left of the placeholder, brackets included"


def find(text, header_lines):
    """Each placeholder left in `text`, as a read problem (line, field, message, fix).

    `header_lines` maps header keys to their line (reader.header_lines); a
    placeholder on a header line is reported against that key, any other
    against "body".
    """
    body_starts = header_lines.get("_body", 0)
    keys = sorted((line, key) for key, line in header_lines.items() if key != "_body")
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        field = _field(number, keys, body_starts)
        for match in PATTERN.finditer(line):
            found.append((number, field, f'still holds the placeholder "{match.group(0)}"', FIX))
        for half in _HALF.finditer(PATTERN.sub("", line)):
            found.append((number, field, f'still holds "{half.group(0)}", part of a placeholder '
                          f'("{_around(line, half.start())}")', _HALF_FIX))
    return found


def _around(line, index):
    """A few words of `line` around `index`, for a message."""
    start, end = max(0, index - 25), index + 27
    return ("…" if start else "") + line[start:end].strip() + ("…" if end < len(line) else "")


def _field(number, keys, body_starts):
    """The header key a line belongs to (continuation lines included), else "body"."""
    if number >= body_starts:
        return "body"
    owners = [key for line, key in keys if line <= number]
    return owners[-1] if owners else "body"
