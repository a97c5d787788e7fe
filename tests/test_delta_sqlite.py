"""SQLite page deltas against real store databases copied by the official's backup step: the result
is byte for byte the official's copy, a delta never lands on another base, a damaged one is refused
before a byte is written, and a kill while applying leaves the base untouched."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.delta import sqlite_pages
from app.delta.sqlite_pages import HEADER_SIZE, DeltaRefused, apply, compute, copy_shape, read_header, recover
from app.demo.data import build_store_db, fingerprint
from app.engines import get_engine
from app.faults import FAULT_ENV
from app.settings.model import DatabaseSettings

ROOT = Path(__file__).resolve().parents[1]


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class Official:
    """A live store database and the copies its backup step publishes, one a call."""

    def __init__(self, root: Path, template: Path) -> None:
        self.root = root
        self.live = root / "live" / "store.db"
        self.live.parent.mkdir(parents=True)
        shutil.copyfile(template, self.live)
        self.engine = get_engine(DatabaseSettings(engine="sqlite", path=str(self.live)))
        self.published = 0

    def publish(self) -> Path:
        work = self.root / f"work{self.published}"
        work.mkdir()
        [copy] = self.engine.backup(work)
        self.published += 1
        return copy

    def sql(self, *statements: str) -> None:
        conn = sqlite3.connect(self.live, isolation_level=None)
        try:
            for statement in statements:
                conn.execute(statement)
        finally:
            conn.close()


@pytest.fixture(scope="module")
def store_template(tmp_path_factory):
    return build_store_db(tmp_path_factory.mktemp("template") / "store.db", stores=8, products=2000, sales=30000)


@pytest.fixture
def official(tmp_path, store_template):
    return Official(tmp_path / "official", store_template)


def ship(base: Path, target: Path, tmp_path: Path, name: str = "d") -> tuple[Path, Path]:
    """Compute the delta on the official, apply it on a contingency's copy of the base."""
    delta = tmp_path / f"{name}.delta"
    compute(base, target, delta)
    contingency = tmp_path / f"contingency-{name}"
    contingency.mkdir()
    local_base = contingency / "store.db"
    shutil.copyfile(base, local_base)
    staging = contingency / "store.db.staging"
    apply(delta, local_base, staging)
    return delta, staging


def assert_identical(result: Path, official_copy: Path) -> None:
    assert result.read_bytes() == Path(official_copy).read_bytes()
    conn = sqlite3.connect(result)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_a_tenth_of_a_percent_of_rows_changed_ships_few_pages_and_rebuilds_the_copy(official, tmp_path):
    base = official.publish()
    official.sql("UPDATE prices SET price_cents = price_cents + 1 WHERE (store_id * 7919 + plu) % 1000 = 0",
                 "UPDATE sales_history SET weight_g = weight_g + 1 WHERE id % 1000 = 0")
    target = official.publish()
    delta, staging = ship(base, target, tmp_path)
    header = read_header(delta)
    assert header.base_pages == header.target_pages == copy_shape(base).pages
    assert 0 < header.changed < header.target_pages // 10
    assert delta.stat().st_size == HEADER_SIZE + header.changed * (4 + header.page_size)
    assert_identical(staging, target)
    assert fingerprint(staging) == fingerprint(official.live)


def test_no_change_gives_an_empty_delta(official, tmp_path):
    base = official.publish()
    official.sql("UPDATE general_settings SET value = value")  # a write that changes no row
    target = official.publish()
    delta, staging = ship(base, target, tmp_path)
    assert_identical(staging, target)
    assert read_header(delta).changed <= 1  # at most page 1, the file change counter


def test_after_vacuum(official, tmp_path):
    base = official.publish()
    official.sql("DELETE FROM sales_history WHERE id % 3 = 0", "VACUUM")
    target = official.publish()
    _, staging = ship(base, target, tmp_path)
    assert_identical(staging, target)


