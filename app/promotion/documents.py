"""The promotion's own files (the application profile, the service hooks, the undo record),
read in one place: each failure names the file, and a missing one can say what it means."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, TypeVar

from ..errors import PromotionError
from ..phrases import Phrase

T = TypeVar("T")


def read_document(path: Path, what: Phrase, parse: Callable[[str], T], *, missing: PromotionError | None = None,
                  invalid: Phrase = Phrase("cannot be read"), hint: Phrase | str = "") -> T:
    """``parse`` of the file's UTF-8 text. ``what`` names the file ("The application profile");
    a missing file raises ``missing`` when given (else it is unreadable like any other); text
    ``parse`` refuses (tomllib's and json's errors are ValueErrors) is ``invalid``."""
    try:
        return parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        if missing is not None and isinstance(exc, FileNotFoundError):
            raise missing from None
        raise PromotionError(Phrase("%1 %2 cannot be read: %3.", (what, path, exc)), hint=hint) from None
    except ValueError as exc:
        raise PromotionError(Phrase("%1 %2 %3: %4.", (what, path, invalid, exc)), hint=hint) from None
