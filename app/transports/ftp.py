"""FTP and FTPS (explicit TLS): a folder on an FTP server (F5, F9, F18).

Binary mode, passive unless ``endpoint.passive`` is off, UTF-8 names (``OPTS UTF8 ON``
when the server offers it), a timeout on every socket. FTPS is explicit TLS
(``AUTH TLS`` then ``PROT P``, so files travel encrypted too). The certificate is
verified against the system store or, when ``endpoint.tls_fingerprint`` is set,
must be exactly that certificate; anything else raises ``HostKeyError`` with the
fingerprint the server presented, so the operator can compare and pin it.

Publishing: ``STOR <name>.part``, ``SIZE`` equal to the local size, ``RNFR/RNTO``
to the final name (``DELE`` first where the server refuses to rename over an
existing file), then ``SIZE`` of the final name again, because some servers answer
250 to a rename they did not do. A dropped connection restarts the whole upload on
a new connection: the stale ``.part`` is deleted first.
"""

from __future__ import annotations

import calendar
import ftplib
import io
import socket
import ssl
import time
from typing import BinaryIO, Callable

from ..errors import HostKeyError, TransportError
from .base import Kind, RemoteFile
from .netcommon import BLOCK, ConnectionLost, ProgressCounter, normalize_tls_fingerprint, quietly, tls_fingerprint
from .network import NetworkTransport
from ..phrases import Phrase

DEFAULT_PORT = 21
#: replies that mean "the connection (control or data) is gone": retry on a new one
LOST_REPLIES = ("421", "425", "426")
FULL_REPLIES = ("452", "552")


def _reply_code(exc: BaseException) -> str:
    return str(exc)[:3]


class _DataChannelCertificate(Exception):
    """The data channel presented another certificate than the pinned one."""

    def __init__(self, presented: str) -> None:
        super().__init__(presented)
        self.presented = presented


class _FTPS(ftplib.FTP_TLS):
    """FTP_TLS that reuses the control channel's TLS session on data channels (servers
    such as vsftpd require it) and checks a pinned certificate on every channel."""

    pinned: str = ""

    def ntransfercmd(self, cmd, rest=None):
        conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)
        if self._prot_p:
            session = getattr(self.sock, "session", None)
            conn = self.context.wrap_socket(conn, server_hostname=self.host, session=session)
            if self.pinned:
                presented = tls_fingerprint(conn.getpeercert(binary_form=True) or b"")
                if normalize_tls_fingerprint(presented) != self.pinned:
                    conn.close()
                    raise _DataChannelCertificate(presented)
        return conn, size


