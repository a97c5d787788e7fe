"""The README's layout names every shelf of the tree: each module and package of ``app`` and ``ui``."""

from __future__ import annotations

from .pair import ROOT


def _layout() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]


def test_the_readme_layout_names_every_module_of_the_core_and_the_window():
    layout = _layout()
    shelves = [path for package in ("app", "ui") for path in (ROOT / package).iterdir()
               if (path.suffix == ".py" and path.name != "__init__.py")
               or (path.is_dir() and (path / "__init__.py").is_file())]
    named = {path.name: f"`{path.name}`" in layout or f"`{path.name}/`" in layout
             or f"`{path.parent.name}/{path.name}/`" in layout for path in shelves}
    assert [name for name, found in named.items() if not found] == []
