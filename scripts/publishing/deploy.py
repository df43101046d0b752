"""Upload the published site: rsync over SSH, GitHub Pages, or an S3-compatible store.

Each target uploads the output folder as `make publish` leaves it (in the
Makefile every upload target depends on `publish`, so what goes out is always
a fresh, checked production build from publishconf.py). Each has a dry run
that changes nothing on the server and shows what would change:

- rsync: `rsync --dry-run` lists every file it would send or delete;
- github: ghp-import commits the site to the local gh-pages branch and does
  not push it, so the exact commit can be looked at first;
- s3: `aws s3 sync --dryrun` or `rclone sync --dry-run`.

The command is printed before it runs. Credentials are never on the command
line: ssh, git, the aws CLI and rclone read their own configuration.
"""

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

# An object store cannot pick .gz or .br by the browser's Accept-Encoding, so
# the pre-compressed copies would only be stored and never served.
PRECOMPRESSED = ("*.gz", "*.br")


class DeployError(Exception):
    """Something the person deploying can fix; the message says how."""


def require(value, variable, example):
    """Fail with a message naming the Makefile variable when `value` is empty."""
    if not value:
        raise DeployError(f"{variable} is not set — run e.g. make {example}")


def rsync_command(output, host, target_dir, user="", port="22", ssh="ssh", dry_run=False):
    """The rsync command that mirrors `output` into target_dir on host, over SSH.

    --checksum sends only files whose bytes changed (publishes are
    reproducible, so unchanged pages are not sent again); --delay-updates
    and --delete-delay put the new files in place together at the end, so
    readers rarely meet a half-updated site.
    """
    require(host, "SSH_HOST", "rsync_upload SSH_HOST=www.example.org SSH_TARGET_DIR=/var/www/blog")
    require(target_dir, "SSH_TARGET_DIR", "rsync_upload SSH_TARGET_DIR=/var/www/blog")
    if target_dir.strip("/") in ("", "~", "."):
        raise DeployError(
            f'SSH_TARGET_DIR "{target_dir}" is not the site\'s own folder — rsync deletes what the '
            "site does not have, so give the folder the web server serves, e.g. /var/www/blog"
        )
    destination = f"{user}@{host}:{target_dir}" if user else f"{host}:{target_dir}"
    command = [
        "rsync", "--recursive", "--links", "--checksum", "--compress", "--chmod=D755,F644",
        "--delete-delay", "--delay-updates", "--itemize-changes",
        "-e", f"{ssh} -p {port}", f"{output}/", destination,
    ]
    if dry_run:
        command.insert(1, "--dry-run")
    return command


def ghp_import_command(output, branch="gh-pages", remote="origin", cname="", message="", push=True):
    """The ghp-import command that commits `output` to `branch`, pushing it unless a dry run.

    --no-jekyll stops GitHub Pages from hiding files whose names start with "_".
    """
    command = [
        sys.executable, "-m", "ghp_import", "--no-jekyll", "--branch", branch,
        "--message", message or "Publish the site",
    ]
    if cname:
        command += ["--cname", cname]
    if push:
        command += ["--push", "--remote", remote]
    return [*command, str(output)]


def s3_tool(choice="", which=shutil.which):
    """The S3 client to use: `choice` if given, else the aws CLI, else rclone."""
    if choice:
        if choice not in ("aws", "rclone"):
            raise DeployError(f'S3_TOOL "{choice}" is not known — use S3_TOOL=aws or S3_TOOL=rclone')
        if not which(choice):
            raise DeployError(
                f"S3_TOOL={choice}, but the {choice} command is not installed — install it, "
                "or leave S3_TOOL empty to use whichever of aws and rclone is installed"
            )
        return choice
    for tool in ("aws", "rclone"):
        if which(tool):
            return tool
    raise DeployError(
        "s3_upload needs the aws CLI or rclone, and neither is installed — install one "
        "(pip install awscli, or apt-get install rclone), then run make s3_upload again"
    )


def s3_command(output, bucket, prefix="", endpoint="", region="", tool="aws", rclone_remote="", dry_run=False):
    """The aws or rclone command that mirrors `output` into the bucket, deleting what is gone.

    `endpoint` selects an S3-compatible store other than Amazon S3 (Cloudflare
    R2, Backblaze B2, Wasabi, MinIO...). rclone without a configured remote
    uses its S3 backend with the same AWS_* environment credentials as the
    aws CLI, and --checksum so only changed files are sent.
    """
    require(bucket, "S3_BUCKET", "s3_upload S3_BUCKET=clinic-blog")
    key = "/".join(part.strip("/") for part in (bucket, prefix) if part.strip("/"))
    source = f"{output}/"
    if tool == "aws":
        command = ["aws", "s3", "sync", source, f"s3://{key}", "--delete"]
        for pattern in PRECOMPRESSED:
            command += ["--exclude", pattern]
        if endpoint:
            command += ["--endpoint-url", endpoint]
        if region:
            command += ["--region", region]
        return command + (["--dryrun"] if dry_run else [])
    destination = f"{rclone_remote}:{key}" if rclone_remote else f":s3:{key}"
    command = ["rclone", "sync", source, destination, "--checksum"]
    for pattern in PRECOMPRESSED:
        command += ["--exclude", pattern]
    if not rclone_remote:
        command += ["--s3-provider", "Other" if endpoint else "AWS", "--s3-env-auth"]
        if endpoint:
            command += ["--s3-endpoint", endpoint]
        if region:
            command += ["--s3-region", region]
    return command + (["--dry-run"] if dry_run else [])


def run(command, cwd=None):
    """Print the command, run it, and return its exit status."""
    print("$", shlex.join(command), flush=True)
    return subprocess.run(command, cwd=cwd, check=False).returncode


def published(output):
    """`output` as an absolute path, once it is known to hold a built site."""
    output = Path(output).resolve()
    if not (output / "index.html").is_file():
        raise DeployError(f"{output} holds no built site — run make publish first")
    return output


def source_commit(folder="."):
    """The short id of the commit the site was built from, or "" outside git."""
    done = subprocess.run(
        ["git", "-C", str(folder), "rev-parse", "--short", "HEAD"],
        capture_output=True, text=True, check=False,
    )
    return done.stdout.strip() if done.returncode == 0 else ""


def github(args):
    """ghp-import the site into args.repo; push it unless a dry run."""
    commit = source_commit()
    message = f"Publish the site from {commit}" if commit else "Publish the site"
    command = ghp_import_command(
        published(args.output), args.branch, args.remote, args.cname, message, push=not args.dry_run,
    )
    status = run(command, cwd=args.repo)
    if status == 0 and args.dry_run:
        print(
            f"Dry run: the site is committed to the local branch {args.branch} of {args.repo}, "
            f"and nothing was pushed. Look at it with: git -C {args.repo} log --stat -1 {args.branch}; "
            f"make github pushes it to {args.remote}."
        )
    return status


def rsync(args):
    """rsync the site to the SSH host."""
    return run(rsync_command(
        published(args.output), args.host, args.target_dir, args.user, args.port, args.ssh, args.dry_run,
    ))


def s3(args):
    """Sync the site to the bucket with the aws CLI or rclone."""
    tool = s3_tool(args.tool)
    return run(s3_command(
        published(args.output), args.bucket, args.prefix, args.endpoint, args.region,
        tool, args.rclone_remote, args.dry_run,
    ))
