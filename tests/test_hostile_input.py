"""A site built from hostile input runs nothing, goes nowhere and loads nothing from elsewhere.

One site holds every payload below, in header fields, tags, the clinician
registry, article bodies and static files. It is built with the production
settings (strictness off, so articles refused for a bad value simply stay
out) and every page it writes is opened in real Chromium with the page's
security policy bypassed: escaping, not the policy, has to stop each payload.
A payload that runs asks the server for /pwned/<vector>; one that is left in
the page as live markup is found by the DOM check.
"""

import functools
import json
import os
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import sitebuild
from conftest import QuietHandler

RUN = "fetch('/pwned/{n}')"


def run(n):
    """Script text that tells the server vector `n` ran."""
    return RUN.format(n=n)


HEADER = """Title: {title}
Date: 2026-05-0{day} 09:00
Category: {category}
Tags: {tags}
Slug: {slug}
Authors: {author}
Summary: {summary}
Reviewed_by: Ben Cole
Reviewed_on: 2026-05-01
{extra}
{body}

## Sources

- [CDC](https://www.cdc.gov/)
"""


def article(slug, title="A plain title", category="Myths", tags="colds", summary="A plain summary.",
            extra="", body="Plain text.", day=2, author="Ana Ruiz"):
    """One article's Markdown; myths get a claim and verdict unless `extra` gives them."""
    if category == "Myths" and "Claim:" not in extra:
        extra = "Claim: A plain claim\nVerdict: False\n" + extra
    if category == "Myths" and "Fact:" not in extra:
        extra = "Fact: A plain fact\n" + extra
    return HEADER.format(title=title, day=day, category=category, tags=tags, slug=slug, summary=summary,
                         extra=extra.strip(), body=body, author=author)


# (vector id, relative path, Markdown). Ids name what each one tries.
ARTICLES = [
    ("title-comment-open", "myths/t1.md", article("t1", title=f"X <!--><script>{run('title-comment-open')}</script>-->")),
    ("title-comment-bang", "myths/t2.md", article("t2", title=f"X --!><script>{run('title-comment-bang')}</script>")),
    ("title-unclosed-tag", "myths/t3.md", article("t3", title=f"Safe <img src=x onerror={run('title-unclosed-tag')}")),
    ("title-meta-refresh", "myths/t4.md",
     article("t4", title='Read <meta http-equiv="refresh" content="0;url=https://evil.example/">')),
    ("title-script-src", "myths/t5.md", article("t5", title='X <script src="/images/evil.js"></script>')),
    ("claim", "myths/t6.md", article("t6", extra=f"Claim: <script>{run('claim')}</script>\nVerdict: False")),
    ("summary", "myths/t7.md", article("t7", summary=f"<img src=x onerror={run('summary')}>")),
    ("question", "questions/q1.md",
     article("q1", category="Questions", extra=f"Question: <svg onload={run('question')}>")),
    ("updates", "news/n1.md",
     article("n1", category="News", extra="Modified: 2026-05-03 09:00\n"
             f"Updates: 2026-05-03: <script>{run('updates')}</script>\nSource_url: https://www.cdc.gov/")),
    ("source-url-breakout", "news/n2.md",
     article("n2", category="News", extra=f'Source_url: https://x" onmouseover="{run("source-url-breakout")}')),
    ("source-url-javascript", "news/n3.md",
     article("n3", category="News", extra=f"Source_url: javascript:{run('source-url-javascript')}")),
    ("slug-breakout", "myths/t8.md", article(f'x" onmouseover="{run("slug-breakout")}')),
    ("slug-slash", "myths/t9.md", article("a/b")),
    ("lang-breakout", "myths/t10.md", article("t10", extra=f'Lang: en" onmouseover="{run("lang-breakout")}')),
    ("tag-script", "myths/t11.md", article("t11", tags=f"<script>{run('tag-script')}</script>")),
    ("tag-breakout", "myths/t12.md", article("t12", tags=f'"><img src=x onerror={run("tag-breakout")}>')),
    ("tag-empty-slug", "myths/t13.md", article("t13", tags="!!!")),
    ("typical-results", "stories/s1.md", """Title: A story
Date: 2026-05-02 09:00
Category: Patient Stories
Tags: recovery
Slug: s1
Authors: Ana Ruiz
Summary: A plain summary.
Reviewed_by: Ben Cole
Reviewed_on: 2026-05-01
Consent: CR-2026-101
Consent_date: 2026-04-20
Consent_expires: 2029-04-20
Consent_scope: web, social, feeds
Results_typical: no
Typical_results: <img src=x onerror=""" + run("typical-results") + """>

The patient walked again.
"""),
    ("author-hostile-registry", "myths/t14.md", article("t14", author="eve-mallory")),
    ("page-title", "pages/p1.md", f"Title: About <script>{run('page-title')}</script>\nSlug: p1\n\nText.\n"),
    ("page-slug-breakout", "pages/p2.md",
     f'Title: Page two\nSlug: x" onmouseover="{run("page-slug-breakout")}\n\nText.\n'),
    ("page-lang-breakout", "pages/p3.md",
     f'Title: Page three\nSlug: p3\nLang: en" onmouseover="{run("page-lang-breakout")}\n\nText.\n'),
]

