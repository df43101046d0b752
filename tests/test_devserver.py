"""`make devserver` on a save: the saved article's page first, exactly as the full build then writes it.

The devserver runs on a real site built from the fixture's Markdown. A
stand-in for the open tab connects to its livereload socket, as livereload.js
does, and fetches the page over HTTP on each "reload" command the server
sends, which is what the browser shows.
"""

import asyncio
import json
import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
import urllib.request

import pytest
from tornado.websocket import websocket_connect

import sitebuild

ROOT = sitebuild.ROOT
QUESTION = "questions/ibuprofen.md"
QUESTION_URL = "/questions/can-i-take-ibuprofen-while-breastfeeding/"
STORY = "stories/walking-again.md"
STORY_URL = "/patient-stories/walking-again-after-knee-surgery/"
# What the devserver prints when it wrote the saved article's page before the rest.
PAGE_FIRST = "its page is up to date"
# Deadlines only: nothing here is timed.
WAIT = 180


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Devserver:
    """scripts/devserver.py on `site`, its lines read as they come."""

    def __init__(self, site, settings=ROOT / "pelicanconf.py"):
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "devserver.py"), "--content", str(site / "content"),
             "--output", str(site / "output"), "--settings", str(settings), "--port", str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        )
        self.lines = queue.Queue()
        self.said = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, text):
        """Read the devserver's lines until one holds `text`; return the lines read."""
        read = []
        while True:
            try:
                line = self.lines.get(timeout=WAIT)
            except queue.Empty:
                pytest.fail(f"the devserver never said {text!r}; it said:\n{''.join(self.said)}")
            if line is None:
                pytest.fail(f"the devserver stopped; it said:\n{''.join(self.said)}")
            read.append(line)
            self.said.append(line)
            if text in line:
                return read

    def get(self, address):
        """The page the devserver serves at `address`, as bytes."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{address}", timeout=60) as response:
            return response.read()

    def stop(self):
        os.killpg(self.process.pid, 15)
        self.process.wait(timeout=30)


class Tab:
    """An open tab's livereload connection: the handshake livereload.js makes, then the commands it gets."""

    def __init__(self, port, address):
        # The tab's loop runs in a thread of its own: a browser test before this one may
        # have left an event loop running in this thread (Playwright's sync API does).
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.socket = self._run(websocket_connect, f"ws://127.0.0.1:{port}/livereload")
        self._send({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]})
        assert json.loads(self._read())["command"] == "hello"
        self._send({"command": "info", "url": f"http://127.0.0.1:{port}{address}"})
        # Answered only once the server has read the "info" before it, which makes this tab one it reloads.
        self._send({"command": "hello"})
        assert json.loads(self._read())["command"] == "hello"

    def _run(self, function, *args):
        # Tornado ties each future to the loop running when it is made: make it in the tab's loop.
        async def call():
            return await asyncio.wait_for(function(*args), WAIT)
        return asyncio.run_coroutine_threadsafe(call(), self.loop).result()

    def _send(self, message):
        self._run(self.socket.write_message, json.dumps(message))

    def _read(self):
        message = self._run(self.socket.read_message)
        assert message is not None, "the devserver closed the livereload connection"
        return message

    def next_reload(self):
        """Wait for the server's next "reload" command."""
        while json.loads(self._read())["command"] != "reload":
            pass

    def close(self):
        self.loop.call_soon_threadsafe(self.socket.close)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=30)
        self.loop.close()


@pytest.fixture
def running(tmp_path):
    """Start a devserver on a copy of the fixture site; yields a function that starts it."""
    started = []

    def start(settings=ROOT / "pelicanconf.py", address=QUESTION_URL):
        site = sitebuild.make_site(tmp_path / "site")
        server = Devserver(site, settings)
        started.append(server)
        server.wait_for("Preview: http")
        tab = Tab(server.port, address)
        started.append(tab)
        return site, server, tab

    yield start
    for thing in reversed(started):
        thing.close() if isinstance(thing, Tab) else thing.stop()


def edit(site, relative, *replacements):
    path = site / "content" / relative
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def test_the_saved_articles_page_comes_first_exactly_as_the_full_build_writes_it(running, tmp_path):
    site, server, tab = running()
    edit(site, QUESTION, ("Title: Can I take ibuprofen", "Title: May I take ibuprofen"),
         ("Yes, for most people.", "Yes, for nearly everyone."))

    tab.next_reload()
    first = server.get(QUESTION_URL)
    listing = server.get("/")
    assert b"May I take ibuprofen" in first and b"Yes, for nearly everyone." in first
    # The rest of the site was not built yet: the home page still lists the old title.
    assert b"Can I take ibuprofen" in listing and b"May I take ibuprofen" not in listing
    assert any(PAGE_FIRST in line for line in server.wait_for("Done: Processed"))

    tab.next_reload()
    assert server.get(QUESTION_URL) == first
    assert b"May I take ibuprofen" in server.get("/")
    # And a build of its own, as `make html` runs it, writes the same page.
    fresh = sitebuild.build(site, output="fresh")
    assert fresh.returncode == 0, fresh.stderr
    written = (site / "output" / QUESTION_URL.strip("/") / "index.html").read_bytes()
    assert (fresh.output / QUESTION_URL.strip("/") / "index.html").read_bytes() == written


def test_an_edit_that_moves_the_article_or_has_an_error_is_built_whole(running):
    site, server, tab = running(address=STORY_URL)
    # New tags change the topic pages and the related articles: the whole site first.
    edit(site, QUESTION, ("Tags: medicines, breastfeeding", "Tags: medicines, breastfeeding, pain"))
    tab.next_reload()
    assert b'href="/tags/pain/"' in server.get(QUESTION_URL)
    assert not any(PAGE_FIRST in line for line in server.wait_for("Done: Processed"))

    edit(site, STORY, ("Results_typical: no", "Results_typical: maybe"))
    tab.next_reload()
    page = server.get(STORY_URL).decode("utf-8")
    assert "left out of the site" in page
    assert 'Results_typical: &quot;maybe&quot; is not yes or no' in page
    assert not any(PAGE_FIRST in line for line in server.wait_for("Done: Processed"))


def test_a_theme_change_is_built_whole(running, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    settings = tmp_path / "themeconf.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
                        f"THEME = {str(theme)!r}\n", encoding="utf-8")
    site, server, tab = running(settings=settings)
    template = theme / "templates" / "article.html"
    template.write_text(template.read_text(encoding="utf-8").replace(
        '<p class="print-url">', '<p class="theme-edit">A new line</p><p class="print-url">'), encoding="utf-8")
    tab.next_reload()
    assert b'<p class="theme-edit">A new line</p>' in server.get(QUESTION_URL)
    assert not any(PAGE_FIRST in line for line in server.wait_for("Done: Processed"))
