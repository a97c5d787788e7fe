"""Ways to reach the shared folder, behind one interface (base.py).

The registry names each kind and the function that imports the transport class serving it
(``REGISTRY``); the class declares the ``Endpoint`` fields each of its kinds uses
(``Transport.kinds``). The settings' choices of ``kind`` read the registry's names, and
validation, the window's endpoint editor and ``get_transport`` read the class's declaration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterator

from ..errors import NotSupportedError
from .base import Kind, Transport
from .wrappers import Limited, Retrying
from ..phrases import Phrase

if TYPE_CHECKING:  # the settings model reads the registry's kinds: no import cycle at run time
    from ..settings.model import Endpoint

def _folder() -> type[Transport]:
    from .folder import TRANSPORT
    return TRANSPORT


def _ftp() -> type[Transport]:
    from .ftp import TRANSPORT
    return TRANSPORT


def _sftp() -> type[Transport]:
    from .sftp import TRANSPORT
    return TRANSPORT


def _smb() -> type[Transport]:
    from .smb import TRANSPORT
    return TRANSPORT


#: each kind, and the function that imports the class serving it, in the order the window offers
#: them. Naming or checking a kind imports no module, and using one imports only its own: a folder
#: source does not load the SSH and SMB libraries, nor ``config keys`` ssl (a second of start-up for
#: every command). The imports are statements, so a frozen build's analysis finds every transport.
REGISTRY: dict[str, Callable[[], type[Transport]]] = {
    "folder": _folder, "ftp": _ftp, "ftps": _ftp, "sftp": _sftp, "smb": _smb}


def kind_names() -> tuple[str, ...]:
    return tuple(REGISTRY)


def _classes() -> Iterator[type[Transport]]:
    for load in dict.fromkeys(REGISTRY.values()):
        yield load()


def kind_of(name: str) -> tuple[type[Transport], Kind] | None:
    """The class and declaration of a kind, ``None`` for an unknown one (or "none")."""
    load = REGISTRY.get(name)
    if load is None:
        return None
    cls = load()
    declared = {kind.name: kind for kind in cls.kinds}
    if name not in declared:  # the registry and the class disagree: a mistake in this package
        raise NotSupportedError(Phrase("The transport %1 does not declare the kind '%2' the registry gives it.",
                                       (cls.__name__, name)),
                                hint=Phrase("Declare it in the class's kinds or fix REGISTRY."))
    return cls, declared[name]


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
        raise NotSupportedError(Phrase("%1: the kind '%2' is not supported.", (label, endpoint.kind)),
                                hint=Phrase("Use %1.", (", ".join(__getattr__("KINDS")),)))
    transport: Transport = found[0](endpoint, label)
    if endpoint.bandwidth_kbps:
        transport = Limited(transport, endpoint.bandwidth_kbps * 1024)
    return Retrying(transport)
