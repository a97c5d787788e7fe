"""Ways to reach the shared folder, behind one interface (base.py).

The registry is the list of transport classes: each declares the kinds it serves and the
``Endpoint`` fields each kind uses (``Transport.kinds``). The settings' validation, the
window's endpoint editor and ``get_transport`` all read that one declaration.
"""

from __future__ import annotations

import importlib
from typing import Any, Iterator

from ..errors import NotSupportedError
from ..settings.model import Endpoint
from .base import Kind, Transport
from .wrappers import Limited, Retrying

#: the modules of the transport classes (each ends with ``TRANSPORT = TheClass``), in the order
#: the window offers their kinds; imported only as far as a kind needs: a folder source does not
#: load the SSH and SMB libraries (a second of start-up for every command)
MODULES = ("folder", "ftp", "sftp", "smb")


def _classes() -> Iterator[type[Transport]]:
    for name in MODULES:
        yield importlib.import_module(f".{name}", __name__).TRANSPORT


def kind_of(name: str) -> tuple[type[Transport], Kind] | None:
    """The class and declaration of a kind, ``None`` for an unknown one (or "none")."""
    for cls in _classes():
        for kind in cls.kinds:
            if kind.name == name:
                return cls, kind
    return None


def __getattr__(name: str) -> Any:
    """``TRANSPORTS`` (every class) and ``KINDS`` (every kind with its class), on first use."""
    if name == "TRANSPORTS":
        return tuple(_classes())
    if name == "KINDS":
        return {kind.name: (cls, kind) for cls in _classes() for kind in cls.kinds}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def get_transport(endpoint: Endpoint, label: str) -> Transport:
    """The transport the endpoint's kind selects, wrapped in its bandwidth limit and retries."""
    found = kind_of(endpoint.kind)
    if found is None:
        raise NotSupportedError(f"{label}: the kind '{endpoint.kind}' is not supported.",
                                hint="Use " + ", ".join(__getattr__("KINDS")) + ".")
    transport: Transport = found[0](endpoint, label)
    if endpoint.bandwidth_kbps:
        transport = Limited(transport, endpoint.bandwidth_kbps * 1024)
    return Retrying(transport)
