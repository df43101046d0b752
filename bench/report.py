"""Write the benchmark's figures into bench/RESULTS.md as Markdown tables.

RESULTS.md is made of sections between `<!-- bench:NAME -->` and
`<!-- /bench:NAME -->` markers; each command rewrites only its own section
(side-by-side, growth, profile) and keeps everything else in the file, so the
notes written by hand around them survive a new run.
"""

import re
from pathlib import Path
from statistics import median

TARGETS = (
    # (label, scenario, reference, limit)
    # Issue 21's limits: cold cards included, warm with nothing changed.
    ("(c) cold ≤ 3.0 × (a)", "c", "a", 3.0),
    ("(d) warm ≤ 1.3 × (b)", "d", "b", 1.3),
)
MEMORY_LIMIT = 2.0
GROWTH_LIMIT = 1.25


def update_section(path, name, text):
    """Put `text` between the markers of section `name` in `path`, adding it if new."""
    path = Path(path)
    begin, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{begin}\n{text.strip()}\n{end}"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Build benchmark results\n"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    new = pattern.sub(lambda _: block, old) if pattern.search(old) else old.rstrip() + "\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")


def medians(samples):
    """{metric: median} over one scenario's runs."""
    keys = ("wall", "cpu", "max_rss", "main_hwm", "tree_pss", "rendered", "reused", "index_ready")
    out = {}
    for key in keys:
        values = [s[key] for s in samples if s.get(key) is not None]
        out[key] = median(values) if values else None
    return out


def _n(value, digits=2):
    return "–" if value is None else f"{value:.{digits}f}"


def _count(value):
    return "–" if value is None else f"{value:g}"


def _verdict(ratio, limit):
    return "–" if ratio is None else ("met" if ratio <= limit else f"NOT met (by {100 * (ratio / limit - 1):.0f}%)")


def _ratio(top, bottom):
    return top / bottom if top is not None and bottom else None


def context_lines(machine, versions, corpus):
    """The machine, the versions and the corpus, as Markdown lines."""
    return [
        f"- Machine: {machine['cpus']} CPUs ({machine['cpu_model']}), {machine['ram_gb']:.1f} GB RAM; "
        f"load average {machine['load_start']:.2f} at the start, {machine['load_end']:.2f} at the end "
        "(other work shares this machine).",
        "- Versions: " + ", ".join(f"{name} {version}" for name, version in versions.items()) + ".",
        f"- Corpus: {corpus['articles']} articles ({corpus['per_kind']}), seed {corpus['seed']}, "
        f"{corpus['words_min']}–{corpus['words_max']} words (mean {corpus['words_mean']:.0f}); "
        f"{corpus['pages']} pages; {corpus['clinicians']} clinicians; "
        f"{corpus['world_titles']} titles in CJK, Arabic or with emoji.",
    ]


def side_by_side(results, scenarios, machine, versions, corpus, runs, when):
    """The side-by-side section: medians, ratios, targets, cards and every run."""
    table = {key: medians(results[key]) for key in scenarios}
    lines = [f"## Side by side at N={corpus['articles']} (median of {runs} run(s), {when})", ""]
    lines += context_lines(machine, versions, corpus)
    lines += [""] + _figures(table, scenarios)
    lines += ["", "### Ratios", ""] + _ratios(table, scenarios)
    lines += ["", "### Targets", ""] + _targets(table, results)
    lines += ["", "### Share cards", ""] + card_lines(results)
    lines += ["", "### Every run", ""] + _every_run(results, scenarios)
    return "\n".join(lines)


def _figures(table, scenarios):
    lines = ["| | scenario | wall s | CPU s | peak RSS MB (Pelican's process) | peak RSS MB (largest process) "
             "| peak PSS MB (whole process tree) | cards rendered | cards reused |",
             "|---|---|--:|--:|--:|--:|--:|--:|--:|"]
    for key, label in scenarios.items():
        m = table[key]
        lines.append(f"| ({key}) | {label} | {_n(m['wall'])} | {_n(m['cpu'])} | {_n(m['main_hwm'], 0)} | "
                     f"{_n(m['max_rss'], 0)} | {_n(m['tree_pss'], 0)} | {_count(m['rendered'])} | "
                     f"{_count(m['reused'])} |")
    return lines


