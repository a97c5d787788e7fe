"""The realistic store database the benchmarks run on (the default generator).

What a scale-management database of a store chain holds, in proportions taken from a
real one: the demo schema (settings, stores, products, prices) plus, per product, a
label bitmap (monochrome, compresses well) and often a photo (JPEG, does not compress),
and a long sales history with the index the application queries it by. At 500 MB:
about 2.6 M sales rows, ~20 % of the bytes in indexes; photos fill the rest.

    python3 bench/store_db.py OUT.db [--size-mb 500]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.demo.data import build_store_db  # noqa: E402

STORES = 8
PRODUCTS = 5000
SALES_PER_MB = 5200           # 2.6 M rows at 500 MB
LABEL_BYTES = 3000            # a 200 x 120 monochrome label bitmap
INDEXES = """
CREATE INDEX sales_by_product ON sales_history(plu, sold_at);
CREATE INDEX products_by_department ON products(department_id, description);
"""


def label_bitmap(rng: random.Random) -> bytes:
    """Mostly white with black runs, as a printed label's bitmap is."""
    rows = []
    for _ in range(LABEL_BYTES // 25):
        row = bytearray(25)
        for _ in range(rng.randint(0, 4)):
            start = rng.randint(0, 24)
            for i in range(start, min(25, start + rng.randint(1, 6))):
                row[i] = 0xFF
        rows.append(bytes(row))
    return b"".join(rows)


def add_media(conn: sqlite3.Connection, rng: random.Random, room: int) -> None:
    """A label bitmap per product, and photos that fill ``room`` bytes."""
    photo_size = max(room // PRODUCTS - LABEL_BYTES, 0)
    with conn:
        conn.execute("CREATE TABLE product_media (plu INTEGER PRIMARY KEY REFERENCES products(plu), "
                     "label_bitmap BLOB NOT NULL, photo BLOB)")
        conn.executemany("INSERT INTO product_media VALUES (?, ?, randomblob(?))",
                         ((plu, label_bitmap(rng), photo_size) for plu in range(1, PRODUCTS + 1)))


def generate(path: Path, size_mb: int, seed: int = 11) -> Path:
    rng = random.Random(seed)
    build_store_db(path, stores=STORES, products=PRODUCTS, sales=0)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    for column in ("barcode TEXT", "operator TEXT", "description TEXT", "unit_price_cents INTEGER",
                   "tare_g INTEGER", "lot TEXT"):
        conn.execute(f"ALTER TABLE sales_history ADD COLUMN {column}")  # a scale's ticket, as printed
    rows = size_mb * SALES_PER_MB
    batch = 500_000
    for start in range(0, rows, batch):
        count = min(batch, rows - start)
        with conn:
            conn.execute(f"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
                INSERT INTO sales_history(store_id, plu, scale, weight_g, total_cents, sold_at, barcode, operator,
                                          description, unit_price_cents, tare_g, lot)
                SELECT store, plu, 'BALANCA-' || printf('%02d', 1 + abs(random()) % 12),
                       50 + abs(random()) % 5000, 100 + abs(random()) % 50000,
                       printf('2026-%02d-%02dT%02d:%02d:%02d', 1 + abs(random()) % 11, 1 + abs(random()) % 28,
                              abs(random()) % 24, abs(random()) % 60, abs(random()) % 60),
                       printf('2%05d%06d%d', plu, abs(random()) % 1000000, abs(random()) % 10),
                       printf('Operador %02d', 1 + abs(random()) % 40),
                       (SELECT description FROM products WHERE products.plu = picked.plu),
                       199 + abs(random()) % 15800, abs(random()) % 50,
                       printf('L2026-%02d-%04d', 1 + abs(random()) % 11, abs(random()) % 10000)
                FROM (SELECT 1 + abs(random()) % {STORES} AS store, 1 + abs(random()) % {PRODUCTS} AS plu
                      FROM n) AS picked""")
    with conn:
        conn.executescript(INDEXES)
    add_media(conn, rng, size_mb * 1_000_000 - path.stat().st_size)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    return path


def index_share(path: Path) -> float:
    """Fraction of the file's pages that belong to indexes (dbstat when compiled in)."""
    conn = sqlite3.connect(path)
    try:
        total = conn.execute("SELECT sum(pgsize) FROM dbstat").fetchone()[0]
        indexes = conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name IN "
                               "(SELECT name FROM sqlite_master WHERE type='index')").fetchone()[0]
        return indexes / total
    except sqlite3.OperationalError:
        return float("nan")
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--size-mb", type=int, default=500)
    args = parser.parse_args()
    start = time.perf_counter()
    db = generate(Path(args.out), args.size_mb)
    print(f"{db}: {db.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - start:.0f} s, "
          f"indexes {index_share(db):.0%} of the bytes")


if __name__ == "__main__":
    main()
