"""*Banco de dados*: the store database of both modes (SQLite file, PostgreSQL or SQL Server), with
only the fields the chosen engine needs; SQL Server's restore options (users to logins, owner, the
shared backup folder) show for SQL Server alone, and so does every setting the model declares for
some engines only (``engines``): PostgreSQL's WAL shipping and its standby's folders for PostgreSQL.
Log shipping's FULL recovery model and WAL shipping are consents: ticked only once the operator has
answered the model's question (``Form.check``)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox

from app.settings.model import for_engine

from ..partials.form import Form, setting_help, setting_label

#: the SQL Server restore options, labelled with the model's own (translated) words
SQLSERVER_OPTIONS = ("database.login_map", "database.owner_login", "database.shared_folder",
                     "database.shared_folder_on_server")
FULL_RECOVERY = "database.allow_full_recovery"
#: PostgreSQL's WAL shipping: a consent on the official, the standby's folders on the contingency
WAL_SHIPPING = "database.wal_shipping"
STANDBY_OPTIONS = ("database.standby_data_dir", "database.pg_bin_dir")


class DatabaseGroup(QGroupBox):
    def __init__(self, form: Form) -> None:
        super().__init__(self.tr("Database"))
        self.form = form
        self.rows = QFormLayout(self)
        engines = [("sqlite", self.tr("SQLite (embedded)")), ("postgres", "PostgreSQL"), ("sqlserver", "SQL Server")]
        sqlite_files = self.tr("SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)")
        rows = [
            (self.tr("Engine:"), form.combo("database.engine", engines)),
            (self.tr("SQLite database file:"), form.path("database.path", pick_file=True, file_filter=sqlite_files)),
            (self.tr("Server and instance:"), form.line("database.server", "HOST\\INSTANCE")),
            (self.tr("Database storage folder:"), form.path("database.data_folder")),
            (self.tr("Port:"), form.spin("database.port")),
            (self.tr("Database name:"), form.line("database.name")),
            (self.tr("Authentication:"),
             form.combo("database.auth", [("sql", self.tr("User and password")), ("windows", self.tr("Windows"))])),
            (self.tr("User:"), form.line("database.user")),
            (self.tr("Password:"), form.password("database.password")),
            (self.tr("ODBC driver:"), form.line("database.driver", self.tr("newest installed"))),
            (self.tr("When the database is in use:"),
             form.combo("database.busy_policy", [("wait", self.tr("wait for the other clients")),
                                                 ("fail", self.tr("fail at once"))])),
            (self.tr("Wait at most:"), form.spin("database.busy_timeout_s", " s")),
            (setting_label("database.shrink_limit_pct") + ":", form.spin("database.shrink_limit_pct", " %")),
            (setting_label("database.login_map") + ":", form.line("database.login_map", "user=login, user2=login2")),
            (setting_label("database.owner_login") + ":", form.line("database.owner_login")),
            (setting_label("database.shared_folder") + ":", form.path("database.shared_folder")),
            (setting_label("database.shared_folder_on_server") + ":",
             form.line("database.shared_folder_on_server", "\\\\SERVIDOR\\backup")),
        ]
        for label, frame in rows:
            self.rows.addRow(label, frame)
        self.rows.addRow(form.check(FULL_RECOVERY, setting_label(FULL_RECOVERY)))
        self.rows.addRow(form.check(WAL_SHIPPING, setting_label(WAL_SHIPPING)))
        for key in STANDBY_OPTIONS:
            self.rows.addRow(setting_label(key) + ":", form.path(key))
        for key in ("database.shrink_limit_pct", FULL_RECOVERY, WAL_SHIPPING) + SQLSERVER_OPTIONS + STANDBY_OPTIONS:
            form.frame(key).setToolTip(setting_help(key))
        form.widget("database.port").setSpecialValueText(self.tr("default"))
        form.widget("database.engine").currentIndexChanged.connect(self.update_rows)
        form.widget("database.auth").currentIndexChanged.connect(self.update_rows)

    def update_rows(self) -> None:
        """Only the rows the chosen engine (and SQL Server's authentication) needs."""
        engine = self.form.widget("database.engine").currentData()
        server = engine != "sqlite"
        sqlserver = engine == "sqlserver"
        windows_auth = sqlserver and self.form.widget("database.auth").currentData() == "windows"
        visible = {
            "database.path": not server,
            "database.server": server,
            "database.data_folder": sqlserver,
            "database.port": server,
            "database.name": server,
            "database.auth": sqlserver,
            "database.user": server and not windows_auth,
            "database.password": server and not windows_auth,
            "database.driver": sqlserver,
        } | {key: sqlserver for key in SQLSERVER_OPTIONS} | {
            key: for_engine(key, engine) for key in self.form.engine_keys() if key.startswith("database.")}
        for key, shown in visible.items():
            self.rows.setRowVisible(self.form.frame(key), shown)
        label = self.rows.labelForField(self.form.frame("database.server"))
        label.setText(self.tr("Server and instance:") if sqlserver else self.tr("Server:"))
