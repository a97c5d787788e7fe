"""The words of the e-mails that do not come from the event: titles, modes and what to do next.

Each is a ``Phrase`` in English; ``compose`` renders it in the operator's language with
``in_language``, from the same catalogue as every other sentence of the core (the Qt ``.ts``
under ``ui/translations``, context "Core"): one way for core text to be translated.
"""

from __future__ import annotations

from ..phrases import Phrase

PRODUCT = "Contingência"

MODES = {"official": Phrase("Official"), "contingency": Phrase("Contingency")}

#: the subject of a message, by the event's kind
TITLES = {
    "backup_ok": Phrase("backup completed"), "backup_failed": Phrase("backup failed"),
    "destination_unreachable": Phrase("destination unreachable"), "restore_ok": Phrase("restore completed"),
    "restore_failed": Phrase("restore failed"), "bundle_rejected": Phrase("backup rejected"),
    "official_silent": Phrase("official server silent"), "worker_started": Phrase("service started"),
    "worker_stopped": Phrase("service stopped"), "promotion_done": Phrase("promotion completed"),
    "contingency_behind": Phrase("contingency server behind"),
}
#: the subject of an unreachable place, by the problem that names it
UNREACHABLE = {
    "destination1": Phrase("destination 1 unreachable"), "destination2": Phrase("destination 2 unreachable"),
    "source": Phrase("official's folder unreachable"),
}
FENCED = Phrase("server replaced, backups stopped")

NEXT_STEPS = {
    "backup_failed": Phrase("Read the error above and the log; check that the database and the work folder are "
                            "reachable, then run 'contingencia backup-now' to confirm."),
    "fenced": Phrase("A contingency server was promoted in this server's place. Do not publish from here again "
                     "unless this machine becomes the official on purpose."),
    "destination_unreachable": Phrase("Check that the destination folder or FTP server is on and writable by the "
                                      "service account; the other destination keeps receiving backups."),
    "source": Phrase("Check from this machine that the official's shared folder or FTP server is reachable with "
                     "the configured user."),
    "restore_failed": Phrase("The contingency database keeps its previous data. Read the error and the log; the "
                             "next check tries again."),
    "bundle_rejected": Phrase("The backup failed verification and was not restored. Check the official's disk and "
                              "the transfer; the next backup will be tried."),
    "official_silent": Phrase("The official server stopped publishing backups. Check whether it is running; if it "
                              "is down, promote this server with the Assistente."),
    "worker_stopped": Phrase("If this was not planned, start the service again."),
    "promotion_done": Phrase("Check that the stores reach this server, then configure its backups."),
    "contingency_behind": Phrase("Check on the contingency server that its service runs, that it reaches this folder "
                                 "and what its status says; 'contingencia status' here shows what each contingency "
                                 "acknowledged."),
}
NOTHING_TO_DO = Phrase("Nothing to do.")
CLEARED = Phrase("Nothing to do: the problem has cleared.")


def title_of(kind: str, problem: str) -> Phrase:
    if kind == "destination_unreachable" and problem in UNREACHABLE:
        return UNREACHABLE[problem]
    if problem == "fenced":
        return FENCED
    return TITLES.get(kind) or Phrase("%1", (kind,))


def mode_label(mode: str) -> Phrase:
    return MODES.get(mode) or Phrase("%1", (mode,))


def footer(machine: str) -> Phrase:
    return Phrase("Sent by %1 on %2. Choose the account and the events in the settings window, under E-mail "
                  "notifications.", (PRODUCT, machine))
