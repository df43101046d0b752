"""Production build: build beside output/, and swap it in only if all went well.

`make publish` runs this. Pelican builds with publishconf.py into a fresh
directory next to the output directory; any error (a broken article, a failed
check) stops here and the published output stays exactly as it was.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(content, staging, settings, cache):
    """Run Pelican into `staging`; return its exit code."""
    command = [sys.executable, "-m", "pelican", str(content), "-o", str(staging), "-s", str(settings)]
    if cache:
        command += ["--cache-path", str(cache)]
    return subprocess.run(command, check=False).returncode


def swap_in(staging, output):
    """Replace `output` with `staging`, keeping the old tree until the new one is in place."""
    retired = None
    if output.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{output.name}-old-", dir=output.parent))
        output.rename(retired / output.name)
    staging.rename(output)
    if retired:
        shutil.rmtree(retired)


def main(argv=None):
    """Build, check and publish; exit non-zero, leaving output alone, on any problem."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--content", default="content", type=Path)
    parser.add_argument("--output", default="output", type=Path)
    parser.add_argument("--settings", default=ROOT / "publishconf.py", type=Path)
    parser.add_argument("--cache-path", type=Path)
    args = parser.parse_args(argv)

    output = args.output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
    try:
        code = build(args.content, staging, args.settings, args.cache_path)
        if code != 0:
            print(f"Publish stopped: {args.output}/ was left as it was.", file=sys.stderr)
            return code
        swap_in(staging, output)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    print(f"Published to {args.output}/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