def test_growth_then_shrink(official, tmp_path):
    base = official.publish()
    official.sql("INSERT INTO sales_history(store_id, plu, scale, weight_g, total_cents, sold_at) "
                 "SELECT store_id, plu, scale, weight_g + 1, total_cents, sold_at FROM sales_history")
    grown = official.publish()
    delta, staging = ship(base, grown, tmp_path, "grow")
    header = read_header(delta)
    assert header.target_pages > header.base_pages
    assert_identical(staging, grown)

    official.sql("DELETE FROM sales_history WHERE id > 1000", "VACUUM")
    shrunk = official.publish()
    delta, staging = ship(grown, shrunk, tmp_path, "shrink")
    header = read_header(delta)
    assert header.target_pages < header.base_pages // 2
    assert_identical(staging, shrunk)


def test_a_delta_for_another_base_is_refused(official, tmp_path):
    base = official.publish()
    official.sql("UPDATE prices SET price_cents = 1 WHERE plu = 7")
    other = official.publish()  # same page count, other bytes: only the sha256 tells them apart
    official.sql("UPDATE prices SET price_cents = 2 WHERE plu = 9")
    target = official.publish()
    delta = tmp_path / "d.delta"
    compute(base, target, delta)
    staging = tmp_path / "store.db.staging"
    assert copy_shape(other).pages == copy_shape(base).pages
    before = sha256(other)
    with pytest.raises(DeltaRefused) as refused:
        apply(delta, other, staging)
    assert refused.value.kind == "base" and "another copy" in str(refused.value)
    assert "sha256" in str(refused.value) and "full bundle" in str(refused.value)
    assert sha256(other) == before
    assert not staging.exists() and recover(staging) == []

    official.sql("INSERT INTO sales_history(store_id, plu, scale, weight_g, total_cents, sold_at) "
                 "SELECT store_id, plu, scale, weight_g, total_cents, sold_at FROM sales_history")
    longer = official.publish()
    with pytest.raises(DeltaRefused, match="pages") as refused:
        apply(delta, longer, staging)
    assert refused.value.kind == "base" and not staging.exists()


def damage_a_page(delta: Path) -> None:
    data = bytearray(delta.read_bytes())
    data[HEADER_SIZE + 4 + 100] ^= 0xFF
    delta.write_bytes(bytes(data))


def damage_the_header(delta: Path) -> None:
    data = bytearray(delta.read_bytes())
    data[12] ^= 0x01  # the page size
    delta.write_bytes(bytes(data))


def cut_short(delta: Path) -> None:
    delta.write_bytes(delta.read_bytes()[:-10])


def lengthen(delta: Path) -> None:
    delta.write_bytes(delta.read_bytes() + b"\0" * 4100)


def not_a_delta(delta: Path) -> None:
    delta.write_bytes(b"PK\x03\x04" + bytes(200))


@pytest.mark.parametrize("damage", [damage_a_page, damage_the_header, cut_short, lengthen, not_a_delta])
def test_a_damaged_delta_is_refused_before_anything_is_written(official, tmp_path, damage, monkeypatch):
    base = official.publish()
    official.sql("UPDATE prices SET price_cents = price_cents + 1 WHERE plu % 500 = 0")
    target = official.publish()
    delta = tmp_path / "d.delta"
    compute(base, target, delta)
    damage(delta)
    written = []
    monkeypatch.setattr(sqlite_pages, "_merge", lambda *a: written.append(a))
    staging = tmp_path / "store.db.staging"
    with pytest.raises(DeltaRefused) as refused:
        apply(delta, base, staging)
    assert refused.value.kind == "damaged" and "damaged" in str(refused.value)
    assert not written and not staging.exists()


