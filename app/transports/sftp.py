"""SFTP (SSH): a folder on an SSH server, through paramiko (F5, F9, B6).

The server's host key must match the pinned ``endpoint.host_key`` ("SHA256:..." as
``ssh-keygen -l`` and the OpenSSH client print it). An unknown or changed key raises
``HostKeyError`` with the fingerprint the server presented and is never accepted
silently; ``fetch_host_key_fingerprint`` gives the GUI and the CLI that fingerprint
on first contact, for the operator to compare and accept.

Login by ``endpoint.key_file`` (its passphrase, if any, in the password field) and/or
by password. Publishing writes ``<name>.part``, checks its size with ``stat``, then
renames over the final name with ``posix-rename@openssh.com`` (atomic); where the
server lacks it, the old file is removed first (plain SFTP rename never overwrites).
"""

from __future__ import annotations

import base64
import errno
import hashlib
import socket
import stat
from typing import TYPE_CHECKING, BinaryIO, Callable

from ..errors import HostKeyError, TransportError
from .base import Kind, RemoteFile
from .netcommon import BLOCK, ConnectionLost, ProgressCounter, quietly
from .network import NetworkTransport
from ..phrases import Phrase

if TYPE_CHECKING:
    import paramiko

DEFAULT_PORT = 22
# paramiko is imported where it is used: checking that a setting names the sftp kind loads this
# module, and paramiko would add a fifth of a second to every command (status, config show)


def key_fingerprint(key: paramiko.PKey) -> str:
    """``SHA256:<base64 without padding>`` of the key blob, as OpenSSH prints it."""
    digest = hashlib.sha256(key.asbytes()).digest()
    return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


def normalize_host_key(text: str) -> str:
    """Accept 'SHA256:abc', 'abc' or 'abc=' (with padding); a full public key line
    ('ssh-ed25519 AAAA... comment', as in known_hosts) is turned into its fingerprint."""
    text = text.strip()
    parts = text.split()
    if len(parts) >= 2 and (parts[0].startswith("ssh-") or parts[0].startswith("ecdsa-")):
        try:
            blob = base64.b64decode(parts[1])
        except ValueError:
            return text
        return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
    if text.upper().startswith("SHA256:"):
        text = text[7:]
    return "SHA256:" + text.rstrip("=")


def _open_ssh(host: str, port: int, timeout: float) -> paramiko.Transport:
    import paramiko

    sock = socket.create_connection((host, port or DEFAULT_PORT), timeout=timeout)
    transport = paramiko.Transport(sock)
    transport.banner_timeout = timeout
    transport.auth_timeout = timeout
    transport.handshake_timeout = timeout
    try:
        transport.start_client(timeout=timeout)
        if getattr(transport, "host_key", None) is None:
            # paramiko returns from start_client at the timeout without raising
            raise TimeoutError(f"no SSH handshake within {timeout:g} s")
    except BaseException:
        transport.close()
        raise
    return transport


def fetch_host_key_fingerprint(host: str, port: int = DEFAULT_PORT, timeout: float = 15) -> str:
    """The fingerprint of the host key the server presents, without logging in.

    On first contact the GUI/CLI shows it; the operator compares it with the one the
    server's administrator reads with ``ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub``
    and, when they match, it is pinned in ``host_key``.
    """
    import paramiko

    try:
        transport = _open_ssh(host, port, timeout)
    except (OSError, EOFError, paramiko.SSHException) as exc:
        raise TransportError(Phrase("the SSH server %1:%2 could not be reached (%3: %4).",
                                    (host, port or DEFAULT_PORT, exc.__class__.__name__, exc)),
                             hint=Phrase("Check host and port, and that the SSH server is running.")) from None
    try:
        return key_fingerprint(transport.get_remote_server_key())
    finally:
        transport.close()


