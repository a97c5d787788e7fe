"""The words of the e-mails, in each language they are written in."""

from __future__ import annotations

PRODUCT = "Contingência"

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "official": "Official", "contingency": "Contingency",
        "machine": "Machine", "mode": "Mode", "event": "Event", "when": "When",
        "since": "Problem since", "occurrences": "occurrences", "recovered_after": "Recovered after",
        "what": "What happened", "error": "Error", "details": "Details", "bundle": "Bundle",
        "last_good": "Last good backup", "last_restored": "Last restored backup",
        "data_age": "Data age", "none_yet": "none yet", "at": "at", "created": "created",
        "next": "What to do", "reminder": "reminder: for {duration}",
        "recovered": "recovered after {duration}", "footer":
            "Sent by {product} on {machine}. Choose the account and the events in the settings "
            "window, under E-mail notifications.",
        "test_subject": "test message", "test_body":
            "This is a test message from {product} on {machine}.\n\n"
            "If you can read it, the account \"{account}\" can send notifications "
            "to {recipients}.\n",
        "summary_subject": "daily summary", "summary_title": "Daily summary of the last 24 hours",
        "runs": "{kind} runs", "backup": "Backup", "restore": "Restore", "no_runs": "none",
        "open_problems": "Open problems", "no_problems": "none", "last_backup": "Last backup",
        "last_restore": "Last restore",
    },
    "pt_BR": {
        "official": "Oficial", "contingency": "Contingência",
        "machine": "Máquina", "mode": "Modo", "event": "Evento", "when": "Quando",
        "since": "Problema desde", "occurrences": "ocorrências", "recovered_after": "Resolvido após",
        "what": "O que aconteceu", "error": "Erro", "details": "Detalhes", "bundle": "Arquivo",
        "last_good": "Último backup bom", "last_restored": "Último backup restaurado",
        "data_age": "Idade dos dados", "none_yet": "nenhum ainda", "at": "em", "created": "criado em",
        "next": "O que fazer", "reminder": "lembrete: há {duration}",
        "recovered": "resolvido após {duration}", "footer":
            "Enviado pelo {product} em {machine}. Escolha a conta e os eventos na janela de "
            "configuração, em Notificações por e-mail.",
        "test_subject": "mensagem de teste", "test_body":
            "Esta é uma mensagem de teste do {product} em {machine}.\n\n"
            "Se você pode lê-la, a conta \"{account}\" consegue enviar notificações "
            "para {recipients}.\n",
        "summary_subject": "resumo diário", "summary_title": "Resumo diário das últimas 24 horas",
        "runs": "Execuções de {kind}", "backup": "backup", "restore": "restauração", "no_runs": "nenhuma",
        "open_problems": "Problemas em aberto", "no_problems": "nenhum", "last_backup": "Último backup",
        "last_restore": "Última restauração",
    },
}

TITLES: dict[str, dict[str, str]] = {
    "en": {
        "backup_ok": "backup completed", "backup_failed": "backup failed",
        "destination_unreachable": "destination unreachable", "restore_ok": "restore completed",
        "restore_failed": "restore failed", "bundle_rejected": "backup rejected",
        "official_silent": "official server silent", "worker_started": "service started",
        "worker_stopped": "service stopped", "promotion_done": "promotion completed",
        "destination1": "destination 1 unreachable", "destination2": "destination 2 unreachable",
        "source": "official's folder unreachable", "fenced": "server replaced, backups stopped",
    },
    "pt_BR": {
        "backup_ok": "backup concluído", "backup_failed": "backup falhou",
        "destination_unreachable": "destino inacessível", "restore_ok": "restauração concluída",
        "restore_failed": "restauração falhou", "bundle_rejected": "backup rejeitado",
        "official_silent": "servidor oficial em silêncio", "worker_started": "serviço iniciado",
        "worker_stopped": "serviço parado", "promotion_done": "promoção concluída",
        "destination1": "destino 1 inacessível", "destination2": "destino 2 inacessível",
        "source": "pasta do oficial inacessível", "fenced": "servidor substituído, backups parados",
    },
}

NEXT_STEPS: dict[str, dict[str, str]] = {
    "en": {
        "backup_failed": "Read the error above and the log; check that the database and the work "
                         "folder are reachable, then run 'contingencia backup-now' to confirm.",
        "fenced": "A contingency server was promoted in this server's place. Do not publish from "
                  "here again unless this machine becomes the official on purpose.",
        "destination_unreachable": "Check that the destination folder or FTP server is on and "
                                   "writable by the service account; the other destination keeps "
                                   "receiving backups.",
        "source": "Check from this machine that the official's shared folder or FTP server is "
                  "reachable with the configured user.",
        "restore_failed": "The contingency database keeps its previous data. Read the error and "
                          "the log; the next check tries again.",
        "bundle_rejected": "The backup failed verification and was not restored. Check the "
                           "official's disk and the transfer; the next backup will be tried.",
        "official_silent": "The official server stopped publishing backups. Check whether it is "
                           "running; if it is down, promote this server with the Assistente.",
        "worker_stopped": "If this was not planned, start the service again.",
        "promotion_done": "Check that the stores reach this server, then configure its backups.",
        "ok": "Nothing to do.",
        "recovered": "Nothing to do: the problem has cleared.",
    },
    "pt_BR": {
        "backup_failed": "Leia o erro acima e o log; verifique se o banco de dados e a pasta de "
                         "trabalho estão acessíveis e rode 'contingencia backup-now' para confirmar.",
        "fenced": "Um servidor de contingência foi promovido no lugar deste. Não volte a publicar "
                  "daqui, a menos que esta máquina volte a ser a oficial de propósito.",
        "destination_unreachable": "Verifique se a pasta de destino ou o servidor FTP está ligado "
                                   "e com escrita liberada para a conta do serviço; o outro destino "
                                   "continua recebendo backups.",
        "source": "Verifique, desta máquina, se a pasta compartilhada ou o FTP do oficial está "
                  "acessível com o usuário configurado.",
        "restore_failed": "O banco de contingência mantém os dados anteriores. Leia o erro e o "
                          "log; a próxima verificação tenta de novo.",
        "bundle_rejected": "O backup não passou na verificação e não foi restaurado. Verifique o "
                           "disco do oficial e a transferência; o próximo backup será tentado.",
        "official_silent": "O servidor oficial parou de publicar backups. Verifique se ele está "
                           "funcionando; se estiver fora do ar, promova este servidor pelo Assistente.",
        "worker_stopped": "Se não foi planejado, inicie o serviço de novo.",
        "promotion_done": "Verifique se as lojas chegam a este servidor e configure os backups dele.",
        "ok": "Nada a fazer.",
        "recovered": "Nada a fazer: o problema foi resolvido.",
    },
}


def title_of(kind: str, problem: str, lang: str) -> str:
    titles = TITLES[lang]
    if kind == "destination_unreachable" and problem in titles:
        return titles[problem]
    if problem == "fenced":
        return titles["fenced"]
    return titles.get(kind, kind)

