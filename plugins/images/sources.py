"""Files below content/ that may become published images: read and checked before anything is decoded.

A file is refused (with what is wrong and how to fix it) when it is a link
leading out of content/, when it is not a picture (a script, a web page, an
SVG drawing: on the clinic's own origin they would run code), when its
bytes are not the kind of picture its name says, or when it is too big to
decode safely. Only the header is read to learn a picture's size, so a huge
file is refused before it is decoded.
"""

import hashlib
import io
import math
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

# Extension -> the formats Pillow reports for such a file. Phones save some
# JPEGs as MPO (several pictures in one file); it is read as a JPEG.
EXTENSIONS = {
    ".jpg": ("JPEG", "MPO"), ".jpeg": ("JPEG", "MPO"), ".png": ("PNG",),
    ".webp": ("WEBP",), ".avif": ("AVIF",), ".gif": ("GIF",),
}
_NAMES = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP", "AVIF": "AVIF", "GIF": "GIF"}
_USUAL_EXTENSION = {"JPEG": ".jpg", "MPO": ".jpg", "PNG": ".png", "WEBP": ".webp", "AVIF": ".avif", "GIF": ".gif"}
# What a refused kind of file is, in words a clinician knows.
_KINDS = {
    ".html": "a web page", ".htm": "a web page", ".xhtml": "a web page", ".js": "a script", ".mjs": "a script",
    ".svg": "an SVG drawing (which can hold a script)", ".heic": "an iPhone HEIC photo", ".heif": "a HEIF photo",
}
PICTURE_LIST = ", ".join(EXTENSIONS)
NOT_A_PICTURE_FIX = (f"only pictures ({PICTURE_LIST}) are published from content/images/: delete it, "
                     "or export it as a JPEG (photos) or PNG (drawings) and use that")


@dataclass(frozen=True)
class Source:
    """A picture below content/ that passed every check: its bytes, format and size."""

    relative: str
    data: bytes
    format: str
    size: tuple

    @property
    def original_name(self):
        """The file name as uploaded, e.g. "john-smith-mrn-4471229.jpg" (it never reaches the site)."""
        return self.relative.rsplit("/", 1)[-1]

    @property
    def digest(self):
        """A sha256 of the file's bytes."""
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Refusal:
    """Why a file cannot be published: the file the message is about (below content/), what and how to fix."""

    relative: str
    message: str
    fix: str


def outside_link(content_root, relative):
    """(link, where it leads) for the first link on the way to `relative` that leaves content/; else None."""
    root = Path(os.path.realpath(content_root))
    here = Path(content_root)
    walked = []
    for part in Path(relative).parts:
        here = here / part
        walked.append(part)
        if here.is_symlink():
            target = Path(os.path.realpath(here))
            if not target.is_relative_to(root):
                return "/".join(walked), target
    return None


def read(content_root, relative, limits):
    """The Source at `relative` (below `content_root`), or the Refusal saying why it cannot be published.

    `limits` is (most bytes, most pixels).
    """
    link = outside_link(content_root, relative)
    if link:
        return refuse_link(*link)
    suffix = Path(relative).suffix.lower()
    if suffix not in EXTENSIONS:
        return refuse_kind(relative)
    path = Path(content_root) / relative
    most_bytes, most_pixels = limits
    try:
        length = path.stat().st_size
        if length > most_bytes:
            return Refusal(relative, f"is {length / 1e6:.1f} MB; the limit is {most_bytes / 1e6:g} MB",
                           "export it smaller (about 2400 pixels wide, JPEG quality 85 is plenty) and save it again")
        data = path.read_bytes()
    except OSError as error:
        return Refusal(relative, f"cannot be read ({error.strerror or error.__class__.__name__})",
                       "check that the file is there and readable, or remove the reference to it")
    return _check_picture(relative, data, suffix, most_pixels)


def refuse_link(link, target):
    """The Refusal of a link (file or folder) that leads out of content/."""
    return Refusal(link, f"is a link to {target}, outside content/, so it is not published",
                   "copy the picture itself into content/images/ and delete the link")


def refuse_kind(relative):
    """The Refusal of a file that is not a picture the site publishes."""
    suffix = Path(relative).suffix.lower()
    kind = _KINDS.get(suffix, f"a {suffix} file" if suffix else "a file without an extension")
    return Refusal(relative, f"is {kind}, not a picture, so it is not published", NOT_A_PICTURE_FIX)


def _check_picture(relative, data, suffix, most_pixels):
    expected = EXTENSIONS[suffix]
    with warnings.catch_warnings():
        # Pillow warns from about 89 megapixels; the limit here is lower and reported as a problem.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                found, size = image.format, image.size
        except Image.DecompressionBombError:
            return _too_many_pixels(relative, None, most_pixels)
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            return Refusal(relative, f"is named {suffix} but is not a picture: its contents are something else",
                           "export the picture again from a photo or drawing app (renaming a file does not "
                           "change what it is), or delete it")
    if found not in expected:
        return Refusal(relative, f"is named {suffix} but holds a {_NAMES.get(found, found)} picture",
                       f"rename it to end in {_USUAL_EXTENSION.get(found, '.jpg')}, or export it again as "
                       f"{_NAMES[expected[0]]}")
    if size[0] * size[1] > most_pixels:
        return _too_many_pixels(relative, size, most_pixels)
    return Source(relative, data, found, size)


def _too_many_pixels(relative, size, most_pixels):
    shown = f"{size[0] * size[1] / 1e6:.0f} megapixels ({size[0]} × {size[1]})" if size else "far above the limit"
    # A 4:3 photo this long on its longer side fits the limit; 2400 pixels is plenty for any page.
    side = min(2400, int(math.sqrt(most_pixels * 4 / 3)) // 100 * 100)
    return Refusal(relative, f"is {shown}; the limit is {most_pixels / 1e6:g} megapixels",
                   f"export it smaller, e.g. {side} pixels on the long side, and save it again")
