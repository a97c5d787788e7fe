"""What each SQL Server error number the engine can meet means for the technician.

The driver's text says what SQL Server refused; the explanation here says why it
happens with this program and what to do. Each explanation is a ``Phrase`` (an
English template and its arguments) so the window can show it in Portuguese;
the templates are in ui/translations/contingencia_pt_BR.ts, context "Core" (where the window
looks up the core's phrases).
"""

from __future__ import annotations

import re

from ..phrases import Phrase

#: the messages around the driver's text; the explanation is the error's hint
FAILED_WHILE = "SQL Server failed while %1: %2."
CANNOT_CONNECT = "Cannot connect to SQL Server %1 (database %2): %3."
MISSING_DRIVER = "IM002"
#: what the driver managers say when the driver is not there: Windows' (IM002) and unixODBC's
MISSING_DRIVER_TEXTS = ("Data source name not found", "Can't open lib")

#: number -> explanation template; %1 is the database, %2 the folder involved (when known)
EXPLANATIONS: dict[int, str] = {
    916: "The login has no user in database %1 (a restored database keeps the users of the server it came "
         "from): map its users to this server's logins (database.login_map) or check the login's rights.",
    1801: "A database with the same name already exists (a copy left by an interrupted restore): the next "
          "cycle drops it; if it stays, drop it in SQL Server Management Studio.",
    1827: "SQL Server Express allows at most 10 GB of data per database: this backup does not fit; use an "
          "edition without that limit (Standard, Developer) on this server.",
    1834: "A file the restore needs is in use by another database: drop the leftover copy (%1__old or "
          "%1__staging) or choose another database.data_folder.",
    3101: "Other programs are connected to %1: close them (on a contingency the application must stay "
          "closed), or set database.busy_policy to wait.",
    3154: "The backup holds another database than %1: configure the same database.name here as on the "
          "official server.",
    3169: "The backup was made by a newer SQL Server than this one: upgrade this SQL Server to at least the "
          "official server's version.",
    927: "Database %1 is being restored (a contingency's standby copy left WITH NORECOVERY cannot be read): "
         "wait for the restore to finish; at promotion it is brought online.",
    3117: "The database is no longer restoring (it was brought online WITH RECOVERY), so no further log backup "
          "can be applied to it: the contingency waits for the next full bundle.",
    3241: "The backup file is damaged (its media header cannot be read): it is not applied; the next bundle "
          "is tried.",
    3201: "SQL Server could not open the backup file: its service account (for example "
          "NT Service\\MSSQL$SQLEXPRESS) needs read and write rights on %2, and the folder must be on the SQL "
          "Server machine or on a share it reaches (database.shared_folder).",
    3257: "There is not enough free disk space for the restored copy in %2: free space on that disk or "
          "choose another database.data_folder.",
    3702: "The database is still in use: close the programs connected to it; the next cycle tries again.",
    4060: "Database %1 does not exist on this server or the login may not open it: check database.name and "
          "the login's rights.",
    4064: "The login's default database cannot be opened: set the login's default database to master "
          "(ALTER LOGIN ... WITH DEFAULT_DATABASE = master).",
    4208: "Database %1 is in the SIMPLE recovery model, where the log cannot be backed up: allow the change "
          "to FULL (database.allow_full_recovery) or turn incremental bundles off.",
    4214: "No full backup of %1 started the log's chain since it was set to FULL: the next bundle is a full "
          "backup, which starts it.",
    4305: "The log backup begins after the point this copy was restored to: a log backup in between is "
          "missing (another program's log backup, or a switch to SIMPLE on the official); the contingency waits "
          "for the next full bundle.",
    4326: "The log backup ends before the point this copy was restored to: it was already applied; the next "
          "log backup is needed.",
    4330: "The log backup belongs to another recovery path (the official database was restored since): the "
          "contingency waits for the next full bundle.",
    5063: "Database %1 is a read-only standby copy (restored WITH STANDBY): its options cannot change until it "
          "is brought online at promotion.",
    5030: "Another connection holds database %1, so it could not be renamed: the live database was put back "
          "as it was; close the programs connected to it; the next cycle tries again.",
    5064: "Database %1 is in single-user mode and another session holds it: end that session (KILL in SQL "
          "Server Management Studio); the next cycle sets the database back to MULTI_USER.",
    5120: "The SQL Server service account may not write the database files in %2: give it Modify rights on "
          "that folder (database.data_folder).",
    5133: "The folder %2 does not exist or the SQL Server service account cannot reach it: create it on the "
          "SQL Server machine and give that account Modify rights (database.data_folder).",
    9002: "The transaction log of %1 is full: free disk space on the log's disk, or let the log grow "
          "(a promoted server without log backups should use the SIMPLE recovery model).",
    18456: "SQL Server refused the login: check database.auth, database.user and the saved password, and "
           "that the server accepts SQL Server authentication (SQL Server and Windows Authentication mode).",
}
MISSING_DRIVER_EXPLANATION = ("The ODBC driver named in the connection is not installed on this machine: install "
                              "'ODBC Driver 18 for SQL Server', or name an installed driver in database.driver.")
GENERIC = "See the message above and the SQL Server error log."
#: numbers that only say "the statement before failed"
GENERIC_NUMBERS = {3013, 3159}


def error_numbers(message: str) -> list[int]:
    """SQL Server error numbers in a driver message: '...[SQL Server]text (3201) (SQLExecDirectW)'."""
    return [int(n) for n in re.findall(r"\((\d{3,6})\)", message)]


def explain(message: str, sqlstate: str = "", database: str = "", folder: str = "") -> Phrase:
    """What to do about a driver error, as a translatable phrase."""
    if sqlstate == MISSING_DRIVER or any(text in message for text in MISSING_DRIVER_TEXTS):
        return Phrase(MISSING_DRIVER_EXPLANATION)
    for number in error_numbers(message):
        if number in EXPLANATIONS and number not in GENERIC_NUMBERS:
            return Phrase(EXPLANATIONS[number], (database, folder or "the folder"))
    return Phrase(GENERIC)
