"""The published name of each hashed theme file, and writing those files.

The names are computed once, from the theme's bytes as the build starts, so
every page is rendered with the name of the file that is written: the bytes
read then are the bytes published, even if the theme is edited mid-build.
"""

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


@dataclass(frozen=True)
class Asset:
    """One theme file: where it is in the theme, where it is published, and its bytes."""

    source: str  # site-relative, e.g. theme/css/style.css
    published: str  # e.g. theme/css/style.0123456789ab.css
    data: bytes


@dataclass(frozen=True)
class Names:
    """The template global asset(): a plain object, since Pelican pickles its settings."""

    static_dir: str
    names: dict

    def __call__(self, relative):
        """The published site-relative address of a theme file, e.g. asset("css/style.css")."""
        return self.names[f"{self.static_dir}/{relative}"]


def hashed_name(relative, data, length):
    """`css/style.css` with `length` hex digits of the SHA-256 of `data` before its suffix."""
    path = PurePosixPath(relative)
    digest = hashlib.sha256(data).hexdigest()[:length]
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def read(theme, static_dir, static_paths, relatives, length):
    """The Asset for each theme file in `relatives`, found as Pelican finds theme files."""
    assets = []
    for relative in relatives:
        source = _find(Path(theme), static_paths, relative)
        data = source.read_bytes()
        assets.append(Asset(f"{static_dir}/{relative}", f"{static_dir}/{hashed_name(relative, data, length)}", data))
    return assets


def publish(assets, output, length):
    """Write each asset under its hashed name; remove its unhashed copy and older hashed ones."""
    output = Path(output)
    for asset in assets:
        target = output / asset.published
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(asset.data)
        source = PurePosixPath(asset.source)
        older = re.compile(rf"{re.escape(source.stem)}\.[0-9a-f]{{{length}}}{re.escape(source.suffix)}")
        for sibling in target.parent.iterdir():
            if sibling != target and (sibling.name == source.name or older.fullmatch(sibling.name)):
                sibling.unlink()


def _find(theme, static_paths, relative):
    # Pelican copies each of THEME_STATIC_PATHS' contents into the theme folder,
    # later paths over earlier ones.
    for static_path in reversed(static_paths):
        candidate = theme / static_path / relative
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"ASSET_HASHES: {relative} is not in the theme's static files")
