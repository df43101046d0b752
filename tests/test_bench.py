"""The build benchmark's corpus and script (bench/), at a tiny size: no timings.

The corpus must be valid for the project (every kind, zero problems), so the
benchmark measures a full build; the script must write its results table.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import sitebuild

BENCH = sitebuild.ROOT / "bench"
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402
import report  # noqa: E402
import run  # noqa: E402

N = 8


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory):
    """The N-article corpus, built once with the project's pelicanconf.py."""
    site = tmp_path_factory.mktemp("corpus")
    corpus.generate(site, N)
    return sitebuild.build(site)


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory):
    """One run of bench/run.py at N articles, one run per scenario."""
    tmp = tmp_path_factory.mktemp("bench")
    results = tmp / "RESULTS.md"
    results.write_text("# Results\n\nA note written by hand.\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "-n", str(N), "--runs", "1",
         "--results", str(results), "--work", str(tmp / "work")],
        capture_output=True, text=True, check=False,
    )
    return done, results


def articles(site):
    return sorted((Path(site) / "content").glob("*/*-0*.md"))


def test_corpus_is_deterministic(tmp_path):
    corpus.generate(tmp_path / "one", N)
    corpus.generate(tmp_path / "two", N)
    first, second = articles(tmp_path / "one"), articles(tmp_path / "two")
    assert len(first) == N
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    corpus.generate(tmp_path / "other", N, seed=2)
    assert [p.read_bytes() for p in articles(tmp_path / "other")] != [p.read_bytes() for p in first]


def test_corpus_builds_every_kind_with_zero_problems(corpus_build):
    assert corpus_build.returncode == 0, corpus_build.stderr
    log = corpus_build.stdout + corpus_build.stderr
    assert corpus_build.problem_lines() == []
    assert not re.search(r"\d+ error\(s\), \d+ warning\(s\)", log), log
    assert f"Processed {N} articles" in log
    for category in ("myths", "news", "patient-stories", "questions"):
        listing = BeautifulSoup(corpus_build.page(f"{category}/index.html"), "html.parser")
        assert listing.select(f'a[href*="/{category}/"][href$="/"]'), category


def test_corpus_articles_carry_tables_footnotes_and_world_titles(corpus_build):
    titles = []
    for path in articles(corpus_build.site):
        header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        fields = dict(line.split(": ", 1) for line in header.splitlines())
        kind = path.stem.split("-")[0]
        category = {"myth": "myths", "news": "news", "story": "patient-stories", "question": "questions"}[kind]
        page = BeautifulSoup(corpus_build.page(f"{category}/{fields['Slug']}/index.html"), "html.parser")
        # A myth's headline is its fact.
        assert page.find("h1").get_text(strip=True) == fields.get("Fact", fields["Title"])
        assert page.select("main table"), path.name
        assert len(page.select('main a[href^="#fn:"]')) == 2, path.name
        text = page.find("main").get_text(" ")
        assert text.count("Short answer") == (kind == "question")
        titles.append(fields["Title"])
    joined = "".join(titles)
    assert re.search(r"[\u4e00-\u9fff]", joined), "no CJK title"
    assert re.search(r"[\u0600-\u06ff]", joined), "no Arabic title"
    assert re.search(r"[\U0001F300-\U0001FAFF]", joined), "no emoji title"


def test_corpus_articles_stay_within_word_limits(tmp_path):
    corpus.generate(tmp_path, 200)
    counts = [corpus.words(p.read_text(encoding="utf-8").split("\n\n", 1)[1]) for p in articles(tmp_path)]
    assert corpus.MIN_WORDS <= min(counts) and max(counts) <= corpus.MAX_WORDS


def test_myth_claims_fit_the_limit(tmp_path):
    corpus.generate(tmp_path, 40)
    for path in (tmp_path / "content" / "myths").glob("*.md"):
        claim = re.search(r"^Claim: (.*)$", path.read_text(encoding="utf-8"), re.MULTILINE).group(1)
        assert 0 < len(claim) <= corpus.CLAIM_MAX_CHARS


def test_script_writes_the_results_table_and_keeps_notes(bench_run):
    done, results = bench_run
    assert done.returncode == 0, done.stdout + done.stderr
    text = results.read_text(encoding="utf-8")
    assert "A note written by hand." in text
    assert text.count("<!-- bench:side-by-side -->") == 1
    for key in ("a", "b", "c", "d", "e", "e-dev"):
        figures = r" \| (\d+\.\d\d) \| (\d+\.\d\d) \| (\d+) \| (\d+) \| (\d+) \|"
        row = re.search(rf"^\| \({key}\) \| [^|]+{figures}", text, re.MULTILINE)
        assert row, f"no figures for ({key})"
        assert all(float(value) > 0 for value in row.groups())
    # The share-card plugin's report line was found and read in every project build.
    for key in ("c", "d", "e", "e-dev"):
        assert re.search(rf"^\| \({key}\) \|.* \| \d+ \| \d+ \|$", text, re.MULTILINE), f"no card counts for ({key})"
    assert re.search(r"In \(e-dev\) the search index was in output/ \d+\.\d\d s after", text)
    for heading in ("### Ratios", "### Targets", "### Share cards", "### Every run", "- Machine: ", "- Versions: "):
        assert heading in text


def test_rerun_replaces_only_its_own_section(tmp_path):
    results = tmp_path / "RESULTS.md"
    results.write_text("# Results\n\nHand-written notes.\n", encoding="utf-8")
    report.update_section(results, "growth", "first")
    report.update_section(results, "growth", "second")
    text = results.read_text(encoding="utf-8")
    assert "Hand-written notes." in text and "second" in text and "first" not in text


@pytest.mark.parametrize("line, expected", [
    ("Share cards: 12 rendered, 988 reused", (12, 988, None)),
    ("share cards: 1 rendered, 999 reused in 0.4 s", (1, 999, 0.4)),
    ("[12:00:01] INFO     Cards: 0 new, 1000 cached (120 ms)", (0, 1000, 0.12)),
    ("Processed 1000 articles", (None, None, None)),
])
def test_card_report_line_is_read_by_meaning(line, expected):
    assert run.parse_cards(f"something else\n{line}\nDone") == expected
