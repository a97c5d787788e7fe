"""First contact with an SFTP or FTPS server: show its fingerprint, pin it once accepted (B6).

Nothing is ever trusted silently: the operator sees the fingerprint (in the window or
on the terminal), compares it with the server's, and accepts; it is then saved in the
endpoint's ``host_key`` (SFTP) or ``tls_fingerprint`` (FTPS) and checked at every connection.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import NotSupportedError
from .phrases import Phrase
from .settings.model import Endpoint


@dataclass
class Presented:
    field: str        # the Endpoint field that pins it
    fingerprint: str
    what: str         # "SSH host key" / "TLS certificate"


def presented_fingerprint(endpoint: Endpoint, label: str) -> Presented:
    """Connect without trusting anything and return what the server presents."""
    timeout = float(endpoint.timeout_s)
    if endpoint.kind == "sftp":
        from .transports.sftp import DEFAULT_PORT, fetch_host_key_fingerprint
        return Presented("host_key", fetch_host_key_fingerprint(endpoint.host, endpoint.port or DEFAULT_PORT,
                                                                timeout), "SSH host key")
    if endpoint.kind == "ftps":
        from .transports.ftp import DEFAULT_PORT, fetch_certificate_fingerprint
        return Presented("tls_fingerprint", fetch_certificate_fingerprint(
            endpoint.host, endpoint.port or DEFAULT_PORT, timeout), "TLS certificate")
    raise NotSupportedError(Phrase("%1: a %2 connection has no host key or certificate to accept.",
                                   (label, endpoint.kind)),
                            hint=Phrase("Only sftp and ftps endpoints are pinned."))
