"""SMB: a folder of a Windows or Samba share, reached without mounting it (F5, F9, F17).

For Linux machines that do not mount the share (a Windows machine simply uses the
"folder" kind with a UNC path). ``endpoint.path`` is ``\\\\server\\share\\folder``
(``//server/share/folder`` is accepted too); ``endpoint.host``, when set, is the
address to connect to instead of ``server``; the port defaults to 445.

Publishing writes ``<name>.part``, checks its size, then renames it over the final
name in one SMB request (FileRenameInformation with ReplaceIfExists). Plain rename
(without ReplaceIfExists) refuses an existing target, which makes
``create_exclusive`` atomic. Each transport keeps its connections in its own cache,
closed in ``close()``.
"""

from __future__ import annotations

import errno
import re
from typing import BinaryIO, Callable

from ..errors import TransportError
from ..phrases import Phrase, said
from .base import Kind, RemoteFile
from .netcommon import BLOCK, ConnectionLost, ProgressCounter, quietly
from .network import NetworkTransport

DEFAULT_PORT = 445
#: NTSTATUS of a refused login (bad user or password, disabled or expired account)
LOGON_STATUSES = {0xC000006D, 0xC000006A, 0xC0000064, 0xC0000072, 0xC0000071, 0xC0000234}
DISK_FULL_STATUSES = {0xC000007F, 0xC0000044}
#: access denied, privilege not held, sharing violation (another process holds the file)
DENIED_STATUSES = {0xC0000022, 0xC0000061, 0xC0000043, 0xC00000A2}


def load_protocol() -> None:
    """smbprotocol and smbclient, imported with the first SMB transport: checking that a setting
    names the smb kind loads this module, and they would add a fifth of a second to every command."""
    global smbclient, SMBFileTransaction, SMBRawIO, set_info, SMBAuthenticationError, SMBConnectionClosed, \
        SMBException, SMBOSError, SMBResponseException, FileRenameInformation, CreateOptions, FilePipePrinterAccessMask
    import smbclient
    from smbclient._io import SMBFileTransaction, SMBRawIO, set_info
    from smbprotocol.exceptions import (SMBAuthenticationError, SMBConnectionClosed, SMBException, SMBOSError,
                                         SMBResponseException)
    from smbprotocol.file_info import FileRenameInformation
    from smbprotocol.open import CreateOptions, FilePipePrinterAccessMask


def parse_unc(path: str) -> tuple[str, str, str]:
    """``\\\\server\\share\\a\\b`` or ``//server/share/a/b`` -> (server, share, 'a\\b')."""
    parts = [p for p in path.replace("/", "\\").split("\\") if p]
    if len(parts) < 2 or not path.replace("/", "\\").startswith("\\\\"):
        raise TransportError(Phrase("the SMB path %1 is not of the form \\\\server\\share\\folder.", (f'{path!r}',)),
                             hint=Phrase("Write it as \\\\SERVER\\Share\\Folder (or //SERVER/Share/Folder)."))
    return parts[0], parts[1], "\\".join(parts[2:])