class SftpTransport(NetworkTransport):
    kinds = (Kind("sftp", ("host", "port", "user", "password", "host_key", "key_file", "timeout_s",
                           "bandwidth_kbps"), required=("host",)),)
    default_port = DEFAULT_PORT
    protocol = "SSH"
    default_folder = "."

    def __init__(self, endpoint, label: str) -> None:
        super().__init__(endpoint, label)
        self._ssh: paramiko.Transport | None = None
        self._sftp: paramiko.SFTPClient | None = None
        self._posix_rename = True  # until the server says it does not know it

    # --- description -----------------------------------------------------------
    def describe(self) -> str:
        return f"SFTP {self.endpoint.user}@{self.server} {self.folder}"

    # --- connection -----------------------------------------------------------------
    def close(self) -> None:
        sftp, ssh = self._sftp, self._ssh
        self._sftp = self._ssh = None
        quietly(*(closable.close for closable in (sftp, ssh) if closable is not None))

    def _ensure_connected(self) -> None:
        if self._sftp is None:
            self._sftp = self._open()

    def _open(self) -> paramiko.SFTPClient:
        import paramiko

        self._require_host()
        timeout = self.endpoint.timeout_s
        self._ssh = _open_ssh(self.endpoint.host, self.port, timeout)
        try:
            self._check_host_key(self._ssh.get_remote_server_key())
            self._authenticate(self._ssh)
            sftp = paramiko.SFTPClient.from_transport(self._ssh)
            sftp.get_channel().settimeout(timeout)
            self._enter_folder(sftp)
        except BaseException:
            self.close()
            raise
        return sftp

    def _check_host_key(self, key: paramiko.PKey) -> None:
        presented = key_fingerprint(key)
        if not self.endpoint.host_key.strip():
            raise HostKeyError(
                Phrase("%1: the SSH server %2 is not known yet; its host key fingerprint is %3 (%4).",
                       (self.label, self.server, presented, key.get_name())),
                fingerprint=presented,
                hint=Phrase("Compare it with the server's (ssh-keygen -lf on the server) and accept it in 'Host "
                            "key (SFTP)'."))
        if normalize_host_key(self.endpoint.host_key) != presented:
            raise HostKeyError(
                Phrase("%1: the host key of the SSH server %2 CHANGED: it presented %3, not the pinned %4. Another "
                       "machine may be answering in its place.",
                       (self.label, self.server, presented, self.endpoint.host_key.strip())),
                fingerprint=presented,
                hint=Phrase("Ask the server's administrator whether the key was replaced; only then accept the new "
                            "fingerprint."))

    def _authenticate(self, ssh: paramiko.Transport) -> None:
        import paramiko

        user = self.endpoint.user
        key = self._private_key()
        try:
            if key is not None:
                try:
                    ssh.auth_publickey(user, key)
                except paramiko.AuthenticationException:
                    if not self.endpoint.password:
                        raise
            if not ssh.is_authenticated() and self.endpoint.password:
                ssh.auth_password(user, self.endpoint.password)
        except paramiko.BadAuthenticationType as exc:
            raise TransportError(Phrase("%1: the SSH server %2 refused the login for user %3: it accepts only %4.",
                                        (self.label, self.server, user, ', '.join(exc.allowed_types))),
                                 hint=Phrase("Configure a key file, or enable password login on the server.")) from None
        except paramiko.AuthenticationException:
            raise TransportError(Phrase("%1: the SSH server %2 refused the login for user %3.",
                                        (self.label, self.server, user)),
                                 hint=Phrase("Check user and password (or the key file and its authorized_keys "
                                             "entry).")) from None
        if not ssh.is_authenticated():
            raise TransportError(Phrase("%1: no password or key file is configured for user %2 on %3.",
                                        (self.label, user, self.server)),
                                 hint=Phrase("Fill in the password or the private key file."))

    def _private_key(self) -> paramiko.PKey | None:
        import paramiko

        if not self.endpoint.key_file:
            return None
        try:
            return paramiko.PKey.from_path(self.endpoint.key_file, password=self.endpoint.password or None)
        except FileNotFoundError:
            raise TransportError(Phrase("%1: the private key file %2 does not exist.",
                                        (self.label, self.endpoint.key_file)),
                                 hint=Phrase("Check the path of the key file.")) from None
        except (paramiko.SSHException, ValueError) as exc:
            raise TransportError(Phrase("%1: the private key file %2 cannot be read (%3).",
                                        (self.label, self.endpoint.key_file, exc.__class__.__name__)),
                                 hint=Phrase("Check the file, and its passphrase in the password field.")) from None

    def _enter_folder(self, sftp: paramiko.SFTPClient) -> None:
        try:
            attributes = sftp.stat(self.folder)
        except IOError:
            attributes = None
        if attributes is None or not stat.S_ISDIR(attributes.st_mode or 0):
            raise TransportError(Phrase("%1: the folder %2 does not exist on the SSH server %3, or user %4 cannot "
                                        "reach it.", (self.label, self.folder, self.server, self.endpoint.user)),
                                 hint=Phrase("Create the folder and give the user read and write rights to it."))
        sftp.chdir(self.folder)

    # --- error handling -------------------------------------------------------------------
    def _classify(self, action: str, exc: Exception) -> ConnectionLost | TransportError | None:
        import paramiko

        if isinstance(exc, (socket.timeout, TimeoutError)):
            return ConnectionLost(Phrase("no answer within %1 s", (self.endpoint.timeout_s,)))
        if isinstance(exc, (EOFError, paramiko.SSHException, OSError)):
            if self._connection_gone(exc):
                return ConnectionLost(self._connection_reason(exc))
            return self._refused(action, exc)
        return None

    def _connection_gone(self, exc: BaseException) -> bool:
        """SFTP reports refusals as IOError too: the connection tells them apart."""
        import paramiko

        if isinstance(exc, (socket.gaierror, ConnectionError, EOFError, paramiko.SSHException)):
            return True
        return self._ssh is None or not self._ssh.is_active()

    def _connection_reason(self, exc: BaseException) -> Phrase:
        if isinstance(exc, socket.gaierror):
            return Phrase("the name %1 could not be resolved", (self.endpoint.host,))
        if isinstance(exc, ConnectionRefusedError):
            return Phrase("nothing answers on %1", (self.server,))
        return Phrase("the connection was lost (%1: %2)", (exc.__class__.__name__, exc))

    def _refused(self, action: str, exc: BaseException) -> TransportError:
        where = Phrase("%1 on the SSH server %2", (self.folder, self.server))
        code = getattr(exc, "errno", None)
        if code in (errno.EACCES, errno.EPERM):
            return TransportError(Phrase("%1: %2 failed: permission denied in %3.", (self.label, action, where)),
                                  hint=Phrase("Give user %1 read and write rights to the folder.",
                                              (self.endpoint.user,)))
        if code == errno.ENOENT:
            return TransportError(Phrase("%1: %2 failed: not found in %3.", (self.label, action, where)),
                                  hint=Phrase("Check the folder and that the official server published the file."))
        return TransportError(Phrase("%1: %2 failed in %3: %4.", (self.label, action, where, exc)),
                              hint=Phrase("Check the free space and the permissions of the folder on the server."))

    # --- primitives ----------------------------------------------------------------------
    def _size(self, name: str) -> int | None:
        try:
            return self._sftp.stat(name).st_size
        except IOError as exc:
            if getattr(exc, "errno", None) == errno.ENOENT:
                return None
            raise

    def _remove_if_present(self, name: str) -> None:
        try:
            self._sftp.remove(name)
        except IOError as exc:
            if getattr(exc, "errno", None) != errno.ENOENT:
                raise

    def _send(self, part: str, source: BinaryIO, counter: ProgressCounter | None) -> None:
        with self._sftp.open(part, "wb") as remote:
            remote.set_pipelined(True)
            while block := source.read(BLOCK):
                remote.write(block)
                if counter:
                    counter.add(len(block))

    def _rename_over(self, part: str, name: str, total: int) -> None:
        if self._posix_rename:
            try:
                self._sftp.posix_rename(part, name)
                return
            except IOError:
                if self._ssh is None or not self._ssh.is_active():
                    raise
                # "unsupported" (or "permission denied", as OpenSSH says when the request is
                # disabled): try the portable way; a real permission problem fails there too.
        # Plain SFTP rename refuses an existing target: remove it first (a short window
        # without the old file, never a partial new one).
        self._remove_if_present(name)
        self._sftp.rename(part, name)
        self._posix_rename = False  # this server lacks it: go straight to remove + rename

    def _receive(self, name: str, sink: Callable[[bytes], None]) -> None:
        with self._sftp.open(name, "rb") as remote:
            remote.prefetch()  # many reads in flight: the speed of the link, not of its latency
            while block := remote.read(BLOCK):
                sink(block)

    def _read(self, name: str, limit: int) -> bytes | None:
        try:
            with self._sftp.open(name, "rb") as remote:
                return remote.read(limit)
        except IOError as exc:
            if getattr(exc, "errno", None) == errno.ENOENT:
                return None
            raise

    def _write_small(self, name: str, data: bytes) -> None:
        with self._sftp.open(name, "wb") as remote:
            remote.write(data)

    def _rename_exclusive(self, temp: str, name: str) -> bool:
        """Plain SFTP rename refuses an existing target (OpenSSH links then unlinks)."""
        try:
            self._sftp.rename(temp, name)
            return True
        except IOError:
            if self._ssh is not None and self._ssh.is_active() and self._size(name) is not None:
                return False
            raise

    def _list(self) -> list[RemoteFile]:
        return [RemoteFile(a.filename, a.st_size or 0, float(a.st_mtime) if a.st_mtime is not None else None)
                for a in self._sftp.listdir_attr(".") if stat.S_ISREG(a.st_mode or 0)]


TRANSPORT = SftpTransport
