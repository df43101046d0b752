"""Where a build's time goes: pyinstrument profiles of the project's builds.

`profile_builds` profiles a cold and then a warm build of the benchmark's
corpus and returns a Markdown summary. Time is given to an *owner*: the
innermost frame that is the project's or Pelican's own code (a plugin, the
shared clinic package, a theme template, a Pelican module). Library code
(Markdown, Jinja2, bs4, Pillow, lxml...) counts for the owner that called it,
so "feeds 3.1 s" includes the bs4 and feedgen work the feeds plugin asked for.

pyinstrument samples the main process only: time that a plugin spends waiting
for its worker processes or for a binary (Pagefind) shows as that plugin's,
under waiting functions, and the workers' own CPU is not broken down.
"""

import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from pyinstrument.renderers import ConsoleRenderer, HTMLRenderer
from pyinstrument.session import Session

ROOT = Path(__file__).resolve().parent.parent
PLUGINS = str(ROOT / "plugins") + "/"
TEMPLATES = str(ROOT / "theme") + "/"
# Pass-through helpers: time spent inside them belongs to whoever called them
# (progress.track wraps another plugin's loop and waits on its items).
TRANSPARENT = (PLUGINS + "clinic/progress.py",)
TOP_OWNERS = 14
TOP_ENTRIES = 3
TOP_HOTSPOTS = 15


def owner_of(file_path):
    """The owner a frame's file belongs to, or None for library code."""
    path = file_path or ""
    if path in TRANSPARENT:
        return None
    if path.startswith(PLUGINS):
        name = path[len(PLUGINS):].split("/", 1)[0]
        return "clinic (shared package)" if name == "clinic" else f"plugin {name}"
    if path.startswith(TEMPLATES):
        return "theme templates (Jinja2)"
    marker = "/site-packages/pelican/"
    if marker in path:
        module = path.split(marker, 1)[1].removesuffix(".py").replace("/", ".")
        return f"pelican.{module}".removesuffix(".__init__")
    return None


def hotspot_name(frame):
    """"function (file:line)"; a synthetic "[self]" frame is named after its parent."""
    if frame.is_synthetic and frame.parent is not None:
        frame = frame.parent
    return f"{frame.function} ({frame.file_path_short}:{frame.line_no})"


def attribute(root):
    """({owner: seconds}, {(owner, entry): seconds}, {hotspot: seconds}) for a frame tree."""
    owners, entries, hotspots = defaultdict(float), defaultdict(float), defaultdict(float)
    stack = [(root, "startup", "startup")]
    while stack:
        frame, owner, entry = stack.pop()
        own = owner_of(frame.file_path)
        if own and own != owner:
            owner, entry = own, frame.function
        children = frame.children
        self_time = frame.time - sum(child.time for child in children)
        owners[owner] += self_time
        entries[(owner, entry)] += self_time
        if self_time > 0:
            hotspots[hotspot_name(frame)] += self_time
        stack.extend((child, owner, entry) for child in children)
    return owners, entries, hotspots


def summary(session, label):
    """Markdown tables: time by owner (with its top entry points) and the hottest functions."""
    root = session.root_frame()
    total = root.time if root else 0.0
    owners, entries, hotspots = attribute(root) if root else ({}, {}, {})
    lines = [f"### {label}: {session.duration:.1f} s wall, {session.cpu_time:.1f} s CPU in the main process", "",
             "| owner | s | % | mostly in |", "|---|--:|--:|---|"]
    for owner, seconds in sorted(owners.items(), key=lambda item: -item[1])[:TOP_OWNERS]:
        top = sorted(((e, s) for (o, e), s in entries.items() if o == owner), key=lambda item: -item[1])
        where = ", ".join(f"{e} {s:.2f} s" for e, s in top[:TOP_ENTRIES])
        lines.append(f"| {owner} | {seconds:.2f} | {100 * seconds / total:.0f} | {where} |")
    lines += ["", "Hottest functions (own time, library code included):", "",
              "| function | s |", "|---|--:|"]
    for name, seconds in sorted(hotspots.items(), key=lambda item: -item[1])[:TOP_HOTSPOTS]:
        lines.append(f"| `{name}` | {seconds:.2f} |")
    return "\n".join(lines)


def profile(space, out_dir, name):
    """Profile one project build of `space`; save session, text and HTML; return the session."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    session_file = out_dir / f"{name}.pyisession"
    build = space.project_command()[1:]  # drop the interpreter: pyinstrument runs the module
    command = [sys.executable, "-m", "pyinstrument", "-r", "pyisession", "-o", str(session_file), *build]
    with open(out_dir / f"{name}.log", "wb") as log:
        done = subprocess.run(command, cwd=space.project, stdout=log, stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the profiled {name} build failed; see {out_dir / (name + '.log')}")
    session = Session.load(str(session_file))
    (out_dir / f"{name}.txt").write_text(ConsoleRenderer(unicode=True, color=False).render(session),
                                         encoding="utf-8")
    (out_dir / f"{name}.html").write_text(HTMLRenderer().render(session), encoding="utf-8")
    return session


def profile_builds(space, out_dir, when):
    """Profile the project cold, then warm, on `space`; the Markdown section for RESULTS.md."""
    space.clear_project()
    cold = profile(space, out_dir, "cold")
    warm = profile(space, out_dir, "warm")
    lines = [f"## Profile at N={space.n} (pyinstrument, {when})", "",
             "Time is given to the innermost project or Pelican code on the stack; library calls count "
             "for their caller. Only the main process is sampled, by wall clock and with the profiler's "
             "own overhead: waiting for card workers or for Pagefind shows as the waiting plugin's time, "
             "and steps that run while the card workers hold both cores look slower than they are. "
             f"Full trees: `{out_dir}/cold.html`, "
             f"`{out_dir}/warm.html` (and .txt).", "",
             summary(cold, "Cold build"), "", summary(warm, "Warm build")]
    return "\n".join(lines)
