"""Each source's encoded variants, kept on disk between builds.

A source is encoded once per distinct (bytes, widths, encoder settings,
code): the sha256 of those is the key of a cache folder holding the variant
files and a small index. The same key names the published files, so a
changed photo or setting gets new addresses, and a CDN may keep every
image for a year.
"""

import hashlib
import json
import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from clinic import kept_results
from clinic.files import write_atomic

from . import encode

_INDEX = "variants.json"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Variant:
    """One encoded file: its format, size in pixels and bytes, and where the cache keeps it."""

    format: str
    width: int
    height: int
    length: int
    file: Path
    digest: str

    @property
    def extension(self):
        """The published file's extension."""
        return encode.EXTENSIONS[self.format]

    @property
    def mime_type(self):
        """The type a <source> element names."""
        return encode.MIME_TYPES[self.format]


@dataclass(frozen=True)
class Encoded:
    """A source's variants and the key (a sha256) that names them."""

    key: str
    variants: tuple
    reused: bool

    @property
    def fallback(self):
        """The variants every browser shows (JPEG, or PNG), narrowest first."""
        return [v for v in self.variants if v.format in ("jpeg", "png")]

    def of_format(self, kind):
        """The variants in one format, narrowest first."""
        return [v for v in self.variants if v.format == kind]


class Store:
    """The cache folder of encoded variants (a temporary one when the settings keep none)."""

    def __init__(self, folder, encoding):
        self.encoding = encoding
        self._temporary = folder is None
        self.folder = Path(tempfile.mkdtemp(prefix="clinic-images-")) if folder is None else Path(folder)
        self.code = kept_results.code_fingerprint([encode], ["pillow"])
        self._warned = False

    def variants(self, source, widths):
        """The Encoded variants of `source` at `widths`, from the cache or encoded now."""
        key = kept_results.key(source.digest, list(widths), self.encoding, self.code)
        folder = self.folder / key[:2] / key
        kept = self._read(folder)
        if kept is not None:
            return Encoded(key, kept, True)
        picture = encode.pixels(source.data, max(widths))
        # A JPEG decoded smaller is still at least as wide as the widest variant.
        chosen = encode.widths_for(picture.width, widths)
        encoded = encode.encode(picture, chosen, self.encoding["formats"], self.encoding["quality"],
                                self.encoding["avif_speed"])
        return Encoded(key, self._write(folder, encoded), False)

    def close(self):
        """Remove the folder when it was only for this build."""
        if self._temporary:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _read(self, folder):
        try:
            index = json.loads((folder / _INDEX).read_bytes())
            found = tuple(Variant(item["format"], item["width"], item["height"], item["length"],
                                  folder / item["file"], item["sha256"]) for item in index)
            # A truncated or garbled file is encoded again, never published.
            if all(_digest(v.file.read_bytes()) == v.digest for v in found):
                return found
        except FileNotFoundError:
            if not folder.exists():
                return None
        except (OSError, ValueError, KeyError, TypeError):
            pass
        if not self._warned:
            self._warned = True
            logger.warning("images: the encoded pictures kept in %s were damaged (truncated, garbled or "
                           "emptied); the damaged ones are encoded again.", self.folder)
        return None

    def _write(self, folder, encoded):
        """Write the files, then the index, each under a temporary name renamed into place."""
        folder.mkdir(parents=True, exist_ok=True)
        found = []
        for kind, width, height, data in encoded:
            target = folder / f"{width}.{encode.EXTENSIONS[kind]}"
            write_atomic(target, data)
            found.append(Variant(kind, width, height, len(data), target, _digest(data)))
        index = [{"format": v.format, "width": v.width, "height": v.height, "length": v.length,
                  "file": v.file.name, "sha256": v.digest} for v in found]
        write_atomic(folder / _INDEX, json.dumps(index).encode())
        return tuple(found)


def _digest(data):
    return hashlib.sha256(data).hexdigest()
