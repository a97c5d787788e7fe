"""A base backup's tar is extracted only inside the standby's folder, also on a Python without
tarfile's extraction filters (Debian 12's 3.11.2: ``extractall(filter=...)`` came in 3.11.4)."""

from __future__ import annotations

import io
import tarfile

import pytest

from app.engines.postgres_wal import extract_within
from app.errors import BadBackupError


def make_tar(path, members):
    with tarfile.open(path, "w") as tar:
        for name, kind in members:
            info = tarfile.TarInfo(name)
            if kind == "dir":
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            elif kind == "link":
                info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
                tar.addfile(info)
            else:
                data = f"contents of {name}".encode()
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return path


@pytest.fixture(params=["with filters", "without filters"])
def python_kind(request, monkeypatch):
    if request.param == "without filters":
        monkeypatch.delattr(tarfile, "tar_filter", raising=False)
    return request.param


def test_a_base_backup_is_extracted_into_the_folder(tmp_path, python_kind):
    tar = make_tar(tmp_path / "base.tar", [("global", "dir"), ("global/pg_control", "file"), ("PG_VERSION", "file")])
    folder = tmp_path / "standby"
    folder.mkdir()
    with tarfile.open(tar) as opened:
        extract_within(opened, folder)
    assert (folder / "global" / "pg_control").read_text() == "contents of global/pg_control"
    assert (folder / "PG_VERSION").is_file()


@pytest.mark.parametrize("members", [[("../outside", "file")], [("/tmp/absolute-from-a-tar", "file")],
                                     [("pg_tblspc/16384", "link")]],
                         ids=["parent folder", "absolute path", "symbolic link"])
def test_a_member_outside_the_folder_is_refused_and_nothing_is_written_outside(tmp_path, python_kind, members):
    tar = make_tar(tmp_path / "base.tar", [("PG_VERSION", "file"), *members])
    folder = tmp_path / "deep" / "standby"
    folder.mkdir(parents=True)
    with tarfile.open(tar) as opened, pytest.raises(BadBackupError):
        extract_within(opened, folder)
    assert not (tmp_path / "deep" / "outside").exists()
