"""Optional encryption of the bundle (B6): AES-256-GCM in authenticated records.

The key comes from a passphrase through scrypt (salt in the header). The file is
cut into 1 MiB records, each sealed with its own nonce (a random prefix and a
counter); the header, the record's number and whether it is the last one are
bound into each record, so a reordered, truncated or altered file fails to decrypt.
Streaming: memory stays constant whatever the size.

    header  = MAGIC | salt (16) | nonce prefix (8) | scrypt log2(n) (1)
    record  = length of the sealed record (4, big-endian) | sealed record
"""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import Any

from .atomic import PART_SUFFIX, written_as
from .errors import BundleError, LocalFault, WrongPassphrase
from .phrases import Phrase
from .progress import Progress, report

MAGIC = b"CGENC1\n"
ENCRYPTED_SUFFIX = ".enc"
RECORD = 1 << 20
SCRYPT_LOG2_N = 15
HEADER_SIZE = len(MAGIC) + 16 + 8 + 1


def _key(passphrase: str, salt: bytes, log2_n: int) -> bytes:
    if not passphrase:
        raise LocalFault(Phrase("The bundle is encrypted and no passphrase is configured on this machine."),
                         hint=Phrase("Set contingency.encryption_passphrase to the official's passphrase; the next "
                                     "check retries by itself."))
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
    return Scrypt(salt=salt, length=32, n=2 ** log2_n, r=8, p=1).derive(passphrase.encode("utf-8"))


def _cipher(passphrase: str, salt: bytes, log2_n: int) -> Any:
    """The record cipher; ``cryptography`` is imported only here, not by every command that
    names ``ENCRYPTED_SUFFIX``."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    return AESGCM(_key(passphrase, salt, log2_n))


def _aad(header: bytes, index: int, final: bool) -> bytes:
    return header + struct.pack(">IB", index, 1 if final else 0)


def encrypt_file(src: Path, dst: Path, passphrase: str, progress: Progress = None) -> None:
    """Encrypt ``src`` into ``dst``, which appears only whole (``atomic.written_as``, through ``.part``)."""
    dst = Path(dst)
    with written_as(dst.with_name(dst.name + PART_SUFFIX), dst) as writer:
        _encrypt_into(Path(src), writer, passphrase, progress)


def _encrypt_into(src: Path, writer, passphrase: str, progress: Progress) -> None:
    salt, prefix = os.urandom(16), os.urandom(8)
    header = MAGIC + salt + prefix + bytes([SCRYPT_LOG2_N])
    cipher = _cipher(passphrase, salt, SCRYPT_LOG2_N)
    total = src.stat().st_size
    done = 0
    with open(src, "rb") as reader:
        writer.write(header)
        block, index = reader.read(RECORD), 0
        while True:
            following = reader.read(RECORD)
            final = not following
            sealed = cipher.encrypt(prefix + struct.pack(">I", index), block, _aad(header, index, final))
            writer.write(struct.pack(">I", len(sealed)) + sealed)
            done += len(block)
            report(progress, done, total)
            if final:
                break
            block, index = following, index + 1


def is_encrypted(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def decrypt_file(src: Path, dst: Path, passphrase: str, progress: Progress = None) -> None:
    """Decrypt ``src`` into ``dst``; any alteration, truncation or a wrong passphrase is refused."""
    total = Path(src).stat().st_size
    try:
        with open(src, "rb") as reader, open(dst, "wb") as writer:
            header = reader.read(HEADER_SIZE)
            if len(header) != HEADER_SIZE or not header.startswith(MAGIC):
                raise BundleError(Phrase("%1 is not an encrypted bundle.", (Path(src).name,)))
            salt, prefix = header[len(MAGIC):len(MAGIC) + 16], header[len(MAGIC) + 16:len(MAGIC) + 24]
            cipher = _cipher(passphrase, salt, header[-1])
            _decrypt_records(reader, writer, cipher, header, prefix, total, progress)
    except (BundleError, LocalFault):
        Path(dst).unlink(missing_ok=True)
        raise
    except OSError as exc:  # the reading side was checked just before: writing the plain zip failed
        Path(dst).unlink(missing_ok=True)
        raise LocalFault.from_os_error(exc, Path(dst).parent) from None


def _decrypt_records(reader, writer, cipher: Any, header: bytes, prefix: bytes, total: int,
                     progress: Progress) -> None:
    from cryptography.exceptions import InvalidTag
    sealed = _read_record(reader)
    index = 0
    while sealed is not None:
        following = _read_record(reader)
        final = following is None
        try:
            writer.write(cipher.decrypt(prefix + struct.pack(">I", index), sealed, _aad(header, index, final)))
        except InvalidTag:
            if index == 0:  # the first record: the key itself is wrong
                raise WrongPassphrase(
                    Phrase("The bundle cannot be decrypted with this machine's passphrase (or the file was altered)."),
                    hint=Phrase("Set contingency.encryption_passphrase to the official's passphrase; the bundle is "
                                "tried again by itself when it changes.")) from None
            raise BundleError(Phrase("The bundle cannot be decrypted: the file was altered or cut."),
                              hint=Phrase("The bundle will not be restored.")) from None
        report(progress, reader.tell(), total)
        sealed, index = following, index + 1


def _read_record(reader) -> bytes | None:
    size = reader.read(4)
    if not size:
        return None
    if len(size) != 4:
        raise BundleError(Phrase("The encrypted bundle is cut in the middle of a record."))
    length = struct.unpack(">I", size)[0]
    if length > RECORD + 16:
        raise BundleError(Phrase("The encrypted bundle has a record larger than allowed (altered)."))
    sealed = reader.read(length)
    if len(sealed) != length:
        raise BundleError(Phrase("The encrypted bundle is cut in the middle of a record."))
    return sealed
