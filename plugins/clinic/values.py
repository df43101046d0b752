"""Header and registry values that have a shape: checked, never cleaned.

A slug, a tag or a language tag ends up in file names, addresses and
attributes. Each check returns None for a good value, else (what is wrong,
how to fix it) in the words the clinicians' messages use; the caller reports
it at the value's line.
"""

import re

import langcodes
from pelican.utils import slugify

# One path segment that every server, file system and URL reads alike.
_SAFE_SEGMENT = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
# Characters a topic name never needs; they only appear when HTML or a
# template was pasted into the header.
_NOT_IN_NAMES = re.compile(r'[<>"{}\\`]')
# Where a browser starts a tag or comment: "<" then a letter, "/", "!" or "?".
_TAG_START = re.compile(r"<[A-Za-z/!?][^>]*>?")
# Messages quote at most this much of a tag.
_SHOWN = 60


def slug_problem(value, regex_subs):
    """What is wrong with `value` as an article's address (its Slug), or None."""
    if _SAFE_SEGMENT.fullmatch(value):
        return None
    # A "/" or a space was meant to separate words: keep them apart.
    suggestion = re.sub(r"[-_]{2,}", "-", slugify(re.sub(r"[/\\\s]+", "-", value), regex_subs=regex_subs)).strip("-_")
    fix = f'write "Slug: {suggestion}"' if _SAFE_SEGMENT.fullmatch(suggestion) else \
        'write it in lower-case letters, digits and hyphens, e.g. "Slug: cold-weather-and-colds"'
    return f'"{value}" cannot be an address: use only a-z, 0-9 and hyphens, with no "/" or spaces', fix


def title_slug_problem(slug):
    """What is wrong with the address Pelican made from the title, or None."""
    if slug and _SAFE_SEGMENT.fullmatch(slug):
        return None
    return ("gives no usable address (it has no letters a-z or digits)",
            'add a line like "Slug: cold-weather-and-colds" to the header')


def tag_problem(name, slug):
    """What is wrong with one tag (its name as written and Pelican's slug of it), or None."""
    odd = _NOT_IN_NAMES.search(name)
    if odd:
        return f'"{name}" holds "{odd.group()}", which a topic name cannot have', \
            "write topics as plain words separated by commas, e.g. Tags: colds, winter"
    if not slug or not _SAFE_SEGMENT.fullmatch(slug):
        return f'"{name}" has no letters or digits to make an address from', \
            "write topics as plain words separated by commas, e.g. Tags: colds, winter"
    return None


def lang_problem(value):
    """What is wrong with `value` as a BCP 47 language tag, or None."""
    if langcodes.tag_is_valid(value) and re.fullmatch(r"[A-Za-z0-9-]+", value):
        return None
    return f'"{value}" is not a language tag', 'write a tag such as "Lang: en", "Lang: es" or "Lang: en-US"'


def id_problem(value):
    """What is wrong with `value` as a clinician's id (it becomes their page's address), or None."""
    if _SAFE_SEGMENT.fullmatch(value):
        return None
    return f'"{value}" cannot be an address: use only a-z, 0-9 and hyphens', \
        'write the id like the name, e.g. "id: amara-okafor"'


def tag_in_text(text):
    """The start of the first thing in a plain-text value that a browser would read as a tag, or None.

    Header and registry fields are printed as text, so such a tag shows as
    typed: worth a warning, never a reason to change the value.
    """
    found = _TAG_START.search(text)
    if not found:
        return None
    tag = found.group()
    return tag if len(tag) <= _SHOWN else tag[:_SHOWN] + "…"


def words(text):
    """The lowercase words of a text, one space apart: how a text a clinician lists is
    compared with one a check found ("Jean-Barker" and "jean barker" are the same)."""
    return " ".join(re.findall(r"\w+", str(text).lower()))
