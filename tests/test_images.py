"""images: every published picture is re-encoded pixels, sized for the screen, named by its content.

A real site is built from real Markdown holding a phone photo full of
metadata (named after the patient, as uploads are), a drawing with
transparent parts, a decorative picture and a picture without a
description. The output is read with exiftool and Pillow, the pages with
Beautiful Soup, the search index as Pagefind wrote it, and the story is
opened in headless Chromium at a phone's width.
"""

import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

import sitebuild

sys.path.insert(0, str(sitebuild.ROOT / "bench"))
sys.path.insert(0, str(sitebuild.ROOT))

import photos  # noqa: E402
import pelicanconf  # noqa: E402

FIXTURES = sitebuild.ROOT / "tests" / "fixtures" / "images"
EXIFTOOL = Path("/usr/bin/exiftool")
# A camera's own name: a name such as john-smith.jpg would be refused by the
# privacy check (tests/test_privacy_clearing.py) before it could leak here.
PHOTO = "images/IMG_4471.jpg"
# The photo as a phone saves it held upright: 2000 × 1500 pixels, turned a quarter by its EXIF.
PHOTO_SIZE = (2000, 1500)
NAME = re.compile(r"^/images/(?P<slug>[a-z0-9-]+)-(?P<key>[0-9a-f]{12})-(?P<width>\d+)\.(?P<ext>avif|jpg|png)$")

STORY = """Title: Back on her feet
Date: 2026-03-02 09:00
Category: Patient Stories
Tags: surgery
Slug: back-on-her-feet
Authors: Ana Ruiz
Summary: How J. walked again.
Reviewed_by: Ben Cole
Reviewed_on: 2026-03-01
Consent: CR-2026-031
Consent_date: 2026-02-20
Consent_expires: 2029-02-20
Consent_scope: web, social, feeds
Results_typical: yes
Photo_consent: yes

J. started physical therapy two weeks after surgery.

""" + "She kept at her exercises every day, and walked a little further each week. " * 40 + """

![J. walking in the park, three months after surgery]({static}/images/IMG_4471.jpg)

![How the knee joint is replaced]({static}/images/knee-diagram.png)

![]({static}/images/leaf.png){.decorative}

See [the full photo]({static}/images/IMG_4471.jpg).
"""

NO_ALT = """Title: Knees and cold weather
Date: 2026-03-03 09:00
Category: Myths
Tags: colds
Slug: knees-and-cold
Authors: Ana Ruiz
Summary: Do knees ache in the cold?
Reviewed_by: Ben Cole
Reviewed_on: 2026-03-01
Claim: Cold weather ruins knees
Fact: Cold weather does not damage knees
Verdict: False

Text.

![]({static}/images/knee-diagram.png)

## Sources

- [CDC](https://www.cdc.gov/)
"""
NO_ALT_LINE = 16
STORY_PHOTO_LINE = STORY.splitlines().index(
    "![J. walking in the park, three months after surgery]({static}/images/IMG_4471.jpg)") + 1


def add_pictures(site):
    """The photo, a drawing with transparent parts, a small decorative picture, and the articles."""
    images = site / "content" / "images"
    images.mkdir(parents=True, exist_ok=True)
    photos.phone_photo(site / "content" / PHOTO, size=PHOTO_SIZE, orientation=6)
    drawing = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    drawing.paste((20, 110, 160, 255), (40, 40, 260, 160))
    drawing.save(images / "knee-diagram.png")
    Image.new("RGB", (120, 80), (90, 160, 90)).save(images / "leaf.png")
    (images / "clinicians").mkdir()
    Image.new("P", (256, 256), 3).save(images / "clinicians" / "ana-ruiz.png")
    registry = site / "content" / "clinicians.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "  bio: Dr. Ruiz", "  photo: images/clinicians/ana-ruiz.png\n  bio: Dr. Ruiz"), encoding="utf-8")
    sitebuild.write(site, "stories/back-on-her-feet.md", STORY)
    sitebuild.write(site, "myths/knees-and-cold.md", NO_ALT)


def settings_json(**values):
    """Pelican -e arguments for these settings."""
    return ("-e", *(f"{key}={json.dumps(value)}" for key, value in values.items()))


