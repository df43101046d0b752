"""What `make publish` and the deploy targets are made of.

- `publishing.swap`: build beside output/, then put the new tree in place in
  one step; a lock so two publishes never interleave.
- `publishing.interrupts`: turn Ctrl-C and SIGTERM into an exception the
  publish can clean up after; what a publish starts dies with it; the fault
  tests' pause point.
- `publishing.storage`: a full disk, a read-only or a forbidden folder, said
  in one sentence with what to do.
- `publishing.pelican_run`: runs Pelican and fails unless it ran to its end.
- `publishing.linkcheck`: every internal link, anchor, image, feed link and
  sitemap entry of a built site must point at something that exists.
- `publishing.compress`: reproducible .gz and .br copies beside text files.
- `publishing.takedown`: what a publish with errors still puts in place, so that
  no patient story stays live past its consent.
- `publishing.deploy`: rsync over SSH, ghp-import, and the aws CLI or rclone.

scripts/publish.py, scripts/linkcheck.py and scripts/deploy.py are the
command lines over these.
"""
