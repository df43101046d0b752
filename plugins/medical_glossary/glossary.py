"""Read the shared glossary: a YAML mapping of abbreviation to its meaning.

    BP: blood pressure
    HbA1c: hemoglobin A1c, a blood test of average blood sugar

Every entry that cannot be used is reported (file and line) and left out; the
others still work.
"""

from pathlib import Path

import yaml

from clinic import problems

FIX_ENTRY = 'write each entry on one line as "ABBREVIATION: what it stands for"'


def load(path):
    """The usable entries of the glossary at `path` ({} when there is no file)."""
    path = Path(path)
    if not path.is_file():
        return {}
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        line = getattr(getattr(err, "problem_mark", None), "line", 0) + 1
        problems.report(path, line, "glossary", f"the file cannot be read ({err.__class__.__name__})",
                        FIX_ENTRY + ", and save the file as UTF-8")
        return {}
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        problems.report(path, root.start_mark.line + 1, "glossary", "the file is not a list of abbreviations",
                        FIX_ENTRY)
        return {}
    return _entries(path, root)


def _entries(path, root):
    entries, first_line = {}, {}
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 1
        abbreviation = str(key_node.value).strip() if isinstance(key_node, yaml.ScalarNode) else ""
        meaning = str(value_node.value).strip() if isinstance(value_node, yaml.ScalarNode) else ""
        if not abbreviation:
            problems.report(path, line, "glossary", "an entry has no abbreviation", FIX_ENTRY)
        elif not meaning:
            problems.report(path, line, "glossary", f'"{abbreviation}" has no meaning written after it',
                            f'write it as "{abbreviation}: what it stands for"')
        elif abbreviation in first_line:
            problems.report(path, line, "glossary",
                            f'"{abbreviation}" is already listed on line {first_line[abbreviation]}',
                            "keep one of the two entries")
        else:
            entries[abbreviation] = meaning
            first_line[abbreviation] = line
    return entries
