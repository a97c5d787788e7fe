"""One exception family for the whole core.

Every message says what failed, where, and what to do: the GUI and the CLI show
``str(error)`` as it is, the log keeps the traceback.
"""

from __future__ import annotations

from .phrases import Phrase, phrase_of


class ContingencyError(Exception):
    """Base of every error the core raises on purpose.

    ``message`` and ``hint`` may be phrases (a template and its arguments): ``str(error)`` stays
    English for the log and the command line, ``error.phrase`` lets the window translate it."""

    stage = "general"

    def __init__(self, message: str | Phrase, *, hint: str | Phrase = "") -> None:
        self.message = str(message)
        self.hint = str(hint)
        self.hint_phrase = phrase_of(hint) if self.hint else None
        self.phrase = (Phrase("%1 %2", (phrase_of(message), self.hint_phrase)) if self.hint_phrase
                       else phrase_of(message))
        super().__init__(f"{self.message} {self.hint}".strip() if self.hint else self.message)


class SettingsError(ContingencyError):
    """A setting has a value that is not allowed."""

    stage = "settings"

    def __init__(self, key: str, value: object, allowed: str) -> None:
        self.key = key
        self.value = value
        self.allowed = allowed
        super().__init__(f"Setting '{_shown(key)}': {_shown(repr(value))} is not valid; {allowed}.")


def _shown(text: str, limit: int = 80) -> str:
    """As messages quote it: a 20 MB text is shown by its start and its length."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


class NotSupportedError(ContingencyError):
    """Something the product does not do (yet); the README lists these."""

    stage = "settings"


class LockBusyError(ContingencyError):
    """Another process holds the cycle lock of this home."""

    stage = "lock"


class EngineError(ContingencyError):
    """The database engine failed (connection, backup or restore)."""

    stage = "database"


class BackupError(EngineError):
    stage = "backup"


class RestoreError(EngineError):
    stage = "restore"


class BadBackupError(RestoreError):
    """The backup in the bundle is itself bad (not a database, fails its check, none or two of
    them): a verdict on the bundle, rejected once and not retried, unlike a busy database."""


class TransportError(ContingencyError):
    """A destination or source could not be reached, read or written."""

    stage = "transport"


class HostKeyError(TransportError):
    """An SSH host key or TLS certificate is unknown or has changed."""

    def __init__(self, message: str, *, fingerprint: str = "", hint: str = "") -> None:
        self.fingerprint = fingerprint
        super().__init__(message, hint=hint)


class BundleError(ContingencyError):
    """A bundle is missing, partial, corrupt, tampered or hostile: a verdict, rejected once."""

    stage = "verify"
    #: what the rejection is about: verdict (bad bundle), identity, shrink, passphrase
    kind = "verdict"


class BundleRefused(BundleError):
    """A sound bundle this contingency will not take without the operator's word: another
    official database (``kind`` "identity") or a drastic shrink ("shrink").
    ``contingencia accept`` lets that one bundle through."""

    def __init__(self, message: str, *, kind: str, hint: str = "") -> None:
        self.kind = kind
        super().__init__(message, hint=hint)


class WrongPassphrase(BundleError):
    """An intact bundle (its sha256 matched) that this machine's passphrase does not open:
    retried by itself when the passphrase changes."""

    kind = "passphrase"


class LocalFault(ContingencyError):
    """A problem of this machine, not of the bundle: its temporary folder full, read-only or
    not writable, no passphrase configured. Retried at every check, never a rejection."""

    stage = "local"

    @classmethod
    def from_os_error(cls, exc: OSError, where: object) -> "LocalFault":
        import errno
        reason = {errno.ENOSPC: Phrase("is full"), errno.EROFS: Phrase("is read-only"),
                  errno.EACCES: Phrase("is not writable by this account"),
                  errno.EPERM: Phrase("is not writable by this account")}.get(
                      exc.errno or 0, Phrase("failed: %1", (exc.strerror or str(exc),)))
        return cls(Phrase("This machine's folder %1 %2.", (where, reason)),
                   hint=Phrase("The bundle is not blamed; free space or fix the rights there, the next check "
                               "retries."))


class FencedError(ContingencyError):
    """This official has been replaced by a promoted server (split-brain guard)."""

    stage = "fencing"


class NotifyError(ContingencyError):
    stage = "notify"


class PromotionError(ContingencyError):
    stage = "promotion"
