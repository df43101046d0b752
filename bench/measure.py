"""Run one build in a fresh subprocess and measure what it cost.

Wall time is the elapsed time around the subprocess. CPU time and the peak
resident memory come from the kernel's accounting of the child, read with
os.wait4: Linux includes every descendant the child itself waited for (card
workers, the Pagefind binary) in the CPU time, while ru_maxrss is the peak of
the single largest process among them. Because a process pool's workers each
hold memory at the same time, a sampler also follows the whole process tree
and records the peak of its summed proportional set size (PSS, which shares
pages common to several processes fairly between them), sampled at most once
a second, so a short peak between samples can be missed.
"""

import os
import re
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

# Reading smaps_rollup of a few 300 MB processes costs the kernel about 15 ms,
# so the interval starts short (a build of a few pages still gets samples) and
# doubles up to one second, keeping the sampler near 2% of one core.
FIRST_SAMPLE = 0.1  # seconds
LONGEST_INTERVAL = 1.0
# The build's own high-water mark is one line of /proc/PID/status, cheap to
# read, and only its last reading counts: read it often, so that a peak in a
# build's last second (writing feeds, say) is not missed.
HWM_INTERVAL = 0.05


@dataclass
class Sample:
    """One build's cost and what it said."""

    wall: float        # seconds
    cpu: float         # seconds, user + system, the child and its waited-for descendants
    max_rss: float     # MB, the largest single process
    main_hwm: float    # MB, the build's own process (its VmHWM at the last reading, 20 times a second)
    tree_pss: float    # MB, peak of the summed PSS of the whole process tree
    returncode: int
    log: str           # stdout and stderr together

    def as_dict(self):
        """The figures, for a JSON record."""
        return {"wall": self.wall, "cpu": self.cpu, "max_rss": self.max_rss, "main_hwm": self.main_hwm,
                "tree_pss": self.tree_pss, "returncode": self.returncode}


def _children_by_parent():
    """{parent pid: [child pids]} for every process visible in /proc."""
    tree = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces and parentheses; fields follow the last ")".
        parent = int(stat[stat.rindex(")") + 2:].split()[1])
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _proc_kb(pid, file, field):
    """One "field: N kB" line of /proc/PID/FILE, in kB; 0 when the process has gone."""
    try:
        text = Path(f"/proc/{pid}/{file}").read_text()
    except OSError:
        return 0
    found = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(found.group(1)) if found else 0


def _hwm_kb(pid):
    """Peak resident set size so far of one process in kB (VmHWM)."""
    return _proc_kb(pid, "status", "VmHWM")


def _pss_kb(pid):
    """Proportional set size of one process in kB."""
    return _proc_kb(pid, "smaps_rollup", "Pss")


class TreeMemory(threading.Thread):
    """Samples the summed PSS of a process and all its descendants until stopped.

    It also keeps the process's own high-water mark: ru_maxrss is the largest
    of all processes, which may be a helper binary rather than Python.
    """

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.main_hwm_kb = 0
        self._stop_event = threading.Event()

    def run(self):
        interval = FIRST_SAMPLE
        next_tree = time.monotonic() + interval
        while not self._stop_event.wait(HWM_INTERVAL):
            self.main_hwm_kb = max(self.main_hwm_kb, _hwm_kb(self.pid))
            if time.monotonic() < next_tree:
                continue
            interval = min(2 * interval, LONGEST_INTERVAL)
            next_tree = time.monotonic() + interval
            tree = _children_by_parent()
            pids, pending = [], [self.pid]
            while pending:
                pid = pending.pop()
                pids.append(pid)
                pending.extend(tree.get(pid, ()))
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(pid) for pid in pids))

    def stop(self):
        """Stop sampling and wait for the thread."""
        self._stop_event.set()
        self.join()


def run_build(command, cwd, log_path, env=None):
    """Run `command` in `cwd`, its output to `log_path`; return its Sample."""
    log_path = Path(log_path)
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL, env=env)
        sampler = TreeMemory(child.pid)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        sampler.stop()
        # The child is reaped; tell Popen so it does not wait for it again.
        child.returncode = os.waitstatus_to_exitcode(status)
    return Sample(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        max_rss=usage.ru_maxrss / 1024,
        main_hwm=sampler.main_hwm_kb / 1024,
        tree_pss=sampler.peak_kb / 1024,
        returncode=child.returncode,
        log=log_path.read_text(encoding="utf-8", errors="replace"),
    )
