"""What every page of a build is made from, as one sha256 per kind of input.

A page shows what Pelican and the plugins made of the content, the theme,
the plugins' code, the settings, the libraries and the day; so these are
hashed whole, and a change to any of them renders every page again. Two
things a build reads besides are not files of the project, and enter as
what the build made of them:

- the clock. content_model and patient_privacy decide review-due and consent
  by the clinic's today; Pelican makes an article dated later than now a
  draft, to the minute, and consent can end at an hour. The key holds the
  clinic's date at the start of the build and when the pages are about to be
  written (a build across midnight is never reused), and every content
  object's status, so an article that came due or was withdrawn today
  changes the key.
- the fonts on this machine. A share card's file name is a digest that
  includes the system fonts a card may use (share_cards/fonts.py), and pages
  name their card, so the key holds every card's address.
"""

import dataclasses
import functools
import hashlib
import importlib.metadata
import json
import platform
import re
import sys
import zoneinfo
from datetime import date, datetime, time, timedelta
from pathlib import Path, PurePath

from pelican.contents import Content


class Unkeyable(TypeError):
    """A setting whose value cannot be written the same way in every build."""


def today(conf):
    """The clinic's date now, as content_model decides review-due (TIMEZONE)."""
    return datetime.now(zoneinfo.ZoneInfo(conf["TIMEZONE"])).date().isoformat()


def folder_digest(*folders):
    """sha256 over every file below the folders: its path and its bytes (Python's bytecode left out)."""
    digest = hashlib.sha256()
    for folder in folders:
        root = Path(folder)
        if not root.is_dir():
            digest.update(f"missing {root}\n".encode())
            continue
        for path in sorted(root.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            digest.update(f"{path.relative_to(root).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def libraries_digest(conf):
    """sha256 of Python's version, the machine's, every installed library's and the time zone's rules."""
    # An installed library's folder of metadata is named for its name and version
    # (pelican-4.11.0.dist-info): listing them is quicker than reading each.
    installed = sorted(path.name for folder in sys.path if Path(folder or ".").is_dir()
                       for path in Path(folder or ".").iterdir() if path.suffix in (".dist-info", ".egg-info"))
    parts = [sys.version, platform.platform(), *installed, _zone_rules(conf["TIMEZONE"])]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _zone_rules(name):
    """sha256 of the time zone's file (the system's, else the tzdata package's): dates on pages use its offsets."""
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / name
        if path.is_file():
            return hashlib.sha256(path.read_bytes()).hexdigest()
    try:
        return importlib.metadata.version("tzdata")
    except importlib.metadata.PackageNotFoundError:
        return "no rules found"


# Settings that say only whether caches are read, and every cache checks what it reuses.
# Pelican turns LOAD_CONTENT_CACHE off itself when its cache folder is new.
_NOT_SHOWN = {"LOAD_CONTENT_CACHE"}


def settings_digest(conf):
    """sha256 of every setting, written the same way in every build; Unkeyable when one cannot be."""
    plain = {}
    for name, value in conf.items():
        if name in _NOT_SHOWN:
            continue
        try:
            plain[name] = _plain(value)
        except Unkeyable as error:
            raise Unkeyable(f"{name}: {error}") from None
    return hashlib.sha256(json.dumps(plain, sort_keys=True).encode()).hexdigest()


def _plain(value):
    """`value` as JSON data that is the same in every build with the same settings.

    Functions and classes are named, and their module's file hashed (a
    function in pelicanconf.py is code no other part of the key covers);
    other objects (the plugins' template helpers) by their attributes. Sets
    are sorted: their order changes from process to process.
    """
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(item) for item in value), key=json.dumps)
    if isinstance(value, dict):
        return sorted(([_plain(key), _plain(item)] for key, item in value.items()), key=json.dumps)
    if isinstance(value, (PurePath, date, time, timedelta)):
        return [type(value).__name__, str(value)]
    if isinstance(value, re.Pattern):
        return ["pattern", value.pattern, value.flags]
    if isinstance(value, functools.partial):
        return ["partial", _plain(value.func), _plain(value.args), _plain(value.keywords)]
    if isinstance(value, type) or callable(value) and hasattr(value, "__qualname__"):
        return ["code", value.__module__, value.__qualname__, _module_file(value.__module__)]
    if dataclasses.is_dataclass(value):
        fields = {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
        return ["object", _plain(type(value)), _plain(fields)]
    if hasattr(value, "__dict__"):
        return ["object", _plain(type(value)), _plain(vars(value))]
    raise Unkeyable(f"a {type(value).__name__} cannot be keyed")


def _module_file(name):
    """sha256 of the file a module was loaded from (None for built-in modules)."""
    path = getattr(sys.modules.get(name), "__file__", None)
    return hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else None


def decisions_digest(generators, context):
    """sha256 of what the build decided from the clock and the machine's fonts: every
    content object's list, status and share card address, and the site's card."""
    made = []
    for generator in generators:
        # The list an object is in counts too: a story whose consent ended at noon is
        # moved from `articles` to `withdrawn_articles` (clinic/articles.py), status unchanged.
        for listed, items in vars(generator).items():
            if isinstance(items, list):
                made.extend([listed, *_decided(item)] for item in items if isinstance(item, Content))
    made.append(["site card", _card_url(context.get("share_site_card"))])
    return hashlib.sha256(json.dumps(sorted(made, key=json.dumps)).encode()).hexdigest()


def _decided(item):
    return [item.source_path, getattr(item, "status", None), _card_url(getattr(item, "share_card", None))]


def _card_url(card):
    """The address of a share card: share_cards gives its facts as a dict."""
    return card.get("url") if isinstance(card, dict) else None
