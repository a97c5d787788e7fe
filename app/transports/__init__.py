"""Ways to reach the shared folder, behind one interface (base.py).

The registry is the list of transport classes: each declares the kinds it serves and the
``Endpoint`` fields each kind uses (``Transport.kinds``). The settings' validation, the
window's endpoint editor and ``get_transport`` all read that one declaration.
"""

from __future__ import annotations

from ..errors import NotSupportedError
from ..settings.model import Endpoint
from .base import Kind, Transport
from .folder import FolderTransport
from .ftp import FtpTransport
from .sftp import SftpTransport
from .smb import SmbTransport
from .wrappers import Limited, Retrying

TRANSPORTS: tuple[type[Transport], ...] = (FolderTransport, FtpTransport, SftpTransport, SmbTransport)
#: every kind, in the order the window offers them, with its class
KINDS: dict[str, tuple[type[Transport], Kind]] = {kind.name: (cls, kind) for cls in TRANSPORTS for kind in cls.kinds}


def kind_of(name: str) -> tuple[type[Transport], Kind] | None:
    """The class and declaration of a kind, ``None`` for an unknown one (or "none")."""
    return KINDS.get(name)


def get_transport(endpoint: Endpoint, label: str) -> Transport:
    """The transport the endpoint's kind selects, wrapped in its bandwidth limit and retries."""
    found = kind_of(endpoint.kind)
    if found is None:
        raise NotSupportedError(f"{label}: the kind '{endpoint.kind}' is not supported.",
                                hint="Use " + ", ".join(KINDS) + ".")
    transport: Transport = found[0](endpoint, label)
    if endpoint.bandwidth_kbps:
        transport = Limited(transport, endpoint.bandwidth_kbps * 1024)
    return Retrying(transport)
