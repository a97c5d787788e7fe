"""Sentences the interface can translate: an English template with %1, %2... and its arguments.

The core speaks English (logs, the command line, the journal); the window translates the
template and fills in the arguments, which may themselves be phrases. No sentence is
ever matched back from its English text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Sequence

PLACEHOLDER = re.compile(r"%(\d+)")


def fill(template: str, args: Sequence[Any]) -> str:
    """``%1``, ``%2``... replaced in one pass (an argument may itself contain "%2")."""
    return PLACEHOLDER.sub(lambda m: str(args[int(m.group(1)) - 1]), template)


@dataclass(frozen=True)
class Phrase:
    template: str
    args: tuple[Any, ...] = ()

    def __str__(self) -> str:
        return fill(self.template, self.args)

    def render(self, translate: Callable[[str], str], convert: Callable[[Any], str] = str) -> str:
        """In another language: ``translate`` maps a template, ``convert`` a plain argument."""
        return fill(translate(self.template),
                    [a.render(translate, convert) if isinstance(a, Phrase) else convert(a) for a in self.args])


def joined(parts: Sequence[Phrase | str], separator: str = "; ") -> Phrase:
    """Several phrases as one ("%1; %2; %3")."""
    return Phrase(separator.join(f"%{i}" for i in range(1, len(parts) + 1)), tuple(parts))