def production(site, **settings):
    """Build `site` with publishconf.py (strictness off), the attribute dump plugin added."""
    extra = settings_json(CLINIC_STRICT=False, PLUGINS=[*pelicanconf.PLUGINS[:-1], "dump_images", "problem_report"],
                          PLUGIN_PATHS=[str(sitebuild.ROOT / "plugins"), str(FIXTURES)], **settings)
    return sitebuild.build(site, settings="publishconf.py", extra=extra)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture site with the pictures, built for production."""
    site = sitebuild.make_site(tmp_path_factory.mktemp("images"))
    add_pictures(site)
    result = production(site)
    assert result.returncode == 0, result.stderr
    return result


GUIDE = sitebuild.ROOT / "docs" / "WRITING.md"


def _general(text):
    """A message with its file names, numbers and formats made general, to compare with the guide's."""
    text = re.sub(r"images/[\w/.-]+", "FILE", text)
    text = re.sub(r"\b(AVIF|WEBP|JPEG|PNG)\b", "FORMAT", text)
    return re.sub(r"\d+(?:\.\d+)?", "N", text)


def assert_in_guide(line):
    """The guide's table of messages shows this printed problem (its field and message, before the fix)."""
    message = line.split(": ", 1)[1].split(" — ")[0]
    assert _general(message) in _general(GUIDE.read_text(encoding="utf-8")), message


def published_images(output):
    return sorted(p for p in (output / "images").rglob("*") if p.is_file())


def story(built):
    return BeautifulSoup(built.page("patient-stories/back-on-her-feet/index.html"), "html.parser")


def test_no_published_image_carries_anything_but_pixels(built):
    if not EXIFTOOL.exists():
        if os.environ.get("CI"):
            pytest.fail("exiftool is missing: .ci/run installs libimage-exiftool-perl")
        pytest.skip("exiftool is not installed (apt-get install libimage-exiftool-perl); CI runs this test")
    files = published_images(built.output)
    assert len(files) > 10
    read = subprocess.run([str(EXIFTOOL), "-j", "-G", "-a", "-u", *map(str, files)], capture_output=True,
                          text=True, check=True)
    for tags in json.loads(read.stdout):
        name = tags["SourceFile"]
        groups = {key.split(":")[0] for key in tags if ":" in key}
        assert not groups & {"EXIF", "GPS", "XMP", "IPTC", "MakerNotes", "ICC_Profile", "Photoshop", "APP14"}, (
            name, sorted(groups))
        assert not [key for key in tags if key.split(":")[-1] in ("Comment", "ThumbnailImage", "Orientation")], name
        text = json.dumps(tags)
        for secret in (photos.OWNER, photos.SERIAL, "iPhone", "Apple", "GPS"):
            assert secret not in text, (name, secret)
    for path in files:
        data = path.read_bytes()
        assert photos.OWNER.encode() not in data and photos.SERIAL.encode() not in data, path
        with Image.open(path) as image:
            assert not set(image.info) & {"exif", "icc_profile", "xmp", "comment", "photoshop"}, (path, image.info)
            assert len(image.getexif()) == 0, path


def test_the_original_and_its_name_never_reach_the_site(built):
    original = (built.site / "content" / PHOTO).read_bytes()
    digest = hashlib.sha256(original).hexdigest()
    for path in (p for p in built.output.rglob("*") if p.is_file()):
        relative = path.relative_to(built.output).as_posix()
        assert "IMG_4471" not in relative and "4471229" not in relative, relative
        data = path.read_bytes()
        if path.suffix == ".pf_fragment":
            data = gzip.decompress(data)
        assert hashlib.sha256(data).hexdigest() != digest, relative
        assert b"IMG_4471" not in data and b"4471229" not in data and b"John Smith" not in data, relative


def test_the_photo_is_published_upright_in_a_few_widths_never_wider_than_itself(built):
    picture = story(built).find("img", alt=re.compile("^J. walking")).parent
    assert picture.name == "picture"
    source = picture.find("source")
    assert source["type"] == "image/avif"
    img = picture.find("img")
    # Upright: the phone held it turned, 1500 pixels across.
    assert (int(img["width"]), int(img["height"])) == (1500, 2000)
    for srcset, ext in ((source["srcset"], "avif"), (img["srcset"], "jpg")):
        candidates = [candidate.split(" ") for candidate in srcset.split(", ")]
        assert [int(width.removesuffix("w")) for _, width in candidates] == [480, 960, 1500]
        for url, width in candidates:
            found = NAME.match(url)
            assert found and found["slug"] == "back-on-her-feet" and found["ext"] == ext, url
            with Image.open(built.output / url.lstrip("/")) as variant:
                assert variant.width == int(width.removesuffix("w"))
                assert variant.height == round(variant.width * 2000 / 1500)
    assert NAME.match(img["src"]) and img["src"].endswith("-960.jpg")
    assert source["sizes"] == img["sizes"] and "100vw" in img["sizes"]
    assert img["loading"] == "lazy"


