"""The Windows service "Contingência" (F3): the worker under the Service Control Manager.

Installed from an elevated prompt with ``contingencia-service install`` (pywin32's
``HandleCommandLine``), then set to run as an account with read/write rights to the
folders (``sc config Contingencia obj= DOMINIO\\usuario password= ...``). It runs with
no one logged in; the GUI only configures, starts and watches it. Windows only: it
needs pywin32, and it is not exercised by the test suite on Linux.
"""

from __future__ import annotations

import sys
import threading

import servicemanager  # type: ignore[import-not-found]  (pywin32)
import win32service  # type: ignore[import-not-found]
import win32serviceutil  # type: ignore[import-not-found]

from .logs import setup_logging
from .paths import Home
from .service import Service


class ContingenciaService(win32serviceutil.ServiceFramework):
    _svc_name_ = "Contingencia"
    _svc_display_name_ = "Contingência - Operação de Contingência"
    _svc_description_ = ("Publishes (official) or restores (contingency) the store database backups "
                         "configured in the Contingência settings.")

    def __init__(self, args) -> None:
        super().__init__(args)
        self.worker: Service | None = None

    def SvcStop(self) -> None:  # noqa: N802 - pywin32's name
        self.ReportServiceStatus(win32service.SERVICE_STOP_PENDING)
        if self.worker is not None:
            self.worker.stop()

    def SvcDoRun(self) -> None:  # noqa: N802 - pywin32's name
        home = Home.resolve().ensure()
        setup_logging(home)
        servicemanager.LogInfoMsg(f"Contingência worker starting in {home.root}")
        self.worker = Service(home)
        runner = threading.Thread(target=self.worker.run_forever, name="worker")
        runner.start()
        runner.join()


def main() -> None:
    if len(sys.argv) == 1:
        servicemanager.Initialize()
        servicemanager.PrepareToHostSingle(ContingenciaService)
        servicemanager.StartServiceCtrlDispatcher()
    else:
        win32serviceutil.HandleCommandLine(ContingenciaService)


if __name__ == "__main__":
    main()
