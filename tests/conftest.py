"""Shared fixtures: the sample site and the small fixture site, each built once."""

import functools
import os
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

import sitebuild  # noqa: E402


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The project's own content/, built once with pelicanconf.py."""
    site = sitebuild.make_site(tmp_path_factory.mktemp("sample"), sitebuild.ROOT / "content")
    result = sitebuild.build(site)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory):
    """tests/fixtures/site, built once with pelicanconf.py."""
    site = sitebuild.make_site(tmp_path_factory.mktemp("fixture"))
    result = sitebuild.build(site)
    assert result.returncode == 0, result.stderr
    return result


CHROMIUM = Path("/usr/bin/chromium")
# Without these, Chromium keeps trying to reach Google's services, and this
# network refuses every such connection.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright; missing only outside CI."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run must install Debian's chromium")
        pytest.skip("Chromium is not installed (apt-get install chromium); CI runs these tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def sample_server(sample_build):
    """The sample site served on a loopback port; yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(sample_build.output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request into the test output."""

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def fixture_publish_build(tmp_path_factory):
    """tests/fixtures/site built once with publishconf.py (absolute SITEURL).

    Strictness is turned off so that a finding of any plugin on the small
    fixture does not hide what the production settings produce.
    """
    site = sitebuild.make_site(tmp_path_factory.mktemp("fixture-publish"))
    result = sitebuild.build(site, settings="publishconf.py", extra=("-e", "CLINIC_STRICT=false"))
    assert result.returncode == 0, result.stderr
    return result
