"""asset_hashes: the theme's stylesheet, scripts and icons under content-hashed names.

A file whose name changes whenever its bytes do can be kept by browsers for
a year without asking again (the `_headers` file says so); a changed
stylesheet gets a new name, so no reader sees an old one. The names are
computed from the theme's files when the build starts (manifest.py), and
templates ask for them with asset("css/style.css"), so pages are rendered
with the final names; once Pelican has copied the theme's files, each is
written under its hashed name and its unhashed copy removed. Settings:
settings.py.
"""

from pelican import signals

from . import manifest, settings

# The assets of the build under way, by output folder.
_assets = {}


def compute_names(pelican):
    """Hash the theme's files and give templates asset()."""
    conf = pelican.settings
    length = settings.get(conf, "ASSET_HASH_LENGTH")
    assets = manifest.read(conf["THEME"], conf.get("THEME_STATIC_DIR", "theme"),
                           conf.get("THEME_STATIC_PATHS", ["static"]),
                           settings.get(conf, "ASSET_HASHES"), length)
    _assets[str(pelican.output_path)] = assets
    names = {asset.source: asset.published for asset in assets}
    conf["ASSET_NAMES"] = names
    conf.setdefault("JINJA_GLOBALS", {})["asset"] = manifest.Names(conf.get("THEME_STATIC_DIR", "theme"), names)


def publish(pelican):
    """Write the hashed files into the output, in place of Pelican's unhashed copies."""
    assets = _assets.pop(str(pelican.output_path), [])
    manifest.publish(assets, pelican.output_path, settings.get(pelican.settings, "ASSET_HASH_LENGTH"))


def register():
    """Connect to Pelican."""
    signals.initialized.connect(compute_names)
    signals.finalized.connect(publish)
