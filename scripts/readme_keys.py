"""Rewrite the README's settings table from the model (``contingencia config keys``)."""

import contextlib
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.cli import main  # noqa: E402

table = io.StringIO()
with contextlib.redirect_stdout(table):
    main(["config", "keys"])
readme = ROOT / "README.md"
text = readme.read_text("utf-8")
text = re.sub(r"(<!-- keys:begin[^>]*-->\n).*?(<!-- keys:end -->)", lambda m: m.group(1) + table.getvalue() + m.group(2),
              text, flags=re.S)
readme.write_text(text, "utf-8")
