"""What clinicians really type: text pasted from Word, saved from Notepad.

`clean()` runs on every Markdown file before Markdown reads it, so that what
looks right in the editor is read the way it looks:

- a byte order mark (Windows Notepad) is dropped, Windows line ends become "\\n";
- control characters (a bell, an escape) are removed, each an error naming
  the line and the words around it: they are never meant, and feed readers
  refuse them;
- in the header, non-breaking spaces become spaces, and zero-width
  characters, soft hyphens and bidirectional controls are removed, each with
  a warning saying where it was ("between "Amara" and "Okafor""): a title
  with a right-to-left override shows other words than it holds;
- spaces or a tab before a header key do not hide the line: ` Status: draft`
  is read as `Status: draft`;
- in the body, a callout line gets straight quotes and plain spaces
  (`!!! warning “When to see a doctor”` from a word processor), and
  indentation made of non-breaking spaces becomes spaces; a "!!!" line that
  is still no callout is an error, since the page would show it as typed.

Each problem is (line, field, message, fix, severity); field is the header
key in lower case, or "body".
"""

import re
import unicodedata

from clinic.problems import ERROR, WARNING

_NO_BREAK_SPACES = "\u00a0\u2007\u202f"
# Invisible in an editor, and changing what the text says or where it breaks.
_INVISIBLE = set("\u200b\u200c\u200d\u2060\ufeff\u00ad\u061c\u200e\u200f") | {
    chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
}
_CONTROL_NAMES = {"\x00": "a null character", "\x07": "a bell character", "\x08": "a backspace",
                  "\x0b": "a vertical tab", "\x0c": "a page break", "\x1b": "an escape character",
                  "\x7f": "a delete character"}
# Category Cc (U+0000 to U+001F, U+007F to U+009F) less tab and line end:
# one compiled class instead of asking unicodedata about every character.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_HIDDEN = str.maketrans(dict.fromkeys(
    [*_INVISIBLE, *(chr(code) for code in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if chr(code) not in "\t\n")]))
_CURLY_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                               "\u00ab": '"', "\u00bb": '"'})
_INDENTED_KEY = re.compile(r"^[ \t]+(?=[A-Za-z][A-Za-z0-9_-]*:)")
_KEY = re.compile(r"^([A-Za-z0-9_-]+):")
_FENCE = re.compile(r"^\s*(```|~~~)")
_WORD_BEFORE = re.compile(r"(\S+)\s*$")
_WORD_AFTER = re.compile(r"^\s*(\S+)")
# Python-Markdown's admonition line: "!!! kind" and an optional title in quotes.
_CALLOUT = re.compile(r'!!! ?[\w\-]+(?: +[\w\-]+)*(?: +"[^"]*")? *')
_CALLOUT_FIX = 'write it as !!! warning "When to see a doctor", with its text on the next lines indented by four spaces'


def is_control(char):
    """True for a control character other than tab and line end."""
    return _CONTROL.fullmatch(char) is not None


def describe(char):
    """A character's name in words a clinician can look for: "a zero-width space (U+200B)"."""
    name = _CONTROL_NAMES.get(char)
    if name is None:
        words = unicodedata.name(char, "control character").lower().replace("zero width", "zero-width")
        name = ("an " if words[0] in "aeiou" else "a ") + words
    return f"{name} (U+{ord(char):04X})"


def where(text, index):
    """Where in `text` the character at `index` is, in words: 'between "Amara" and "Okafor"'."""
    before = _WORD_BEFORE.search(_visible(text[:index]))
    after = _WORD_AFTER.search(_visible(text[index + 1:]))
    if before and after:
        return f'between "{before.group(1)}" and "{after.group(1)}"'
    if before:
        return f'after "{before.group(1)}"'
    if after:
        return f'before "{after.group(1)}"'
    return "on its own"


def _visible(text):
    return text.translate(_HIDDEN)


def clean(text):
    """The text as the writer meant it, and the problems found on the way (see the module's docstring)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    problems = []
    in_header = True
    key = "body"
    in_fence = False
    previous = ""
    for number, line in enumerate(lines, start=1):
        if in_header and number == 1 and line.strip() == "---":
            continue
        if in_header and not line.strip(" \t" + _NO_BREAK_SPACES + "".join(_INVISIBLE)):
            in_header = False
            key = "body"
            lines[number - 1] = ""
            continue
        if in_header:
            line = _clean_header_line(line, number, problems, key)
            found = _KEY.match(line)
            if found:
                key = found.group(1).lower()
        else:
            if _FENCE.match(line):
                in_fence = not in_fence
            if not in_fence:
                line = _clean_body_line(line)
                callout = _callout_problem(line, previous, number)
                if callout:
                    problems.append(callout)
            previous = line
        line = _drop_controls(line, number, key, problems)
        lines[number - 1] = line
    return "\n".join(lines), problems


def _clean_header_line(line, number, problems, key):
    for char in _NO_BREAK_SPACES:
        line = line.replace(char, " ")
    line = _INDENTED_KEY.sub("", line)
    line_key = _KEY.match(_visible(line))
    field = line_key.group(1).lower() if line_key else key
    for index, char in enumerate(line):
        if char in _INVISIBLE:
            problems.append((number, field, f"{describe(char)} {where(line, index)} was removed",
                             "nothing to do; to be sure, retype the words around it", WARNING))
    return "".join(char for char in line if char not in _INVISIBLE)


def _clean_body_line(line):
    stripped = line.lstrip(" \t" + _NO_BREAK_SPACES)
    indent = line[: len(line) - len(stripped)]
    line = indent.translate({ord(c): " " for c in _NO_BREAK_SPACES}) + stripped
    if stripped.startswith("!!!"):
        line = line.translate(_CURLY_QUOTES)
        for char in _NO_BREAK_SPACES:
            line = line.replace(char, " ")
    return line


def _callout_problem(line, previous, number):
    """An error for a "!!!" line Markdown would print as it is, else None."""
    # Most lines hold no "!": they are no callout whatever is hidden in them.
    if "!" not in line:
        return None
    line = _visible(line)
    if not line.startswith("!!!"):
        return None
    if not _CALLOUT.fullmatch(line):
        return (number, "body", f'"{_shown(line)}" is not a callout, so the page would show it as typed',
                _CALLOUT_FIX, ERROR)
    if previous.strip():
        return (number, "body", "a callout starts here with no empty line before it, so the page "
                "would show it as typed", "leave an empty line before the \"!!!\" line", ERROR)
    return None


def _shown(line):
    return line if len(line) <= 60 else line[:60] + "…"


def _drop_controls(line, number, key, problems):
    if not _CONTROL.search(line):
        return line
    for index, char in enumerate(line):
        if is_control(char):
            problems.append((number, key, f"holds {describe(char)} {where(line, index)}, which cannot be published",
                             "delete it: it is invisible, so retype the words around it", ERROR))
    return _CONTROL.sub("", line)
