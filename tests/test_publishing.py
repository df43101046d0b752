"""Publishing: atomic swap, reproducible trees, compressed copies, link check, deploy targets.

Builds are few and shared: the sample content/ is published twice (the
reproducibility test), the small fixture site once; every failure test starts
from a copy of that published fixture site and stops its build half-way.
Deploy targets run through `make -o publish`, on the published sample.
"""

import difflib
import gzip
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import brotli
import pytest
from pelican.settings import read_settings

import sitebuild

ROOT = sitebuild.ROOT
sys.path.insert(0, str(ROOT / "scripts"))

from publishing import compress, deploy, linkcheck, swap  # noqa: E402

PUBLISH = ROOT / "scripts" / "publish.py"
LINKCHECK = ROOT / "scripts" / "linkcheck.py"
LINK_FIXTURE = ROOT / "tests" / "fixtures" / "linkcheck"
TEST_PLUGINS = ROOT / "tests" / "fixtures" / "publishing"
MAKE = shutil.which("make")
PRODUCTION = read_settings(str(ROOT / "publishconf.py"))
# Generous: only a guard against a test hanging forever, never a measure.
PATIENCE_SECONDS = 300


def publish(site, *extra, env=None):
    """Run scripts/publish.py in `site` as `make publish` does; return the Build."""
    done = subprocess.run(
        [sys.executable, str(PUBLISH), "--output", "output", "--cache-path", ".cache", *extra],
        cwd=site, capture_output=True, text=True, check=False, env={**os.environ, **(env or {})},
    )
    return sitebuild.Build(Path(site), Path(site) / "output", done.returncode, done.stdout, done.stderr)


def tree(folder):
    """{relative path: bytes} of every file below `folder`."""
    folder = Path(folder)
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def digest(folder):
    """{relative path: sha256} of every file below `folder`: a tree's fingerprint."""
    return {name: hashlib.sha256(data).hexdigest() for name, data in tree(folder).items()}


def leftovers(site):
    """Staging or retired folders a publish left beside output/."""
    return sorted(path.name for path in Path(site).iterdir() if path.name.startswith(".output-"))


def make(*arguments, env=None):
    """Run a Makefile target in the project, without re-publishing (-o publish)."""
    return subprocess.run(
        [MAKE, "--no-print-directory", "-C", str(ROOT), "-o", "publish", *arguments],
        capture_output=True, text=True, check=False, env=env,
    )


