"""clinic.kept_results: the one JSON file a build step keeps its results in.

Its first line is the sha256 in hex of the JSON after it. The file holds
every result the build used (the privacy scan's are megabytes), so
saving it must not hold copies of the whole file in memory on top of the
results themselves. Memory is counted with tracemalloc, which counts every
allocation Python makes, so the figure is the same on every run.
"""

import hashlib
import json
import tracemalloc

import pytest

from clinic import kept_results

CODE = "code-fingerprint"
# Non-ASCII text, as articles in Arabic or Chinese are: Python holds it two bytes a character.
TEXT = "<p>الوقاية خير من العلاج — 健康 ✓</p>" * 200


def many_results(count=400):
    """Results much like the feeds': megabytes in all, in a few thousand strings."""
    return {kept_results.key("entry", number): [f"summary {number}", f"text {number}", TEXT + str(number)]
            for number in range(count)}


def saved(path, results):
    kept = kept_results.KeptResults(path, CODE, load=True)
    for key, value in results.items():
        kept.remember(key, value)
    kept.save("test")


def test_the_file_is_the_sha256_of_its_json_then_the_json_and_is_read_back(tmp_path):
    path = tmp_path / "results.json"
    results = many_results(20)
    saved(path, results)

    digest, newline, body = path.read_bytes().partition(b"\n")
    assert newline and digest == hashlib.sha256(body).hexdigest().encode()
    assert json.loads(body) == {"format": kept_results.FORMAT, "code": CODE, "results": results}
    again = kept_results.KeptResults(path, CODE, load=True)
    assert all(again.recall(key) == value for key, value in results.items())
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]


def test_saving_holds_no_copy_of_the_whole_file_in_memory(tmp_path):
    path = tmp_path / "results.json"
    results = many_results()
    tracemalloc.start()
    try:
        saved(path, results)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    size = path.stat().st_size
    assert size > 2_000_000
    # One copy of the JSON, as text or as bytes, would be at least `size`.
    assert peak < size / 4, f"saving {size} bytes took {peak} bytes"


def test_a_save_that_fails_half_way_leaves_the_earlier_file_and_no_temporary_one(tmp_path):
    path = tmp_path / "results.json"
    saved(path, {"a": "first"})
    before = path.read_bytes()
    results = many_results(50)
    # JSON cannot hold a set: writing fails once the results before it are written.
    results["zz"] = {"not", "json"}
    with pytest.raises(TypeError):
        saved(path, results)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]


def test_a_save_into_a_folder_it_cannot_write_warns_and_keeps_nothing(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("")
    saved(blocker / "results.json", {"a": "first"})
    assert "could not save its cache" in caplog.text
