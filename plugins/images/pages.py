"""Each article's and page's pictures: checked, described, published as <picture> elements.

Runs once the article list is final (after the content model and privacy
checks withdrew what they must), so a withdrawn story's photos are never
encoded or published.
"""

from pathlib import Path

from clinic import articles, problems

from . import markup, settings, sources
from .publishing import Published

ALT_FIX = ("describe what it shows, e.g. ![A nurse checks a blood pressure reading]({static}/images/NAME.jpg); "
           "a picture that only decorates gets an empty description and {.decorative}: "
           "![]({static}/images/NAME.jpg){.decorative}")
BUDGET_FIX = ("crop it to what matters, or export it with less detail (a busy background costs most); "
              "the limit is IMAGES_VARIANT_BUDGET in pelicanconf.py")
HEADER_FIELDS = ("image", "photo")


def publish_pictures(build, content, siteurl):
    """Give `content` its `images`, its body's pictures rewritten; False when a problem withdraws it."""
    body = content._content or ""
    lines = _Lines(content)
    content.images = []
    failed = False
    written, last = [], 0
    sizes = settings.get(build.conf, "IMAGES_SIZES")
    widths = settings.get(build.conf, "IMAGES_WIDTHS")
    for match, name, attributes in markup.tags(body):
        address = attributes.get("src" if name == "img" else "href", "")
        relative = markup.resolve(address, content.relative_dir, content.url, siteurl)
        if relative is None or not _exists(build, relative):
            continue
        if name == "a" and Path(relative).suffix.lower() not in sources.EXTENSIONS:
            continue
        line = lines.of(address)
        source = build.source(relative)
        if isinstance(source, sources.Refusal):
            articles.report(content, "image", f"{relative} {source.message}", source.fix, line=line)
            failed = True
            continue
        image = Published(relative, source.original_name, "body", line, attributes.get("alt", "").strip(),
                          markup.decorative(attributes))
        if name == "img" and not image.alt and not image.decorative:
            articles.report(content, "image", f"{relative} has no description (alt text)", ALT_FIX, line=line)
            failed = True
        if name == "img" and image.alt and image.decorative:
            articles.report(content, "image", f"{relative} is marked decorative but has a description, "
                            "which screen readers will not read",
                            "delete {.decorative} if the picture tells something; otherwise delete the description",
                            severity=problems.WARNING, line=line)
        image.files, over = build.files_for(source, content.slug, widths)
        for file in over:
            articles.report(content, "image", f"{relative} is {file.length / 1000:.0f} KB as a {file.width}-pixel "
                            f"{file.format.upper()}, above the {build.budget / 1000:g} KB budget", BUDGET_FIX,
                            severity=problems.WARNING, line=line)
        content.images.append(image)
        written.append(body[last:match.start()])
        if name == "img":
            written.append(markup.picture(image, attributes, siteurl, sizes))
        else:
            written.append(markup.with_href(match, attributes, image.largest(siteurl)))
        last = match.end()
    if written:
        content._content = "".join(written) + body[last:]
    failed |= _header_pictures(build, content)
    return not failed


def _header_pictures(build, content):
    """Check the pictures the header names (no page shows them); True when one is refused."""
    failed = False
    for field, value in getattr(content, "media", []):
        if field not in HEADER_FIELDS:
            continue
        relative = markup.resolve(value, content.relative_dir, content.url, "")
        if relative is None or not _exists(build, relative):
            continue
        source = build.source(relative)
        line = articles.line_of(content, field)
        if isinstance(source, sources.Refusal):
            articles.report(content, field, f"{relative} {source.message}", source.fix)
            failed = True
            continue
        content.images.append(Published(relative, source.original_name, field, line))
    return failed


def _exists(build, relative):
    """True for a file (or a link, even a broken one) below content/."""
    return (build.content_root / relative).is_symlink() or (build.content_root / relative).is_file()


class _Lines:
    """The source lines where an article names its pictures, the file read only when asked."""

    def __init__(self, content):
        self.content = content
        self._text = None

    def of(self, address):
        """The first line at or after the body's where `address`, or its file name, is written."""
        start = articles.line_of(self.content, "_body")
        if self._text is None:
            try:
                self._text = Path(self.content.source_path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self._text = ""
        offset = sum(len(line) for line in self._text.splitlines(keepends=True)[:start - 1])
        for needle in (address, address.rsplit("/", 1)[-1]):
            found = self._text.find(needle, offset) if needle else -1
            if found >= 0:
                return self._text.count("\n", 0, found) + 1
        return start
