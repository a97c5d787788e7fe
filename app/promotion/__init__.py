"""The promotion of a contingency server to official (F13-F16, B4).

``run_promotion`` is the one entry point (CLI, wizard, demo); the modules it composes
are usable alone: ``profile`` (where the application keeps its settings), ``plan``
(the preview), ``apply`` (one transaction, undo), ``fence`` (PROMOTED.TXT),
``hooks`` (services such as LMP); ``documents`` reads their files.
"""

from __future__ import annotations

import importlib
from typing import Any

#: each public name and the module that defines it, imported on first use so that
#: ``contingencia status`` and ``--help`` do not pay for the whole promotion
_HOME = {
    "Change": "plan",
    "Database": "db",
    "FenceReport": "fence",
    "HOST_ROLES": "profile",
    "Hook": "hooks",
    "HookResult": "hooks",
    "Mention": "plan",
    "PathMap": "pathmap",
    "Plan": "plan",
    "Profile": "profile",
    "PromotionResult": "run",
    "Step": "run",
    "apply_plan": "apply",
    "create_folders": "apply",
    "data_age_text": "run",
    "fence_locations": "fence",
    "hooks_path": "hooks",
    "load_hooks": "hooks",
    "load_profile": "profile",
    "make_plan": "plan",
    "map_path": "pathmap",
    "parse_map": "pathmap",
    "read_undo": "apply",
    "run_hook": "hooks",
    "run_promotion": "run",
    "save_hooks": "hooks",
    "undo_promotion": "undo",
    "write_fence": "fence",
}

__all__ = [
    "Change", "Database", "FenceReport", "HOST_ROLES", "Hook", "HookResult", "Mention",
    "PathMap", "Plan", "Profile", "PromotionResult", "Step", "apply_plan", "create_folders", "data_age_text",
    "fence_locations", "hooks_path", "load_hooks", "load_profile", "make_plan", "map_path", "parse_map",
    "read_undo", "run_hook", "run_promotion", "save_hooks", "undo", "undo_promotion",
    "write_fence",
]


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
