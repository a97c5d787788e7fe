"""The language of the e-mails: the setting, else the machine's (a service has no LANG of its own)."""

from __future__ import annotations

import locale
import os
import sys
from pathlib import Path


#: where a Linux machine keeps its configured language (a service started by systemd has no LANG)
LOCALE_FILES = (Path("/etc/default/locale"), Path("/etc/locale.conf"))
NEUTRAL_LOCALES = ("", "C", "POSIX", "C.UTF-8", "C.utf8")


def system_language() -> str:
    """The machine's language tag, e.g. "pt_BR.UTF-8" or "Portuguese_Brazil" (Windows).

    The process's environment first; then what the machine is configured with, so a worker
    started by the service manager with no language of its own writes its e-mails in the
    language the operator's window shows."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(var, "") not in NEUTRAL_LOCALES:
            return os.environ[var]
    configured = _configured_language()
    if configured:
        return configured
    try:
        return locale.getlocale()[0] or ""
    except ValueError:
        return ""


def _configured_language() -> str:
    if sys.platform == "win32":
        try:
            import ctypes
            lcid = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
            return locale.windows_locale.get(lcid, "")
        except (AttributeError, OSError):
            return ""
    for path in LOCALE_FILES:
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        values = dict(line.split("=", 1) for line in lines if "=" in line and not line.lstrip().startswith("#"))
        for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
            value = values.get(var, "").strip().strip('"\'')
            if value not in NEUTRAL_LOCALES:
                return value
    return ""


def message_language(setting: str | None = "") -> str:
    """ "pt_BR" or "en": the setting when given, else the system's language."""
    chosen = (setting or "").strip() or system_language()
    return "pt_BR" if chosen.lower().startswith(("pt", "portuguese")) else "en"

