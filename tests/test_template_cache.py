"""The template cache: compiled templates are kept between builds and never stale."""

import json
import shutil

import sitebuild


def cached(site):
    """{file name: modification time} of every compiled template kept, by options folder."""
    root = site / ".cache" / "templates"
    return {folder.name: {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
            for folder in root.iterdir()}


def test_templates_are_compiled_once_and_again_when_edited(tmp_path):
    site = sitebuild.make_site(tmp_path / "site")
    theme = shutil.copytree(sitebuild.ROOT / "theme", tmp_path / "theme")
    use_theme = ("-e", f"THEME={json.dumps(str(theme))}")
    first = sitebuild.build(site, extra=use_theme)
    assert first.returncode == 0, first.stderr
    [kept] = cached(site).values()
    assert len(kept) > 10, "the theme's templates were not kept"

    again = sitebuild.build(site, extra=use_theme)
    assert again.returncode == 0, again.stderr
    assert cached(site) == {name: kept for name in cached(site)}, "an unchanged template was compiled again"
    assert again.page("index.html") == first.page("index.html")

    base = theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- edited -->\n</body>"),
                    encoding="utf-8")
    edited = sitebuild.build(site, extra=use_theme)
    assert edited.returncode == 0, edited.stderr
    assert "<!-- edited -->" in edited.page("index.html")
    [now] = cached(site).values()
    assert sum(now[name] != kept[name] for name in kept) == 1, "only base.html should be compiled again"


def test_other_environment_options_get_their_own_cache(tmp_path):
    site = sitebuild.make_site(tmp_path / "site")
    assert sitebuild.build(site).returncode == 0
    untrimmed = sitebuild.build(site, extra=("-e", 'JINJA_ENVIRONMENT={"trim_blocks": false}'))
    assert untrimmed.returncode == 0, untrimmed.stderr
    assert len(cached(site)) == 2


def test_ignore_cache_compiles_without_the_cache(tmp_path):
    site = sitebuild.make_site(tmp_path / "site")
    result = sitebuild.build(site, extra=("--ignore-cache",))
    assert result.returncode == 0, result.stderr
    assert not (site / ".cache" / "templates").exists()
