"""``verify FILE``: check a bundle file, its manifest and every member, as a restore would."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from ..errors import ContingencyError
from .common import Commands, fail, open_instance


def register(commands: Commands) -> None:
    p = commands.add_parser("verify", help="check a bundle file: manifest and every member (decrypted with "
                                           "this machine's passphrase if it is encrypted)")
    p.add_argument("file")
    p.set_defaults(func=cmd_verify)


def cmd_verify(args: argparse.Namespace) -> int:
    from .. import bundle
    path = Path(args.file)
    inst = open_instance(args)
    passphrase = inst.settings.contingency.encryption_passphrase or inst.settings.official.encryption_passphrase
    try:
        with tempfile.TemporaryDirectory() as scratch:
            plain = bundle.open_bundle(path, passphrase or "", Path(scratch))
            manifest = bundle.verify(plain)
            bundle.verify_members(plain, manifest, Path(scratch) / "members")
    except ContingencyError as exc:
        return fail(str(exc))
    print(f"{path.name}: ok ({manifest['engine']} database {manifest['database']}, sequence "
          f"{manifest['sequence']}, epoch {manifest['epoch']}, created {manifest['created']}, "
          f"{len(manifest['members'])} member(s) checked)")
    return 0
