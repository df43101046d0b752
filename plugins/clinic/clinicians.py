"""The clinician registry: who may write and review, read from one YAML file.

content/clinicians.yml holds a list of entries like

    - id: amara-okafor
      name: Amara Okafor
      credentials: MD, FAAP
      role: Pediatrician
      specialty: Pediatrics
      bio: Two or three sentences.
      photo: images/clinicians/amara-okafor.png   # optional, below content/
      fediverse: "@amara@mastodon.example"        # optional: shown as the author on Mastodon
      links:                                      # optional
        - {label: Board certification, url: "https://..."}

Bylines, reviewer lines, clinician pages, cards, feeds and structured data all
read this one registry.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from clinic import problems, urls, values

REQUIRED = ("id", "name", "credentials", "role", "specialty", "bio")
# A fediverse handle: @user@host, the host with at least one dot.
_FEDIVERSE = re.compile(r"@[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}")


@dataclass(eq=False)
class Clinician:
    """One clinician, and the published articles they wrote and reviewed."""

    id: str
    name: str
    credentials: str
    role: str
    specialty: str
    bio: str
    url: str
    photo: str = ""
    # "@name@server.example": Mastodon shows it as the author of link previews.
    fediverse: str = ""
    links: list = field(default_factory=list)
    articles: list = field(default_factory=list)
    reviewed: list = field(default_factory=list)

    @property
    def slug(self):
        """The clinician's slug, as used in URLs and feed names."""
        return self.id

    @property
    def display(self):
        """Name with credentials, as bylines show it: "Amara Okafor, MD, FAAP"."""
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping, for messages.

    It refuses aliases (`*name`): a registry never needs one, and a few nested
    ones expand to gigabytes when the values are turned into text.
    """

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed here",
                                              event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


class Registry:
    """The clinicians by id, looked up by id or by name as headers write them."""

    def __init__(self, clinicians):
        self.clinicians = clinicians
        self._lookup = {}
        for clinician in clinicians:
            self._lookup[clinician.id.casefold()] = clinician
            self._lookup[clinician.name.casefold()] = clinician

    def find(self, name):
        """The clinician called `name` (or with that id), else None."""
        return self._lookup.get(str(name).strip().casefold())

    def names(self):
        """Every clinician's name, for "use one of" hints."""
        return [clinician.name for clinician in self.clinicians]

    def __iter__(self):
        return iter(self.clinicians)


def load(path, url_pattern, content_root):
    """Read the registry, reporting every malformed entry as a problem."""
    path = Path(path)
    if not path.exists():
        problems.report(
            path, 1, "clinicians", "the clinician list is missing",
            "create it with one entry per clinician (see docs/WRITING.md)",
        )
        return Registry([])
    try:
        entries = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader) or []
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as err:
        line = getattr(getattr(err, "problem_mark", None), "line", 0) + 1
        problem = getattr(err, "problem", None)
        if problem == "aliases (*name) are not allowed here":
            message, fix = "uses a YAML alias (*name)", "write each value out in full, with no & or * names"
        else:
            message = f"the file cannot be read ({problem or err.__class__.__name__})"
            fix = "check the indentation and that every value after a colon is on one line"
        problems.report(path, line, "clinicians", message, fix)
        return Registry([])
    if not isinstance(entries, list):
        problems.report(path, 1, "clinicians", "the file is not a list of clinicians",
                        "start each clinician with '- id: ...'")
        return Registry([])
    return Registry([c for c in (_entry(path, e, url_pattern, content_root) for e in entries) if c])


def _entry(path, entry, url_pattern, content_root):
    if not isinstance(entry, dict):
        problems.report(path, 1, "clinicians", "an entry is not a clinician",
                        "start each clinician with '- id: ...'")
        return None
    line = entry.pop("__line__", 1)
    missing = [key for key in REQUIRED if not str(entry.get(key) or "").strip()]
    for key in missing:
        problems.report(path, line, key, f"is missing for clinician {entry.get('name') or entry.get('id') or '?'}",
                        f"add '{key}: ...' to that entry")
    if missing:
        return None
    for key in ("name", "credentials", "role", "specialty", "bio"):
        tag = values.tag_in_text(str(entry[key]))
        if tag:
            problems.report(path, line, key, f'holds HTML ("{tag}"), which pages will show as typed',
                            "registry fields are plain text: delete the tag", problems.WARNING)
    clinician_id = str(entry["id"]).strip()
    problem = values.id_problem(clinician_id)
    if problem:
        problems.report(path, line, "id", *problem)
        return None
    photo = str(entry.get("photo") or "")
    if photo and not _inside(Path(content_root), photo):
        problems.report(path, line, "photo", f'"{photo}" is not a file below content/',
                        "give a path below content/, e.g. images/clinicians/NAME.png")
        photo = ""
    links = [link for link in (_link(path, line, item) for item in entry.get("links") or []) if link]
    fediverse = str(entry.get("fediverse") or "").strip()
    if fediverse and not _FEDIVERSE.fullmatch(fediverse):
        problems.report(path, line, "fediverse", f'"{fediverse}" is not a fediverse handle',
                        "write it as on the profile page, like @daniel@mastodon.example, or leave it out")
        fediverse = ""
    return Clinician(
        id=clinician_id,
        name=str(entry["name"]).strip(),
        credentials=str(entry["credentials"]).strip(),
        role=str(entry["role"]).strip(),
        specialty=str(entry["specialty"]).strip(),
        bio=str(entry["bio"]).strip(),
        url=url_pattern.format(slug=clinician_id),
        photo=photo,
        fediverse=fediverse,
        links=links,
    )


def _inside(content_root, relative):
    """True when `relative` names a file below content_root, links followed."""
    root = content_root.resolve()
    target = (root / relative).resolve()
    return target.is_file() and target.is_relative_to(root)


def _link(path, line, link):
    """One of a clinician's links as {label, url}, or None (reported) when its address is not a web address."""
    if not isinstance(link, dict):
        problems.report(path, line, "links", "a link is not a label and a url",
                        "write each link as '- {label: Board certification, url: \"https://...\"}'")
        return None
    url = str(link.get("url", "")).strip()
    problem = urls.web_address_problem(url)
    if problem:
        problems.report(path, link.get("__line__", line), "url", f'"{url}" {problem}',
                        "copy the full address from the browser's address bar, starting with https://")
        return None
    return {"label": str(link.get("label", "")).strip(), "url": url}