def fetch_certificate_fingerprint(host: str, port: int = DEFAULT_PORT, timeout: float = 15) -> str:
    """The SHA-256 fingerprint of the certificate an FTPS server presents (not verified).

    For the GUI/CLI "show and accept on first contact": the operator compares it with the
    one the server's administrator gives, then pins it in ``tls_fingerprint``.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    ftp = ftplib.FTP_TLS(context=context, timeout=timeout)
    try:
        ftp.connect(host, port or DEFAULT_PORT, timeout=timeout)
        ftp.auth()
        return tls_fingerprint(ftp.sock.getpeercert(binary_form=True) or b"")
    except (OSError, EOFError, ftplib.Error) as exc:
        raise TransportError(Phrase("the FTPS server %1:%2 did not present a certificate (%3: %4).",
                                    (host, port or DEFAULT_PORT, exc.__class__.__name__, exc)),
                             hint=Phrase("Check host and port, and that the server offers explicit TLS (AUTH TLS).")) from None
    finally:
        ftp.close()


FTP_FIELDS = ("host", "port", "user", "password", "passive", "timeout_s", "bandwidth_kbps")


class FtpTransport(NetworkTransport):
    kinds = (Kind("ftp", FTP_FIELDS, required=("host",)),
             Kind("ftps", FTP_FIELDS + ("tls_fingerprint",), required=("host",)))
    default_port = DEFAULT_PORT
    protocol = "FTP"
    default_folder = "(login folder)"

    def __init__(self, endpoint, label: str) -> None:
        super().__init__(endpoint, label)
        self._ftp: ftplib.FTP | None = None

    # --- description ----------------------------------------------------------
    @property
    def secure(self) -> bool:
        return self.endpoint.kind == "ftps"

    def describe(self) -> str:
        return f"{'FTPS' if self.secure else 'FTP'} {self.server} {self.folder}"

    # --- connection -------------------------------------------------------------
    def close(self) -> None:
        ftp, self._ftp = self._ftp, None
        if ftp is not None:
            quietly(ftp.quit, ftp.close)

    def drop(self) -> None:
        """Forget a broken connection without talking to the server."""
        ftp, self._ftp = self._ftp, None
        if ftp is not None:
            quietly(ftp.close)

    def _ensure_connected(self) -> None:
        if self._ftp is None:
            self._ftp = self._open()

    def _open(self) -> ftplib.FTP:
        self._require_host()
        timeout = self.endpoint.timeout_s
        ftp = self._new_client(timeout)
        try:
            ftp.connect(self.endpoint.host, self.port, timeout=timeout)
            if self.secure:
                self._secure_control(ftp)
            self._login(ftp)
            if self.secure:
                ftp.prot_p()
            ftp.set_pasv(self.endpoint.passive)
            self._ask_utf8(ftp)
            ftp.voidcmd("TYPE I")
            self._enter_folder(ftp)
        except BaseException:
            ftp.close()
            raise
        return ftp

    def _new_client(self, timeout: float) -> ftplib.FTP:
        if not self.secure:
            return ftplib.FTP(timeout=timeout, encoding="utf-8")
        pinned = normalize_tls_fingerprint(self.endpoint.tls_fingerprint)
        if pinned:
            # Trust exactly the pinned certificate: the chain is not checked, the
            # fingerprint is, right after the handshake and before the password is sent.
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        else:
            context = ssl.create_default_context()
        client = _FTPS(context=context, timeout=timeout, encoding="utf-8")
        client.pinned = pinned
        return client

    def _secure_control(self, ftp: ftplib.FTP_TLS) -> None:
        try:
            ftp.auth()
        except ssl.SSLCertVerificationError as exc:
            presented = self._presented_fingerprint()
            raise HostKeyError(
                Phrase("%1: the FTPS server %2 presented a certificate this machine does not trust (%3); its "
                       "SHA-256 fingerprint is %4.", (self.label, self.server, exc.verify_message, presented)),
                fingerprint=presented,
                hint=Phrase("If the server's administrator confirms this fingerprint, pin it in 'Trusted "
                            "certificate (FTPS)'.")) from None
        except ftplib.error_perm as exc:
            raise TransportError(Phrase("%1: the FTP server %2 does not offer TLS (%3).",
                                        (self.label, self.server, exc)),
                                 hint=Phrase("Enable explicit TLS (AUTH TLS) on the server, or choose plain FTP.")) from None
        pinned = normalize_tls_fingerprint(self.endpoint.tls_fingerprint)
        if pinned:
            presented = tls_fingerprint(ftp.sock.getpeercert(binary_form=True) or b"")
            if normalize_tls_fingerprint(presented) != pinned:
                raise HostKeyError(
                    Phrase("%1: the FTPS server %2 presented a certificate with fingerprint %3, not the pinned "
                           "one: the certificate changed or another machine answers.",
                           (self.label, self.server, presented)),
                    fingerprint=presented,
                    hint=Phrase("Ask the server's administrator whether the certificate was renewed; only then pin "
                                "the new fingerprint."))

    def _presented_fingerprint(self) -> str:
        try:
            return fetch_certificate_fingerprint(self.endpoint.host, self.port, self.endpoint.timeout_s)
        except Exception:  # noqa: BLE001 - the message still says the certificate is untrusted
            return "unknown"

    def _login(self, ftp: ftplib.FTP) -> None:
        user = self.endpoint.user or "anonymous"
        try:
            ftp.login(user, self.endpoint.password or "")
        except ftplib.error_perm as exc:
            if _reply_code(exc) in ("530", "331", "332"):
                raise TransportError(Phrase("%1: the FTP server %2 refused the login for user %3.",
                                            (self.label, self.server, user)),
                                     hint=Phrase("Check user and password.")) from None
            raise

    @staticmethod
    def _ask_utf8(ftp: ftplib.FTP) -> None:
        """Names with accents travel as UTF-8; ask the server to agree when it can."""
        try:
            features = ftp.sendcmd("FEAT")
        except ftplib.all_errors:
            return
        if "UTF8" in features.upper():
            try:
                ftp.sendcmd("OPTS UTF8 ON")
            except ftplib.all_errors:
                pass

    def _enter_folder(self, ftp: ftplib.FTP) -> None:
        if not self.endpoint.path:
            return
        try:
            ftp.cwd(self.endpoint.path)
        except ftplib.error_perm as exc:
            raise TransportError(
                Phrase("%1: the folder %2 does not exist on the FTP server %3, or user %4 cannot enter it (%5).",
                       (self.label, self.endpoint.path, self.server, self.endpoint.user or 'anonymous', exc)),
                hint=Phrase("Create the folder on the server and give the FTP user read and write rights to it.")) from None

    # --- error handling -----------------------------------------------------------
    def _classify(self, action: str, exc: Exception) -> ConnectionLost | TransportError | None:
        if isinstance(exc, _DataChannelCertificate):
            self.drop()  # the control channel still waits for the transfer: start afresh
            return HostKeyError(Phrase("%1: the data connection of the FTPS server %2 presented a certificate with "
                                       "fingerprint %3, not the pinned one.",
                                       (self.label, self.server, exc.presented)),
                                fingerprint=exc.presented,
                                hint=Phrase("Another machine may be intercepting the transfers; check the network."))
        if isinstance(exc, (OSError, EOFError)):
            return ConnectionLost(self._connection_reason(exc))
        if isinstance(exc, ftplib.Error):
            if _reply_code(exc) in LOST_REPLIES:
                return ConnectionLost(Phrase("the server closed the transfer (%1)", (exc,)))
            return self._refused(action, exc)
        return None

    def _connection_reason(self, exc: BaseException) -> Phrase:
        if isinstance(exc, socket.gaierror):
            return Phrase("the name %1 could not be resolved", (self.endpoint.host,))
        if isinstance(exc, ConnectionRefusedError):
            return Phrase("nothing answers on %1", (self.server,))
        if isinstance(exc, (TimeoutError, socket.timeout)):
            return Phrase("no answer within %1 s", (self.endpoint.timeout_s,))
        if isinstance(exc, EOFError):
            return Phrase("the server closed the connection")
        return Phrase("the connection failed (%1: %2)", (exc.__class__.__name__, exc))

    def _refused(self, action: str, exc: ftplib.Error) -> TransportError:
        code = _reply_code(exc)
        where = Phrase("%1 on the FTP server %2", (self.folder, self.server))
        if code in FULL_REPLIES:
            return TransportError(Phrase("%1: %2 failed: the disk of %3 is full (%4).",
                                         (self.label, action, where, exc)),
                                  hint=Phrase("Free space on the server or lower the number of bundles kept."))
        if code in ("550", "553", "532", "450"):
            return TransportError(Phrase("%1: %2 failed: permission denied or file not found in %3 (%4).",
                                         (self.label, action, where, exc)),
                                  hint=Phrase("Give the FTP user read and write rights to the folder."))
        return TransportError(Phrase("%1: %2 failed: the FTP server %3 answered %4.",
                                     (self.label, action, self.server, exc)))

    # --- primitives ------------------------------------------------------------------
    def _size(self, name: str) -> int | None:
        try:
            size = self._ftp.size(name)
        except ftplib.error_perm as exc:
            if _reply_code(exc) in ("550", "450"):
                return None
            raise
        return int(size) if size is not None else None

    def _remove_if_present(self, name: str) -> None:
        try:
            self._ftp.delete(name)
        except ftplib.error_perm as exc:
            if _reply_code(exc) == "550" and self._size(name) is None:
                return
            raise

    def _discard(self, name: str) -> None:
        """Best-effort removal after a refusal; the next cycle's clean-up catches the rest."""
        try:
            if self._ftp is not None:
                self._ftp.sock.settimeout(self.endpoint.timeout_s)
                self._remove_if_present(name)
        except Exception:  # noqa: BLE001 - the original error is the one to report
            pass

    def _send(self, part: str, source: BinaryIO, counter: ProgressCounter | None) -> None:
        """STOR, like ftplib's storbinary, but a broken data connection first asks the
        control connection why: a full disk must not look like a network problem."""
        ftp = self._ftp
        try:
            with ftp.transfercmd(f"STOR {part}") as conn:
                try:
                    while block := source.read(BLOCK):
                        conn.sendall(block)
                        if counter:
                            counter.add(len(block))
                    if isinstance(conn, ssl.SSLSocket):
                        conn.unwrap()
                except OSError:
                    self._raise_server_reason(ftp)
                    raise
            ftp.voidresp()
        except ftplib.Error as refusal:
            if _reply_code(refusal) not in LOST_REPLIES:
                self._discard(part)  # refused (full disk...): the control connection still works
            raise

    def _raise_server_reason(self, ftp: ftplib.FTP) -> None:
        """After a data connection broke: raise the server's refusal, if it sent one."""
        try:
            ftp.sock.settimeout(min(5, self.endpoint.timeout_s))
            ftp.getresp()
            ftp.sock.settimeout(self.endpoint.timeout_s)
        except ftplib.Error as reply:
            ftp.sock.settimeout(self.endpoint.timeout_s)
            text = str(reply)
            if "space" in text.lower() or "full" in text.lower():
                raise ftplib.error_perm("552 " + text[4:]) from None  # e.g. "426 No space left on device"
            if _reply_code(reply) not in LOST_REPLIES:
                raise reply from None
        except (OSError, EOFError):
            pass  # no reply either: the connection itself is gone

    def _rename_over(self, part: str, name: str, total: int) -> None:
        """RNFR/RNTO, DELE first if the server will not rename over; verify the result."""
        ftp = self._ftp
        try:
            ftp.rename(part, name)
        except ftplib.error_perm:
            if self._size(name) is None:
                raise
            ftp.delete(name)
            ftp.rename(part, name)
        if self._renamed(part, name, total):
            return
        # Some servers answer 250 and keep the old file: remove it and rename again.
        self._remove_if_present(name)
        ftp.rename(part, name)
        if not self._renamed(part, name, total):
            raise TransportError(Phrase("%1: the FTP server %2 accepted renaming %3 to %4 but did not do it.",
                                        (self.label, self.server, part, name)),
                                 hint=Phrase("Check the FTP server's log and the user's rename rights."))

    def _renamed(self, part: str, name: str, total: int) -> bool:
        return self._size(name) == total and self._size(part) is None

    def _list(self) -> list[RemoteFile]:
        ftp = self._ftp
        try:
            entries = list(ftp.mlsd(facts=["type", "size", "modify"]))
        except ftplib.error_perm as exc:
            if _reply_code(exc) not in ("500", "501", "502"):
                raise
            entries = None
        finally:
            ftp.voidcmd("TYPE I")  # listings switch to ASCII, where servers refuse SIZE
        if entries is None:
            return self._list_without_mlsd()
        return [RemoteFile(name, int(facts.get("size", 0)), _mlsd_time(facts.get("modify")))
                for name, facts in entries if facts.get("type", "file").lower() == "file"]

    def _list_without_mlsd(self) -> list[RemoteFile]:
        files = []
        for name in self._ftp.nlst():
            name = name.rsplit("/", 1)[-1]
            size = self._size(name)  # folders have no size: skipped
            if size is not None:
                files.append(RemoteFile(name, size))
        return files

    def _receive(self, name: str, sink: Callable[[bytes], None]) -> None:
        self._ftp.retrbinary(f"RETR {name}", sink, blocksize=BLOCK)

    def _read(self, name: str, limit: int) -> bytes | None:
        ftp = self._ftp
        if self._size(name) is None:
            return None
        buffer = bytearray()
        with ftp.transfercmd(f"RETR {name}") as conn:
            while len(buffer) <= limit:
                block = conn.recv(BLOCK)
                if not block:
                    break
                buffer.extend(block)
            complete = len(buffer) <= limit
            if complete and isinstance(conn, ssl.SSLSocket):
                conn.unwrap()
        if not complete:
            # The server still wants to send: the control channel is out of step; start afresh.
            self.drop()
            return bytes(buffer[:limit])
        ftp.voidresp()
        return bytes(buffer)

    def _write_small(self, name: str, data: bytes) -> None:
        self._ftp.storbinary(f"STOR {name}", io.BytesIO(data))

    def _rename_exclusive(self, temp: str, name: str) -> bool:
        """FTP has no "create if absent": rename only if ``name`` is still missing.

        Between that check and the rename another writer could create ``name`` (a window of
        one round trip); servers that refuse to rename over a file close it, the others let
        the last writer win. Exclusive files here are rare, small and written by one
        promotion at a time.
        """
        if self._size(name) is not None:
            return False
        try:
            self._ftp.rename(temp, name)
        except ftplib.error_perm:
            if self._size(name) is not None:
                return False
            raise
        return True


def _mlsd_time(value: str | None) -> float | None:
    """MLSD's modify fact (UTC, YYYYMMDDHHMMSS[.sss]) as seconds since the epoch."""
    if not value:
        return None
    try:
        return float(calendar.timegm(time.strptime(value[:14], "%Y%m%d%H%M%S")))
    except ValueError:
        return None


TRANSPORT = FtpTransport
