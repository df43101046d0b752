"""Find people's names in plain text.

The name lists are philter-lite's (a maintained fork of UCSF's Philter, the
clinical-notes PHI filter): about 97,000 first names and 161,000 surnames
from US census and clinical data, and 195,000 words that Philter found are
not names in medical text ("said", "will", "husband", "metformin"). They
ship inside the wheel and are read offline; philter-lite's own pipeline is
not used, as it needs NLTK data downloaded at run time.

A capitalised word is part of a name when:
- a courtesy title or a family word stands before it ("Mrs Wilson", "her
  husband Bob"), whatever the word is;
- it is a first name and the next capitalised words are names too ("John
  Albert Smith", "Jean Barker");
- it is a first name on its own ("Rosa noticed"), unless it is also an
  ordinary word of medical English, a month or a day.

Clinicians, staff and the drug, disease and place names a clinic allows are
left out by the caller (scan.py).
"""

import functools
import importlib.util
import itertools
import re
import tomllib
from pathlib import Path

import marisa_trie

NAME = "name"

_TITLES = (
    r"Mr|Mrs|Ms|Miss|Mx|Mister|Madam|Sir|Dame|Lady|Lord|Dr|Doctor|Prof|Professor|Nurse|Pastor|Father|"
    r"Rev|Reverend|Rabbi|Imam|Sister|Brother|Aunt|Auntie|Uncle|Grandma|Grandpa|Granny|Nana|Papa|Coach|Officer"
)
_KIN = (
    r"husband|wife|son|daughter|mother|father|mom|mum|mommy|mummy|dad|daddy|brother|sister|partner|spouse|"
    r"friend|neighbou?r|granddaughter|grandson|grandchild|grandmother|grandfather|niece|nephew|aunt|uncle|"
    r"cousin|boyfriend|girlfriend|fianc[ée]e?|caregiver|carer|stepson|stepdaughter|stepmother|stepfather|"
    r"roommate|colleague|coworker|co-worker|boss|teacher|baby|child|kid|twin|widow|widower|called|named|"
    r"name is|name's|I'm|I am|patient"
)
# A word as names are written: "Rosa", "O'Brien", "McDonald", "Smith-Jones".
_WORD = r"[A-Z][a-z]*(?:['’][A-Z][a-z]+)?[a-z]+(?:-[A-Z][a-z]+)?"
_TITLED = re.compile(rf"\b(?:{_TITLES})\.?\s+(?P<name>{_WORD}(?:\s+{_WORD}){{0,2}})")
_KINSHIP = re.compile(rf"(?i:\b(?:{_KIN}))\b,?\s+(?P<name>{_WORD}(?:\s+{_WORD}){{0,2}})")
_CAPITALISED = re.compile(rf"(?<![\w@/.])(?:{_WORD})(?:\s+{_WORD})*(?![\w@])")
# What follows a person's name when it names a disease, sign or test instead.
_EPONYM_AFTER = re.compile(
    r"(?:['’]s?)?\s+(?:disease|syndrome|palsy|sign|test|manoeuvre|maneuver|lymphoma|sarcoma|tumou?r|phenomenon"
    r"|reflex|score|scale|criteria|law|procedure|operation|fracture|cyst|ulcer|esophagus|oesophagus|node|duct"
    r"|tube|ligament|muscle|gland|method|diet|classification|stage|staging|type|equation|formula)\b",
    re.I,
)
_NOT_NAMES = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday "
    "i a an the he she they we you it his her my our their this that these those "
    "god lord jesus christ christmas easter".split()
)


def find(text, people=frozenset(), words=frozenset(), single=True):
    """Every name in `text` as (start, name written).

    Names made only of the lowercase words in `people` (the clinicians' and
    staff's names) are left out; so are those made only of `words` (allowed
    drugs, diseases, places) unless a title or family word says they are a
    person's ("Mrs Jackson"). So is a name followed by "disease", "syndrome"
    and the like ("Parkinson's disease"). `single=False` leaves out first
    names on their own, and a word after a title or family word that is not
    a name: in a file name or slug, where every word is written with a
    capital, one is as often an ordinary word ("secret", "bill", "photo").
    """
    found = {}
    for pattern in (_TITLED, _KINSHIP):
        for match in pattern.finditer(text):
            # The word after the title is a name whatever it is; the words after
            # it only while they are names too ("Mrs Wilson Went" is "Mrs Wilson").
            first, *rest = match.group("name").split()
            # In a file name or slug every word has a capital: "patient-photo"
            # says nothing about a person unless the word is a name.
            if not single and not _is_name_word(first):
                continue
            kept = [first]
            for word in rest:
                if not _is_name_word(word):
                    break
                kept.append(word)
            name = " ".join(kept)
            if not _all_allowed(name, people) and _key(first) not in _NOT_NAMES:
                found[match.start("name")] = name
    for match in _CAPITALISED.finditer(text):
        for start, name in _names_in_run(match.group(), match.start()):
            if _all_allowed(name, people | words) or _EPONYM_AFTER.match(text, start + len(name)):
                continue
            if not single and " " not in name:
                continue
            if not any(s <= start < s + len(n) for s, n in found.items()):
                found[start] = name
    return sorted(found.items())