BODY_VECTORS = [
    ("body-img-backslash", '<img src="/\\evil.example/x.png" alt="x">'),
    ("body-img-scheme-backslash", '<img src="https:/\\evil.example/y.png" alt="x">'),
    ("body-img-protocol-relative", '<img src="//evil.example/z.png" alt="x">'),
    ("body-iframe-userinfo",
     '<iframe src="https://evil.example\\@www.youtube-nocookie.com/embed/abc" title="v"></iframe>'),
    ("body-iframe-credentials",
     '<iframe src="https://user@www.youtube-nocookie.com.evil.example/embed/abc" title="v"></iframe>'),
    ("body-vimeo-repeated-dnt", '<iframe src="https://player.vimeo.com/video/1?dnt=0&amp;dnt=1" title="v"></iframe>'),
    ("body-script", f"<script>{run('body-script')}</script>"),
    ("body-onerror", f"<img src=x onerror=\"{run('body-onerror')}\" alt=\"\">"),
    ("body-svg-script", f"<svg><script>{run('body-svg-script')}</script></svg>"),
    ("body-mxss", f"<math><mtext><table><mglyph><style><img src=x onerror=\"{run('body-mxss')}\">"),
    ("body-javascript-link", f"<a href=\"javascript:{run('body-javascript-link')}\">click</a>"),
    ("body-meta-refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example/">'),
    ("body-base", '<base href="https://evil.example/">'),
    ("body-form", '<form action="https://evil.example/"><button>Go</button></form>'),
    ("body-srcset", '<img src="/images/none.png" srcset="https://evil.example/s.png 1x" alt="x">'),
    ("body-style-import", "<style>@import url(https://evil.example/x.css);</style>"),
    ("body-style-attribute", '<p style="background:url(https://evil.example/bg.png)">styled</p>'),
    ("body-object", '<object data="https://evil.example/x.swf"></object>'),
    ("body-embed", '<embed src="https://evil.example/x.swf">'),
    ("body-data-url", '<a href="data:text/html,<script>alert(1)</script>">data</a>'),
]

REGISTRY = f"""
- id: eve-mallory
  name: Eve Mallory <script>{run('registry-name')}</script>
  credentials: <img src=x onerror="{run('registry-credentials')}">
  role: </p><script>{run('registry-role')}</script>
  specialty: <svg onload="{run('registry-specialty')}">
  bio: <iframe src="javascript:{run('registry-bio')}"></iframe>
  links:
    - label: <b onmouseover="{run('registry-link-label')}">Board</b>
      url: javascript:{run('registry-link-url')}
    - label: Breakout
      url: https://x" onfocus="{run('registry-link-breakout')}" autofocus="
"""

STATIC_VECTORS = {
    "static-js": ("images/evil.js", f"{run('static-js')};"),
    "static-html": ("images/evil.html", f"<script>{run('static-html')}</script>"),
    "static-svg": ("images/evil.svg",
                   f'<svg xmlns="http://www.w3.org/2000/svg"><script>{run("static-svg")}</script></svg>'),
    "static-fake-png": ("images/fake.png", f"<script>{run('static-fake-png')}</script>"),
}
SYMLINK_VECTORS = ("static-symlink-file", "static-symlink-folder")

VECTORS = ([v for v, _, _ in ARTICLES] + [v for v, _ in BODY_VECTORS] + list(STATIC_VECTORS) + list(SYMLINK_VECTORS)
           + ["registry-name", "registry-credentials", "registry-role", "registry-specialty", "registry-bio",
              "registry-link-label", "registry-link-url", "registry-link-breakout"])


def test_there_are_at_least_forty_distinct_vectors():
    assert len(set(VECTORS)) == len(VECTORS) >= 40


class RecordingHandler(QuietHandler):
    """Serves the site and remembers every path asked for."""

    asked = None

    def do_GET(self):
        self.asked.append(self.path)
        super().do_GET()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile site, built with publishconf.py and served; yields (build, base URL, asked paths)."""
    root = tmp_path_factory.mktemp("hostile")
    site = sitebuild.make_site(root / "site")
    for _, relative, text in ARTICLES:
        sitebuild.write(site, relative, text)
    sitebuild.write(site, "myths/body.md", article(
        "body", body="\n\n".join(f"<div>{html}</div>" for _, html in BODY_VECTORS)))
    registry = site / "content" / "clinicians.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + REGISTRY, encoding="utf-8")
    for relative, text in STATIC_VECTORS.values():
        sitebuild.write(site, relative, text)
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("outside the repository", encoding="utf-8")
    os.symlink("/etc/passwd", site / "content" / "images" / "passwd.png")
    os.symlink(outside, site / "content" / "images" / "outside")

    asked = []
    output = site / "output"
    output.mkdir()
    handler = functools.partial(type("Handler", (RecordingHandler,), {"asked": asked}), directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    result = sitebuild.build(site, settings="publishconf.py",
                             extra=("-e", "CLINIC_STRICT=false", f'SITEURL="{base}"'))
    yield result, base, asked
    server.shutdown()


def test_the_hostile_build_ends_without_a_traceback(hostile):
    result, _, _ = hostile
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "CRITICAL" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 0, result.stderr[-3000:]


# Run in each page once it has loaded: live markup a payload could have left.
FIND_LIVE_MARKUP = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const value = a.value.trim().toLowerCase();
      if (a.name.startsWith('on')) found.push(el.tagName + ' ' + a.name);
      if (['href', 'src', 'action', 'data', 'formaction'].includes(a.name)
          && (value.startsWith('javascript:') || value.startsWith('data:text'))) found.push(el.tagName + ' ' + a.name + '=' + value);
    }
  }
  for (const s of document.querySelectorAll('script')) {
    if (s.type !== 'application/ld+json' && !(s.src && new URL(s.src).origin === location.origin
        && new URL(s.src).pathname.match(/^\\/(theme|pagefind)\\//))) found.push('script ' + (s.src || s.textContent.slice(0, 60)));
  }
  for (const sel of ['meta[http-equiv]:not([http-equiv="Content-Security-Policy"])', 'base', 'object', 'embed', 'form[action]']) {
    for (const el of document.querySelectorAll(sel)) {
      if (!(el.tagName === 'FORM' && new URL(el.action).origin === location.origin)) found.push(el.outerHTML.slice(0, 80));
    }
  }
  return found;
}"""


def html_pages(output):
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html"))


def test_no_payload_runs_navigates_or_loads_from_elsewhere(hostile, browser):
    result, base, asked = hostile
    pages = html_pages(result.output)
    assert len(pages) > 30
    for needed in ("index.html", "tags/index.html", "clinicians/index.html", "feeds/index.html"):
        assert needed in pages
    context = browser.new_context(bypass_csp=True)
    outside, problems = [], []

    def route(request_route):
        if request_route.request.url.startswith(base):
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    for relative in pages:
        page.goto(f"{base}/{relative}", wait_until="load")
        page.wait_for_timeout(50)
        if not page.url.startswith(base):
            problems.append(f"{relative}: navigated to {page.url}")
            continue
        problems.extend(f"{relative}: {what}" for what in page.evaluate(FIND_LIVE_MARKUP))
        for script in page.locator('script[type="application/ld+json"]').all_text_contents():
            json.loads(script)
    context.close()
    ran = sorted({path for path in asked if path.startswith("/pwned/")})
    assert not ran, f"payloads ran: {ran}"
    assert not outside, f"requests left the site: {sorted(set(outside))}"
    assert not problems, "\n".join(problems[:40])


def test_no_feed_carries_live_markup(hostile):
    result, _, _ = hostile
    feeds = sorted(result.output.glob("feeds/**/*.xml"))
    assert feeds
    for feed in feeds:
        name = feed.relative_to(result.output).as_posix()
        assert "/." not in "/" + name, f"a feed without a name: {name}"
        xml = BeautifulSoup(feed.read_text(encoding="utf-8"), "xml")
        # Header fields are text in feeds too: an Atom title says so.
        for title in xml.find_all("title"):
            assert title.get("type", "text") == "text", (name, title)
        # The HTML parts: Atom's content and summary, RSS's description and
        # content:encoded (media:description is plain text by definition).
        for node in xml.find_all(["content", "description", "summary", "encoded"]):
            if node.name == "description" and node.parent.name == "channel":
                continue  # RSS: the channel's description is text, escaped once
            if node.prefix == "media":
                if node.name == "description":
                    assert node.get("type", "plain") == "plain", (name, node)
                continue
            html = BeautifulSoup(node.get_text(), "html.parser")
            assert not html.find_all(["script", "iframe", "meta", "base", "object", "embed", "form"]), (name, node)
            for tag in html.find_all(True):
                assert not [a for a in tag.attrs if a.startswith("on")], (name, tag)
                for attribute in ("href", "src"):
                    assert not str(tag.get(attribute, "")).strip().lower().startswith("javascript:"), (name, tag)


def test_nothing_but_images_is_published_from_content(hostile):
    result, _, _ = hostile
    published = {p.relative_to(result.output).as_posix() for p in result.output.rglob("*")}
    for vector, (relative, _) in STATIC_VECTORS.items():
        assert relative not in published, vector
    assert not [p for p in published if p.startswith("images/passwd") or p.startswith("images/outside")]
    assert "root:" not in "".join(p.read_text(errors="replace") for p in result.output.rglob("*.png") if p.is_file())


def test_refused_values_are_reported_in_the_clinicians_format(hostile):
    result, _, _ = hostile
    lines = result.problem_lines()
    for relative, field in (("news/n2.md", "Source_url"), ("news/n3.md", "Source_url"), ("myths/t8.md", "Slug"),
                            ("myths/t9.md", "Slug"), ("myths/t10.md", "Lang"), ("myths/t13.md", "Tags"),
                            ("pages/p2.md", "Slug"), ("pages/p3.md", "Lang")):
        assert any(line.startswith(f"content/{relative}:") and f" {field.lower()}: " in line.lower()
                   and " — " in line for line in lines), (relative, field, lines)
    registry = [line for line in lines if line.startswith("content/clinicians.yml:")]
    assert any(" url: " in line and "javascript" in line for line in registry), registry
    assert any(line.startswith("content/images/") and "/etc/passwd" in line for line in lines), lines
