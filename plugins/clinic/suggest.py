""""Did you mean …?": the known value closest to a mistyped one.

A message that lists every clinician, or every header field, makes the
writer search for their own typo; naming the one nearest value (difflib's
ratio, compared without case) lets them fix it at a glance.
"""

import difflib

# Below this similarity a suggestion is more likely wrong than helpful.
CUTOFF = 0.6


def nearest(value, choices):
    """The choice most like `value` (ignoring case), or None when none is close."""
    by_folded = {}
    for choice in choices:
        by_folded.setdefault(str(choice).casefold(), choice)
    found = difflib.get_close_matches(str(value).casefold().strip(), list(by_folded), n=1, cutoff=CUTOFF)
    return by_folded[found[0]] if found else None


def hint(value, choices, otherwise):
    """'did you mean "X"?' for the nearest choice, else `otherwise`."""
    choice = nearest(value, choices)
    return f'did you mean "{choice}"?' if choice is not None else otherwise
