"""The build step pyproject.toml cannot say: the translations compiled into the wheel.

``build_py`` compiles every ``ui/translations/*.ts`` into a ``.qm`` beside the package's
modules, with the ``lrelease`` that PySide6 ships (a build requirement), or ``ui/qm.py``'s
writer where it cannot run. An editable install compiles them in the checkout instead.
"""

import importlib.util
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "ui" / "translations"


def _qm_module():
    spec = importlib.util.spec_from_file_location("contingencia_qm", HERE / "ui" / "qm.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


class BuildWithTranslations(build_py):
    def run(self):
        super().run()
        qm = _qm_module()
        target = SOURCE if getattr(self, "editable_mode", False) else Path(self.build_lib) / "ui" / "translations"
        for path in qm.compile_folder(SOURCE, target, qm.find_lrelease()):
            self.announce(f"compiled {path}", level=2)


setup(cmdclass={"build_py": BuildWithTranslations})
