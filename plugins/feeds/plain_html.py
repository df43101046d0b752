"""HTML in the plain form Markdown, nh3 and the theme write, read without Beautiful Soup.

Feeds carry each article's HTML as Beautiful Soup (with Python's
html.parser) writes it back, and building Beautiful Soup's tree was most of
the feeds' time. The HTML feeds receive is simpler than what html.parser
accepts: lowercase tags, double-quoted attribute values, no comments, no
script or style, character references from a short list, every element
closed in order. `read()` reads exactly that with one regular expression and
gives the events (texts, starts and ends of elements) Beautiful Soup's tree
would give; it gives None for anything else, so the caller uses Beautiful
Soup whenever a quick reading could differ. `start_tag`, `end_tag` and
`text` write an event back as Beautiful Soup writes it (attributes sorted,
values quoted its way, void elements as <br/>).

Every rule here copies one of Beautiful Soup 4's (with html.parser); the
feeds' tests compare the two on tricky HTML, and kept_feeds fingerprints
the Beautiful Soup version.
"""

import re
from html import unescape

# A start tag, an end tag, or text up to the next tag. The whitespace inside
# tags is whitespace to html.parser too.
_TOKEN = re.compile(
    r'<(?P<start>[a-z][a-z0-9]*)(?P<attributes>(?:[ \t\n]+[a-z][a-z0-9-]*(?:="[^"<>]*")?)*)[ \t\n]*(?P<closed>/?)>'
    r"|</(?P<end>[a-z][a-z0-9]*)[ \t\n]*>"
    r"|(?P<text>[^<]+)"
)
_ATTRIBUTE = re.compile(r'([a-z][a-z0-9-]*)(?:="([^"<>]*)")?')
# Character references in text that html.parser and Beautiful Soup read as
# html.unescape does: a few names, and numbers of ordinary characters.
_REFERENCE = re.compile(r"&(?:(amp|lt|gt|quot|apos|nbsp)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "nbsp": "\xa0"}
# Elements whose content html.parser (in some Python version) reads as raw
# text, that Beautiful Soup keeps in a string class of their own, or whose
# attributes it rewrites on output: left to Beautiful Soup.
_NOT_PLAIN = {
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext",
    "rt", "rp", "template", "meta",
}
# Beautiful Soup's void elements: closed as soon as they start, written <br/>.
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "menuitem", "meta", "param",
    "source", "track", "wbr", "basefont", "bgsound", "command", "frame", "image", "isindex", "nextid", "spacer",
}
# Attributes Beautiful Soup reads as a list of words and writes back one space apart.
_WORD_LISTS = {
    "*": {"class", "accesskey", "dropzone"},
    "a": {"rel", "rev"},
    "link": {"rel", "rev"},
    "td": {"headers"},
    "th": {"headers"},
    "form": {"accept-charset"},
    "object": {"archive"},
    "area": {"rel"},
    "icon": {"sizes"},
    "iframe": {"sandbox"},
    "output": {"for"},
}
# Inside these, Beautiful Soup keeps whitespace as it is.
_PRESERVE_WHITESPACE = {"pre", "textarea"}
_ASCII_SPACES = "\x20\x0a\x09\x0c\x0d"
_WORD = re.compile(r"\S+")
_ESCAPED = re.compile("[&<>]")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


# The kinds of event read() gives: (TEXT, text), (START, name, attributes) with
# the attributes as a dict in the order written, (END, name) for the element
# that started last and is still open.
TEXT, START, END = "text", "start", "end"


def read(html):
    """The events of `html` as Beautiful Soup's tree holds them, in document
    order (see TEXT, START, END); None when `html` is not in the plain form."""
    events = []
    append = events.append
    open_elements = []
    preserving = 0
    # Void elements written without "/>" whose explicit end tag html.parser
    # may still report; Beautiful Soup ignores one such end tag per element.
    closed_voids = []
    tags = 0
    for name, written, closed, end, text in _TOKEN.findall(html):
        if text:
            if "&" in text:
                text = _decoded(text)
                if text is None:
                    return None
            if not preserving and not text.strip(_ASCII_SPACES):
                text = "\n" if "\n" in text else " "
            append((TEXT, text))
            continue
        tags += 1
        if end:
            if end in closed_voids:
                closed_voids.remove(end)
            elif open_elements and open_elements[-1] == end:
                open_elements.pop()
                preserving -= end in _PRESERVE_WHITESPACE
                append((END, end))
            else:
                return None
        elif name in _NOT_PLAIN:
            return None
        else:
            append((START, name, _attributes(name, written) if written else {}))
            if name in VOID:
                append((END, name))
                if not closed:
                    closed_voids.append(name)
            elif closed:
                append((END, name))
            else:
                open_elements.append(name)
                preserving += name in _PRESERVE_WHITESPACE
    # Every "<" must start a tag: one that does not was skipped over.
    if tags != html.count("<") or open_elements:
        return None
    return events


def _decoded(text):
    """The text with its character references read; None if one is not plain."""
    references = list(_REFERENCE.finditer(text))
    if len(references) != text.count("&"):
        return None
    for reference in references:
        number = reference[2] or reference[3]
        if number is not None and not _ordinary(int(number, 10 if reference[2] else 16)):
            return None
    return _REFERENCE.sub(_character, text)


def _character(reference):
    """The character a plain reference stands for."""
    if reference[1]:
        return _NAMED[reference[1]]
    return chr(int(reference[2], 10) if reference[2] else int(reference[3], 16))


def _ordinary(number):
    """Printable, and read alike by every parser: no control, surrogate or
    noncharacter, none that Beautiful Soup reads as Windows-1252."""
    return (0x20 <= number <= 0x7E or 0xA0 <= number <= 0xD7FF or 0xE000 <= number <= 0xFDCF
            or (0xFDF0 <= number <= 0x10FFFF and (number & 0xFFFE) != 0xFFFE))


def _attributes(name, written):
    """The attributes as Beautiful Soup holds them: values unescaped as html.parser
    does, a repeated attribute's last value in its first place, word lists tidied."""
    attributes = {}
    for attribute in _ATTRIBUTE.finditer(written):
        value = attribute[2] or ""
        attributes[attribute[1]] = unescape(value) if "&" in value else value
    for key in _WORD_LISTS["*"].union(_WORD_LISTS.get(name, ())).intersection(attributes):
        attributes[key] = " ".join(_WORD.findall(attributes[key]))
    return attributes


def start_tag(name, attributes):
    """A start tag as Beautiful Soup writes it: attributes sorted, <br/> for a void element."""
    written = "".join([f" {key}={_quoted(_escaped(value))}" for key, value in sorted(attributes.items())])
    return f"<{name}{written}/>" if name in VOID else f"<{name}{written}>"


def end_tag(name):
    """An end tag as Beautiful Soup writes it: none for a void element."""
    return "" if name in VOID else f"</{name}>"


def text(value):
    """A text as Beautiful Soup writes it: &, < and > escaped."""
    return _escaped(value)


def _escaped(value):
    if "&" in value or "<" in value or ">" in value:
        return _ESCAPED.sub(lambda found: _ESCAPES[found[0]], value)
    return value


def _quoted(value):
    """Double quotes, or single ones around a value holding only double quotes."""
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "&quot;") + '"'