def test_the_result_is_checked_even_when_the_delta_looks_whole(official, tmp_path):
    """A delta whose records and header agree with each other but not with the official's copy."""
    base = official.publish()
    official.sql("UPDATE prices SET price_cents = price_cents + 1 WHERE plu % 500 = 0")
    target = official.publish()
    delta = tmp_path / "d.delta"
    header = compute(base, target, delta)
    data = bytearray(delta.read_bytes())
    data[HEADER_SIZE + 4 + 200] ^= 0xFF
    records = bytes(data[HEADER_SIZE:])
    forged = sqlite_pages.DeltaHeader(header.page_size, header.base_pages, header.target_pages, header.changed,
                                      header.base_sha256, header.target_sha256,
                                      hashlib.sha256(records).hexdigest(), header.base_pages_sha256)
    delta.write_bytes(forged.pack() + records)
    staging = tmp_path / "store.db.staging"
    with pytest.raises(DeltaRefused, match="result's sha256") as refused:
        apply(delta, base, staging)
    assert refused.value.kind == "damaged" and not staging.exists() and recover(staging) == []


def test_another_page_size_needs_a_full_bundle(official, tmp_path):
    base = official.publish()
    official.sql("PRAGMA page_size=8192", "VACUUM")
    target = official.publish()
    with pytest.raises(DeltaRefused, match="page size changed from 4096 to 8192") as refused:
        compute(base, target, tmp_path / "d.delta")
    assert refused.value.kind == "page-size" and "full bundle" in str(refused.value)
    assert not list(tmp_path.glob("*.delta*")) and not list(tmp_path.glob(".d.delta*"))

    official.sql("UPDATE prices SET price_cents = 3 WHERE plu = 3")
    delta = tmp_path / "d.delta"
    compute(target, official.publish(), delta)
    with pytest.raises(DeltaRefused, match="page size changed") as refused:
        apply(delta, base, tmp_path / "store.db.staging")
    assert refused.value.kind == "page-size"


def test_only_consistent_copies_are_compared(official, tmp_path):
    base = official.publish()
    wal = tmp_path / "wal.db"
    shutil.copyfile(base, wal)
    conn = sqlite3.connect(wal)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    with pytest.raises(DeltaRefused, match="WAL mode") as refused:
        compute(base, wal, tmp_path / "d.delta")
    assert refused.value.kind == "not-a-copy"
    torn = tmp_path / "torn.db"
    torn.write_bytes(base.read_bytes()[:-4096])
    with pytest.raises(DeltaRefused, match="page count in its header"):
        compute(base, torn, tmp_path / "d.delta")
    text = tmp_path / "notes.txt"
    text.write_text("not a database " * 20)
    with pytest.raises(DeltaRefused, match="not a SQLite database"):
        compute(text, base, tmp_path / "d.delta")


APPLY = ("import sys; from app.delta.sqlite_pages import apply; "
         "apply(*sys.argv[1:4]); print('applied')")


def apply_in_subprocess(delta: Path, base: Path, staging: Path, fault: str | None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop(FAULT_ENV, None)
    if fault:
        env[FAULT_ENV] = fault
    return subprocess.run([sys.executable, "-c", APPLY, str(delta), str(base), str(staging)],
                          env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_a_kill_while_applying_leaves_the_base_untouched_and_a_retry_succeeds(official, tmp_path):
    base = official.publish()
    official.sql("UPDATE prices SET price_cents = price_cents + 1 WHERE plu % 100 = 0")
    target = official.publish()
    delta = tmp_path / "d.delta"
    compute(base, target, delta)
    live = tmp_path / "contingency" / "store.db"
    live.parent.mkdir()
    shutil.copyfile(base, live)
    staging = live.with_name("store.db.staging")
    before = sha256(live)

    killed = apply_in_subprocess(delta, live, staging, "delta.apply-block")
    assert killed.returncode in (-signal.SIGKILL, 137), killed.stderr
    assert "applied" not in killed.stdout
    assert sha256(live) == before
    assert not staging.exists()
    assert len(recover(staging)) == 1  # the half-written .part, thrown away
    assert sorted(p.name for p in live.parent.iterdir()) == ["store.db"]

    done = apply_in_subprocess(delta, live, staging, None)
    assert done.returncode == 0 and "applied" in done.stdout, done.stderr
    assert_identical(staging, target)
    assert sha256(live) == before
