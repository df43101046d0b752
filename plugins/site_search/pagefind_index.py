"""Write the search index with Pagefind (the binary of the pagefind[bin] package).

Each record becomes a small HTML document in a scratch folder, saved where
its page is saved in output/, and Pagefind indexes that folder in one run.
The command line, not the Python API, because the API stops the Pagefind
process as soon as it reports "files written", and under load files still
being flushed were left empty (seen in 3 of 15 runs); the command line
finishes writing before it exits.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from clinic import progress

# Heading permalinks ("#") and footnote back-links ("↩") are navigation, not text.
NAVIGATION = [".headerlink", ".footnote-backref"]


def write(records, bundle_dir, language):
    """Replace `bundle_dir` with a Pagefind bundle holding exactly `records`.

    The old bundle is removed first: Pagefind names its files by content, so
    an earlier build's files would otherwise linger beside the new ones.
    Every record is indexed in `language`, the site's, so one index (the
    one the search page loads) holds every article.
    """
    bundle_dir = Path(bundle_dir)
    if bundle_dir.exists():
        shutil.rmtree(bundle_dir)
    with tempfile.TemporaryDirectory(prefix="clinic-search-") as scratch:
        for item in progress.track(records, "Search index"):
            path = Path(scratch) / item.save_as
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(item.document(language), encoding="utf-8")
        _index(scratch, bundle_dir, language)


def _index(scratch, bundle_dir, language):
    command = [
        sys.executable, "-m", "pagefind", "--silent",
        "--site", scratch, "--output-path", str(bundle_dir), "--force-language", language,
    ]
    for selector in NAVIGATION:
        command += ["--exclude-selectors", selector]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"Pagefind could not build the search index:\n{done.stdout}{done.stderr}")