def test_a_drawing_with_transparent_parts_falls_back_to_png_and_keeps_its_own_width(built):
    img = story(built).find("img", alt="How the knee joint is replaced")
    assert (img["width"], img["height"]) == ("300", "200")
    assert [c.split(" ")[1] for c in img["srcset"].split(", ")] == ["300w"]
    assert img["src"].endswith("-300.png") and NAME.match(img["src"])
    with Image.open(built.output / img["src"].lstrip("/")) as fallback:
        assert fallback.mode == "RGBA" and fallback.getpixel((0, 0))[3] == 0


def test_a_decorative_picture_has_an_empty_description(built):
    img = story(built).find("img", class_="decorative")
    assert img["alt"] == "" and NAME.match(img["src"])


def test_a_link_to_the_photo_points_at_its_largest_published_version(built):
    link = story(built).find("a", string="the full photo")
    assert NAME.match(link["href"]) and link["href"].endswith("-1500.jpg")
    assert (built.output / link["href"].lstrip("/")).is_file()


def test_a_picture_without_a_description_is_an_error_and_its_article_is_left_out(built):
    fix = ("describe what it shows, e.g. ![A nurse checks a blood pressure reading]({static}/images/NAME.jpg); "
           "a picture that only decorates gets an empty description and {.decorative}: "
           "![]({static}/images/NAME.jpg){.decorative}")
    assert (f"content/myths/knees-and-cold.md:{NO_ALT_LINE}: Image: images/knee-diagram.png has no description "
            f"(alt text) — {fix}") in built.problem_lines()
    assert not (built.output / "myths" / "knees-and-cold").exists()
    assert_in_guide(next(line for line in built.problem_lines() if "has no description" in line))


def test_each_article_lists_its_pictures_with_their_original_names(built):
    seen = json.loads((built.site / "images.json").read_text(encoding="utf-8"))
    pictures = seen["back-on-her-feet.md"]
    assert [(p["source"], p["original_name"], p["alt"]) for p in pictures] == [
        (PHOTO, "IMG_4471.jpg", "J. walking in the park, three months after surgery"),
        ("images/knee-diagram.png", "knee-diagram.png", "How the knee joint is replaced"),
        ("images/leaf.png", "leaf.png", ""),
        (PHOTO, "IMG_4471.jpg", ""),
    ]
    assert pictures[2]["decorative"] and pictures[0]["line"] == STORY_PHOTO_LINE
    assert all(path.startswith("images/back-on-her-feet-") for p in pictures for path in p["files"])


def test_the_search_index_shows_the_processed_picture(built):
    fragments = {}
    for path in (built.output / "pagefind" / "fragment").glob("*.pf_fragment"):
        fragment = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
        fragments[fragment["url"]] = fragment
    image = fragments["/patient-stories/back-on-her-feet/"]["meta"]["image"]
    assert NAME.match(image) and (built.output / image.lstrip("/")).is_file()


def test_clinicians_photos_are_published_the_same_way(built):
    page = BeautifulSoup(built.page("clinicians/ana-ruiz/index.html"), "html.parser")
    img = page.select_one("img.portrait")
    assert re.match(r"^https?://[^/]+/images/ana-ruiz-[0-9a-f]{12}-128\.jpg$", img["src"]), img["src"]
    assert re.match(r"^https?://[^/]+/images/ana-ruiz-[0-9a-f]{12}-256\.jpg 2x$", img["srcset"]), img["srcset"]
    assert (img["width"], img["height"]) == ("128", "128")
    assert img.parent.name == "picture" and img.parent.source["type"] == "image/avif"
    assert not list(built.output.rglob("clinicians/*.png"))
    byline = story(built).select_one("img.avatar")
    assert (byline["width"], byline["height"]) == ("44", "44") and re.search(r"/ana-ruiz-[0-9a-f]{12}-128\.jpg$",
                                                                               byline["src"])
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert re.search(r"/images/ana-ruiz-[0-9a-f]{12}-256\.jpg", json.dumps(data))


def test_two_builds_publish_the_same_bytes_and_a_rebuild_encodes_nothing(built, tmp_path):
    again = sitebuild.make_site(tmp_path / "again", built.site / "content")
    second = production(again)
    assert second.returncode == 0, second.stderr
    first_files = {p.relative_to(built.output): p.read_bytes() for p in published_images(built.output)}
    second_files = {p.relative_to(second.output): p.read_bytes() for p in published_images(second.output)}
    assert first_files == second_files
    third = production(again)
    assert re.search(r"^images: 0 encoded, \d+ reused$", third.stderr, re.M), third.stderr[-2000:]
    assert {p.relative_to(third.output): p.read_bytes() for p in published_images(third.output)} == first_files