@pytest.fixture(scope="module")
def published_sample(tmp_path_factory):
    """The sample content/ published once, with one hash seed and time zone."""
    site = sitebuild.make_site(tmp_path_factory.mktemp("first"), ROOT / "content")
    result = publish(site, env={"PYTHONHASHSEED": "1", "TZ": "UTC"})
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def published_fixture_site(tmp_path_factory):
    """The small fixture site, published once: the "yesterday's site" of failure tests."""
    site = sitebuild.make_site(tmp_path_factory.mktemp("fixture-published"))
    result = publish(site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture
def yesterday(published_fixture_site, tmp_path):
    """A copy of the published fixture site, and the fingerprint of its output."""
    site = tmp_path / "site"
    shutil.copytree(published_fixture_site, site)
    return site, digest(site / "output")


# --- Reproducible ------------------------------------------------------------

def first_difference(names, first, second):
    """A short diff of the first differing text file, to say why two publishes differ."""
    for name in names:
        if Path(name).suffix in compress.TEXT_SUFFIXES:
            lines = difflib.unified_diff(
                first[name].decode("utf-8", "replace").splitlines(),
                second[name].decode("utf-8", "replace").splitlines(),
                f"first/{name}", f"second/{name}", lineterm="", n=1,
            )
            return "\n".join(list(lines)[:40])
    return ""


def test_two_publishes_of_the_same_commit_are_byte_identical(published_sample, tmp_path):
    # A different folder, a cold cache, another hash seed and time zone: none may show.
    site = sitebuild.make_site(tmp_path / "elsewhere", ROOT / "content")
    second = publish(site, env={"PYTHONHASHSEED": "2", "TZ": "Asia/Tokyo"})
    assert second.returncode == 0, second.stderr
    first_files, second_files = tree(published_sample.output), tree(second.output)

    assert sorted(first_files) == sorted(second_files), "the two publishes wrote different files"
    differ = [name for name in first_files if first_files[name] != second_files[name]]
    assert not differ, (
        f"{len(differ)} files differ between two publishes: {differ}\n"
        + first_difference(differ, first_files, second_files)
    )
    assert len(first_files) > 100


# --- Compressed copies -------------------------------------------------------

def test_text_files_have_reproducible_compressed_copies(published_sample):
    output = published_sample.output
    texts = compress.text_files(output)
    assert {path.suffix for path in texts} >= {".html", ".css", ".xml", ".json", ".txt"}
    encoders = dict(compress.ENCODINGS)
    for path in texts:
        original = path.read_bytes()
        for suffix, decode in ((".gz", gzip.decompress), (".br", brotli.decompress)):
            copy = path.with_name(path.name + suffix)
            if copy.exists():
                assert decode(copy.read_bytes()) == original, copy
                assert copy.stat().st_size < len(original)
                assert copy.read_bytes() == encoders[suffix](original), f"{copy}: not reproducible"
            else:
                # Only a copy that would not be smaller is left out; pages always have both.
                assert path.suffix != ".html", f"{copy} is missing"
                assert len(encoders[suffix](original)) >= len(original)
        gz = path.with_name(path.name + ".gz")
        if gz.exists():
            header = gz.read_bytes()[:10]
            assert header[3] & 0x08 == 0, f"{gz}: the gzip header carries a file name"
            assert header[4:8] == b"\0\0\0\0", f"{gz}: the gzip header carries a time"
    assert not list(output.rglob("*.png.gz")) and not list(output.rglob("*.gz.gz"))


def test_compression_cache_gives_the_same_bytes_and_forgets_old_entries(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(LINK_FIXTURE, first)
    shutil.copytree(LINK_FIXTURE, second)
    cache = compress.Cache(tmp_path / "cache")
    stale = cache.folder / "0123.br"
    stale.write_bytes(b"from a page deleted long ago")
    os.utime(stale, (0, 0))

    compress.precompress(first, cache)
    entries = sorted(path.name for path in cache.folder.iterdir())
    compress.precompress(second, cache)

    assert digest(first) == digest(second)
    assert "0123.br" not in entries
    assert entries == sorted(path.name for path in cache.folder.iterdir())
    assert len(entries) >= len(list(first.rglob("*.br")))


# --- Link check ----------------------------------------------------------------

FIXTURE_BROKEN = [
    "feeds/all.atom.xml: https://blog.example/myths/removed/: no page or file at myths/removed/ "
    "in the built site — a template or plugin writes this link, not an article: tell the site's maintainer",
    "feeds/all.atom.xml: https://blog.example/news/gone/: no page or file at news/gone/ "
    "in the built site — a template or plugin writes this link, not an article: tell the site's maintainer",
    'index.html: /myths/cold/#no-such-section: myths/cold/ has no section with the id "no-such-section" '
    '— link to a heading that exists (copy the link from its # mark on that page), or remove "#no-such-section"',
    "index.html: /news/gone/: no page or file at news/gone/ in the built site — correct the link in the "
    "article or page that has it; to link to another article write {filename}/folder/file.md, "
    "which Pelican keeps right when that article moves",
    "index.html: https://blog.example/about/: no page or file at about/ in the built site — correct the "
    "link in the article or page that has it; to link to another article write {filename}/folder/file.md, "
    "which Pelican keeps right when that article moves",
    "index.html: https://blog.example/images/card-missing.png: no image at images/card-missing.png "
    "in the built site — a template or plugin writes this link, not an article: tell the site's maintainer",
    "index.html: https://blog.example/images/logo-missing.png: no image at images/logo-missing.png "
    "in the built site — a template or plugin writes this link, not an article: tell the site's maintainer",
    "index.html: images/ok@2x.png: no image at images/ok@2x.png in the built site — put the image in "
    "content/images/ and use that path, or correct the path",
    "myths/cold/index.html: ../../images/missing.png: no image at images/missing.png in the built site "
    "— put the image in content/images/ and use that path, or correct the path",
    "sitemap.xml: https://blog.example/stories/withdrawn/: no page or file at stories/withdrawn/ "
    "in the built site — a template or plugin writes this link, not an article: tell the site's maintainer",
    "theme/style.css: fonts/missing.woff2: no page or file at theme/fonts/missing.woff2 in the built site "
    "— a template or plugin writes this link, not an article: tell the site's maintainer",
]


def test_link_checker_names_every_broken_link_of_the_fixture_and_nothing_else():
    report = linkcheck.check(LINK_FIXTURE, "https://blog.example")
    assert [str(broken) for broken in report.broken] == FIXTURE_BROKEN
    # Links that work, external links, mailto: and the xsl are not reported;
    # they are counted (the external ones are not).
    assert report.files == 6
    assert report.links == 30


def test_link_checker_command_line_exits_1_and_prints_each_broken_link():
    done = subprocess.run(
        [sys.executable, str(LINKCHECK), str(LINK_FIXTURE), "--site-url", "https://blog.example"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 1
    assert done.stdout.splitlines() == [*FIXTURE_BROKEN, "Checked 30 internal links in 6 files: 11 broken."]


def test_link_checker_reports_a_file_a_build_step_left_empty(tmp_path):
    # As Pagefind can leave pagefind-entry.json when its writer is stopped too soon.
    site = tmp_path / "site"
    shutil.copytree(LINK_FIXTURE, site)
    (site / "pagefind").mkdir()
    (site / "pagefind" / "pagefind-entry.json").write_bytes(b"")
    (site / "index.html").write_bytes(b"")

    broken = [str(item) for item in linkcheck.check(site, "https://blog.example").broken]

    fix = "the template or plugin that writes this file is at fault: tell the site's maintainer"
    assert f"index.html: (the whole file): cannot be read (Document is empty) — {fix}" in broken
    assert (
        "pagefind/pagefind-entry.json: (the whole file): cannot be read "
        f"(Expecting value: line 1 column 1 (char 0)) — {fix}"
    ) in broken


def test_published_sample_has_no_broken_link_and_its_sitemap_and_feeds_are_read(published_sample, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(published_sample.output, site)
    report = linkcheck.check(site, PRODUCTION["SITEURL"])
    assert report.broken == []
    assert report.links > 1000

    # Take one article away: every page, feed and sitemap entry linking to it is named.
    home = (site / "index.html").read_text(encoding="utf-8")
    # A myth the home page lists, so that page must be named too.
    article = next(path.parent for path in sorted(site.glob("myths/*/index.html"))
                   if f"/{path.parent.relative_to(site).as_posix()}/" in home)
    address = f"{PRODUCTION['SITEURL']}/{article.relative_to(site).as_posix()}/"
    shutil.rmtree(article)
    pages = {broken.page for broken in linkcheck.check(site, PRODUCTION["SITEURL"]).broken}
    assert "sitemap.xml" in pages
    assert "index.html" in pages
    assert any(page.startswith("feeds/") for page in pages), pages
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{address}</loc>" in sitemap


# --- Atomic ----------------------------------------------------------------------

def test_a_broken_internal_link_stops_the_publish_naming_page_and_link(yesterday):
    site, before = yesterday
    article = site / "content" / "myths" / "cold-weather.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nSee [our flu page](/flu-advice/).\n", encoding="utf-8"
    )

    result = publish(site)

    assert result.returncode == 1
    assert re.search(
        r"^  myths/[\w-]+/index\.html: /flu-advice/: no page or file at flu-advice/ in the built site — "
        r"correct the link in the article or page that has it",
        result.stderr, re.MULTILINE,
    ), result.stderr
    assert "Publish stopped: output/ was left as it was." in result.stderr
    assert digest(site / "output") == before
    assert leftovers(site) == []


def halfway(mode, marker=None):
    """The -e overrides that add the halfway test plugin to the production plugins."""
    plugins = list(PRODUCTION["PLUGINS"])
    plugins.insert(plugins.index("problem_report"), "halfway")
    overrides = [
        f"PLUGINS={plugins!r}".replace("'", '"'),
        f'PLUGIN_PATHS=["{ROOT / "plugins"}", "{TEST_PLUGINS}"]',
        f'HALFWAY="{mode}"',
    ]
    if marker:
        overrides.append(f'HALFWAY_MARKER="{marker}"')
    return [argument for override in overrides for argument in ("-e", override)]


def test_a_plugin_failing_half_way_leaves_the_old_output_byte_identical(yesterday):
    site, before = yesterday

    result = publish(site, *halfway("raise"))

    assert result.returncode == 1
    assert "MadeToFail: halfway: made to fail after writing" in result.stderr
    assert "Publish stopped: output/ was left as it was." in result.stderr
    assert digest(site / "output") == before
    assert leftovers(site) == []


INTERRUPTIONS = {
    "Ctrl-C": ("publish", signal.SIGINT, 130, "Publish interrupted (SIGINT): output/ was left as it was."),
    "kill": ("publish", signal.SIGTERM, 143, "Publish interrupted (SIGTERM): output/ was left as it was."),
    "build crashed": ("build", signal.SIGKILL, 1, "Publish stopped: output/ was left as it was."),
    # Pelican itself would exit 0 after this: the wrapper must not let it pass.
    "build got Ctrl-C": ("build", signal.SIGINT, 1, "Pelican stopped before the end of the build."),
}


@pytest.mark.parametrize("case", sorted(INTERRUPTIONS))
def test_an_interrupted_publish_leaves_the_old_output_byte_identical(yesterday, case):
    site, before = yesterday
    whom, signum, code, message = INTERRUPTIONS[case]
    marker = site / "halfway.pid"
    command = [
        sys.executable, str(PUBLISH), "--output", "output", "--cache-path", ".cache",
        *halfway("hang", marker),
    ]
    running = subprocess.Popen(command, cwd=site, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + PATIENCE_SECONDS
        while not marker.exists():
            assert running.poll() is None, running.communicate()
            assert time.monotonic() < deadline, "the build never reached its first page"
            time.sleep(0.1)
        build_pid = int(marker.read_text(encoding="utf-8"))
        staged = [path for path in site.glob(".output-staging-*/**/*") if path.is_file()]
        assert staged, "the build was not half-way: nothing written yet"

        os.kill(running.pid if whom == "publish" else build_pid, signum)
        out, err = running.communicate(timeout=PATIENCE_SECONDS)
    finally:
        if running.poll() is None:
            running.kill()

    assert running.returncode == code, err
    assert message in err
    assert digest(site / "output") == before
    assert leftovers(site) == []
    with pytest.raises(ProcessLookupError):
        os.kill(build_pid, 0)


def test_a_second_publish_waits_its_turn(yesterday):
    site, before = yesterday
    with swap.exclusive(site):
        result = publish(site)
    assert result.returncode == 1
    assert "another publish into" in result.stderr and "output/ was left as it was." in result.stderr
    assert digest(site / "output") == before


@pytest.mark.parametrize("exchange_works", [True, False], ids=["renameat2", "two renames"])
def test_swap_puts_the_new_tree_in_place_and_hands_back_the_old(tmp_path, monkeypatch, exchange_works):
    if not exchange_works:
        monkeypatch.setattr(swap, "exchange", lambda first, second: False)
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("old", encoding="utf-8")
    staging = swap.new_staging(output)
    (staging / "index.html").write_text("new", encoding="utf-8")

    retired = swap.swap_in(staging, output)

    assert (output / "index.html").read_text(encoding="utf-8") == "new"
    assert (retired / "index.html").read_text(encoding="utf-8") == "old"


def test_exchange_is_really_atomic_here(tmp_path):
    # Linux with ext4, tmpfs, btrfs, xfs: the one-step swap must be the one used.
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "mark").touch()
    assert swap.exchange(first, second)
    assert (second / "mark").exists() and not (first / "mark").exists()


def test_recover_restores_an_output_a_killed_publish_had_moved_aside(tmp_path):
    output = tmp_path / "output"
    aside = swap.retired_for(output)
    aside.mkdir()
    (aside / "index.html").write_text("yesterday", encoding="utf-8")
    swap.new_staging(output)

    notes = swap.recover(output)

    assert (output / "index.html").read_text(encoding="utf-8") == "yesterday"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["output"]
    assert notes[0] == "Restored output/, which an interrupted publish had moved aside."
    assert len(notes) == 2


# --- Deploy ------------------------------------------------------------------------

RECORDER = """#!/bin/sh
# Stands in for {name}: records its arguments, one a line.
printf '%s\\n' "$@" > "$0.args"
"""


def executable(path, text):
    """Write a small shell script and make it executable."""
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)
    return path


def test_rsync_upload_dry_run_changes_nothing_and_the_upload_mirrors_output(published_sample, tmp_path):
    ssh = executable(tmp_path / "ssh", sitebuild.FAKE_SSH)
    target = tmp_path / "www"
    target.mkdir()
    (target / "stale.html").write_text("a page the site no longer has", encoding="utf-8")
    variables = [
        f"OUTPUTDIR={published_sample.output}", "SSH_HOST=web.example.org", "SSH_USER=deploy",
        "SSH_PORT=2222", f"SSH_TARGET_DIR={target}", f"SSH={ssh}",
    ]

    dry = make("rsync_upload_dry", *variables)

    assert dry.returncode == 0, dry.stderr
    assert f"$ rsync --dry-run --recursive --links --checksum" in dry.stdout
    assert f"-e '{ssh} -p 2222' {published_sample.output}/ deploy@web.example.org:{target}" in dry.stdout
    assert re.search(r"^<f\+* index\.html$", dry.stdout, re.MULTILINE)
    assert re.search(r"^\*deleting +stale\.html$", dry.stdout, re.MULTILINE)
    assert sorted(path.name for path in target.iterdir()) == ["stale.html"]

    real = make("rsync_upload", *variables)

    assert real.returncode == 0, real.stderr
    assert digest(target) == digest(published_sample.output)


def test_rsync_refuses_to_mirror_into_a_folder_that_is_not_the_sites():
    with pytest.raises(deploy.DeployError, match="SSH_HOST is not set"):
        deploy.rsync_command("/site", "", "/var/www/blog")
    with pytest.raises(deploy.DeployError, match="SSH_TARGET_DIR is not set"):
        deploy.rsync_command("/site", "web.example.org", "")
    with pytest.raises(deploy.DeployError, match='SSH_TARGET_DIR "/" is not the site\'s own folder'):
        deploy.rsync_command("/site", "web.example.org", "/")


def git(*arguments, cwd):
    """Run git quietly; return its output."""
    return subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, text=True, check=True).stdout


def test_github_dry_run_commits_locally_and_github_pushes(published_sample, tmp_path):
    remote, repository = tmp_path / "remote.git", tmp_path / "repository"
    git("init", "--quiet", "--bare", str(remote), cwd=tmp_path)
    git("init", "--quiet", str(repository), cwd=tmp_path)
    git("remote", "add", "origin", str(remote), cwd=repository)
    env = {
        **os.environ, "GIT_COMMITTER_NAME": "Clinic Blog", "GIT_COMMITTER_EMAIL": "web@clinic.example",
    }
    variables = [
        f"OUTPUTDIR={published_sample.output}", f"GITHUB_REPO={repository}",
        "GITHUB_CNAME=blog.elmcreekclinic.example",
    ]
    published = sorted(digest(published_sample.output))

    dry = make("github_dry", *variables, env=env)

    assert dry.returncode == 0, dry.stderr
    assert "nothing was pushed" in dry.stdout
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=repository).split()
    assert sorted(files) == sorted([*published, ".nojekyll", "CNAME"])
    assert git("show", "gh-pages:CNAME", cwd=repository).strip() == "blog.elmcreekclinic.example"
    assert git("branch", "--list", cwd=remote) == ""

    real = make("github", *variables, env=env)

    assert real.returncode == 0, real.stderr
    assert git("rev-parse", "gh-pages^{tree}", cwd=remote) == git("rev-parse", "gh-pages^{tree}", cwd=repository)


def test_s3_upload_without_aws_or_rclone_says_so_and_fails(published_sample, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()

    done = make("s3_upload_dry", f"OUTPUTDIR={published_sample.output}", "S3_BUCKET=clinic-blog",
                env={"PATH": str(empty)})

    assert done.returncode != 0
    assert (
        "s3: s3_upload needs the aws CLI or rclone, and neither is installed — install one "
        "(pip install awscli, or apt-get install rclone), then run make s3_upload again"
    ) in done.stderr


S3_CASES = {
    "aws, Amazon S3": (
        "aws", ["S3_BUCKET=clinic-blog", "S3_PREFIX=/blog/"],
        ["s3", "sync", "{output}/", "s3://clinic-blog/blog", "--delete",
         "--exclude", "*.gz", "--exclude", "*.br", "--dryrun"],
    ),
    "aws, another store": (
        "aws",
        ["S3_BUCKET=clinic-blog", "S3_ENDPOINT=https://s3.us-west-004.backblazeb2.com", "S3_REGION=us-west-004"],
        ["s3", "sync", "{output}/", "s3://clinic-blog", "--delete", "--exclude", "*.gz", "--exclude", "*.br",
         "--endpoint-url", "https://s3.us-west-004.backblazeb2.com", "--region", "us-west-004", "--dryrun"],
    ),
    "rclone, another store": (
        "rclone", ["S3_BUCKET=clinic-blog", "S3_ENDPOINT=http://127.0.0.1:9000"],
        ["sync", "{output}/", ":s3:clinic-blog", "--checksum", "--exclude", "*.gz", "--exclude", "*.br",
         "--s3-provider", "Other", "--s3-env-auth", "--s3-endpoint", "http://127.0.0.1:9000", "--dry-run"],
    ),
    "rclone, a configured remote": (
        "rclone", ["S3_BUCKET=clinic-blog", "RCLONE_REMOTE=r2", "S3_TOOL=rclone"],
        ["sync", "{output}/", "r2:clinic-blog", "--checksum", "--exclude", "*.gz", "--exclude", "*.br",
         "--dry-run"],
    ),
}


@pytest.mark.parametrize("case", sorted(S3_CASES))
def test_s3_upload_dry_runs_the_tool_with_its_dry_run_flag(published_sample, tmp_path, case):
    tool, variables, expected = S3_CASES[case]
    tools = tmp_path / "bin"
    tools.mkdir()
    recorder = executable(tools / tool, RECORDER.format(name=tool))

    done = make("s3_upload_dry", f"OUTPUTDIR={published_sample.output}", *variables,
                env={"PATH": str(tools)})

    assert done.returncode == 0, done.stderr
    arguments = Path(f"{recorder}.args").read_text(encoding="utf-8").splitlines()
    assert arguments == [part.format(output=published_sample.output) for part in expected]
