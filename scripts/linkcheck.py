"""Check the internal links of a built site; exit 1 when one is broken.

    python scripts/linkcheck.py output --settings publishconf.py   # after make publish
    python scripts/linkcheck.py output                            # after make html

`make publish` runs the same check on every build before swapping it in.
The site's address comes from --site-url, or from the SITEURL of --settings;
absolute links on it are looked up in the folder. Nothing is fetched.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from publishing import linkcheck  # noqa: E402


def main(argv=None):
    """Check one built site and print every broken link, then a summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site, e.g. output")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--site-url", default="", help="the SITEURL it was built with")
    where.add_argument("--settings", type=Path, help="read SITEURL from this settings file")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        parser.error(f"{args.site} is not a folder: build the site first (make html or make publish)")
    url = args.site_url
    if args.settings:
        from pelican.settings import read_settings

        url = read_settings(str(args.settings))["SITEURL"]
    report = linkcheck.check(args.site, url)
    for broken in report.broken:
        print(broken)
    print(report)
    return 1 if report.broken else 0


if __name__ == "__main__":
    sys.exit(main())
