"""Path prefix rules (F15): ``\\\\OFICIAL\\MGV7`` -> ``D:\\MGV7``, and the host-only rule.

Matching is case-insensitive and treats ``\\`` and ``/`` alike, as Windows does, and a
prefix only matches whole path components (``\\\\OFICIAL\\MGV7`` does not match
``\\\\OFICIAL\\MGV7X``). The longest matching prefix wins. The remainder keeps its
components and takes the separator of the new prefix.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from ..errors import PromotionError
from ..phrases import Phrase
from ..settings.model import path_map

SEPARATORS = re.compile(r"[\\/]+")


@dataclass(frozen=True)
class PathMap:
    old: str
    new: str


def parse_map(text: str) -> PathMap:
    """``OLD=NEW`` as typed on the command line or in settings."""
    try:
        return PathMap(*path_map(text))
    except ValueError:
        raise PromotionError(Phrase("The path change %1 is not OLD=NEW.", (f'{text!r}',)),
                             hint=Phrase("Write it like \\\\OFICIAL\\MGV7=D:\\MGV7 (quote it in the shell).")) from None


def _split(path: str) -> tuple[str, list[str]]:
    """(root, components): root is '\\\\' for UNC, 'C:' for drives, '/' for POSIX, '' relative."""
    if path[:2] in ("\\\\", "//"):
        root, rest = "\\\\", path[2:]
    elif re.match(r"^[A-Za-z]:", path):
        root, rest = path[:2].upper(), path[2:]
    elif path[:1] in ("\\", "/"):
        root, rest = "/", path[1:]
    else:
        root, rest = "", path
    return root, [c for c in SEPARATORS.split(rest) if c]


def _join(prefix: str, rest: list[str]) -> str:
    if not rest:
        return prefix
    sep = "/" if "/" in prefix and "\\" not in prefix else "\\"
    return prefix.rstrip("\\/") + sep + sep.join(rest)


def _match(path: str, prefix: str) -> list[str] | None:
    """The components after ``prefix`` if ``path`` starts with it, else None."""
    proot, pparts = _split(prefix)
    root, parts = _split(path)
    if proot.lower() != root.lower() or len(parts) < len(pparts):
        return None
    if [p.lower() for p in parts[:len(pparts)]] != [p.lower() for p in pparts]:
        return None
    return parts[len(pparts):]


def map_path(value: str, maps: list[PathMap], old_hosts: list[str], new_host: str) -> str | None:
    """The new path, or None when no rule applies."""
    if not value:
        return None
    best: tuple[int, str] | None = None
    for rule in maps:
        rest = _match(value, rule.old)
        if rest is not None:
            weight = len(_split(rule.old)[1])
            if best is None or weight > best[0]:
                best = (weight, _join(rule.new, rest))
    if best is not None:
        return best[1]
    return _replace_host(value, old_hosts, new_host)


def _replace_host(value: str, old_hosts: list[str], new_host: str) -> str | None:
    """``\\\\OLDHOST\\share...`` -> ``\\\\NEWHOST\\share...`` (also ``//OLDHOST/``)."""
    root, parts = _split(value)
    if root != "\\\\" or not parts or new_host.lower() == parts[0].lower():
        return None
    if parts[0].lower() not in {h.lower() for h in old_hosts if h}:
        return None
    lead = value[:2]
    sep = "/" if lead == "//" else "\\"
    return lead + new_host + sep + sep.join(parts[1:]) if len(parts) > 1 else lead + new_host


def is_local(path: str) -> bool:
    """Whether this machine can create the path itself (a local disk, never a share)."""
    if path[:2] in ("\\\\", "//"):
        return False
    if sys.platform == "win32":
        return bool(re.match(r"^[A-Za-z]:[\\/]", path))
    return path.startswith("/")


def folder_of(path: str, is_folder: bool) -> str:
    """The folder to create for a path field (the parent when the field names a file)."""
    if is_folder:
        return path
    cut = max(path.rfind("\\"), path.rfind("/"))
    return path[:cut] if cut > 0 else path


def mentions(value: str, host: str) -> bool:
    """Whether ``value`` names ``host`` as a whole word (case-insensitive)."""
    if not host or not value:
        return False
    pattern = r"(?<![A-Za-z0-9_-])" + re.escape(host) + r"(?![A-Za-z0-9_-])"
    return re.search(pattern, value, re.IGNORECASE) is not None
