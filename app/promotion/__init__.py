"""The promotion of a contingency server to official (F13-F16, B4).

``run_promotion`` is the one entry point (CLI, wizard, demo); the modules it composes
are usable alone: ``profile`` (where the application keeps its settings), ``plan``
(the preview), ``apply`` (one transaction, undo), ``fence`` (PROMOTED.TXT),
``hooks`` (services such as LMP).
"""

from .apply import apply_plan, create_folders, read_undo, undo, undo_path
from .db import Database
from .fence import FenceReport, fence_locations, write_fence
from .hooks import Hook, HookResult, hooks_path, load_hooks, run_hook, save_hooks
from .pathmap import PathMap, map_path, parse_map
from .plan import Change, Mention, Plan, make_plan
from .profile import DEFAULT_PROFILE, HOST_ROLES, Profile, load_profile
from .run import PromotionResult, Step, data_age_text, run_promotion
from .undo import undo_promotion

__all__ = [
    "Change", "DEFAULT_PROFILE", "Database", "FenceReport", "HOST_ROLES", "Hook", "HookResult", "Mention",
    "PathMap", "Plan", "Profile", "PromotionResult", "Step", "apply_plan", "create_folders", "data_age_text",
    "fence_locations", "hooks_path", "load_hooks", "load_profile", "make_plan", "map_path", "parse_map",
    "read_undo", "run_hook", "run_promotion", "save_hooks", "undo", "undo_path", "undo_promotion",
    "write_fence",
]
