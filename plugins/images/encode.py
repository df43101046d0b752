"""Decode a picture and encode its published variants: nothing but pixels survives.

The source is decoded, turned upright (its EXIF orientation applied to the
pixels) and converted to sRGB with its colour profile; every variant is then
a new image made from those pixels alone, so no EXIF, GPS, XMP, IPTC, maker
note, comment, profile or embedded thumbnail can be carried over. Encoders
run with fixed settings and one thread, so the same source gives the same
bytes on every build.
"""

import io

from PIL import Image, ImageCms, ImageOps

MIME_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "png"}
_SRGB = ImageCms.createProfile("sRGB")
_ORIENTATION = 0x0112
# EXIF orientations that turn the picture a quarter: its width is the file's height.
_TURNED = (5, 6, 7, 8)


def widths_for(source_width, widths):
    """The variant widths of a source `source_width` pixels wide: those of `widths` narrower
    than it, and the source's own width when it is narrower than the largest."""
    chosen = sorted({width for width in widths if width < source_width})
    if source_width <= max(widths):
        chosen.append(source_width)
    return chosen or [source_width]


def pixels(data, largest_width):
    """The picture in `data`, upright, in sRGB, as RGB or (when any pixel is see-through) RGBA."""
    with Image.open(io.BytesIO(data)) as image:
        if image.format in ("JPEG", "MPO"):
            # Decoding at a half or a quarter of the size (never below the widest variant) is far quicker.
            across, down = image.size
            if image.getexif().get(_ORIENTATION) in _TURNED:
                across, down = down, across
            wanted = (largest_width, max(1, round(down * largest_width / across)))
            image.draft("RGB", wanted[::-1] if (across, down) != image.size else wanted)
        image.seek(0)
        upright = ImageOps.exif_transpose(image)
        return _in_srgb(upright, upright.info.get("icc_profile"))


def encode(picture, widths, formats, quality, avif_speed):
    """[(format, width, height, bytes)] for each width, in each of `formats` then the fallback."""
    fallback = "png" if picture.mode == "RGBA" else "jpeg"
    encoded = []
    for width in widths:
        height = max(1, round(picture.height * width / picture.width))
        resized = picture if width == picture.width else picture.resize(
            (width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        # A new image from the pixels alone: Image.info (profile, EXIF, comments) is not carried over.
        clean = Image.frombytes(resized.mode, resized.size, resized.tobytes())
        for kind in (*formats, fallback):
            encoded.append((kind, width, height, _encoded(clean, kind, quality, avif_speed)))
    return encoded


def _in_srgb(image, profile):
    """`image` converted to sRGB RGB or RGBA; a broken profile is ignored."""
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if alpha else "RGB"
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
                image = image.convert(mode)
            converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode if image.mode != "L"
                                                  else "RGB")
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    image = image.convert(mode) if image.mode != mode else image
    if mode == "RGBA" and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")
    return image


def _encoded(image, kind, quality, avif_speed):
    out = io.BytesIO()
    if kind == "avif":
        image.save(out, "AVIF", quality=quality["avif"], speed=avif_speed, max_threads=1)
    elif kind == "webp":
        image.save(out, "WEBP", quality=quality["webp"], method=4)
    elif kind == "jpeg":
        image.save(out, "JPEG", quality=quality["jpeg"], optimize=True, progressive=True)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()
