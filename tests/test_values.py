"""The checks of values with a shape: web addresses, slugs, tags, language tags, embeds."""

import pytest

from clinic import urls, values
from patient_privacy import markup

EMBEDS = {"www.youtube-nocookie.com": "", "player.vimeo.com": "dnt=1"}
SUBS = [(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")]


@pytest.mark.parametrize("address", [
    "https://www.cdc.gov/flu/index.html", "http://who.int/", "https://www.nhs.uk/conditions/flu/?a=1&b=2#top",
])
def test_real_web_addresses_pass(address):
    assert urls.web_address_problem(address) is None


@pytest.mark.parametrize("address, problem", [
    ('https://x" onmouseover="alert(1)', "quote mark"),
    ("javascript:alert(1)", "not a web address"),
    ("JaVaScRiPt:alert(1)", "not a web address"),
    ("data:text/html,hi", "not a web address"),
    ("https:cdc.gov", "not a web address"),
    ("//cdc.gov/flu", "not a web address"),
    ("https://evil.example\\@www.cdc.gov/", "backslash"),
    ("https:/\\evil.example/", "not a web address"),
    ("https://user:secret@www.cdc.gov/", "user name or password"),
    ("https://www.cdc.gov@evil.example/", "user name or password"),
    ("https://localhost/", "no real host"),
    ("https://10.0.0.1/", "no real host"),
    ("https://cdc.gov/a b", "a space"),
    ("https://cdc.gov/\u200b", "invisible character U+200B"),
    ("https://<cdc>.gov/", "angle bracket"),
])
def test_hostile_or_broken_addresses_are_named(address, problem):
    assert problem in urls.web_address_problem(address)


@pytest.mark.parametrize("address, host", [
    ("/\\evil.example/x.png", "evil.example"),
    ("https:/\\evil.example/x.png", "evil.example"),
    ("//evil.example/x.png", "evil.example"),
    ("\\\\evil.example/x.png", "evil.example"),
    ("https://evil.example\\@site.invalid/x.png", "evil.example"),
    (" HTTPS://EVIL.EXAMPLE/x.png", "evil.example"),
    ("/images/x.png", None),
    ("../images/x.png", None),
    ("x.png", None),
])
def test_other_host_reads_addresses_as_browsers_do(address, host):
    assert urls.other_host(address) == host


@pytest.mark.parametrize("src, allowed", [
    ("https://www.youtube-nocookie.com/embed/abc", True),
    ("https://player.vimeo.com/video/1?dnt=1", True),
    ("https://player.vimeo.com/video/1?dnt=1&dnt=1", True),
    ("https://player.vimeo.com/video/1?dnt=0&dnt=1", False),
    ("https://player.vimeo.com/video/1?dnt=1&dnt=0", False),
    ("https://player.vimeo.com/video/1", False),
    ("https://evil.example\\@www.youtube-nocookie.com/embed/abc", False),
    ("https://user@www.youtube-nocookie.com/embed/abc", False),
    ("https://www.youtube-nocookie.com.evil.example/embed/abc", False),
    ("http://www.youtube-nocookie.com/embed/abc", False),
    ("//www.youtube-nocookie.com/embed/abc", False),
])
def test_embeds_match_the_host_exactly_and_every_repeated_parameter(src, allowed):
    assert markup.allowed_embed(src, EMBEDS) is allowed


@pytest.mark.parametrize("html, gone", [
    ('<img src="/\\evil.example/x.png" alt="x">', "evil.example"),
    ('<img src="https:/\\evil.example/x.png" alt="x">', "evil.example"),
    ('<iframe src="https://evil.example\\@www.youtube-nocookie.com/embed/x"></iframe>', "evil.example"),
    ('<iframe src="https://player.vimeo.com/video/1?dnt=0&amp;dnt=1"></iframe>', "vimeo"),
])
def test_the_body_sanitiser_drops_what_loads_from_elsewhere(html, gone):
    cleaned, removals = markup.clean(f"<p>{html}</p>", EMBEDS)
    assert gone not in cleaned and removals
    assert gone not in str(markup.sanitised(f"<p>{html}</p>", tuple(EMBEDS.items())))


@pytest.mark.parametrize("slug", ["cold-weather", "flu-2026-27", "a", "covid_19"])
def test_good_slugs_pass(slug):
    assert values.slug_problem(slug, SUBS) is None


@pytest.mark.parametrize("slug, fix", [
    ("a/b", 'Slug: a-b'), ("../etc", "Slug: etc"), ('x" onmouseover="y', "Slug: x-onmouseovery"),
    ("Cold Weather", "Slug: cold-weather"), ("cold\u200bweather", "Slug: cold-weather"), ("!!!", "lower-case letters"),
    ("", "lower-case letters"), ("-lead", "Slug: lead"), ("a--b", "Slug: a-b"), (".hidden", "Slug: hidden"),
])
def test_bad_slugs_are_refused_with_a_fix(slug, fix):
    message, how = values.slug_problem(slug, SUBS)
    assert "cannot be an address" in message and fix in how


@pytest.mark.parametrize("name, slug, bad", [
    ("colds", "colds", False), ("COVID-19", "covid-19", False), ("!!!", "", True),
    ("<script>x</script>", "scriptxscript", True), ('"><img src=x>', "img-srcx", True), ("{{ x }}", "x", True),
])
def test_tags_need_letters_and_no_markup(name, slug, bad):
    assert (values.tag_problem(name, slug) is not None) is bad


@pytest.mark.parametrize("lang, good", [
    ("en", True), ("en-US", True), ("es-419", True), ("zh-Hant", True), ("pt-BR", True),
    ('en" onload="x', False), ("english", False), ("en_US", False), ("e", False), ("en-", False), ("", False),
])
def test_lang_is_a_bcp47_tag(lang, good):
    assert (values.lang_problem(lang) is None) is good


@pytest.mark.parametrize("text, tag", [
    ("Is <5 g of salt a day safe?", None), ("A < B and C > D", None), ("X <!-->", "<!-->"),
    ("Safe <img src=x", "<img src=x"), ("--!><script>", "<script>"),
])
def test_tags_in_plain_text_are_found_as_browsers_start_them(text, tag):
    assert values.tag_in_text(text) == tag
