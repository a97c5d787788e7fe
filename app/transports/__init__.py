"""Ways to reach the shared folder, behind one interface (base.py)."""

from __future__ import annotations

import importlib

from ..errors import NotSupportedError
from ..settings.model import Endpoint
from .base import Transport

_MODULES = {"folder": "folder", "ftp": "ftp", "ftps": "ftp", "sftp": "sftp", "smb": "smb"}


def get_transport(endpoint: Endpoint, label: str) -> Transport:
    """The transport the endpoint's kind selects."""
    module_name = _MODULES.get(endpoint.kind)
    if module_name is None:
        raise NotSupportedError(f"{label}: the kind '{endpoint.kind}' is not supported.",
                                hint="Use folder, ftp, ftps, sftp or smb.")
    try:
        module = importlib.import_module(f"{__name__}.{module_name}")
    except ModuleNotFoundError as exc:
        raise NotSupportedError(f"{label}: the {endpoint.kind} transport is not available ({exc}).") from None
    return module.TRANSPORT(endpoint, label)
