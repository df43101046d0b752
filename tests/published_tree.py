"""What a published tree holds, read back with real decoders: for the fault tests.

A fault (a damaged cache, a killed or starved publish) must never leave a
file that a server would send broken. `broken_files` opens every file the
way its consumer would: pre-compressed copies are decompressed and compared
with their page, pictures decoded with Pillow, Pagefind's files gunzipped
(each carries a CRC) and its fragments read as JSON, feeds and sitemaps
parsed as XML.
"""

import gzip
import hashlib
import io
import json
from pathlib import Path

import brotli
import lxml.etree
from PIL import Image

import sitebuild

DECODERS = {".gz": gzip.decompress, ".br": brotli.decompress}
PICTURES = {".png", ".jpg", ".jpeg", ".avif", ".webp"}
PAGEFIND_SIGNATURE = b"pagefind_dcd"


def digest(folder):
    """{relative path: sha256} of every file below `folder`."""
    folder = Path(folder)
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def _problem(path):
    """What is wrong with one published file, or None."""
    data = path.read_bytes()
    suffix = path.suffix
    if suffix in DECODERS:
        original = path.with_name(path.stem)
        if DECODERS[suffix](data) != original.read_bytes():
            return f"does not decompress to {original.name}"
    elif suffix in PICTURES:
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
    elif suffix.startswith(".pf_") or path.name.startswith("wasm."):
        unpacked = gzip.decompress(data)
        if not unpacked.startswith(PAGEFIND_SIGNATURE):
            return "is not a Pagefind file"
        if suffix == ".pf_fragment":
            json.loads(unpacked[len(PAGEFIND_SIGNATURE):])
    elif suffix == ".json":
        json.loads(data)
    elif suffix == ".xml":
        lxml.etree.fromstring(data)
    return None


def broken_files(output):
    """Every file of the tree that its consumer could not read, with why; [] when sound."""
    found = []
    for path in sorted(Path(output).rglob("*")):
        if not path.is_file():
            continue
        try:
            problem = _problem(path)
        except Exception as error:  # any decoder's complaint means the file is broken
            problem = f"{type(error).__name__}: {error}"
        if problem:
            found.append(f"{path.relative_to(output)}: {problem}")
    return found


PICTURE_LINE = "![A frosted window with a thermometer reading minus five]({static}/images/frost.jpg)"


def make_site(directory):
    """The fixture site with one photo in an article, so the images cache is used too."""
    site = sitebuild.make_site(directory)
    pixels = Image.effect_noise((640, 420), 64).convert("RGB")
    (site / "content" / "images").mkdir(exist_ok=True)
    pixels.save(site / "content" / "images" / "frost.jpg", quality=90)
    article = site / "content" / "myths" / "cold-weather.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("## Sources", f"{PICTURE_LINE}\n\n## Sources"), encoding="utf-8")
    return site
