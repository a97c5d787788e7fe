"""The order of fsyncs and renames that makes a swap survive a power cut.

A power cut cannot be simulated here, so the tests record every ``os.fsync`` and
``os.replace`` of a real cycle (by path, through /proc/self/fd) and check the
sequence: a file's bytes and its folder are flushed before it is renamed into place,
the folder is flushed after the rename, and the marker comes after its bundle.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from app.markers import MARKER_NAME
from app.cycles import run_contingency, run_official

from .pair import make_pair

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/fd")


class Recorder:
    """Every fsync (the path behind the descriptor) and every rename, in order."""

    def __init__(self) -> None:
        self.events: list[tuple] = []

    def fsync(self, real):
        def fsync(fd: int) -> None:
            self.events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
            real(fd)
        return fsync

    def replace(self, real):
        def replace(src, dst, **kwargs) -> None:
            self.events.append(("rename", os.path.realpath(src), os.path.realpath(os.path.dirname(dst))
                                + os.sep + os.path.basename(dst)))
            real(src, dst, **kwargs)
        return replace

    def renames_to(self, dst: Path) -> list[int]:
        dst = str(Path(os.path.realpath(dst.parent)) / dst.name)
        return [i for i, e in enumerate(self.events) if e[0] == "rename" and e[2] == dst]

    def assert_durable_rename(self, dst: Path) -> int:
        """The last rename onto ``dst`` was preceded by fsyncs of the new file and its folder
        (after any earlier rename of that file) and followed by an fsync of ``dst``'s folder."""
        where = self.renames_to(dst)
        assert where, f"nothing was renamed onto {dst}: {self.events}"
        at = where[-1]
        src = self.events[at][1]
        folder = os.path.dirname(src)
        arrived = max([i for i, e in enumerate(self.events[:at]) if e[0] == "rename" and e[2] == src],
                      default=-1)
        before = self.events[arrived + 1:at]
        assert ("fsync", src) in before, f"{src} was not flushed before it replaced {dst.name}: {before}"
        file_synced = before.index(("fsync", src))
        assert ("fsync", folder) in before[file_synced:], \
            f"{folder} was not flushed between the file's fsync and the rename: {before}"
        after = self.events[at + 1:]
        assert after and after[0] == ("fsync", os.path.realpath(dst.parent)), \
            f"the folder of {dst.name} was not flushed right after the rename: {after[:3]}"
        return at


@pytest.fixture
def recorder(monkeypatch) -> Recorder:
    rec = Recorder()
    monkeypatch.setattr(os, "fsync", rec.fsync(os.fsync))
    monkeypatch.setattr(os, "replace", rec.replace(os.replace))
    return rec


def test_publish_flushes_the_bundle_then_writes_the_marker_durably(tmp_path, recorder):
    pair = make_pair(tmp_path)
    result = run_official(pair.official, pair.official_home)
    assert result.result == "ok", result.message
    bundle = pair.shared / result.details["bundle"]
    bundle_at = recorder.assert_durable_rename(bundle)
    marker_at = recorder.assert_durable_rename(pair.shared / MARKER_NAME)
    assert bundle_at < marker_at, "the marker was renamed into place before its bundle"


def test_restore_flushes_the_extracted_file_at_its_staging_name_before_the_swap(tmp_path, recorder):
    pair = make_pair(tmp_path)
    assert run_official(pair.official, pair.official_home).result == "ok"
    pair.contingency_db.write_bytes(b"")  # an earlier live file that the swap replaces
    recorder.events.clear()
    result = run_contingency(pair.contingency, pair.contingency_home)
    assert result.result == "ok", result.message
    swap_at = recorder.assert_durable_rename(pair.contingency_db)
    staging = recorder.events[swap_at][1]
    assert staging.endswith(".staging")
    extracted = [e for e in recorder.events[:swap_at] if e[0] == "rename" and e[2] == staging]
    assert extracted and "extract" in extracted[-1][1], "the staging file did not come from the extraction"
