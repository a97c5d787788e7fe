"""A small but realistic store database, for the demo, the tests and the benchmarks.

It keeps, like MGV7, general settings and per-store settings that name the server
(communication control, web manager, remote load) and folder paths on it (text-file
import folders, images, sounds, logo, logs...), plus products and prices. The
promotion rewrites those names; ``store.toml`` beside this module says where they are.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE general_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE stores (
  id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  comm_control_host TEXT, web_manager_host TEXT, remote_load_host TEXT, mt1_remote_load_host TEXT,
  import_files_folder TEXT, import_images_folder TEXT, import_sounds_folder TEXT,
  logo_path TEXT, mit_manager_folder TEXT, lgtoledo_log_path TEXT, background_image TEXT,
  expiry_alert_sound TEXT, ecf_pdv_folder TEXT
);
CREATE TABLE store_media (
  id INTEGER PRIMARY KEY, store_id INTEGER NOT NULL REFERENCES stores(id),
  kind TEXT NOT NULL CHECK (kind IN ('media', 'image')), description TEXT, path TEXT NOT NULL
);
CREATE TABLE departments (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE products (
  plu INTEGER PRIMARY KEY, description TEXT NOT NULL, department_id INTEGER REFERENCES departments(id),
  unit TEXT NOT NULL, shelf_life_days INTEGER, ingredients TEXT
);
CREATE TABLE prices (
  store_id INTEGER NOT NULL REFERENCES stores(id), plu INTEGER NOT NULL REFERENCES products(plu),
  price_cents INTEGER NOT NULL, updated TEXT NOT NULL, PRIMARY KEY (store_id, plu)
);
CREATE TABLE sales_history (
  id INTEGER PRIMARY KEY, store_id INTEGER NOT NULL, plu INTEGER NOT NULL, scale TEXT NOT NULL,
  weight_g INTEGER NOT NULL, total_cents INTEGER NOT NULL, sold_at TEXT NOT NULL
);
"""

DEPARTMENTS = ["Açougue", "Padaria", "Frios", "Hortifruti", "Peixaria", "Rotisseria"]
WORDS = ["Pão francês", "Queijo prato", "Presunto cozido", "Picanha", "Alcatra", "Tomate",
         "Banana prata", "Salmão", "Frango assado", "Mortadela", "Coxão mole", "Bolo de fubá",
         "Linguiça toscana", "Maçã gala", "Tilápia", "Mussarela", "Salame", "Batata"]
STORE_NAMES = ["Loja Centro", "Loja Jardim América", "Padaria Açúcar", "Loja São Paulo",
               "Loja Vila Nova", "Loja Bela Vista", "Loja Boa Viagem", "Loja Ipiranga"]


def store_row(index: int, host: str) -> tuple:
    code = f"LOJA{index:02d}"
    base = f"\\\\{host}\\MGV7\\Lojas\\{code}"
    return (index, code, STORE_NAMES[(index - 1) % len(STORE_NAMES)], host, host, host, host,
            f"{base}\\Importacao", f"{base}\\Imagens", f"{base}\\Sons", f"{base}\\Logo\\logo.bmp",
            f"{base}\\MIT", f"{base}\\Logs\\LgToledo.log", f"{base}\\Fundo\\fundo.jpg",
            f"{base}\\Sons\\vencimento.wav", f"{base}\\ECF-PDV")


def build_store_db(path: Path, *, stores: int = 4, products: int = 500, sales: int = 2000,
                   official_host: str = "OFICIAL", seed: int = 7) -> Path:
    """Create the store database at ``path`` (replacing it)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        leftover.unlink(missing_ok=True)
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    with conn:
        conn.executescript(SCHEMA)
        conn.executemany("INSERT INTO general_settings VALUES (?, ?)", [
            ("monitor_alert_sound", f"\\\\{official_host}\\MGV7\\Sons\\alerta.wav"),
            ("backup_computer", official_host),
            ("backup_folder", f"\\\\{official_host}\\MGV7\\Backup"),
            ("crypto_key_path", f"\\\\{official_host}\\MGV7\\Seguranca\\chave.key"),
            ("company_name", "Supermercados Exemplo Ltda"),
        ])
        conn.executemany("INSERT INTO stores VALUES (" + ",".join("?" * 16) + ")",
                         [store_row(i, official_host) for i in range(1, stores + 1)])
        conn.executemany("INSERT INTO store_media(store_id, kind, description, path) VALUES (?,?,?,?)", [
            (s, kind, f"{kind} {n}", f"\\\\{official_host}\\MGV7\\Lojas\\LOJA{s:02d}\\Midias\\{kind}{n}.jpg")
            for s in range(1, stores + 1) for kind in ("media", "image") for n in (1, 2)])
        conn.executemany("INSERT INTO departments VALUES (?, ?)", list(enumerate(DEPARTMENTS, 1)))
        conn.executemany("INSERT INTO products VALUES (?,?,?,?,?,?)", (
            (plu, f"{rng.choice(WORDS)} {plu}", rng.randint(1, len(DEPARTMENTS)), rng.choice(["kg", "un"]),
             rng.randint(1, 30), "Ingredientes: " + ", ".join(rng.sample(WORDS, 4)))
            for plu in range(1, products + 1)))
        conn.executemany("INSERT INTO prices VALUES (?,?,?,?)", (
            (s, plu, rng.randint(199, 15999), "2026-11-01T08:00:00")
            for s in range(1, stores + 1) for plu in range(1, products + 1)))
        add_sales(conn, sales, stores=stores, products=products, rng=rng)
    conn.close()
    return path


def add_sales(conn: sqlite3.Connection, count: int, *, stores: int, products: int,
              rng: random.Random) -> None:
    conn.executemany(
        "INSERT INTO sales_history(store_id, plu, scale, weight_g, total_cents, sold_at) VALUES (?,?,?,?,?,?)",
        ((rng.randint(1, stores), rng.randint(1, products), f"BALANCA-{rng.randint(1, 12):02d}",
          rng.randint(50, 5000), rng.randint(100, 50000), f"2026-11-{rng.randint(1, 28):02d}T12:00:00")
         for _ in range(count)))


def change_prices(path: Path, *, percent: int = 5, store_id: int = 1) -> int:
    """Raise one store's prices (the demo's 'work on the official'); returns rows changed."""
    conn = sqlite3.connect(path)
    with conn:
        changed = conn.execute("UPDATE prices SET price_cents = price_cents * ? / 100, "
                               "updated = '2026-11-25T10:00:00' WHERE store_id = ?",
                               (100 + percent, store_id)).rowcount
    conn.close()
    return changed


def fingerprint(path: Path) -> list[tuple]:
    """Every row of every table, for comparing two copies."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return [(t, conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall()) for t in tables]
    finally:
        conn.close()
