"""Upload the published site; the Makefile's rsync_upload, github and s3_upload run this.

    python scripts/deploy.py rsync  --host HOST --target-dir DIR [--user U] [--port P] [--dry-run]
    python scripts/deploy.py github [--branch gh-pages] [--remote origin] [--cname NAME] [--dry-run]
    python scripts/deploy.py s3     --bucket NAME [--prefix P] [--endpoint URL] [--tool aws|rclone] [--dry-run]

Exit status: the upload tool's own, or 2 with a message saying what to set.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from publishing import deploy  # noqa: E402


def parse_arguments(argv):
    """One sub-command per target; every option mirrors a Makefile variable."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", default="output", help="the published site (OUTPUTDIR)")
    parser.add_argument("--dry-run", action="store_true", help="show what would change, change nothing remote")
    targets = parser.add_subparsers(dest="target", required=True)

    rsync = targets.add_parser("rsync", help="rsync over SSH")
    rsync.add_argument("--host", default="", help="SSH_HOST")
    rsync.add_argument("--user", default="", help="SSH_USER")
    rsync.add_argument("--port", default="22", help="SSH_PORT")
    rsync.add_argument("--target-dir", default="", help="SSH_TARGET_DIR")
    rsync.add_argument("--ssh", default="ssh", help="the ssh command (SSH)")
    rsync.set_defaults(upload=deploy.rsync)

    github = targets.add_parser("github", help="ghp-import to a GitHub Pages branch")
    github.add_argument("--repo", default=".", help="the git repository (GITHUB_REPO)")
    github.add_argument("--branch", default="gh-pages", help="GITHUB_PAGES_BRANCH")
    github.add_argument("--remote", default="origin", help="GITHUB_REMOTE")
    github.add_argument("--cname", default="", help="GITHUB_CNAME: a custom domain")
    github.set_defaults(upload=deploy.github)

    s3 = targets.add_parser("s3", help="sync to an S3-compatible bucket with the aws CLI or rclone")
    s3.add_argument("--bucket", default="", help="S3_BUCKET")
    s3.add_argument("--prefix", default="", help="S3_PREFIX: a folder inside the bucket")
    s3.add_argument("--endpoint", default="", help="S3_ENDPOINT: for stores other than Amazon S3")
    s3.add_argument("--region", default="", help="S3_REGION")
    s3.add_argument("--tool", default="", help="S3_TOOL: aws or rclone (default: whichever is installed)")
    s3.add_argument("--rclone-remote", default="", help="RCLONE_REMOTE: a remote from `rclone config`")
    s3.set_defaults(upload=deploy.s3)
    return parser.parse_args(argv)


def main(argv=None):
    """Run one upload; a setting that is missing or wrong exits 2 with what to do."""
    args = parse_arguments(argv)
    try:
        return args.upload(args)
    except deploy.DeployError as problem:
        print(f"{args.target}: {problem}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
