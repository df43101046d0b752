"""One build's images: each source read and checked once, its variants named and listed for the output.

Published files are named from the page's slug and the variants' key, never
from the uploaded file name, so a name like `john-smith-mrn-4471229.jpg`
never reaches an address; the original name stays on `Published` for the
privacy checks.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from . import settings, sources, variants

_UNSAFE = re.compile(r"[^a-z0-9]+")
# Characters of the key in a published name: enough that two sources never meet.
KEY_LENGTH = 12


@dataclass(frozen=True)
class File:
    """One published variant: its path in the output and what it is."""

    path: str
    format: str
    width: int
    height: int
    length: int
    cached: Path


@dataclass
class Published:
    """A picture as a page shows it (article.images holds one per use; clinician.portrait one).

    source         the file below content/, e.g. "images/john-smith-mrn-4471229.jpg"
    original_name  its name as uploaded ("john-smith-mrn-4471229.jpg"); never published
    field          where the article names it: "body" (shown), or the header field ("image", "photo")
    line           the line of the article's source that names it
    alt            the description as written ("" when none)
    decorative     marked {.decorative}: shown with an empty alt
    files          the published variants (File), every format and width; empty for a picture
                   only named in the header, which no page shows
    """

    source: str
    original_name: str
    field: str
    line: int
    alt: str = ""
    decorative: bool = False
    files: list = field(default_factory=list)

    @property
    def fallback_type(self):
        """The MIME type every browser shows (JPEG or PNG)."""
        return next(f"image/{f.format}" for f in reversed(self.files) if f.format in ("jpeg", "png"))

    @property
    def modern_types(self):
        """The MIME types offered before the fallback, in the configured order."""
        return list(dict.fromkeys(f"image/{f.format}" for f in self.files if f.format not in ("jpeg", "png")))

    @property
    def width(self):
        """The widest variant's width: with `height`, the picture's shape, so the page keeps its place."""
        return self.files[-1].width

    @property
    def height(self):
        """The widest variant's height."""
        return self.files[-1].height

    def srcset(self, mime_type, siteurl):
        """The srcset of one format: every width, narrowest first."""
        return ", ".join(f"{siteurl}/{f.path} {f.width}w" for f in self.files if f"image/{f.format}" == mime_type)

    def src(self, siteurl):
        """The fallback closest to 960 pixels wide: what a browser without srcset shows."""
        fallback = [f for f in self.files if f"image/{f.format}" == self.fallback_type]
        return f"{siteurl}/{min(fallback, key=lambda f: abs(f.width - 960)).path}"

    def at_density(self, mime_type, siteurl, size):
        """(1x address, srcset) of one format for a picture shown `size` CSS pixels wide: the
        narrowest file wide enough on an ordinary screen, then on a sharp (2x) one. Shorter
        than a width list, for the small photos repeated on many pages."""
        files = [f for f in self.files if f"image/{f.format}" == mime_type]
        chosen = [next((f for f in files if f.width >= size * density), files[-1]) for density in (1, 2)]
        one, two = chosen
        return f"{siteurl}/{one.path}", (f"{siteurl}/{two.path} 2x" if two is not one else "")

    def largest(self, siteurl):
        """The widest fallback, for a link to the picture itself."""
        return f"{siteurl}/{[f for f in self.files if f'image/{f.format}' == self.fallback_type][-1].path}"


class Build:
    """What this build publishes: sources read once, files to put in the output."""

    def __init__(self, conf):
        self.conf = conf
        self.content_root = Path(conf["PATH"])
        self.siteurl = conf.get("SITEURL", "")
        # Pages name their pictures by path only: the sanitiser keeps no image
        # address that names a host, and feeds resolve paths against the page.
        self.site_root = urlsplit(self.siteurl).path.rstrip("/")
        self.limits = (settings.get(conf, "IMAGES_MAX_SOURCE_BYTES"), settings.get(conf, "IMAGES_MAX_SOURCE_PIXELS"))
        self.folder = settings.get(conf, "IMAGES_DIR").strip("/")
        self.budget = settings.get(conf, "IMAGES_VARIANT_BUDGET")
        self.store = variants.Store(settings.cache_dir(conf), settings.encoding(conf))
        self.files = {}
        self.encoded = 0
        self.reused = 0
        self._read = {}

    def source(self, relative):
        """The Source or Refusal of a file below content/, read once per build."""
        if relative not in self._read:
            self._read[relative] = sources.read(self.content_root, relative, self.limits)
        return self._read[relative]

    def files_for(self, source, slug, widths):
        """The published File of every variant of `source` on a page with `slug`; (files, over budget)."""
        encoded = self.store.variants(source, widths)
        if encoded.reused:
            self.reused += 1
        else:
            self.encoded += 1
        stem = _UNSAFE.sub("-", slug.lower()).strip("-") or "image"
        files = []
        for variant in encoded.variants:
            path = f"{self.folder}/{stem}-{encoded.key[:KEY_LENGTH]}-{variant.width}.{variant.extension}"
            files.append(File(path, variant.format, variant.width, variant.height, variant.length, variant.file))
            self.files[path] = variant.file
        # Order the <source> elements and srcset lists read: by format as configured, then width.
        order = {kind: n for n, kind in enumerate(dict.fromkeys(f.format for f in files))}
        files.sort(key=lambda f: (order[f.format], f.width))
        over = [f for f in files if f.length > self.budget]
        return files, over
