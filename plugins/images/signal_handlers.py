"""What the images plugin does at each step of a Pelican build (connected in __init__.register)."""

import shutil
import sys
from pathlib import Path

from pelican.generators import ArticlesGenerator, PagesGenerator

from clinic import articles

from . import pages, portraits, static_files
from .publishing import Build

_ARTICLE_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles",
                  "hidden_translations")
_PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages", "draft_translations")

_current = None


def start(pelican):
    """Begin a build's images."""
    global _current
    _current = Build(pelican.settings)


def publish_article_pictures(generator):
    """Clinicians' photos, then each article's pictures; an article with a refused picture is withdrawn."""
    build = _build(generator.settings)
    conf = generator.settings
    portraits.publish(build, generator.context.get("clinicians", []),
                      build.content_root / conf.get("CLINICIANS_FILE", "clinicians.yml"))
    for article in [a for name in _ARTICLE_LISTS for a in getattr(generator, name, [])]:
        if not pages.publish_pictures(build, article):
            articles.withdraw(generator, article)


def publish_page_pictures(generator):
    """Each page's pictures; a page with a refused picture is left out, like an article."""
    build = _build(generator.settings)
    for page in [p for name in _PAGE_LISTS for p in getattr(generator, name, [])]:
        if not pages.publish_pictures(build, page):
            for name in _PAGE_LISTS:
                listed = getattr(generator, name, [])
                if page in listed:
                    listed.remove(page)


def take_over_static_files(generators):
    """Refuse what must not be copied; keep Pelican from copying any original picture."""
    if not generators:
        return
    generator = next((g for g in generators if isinstance(g, (ArticlesGenerator, PagesGenerator))), generators[0])
    static_files.take_over(generator.context, _build(generator.settings))


def write_files(pelican):
    """Put this build's variants in the output; remove the files there that no page uses any more."""
    build = _current
    if build is None:
        return
    output = Path(pelican.output_path)
    for path, cached in sorted(build.files.items()):
        _place(cached, output / path)
    _remove_unused(output / build.folder, {output / path for path in build.files})
    build.store.close()
    if build.encoded or build.reused:
        print(f"images: {build.encoded} encoded, {build.reused} reused", file=sys.stderr)


def _build(conf):
    global _current
    if _current is None or _current.conf is not conf:
        _current = Build(conf)
    return _current


def _place(source, target):
    """A copy of the cache's file, never a hard link to it.

    A published file shared with the cache would change with it: a cache
    file damaged in place would be live at once, and the publish's chmod of
    the site would change the cache's modes.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    shutil.copyfile(source, target)


def _remove_unused(folder, used):
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_symlink() or path.is_file():
            if path not in used:
                path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
