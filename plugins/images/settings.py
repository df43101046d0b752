"""The images plugin's settings and their defaults, read in this one place.

IMAGES_WIDTHS            widths in pixels of each content image's variants; never wider
                         than the source, whose own width is used when it is smaller
                         than the largest ((480, 960, 1600))
IMAGES_PORTRAIT_WIDTHS   the same for clinicians' photos, shown small ((64, 128, 256))
IMAGES_FORMATS           modern formats offered before the fallback, in order; any of
                         "avif", "webp" (("avif",)). The fallback is JPEG, or PNG for an
                         image with transparent parts
IMAGES_QUALITY           encoder quality per format ({"avif": 60, "webp": 78, "jpeg": 80})
IMAGES_AVIF_SPEED        libavif's speed, 0 (slowest, smallest) to 10 (8)
IMAGES_SIZES             the sizes attribute of an article's images: how wide the page
                         shows them, so a phone picks a small file
                         ("(max-width: 46rem) calc(100vw - 2rem), 44rem")
IMAGES_VARIANT_BUDGET    a published variant above this many bytes is a warning (200_000)
IMAGES_MAX_SOURCE_BYTES  a source file above this many bytes is an error (20_000_000)
IMAGES_MAX_SOURCE_PIXELS a source above this many pixels is an error (40_000_000)
IMAGES_DIR               folder of the published images inside the output ("images"); it
                         belongs to this plugin: files no page uses are removed from it
IMAGES_CACHE             folder where encoded variants are kept between builds, keyed by
                         a sha256 of the source's bytes, these settings and the code
                         ("images", below CACHE_PATH; an absolute path is used as it is;
                         "" keeps nothing)
"""

from pathlib import Path

DEFAULTS = {
    "IMAGES_WIDTHS": (480, 960, 1600),
    "IMAGES_PORTRAIT_WIDTHS": (64, 128, 256),
    "IMAGES_FORMATS": ("avif",),
    "IMAGES_QUALITY": {"avif": 60, "webp": 78, "jpeg": 80},
    "IMAGES_AVIF_SPEED": 8,
    "IMAGES_SIZES": "(max-width: 46rem) calc(100vw - 2rem), 44rem",
    "IMAGES_VARIANT_BUDGET": 200_000,
    "IMAGES_MAX_SOURCE_BYTES": 20_000_000,
    "IMAGES_MAX_SOURCE_PIXELS": 40_000_000,
    "IMAGES_DIR": "images",
    "IMAGES_CACHE": "images",
}


def get(settings, name):
    """The setting `name`, or its documented default."""
    return settings.get(name, DEFAULTS[name])


def cache_dir(settings):
    """The variant cache folder as an absolute path, or None when nothing is kept."""
    name = get(settings, "IMAGES_CACHE")
    if not name:
        return None
    folder = Path(name).expanduser()
    return folder if folder.is_absolute() else Path(settings.get("CACHE_PATH") or "cache").resolve() / folder


def encoding(settings):
    """Everything the encoded bytes depend on besides the source: part of each cache key and file name."""
    return {
        "formats": list(get(settings, "IMAGES_FORMATS")),
        "quality": dict(sorted(get(settings, "IMAGES_QUALITY").items())),
        "avif_speed": get(settings, "IMAGES_AVIF_SPEED"),
    }
