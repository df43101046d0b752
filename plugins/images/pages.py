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


def publish_pictures(build, content):
    """Give `content` its `images`, its body's pictures rewritten; False when a problem withdraws it.

    Every picture is checked before any is encoded, so an article that is
    withdrawn costs no encoding and reports no budget.
    """
    body = content._content or ""
    lines = _Lines(content)
    content.images = []
    uses = []
    failed = False
    # Pelican works out an address and folder anew on every read: once per article, not per link.
    relative_dir = url = None
    for match, name, attributes in markup.tags(body):
        address = attributes.get("src" if name == "img" else "href", "")
        if markup.elsewhere(address, build.siteurl):
            continue
        if url is None:
            relative_dir, url = content.relative_dir, content.url
        relative = markup.resolve(address, relative_dir, url, build.siteurl)
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
        failed |= name == "img" and not _described(content, image)
        uses.append((match, name, attributes, source, image))
    failed |= _header_pictures(build, content)
    if failed:
        return False
    written, last = [], 0
    for match, name, attributes, source, image in uses:
        _encode(build, content, source, image)
        written.append(body[last:match.start()])
        if name == "img":
            written.append(markup.picture(image, attributes, build.site_root, settings.get(build.conf, "IMAGES_SIZES")))
        else:
            written.append(markup.with_href(match, attributes, image.largest(build.site_root)))
        last = match.end()
    if written:
        content._content = "".join(written) + body[last:]
    content.images[:0] = [image for *_, image in uses]
    return True


def _described(content, image):
    """Report a picture without a description (an error: False) or a decorative one with one (a warning)."""
    if not image.alt and not image.decorative:
        articles.report(content, "image", f"{image.source} has no description (alt text)", ALT_FIX, line=image.line)
        return False
    if image.alt and image.decorative:
        articles.report(content, "image", f"{image.source} is marked decorative but has a description, "
                        "which screen readers will not read",
                        "delete {.decorative} if the picture tells something; otherwise delete the description",
                        severity=problems.WARNING, line=image.line)
    return True


def _encode(build, content, source, image):
    """Give `image` its published files; warn about each above the budget."""
    image.files, over = build.files_for(source, content.slug, settings.get(build.conf, "IMAGES_WIDTHS"))
    for file in over:
        articles.report(content, "image", f"{image.source} is {_kilobytes(file.length)} as a {file.width}-pixel "
                        f"{file.format.upper()}, above the {_kilobytes(build.budget)} budget", BUDGET_FIX,
                        severity=problems.WARNING, line=image.line)


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


def _kilobytes(length):
    return f"{length / 1000:.0f} KB" if length >= 10_000 else f"{length / 1000:.1f} KB"


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