def _names_in_run(run, offset):
    """The names in a run of capitalised words: runs of name words that hold a first name."""
    position = 0
    group = []
    for word in run.split():
        start = run.index(word, position)
        position = start + len(word)
        if _is_name_word(word):
            group.append((start, word))
            continue
        yield from _group_name(group, run, offset)
        group = []
    yield from _group_name(group, run, offset)


def _group_name(group, run, offset):
    if not group:
        return
    lists = _lists()
    words = [word for _, word in group]
    if len(words) == 1 and _key(words[0]) not in lists.first:
        return
    if len(words) > 1 and not any(_key(word) in lists.first for word in words):
        return
    start = group[0][0]
    end = group[-1][0] + len(group[-1][1])
    yield offset + start, run[start:end]


def _is_name_word(word):
    """True when `word` is a first name or surname and not an ordinary word."""
    key = _key(word)
    lists = _lists()
    return key not in _NOT_NAMES and key in lists.name_words


def _key(word):
    return word.lower().replace("’", "'").removesuffix("'s")


def _all_allowed(name, allowed):
    return all(_key(word) in allowed for word in name.split())


class _Lists:
    """first: the first names; name_words: first names and surnames that are not also ordinary words.

    Both are marisa-trie Tries: the 260,000 words take under a megabyte
    there, where Python sets of them held some 50 MB in every build. The
    not-a-name set is only ever asked about a name, so only its names are
    kept out of name_words, and it is dropped once they are.
    """

    __slots__ = ("first", "name_words")

    def __init__(self, tries):
        """`tries`: philter-lite's sets by name, each a Trie (see _read_sets)."""
        self.first = tries["firstnames"]
        # Iterating a Trie yields its words one at a time: no list of them is made.
        names = itertools.chain(self.first, tries["lastnames"])
        self.name_words = marisa_trie.Trie(itertools.filterfalse(tries["nonames"].__contains__, names))


@functools.cache
def _lists():
    """philter-lite's name and not-a-name sets, read once per process."""
    return _Lists(_read_sets(_set_file()))


def _set_file():
    spec = importlib.util.find_spec("philter_lite")
    # find_spec locates the package without importing it (its import loads NLTK).
    return Path(next(iter(spec.submodule_search_locations))) / "filters" / "set.toml"


_SETS = {"firstnames", "lastnames", "nonames"}
# A TOML basic string: "rosa", "o\u2019neil" (no control character, which the
# TOML parser would refuse).
_STRING = r'"([^"\\\x00-\x08\x0a-\x1f\x7f]*(?:\\.[^"\\\x00-\x08\x0a-\x1f\x7f]*)*)"'
_QUOTED = re.compile(_STRING)
# One set on one line: `nonames = [ "a", "b", ]`. The possessive *+ keeps the
# regex engine from saving a backtracking point per word (some 100 MB on the
# longest line).
_SET_LINE = re.compile(rf"\s*(?P<name>[A-Za-z0-9_-]+)\s*=\s*\[(?P<words>\s*(?:{_STRING}\s*,\s*)*+(?:{_STRING}\s*)?)\]\s*")


def _read_sets(path):
    """philter-lite's sets in `path` (set.toml), each a Trie of its words, by name.

    The file holds each set on one line, `name = [ "a", "b", ]`: each line's
    words go into its Trie one at a time, so the 450,000 words are never all
    Python strings at once. Any other layout is left to the TOML parser.
    """
    tries = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.isspace():
                continue
            match = _SET_LINE.fullmatch(line)
            # The TOML parser refuses a set named twice; so does this reading.
            if not match or match["name"] in tries:
                return _parsed_sets(path)
            tries[match["name"]] = marisa_trie.Trie(map(_word, _QUOTED.finditer(line, *match.span("words"))))
    if not _SETS <= tries.keys():
        return _parsed_sets(path)
    return tries


def _word(match):
    word = match[1]
    # An escape ("o\u2019neil") reads as the TOML parser reads it.
    return tomllib.loads(f'word = "{word}"')["word"] if "\\" in word else word


def _parsed_sets(path):
    """The sets in `path` as the TOML parser reads them, each a Trie."""
    sets = tomllib.loads(path.read_text(encoding="utf-8"))
    return {name: marisa_trie.Trie(words) for name, words in sets.items() if name in _SETS}
