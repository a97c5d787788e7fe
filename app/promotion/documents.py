"""The promotion's own files (the application profile, the service hooks, the undo record),
read in one place: each failure names the file, and a missing one can say what it means."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, TypeVar

from ..errors import PromotionError

T = TypeVar("T")


def read_document(path: Path, what: str, parse: Callable[[str], T], *, missing: PromotionError | None = None,
                  invalid: str = "cannot be read", hint: str = "") -> T:
    """``parse`` of the file's UTF-8 text. ``what`` names the file ("The application profile");
    a missing file raises ``missing`` when given (else it is unreadable like any other); text
    ``parse`` refuses (tomllib's and json's errors are ValueErrors) is ``invalid``."""
    try:
        return parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        if missing is not None and isinstance(exc, FileNotFoundError):
            raise missing from None
        raise PromotionError(f"{what} {path} cannot be read: {exc}.", hint=hint) from None
    except ValueError as exc:
        raise PromotionError(f"{what} {path} {invalid}: {exc}.", hint=hint) from None