def _ratios(table, scenarios):
    lines = ["| | wall ÷ (a) | CPU ÷ (a) | wall ÷ (b) | CPU ÷ (b) |", "|---|--:|--:|--:|--:|"]
    for key in scenarios:
        cells = [_ratio(table[key][m], table[ref][m]) for ref in ("a", "b") for m in ("wall", "cpu")]
        lines.append(f"| ({key}) | " + " | ".join(f"{_n(cell)}×" for cell in cells) + " |")
    return lines


def _targets(table, results):
    lines = ["| target | wall ratio | wall | CPU ratio | CPU |", "|---|--:|---|--:|---|"]
    for label, key, ref, limit in TARGETS:
        wall, cpu = (_ratio(table[key][m], table[ref][m]) for m in ("wall", "cpu"))
        lines.append(f"| {label} | {_n(wall)}× | {_verdict(wall, limit)} | {_n(cpu)}× | {_verdict(cpu, limit)} |")
    for key in ("e", "e-dev"):
        rendered = [s.get("rendered") for s in results[key]]
        one_card = "met" if rendered and all(r == 1 for r in rendered) else "NOT met"
        counts = ", ".join(_count(r) for r in rendered)
        lines.append(f"| ({key}) renders exactly one card | {counts} per run | {one_card} | | |")
    for metric, what in (("main_hwm", "Pelican's process"), ("max_rss", "largest process"),
                         ("tree_pss", "whole process tree (PSS)")):
        ratio = _ratio(table["c"][metric], table["a"][metric])
        verdict = _verdict(ratio, MEMORY_LIMIT)
        lines.append(f"| peak memory (c) ≤ {MEMORY_LIMIT:g} × (a), {what} | {_n(ratio)}× | {verdict} | | |")
    ready = table["e-dev"]["index_ready"]
    lines += ["", f"In (e-dev) the search index was in output/ {_n(ready)} s after the build started "
              f"({_n(_ratio(ready, table['e']['wall']))} × the wall time of (e)), the median over the runs."]
    return lines


