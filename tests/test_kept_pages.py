"""kept_pages: a build that changes nothing writes the last build's pages, byte for byte.

Real builds of the fixture site: the first keeps its pages, a second reuses
them. Every test holds the reused output to a build that rendered every page
(PAGE_CACHE off), and each change to an input must render every page again.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from types import SimpleNamespace

import pytest

import sitebuild
from published_tree import digest

NO_REUSE = ("-e", 'PAGE_CACHE=""')
LINE = re.compile(r"^pages: (\d+) rendered, (\d+) reused(?: \(changed: (.*)\))?$", re.M)


def counts(result):
    """(rendered, reused, what changed) from the build's one line about pages."""
    found = LINE.findall(result.stderr)
    assert len(found) == 1, result.stderr
    rendered, reused, changed = found[0]
    return int(rendered), int(reused), changed


def built(site, *extra):
    result = sitebuild.build(site, extra=extra)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result


def warnings_about_damage(result):
    """The start of each warning that says something was damaged (Pelican's console wraps long lines)."""
    said = " ".join((result.stdout + result.stderr).split())
    found = re.findall(r"kept_pages: (\d+ kept page\(s\) were damaged|the manifest)", said)
    assert len(found) == said.count("WARNING"), said
    return found


def rendered_everything(site):
    """The output a build gives that renders every page (the kept pages off)."""
    result = built(site, *NO_REUSE)
    assert not LINE.search(result.stderr)
    return digest(site / "output")


def manifest(site):
    return site / ".cache" / "pages" / "manifest.json"


def read_manifest(site):
    return json.loads(manifest(site).read_bytes().partition(b"\n")[2])


def write_manifest(site, data):
    body = json.dumps(data).encode()
    manifest(site).write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)


@pytest.fixture
def site(tmp_path):
    """The fixture site after one build, which kept its pages."""
    site = sitebuild.make_site(tmp_path / "site")
    rendered, reused, changed = counts(built(site))
    assert rendered > 20 and reused == 0 and changed == "nothing kept"
    return site


def test_a_build_with_nothing_changed_reuses_every_page_and_writes_the_same_bytes(site):
    first = digest(site / "output")
    again = built(site)
    rendered, reused, _ = counts(again)
    assert rendered == 0 and reused > 20
    reused_tree = digest(site / "output")
    # The sitemap lists every page: it hears content_written for reused pages too.
    assert "myths/cold-weather-gives-you-a-cold/" in (site / "output" / "sitemap.xml").read_text(encoding="utf-8")
    assert reused_tree == first == rendered_everything(site)
    kept = {(path.stat().st_dev, path.stat().st_ino) for path in (site / ".cache").rglob("*") if path.is_file()}
    for page in (site / "output").rglob("*.html"):
        assert page.stat().st_nlink == 1 and (page.stat().st_dev, page.stat().st_ino) not in kept


def test_an_edited_article_renders_every_page_again(site):
    article = site / "content" / "myths" / "cold-weather.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nWrap a scarf over your mouth.\n", encoding="utf-8")
    rendered, reused, changed = counts(built(site))
    assert reused == 0 and rendered > 20 and changed == "content"
    assert "Wrap a scarf over your mouth." in (site / "output" / "myths" / "cold-weather-gives-you-a-cold" / "index.html").read_text()
    assert digest(site / "output") == rendered_everything(site)


def test_an_edited_theme_renders_every_page_again(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(sitebuild.ROOT / "theme", theme)
    site = sitebuild.make_site(tmp_path / "site")
    with_theme = ("-e", f"THEME={json.dumps(str(theme))}")
    built(site, *with_theme)
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<p>Edited theme</p></body>"),
                    encoding="utf-8")
    rendered, reused, changed = counts(built(site, *with_theme))
    assert reused == 0 and changed == "theme"
    assert "<p>Edited theme</p>" in (site / "output" / "index.html").read_text(encoding="utf-8")


