"""Sentences the interface can translate: an English template with %1, %2... and its arguments.

The core speaks English (logs, the command line, the journal); the window translates the
template and fills in the arguments, which may themselves be phrases. No sentence is
ever matched back from its English text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
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
        args = [a.phrase if isinstance(a, Said) else a for a in self.args]
        return fill(translate(self.template),
                    [a.render(translate, convert) if isinstance(a, Phrase) else convert(a) for a in args])


def joined(parts: Sequence[Phrase | str], separator: str = "; ") -> Phrase:
    """Several phrases as one ("%1; %2; %3")."""
    return Phrase(separator.join(f"%{i}" for i in range(1, len(parts) + 1)), tuple(parts))


class Said(str):
    """An English sentence that keeps its ``phrase``: it travels as a plain string (the command
    line, the logs, the journal's text columns) and the window still shows it translated."""

    phrase: Phrase

    def __new__(cls, phrase: Phrase) -> "Said":
        text = super().__new__(cls, str(phrase))
        text.phrase = phrase
        return text


def said(message: "Phrase | str") -> str:
    """A phrase as a string that remembers it; a plain string as it is."""
    return Said(message) if isinstance(message, Phrase) else message


def phrase_of(message: Any) -> Phrase:
    """The phrase behind a message: its own, a ``Said``'s or an error's, else the text untranslated."""
    if isinstance(message, Phrase):
        return message
    found = getattr(message, "phrase", None)
    return found if isinstance(found, Phrase) else Phrase("%1", (str(message),))


def to_data(phrase: Phrase) -> dict[str, Any]:
    """A phrase as JSON-ready data (for the journal and the status), nested phrases included."""
    args = [a.phrase if isinstance(a, Said) else a for a in phrase.args]
    return {"template": phrase.template, "args": [to_data(a) if isinstance(a, Phrase) else str(a) for a in args]}


def from_data(data: Any) -> Phrase | None:
    """The phrase ``to_data`` wrote; None for anything else (an older journal's plain text)."""
    if not isinstance(data, dict) or not isinstance(data.get("template"), str):
        return None
    return Phrase(data["template"], tuple(from_data(a) or a if isinstance(a, dict) else a
                                          for a in data.get("args", [])))


#: where the pt_BR catalogue (Qt's .ts, the window's translations) lives: in a checkout, the wheel
#: and the frozen build alike (they ship the .ts beside the compiled .qm)
CATALOGUE_DIRS = (Path(__file__).resolve().parents[1] / "ui" / "translations",)
#: the contexts of the catalogue that hold the core's sentences
CORE_CONTEXTS = ("Core", "Promotion", "Status", "Label")
#: the names the core gives its places inside sentences ("destination 1: ..."), translated too
LABELS = ("source", "destination 1", "destination 2", "database")
_catalogues: dict[str, dict[str, str]] = {}


def catalogue(lang: str) -> dict[str, str]:
    """The core's sentences in ``lang`` (template -> translation), read once from the .ts catalogue,
    so the worker and the command line translate without Qt's translators; {} for English."""
    if lang.lower().startswith("en"):
        return {}
    if lang not in _catalogues:
        from xml.etree import ElementTree  # only where a sentence is translated: status and --help start without it

        found: dict[str, str] = {}
        for folder in CATALOGUE_DIRS:
            for path in sorted(folder.glob(f"*_{lang}.ts")) if folder.is_dir() else []:
                try:
                    root = ElementTree.parse(path).getroot()
                except (OSError, ElementTree.ParseError):
                    continue
                for context in root.iter("context"):
                    if context.findtext("name") in CORE_CONTEXTS:
                        for message in context.iter("message"):
                            text = message.findtext("translation") or ""
                            if text.strip():
                                found.setdefault(message.findtext("source") or "", text)
        _catalogues[lang] = found
    return _catalogues[lang]


def in_language(message: Any, lang: str) -> str:
    """A message of the core (a phrase, a ``Said``, an error, plain text) in ``lang``."""
    phrase = message if isinstance(message, Phrase) else getattr(message, "phrase", None)
    if not isinstance(phrase, Phrase):
        return str(message)
    table = catalogue(lang)
    return phrase.render(lambda template: table.get(template, template),
                         lambda arg: table.get(arg, arg) if arg in LABELS else str(arg))
