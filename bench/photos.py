"""Phone photos as a clinician would upload them: big, and full of metadata.

Used by the image benchmark (images.py) and the image tests. The pixels are
smooth shapes with sensor-like grain, so they compress like a photo rather
than like flat colour or pure noise; the metadata is what a phone writes
(make, model, owner, serial, orientation, a colour profile)
and a comment, plus, with exiftool, the GPS position, XMP, IPTC and an
embedded thumbnail.
"""

import io
import random
import subprocess

from PIL import Image, ImageCms, ImageFilter

PHONE_SIZE = (4032, 3024)
EXIFTOOL = "/usr/bin/exiftool"
# What the tests look for in published files; none of it may survive.
OWNER = "John Smith"
SERIAL = "SN-4471229"
_EXIF_IFD = 0x8769


def phone_photo(path, size=PHONE_SIZE, seed=1, orientation=1, exiftool=True, quality=96):
    """Write a photo-like JPEG with a phone's metadata to `path`; returns its bytes."""
    rng = random.Random(seed)
    small = Image.new("RGB", (48, 36))
    small.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(48 * 36)])
    picture = small.resize(size, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(size[0] // 200))
    grain = Image.merge("RGB", [Image.effect_noise(size, 40) for _ in range(3)])
    picture = Image.blend(picture, grain, 0.1)
    exif = Image.Exif()
    exif[0x010F] = "Apple"
    exif[0x0110] = "iPhone 15 Pro"
    exif[0x013B] = OWNER
    exif[0x0112] = orientation
    exif.get_ifd(_EXIF_IFD).update({0xA430: OWNER, 0xA431: SERIAL})
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=quality, exif=exif, icc_profile=srgb, comment=f"Photo of {OWNER}".encode())
    path.write_bytes(out.getvalue())
    if exiftool:
        thumbnail = path.with_suffix(".thumb.jpg")
        picture.resize((160, 120)).save(thumbnail, "JPEG")
        subprocess.run([EXIFTOOL, "-q", "-overwrite_original", f"-XMP-dc:Creator={OWNER}",
                        f"-IPTC:By-line={OWNER}", "-GPSLatitude=39.78701", "-GPSLatitudeRef=N",
                        "-GPSLongitude=89.65012", "-GPSLongitudeRef=W", "-IPTC:City=Springfield", f"-ThumbnailImage<={thumbnail}",
                        str(path)], check=True)
        thumbnail.unlink()
    return path.read_bytes()