def kept_slice(site, name):
    """(the pack, offset, length) of what the manifest keeps under `name`."""
    data = read_manifest(site)
    _, _, offset, length = data["pages"][name]
    return site / ".cache" / "pages" / data["pack"], offset, length


def garble(site, name, old, new):
    """Replace `old` by `new` (as long) within the kept bytes of `name`, in the pack."""
    pack, offset, length = kept_slice(site, name)
    data = bytearray(pack.read_bytes())
    kept = bytes(data[offset:offset + length])
    assert old in kept and len(old) == len(new)
    data[offset:offset + length] = kept.replace(old, new, 1)
    pack.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["truncated", "garbled", "deleted"])
def test_a_damaged_kept_page_is_rendered_again_with_one_warning(site, damage):
    name = "myths/cold-weather-gives-you-a-cold/index.html"
    pack, offset, length = kept_slice(site, name)
    entries = read_manifest(site)["pages"].values()
    if damage == "truncated":
        cut = offset + length // 2
        with open(pack, "r+b") as file:
            file.truncate(cut)
        # The page cut short, and every page kept after it.
        damaged = sum(1 for _, _, start, size in entries if start + size > cut)
    elif damage == "garbled":
        garble(site, name, b"<main", b"<mian")
        damaged = 1
    else:
        pack.unlink()
        damaged = len(entries)
    result = built(site)
    rendered, reused, _ = counts(result)
    assert rendered == damaged and reused == len(entries) - damaged
    assert warnings_about_damage(result) == [f"{damaged} kept page(s) were damaged"]
    assert digest(site / "output") == rendered_everything(site)
    again = built(site)
    assert counts(again)[0] == 0 and warnings_about_damage(again) == []


def test_the_pages_are_kept_in_one_pack_and_nothing_else_stays(site):
    """A build that renders pages writes a new pack; the last one, and anything else in the folder, goes."""
    folder = site / ".cache" / "pages"
    first = read_manifest(site)["pack"]
    assert sorted(path.name for path in folder.iterdir()) == sorted([first, "manifest.json"])
    (folder / "0123.html").write_text("a page file as kept_pages once kept them", encoding="utf-8")
    (folder / "99-1.pack").write_bytes(b"a pack a killed build left")
    built(site, "-e", 'SITESUBTITLE="Edited subtitle"')
    second = read_manifest(site)["pack"]
    assert second != first
    assert sorted(path.name for path in folder.iterdir()) == sorted([second, "manifest.json"])


def kept_feed_files(site):
    """The files the feeds plugin keeps for rebuilds that change one article (feeds/*/kept, entries)."""
    return sorted(path.relative_to(site) for path in (site / ".cache" / "feeds").rglob("*") if path.is_file())


def test_feed_files_are_kept_as_pages_are_and_a_damaged_one_is_made_again(site):
    """A build that changes nothing writes every feed file from the kept pages, making no entry."""
    names = read_manifest(site)["pages"]
    assert {"feed file: feeds/all.atom.xml", "feed file: feeds/all.rss.xml", "feed file: feeds/all.json",
            "feed file: feeds/social/mastodon.rss"} <= names.keys()
    assert not any(name.startswith("feed entry") for name in names)
    feeds_kept = kept_feed_files(site)
    assert counts(built(site))[0] == 0
    # The feeds' own files for a rebuild after an edit are all still there.
    assert kept_feed_files(site) == feeds_kept
    garble(site, "feed file: feeds/all.atom.xml", b"<entry", b"<entri")
    result = built(site)
    assert counts(result)[0] == 1
    assert warnings_about_damage(result) == ["1 kept page(s) were damaged"]
    assert digest(site / "output") == rendered_everything(site)


def test_a_damaged_manifest_renders_every_page_with_one_warning(site):
    manifest(site).write_bytes(manifest(site).read_bytes()[:-40])
    result = built(site)
    rendered, reused, _ = counts(result)
    assert reused == 0 and rendered > 20
    assert warnings_about_damage(result) == ["the manifest"]