class SmbTransport(NetworkTransport):
    #: ``host`` is optional: the address to connect to instead of the path's server
    kinds = (Kind("smb", ("host", "port", "user", "password", "timeout_s", "bandwidth_kbps"), required=("path",)),)
    default_port = DEFAULT_PORT
    protocol = "SMB"

    @classmethod
    def problems(cls, kind: Kind, endpoint) -> list[tuple[str, str, str]]:
        found = super().problems(kind, endpoint)
        if endpoint.path and not re.match(r"^(\\\\|//)[^\\/]+[\\/][^\\/]+", endpoint.path):
            found.append(("path", endpoint.path, "use \\\\server\\share\\folder"))
        return found

    @property
    def unreachable_hint(self) -> str:
        return said(Phrase("Check that the server is on, shares the folder, and that port %1 is open to this "
                           "machine.", (self.port,)))

    def __init__(self, endpoint, label: str) -> None:
        load_protocol()
        super().__init__(endpoint, label)
        self._cache: dict = {}  # this transport's connections only: close() ends exactly these
        self._connected = False

    # --- description ---------------------------------------------------------------
    def _parts(self) -> tuple[str, str, str]:
        try:
            return parse_unc(self.endpoint.path)
        except TransportError as exc:
            raise TransportError(f"{self.label}: {exc.message}", hint=exc.hint) from None

    @property
    def server(self) -> str:
        host = self.endpoint.host or self._parts()[0]
        return f"{host}:{self.port}"

    def describe(self) -> str:
        return f"SMB {self.endpoint.path}" + (f" via {self.server}" if self.endpoint.host or self.endpoint.port else "")

    def _unc(self, name: str = "") -> str:
        """The path smbclient is given: the connect host replaces the server of the path."""
        server, share, folder = self._parts()
        host = self.endpoint.host or server
        path = f"\\\\{host}\\{share}" + (f"\\{folder}" if folder else "")
        return path + (f"\\{name}" if name else "")

    def _session_options(self) -> dict:
        return {"username": self.endpoint.user or None, "password": self.endpoint.password or None,
                "port": self.port, "connection_timeout": self.endpoint.timeout_s,
                "connection_cache": self._cache}

    # --- connection ----------------------------------------------------------------------
    def close(self) -> None:
        self._connected = False
        cache, self._cache = self._cache, {}
        quietly(lambda: smbclient.reset_connection_cache(fail_on_error=False, connection_cache=cache))

    def _ensure_connected(self) -> None:
        if self._connected:
            return
        server, share, _folder = self._parts()
        host = self.endpoint.host or server
        smbclient.register_session(host, **self._session_options())
        for connection in self._cache.values():
            # smbprotocol waits for replies without a limit; its keep-alive gives up on a
            # silent server after two of these intervals, which bounds every call.
            if hasattr(connection, "_receive_timeout"):
                connection._receive_timeout = self.endpoint.timeout_s
        self._require_folder()
        self._connected = True

    def _require_folder(self) -> None:
        try:
            is_folder = smbclient.path.isdir(self._unc(), **self._session_options())
        except SMBOSError:
            is_folder = False
        if not is_folder:
            raise TransportError(Phrase("%1: the folder %2 does not exist on the SMB server %3, or user %4 cannot "
                                        "reach it.",
                                        (self.label, self.endpoint.path, self.server, self.endpoint.user)),
                                 hint=Phrase("Check the share and folder names, and that the share grants the user "
                                             "read and write rights."))

    # --- error handling ----------------------------------------------------------------------
    def _classify(self, action: str, exc: Exception) -> ConnectionLost | TransportError | None:
        if isinstance(exc, SMBAuthenticationError):
            return self._login_refused()
        if isinstance(exc, SMBOSError):
            return self._login_refused() if exc.ntstatus in LOGON_STATUSES else self._refused(action, exc)
        if isinstance(exc, (SMBConnectionClosed, ConnectionError, TimeoutError, EOFError)):
            return ConnectionLost(Phrase("the connection was lost (%1: %2)", (exc.__class__.__name__, exc)))
        if isinstance(exc, ValueError):  # smbprotocol reports "Failed to connect to ..." as ValueError
            return ConnectionLost(Phrase("nothing answers on %1", (self.server,))) if "connect" in str(exc).lower() else None
        if isinstance(exc, SMBResponseException):  # the server answered with an error status
            if exc.status in LOGON_STATUSES:
                return self._login_refused()
            return self._refused(action, SMBOSError(exc.status, self.endpoint.path))
        if isinstance(exc, SMBException):
            return ConnectionLost(f"{exc.__class__.__name__}: {exc}")
        return None

    def _login_refused(self) -> TransportError:
        return TransportError(Phrase("%1: the SMB server %2 refused the login for user %3.",
                                     (self.label, self.server, self.endpoint.user)),
                              hint=Phrase("Check user and password (and the domain, as DOMAIN\\user)."))

    def _refused(self, action: str, exc: SMBOSError) -> TransportError:
        where = Phrase("%1 on the SMB server %2", (self.endpoint.path, self.server))
        if exc.ntstatus in DISK_FULL_STATUSES or exc.errno == errno.ENOSPC:
            return TransportError(Phrase("%1: %2 failed: the disk of %3 is full.", (self.label, action, where)),
                                  hint=Phrase("Free space on the server or lower the number of bundles kept."))
        if exc.ntstatus in DENIED_STATUSES or exc.errno in (errno.EACCES, errno.EPERM):
            return TransportError(Phrase("%1: %2 failed: permission denied in %3.", (self.label, action, where)),
                                  hint=Phrase("Give user %1 read and write rights to the share and folder.",
                                              (self.endpoint.user,)))
        if exc.errno == errno.ENOENT:
            return TransportError(Phrase("%1: %2 failed: not found in %3.", (self.label, action, where)),
                                  hint=Phrase("Check the folder and that the official server published the file."))
        return TransportError(Phrase("%1: %2 failed in %3: %4 (NTSTATUS 0x%5).",
                                     (self.label, action, where, exc.strerror, f'{exc.ntstatus:08X}')))

    # --- helpers ---------------------------------------------------------------------------------
    def _size(self, name: str) -> int | None:
        try:
            return smbclient.stat(self._unc(name), **self._session_options()).st_size
        except SMBOSError as exc:
            if exc.errno == errno.ENOENT:
                return None
            raise

    def _remove_if_present(self, name: str) -> None:
        try:
            smbclient.remove(self._unc(name), **self._session_options())
        except SMBOSError as exc:
            if exc.errno != errno.ENOENT:
                raise

    def _discard(self, name: str) -> None:
        """Best-effort removal after a refusal; the next cycle's clean-up catches the rest."""
        try:
            self._remove_if_present(name)
        except Exception:  # noqa: BLE001 - the original error is the one to report
            pass

    def _rename_over(self, part: str, name: str, total: int) -> None:
        try:
            self._rename(part, name, replace=True)
        except SMBOSError as exc:
            if exc.ntstatus not in (0xC0000035, 0xC0000022) or self._size(name) is None:
                raise
            # A server that will not replace (collision or access denied on the old file):
            # remove the old file, then rename (a short window without it, never a partial one).
            self._remove_if_present(name)
            self._rename(part, name, replace=False)

    def _rename(self, source_name: str, name: str, *, replace: bool) -> None:
        """Rename in one SET_INFO request; ``replace`` sets ReplaceIfExists (without it
        the server answers STATUS_OBJECT_NAME_COLLISION when ``name`` exists).

        Not ``smbclient.rename/replace``: they first open the target asking for
        FILE_EXECUTE, which Samba refuses on an ordinary 0644 file, so replacing a marker
        would fail. Only the source is opened here (with DELETE, as a rename requires).
        """
        _server, _share, folder = self._parts()
        target = f"{folder}\\{name}" if folder else name
        with SMBRawIO(self._unc(source_name), mode="r", share_access="rwd",
                      desired_access=FilePipePrinterAccessMask.DELETE,
                      create_options=CreateOptions.FILE_OPEN_REPARSE_POINT,
                      **self._session_options()) as source:
            with SMBFileTransaction(source) as transaction:
                rename = FileRenameInformation()
                rename["replace_if_exists"] = replace
                rename["file_name"] = target
                set_info(transaction, rename)

    def _send(self, part: str, source: BinaryIO, counter: ProgressCounter | None) -> None:
        try:
            with smbclient.open_file(self._unc(part), mode="wb", **self._session_options()) as remote:
                while block := source.read(BLOCK):
                    remote.write(block)
                    if counter:
                        counter.add(len(block))
        except (SMBResponseException, SMBOSError):
            self._discard(part)  # the server refused (full disk...): it still listens
            raise

    def _receive(self, name: str, sink: Callable[[bytes], None]) -> None:
        with smbclient.open_file(self._unc(name), mode="rb", **self._session_options()) as remote:
            while block := remote.read(BLOCK):
                sink(block)

    def _read(self, name: str, limit: int) -> bytes | None:
        try:
            with smbclient.open_file(self._unc(name), mode="rb", **self._session_options()) as remote:
                return remote.read(limit)
        except SMBOSError as exc:
            if exc.errno == errno.ENOENT:
                return None
            raise

    def _write_small(self, name: str, data: bytes) -> None:
        with smbclient.open_file(self._unc(name), mode="wb", **self._session_options()) as remote:
            remote.write(data)

    def _rename_exclusive(self, temp: str, name: str) -> bool:
        """Rename without ReplaceIfExists: the server refuses when ``name`` exists, atomically."""
        try:
            self._rename(temp, name, replace=False)
            return True
        except SMBOSError as exc:
            if exc.errno == errno.EEXIST:
                return False
            raise

    def _list(self) -> list[RemoteFile]:
        files = []
        for entry in smbclient.scandir(self._unc(), **self._session_options()):
            if entry.is_file():
                # smb_info comes with the listing; entry.stat() would reconnect without our port
                info = entry.smb_info
                files.append(RemoteFile(entry.name, info.end_of_file, info.last_write_time.timestamp()))
        return files


TRANSPORT = SmbTransport