def _every_run(results, scenarios):
    lines = ["| scenario | run | wall s | CPU s | RSS MB (Pelican) | RSS MB (largest) | PSS MB | rendered | "
             "reused | load before |",
             "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for key in scenarios:
        for number, s in enumerate(results[key], start=1):
            lines.append(f"| ({key}) | {number} | {_n(s['wall'])} | {_n(s['cpu'])} | {_n(s.get('main_hwm'), 0)} | "
                         f"{_n(s['max_rss'], 0)} | {_n(s['tree_pss'], 0)} | {_count(s.get('rendered'))} | "
                         f"{_count(s.get('reused'))} | {_n(s['load'])} |")
    return lines


def card_lines(results):
    """Milliseconds per card, cold and warm.

    The plugin's report line gives the counts. When it also gives the time of
    its step, that time is divided by the cards; with --card-runs, so is the
    extra time of the build with cards over the same build without them.
    """
    out = []
    for key, label, count in (("c", "cold (rendered)", "rendered"), ("d", "warm (reused)", "reused")):
        seconds = [s.get("card_seconds") for s in results[key] if s.get("card_seconds") is not None]
        cards = [s.get(count) for s in results[key] if s.get(count)]
        if seconds and cards:
            ms = 1000 * median(seconds) / median(cards)
            out.append(f"- {label}: {ms:.1f} ms per card (the plugin's own time for its step, "
                       f"{median(cards):g} cards, median {median(seconds):.2f} s).")
        without = results.get(f"{key}-nocards")
        if without and cards:
            base, full = medians(without), medians(results[key])
            for metric in ("wall", "cpu"):
                extra = full[metric] - base[metric]
                out.append(f"- {label}, by difference ({metric}): ({_n(full[metric])} − {_n(base[metric])}) s "
                           f"/ {median(cards):g} cards = {1000 * extra / median(cards):.1f} ms per card.")
        if not out or not out[-1].startswith(f"- {label}"):
            out.append(f"- {label}: no time for the card step in this run "
                       "(the plugin reports none; run with --card-runs 1 to cost it by difference).")
    return out


def growth(rows, machine, versions, runs, when):
    """The growth section: time per article at each N, and the target."""
    lines = [f"## Growth (median of {runs} run(s), {when})", ""]
    lines += [f"- Machine: {machine['cpus']} CPUs ({machine['cpu_model']}), load average "
              f"{machine['load_start']:.2f} at the start, {machine['load_end']:.2f} at the end.",
              "- Versions: " + ", ".join(f"{n} {v}" for n, v in versions.items()) + ".", ""]
    lines += ["| N | (a) wall s | (a) ms/article | (c) wall s | (c) ms/article (wall) | (c) CPU s | "
              "(c) ms/article (CPU) | (c) peak PSS MB |", "|--:|--:|--:|--:|--:|--:|--:|--:|"]
    per = {}
    for n, results in sorted(rows.items()):
        a, c = medians(results["a"]), medians(results["c"])
        per[n] = {m: 1000 * c[m] / n for m in ("wall", "cpu")}
        per[n]["plain"] = 1000 * a["wall"] / n
        lines.append(f"| {n} | {_n(a['wall'])} | {_n(per[n]['plain'], 1)} | {_n(c['wall'])} | "
                     f"{_n(per[n]['wall'], 1)} | {_n(c['cpu'])} | {_n(per[n]['cpu'], 1)} | {_n(c['tree_pss'], 0)} |")
    if len(per) >= 2:
        small, large = min(per), max(per)
        lines.append("")
        for metric in ("wall", "cpu"):
            ratio = per[large][metric] / per[small][metric]
            lines.append(f"- Target, time per article at N={large} within 25% of N={small} ({metric}): "
                         f"{ratio:.2f}× — {_verdict(ratio, GROWTH_LIMIT)}.")
        plain = per[large]["plain"] / per[small]["plain"]
        lines.append(f"- Plain Pelican for comparison (wall): {plain:.2f}×.")
    return "\n".join(lines)


def ablation(results, machine, versions, n, runs, when):
    """The ablation section: each plugin's cost as the build's saving without it."""
    lines = [f"## What each plugin costs at N={n} (median of {runs} run(s), {when})", "",
             f"- Machine: {machine['cpus']} CPUs ({machine['cpu_model']}), load average "
             f"{machine['load_start']:.2f} at the start, {machine['load_end']:.2f} at the end.",
             "- Versions: " + ", ".join(f"{name} {version}" for name, version in versions.items()) + ".",
             "- Each row is the project's cold build (empty caches) and then its warm build, with one "
             "plugin left out of PLUGINS; \"saves\" is what leaving it out saves against all plugins.", "",
             "| build | cold wall s | cold CPU s | saves (cold CPU) | warm wall s | warm CPU s | "
             "saves (warm CPU) | peak RSS MB (Pelican) | peak RSS MB (largest) | peak PSS MB |",
             "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    full = results.get("all plugins")
    if isinstance(full, str):
        return "\n".join(lines + [f"| all plugins | {full} |"])
    base = {state: medians(full[state]) for state in ("cold", "warm")}
    for label, found in results.items():
        if isinstance(found, str):
            lines.append(f"| {label} | could not build: {found} |")
            continue
        cold, warm = medians(found["cold"]), medians(found["warm"])
        saves = (base["cold"]["cpu"] - cold["cpu"], base["warm"]["cpu"] - warm["cpu"])
        lines.append(f"| {label} | {_n(cold['wall'])} | {_n(cold['cpu'])} | {_n(saves[0])} | {_n(warm['wall'])} | "
                     f"{_n(warm['cpu'])} | {_n(saves[1])} | {_n(cold['main_hwm'], 0)} | {_n(cold['max_rss'], 0)} | "
                     f"{_n(cold['tree_pss'], 0)} |")
    return "\n".join(lines)