def test_a_new_day_renders_every_page_again(site):
    # As if the last build had run on another day: review-due and consent are decided by the date.
    data = read_manifest(site)
    assert len(data["inputs"]["today"]) == 2
    data["inputs"]["today"] = ["2000-01-01", "2000-01-01"]
    write_manifest(site, data)
    rendered, reused, changed = counts(built(site))
    assert reused == 0 and changed == "today"


def test_a_publish_build_never_reuses_the_previews_pages(site):
    # Even with the kept pages on, publishconf.py's settings are another key.
    result = sitebuild.build(site, settings="publishconf.py", output="published",
                             extra=("-e", 'PAGE_CACHE="pages"'))
    assert result.returncode == 0, result.stderr
    rendered, reused, changed = counts(result)
    assert reused == 0 and "settings" in changed
    assert 'href="https://blog.elmcreekclinic.example/' in (site / "published" / "index.html").read_text()


def test_make_publish_keeps_no_pages(site):
    shutil.rmtree(site / ".cache" / "pages")
    result = sitebuild.publish(site)
    assert result.returncode == 0, result.stderr
    assert not LINE.search(result.stderr)
    assert not (site / ".cache" / "pages").exists()


def test_ignore_cache_renders_every_page(site):
    rendered, reused, _ = counts(built(site, "--ignore-cache"))
    assert reused == 0 and rendered > 20


def _article(status, card=None):
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    article = Article("<p>Body</p>", metadata={"title": "Flu clinics", "status": status},
                      settings=DEFAULT_CONFIG, source_path="/site/content/news/flu-clinics.md")
    if card:
        article.share_card = {"url": card, "path": card.lstrip("/")}
    return article


def test_what_the_clock_and_the_fonts_decided_is_in_the_key():
    from kept_pages import inputs

    def key(*articles, withdrawn=()):
        generator = SimpleNamespace(articles=list(articles), drafts=[], withdrawn_articles=list(withdrawn))
        return inputs.decisions_digest([generator], {})

    # Pelican makes an article dated later than now a draft; the minute it is due, it is published.
    assert key(_article("draft")) != key(_article("published"))
    # A story whose consent ends at an hour is withdrawn, its status unchanged.
    assert key(_article("published")) != key(withdrawn=[_article("published")])
    # A card's file name holds a digest of the machine's fonts.
    assert key(_article("published", "/cards/flu-1.png")) != key(_article("published", "/cards/flu-2.png"))
    assert key(_article("published", "/cards/flu-1.png")) == key(_article("published", "/cards/flu-1.png"))
    site_card = inputs.decisions_digest([], {"share_site_card": {"url": "/cards/site-1.png"}})
    assert site_card != inputs.decisions_digest([], {"share_site_card": {"url": "/cards/site-2.png"}})


def test_every_setting_is_keyed_the_same_in_every_process():
    # Sets come out in another order in each process (hash randomisation); objects are keyed by their fields.
    script = ("import sys; sys.path.insert(0, sys.argv[1]); from kept_pages import inputs; import functools, os; "
              "print(inputs.settings_digest({'S': {'a', 'b', 'c', 'd'}, 'F': functools.partial(os.path.join, 'x'), "
              "'P': __import__('pathlib').Path('/x')}))")
    digests = {subprocess.run([sys.executable, "-c", script, str(sitebuild.ROOT / "plugins")], capture_output=True,
                              text=True, check=True, env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
               for seed in range(4)}
    assert len(digests) == 1 and digests != {""}


def test_a_setting_that_cannot_be_keyed_keeps_no_page():
    from kept_pages import inputs

    with pytest.raises(inputs.Unkeyable, match="ODD"):
        inputs.settings_digest({"ODD": object.__new__(type("Slotted", (), {"__slots__": ()}))})