def test_a_garbled_cached_variant_is_encoded_again_never_published(built, tmp_path):
    again = sitebuild.make_site(tmp_path / "garbled", built.site / "content")
    assert production(again).returncode == 0
    indexes = list(again.rglob("variants.json"))
    assert indexes, "no image cache was written"
    for index in indexes:
        for item in json.loads(index.read_text(encoding="utf-8")):
            cached = index.parent / item["file"]
            data = bytearray(cached.read_bytes())
            data[len(data) // 2] ^= 0xFF  # same length: a size check alone would reuse it
            cached.write_bytes(bytes(data))
    rebuilt = production(again)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert re.search(r"^images: [1-9]\d* encoded", rebuilt.stderr, re.M), rebuilt.stderr[-2000:]
    first_files = {p.relative_to(built.output): p.read_bytes() for p in published_images(built.output)}
    assert {p.relative_to(rebuilt.output): p.read_bytes() for p in published_images(rebuilt.output)} == first_files


def test_budgets_warn_and_an_oversized_source_is_an_error_with_a_fix(tmp_path):
    site = sitebuild.make_site(tmp_path / "limits")
    add_pictures(site)
    sitebuild.write(site, "myths/leaves.md", NO_ALT.replace("knees-and-cold", "leaves").replace(
        "![]({static}/images/knee-diagram.png)", "![A green leaf]({static}/images/leaf.png)"))
    result = production(site, IMAGES_MAX_SOURCE_PIXELS=2_000_000, IMAGES_VARIANT_BUDGET=100)
    assert result.returncode == 0, result.stderr
    lines = result.problem_lines()
    assert (f"content/stories/back-on-her-feet.md:{STORY_PHOTO_LINE}: Image: {PHOTO} is 3 megapixels (2000 × 1500); "
            "the limit is 2 megapixels — export it smaller, e.g. 1600 pixels on the long side, and save it again"
            ) in lines
    assert not (result.output / "patient-stories" / "back-on-her-feet").exists()
    for line in lines:
        if "megapixels" in line or "budget" in line:
            assert_in_guide(line)
    budget = [line for line in lines if "budget" in line]
    assert budget and all(re.match(r"content/myths/leaves\.md:16: Image: images/leaf\.png is \d+\.\d KB as a 120-pixel "
                                   r"(AVIF|JPEG), above the 0\.1 KB budget — crop it", line) for line in budget), budget
    # The clinician's photo and the published article's picture were encoded; withdrawn ones cost nothing.
    assert re.search(r"^images: 2 encoded", result.stderr, re.M), result.stderr[-1500:]


def test_a_picture_whose_bytes_are_not_its_kind_is_refused(tmp_path):
    site = sitebuild.make_site(tmp_path / "renamed")
    (site / "content" / "images").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (64, 48), "teal").save(site / "content" / "images" / "scan.png", "JPEG")
    result = production(site)
    assert ("content/images/scan.png:1: file: is named .png but holds a JPEG picture — rename it to end in .jpg, "
            "or export it again as PNG") in result.problem_lines()
    assert not list(result.output.rglob("scan*"))
    assert_in_guide(next(line for line in result.problem_lines() if "scan.png" in line))


@pytest.mark.parametrize("scale, width", [(1, 480), (2, 960)])
def test_a_phone_downloads_the_small_variant_and_nothing_moves(built, browser, scale, width):
    import functools
    import threading
    from http.server import ThreadingHTTPServer

    from conftest import QuietHandler

    handler = functools.partial(QuietHandler, directory=str(built.output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        context = browser.new_context(viewport={"width": 375, "height": 667}, device_scale_factor=scale)
        page = context.new_page()
        page.add_init_script("""window.__shift = 0; new PerformanceObserver(list => {
            for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
        }).observe({type: 'layout-shift', buffered: true});""")
        base = f"http://127.0.0.1:{server.server_port}"
        # The published pages name the production host for everything but the article's own
        # pictures (which are named by path): those requests are simply not answered.
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
        page.goto(f"{base}/patient-stories/back-on-her-feet/", wait_until="load")
        photo = page.locator("img[alt^='J. walking']")
        assert photo.get_attribute("loading") == "lazy"
        assert photo.evaluate("img => img.currentSrc") == ""  # below the first screen: not loaded yet
        box_before = photo.bounding_box()
        for picture in page.locator(".article-body picture img").all():
            picture.scroll_into_view_if_needed()
            picture.evaluate("img => img.decode()")
        current = photo.evaluate("img => img.currentSrc")
        assert current.endswith(f"-{width}.avif"), current
        box_after = photo.bounding_box()
        assert abs(box_after["height"] - box_before["height"]) < 1
        assert abs(box_after["height"] / box_after["width"] - 2000 / 1500) < 0.01
        assert page.evaluate("window.__shift") < 0.001
        context.close()
    finally:
        server.shutdown()
