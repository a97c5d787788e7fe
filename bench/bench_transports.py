"""Publishing throughput: our transports against the plain command-line clients.

Starts the same local servers as the tests (pyftpdlib FTP and FTPS, OpenSSH, Samba on
127.0.0.1, see tests/servers.py), writes one file of --size-mb MB of random bytes, and
publishes it --repeat times with each of:

  FTP   ours: FtpTransport.upload (STOR .part, SIZE, RNFR/RNTO, SIZE)   plain: curl -T
  FTPS  ours: the same over explicit TLS, pinned certificate           plain: curl --ssl-reqd -k -T
  SFTP  ours: SftpTransport.upload (paramiko, .part, stat, posix-rename) plain: sftp -b (put)
  SMB   ours: SmbTransport.upload (smbprotocol, .part, stat, rename)    plain: smbclient -c put

The plain clients only copy (no temporary name, no size check, no rename). Prints MB/s
of the best run of each and the ratio ours/plain. Needs root (it creates the same
throw-away unix user as the tests, and removes it).

    python3 bench/bench_transports.py --size-mb 200 --repeat 2
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.transports import get_transport  # noqa: E402
from tests.servers import (FTP_PASSWORD, FTP_USER, HOST, SHARE, TEST_PASSWORD, TEST_USER,  # noqa: E402
                           FtpServer, SambaServer, SshServer, create_test_user, make_certificates,
                           remove_test_user, user_folder)

FOLDER = "Lojas/Padaria Açúcar/São Paulo"


def write_random(path: Path, size_mb: int) -> None:
    block = 1 << 20
    with open(path, "wb") as handle:
        for _ in range(size_mb):
            handle.write(os.urandom(block))


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def best_of(repeat: int, action, cleanup) -> float:
    times = []
    for _ in range(repeat):
        cleanup()
        times.append(timed(action))
    return min(times)


def run(command: list[str], **kwargs) -> None:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()[-500:]}")


def ours(endpoint, source: Path):
    def upload() -> None:
        with get_transport(endpoint, "bench") as transport:
            transport.upload(source, "bundle.zip")

    return upload


def remove_files(folder: Path):
    def cleanup() -> None:
        for entry in folder.iterdir():
            entry.unlink()

    return cleanup


def bench_ftp(work: Path, source: Path, repeat: int, tls: dict | None) -> tuple[float, float]:
    server = FtpServer(work, tls=tls).start()
    try:
        folder = server.local(FOLDER)
        folder.mkdir(parents=True, exist_ok=True)
        endpoint = server.endpoint(FOLDER)
        mine = best_of(repeat, ours(endpoint, source), remove_files(folder))
        url = f"ftp://{HOST}:{server.port}/{FOLDER.replace(' ', '%20')}/plain.zip"
        curl = ["curl", "-sS", "--user", f"{FTP_USER}:{FTP_PASSWORD}", "-T", str(source), url]
        if tls:
            curl[1:1] = ["--ssl-reqd", "-k"]
        plain = best_of(repeat, lambda: run(curl), remove_files(folder))
        return mine, plain
    finally:
        server.stop()


def bench_sftp(work: Path, source: Path, repeat: int) -> tuple[float, float]:
    server = SshServer(work).start()
    try:
        folder = user_folder(server.data, FOLDER)
        endpoint = server.endpoint(FOLDER)
        mine = best_of(repeat, ours(endpoint, source), remove_files(folder))
        batch = work / "sftp-batch"
        batch.write_text(f'put "{source}" "{folder}/plain.zip"\n')
        sftp = ["sftp", "-q", "-b", str(batch), "-i", str(server.client_key), "-P", str(server.port),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", f"{TEST_USER}@{HOST}"]
        plain = best_of(repeat, lambda: run(sftp), remove_files(folder))
        return mine, plain
    finally:
        server.stop()


def bench_smb(work: Path, source: Path, repeat: int) -> tuple[float, float]:
    server = SambaServer(work).start()
    try:
        folder = user_folder(server.data, FOLDER)
        endpoint = server.endpoint(FOLDER)
        mine = best_of(repeat, ours(endpoint, source), remove_files(folder))
        smb_folder = FOLDER.replace("/", "\\")
        command = ["smbclient", f"//{HOST}/{SHARE}", "-p", str(server.port), "-U", f"{TEST_USER}%{TEST_PASSWORD}",
                   "-m", "SMB3", "-c", f'cd "{smb_folder}"; put "{source}" plain.zip']
        plain = best_of(repeat, lambda: run(command), remove_files(folder))
        return mine, plain
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--only", nargs="*", choices=["ftp", "ftps", "sftp", "smb"],
                        default=["ftp", "ftps", "sftp", "smb"])
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("run as root: the SFTP and SMB servers log in as a throw-away unix user")

    work = Path(tempfile.mkdtemp(prefix="ctg-bench-"))
    work.chmod(0o755)
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    create_test_user()
    try:
        source = work / "bundle.bin"
        write_random(source, args.size_mb)
        size_mb = source.stat().st_size / 1e6
        print(f"file: {size_mb:.0f} MB of random bytes, best of {args.repeat}, servers on {HOST}")
        print(f"{'transport':<6} {'ours MB/s':>10} {'plain MB/s':>11} {'ours/plain':>11}   plain client")
        benches = {
            "ftp": (lambda: bench_ftp(work, source, args.repeat, None), "curl -T"),
            "ftps": (lambda: bench_ftp(work, source, args.repeat, make_certificates(work)), "curl --ssl-reqd -T"),
            "sftp": (lambda: bench_sftp(work, source, args.repeat), "sftp -b (put)"),
            "smb": (lambda: bench_smb(work, source, args.repeat), "smbclient -c put"),
        }
        for kind in args.only:
            action, plain_name = benches[kind]
            mine, plain = action()
            print(f"{kind:<6} {size_mb / mine:>10.1f} {size_mb / plain:>11.1f} {plain / mine:>11.2f}   {plain_name}",
                  flush=True)
    finally:
        remove_test_user()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
