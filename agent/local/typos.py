"""Typing slips in the words that say what to do ("drfat a folow up", "pipleine", "remnid me"), put right before
routing: the offline model reads requests by their words, so one swapped letter must not turn a request for a draft
into a help-centre search.

Only a word that is not an ordinary word itself, one edit (a letter added, dropped, changed, or two swapped) away
from exactly one request word, is corrected. Names are left alone: "Hygge" or "Karoo" is not one edit from a request
word, and a real word ("fellow", "deals") is never changed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.embeddings import common_words

REQUEST_WORDS = (
    "draft", "follow", "email", "update", "ticket", "tickets", "remind", "reminder", "summary", "summarise", "summarize",
    "pipeline", "meeting", "schedule", "approve", "discard", "renewal", "contact", "account", "overview", "sentiment",
    "negotiation", "proposal", "qualification", "expansion", "urgent", "priority", "refund", "invoice", "subscription",
    "password", "dashboard", "dashboards", "export", "integration", "forecast", "quarter", "customer", "please",
)
MIN_LENGTH = 5  # shorter words are one edit from too many others
_WORD = re.compile(r"[A-Za-z]+")


_QUOTED = re.compile(r"(\"[^\"]*\"|“[^”]*”)")  # pasted text is kept as it was written


# Chat shorthand for the small words that join a request ("calling acme abt the renewal", "a call w/ marta"), spelt
# out so that they join it as the long words do
SHORTHAND = {"abt": "about", "w/": "with", "w/o": "without"}
_SHORT = re.compile(r"(?<![\w/])(abt|w/o|w/)(?=\s)", re.IGNORECASE)


def corrected(text: str) -> str:
    return "".join(part if _QUOTED.fullmatch(part) else _WORD.sub(lambda m: m.group(0) if _a_name(m) else _fix(m.group(0)),
                                                                  _SHORT.sub(lambda m: SHORTHAND[m.group(1).lower()], part))
                   for part in _QUOTED.split(text))


def _a_name(found: re.Match) -> bool:
    """A capitalised word inside a sentence is a name someone typed ("native Discord support"), not a slip."""
    word, before = found.group(0), found.string[:found.start()].rstrip()
    return word[:1].isupper() and bool(before) and not before.endswith((".", "!", "?", ":", "\n"))


def _fix(word: str) -> str:
    lower = word.lower()
    if len(lower) < MIN_LENGTH or lower in _known():
        return word
    matches = [w for w in REQUEST_WORDS if abs(len(w) - len(lower)) <= 1 and _one_edit(lower, w)
               and not _inflected(lower, w)]
    return matches[0] if len(matches) == 1 else word


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return common_words() | frozenset(REQUEST_WORDS)


def _inflected(word: str, request_word: str) -> bool:
    """ "invoices", "drafted", "updates": another form of the word, not a slip."""
    return word.startswith(request_word) or request_word.startswith(word)


def _one_edit(a: str, b: str) -> bool:
    """a and b differ by one insertion, deletion, substitution or swap of neighbouring letters."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((i for i in range(len(short)) if short[i] != long[i]), len(short))
    return short[i:] == long[i + 1:]
