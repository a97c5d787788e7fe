<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>EmailAccountDialog</name>
    <message>
        <source>E-mail account</source>
        <translation>Conta de e-mail</translation>
    </message>
    <message>
        <source>New e-mail account</source>
        <translation>Nova conta de e-mail</translation>
    </message>
    <message>
        <source>None (not encrypted)</source>
        <translation>Nenhuma (sem criptografia)</translation>
    </message>
    <message>
        <source>loja01@example.com, ti@example.com</source>
        <translation>loja01@exemplo.com.br, ti@exemplo.com.br</translation>
    </message>
    <message>
        <source>Account name:</source>
        <translation>Nome da conta:</translation>
    </message>
    <message>
        <source>SMTP server:</source>
        <translation>Servidor SMTP:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Porta:</translation>
    </message>
    <message>
        <source>Security:</source>
        <translation>Segurança:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Usuário:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Senha:</translation>
    </message>
    <message>
        <source>Sender:</source>
        <translation>Remetente:</translation>
    </message>
    <message>
        <source>Recipients:</source>
        <translation>Destinatários:</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Testar</translation>
    </message>
    <message>
        <source>Give the account a name.</source>
        <translation>Dê um nome à conta.</translation>
    </message>
    <message>
        <source>An account with this name already exists.</source>
        <translation>Já existe uma conta com este nome.</translation>
    </message>
    <message>
        <source>Give at least one recipient.</source>
        <translation>Informe ao menos um destinatário.</translation>
    </message>
    <message>
        <source>The e-mail test is not available yet in this version.</source>
        <translation>O teste de e-mail ainda não está disponível nesta versão.</translation>
    </message>
    <message>
        <source>Sending a test message...</source>
        <translation>Enviando uma mensagem de teste...</translation>
    </message>
    <message>
        <source>Test message sent.</source>
        <translation>Mensagem de teste enviada.</translation>
    </message>
</context>
<context>
    <name>EndpointEditor</name>
    <message>
        <source>Get from server...</source>
        <translation>Obter do servidor...</translation>
    </message>
    <message>
        <source>Server fingerprint</source>
        <translation>Impressão digital do servidor</translation>
    </message>
    <message>
        <source>Fill in the host first.</source>
        <translation>Preencha o host primeiro.</translation>
    </message>
    <message>
        <source>This fingerprint is already the trusted one.</source>
        <translation>Esta impressão digital já é a confiável.</translation>
    </message>
    <message>
        <source>The server presents this fingerprint:

{0}

Compare it with the one shown on the server itself. Trust it?</source>
        <translation>O servidor apresenta esta impressão digital:

{0}

Compare com a mostrada no próprio servidor. Confiar nela?</translation>
    </message>
    <message>
        <source>

It differs from the trusted one ({0}): the server may have been reinstalled, or someone may be in the middle. Check with its administrator.</source>
        <translation>

Ela é diferente da confiável ({0}): o servidor pode ter sido reinstalado, ou alguém pode estar no meio da conexão. Confirme com o administrador do servidor.</translation>
    </message>
    <message>
        <source>Kind:</source>
        <extracomment>which optional fields each kind shows (path is always shown when the kind is used)</extracomment>
        <translation>Tipo:</translation>
    </message>
    <message>
        <source>Shared folder</source>
        <translation>Pasta Compartilhada</translation>
    </message>
    <message>
        <source>FTP</source>
        <translation>FTP</translation>
    </message>
    <message>
        <source>FTPS (FTP over TLS)</source>
        <translation>FTPS (FTP com TLS)</translation>
    </message>
    <message>
        <source>SFTP (SSH)</source>
        <translation>SFTP (SSH)</translation>
    </message>
    <message>
        <source>SMB (Windows share, no mount needed)</source>
        <translation>SMB (compartilhamento Windows, sem mapear)</translation>
    </message>
    <message>
        <source>Not used</source>
        <translation>Não utilizado</translation>
    </message>
    <message>
        <source>host name or IP</source>
        <translation>nome ou IP do servidor</translation>
    </message>
    <message>
        <source>default</source>
        <translation>padrão</translation>
    </message>
    <message>
        <source>Passive mode</source>
        <translation>Modo passivo</translation>
    </message>
    <message>
        <source>SHA-256 of a self-signed certificate (optional)</source>
        <translation>SHA-256 de um certificado autoassinado (opcional)</translation>
    </message>
    <message>
        <source>Host/IP:</source>
        <translation>Host/IP:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Porta:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Usuário:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Senha:</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Pasta:</translation>
    </message>
    <message>
        <source>Trusted certificate:</source>
        <translation>Certificado confiável:</translation>
    </message>
    <message>
        <source>Host key:</source>
        <translation>Chave do host:</translation>
    </message>
    <message>
        <source>Private key file:</source>
        <translation>Arquivo de chave privada:</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>Tempo limite:</translation>
    </message>
    <message>
        <source>Bandwidth limit:</source>
        <translation>Limite de banda:</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>sem limite</translation>
    </message>
    <message>
        <source>FTP settings</source>
        <translation>Configurações de FTP</translation>
    </message>
    <message>
        <source>SFTP settings</source>
        <translation>Configurações de SFTP</translation>
    </message>
    <message>
        <source>SMB settings</source>
        <translation>Configurações de SMB</translation>
    </message>
    <message>
        <source>Shared folder:</source>
        <translation>Pasta Compartilhada:</translation>
    </message>
    <message>
        <source>Share path:</source>
        <translation>Caminho do compartilhamento:</translation>
    </message>
    <message>
        <source>Folder on the server:</source>
        <translation>Pasta no servidor:</translation>
    </message>
    <message>
        <source>local, mounted or \\server\share path</source>
        <translation>caminho local, mapeado ou \\servidor\compartilhamento</translation>
    </message>
</context>
<context>
    <name>Event</name>
    <message>
        <source>Backup done</source>
        <translation>Backup realizado</translation>
    </message>
    <message>
        <source>Backup failed</source>
        <translation>Falha no backup</translation>
    </message>
    <message>
        <source>Destination or source unreachable</source>
        <translation>Destino ou origem inacessível</translation>
    </message>
    <message>
        <source>Restore done</source>
        <translation>Restauração realizada</translation>
    </message>
    <message>
        <source>Restore failed</source>
        <translation>Falha na restauração</translation>
    </message>
    <message>
        <source>Backup rejected (corrupt or foreign)</source>
        <translation>Backup rejeitado (corrompido ou de outro servidor)</translation>
    </message>
    <message>
        <source>Official server silent</source>
        <translation>Servidor Oficial sem novos backups</translation>
    </message>
    <message>
        <source>Service started</source>
        <translation>Serviço iniciado</translation>
    </message>
    <message>
        <source>Service stopped</source>
        <translation>Serviço parado</translation>
    </message>
    <message>
        <source>Promotion done</source>
        <translation>Promoção a Oficial concluída</translation>
    </message>
    <message>
        <source>Contingency server behind or silent</source>
        <translation>Servidor de contingência atrasado ou em silêncio</translation>
    </message>
</context>
<context>
    <name>Kind</name>
    <message>
        <source>backup</source>
        <translation>backup</translation>
    </message>
    <message>
        <source>restore</source>
        <translation>restauração</translation>
    </message>
    <message>
        <source>promotion</source>
        <translation>promoção</translation>
    </message>
</context>
<context>
    <name>PasswordEdit</name>
    <message>
        <source>Forget the saved password</source>
        <translation>Esquecer a senha salva</translation>
    </message>
    <message>
        <source>the saved password will be removed on save</source>
        <translation>a senha salva será removida ao salvar</translation>
    </message>
    <message>
        <source>saved - leave empty to keep it</source>
        <translation>salva - deixe vazio para mantê-la</translation>
    </message>
</context>
<context>
    <name>PathEdit</name>
    <message>
        <source>Choose a file</source>
        <translation>Escolher um arquivo</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>Escolher uma pasta</translation>
    </message>
</context>
<context>
    <name>Result</name>
    <message>
        <source>running</source>
        <translation>em andamento</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>partial</source>
        <translation>parcial</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>falhou</translation>
    </message>
    <message>
        <source>nothing new</source>
        <translation>nada novo</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>rejeitado</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>interrompido</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelado</translation>
    </message>
    <message>
        <source>not run (off)</source>
        <translation>não executado (desligado)</translation>
    </message>
</context>
<context>
    <name>SettingsWindow</name>
    <message>
        <source>Nothing was saved: the settings were changed elsewhere. Choose above whether to reload them or keep your changes, then save.</source>
        <translation>Nada foi salvo: as configurações foram alteradas em outro lugar. Escolha acima se quer recarregá-las ou manter suas alterações e depois salve.</translation>
    </message>
    <message>
        <source>The background service is not running: nothing runs on schedule until it is started.</source>
        <translation>O serviço em segundo plano não está em execução: nada roda no horário até que ele seja iniciado.</translation>
    </message>
    <message>
        <source>The saved settings were reloaded.</source>
        <translation>As configurações salvas foram recarregadas.</translation>
    </message>
    <message>
        <source>The settings were changed elsewhere; the window shows them.</source>
        <translation>As configurações foram alteradas em outro lugar; a janela já as mostra.</translation>
    </message>
    <message>
        <source>Warning: these folders do not exist (yet): %1. Create them, or check the path: nothing can be published or read there.</source>
        <translation>Atenção: estas pastas não existem (ainda): %1. Crie-as ou confira o caminho: nada pode ser publicado ou lido nelas.</translation>
    </message>
    <message>
        <source>Contingency settings</source>
        <translation>Configuração de Contingência</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Configuração</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Histórico</translation>
    </message>
    <message>
        <source>Nothing was saved: %1 problem(s) to correct.</source>
        <translation>Nada foi salvo: %1 problema(s) a corrigir.</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Configurações salvas.</translation>
    </message>
    <message>
        <source>The background service picks them up without a restart.</source>
        <translation>O Serviço de Contingência passa a usá-las sem reiniciar.</translation>
    </message>
    <message>
        <source>Contingency mode is off: nothing runs.</source>
        <translation>O Modo Contingência está desligado: nada é executado.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Alterações não salvas</translation>
    </message>
    <message>
        <source>The settings were changed. Save them before closing?</source>
        <translation>As configurações foram alteradas. Salvar antes de fechar?</translation>
    </message>
</context>
<context>
    <name>State</name>
    <message>
        <source>Off</source>
        <translation>Desligado</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Em execução</translation>
    </message>
    <message>
        <source>Official silent</source>
        <translation>Oficial sem backups</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Atenção</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erro</translation>
    </message>
    <message>
        <source>Replaced (stopped)</source>
        <translation>Substituído (parado)</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>The official&apos;s clock is %1 min ahead of this machine&apos;s: data age and silence are counted from when this machine saw each backup. Set the official&apos;s clock right.</source>
        <translation>O relógio do oficial está %1 min adiantado em relação ao desta máquina: a idade dos dados e o silêncio são contados a partir de quando esta máquina viu cada backup. Acerte o relógio do oficial.</translation>
    </message>
    <message>
        <source>The official&apos;s backup is %1 min late; the alert goes out at %2 if none arrives.</source>
        <translation>O backup do Oficial está %1 min atrasado; o alerta sai às %2 se nenhum chegar.</translation>
    </message>
    <message>
        <source>Last restore %1: %2</source>
        <translation>Última restauração: %1 — %2</translation>
    </message>
    <message>
        <source>%1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>Stalled: %1, step %2 has made no progress for %3 min.</source>
        <translation>Parado: %1, etapa %2 sem progresso há %3 min.</translation>
    </message>
    <message>
        <source>The worker is not running: nothing runs on schedule. Start the Contingência service.</source>
        <translation>O serviço não está em execução: nada roda no horário programado. Inicie o serviço Contingência.</translation>
    </message>
    <message>
        <source>Contingency mode is off.</source>
        <translation>O Modo Contingência está desligado.</translation>
    </message>
    <message>
        <source>No backup yet.</source>
        <translation>Nenhum backup ainda.</translation>
    </message>
    <message>
        <source>No backup restored yet.</source>
        <translation>Nenhum backup restaurado ainda.</translation>
    </message>
    <message>
        <source>Last backup %1 at %2.</source>
        <translation>Último backup %1 em %2.</translation>
    </message>
    <message>
        <source>Running: %1, step %2 (%3 s).</source>
        <translation>Executando: %1, etapa %2 (%3 s).</translation>
    </message>
    <message>
        <source>The official has published nothing for %1 minutes.</source>
        <translation>O Servidor Oficial não disponibiliza backup há %1 minutos.</translation>
    </message>
    <message>
        <source>Data from %1 (%2), restored and checked at %3.</source>
        <translation>Dados de %1 (%2), restaurados e verificados em %3.</translation>
    </message>
    <message>
        <source>Last backup failed: %1</source>
        <translation>O último backup falhou: %1</translation>
    </message>
    <message>
        <source>Last backup reached only some destinations: %1</source>
        <translation>O último backup chegou só a algumas pastas: %1</translation>
    </message>
    <message>
        <source>Incremental bundles: continuous, at most one every %1 s</source>
        <translation>Pacotes incrementais: contínuos, no máximo um a cada %1 s</translation>
    </message>
    <message>
        <source>Incremental bundles: published within %1 min of the last</source>
        <translation>Pacotes incrementais: publicados até %1 min após o último</translation>
    </message>
</context>
<context>
    <name>Step</name>
    <message>
        <source>starting</source>
        <translation>iniciando</translation>
    </message>
    <message>
        <source>database backup</source>
        <translation>backup do banco de dados</translation>
    </message>
    <message>
        <source>compressing</source>
        <translation>compactando</translation>
    </message>
    <message>
        <source>sending to destination 1</source>
        <translation>enviando para a pasta 1</translation>
    </message>
    <message>
        <source>sending to destination 2</source>
        <translation>enviando para a pasta 2</translation>
    </message>
    <message>
        <source>downloading</source>
        <translation>baixando</translation>
    </message>
    <message>
        <source>verifying</source>
        <translation>verificando</translation>
    </message>
    <message>
        <source>extracting</source>
        <translation>extraindo</translation>
    </message>
    <message>
        <source>restoring</source>
        <translation>restaurando</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Contingency %1: %2</source>
        <translation>Contingência %1: %2</translation>
    </message>
    <message>
        <source>Open settings</source>
        <translation>Abrir configurações</translation>
    </message>
    <message>
        <source>Run now</source>
        <translation>Executar agora</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Abrir pasta de logs</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Sair</translation>
    </message>
    <message>
        <source>Contingency: %1</source>
        <translation>Contingência: %1</translation>
    </message>
</context>
<context>
    <name>Trigger</name>
    <message>
        <source>schedule</source>
        <translation>agendamento</translation>
    </message>
    <message>
        <source>this window</source>
        <translation>esta janela</translation>
    </message>
    <message>
        <source>by hand</source>
        <translation>manual</translation>
    </message>
    <message>
        <source>command line</source>
        <translation>linha de comando</translation>
    </message>
    <message>
        <source>the promotion</source>
        <translation>a promoção</translation>
    </message>
    <message>
        <source>the Assistente</source>
        <translation>o Assistente</translation>
    </message>
    <message>
        <source>catch-up at start</source>
        <translation>recuperação na inicialização</translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <source>use true or false</source>
        <translation>use verdadeiro ou falso</translation>
    </message>
    <message>
        <source>use a whole number</source>
        <translation>use um número inteiro</translation>
    </message>
    <message>
        <source>use times of day as HH:MM (00:00 to 23:59)</source>
        <translation>use horários no formato HH:MM (00:00 a 23:59)</translation>
    </message>
    <message>
        <source>give at least one time of day for a variable schedule</source>
        <translation>informe ao menos um horário para o Intervalo Variável</translation>
    </message>
    <message>
        <source>use a time of day as HH:MM</source>
        <translation>use um horário no formato HH:MM</translation>
    </message>
    <message>
        <source>give the SQLite database file</source>
        <translation>informe o arquivo do banco SQLite</translation>
    </message>
    <message>
        <source>give the database server (and instance)</source>
        <translation>informe o servidor (e a instância) do banco de dados</translation>
    </message>
    <message>
        <source>give the database name</source>
        <translation>informe o nome do banco de dados</translation>
    </message>
    <message>
        <source>use letters, digits and _ (at most 116 characters, not starting with a digit)</source>
        <translation>use letras, dígitos e _ (no máximo 116 caracteres, sem começar por dígito)</translation>
    </message>
    <message>
        <source>give the folder</source>
        <translation>informe a pasta</translation>
    </message>
    <message>
        <source>use \\server\share\folder</source>
        <translation>use \\servidor\compartilhamento\pasta</translation>
    </message>
    <message>
        <source>give the server's host name or IP</source>
        <translation>informe o nome ou IP do servidor</translation>
    </message>
    <message>
        <source>the first destination is required in official mode</source>
        <translation>a primeira pasta é obrigatória no Modo Oficial</translation>
    </message>
    <message>
        <source>the two destinations must be different folders</source>
        <translation>as duas pastas devem ser diferentes</translation>
    </message>
    <message>
        <source>choose how to reach the official's folder</source>
        <translation>escolha como acessar a pasta do Servidor Oficial</translation>
    </message>
    <message>
        <source>pick a registered e-mail account</source>
        <translation>escolha um e-mail cadastrado</translation>
    </message>
    <message>
        <source>give every account a name</source>
        <translation>dê um nome a cada conta</translation>
    </message>
    <message>
        <source>give the SMTP server</source>
        <translation>informe o servidor SMTP</translation>
    </message>
    <message>
        <source>use e-mail addresses like loja01@example.com</source>
        <translation>use endereços de e-mail como loja01@exemplo.com.br</translation>
    </message>
    <message>
        <source>use a whole number from %1 to %2</source>
        <translation>use um número inteiro de %1 a %2</translation>
    </message>
    <message>
        <source>use at most %1 characters</source>
        <translation>use no máximo %1 caracteres</translation>
    </message>
    <message>
        <source>use text without line breaks or control characters</source>
        <translation>use texto sem quebras de linha nem caracteres de controle</translation>
    </message>
    <message>
        <source>use OLD=NEW items, e.g. \\OFICIAL\MGV7=D:\MGV7</source>
        <translation>use itens ANTIGO=NOVO, por exemplo \\OFICIAL\MGV7=D:\MGV7</translation>
    </message>
    <message>
        <source>incremental bundles are built for SQLite and SQL Server only; use 0</source>
        <translation>pacotes incrementais existem só para SQLite e SQL Server; use 0</translation>
    </message>
    <message>
        <source>continuous incremental bundles are built for SQLite only; use false</source>
        <translation>pacotes incrementais contínuos existem só para SQLite; use falso</translation>
    </message>
</context>
<context>
    <name>PromotionWizard</name>
    <message>
        <source>The settings are saved: the settings window shows them.</source>
        <translation>As configurações estão salvas: a janela de configurações já as mostra.</translation>
    </message>
    <message>
        <source>Use the contingency server as the official server</source>
        <translation>Usar o servidor de contingência como servidor oficial</translation>
    </message>
    <message>
        <source>This wizard makes this machine the official server: it first restores a newer backup if the official published one, then marks the shared folders so the old official stops publishing if it comes back, changes the communication server of every store and the paths that name the old server in one step (with an undo), runs the service commands (such as the LMP license service) and switches the mode to Official.

If this machine can take the old server's name and IP instead (Option 2), change them in Windows and create the same folder structure; this wizard is then not needed.</source>
        <translation>Este assistente transforma esta máquina no servidor oficial: primeiro restaura um backup mais novo, se o oficial publicou um; depois marca as pastas compartilhadas para que o antigo oficial pare de publicar se voltar; altera o servidor de comunicação de todas as lojas e os caminhos que citam o servidor antigo em uma única etapa (com desfazer); executa os comandos de serviço (como o serviço de licença LMP) e muda o modo para Oficial.

Se esta máquina puder assumir o nome e o IP do servidor antigo (Opção 2), altere-os no Windows e crie a mesma estrutura de pastas; neste caso este assistente não é necessário.</translation>
    </message>
    <message>
        <source>I confirm the official server is down</source>
        <translation>Confirmo que o servidor oficial está fora do ar</translation>
    </message>
    <message>
        <source>Communication server settings</source>
        <translation>Configurações do Servidor de Comunicações</translation>
    </message>
    <message>
        <source>The name or IP of the machine that now does the communication of the stores.</source>
        <translation>O nome ou IP da máquina que passa a ser responsável pela comunicação das lojas.</translation>
    </message>
    <message>
        <source>Use the server settings defined below for all stores</source>
        <translation>Utilizar as configurações de servidor definidas abaixo para todas as lojas</translation>
    </message>
    <message>
        <source>detected from the last backup</source>
        <translation>detectado pelo último backup</translation>
    </message>
    <message>
        <source>Communication control:</source>
        <translation>Controle de Comunicação:</translation>
    </message>
    <message>
        <source>Web manager:</source>
        <translation>Gerenciador WEB:</translation>
    </message>
    <message>
        <source>Remote load:</source>
        <translation>Carga Remota:</translation>
    </message>
    <message>
        <source>Old official (name or IP):</source>
        <translation>Antigo oficial (nome ou IP):</translation>
    </message>
    <message>
        <source>Unchecked, only the stores that name the old official are changed.</source>
        <translation>Desmarcada, apenas as lojas que citam o antigo oficial são alteradas.</translation>
    </message>
    <message>
        <source>Preview of the changes</source>
        <translation>Prévia das alterações</translation>
    </message>
    <message>
        <source>Path prefixes of the old official and where they are on this machine.</source>
        <translation>Prefixos de caminho do antigo oficial e onde eles ficam nesta máquina.</translation>
    </message>
    <message>
        <source>Create the missing local folders</source>
        <translation>Criar as pastas locais que faltam</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Serviços</translation>
    </message>
    <message>
        <source>Commands run before the changes (stop) and after them (start), such as the LMP license service. A failing required command stops the promotion.</source>
        <translation>Comandos executados antes das alterações (parar) e depois delas (iniciar), como o serviço de licença LMP. Uma falha em um comando obrigatório interrompe a promoção.</translation>
    </message>
    <message>
        <source>Promote</source>
        <translation>Promover</translation>
    </message>
    <message>
        <source>Click Promote now: the changes are made in one step and can be undone with Undo promotion in the settings window (or 'contingencia promote --undo').</source>
        <translation>Clique em Promover agora: as alterações são feitas em uma única etapa e podem ser desfeitas com Desfazer promoção na janela de configurações (ou 'contingencia promote --undo').</translation>
    </message>
    <message>
        <source>Promote now</source>
        <translation>Promover agora</translation>
    </message>
    <message>
        <source>Promoting...</source>
        <translation>Promovendo...</translation>
    </message>
    <message>
        <source>Backups of the new official</source>
        <translation>Backups do novo oficial</translation>
    </message>
    <message>
        <source>Optional: where and how often this server publishes its backups for a new contingency server. Other transports are set on the settings screen.</source>
        <translation>Opcional: onde e com que frequência este servidor publica seus backups para um novo servidor de contingência. Outros meios de transporte são configurados na tela de configuração.</translation>
    </message>
    <message>
        <source>Configure the backups now</source>
        <translation>Configurar os backups agora</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Procurar...</translation>
    </message>
    <message>
        <source>Destination 1 folder:</source>
        <translation>Pasta do destino 1:</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Backup every:</source>
        <translation>Backup a cada:</translation>
    </message>
    <message>
        <source>Destination 1 folder</source>
        <translation>Pasta do destino 1</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Concluído</translation>
    </message>
    <message>
        <source>This machine is now the official server (mode Official).</source>
        <translation>Esta máquina agora é o servidor oficial (modo Oficial).</translation>
    </message>
    <message>
        <source>Contingency server wizard</source>
        <translation>Assistente de Contingência de Servidor</translation>
    </message>
    <message>
        <source>Give the folder where the backups are published.</source>
        <translation>Informe a pasta onde os backups são publicados.</translation>
    </message>
    <message>
        <source>Old prefix</source>
        <translation>Prefixo antigo</translation>
    </message>
    <message>
        <source>New prefix</source>
        <translation>Prefixo novo</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Adicionar</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remover</translation>
    </message>
    <message>
        <source>Update preview</source>
        <translation>Atualizar prévia</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Configuração</translation>
    </message>
    <message>
        <source>Current value</source>
        <translation>Valor atual</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>Valor novo</translation>
    </message>
    <message>
        <source>Checking the source for a newer backup and reading the settings...</source>
        <translation>Procurando um backup mais novo na origem e lendo as configurações...</translation>
    </message>
    <message>
        <source>Reading the settings...</source>
        <translation>Lendo as configurações...</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Stop command</source>
        <translation>Comando para parar</translation>
    </message>
    <message>
        <source>Start command</source>
        <translation>Comando para iniciar</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Obrigatório</translation>
    </message>
    <message>
        <source>Add LMP</source>
        <translation>Adicionar LMP</translation>
    </message>
    <message>
        <source>Stop the service %1 and wait</source>
        <translation>Parar o serviço %1 e aguardar</translation>
    </message>
    <message>
        <source>Start the service %1 and wait</source>
        <translation>Iniciar o serviço %1 e aguardar</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>To put the store settings back: Undo promotion in the settings window (or contingencia promote --undo).</source>
        <translation>Para devolver as configurações das lojas: Desfazer promoção na janela de configurações (ou contingencia promote --undo).</translation>
    </message>
    <message>
        <source>Wait until the current step finishes.</source>
        <translation>Aguarde o fim da etapa atual.</translation>
    </message>
    <message>
        <source>Data on this machine: %1</source>
        <translation>Dados nesta máquina: %1</translation>
    </message>
    <message>
        <source>The preview failed: %1</source>
        <translation>A prévia falhou: %1</translation>
    </message>
    <message>
        <source>Warnings: still naming the old official</source>
        <translation>Avisos: ainda citam o antigo oficial</translation>
    </message>
    <message>
        <source>The promotion did not start: %1</source>
        <translation>A promoção não começou: %1</translation>
    </message>
    <message>
        <source>Done in %1 s: this machine is now the official server.</source>
        <translation>Concluído em %1 s: esta máquina agora é o servidor oficial.</translation>
    </message>
    <message>
        <source>The promotion stopped: %1</source>
        <translation>A promoção foi interrompida: %1</translation>
    </message>
    <message>
        <source>The service list could not be saved: %1</source>
        <translation>A lista de serviços não pôde ser salva: %1</translation>
    </message>
    <message>
        <source>%1 values to change, %2 warnings. %3</source>
        <translation>%1 valores a alterar, %2 avisos. %3</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Geral</translation>
    </message>
    <message>
        <source>Catch-up</source>
        <translation>Atualização</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>Reparo</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Prévia</translation>
    </message>
    <message>
        <source>Stop services</source>
        <translation>Parar serviços</translation>
    </message>
    <message>
        <source>Fencing</source>
        <translation>Bloqueio do antigo oficial</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Aplicar</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>Pastas</translation>
    </message>
    <message>
        <source>Start services</source>
        <translation>Iniciar serviços</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modo</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
</context>
<context>
    <name>Promotion</name>
    <message>
        <source>%1 value(s) put back in %2. The mode (%3) and the fencing (PROMOTED.TXT) were left as they are; change the mode with &apos;contingencia config set mode contingency&apos; if this machine goes back to being a contingency.</source>
        <translation>%1 valor(es) devolvido(s) em %2. O modo (%3) e a marca de substituição (PROMOTED.TXT) ficaram como estavam; mude o modo com &apos;contingencia config set mode contingency&apos; se esta máquina voltar a ser uma contingência.</translation>
    </message>
    <message>
        <source>The required hook %1 failed; nothing was changed.</source>
        <translation>O comando obrigatório %1 falhou; nada foi alterado.</translation>
    </message>
    <message>
        <source>%1: %2 updated in %3 (epoch %4).</source>
        <translation>%1: %2 atualizado em %3 (época %4).</translation>
    </message>
    <message>
        <source>%1: %2 written to %3 (epoch %4).</source>
        <translation>%1: %2 gravado em %3 (época %4).</translation>
    </message>
    <message>
        <source>%1: %2 already names this server (epoch %3).</source>
        <translation>%1: %2 já indica este servidor (época %3).</translation>
    </message>
    <message>
        <source>%1: not reached (%2); the old official may still publish there if it comes back.</source>
        <translation>%1: inacessível (%2); o antigo oficial ainda pode publicar ali se voltar.</translation>
    </message>
    <message>
        <source>%1 %2 (%3): %4</source>
        <translation>%1 %2 (%3): %4</translation>
    </message>
    <message>
        <source>stop</source>
        <translation>parar</translation>
    </message>
    <message>
        <source>start</source>
        <translation>iniciar</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>tempo esgotado</translation>
    </message>
    <message>
        <source>exit code %1</source>
        <translation>código de saída %1</translation>
    </message>
    <message>
        <source>%1 %2 (%3): %4: %5</source>
        <translation>%1 %2 (%3): %4: %5</translation>
    </message>
    <message>
        <source>data from %1 (%2), %3 old</source>
        <translation>dados de %1 (%2), com %3</translation>
    </message>
    <message>
        <source>This machine is now the official server (mode official).</source>
        <translation>Esta máquina agora é o servidor oficial (modo Oficial).</translation>
    </message>
    <message>
        <source>no backup was restored yet</source>
        <translation>nenhum backup foi restaurado ainda</translation>
    </message>
    <message>
        <source>%1 value(s) changed in one transaction; undo record %2.</source>
        <translation>%1 valor(es) alterado(s) em uma única transação; registro para desfazer: %2.</translation>
    </message>
    <message>
        <source>No folder is configured to fence.</source>
        <translation>Nenhuma pasta configurada para o bloqueio.</translation>
    </message>
    <message>
        <source>Epoch %1; the new official continues after sequence %2. %3</source>
        <translation>Época %1; o novo oficial continua após a sequência %2. %3</translation>
    </message>
    <message>
        <source>This machine is now the official server (mode official). Backups are not configured for the new official yet, so contingency mode was turned off: set official.destination1 and turn it on (the wizard offers it).</source>
        <translation>Esta máquina agora é o servidor oficial (modo Oficial). Os backups do novo oficial ainda não estão configurados, por isso o Modo Contingência foi desligado: configure a Pasta 1 e ligue-o (o assistente oferece isso).</translation>
    </message>
    <message>
        <source>%1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>No source is configured; going on with %1.</source>
        <translation>Nenhuma origem configurada; seguindo com %1.</translation>
    </message>
    <message>
        <source>A newer backup was restored first: %1 Now %2.</source>
        <translation>Um backup mais novo foi restaurado antes: %1 Agora: %2.</translation>
    </message>
    <message>
        <source>Nothing newer to restore; %1.</source>
        <translation>Nada mais novo para restaurar; %1.</translation>
    </message>
    <message>
        <source>A newer backup is waiting: %1 (created %2). The promotion restores it first; this preview shows today's %3.</source>
        <translation>Há um backup mais novo esperando: %1 (criado em %2). A promoção o restaura antes; esta prévia mostra os %3 atuais.</translation>
    </message>
    <message>
        <source>The required hook %1 failed to start; the settings are changed but the mode was not switched: start it by hand, then set the mode to official (contingencia config set mode official).</source>
        <translation>O serviço obrigatório %1 não iniciou; as configurações foram alteradas, mas o modo não foi trocado: inicie-o manualmente e depois mude o modo para Oficial (contingencia config set mode official).</translation>
    </message>
    <message>
        <source>No service hook to run.</source>
        <translation>Nenhum serviço para parar ou iniciar.</translation>
    </message>
    <message>
        <source>Not asked to create folders (%1 local folder(s) named by the new paths).</source>
        <translation>Criação de pastas não solicitada (%1 pasta(s) local(is) citada(s) pelos novos caminhos).</translation>
    </message>
    <message>
        <source>%1 folder(s) created, %2 already there; %3 failed: %4</source>
        <translation>%1 pasta(s) criada(s), %2 já existia(m); %3 falhou(aram): %4</translation>
    </message>
    <message>
        <source>%1 folder(s) created, %2 already there.</source>
        <translation>%1 pasta(s) criada(s), %2 já existia(m).</translation>
    </message>
    <message>
        <source>%1 value(s) to change, %2 local folder(s) needed, %3 warning(s).</source>
        <translation>%1 valor(es) a alterar, %2 pasta(s) local(is) necessária(s), %3 aviso(s).</translation>
    </message>
    <message>
        <source>Nothing newer to restore (%1); %2.</source>
        <translation>Nada mais novo para restaurar (%1); %2.</translation>
    </message>
    <message>
        <source>The source could not be used (%1); going on with %2.</source>
        <translation>A origem não pôde ser usada (%1); seguindo com %2.</translation>
    </message>
    <message>
        <source>The source could not be read (%1); the promotion would go on with %2.</source>
        <translation>A origem não pôde ser lida (%1); a promoção seguiria com %2.</translation>
    </message>
    <message>
        <source>The settings could not be saved with mode official: %1</source>
        <translation>As configurações não puderam ser salvas com o modo Oficial: %1</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>Backup file</source>
        <translation>Arquivo de backup</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duração</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>Erro:</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Select a run to see its message, its error and its steps.</source>
        <translation>Selecione uma execução para ver a mensagem, o erro e as etapas.</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamanho</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Etapas:</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <source>started by: %1</source>
        <translation>iniciado por: %1</translation>
    </message>
</context>
<context>
    <name>Mode</name>
    <message>
        <source>Contingency</source>
        <translation>Contingência</translation>
    </message>
    <message>
        <source>Official</source>
        <translation>Oficial</translation>
    </message>
</context>
<context>
    <name>Service</name>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 falhou: %2</translation>
    </message>
    <message>
        <source>No Contingência service is installed on this machine (%1). Start the worker with &apos;contingencia service&apos; in a terminal, or install the service as build_spec/INSTALL.md says.</source>
        <translation>Nenhum serviço do Contingência está instalado nesta máquina (%1). Inicie o serviço com &apos;contingencia service&apos; em um terminal ou instale-o como diz build_spec/INSTALL.md.</translation>
    </message>
    <message>
        <source>This system has no service manager the window can use (neither the Windows service manager nor systemd). Start the worker with &apos;contingencia service&apos; in a terminal.</source>
        <translation>Este sistema não tem um gerenciador de serviços que a janela possa usar (nem o do Windows nem o systemd). Inicie o serviço com &apos;contingencia service&apos; em um terminal.</translation>
    </message>
</context>
<context>
    <name>StatusView</name>
    <message>
        <source>%1 (%2 in all, %3 of work files)</source>
        <translation>%1 (%2 no total, %3 de arquivos de trabalho)</translation>
    </message>
    <message>
        <source>Rejected backup:</source>
        <translation>Backup rejeitado:</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Tentar de novo</translation>
    </message>
    <message>
        <source>The next check tries this backup again.</source>
        <translation>A próxima verificação tenta este backup de novo.</translation>
    </message>
    <message>
        <source>Accept anyway</source>
        <translation>Aceitar mesmo assim</translation>
    </message>
    <message>
        <source>The next check restores this backup although it comes from another official or is much smaller; every other check still applies.</source>
        <translation>A próxima verificação restaura este backup mesmo que venha de outro oficial ou seja muito menor; todas as outras verificações continuam valendo.</translation>
    </message>
    <message>
        <source>released: the next check takes it</source>
        <translation>liberado: a próxima verificação o recebe</translation>
    </message>
    <message>
        <source>%1 (the backup was made at %2)</source>
        <translation>%1 (o backup foi feito em %2)</translation>
    </message>
    <message>
        <source>%1 — the source could not be read: %2</source>
        <translation>%1 — a origem não pôde ser lida: %2</translation>
    </message>
    <message>
        <source>Background service:</source>
        <translation>Serviço de Contingência:</translation>
    </message>
    <message>
        <source>Current step:</source>
        <translation>Etapa atual:</translation>
    </message>
    <message>
        <source>Data age:</source>
        <translation>Idade dos dados:</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>Pasta de dados:</translation>
    </message>
    <message>
        <source>Destination 1</source>
        <translation>Pasta 1</translation>
    </message>
    <message>
        <source>Destination 2</source>
        <translation>Pasta 2</translation>
    </message>
    <message>
        <source>Destinations:</source>
        <translation>Destinos:</translation>
    </message>
    <message>
        <source>E-mail failed: %1</source>
        <translation>Falha no envio de e-mail: %1</translation>
    </message>
    <message>
        <source>E-mail:</source>
        <translation>E-mail:</translation>
    </message>
    <message>
        <source>Last backup:</source>
        <translation>Último backup:</translation>
    </message>
    <message>
        <source>Last check of the source:</source>
        <translation>Última verificação da origem:</translation>
    </message>
    <message>
        <source>Last good backup:</source>
        <translation>Último backup bom:</translation>
    </message>
    <message>
        <source>Last restore:</source>
        <translation>Última restauração:</translation>
    </message>
    <message>
        <source>Next backup:</source>
        <translation>Próximo backup:</translation>
    </message>
    <message>
        <source>Official&apos;s next backup:</source>
        <translation>Próximo backup do Oficial:</translation>
    </message>
    <message>
        <source>Start service</source>
        <translation>Iniciar serviço</translation>
    </message>
    <message>
        <source>Starting...</source>
        <translation>Iniciando...</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Estado:</translation>
    </message>
    <message>
        <source>Stop service</source>
        <translation>Parar serviço</translation>
    </message>
    <message>
        <source>Stopping...</source>
        <translation>Parando...</translation>
    </message>
    <message>
        <source>Summary:</source>
        <translation>Resumo:</translation>
    </message>
    <message>
        <source>This machine:</source>
        <translation>Esta máquina:</translation>
    </message>
    <message>
        <source>at %1</source>
        <translation>às %1</translation>
    </message>
    <message>
        <source>late by %1</source>
        <translation>atrasado %1</translation>
    </message>
    <message>
        <source>next run: %1</source>
        <translation>próxima execução: %1</translation>
    </message>
    <message>
        <source>no backup yet</source>
        <translation>nenhum backup ainda</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>nenhum ainda</translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation>ainda não verificada</translation>
    </message>
    <message>
        <source>not known yet (no backup of the official read)</source>
        <translation>ainda não se sabe (nenhum backup do Oficial lido)</translation>
    </message>
    <message>
        <source>not known yet (the service plans it)</source>
        <translation>ainda não se sabe (o serviço o agenda)</translation>
    </message>
    <message>
        <source>not running (cycles run only from this window or the command line)</source>
        <translation>parado (os ciclos só rodam por esta janela ou pela linha de comando)</translation>
    </message>
    <message>
        <source>nothing running</source>
        <translation>nada em andamento</translation>
    </message>
    <message>
        <source>running (process %1)</source>
        <translation>em execução (processo %1)</translation>
    </message>
    <message>
        <source>the alert goes out at %1</source>
        <translation>o alerta sai às %1</translation>
    </message>
    <message>
        <source>took %1</source>
        <translation>levou %1</translation>
    </message>
    <message>
        <source>unknown (nothing restored yet)</source>
        <translation>desconhecida (nada restaurado ainda)</translation>
    </message>
    <message>
        <source>%1 e-mail(s) waiting to be sent again</source>
        <translation>%1 e-mail(s) aguardando novo envio</translation>
    </message>
    <message>
        <source>last e-mail sent at %1 (account %2)</source>
        <translation>último e-mail enviado em %1 (conta %2)</translation>
    </message>
    <message>
        <source>no account chosen: no e-mail is sent</source>
        <translation>nenhuma conta escolhida: nenhum e-mail é enviado</translation>
    </message>
    <message>
        <source>no e-mail sent yet (account %1)</source>
        <translation>nenhum e-mail enviado ainda (conta %1)</translation>
    </message>
    <message>
        <source>the last e-mail could not be sent at %1 (account %2): %3</source>
        <translation>o último e-mail não pôde ser enviado em %1 (conta %2): %3</translation>
    </message>
    <message>
        <source>Contingency servers:</source>
        <translation>Servidores de contingência:</translation>
    </message>
    <message>
        <source>Acknowledgement to the official:</source>
        <translation>Confirmação ao oficial:</translation>
    </message>
</context>
<context>
    <name>Core</name>
    <message>
        <source>%1 failed: %2 (tried %3 times).</source>
        <translation>%1 falhou: %2 (%3 tentativas).</translation>
    </message>
    <message>
        <source>%1 failed: %2.</source>
        <translation>%1 falhou: %2.</translation>
    </message>
    <message>
        <source>%1: %2 on the %3 server %4</source>
        <translation>%1: %2 no servidor %3 %4</translation>
    </message>
    <message>
        <source>Check that the %1 server is running and that host, port and the firewall let this machine in.</source>
        <translation>Verifique se o servidor %1 está ligado e se o host, a porta e o firewall deixam esta máquina entrar.</translation>
    </message>
    <message>
        <source>Check that the server is on, shares the folder, and that port %1 is open to this machine.</source>
        <translation>Verifique se o servidor está ligado, compartilha a pasta e se a porta %1 está aberta para esta máquina.</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>conectar</translation>
    </message>
    <message>
        <source>downloading %1</source>
        <translation>baixar %1</translation>
    </message>
    <message>
        <source>uploading %1</source>
        <translation>enviar %1</translation>
    </message>
    <message>
        <source>%1 is not a consistent SQLite copy: %2.</source>
        <translation>%1 não é uma cópia SQLite consistente: %2.</translation>
    </message>
    <message>
        <source>it is not a SQLite database</source>
        <translation>não é um banco SQLite</translation>
    </message>
    <message>
        <source>it is in WAL mode</source>
        <translation>está no modo WAL</translation>
    </message>
    <message>
        <source>its size is not a whole number of pages</source>
        <translation>seu tamanho não é um número inteiro de páginas</translation>
    </message>
    <message>
        <source>its length differs from the page count in its header</source>
        <translation>seu tamanho difere do número de páginas do seu cabeçalho</translation>
    </message>
    <message>
        <source>Only copies made by the backup step can be compared or patched.</source>
        <translation>Só cópias feitas pela etapa de backup podem ser comparadas ou atualizadas.</translation>
    </message>
    <message>
        <source>it is not a page delta</source>
        <translation>não é um delta de páginas</translation>
    </message>
    <message>
        <source>its header does not match its checksum</source>
        <translation>seu cabeçalho não confere com a soma de verificação</translation>
    </message>
    <message>
        <source>it has format version %1, this program reads %2</source>
        <translation>tem a versão de formato %1; este programa lê a %2</translation>
    </message>
    <message>
        <source>it has %1 bytes where its header announces %2</source>
        <translation>tem %1 bytes onde o cabeçalho anuncia %2</translation>
    </message>
    <message>
        <source>its page %1 is out of order or beyond the result</source>
        <translation>sua página %1 está fora de ordem ou além do fim do resultado</translation>
    </message>
    <message>
        <source>its pages do not match their checksum</source>
        <translation>suas páginas não conferem com a soma de verificação</translation>
    </message>
    <message>
        <source>pages the result needs are missing</source>
        <translation>faltam páginas de que o resultado precisa</translation>
    </message>
    <message>
        <source>it ends in the middle of a page</source>
        <translation>termina no meio de uma página</translation>
    </message>
    <message>
        <source>it has %1 pages, the delta's base %2</source>
        <translation>ela tem %1 páginas, a base do delta %2</translation>
    </message>
    <message>
        <source>its sha256 differs from the delta's base</source>
        <translation>seu sha256 difere do da base do delta</translation>
    </message>
    <message>
        <source>the result's sha256 differs from the official's copy</source>
        <translation>o sha256 do resultado difere do da cópia do oficial</translation>
    </message>
    <message>
        <source>The page size changed from %1 to %2 bytes.</source>
        <translation>O tamanho de página mudou de %1 para %2 bytes.</translation>
    </message>
    <message>
        <source>A page delta cannot carry that: a full bundle is needed.</source>
        <translation>Um delta de páginas não leva essa mudança: é preciso um pacote completo.</translation>
    </message>
    <message>
        <source>The delta %1 applies to another copy than %2: %3.</source>
        <translation>O delta %1 se aplica a outra cópia, não a %2: %3.</translation>
    </message>
    <message>
        <source>Nothing was changed. The next full bundle brings this copy up to date.</source>
        <translation>Nada foi alterado. O próximo pacote completo atualiza esta cópia.</translation>
    </message>
    <message>
        <source>The delta %1 is damaged: %2.</source>
        <translation>O delta %1 está danificado: %2.</translation>
    </message>
    <message>
        <source>Nothing was changed; the delta is not applied.</source>
        <translation>Nada foi alterado; o delta não é aplicado.</translation>
    </message>
    <message>
        <source>The SQLite database %1 does not exist.</source>
        <translation>O banco SQLite %1 não existe.</translation>
    </message>
    <message>
        <source>Check database.path.</source>
        <translation>Confira database.path.</translation>
    </message>
    <message>
        <source>%1: %2 failed on %3: %4.</source>
        <translation>%1: %2 falhou em %3: %4.</translation>
    </message>
    <message>
        <source>%1: %2 failed: %3 does not exist.</source>
        <translation>%1: %2 falhou: %3 não existe.</translation>
    </message>
    <message>
        <source>%1: %2 failed: %3 is full.</source>
        <translation>%1: %2 falhou: %3 está cheio.</translation>
    </message>
    <message>
        <source>%1: %2 failed: %3 is read-only.</source>
        <translation>%1: %2 falhou: %3 é somente leitura.</translation>
    </message>
    <message>
        <source>%1: %2 failed: permission denied on %3.</source>
        <translation>%1: %2 falhou: permissão negada em %3.</translation>
    </message>
    <message>
        <source>%1: the folder %2 does not exist or is not reachable.</source>
        <translation>%1: a pasta %2 não existe ou não está acessível.</translation>
    </message>
    <message>
        <source>Check the folder path, and that the share is reachable from this machine.</source>
        <translation>Confira o caminho da pasta e se o compartilhamento é acessível desta máquina.</translation>
    </message>
    <message>
        <source>Check the path; for a shared folder, that the official server is on and shares it.</source>
        <translation>Confira o caminho; para uma pasta compartilhada, se o servidor Oficial está ligado e a compartilha.</translation>
    </message>
    <message>
        <source>Free space there or lower the number of bundles kept.</source>
        <translation>Libere espaço lá ou diminua o número de backups mantidos.</translation>
    </message>
    <message>
        <source>Give the service account read and write rights to the folder.</source>
        <translation>Dê à conta do serviço direitos de leitura e gravação na pasta.</translation>
    </message>
    <message>
        <source>Give the service account write rights to the folder.</source>
        <translation>Dê à conta do serviço direito de gravação na pasta.</translation>
    </message>
    <message>
        <source>listing the folder</source>
        <translation>listar a pasta</translation>
    </message>
    <message>
        <source>copying %1</source>
        <translation>copiar %1</translation>
    </message>
    <message>
        <source>reading %1</source>
        <translation>ler %1</translation>
    </message>
    <message>
        <source>writing %1</source>
        <translation>gravar %1</translation>
    </message>
    <message>
        <source>creating %1</source>
        <translation>criar %1</translation>
    </message>
    <message>
        <source>removing %1</source>
        <translation>remover %1</translation>
    </message>
    <message>
        <source>%1 comes from another official: %2; this contingency restores %3. It was not restored.</source>
        <translation>%1 vem de outro oficial: %2; esta contingência restaura %3. Não foi restaurado.</translation>
    </message>
    <message>
        <source>%1 did not answer within %2 s.</source>
        <translation>%1 não respondeu em %2 s.</translation>
    </message>
    <message>
        <source>%1 holds a database of %2 MB, %3% smaller than the last one restored (%4 MB); database.shrink_limit_pct allows %5%. The standby keeps its data.</source>
        <translation>%1 contém um banco de %2 MB, %3% menor que o último restaurado (%4 MB); database.shrink_limit_pct permite %5%. A contingência mantém seus dados.</translation>
    </message>
    <message>
        <source>%1 is encrypted and no passphrase is configured on this machine.</source>
        <translation>%1 está criptografado e nenhuma frase-senha está configurada nesta máquina.</translation>
    </message>
    <message>
        <source>%1 is still blocked since an earlier check.</source>
        <translation>%1 continua travado desde uma verificação anterior.</translation>
    </message>
    <message>
        <source>%1: its manifest does not match the marker (%2).</source>
        <translation>%1: o manifesto não confere com o marcador (%2).</translation>
    </message>
    <message>
        <source>A hung network mount or share: check the link to the official.</source>
        <translation>Uma pasta de rede ou compartilhamento travado: verifique a ligação com o oficial.</translation>
    </message>
    <message>
        <source>A hung network mount or share: check the link to the official; the next check tries again.</source>
        <translation>Uma pasta de rede ou compartilhamento travado: verifique a ligação com o oficial; a próxima verificação tenta de novo.</translation>
    </message>
    <message>
        <source>If the official was reinstalled or replaced on purpose, accept it with &apos;contingencia accept&apos; (or Aceitar mesmo assim in the window&apos;s Estado tab); otherwise point contingency.source at this store&apos;s folder.</source>
        <translation>Se o oficial foi reinstalado ou substituído de propósito, aceite com &apos;contingencia accept&apos; (ou Aceitar mesmo assim na aba Estado da janela); senão, aponte contingency.source para a pasta desta loja.</translation>
    </message>
    <message>
        <source>If the official&apos;s database really shrank, accept it with &apos;contingencia accept&apos; (or Aceitar mesmo assim in the window&apos;s Estado tab).</source>
        <translation>Se o banco do oficial realmente diminuiu, aceite com &apos;contingencia accept&apos; (ou Aceitar mesmo assim na aba Estado da janela).</translation>
    </message>
    <message>
        <source>It may have been tampered with; it will not be restored.</source>
        <translation>Pode ter sido adulterado; não será restaurado.</translation>
    </message>
    <message>
        <source>Nothing was published: the contingency keeps its data. Check the official&apos;s database file (a failed disk or a botched copy).</source>
        <translation>Nada foi publicado: a contingência mantém seus dados. Verifique o arquivo do banco do oficial (um disco com defeito ou uma cópia malfeita).</translation>
    </message>
    <message>
        <source>Nothing was published: the contingency keeps its data. If the database really shrank, publish it once with &apos;contingencia backup-now --accept-smaller&apos;.</source>
        <translation>Nada foi publicado: a contingência mantém seus dados. Se o banco realmente diminuiu, publique uma vez com &apos;contingencia backup-now --accept-smaller&apos;.</translation>
    </message>
    <message>
        <source>Set contingency.encryption_passphrase to the official&apos;s passphrase; the next check retries by itself.</source>
        <translation>Configure contingency.encryption_passphrase com a frase-senha do oficial; a próxima verificação tenta de novo sozinha.</translation>
    </message>
    <message>
        <source>The SQLite database %1 is empty (no tables).</source>
        <translation>O banco SQLite %1 está vazio (nenhuma tabela).</translation>
    </message>
    <message>
        <source>The backup of %1 is %2 MB, %3% smaller than the last one published (%4 MB); database.shrink_limit_pct allows %5%.</source>
        <translation>O backup de %1 tem %2 MB, %3% menor que o último publicado (%4 MB); database.shrink_limit_pct permite %5%.</translation>
    </message>
    <message>
        <source>The bundle cannot be opened here.</source>
        <translation>O pacote não pode ser aberto aqui.</translation>
    </message>
    <message>
        <source>The bundle is not blamed: free space there or set contingency.temp_folder to a bigger disk; the next check retries.</source>
        <translation>O pacote não é o culpado: libere espaço ali ou aponte contingency.temp_folder para um disco maior; a próxima verificação tenta de novo.</translation>
    </message>
    <message>
        <source>The bundle is not blamed; free space or fix the rights there, the next check retries.</source>
        <translation>O pacote não é o culpado; libere espaço ou corrija as permissões ali, a próxima verificação tenta de novo.</translation>
    </message>
    <message>
        <source>This machine&apos;s folder %1 %2.</source>
        <translation>A pasta %1 desta máquina %2.</translation>
    </message>
    <message>
        <source>This machine&apos;s temporary folder %1 has %2 MB free; %3 needs %4 MB.</source>
        <translation>A pasta temporária %1 desta máquina tem %2 MB livres; %3 precisa de %4 MB.</translation>
    </message>
    <message>
        <source>database &apos;%1&apos; (%2, identity %3, from %4)</source>
        <translation>banco &apos;%1&apos; (%2, identidade %3, de %4)</translation>
    </message>
    <message>
        <source>extracting %1</source>
        <translation>extrair %1</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>falhou: %1</translation>
    </message>
    <message>
        <source>is full</source>
        <translation>está cheia</translation>
    </message>
    <message>
        <source>is not writable by this account</source>
        <translation>não pode ser gravada por esta conta</translation>
    </message>
    <message>
        <source>is read-only</source>
        <translation>é somente leitura</translation>
    </message>
    <message>
        <source>receiving %1</source>
        <translation>receber %1</translation>
    </message>
    <message>
        <source>%1 (%2 MB) published to %3 destination(s).</source>
        <translation>%1 (%2 MB) publicado em %3 destino(s).</translation>
    </message>
    <message>
        <source>%1 did not receive the backup.</source>
        <translation>%1 não recebeu o backup.</translation>
    </message>
    <message>
        <source>%1 published to %2 of %3 destinations.</source>
        <translation>%1 publicado em %2 de %3 destinos.</translation>
    </message>
    <message>
        <source>%1 receives backups again.</source>
        <translation>%1 voltou a receber backups.</translation>
    </message>
    <message>
        <source>%1, %2 tables</source>
        <translation>%1, %2 tabelas</translation>
    </message>
    <message>
        <source>amcheck ok (heap and %1 B-tree indexes)</source>
        <translation>amcheck ok (heap e %1 índices B-tree)</translation>
    </message>
    <message>
        <source>every row read (%1 rows)</source>
        <translation>todas as linhas lidas (%1 linhas)</translation>
    </message>
    <message>
        <source>CHECKDB ok, %1 tables</source>
        <translation>CHECKDB ok, %1 tabelas</translation>
    </message>
    <message>
        <source>pg_verifybackup ok, %1, standby at %2</source>
        <translation>pg_verifybackup ok, %1, standby em %2</translation>
    </message>
    <message>
        <source>%1 ok, %2 tables</source>
        <translation>%1 ok, %2 tabelas</translation>
    </message>
    <message>
        <source>%1 ok</source>
        <translation>%1 ok</translation>
    </message>
    <message>
        <source>log %1-%2 restored WITH STANDBY</source>
        <translation>log %1-%2 restaurado WITH STANDBY</translation>
    </message>
    <message>
        <source>log up to %1 already restored</source>
        <translation>log até %1 já restaurado</translation>
    </message>
    <message>
        <source>%1 WAL segment(s) replayed up to %2</source>
        <translation>%1 segmento(s) de WAL aplicados até %2</translation>
    </message>
    <message>
        <source>checked before an interrupted swap</source>
        <translation>verificado antes de uma troca interrompida</translation>
    </message>
    <message>
        <source>%1 restored into %2 (%3).</source>
        <translation>%1 restaurado em %2 (%3).</translation>
    </message>
    <message>
        <source>Backup published to some destinations only.</source>
        <translation>Backup publicado só em alguns destinos.</translation>
    </message>
    <message>
        <source>Backup published.</source>
        <translation>Backup publicado.</translation>
    </message>
    <message>
        <source>Backup restored.</source>
        <translation>Backup restaurado.</translation>
    </message>
    <message>
        <source>The backup failed.</source>
        <translation>O backup falhou.</translation>
    </message>
    <message>
        <source>The bundle %1 was rejected.</source>
        <translation>O pacote %1 foi rejeitado.</translation>
    </message>
    <message>
        <source>The official has published nothing for %1 minutes.</source>
        <translation>O Oficial não publica nada há %1 minutos.</translation>
    </message>
    <message>
        <source>The official publishes again.</source>
        <translation>O Oficial voltou a publicar.</translation>
    </message>
    <message>
        <source>The restore failed.</source>
        <translation>A restauração falhou.</translation>
    </message>
    <message>
        <source>The restore failed; the database keeps its previous data.</source>
        <translation>A restauração falhou; o banco mantém os dados anteriores.</translation>
    </message>
    <message>
        <source>The source folder is reachable again.</source>
        <translation>A pasta de origem voltou a ficar acessível.</translation>
    </message>
    <message>
        <source>This server was replaced and stopped publishing.</source>
        <translation>Este servidor foi substituído e parou de publicar.</translation>
    </message>
    <message>
        <source>No destination received the backup.</source>
        <translation>Nenhum destino recebeu o backup.</translation>
    </message>
    <message>
        <source>folder %1</source>
        <translation>pasta %1</translation>
    </message>
    <message>
        <source>SQLite database %1</source>
        <translation>banco SQLite %1</translation>
    </message>
    <message>
        <source>%1: %2 tables, %3 bytes.</source>
        <translation>%1: %2 tabelas, %3 bytes.</translation>
    </message>
    <message>
        <source>%1 does not exist yet; the first restore creates it.</source>
        <translation>%1 ainda não existe; a primeira restauração a cria.</translation>
    </message>
    <message>
        <source>A cycle is running on %1 (it repairs and checks it first): test the connection again once it ends.</source>
        <translation>Um ciclo está em andamento em %1 (ele o repara e verifica antes): teste a conexão de novo quando ele terminar.</translation>
    </message>
    <message>
        <source>%1 has epoch %2, lower than %3: it comes from a server that was replaced (split-brain guard).</source>
        <translation>%1 tem época %2, menor que %3: vem de um servidor que foi substituído (proteção contra dois oficiais).</translation>
    </message>
    <message>
        <source>%1 was rejected and will not be restored.</source>
        <translation>%1 foi rejeitado e não será restaurado.</translation>
    </message>
    <message>
        <source>%1: %2 did not return what was written.</source>
        <translation>%1: %2 não devolveu o que foi gravado.</translation>
    </message>
    <message>
        <source>%1: %2 is reachable (%3 files).</source>
        <translation>%1: %2 está acessível (%3 arquivos).</translation>
    </message>
    <message>
        <source>%1: %2 is reachable and writable (%3 files).</source>
        <translation>%1: %2 está acessível e permite gravação (%3 arquivos).</translation>
    </message>
    <message>
        <source>Check the folder&apos;s permissions and free space.</source>
        <translation>Verifique as permissões da pasta e o espaço livre.</translation>
    </message>
    <message>
        <source>Configure this machine as a contingency of the new official, or promote it again on purpose.</source>
        <translation>Configure esta máquina como contingência do novo Oficial ou promova-a de novo de propósito.</translation>
    </message>
    <message>
        <source>This server was replaced by %1 at %2 (epoch %3); it no longer publishes backups.</source>
        <translation>Este servidor foi substituído por %1 em %2 (época %3); ele não publica mais backups.</translation>
    </message>
    <message>
        <source>SQL Server failed while %1: %2.</source>
        <translation>O SQL Server falhou ao %1: %2.</translation>
    </message>
    <message>
        <source>See the message above and the SQL Server error log.</source>
        <translation>Veja a mensagem acima e o log de erros do SQL Server.</translation>
    </message>
    <message>
        <source>The ODBC driver named in the connection is not installed on this machine: install 'ODBC Driver 18 for SQL Server', or name an installed driver in database.driver.</source>
        <translation>O driver ODBC indicado na conexão não está instalado nesta máquina: instale o 'ODBC Driver 18 for SQL Server' ou indique um driver instalado em database.driver.</translation>
    </message>
    <message>
        <source>The login has no user in database %1 (a restored database keeps the users of the server it came from): map its users to this server's logins (database.login_map) or check the login's rights.</source>
        <translation>O login não tem usuário no banco %1 (um banco restaurado mantém os usuários do servidor de onde veio): associe os usuários aos logins deste servidor (database.login_map) ou verifique as permissões do login.</translation>
    </message>
    <message>
        <source>A database with the same name already exists (a copy left by an interrupted restore): the next cycle drops it; if it stays, drop it in SQL Server Management Studio.</source>
        <translation>Já existe um banco com o mesmo nome (uma cópia deixada por uma restauração interrompida): o próximo ciclo a remove; se continuar, remova-a no SQL Server Management Studio.</translation>
    </message>
    <message>
        <source>SQL Server Express allows at most 10 GB of data per database: this backup does not fit; use an edition without that limit (Standard, Developer) on this server.</source>
        <translation>O SQL Server Express permite no máximo 10 GB de dados por banco: este backup não cabe; use neste servidor uma edição sem esse limite (Standard, Developer).</translation>
    </message>
    <message>
        <source>A file the restore needs is in use by another database: drop the leftover copy (%1__old or %1__staging) or choose another database.data_folder.</source>
        <translation>Um arquivo de que a restauração precisa está em uso por outro banco: remova a cópia que sobrou (%1__old ou %1__staging) ou escolha outra database.data_folder.</translation>
    </message>
    <message>
        <source>Other programs are connected to %1: close them (on a contingency the application must stay closed), or set database.busy_policy to wait.</source>
        <translation>Há programas conectados a %1: feche-os (numa contingência o aplicativo deve ficar fechado) ou defina database.busy_policy como wait.</translation>
    </message>
    <message>
        <source>The backup holds another database than %1: configure the same database.name here as on the official server.</source>
        <translation>O backup contém outro banco, não %1: configure aqui o mesmo database.name do servidor oficial.</translation>
    </message>
    <message>
        <source>The backup was made by a newer SQL Server than this one: upgrade this SQL Server to at least the official server's version.</source>
        <translation>O backup foi feito por um SQL Server mais novo que este: atualize este SQL Server para pelo menos a versão do servidor oficial.</translation>
    </message>
    <message>
        <source>SQL Server could not open the backup file: its service account (for example NT Service\MSSQL$SQLEXPRESS) needs read and write rights on %2, and the folder must be on the SQL Server machine or on a share it reaches (database.shared_folder).</source>
        <translation>O SQL Server não conseguiu abrir o arquivo de backup: a conta de serviço dele (por exemplo NT Service\MSSQL$SQLEXPRESS) precisa de permissão de leitura e gravação em %2, e a pasta deve estar na máquina do SQL Server ou num compartilhamento que ele alcance (database.shared_folder).</translation>
    </message>
    <message>
        <source>There is not enough free disk space for the restored copy in %2: free space on that disk or choose another database.data_folder.</source>
        <translation>Não há espaço livre suficiente em disco para a cópia restaurada em %2: libere espaço nesse disco ou escolha outra database.data_folder.</translation>
    </message>
    <message>
        <source>The database is still in use: close the programs connected to it; the next cycle tries again.</source>
        <translation>O banco ainda está em uso: feche os programas conectados a ele; o próximo ciclo tenta de novo.</translation>
    </message>
    <message>
        <source>Database %1 does not exist on this server or the login may not open it: check database.name and the login's rights.</source>
        <translation>O banco %1 não existe neste servidor ou o login não pode abri-lo: verifique database.name e as permissões do login.</translation>
    </message>
    <message>
        <source>The login's default database cannot be opened: set the login's default database to master (ALTER LOGIN ... WITH DEFAULT_DATABASE = master).</source>
        <translation>O banco padrão do login não pode ser aberto: defina master como banco padrão do login (ALTER LOGIN ... WITH DEFAULT_DATABASE = master).</translation>
    </message>
    <message>
        <source>Another connection holds database %1, so it could not be renamed: the live database was put back as it was; close the programs connected to it; the next cycle tries again.</source>
        <translation>Outra conexão está usando o banco %1, por isso ele não pôde ser renomeado: o banco em uso foi deixado como estava; feche os programas conectados a ele; o próximo ciclo tenta de novo.</translation>
    </message>
    <message>
        <source>Database %1 is in single-user mode and another session holds it: end that session (KILL in SQL Server Management Studio); the next cycle sets the database back to MULTI_USER.</source>
        <translation>O banco %1 está em modo de usuário único e outra sessão o ocupa: encerre essa sessão (KILL no SQL Server Management Studio); o próximo ciclo volta o banco para MULTI_USER.</translation>
    </message>
    <message>
        <source>The SQL Server service account may not write the database files in %2: give it Modify rights on that folder (database.data_folder).</source>
        <translation>A conta de serviço do SQL Server não pode gravar os arquivos do banco em %2: dê a ela permissão de Modificar nessa pasta (database.data_folder).</translation>
    </message>
    <message>
        <source>The folder %2 does not exist or the SQL Server service account cannot reach it: create it on the SQL Server machine and give that account Modify rights (database.data_folder).</source>
        <translation>A pasta %2 não existe ou a conta de serviço do SQL Server não a alcança: crie-a na máquina do SQL Server e dê a essa conta permissão de Modificar (database.data_folder).</translation>
    </message>
    <message>
        <source>The transaction log of %1 is full: free disk space on the log's disk, or let the log grow (a promoted server without log backups should use the SIMPLE recovery model).</source>
        <translation>O log de transações de %1 está cheio: libere espaço no disco do log ou deixe o log crescer (um servidor promovido sem backups de log deve usar o modelo de recuperação SIMPLE).</translation>
    </message>
    <message>
        <source>SQL Server refused the login: check database.auth, database.user and the saved password, and that the server accepts SQL Server authentication (SQL Server and Windows Authentication mode).</source>
        <translation>O SQL Server recusou o login: verifique database.auth, database.user e a senha salva, e se o servidor aceita autenticação do SQL Server (modo SQL Server e Autenticação do Windows).</translation>
    </message>
    <message>
        <source>Cannot connect to SQL Server %1 (database %2): %3.</source>
        <translation>Não foi possível conectar ao SQL Server %1 (banco %2): %3.</translation>
    </message>
    <message>
        <source>Official</source>
        <translation>Oficial</translation>
    </message>
    <message>
        <source>Contingency</source>
        <translation>Contingência</translation>
    </message>
    <message>
        <source>backup completed</source>
        <translation>backup concluído</translation>
    </message>
    <message>
        <source>backup failed</source>
        <translation>backup falhou</translation>
    </message>
    <message>
        <source>destination unreachable</source>
        <translation>destino inacessível</translation>
    </message>
    <message>
        <source>restore completed</source>
        <translation>restauração concluída</translation>
    </message>
    <message>
        <source>restore failed</source>
        <translation>restauração falhou</translation>
    </message>
    <message>
        <source>backup rejected</source>
        <translation>backup rejeitado</translation>
    </message>
    <message>
        <source>official server silent</source>
        <translation>servidor oficial em silêncio</translation>
    </message>
    <message>
        <source>service started</source>
        <translation>serviço iniciado</translation>
    </message>
    <message>
        <source>service stopped</source>
        <translation>serviço parado</translation>
    </message>
    <message>
        <source>promotion completed</source>
        <translation>promoção concluída</translation>
    </message>
    <message>
        <source>destination 1 unreachable</source>
        <translation>destino 1 inacessível</translation>
    </message>
    <message>
        <source>destination 2 unreachable</source>
        <translation>destino 2 inacessível</translation>
    </message>
    <message>
        <source>official's folder unreachable</source>
        <translation>pasta do oficial inacessível</translation>
    </message>
    <message>
        <source>server replaced, backups stopped</source>
        <translation>servidor substituído, backups parados</translation>
    </message>
    <message>
        <source>Read the error above and the log; check that the database and the work folder are reachable, then run 'contingencia backup-now' to confirm.</source>
        <translation>Leia o erro acima e o log; verifique se o banco de dados e a pasta de trabalho estão acessíveis e rode 'contingencia backup-now' para confirmar.</translation>
    </message>
    <message>
        <source>A contingency server was promoted in this server's place. Do not publish from here again unless this machine becomes the official on purpose.</source>
        <translation>Um servidor de contingência foi promovido no lugar deste. Não volte a publicar daqui, a menos que esta máquina volte a ser a oficial de propósito.</translation>
    </message>
    <message>
        <source>Check that the destination folder or FTP server is on and writable by the service account; the other destination keeps receiving backups.</source>
        <translation>Verifique se a pasta de destino ou o servidor FTP está ligado e com escrita liberada para a conta do serviço; o outro destino continua recebendo backups.</translation>
    </message>
    <message>
        <source>Check from this machine that the official's shared folder or FTP server is reachable with the configured user.</source>
        <translation>Verifique, desta máquina, se a pasta compartilhada ou o FTP do oficial está acessível com o usuário configurado.</translation>
    </message>
    <message>
        <source>The contingency database keeps its previous data. Read the error and the log; the next check tries again.</source>
        <translation>O banco de contingência mantém os dados anteriores. Leia o erro e o log; a próxima verificação tenta de novo.</translation>
    </message>
    <message>
        <source>The backup failed verification and was not restored. Check the official's disk and the transfer; the next backup will be tried.</source>
        <translation>O backup não passou na verificação e não foi restaurado. Verifique o disco do oficial e a transferência; o próximo backup será tentado.</translation>
    </message>
    <message>
        <source>The official server stopped publishing backups. Check whether it is running; if it is down, promote this server with the Assistente.</source>
        <translation>O servidor oficial parou de publicar backups. Verifique se ele está funcionando; se estiver fora do ar, promova este servidor pelo Assistente.</translation>
    </message>
    <message>
        <source>If this was not planned, start the service again.</source>
        <translation>Se não foi planejado, inicie o serviço de novo.</translation>
    </message>
    <message>
        <source>Check that the stores reach this server, then configure its backups.</source>
        <translation>Verifique se as lojas chegam a este servidor e configure os backups dele.</translation>
    </message>
    <message>
        <source>Nothing to do.</source>
        <translation>Nada a fazer.</translation>
    </message>
    <message>
        <source>Nothing to do: the problem has cleared.</source>
        <translation>Nada a fazer: o problema foi resolvido.</translation>
    </message>
    <message>
        <source>Sent by %1 on %2. Choose the account and the events in the settings window, under E-mail notifications.</source>
        <translation>Enviado pelo %1 em %2. Escolha a conta e os eventos na janela de configuração, em Notificações por e-mail.</translation>
    </message>
    <message>
        <source>daily summary</source>
        <translation>resumo diário</translation>
    </message>
    <message>
        <source>This is a test message from %1 on %2.</source>
        <translation>Esta é uma mensagem de teste do %1 em %2.</translation>
    </message>
    <message>
        <source>If you can read it, the account "%1" can send notifications to %2.</source>
        <translation>Se você pode lê-la, a conta "%1" consegue enviar notificações para %2.</translation>
    </message>
    <message>
        <source>test message</source>
        <translation>mensagem de teste</translation>
    </message>
    <message>
        <source>reminder: for %1</source>
        <translation>lembrete: há %1</translation>
    </message>
    <message>
        <source>recovered after %1</source>
        <translation>resolvido após %1</translation>
    </message>
    <message>
        <source>Last restored backup: none yet</source>
        <translation>Último backup restaurado: nenhum ainda</translation>
    </message>
    <message>
        <source>Last restored backup: %1 (created %2)</source>
        <translation>Último backup restaurado: %1 (criado em %2)</translation>
    </message>
    <message>
        <source>Data age: %1</source>
        <translation>Idade dos dados: %1</translation>
    </message>
    <message>
        <source>Last good backup: none yet</source>
        <translation>Último backup bom: nenhum ainda</translation>
    </message>
    <message>
        <source>Last good backup: %1 at %2</source>
        <translation>Último backup bom: %1 em %2</translation>
    </message>
    <message>
        <source>Machine: %1</source>
        <translation>Máquina: %1</translation>
    </message>
    <message>
        <source>Mode: %1</source>
        <translation>Modo: %1</translation>
    </message>
    <message>
        <source>When: %1</source>
        <translation>Quando: %1</translation>
    </message>
    <message>
        <source>Event: %1</source>
        <translation>Evento: %1</translation>
    </message>
    <message>
        <source>Problem since: %1 (%2 occurrences)</source>
        <translation>Problema desde: %1 (%2 ocorrências)</translation>
    </message>
    <message>
        <source>Recovered after: %1</source>
        <translation>Resolvido após: %1</translation>
    </message>
    <message>
        <source>What happened: %1</source>
        <translation>O que aconteceu: %1</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>Detalhes: %1</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Erro: %1</translation>
    </message>
    <message>
        <source>Bundle: %1</source>
        <translation>Arquivo: %1</translation>
    </message>
    <message>
        <source>What to do: %1</source>
        <translation>O que fazer: %1</translation>
    </message>
    <message>
        <source>Daily summary of the last 24 hours</source>
        <translation>Resumo diário das últimas 24 horas</translation>
    </message>
    <message>
        <source>Backup runs: %1</source>
        <translation>Execuções de backup: %1</translation>
    </message>
    <message>
        <source>Backup runs: none</source>
        <translation>Execuções de backup: nenhuma</translation>
    </message>
    <message>
        <source>Restore runs: %1</source>
        <translation>Execuções de restauração: %1</translation>
    </message>
    <message>
        <source>Restore runs: none</source>
        <translation>Execuções de restauração: nenhuma</translation>
    </message>
    <message>
        <source>Last backup: %1, %2 at %3</source>
        <translation>Último backup: %1, %2 em %3</translation>
    </message>
    <message>
        <source>Last restore: %1, %2 at %3</source>
        <translation>Última restauração: %1, %2 em %3</translation>
    </message>
    <message>
        <source>Open problems:</source>
        <translation>Problemas em aberto:</translation>
    </message>
    <message>
        <source>Open problems: none</source>
        <translation>Problemas em aberto: nenhum</translation>
    </message>
    <message>
        <source>%1 belongs to another chain</source>
        <translation>%1 pertence a outra cadeia</translation>
    </message>
    <message>
        <source>%1 does not say what the marker says of its chain</source>
        <translation>%1 não diz da sua cadeia o que o marcador diz</translation>
    </message>
    <message>
        <source>%1 increment(s) applied, %2</source>
        <translation>%1 incremento(s) aplicado(s), %2</translation>
    </message>
    <message>
        <source>%1 of %2 pages changed</source>
        <translation>%1 de %2 páginas mudaram</translation>
    </message>
    <message>
        <source>%1, which the chain needs, is not in the source folder</source>
        <translation>%1, de que a cadeia precisa, não está na pasta de origem</translation>
    </message>
    <message>
        <source>The chain of incremental bundles cannot be followed here: %1. This contingency keeps its data and waits for the next full bundle.</source>
        <translation>A cadeia de pacotes incrementais não pode ser seguida aqui: %1. Esta contingência mantém seus dados e aguarda o próximo pacote completo.</translation>
    </message>
    <message>
        <source>The live database keeps its previous data; the next full bundle replaces it.</source>
        <translation>O banco em uso mantém os dados anteriores; o próximo pacote completo o substitui.</translation>
    </message>
    <message>
        <source>The official publishes one on its schedule, or at once with 'contingencia backup-now --full'.</source>
        <translation>O oficial publica um no seu horário, ou na hora com 'contingencia backup-now --full'.</translation>
    </message>
    <message>
        <source>The patched copy failed PRAGMA %1: %2; it was rolled back.</source>
        <translation>A cópia atualizada falhou no PRAGMA %1: %2; ela foi revertida.</translation>
    </message>
    <message>
        <source>Waiting for the next full bundle: %1</source>
        <translation>Aguardando o próximo pacote completo: %1</translation>
    </message>
    <message>
        <source>a full bundle was asked for</source>
        <translation>um pacote completo foi pedido</translation>
    </message>
    <message>
        <source>a new line of sequences or a new epoch starts a chain</source>
        <translation>uma nova linha de sequências ou uma nova época começa uma cadeia</translation>
    </message>
    <message>
        <source>incremental bundles are off</source>
        <translation>os pacotes incrementais estão desligados</translation>
    </message>
    <message>
        <source>it has %1 pages of %2 bytes, the delta's base %3 of %4</source>
        <translation>ela tem %1 páginas de %2 bytes, a base do delta %3 de %4</translation>
    </message>
    <message>
        <source>it is the official's copy %1, the delta's base is %2</source>
        <translation>ela é a cópia %1 do oficial, a base do delta é %2</translation>
    </message>
    <message>
        <source>it was changed on this machine since the last restore</source>
        <translation>ela foi alterada nesta máquina desde a última restauração</translation>
    </message>
    <message>
        <source>more than %1 bundles behind</source>
        <translation>mais de %1 pacotes atrás</translation>
    </message>
    <message>
        <source>no published copy is kept to compare with</source>
        <translation>nenhuma cópia publicada está guardada para comparar</translation>
    </message>
    <message>
        <source>the copy here is not the base of %1</source>
        <translation>a cópia daqui não é a base de %1</translation>
    </message>
    <message>
        <source>the kept copy is not the one last published</source>
        <translation>a cópia guardada não é a última publicada</translation>
    </message>
    <message>
        <source>The kept copy cannot be the increment's base: %1.</source>
        <translation>A cópia guardada não pode ser a base do incremento: %1.</translation>
    </message>
    <message>
        <source>A full bundle is published instead.</source>
        <translation>Um pacote completo é publicado em seu lugar.</translation>
    </message>
    <message>
        <source>the page hashes of the kept copy are damaged</source>
        <translation>os hashes das páginas da cópia guardada estão danificados</translation>
    </message>
    <message>
        <source>a program committed between the steps of every read</source>
        <translation>um programa gravou entre as etapas de cada leitura</translation>
    </message>
    <message>
        <source>its write-ahead log could not be checkpointed (a program keeps reading an older state, or commits without a pause)</source>
        <translation>o seu log de escrita antecipada (WAL) não pôde ser transferido para o arquivo (um programa continua lendo um estado anterior, ou grava sem pausa)</translation>
    </message>
    <message>
        <source>the database cannot be read now: %1</source>
        <translation>o banco de dados não pode ser lido agora: %1</translation>
    </message>
    <message>
        <source>the database file is shorter than its header says</source>
        <translation>o arquivo do banco de dados é menor do que o seu cabeçalho diz</translation>
    </message>
    <message>
        <source>page %1 of the kept copy is not the one last published</source>
        <translation>a página %1 da cópia guardada não é a última publicada</translation>
    </message>
    <message>
        <source>the pages it changes are not the official's base pages</source>
        <translation>as páginas que ele muda não são as páginas da base do oficial</translation>
    </message>
    <message>
        <source>the schedule's full bundle is due</source>
        <translation>chegou a hora do pacote completo do agendamento</translation>
    </message>
    <message>
        <source>this machine does not know what its copy is</source>
        <translation>esta máquina não sabe o que é a sua cópia</translation>
    </message>
    <message>
        <source>e-mail account '%1'</source>
        <translation>conta de e-mail '%1'</translation>
    </message>
    <message>
        <source>e-mail account</source>
        <translation>conta de e-mail</translation>
    </message>
    <message>
        <source>The SMTP server %1 refused the user '%2' and its password (%3 %4). Check the user and password of the %5.</source>
        <translation>O servidor SMTP %1 recusou o usuário '%2' e a senha (%3 %4). Verifique o usuário e a senha da %5.</translation>
    </message>
    <message>
        <source>The SMTP server %1 refused the recipient(s) %2. Check the recipients of the %3.</source>
        <translation>O servidor SMTP %1 recusou o(s) destinatário(s) %2. Verifique os destinatários da %3.</translation>
    </message>
    <message>
        <source>The SMTP server %1 refused the sender %2 (%3 %4). Use a sender address the server accepts for this user.</source>
        <translation>O servidor SMTP %1 recusou o remetente %2 (%3 %4). Use um endereço de remetente que o servidor aceite para este usuário.</translation>
    </message>
    <message>
        <source>The SMTP server %1 cannot be used as the %2 is set: %3. Check the security setting (many servers allow login only after STARTTLS or SSL) and the port.</source>
        <translation>O servidor SMTP %1 não pode ser usado como a %2 está configurada: %3. Verifique a segurança (muitos servidores só aceitam login depois de STARTTLS ou SSL) e a porta.</translation>
    </message>
    <message>
        <source>The SMTP server %1 answered %2 %3.</source>
        <translation>O servidor SMTP %1 respondeu %2 %3.</translation>
    </message>
    <message>
        <source>The SMTP server %1 closed the connection (%2). Check the port and the security setting: SSL usually uses port 465, STARTTLS 587.</source>
        <translation>O servidor SMTP %1 fechou a conexão (%2). Verifique a porta e a segurança: SSL costuma usar a porta 465, STARTTLS a 587.</translation>
    </message>
    <message>
        <source>TLS failure with %1: the server's certificate is not trusted (%2). Check the host name, or install the certificate's CA.</source>
        <translation>Falha de TLS com %1: o certificado do servidor não é confiável (%2). Verifique o nome do servidor ou instale a CA do certificado.</translation>
    </message>
    <message>
        <source>TLS failure with %1 (%2). Check the security setting: SSL usually uses port 465, STARTTLS port 587.</source>
        <translation>Falha de TLS com %1 (%2). Verifique a segurança: SSL costuma usar a porta 465, STARTTLS a porta 587.</translation>
    </message>
    <message>
        <source>Connection refused by %1. Check the SMTP server's name and port, and that it is running.</source>
        <translation>Conexão recusada por %1. Verifique o nome e a porta do servidor SMTP e se ele está funcionando.</translation>
    </message>
    <message>
        <source>The SMTP server name '%1' could not be found (%2). Check the name.</source>
        <translation>O nome do servidor SMTP '%1' não foi encontrado (%2). Verifique o nome.</translation>
    </message>
    <message>
        <source>No answer from the SMTP server %1 within %2 s. Check the name, port and firewall.</source>
        <translation>Sem resposta do servidor SMTP %1 em %2 s. Verifique o nome, a porta e o firewall.</translation>
    </message>
    <message>
        <source>The %1 has characters the SMTP server cannot take (%2).</source>
        <translation>A %1 tem caracteres que o servidor SMTP não aceita (%2).</translation>
    </message>
    <message>
        <source>Sending through the SMTP server %1 failed: %2.</source>
        <translation>O envio pelo servidor SMTP %1 falhou: %2.</translation>
    </message>
    <message>
        <source>The e-mail account '%1' has no SMTP server.</source>
        <translation>A conta de e-mail '%1' não tem servidor SMTP.</translation>
    </message>
    <message>
        <source>Give the server's host name or IP.</source>
        <translation>Informe o nome ou o IP do servidor.</translation>
    </message>
    <message>
        <source>The e-mail account '%1' has no recipient.</source>
        <translation>A conta de e-mail '%1' não tem destinatário.</translation>
    </message>
    <message>
        <source>Add at least one recipient address.</source>
        <translation>Adicione pelo menos um endereço de destinatário.</translation>
    </message>
    <message>
        <source>The e-mail account '%1' has no sender address.</source>
        <translation>A conta de e-mail '%1' não tem endereço de remetente.</translation>
    </message>
    <message>
        <source>Give the sender (or the user) address.</source>
        <translation>Informe o endereço do remetente (ou do usuário).</translation>
    </message>
    <message>
        <source>The e-mail account '%1' has the user '%2' but no password in the keyring.</source>
        <translation>A conta de e-mail '%1' tem o usuário '%2', mas nenhuma senha no chaveiro.</translation>
    </message>
    <message>
        <source>Enter the password again in the account's settings.</source>
        <translation>Digite a senha de novo na configuração da conta.</translation>
    </message>
    <message>
        <source>contingency server behind</source>
        <translation>servidor de contingência atrasado</translation>
    </message>
    <message>
        <source>Check on the contingency server that its service runs, that it reaches this folder and what its status says; &apos;contingencia status&apos; here shows what each contingency acknowledged.</source>
        <translation>Verifique no servidor de contingência se o serviço está rodando, se ele chega a esta pasta e o que diz o estado dele; &apos;contingencia status&apos; aqui mostra o que cada contingência confirmou.</translation>
    </message>
    <message>
        <source>%1 in %2 was refused: %3.</source>
        <translation>%1 em %2 foi recusado: %3.</translation>
    </message>
    <message>
        <source>Contingency %1 (%2) has not acknowledged for %3 min.</source>
        <translation>A contingência %1 (%2) não confirma há %3 min.</translation>
    </message>
    <message>
        <source>Contingency %1 (%2) reports an error: %3</source>
        <translation>A contingência %1 (%2) relata um erro: %3</translation>
    </message>
    <message>
        <source>Contingency %1 (%2) is %3 min behind: it applied %4, the official has published %5 since.</source>
        <translation>A contingência %1 (%2) está %3 min atrasada: aplicou %4, e o oficial publicou %5 desde então.</translation>
    </message>
    <message>
        <source>Contingency %1 is not in sync.</source>
        <translation>A contingência %1 não está em dia.</translation>
    </message>
    <message>
        <source>Contingency %1 is back in sync: it applied %2.</source>
        <translation>A contingência %1 está em dia de novo: aplicou %2.</translation>
    </message>
    <message>
        <source>The bundle %1 is missing.</source>
        <translation>O pacote %1 não existe.</translation>
    </message>
    <message>
        <source>The bundle %1 has %2 bytes; the marker announced %3.</source>
        <translation>O pacote %1 tem %2 bytes; o marcador anunciou %3.</translation>
    </message>
    <message>
        <source>It is partial or was replaced; it will not be restored.</source>
        <translation>Está incompleto ou foi substituído; não será restaurado.</translation>
    </message>
    <message>
        <source>The manifest of %1 is incomplete.</source>
        <translation>O manifesto de %1 está incompleto.</translation>
    </message>
    <message>
        <source>The manifest of %1 has invalid fields: %2.</source>
        <translation>O manifesto de %1 tem campos inválidos: %2.</translation>
    </message>
    <message>
        <source>It was not made by Contingência or was tampered with; it will not be restored.</source>
        <translation>Não foi feito pelo Contingência ou foi adulterado; não será restaurado.</translation>
    </message>
    <message>
        <source>The bundle %1 has format %2, newer than this program reads.</source>
        <translation>O pacote %1 tem o formato %2, mais novo do que este programa lê.</translation>
    </message>
    <message>
        <source>Update Contingência on this machine to the official&apos;s version.</source>
        <translation>Atualize o Contingência nesta máquina para a versão do oficial.</translation>
    </message>
    <message>
        <source>The members of %1 do not match its manifest (unexpected: %2, missing: %3).</source>
        <translation>Os membros de %1 não correspondem ao manifesto (inesperados: %2, ausentes: %3).</translation>
    </message>
    <message>
        <source>The bundle has a member with an unsafe path: %1.</source>
        <translation>O pacote tem um membro com um caminho inseguro: %1.</translation>
    </message>
    <message>
        <source>It will not be extracted or restored.</source>
        <translation>Não será extraído nem restaurado.</translation>
    </message>
    <message>
        <source>The bundle has a member that is a link or a folder: %1.</source>
        <translation>O pacote tem um membro que é um link ou uma pasta: %1.</translation>
    </message>
    <message>
        <source>The member %1 says %2 bytes; the manifest declares %3.</source>
        <translation>O membro %1 diz ter %2 bytes; o manifesto declara %3.</translation>
    </message>
    <message>
        <source>The bundle %1 could not be written in %2: %3.</source>
        <translation>O pacote %1 não pôde ser gravado em %2: %3.</translation>
    </message>
    <message>
        <source>Check the work folder&apos;s free space and permissions.</source>
        <translation>Verifique o espaço livre e as permissões da pasta de trabalho.</translation>
    </message>
    <message>
        <source>The bundle %1 does not match its sha256 (corrupt or tampered).</source>
        <translation>O pacote %1 não confere com seu sha256 (corrompido ou adulterado).</translation>
    </message>
    <message>
        <source>It will not be restored; the official&apos;s next backup will be tried.</source>
        <translation>Não será restaurado; o próximo backup do oficial será tentado.</translation>
    </message>
    <message>
        <source>The bundle %1 is not a readable zip (%2).</source>
        <translation>O pacote %1 não é um zip legível (%2).</translation>
    </message>
    <message>
        <source>It is partial or corrupt; it will not be restored.</source>
        <translation>Está incompleto ou corrompido; não será restaurado.</translation>
    </message>
    <message>
        <source>The bundle %1 could not be extracted: %2.</source>
        <translation>O pacote %1 não pôde ser extraído: %2.</translation>
    </message>
    <message>
        <source>It is corrupt; it will not be restored.</source>
        <translation>Está corrompido; não será restaurado.</translation>
    </message>
    <message>
        <source>The bundle %1 has no %2.</source>
        <translation>O pacote %1 não tem %2.</translation>
    </message>
    <message>
        <source>It was not made by Contingência or is incomplete.</source>
        <translation>Não foi feito pelo Contingência ou está incompleto.</translation>
    </message>
    <message>
        <source>The member %1 of %2 does not match its manifest (size or sha256).</source>
        <translation>O membro %1 de %2 não confere com o manifesto (tamanho ou sha256).</translation>
    </message>
    <message>
        <source>The bundle is corrupt or tampered; it will not be restored.</source>
        <translation>O pacote está corrompido ou adulterado; não será restaurado.</translation>
    </message>
    <message>
        <source>The member %1 is larger than declared (%2 bytes).</source>
        <translation>O membro %1 é maior do que o declarado (%2 bytes).</translation>
    </message>
    <message>
        <source>The bundle is encrypted and no passphrase is configured on this machine.</source>
        <translation>O pacote está criptografado e nenhuma frase-senha está configurada nesta máquina.</translation>
    </message>
    <message>
        <source>The encrypted bundle is cut in the middle of a record.</source>
        <translation>O pacote criptografado está cortado no meio de um registro.</translation>
    </message>
    <message>
        <source>The encrypted bundle has a record larger than allowed (altered).</source>
        <translation>O pacote criptografado tem um registro maior do que o permitido (alterado).</translation>
    </message>
    <message>
        <source>%1 is not an encrypted bundle.</source>
        <translation>%1 não é um pacote criptografado.</translation>
    </message>
    <message>
        <source>The bundle cannot be decrypted: the file was altered or cut.</source>
        <translation>O pacote não pode ser descriptografado: o arquivo foi alterado ou cortado.</translation>
    </message>
    <message>
        <source>The bundle will not be restored.</source>
        <translation>O pacote não será restaurado.</translation>
    </message>
    <message>
        <source>The bundle cannot be decrypted with this machine&apos;s passphrase (or the file was altered).</source>
        <translation>O pacote não pode ser descriptografado com a frase-senha desta máquina (ou o arquivo foi alterado).</translation>
    </message>
    <message>
        <source>Set contingency.encryption_passphrase to the official&apos;s passphrase; the bundle is tried again by itself when it changes.</source>
        <translation>Defina contingency.encryption_passphrase com a frase-senha do oficial; o pacote é tentado de novo sozinho quando ela mudar.</translation>
    </message>
    <message>
        <source>%1 holds a %2 backup; this machine restores %3.</source>
        <translation>%1 contém um backup %2; esta máquina restaura %3.</translation>
    </message>
    <message>
        <source>Set the same database engine on both machines.</source>
        <translation>Configure o mesmo motor de banco de dados nas duas máquinas.</translation>
    </message>
    <message>
        <source>The cycle was stopped on request.</source>
        <translation>O ciclo foi interrompido a pedido.</translation>
    </message>
    <message>
        <source>source: BACKUPOK.TXT names %1, which is not in %2.</source>
        <translation>origem: BACKUPOK.TXT indica %1, que não está em %2.</translation>
    </message>
    <message>
        <source>The official may be publishing right now; the next check retries.</source>
        <translation>O oficial pode estar publicando agora; a próxima verificação tenta de novo.</translation>
    </message>
    <message>
        <source>The database engine &apos;%1&apos; is not supported.</source>
        <translation>O motor de banco de dados &apos;%1&apos; não é suportado.</translation>
    </message>
    <message>
        <source>Use sqlite, postgres or sqlserver.</source>
        <translation>Use sqlite, postgres ou sqlserver.</translation>
    </message>
    <message>
        <source>The %1 engine is not available: %2.</source>
        <translation>O motor %1 não está disponível: %2.</translation>
    </message>
    <message>
        <source>The live database %1 is in use by %2 other session(s).</source>
        <translation>O banco de dados em uso %1 está aberto por %2 outra(s) sessão(ões).</translation>
    </message>
    <message>
        <source>The bundle holds %1 %2; exactly one was expected.</source>
        <translation>O pacote contém %1 %2; era esperado exatamente um.</translation>
    </message>
    <message>
        <source>The PostgreSQL client tool %1 was not found.</source>
        <translation>A ferramenta cliente do PostgreSQL %1 não foi encontrada.</translation>
    </message>
    <message>
        <source>Install the PostgreSQL client tools (pg_dump, pg_restore) and put their bin folder in PATH.</source>
        <translation>Instale as ferramentas cliente do PostgreSQL (pg_dump, pg_restore) e coloque a pasta bin delas no PATH.</translation>
    </message>
    <message>
        <source>The version of the PostgreSQL client tools could not be read from %1.</source>
        <translation>A versão das ferramentas cliente do PostgreSQL não pôde ser lida de %1.</translation>
    </message>
    <message>
        <source>Check the PostgreSQL client installation.</source>
        <translation>Verifique a instalação do cliente do PostgreSQL.</translation>
    </message>
    <message>
        <source>%1 is version %2 but the PostgreSQL server is version %3.</source>
        <translation>%1 é da versão %2, mas o servidor PostgreSQL é da versão %3.</translation>
    </message>
    <message>
        <source>Install the PostgreSQL %1 client tools (or newer) and put their bin folder first in PATH.</source>
        <translation>Instale as ferramentas cliente do PostgreSQL %1 (ou mais novas) e coloque a pasta bin delas em primeiro lugar no PATH.</translation>
    </message>
    <message>
        <source>%1 --version could not be run: %2.</source>
        <translation>%1 --version não pôde ser executado: %2.</translation>
    </message>
    <message>
        <source>No PostgreSQL database name is configured.</source>
        <translation>Nenhum nome de banco de dados PostgreSQL está configurado.</translation>
    </message>
    <message>
        <source>Set database.name.</source>
        <translation>Defina database.name.</translation>
    </message>
    <message>
        <source>The PostgreSQL database name %1 cannot be used.</source>
        <translation>O nome de banco de dados PostgreSQL %1 não pode ser usado.</translation>
    </message>
    <message>
        <source>Use letters, digits and _ (at most %1 characters, not starting with a digit).</source>
        <translation>Use letras, dígitos e _ (no máximo %1 caracteres, sem começar com dígito).</translation>
    </message>
    <message>
        <source>The restored copy %1 has %2 tables; the archive names %3.</source>
        <translation>A cópia restaurada %1 tem %2 tabelas; o arquivo de backup indica %3.</translation>
    </message>
    <message>
        <source>The live database was not changed; the next bundle will be tried.</source>
        <translation>O banco de dados em uso não foi alterado; o próximo pacote será tentado.</translation>
    </message>
    <message>
        <source>%1 session(s) on the live database %2 could not be ended.</source>
        <translation>%1 sessão(ões) no banco de dados em uso %2 não puderam ser encerradas.</translation>
    </message>
    <message>
        <source>Cannot connect to %1: %2.</source>
        <translation>Não foi possível conectar a %1: %2.</translation>
    </message>
    <message>
        <source>The restored copy %1 is damaged: table %2, block %3: %4 (%5 problem(s)).</source>
        <translation>A cópia restaurada %1 está danificada: tabela %2, bloco %3: %4 (%5 problema(s)).</translation>
    </message>
    <message>
        <source>Failed %1: %2.</source>
        <translation>Falha ao %1: %2.</translation>
    </message>
    <message>
        <source>The live database was not changed. Check that the database user may create databases (CREATEDB).</source>
        <translation>O banco de dados em uso não foi alterado. Verifique se o usuário do banco pode criar bancos de dados (CREATEDB).</translation>
    </message>
    <message>
        <source>The restored copy %1 failed its check: %2.</source>
        <translation>A cópia restaurada %1 falhou na verificação: %2.</translation>
    </message>
    <message>
        <source>Swapping %1 in place of %2 failed: %3.</source>
        <translation>A troca de %2 por %1 falhou: %3.</translation>
    </message>
    <message>
        <source>The backup of %1 failed: %2.</source>
        <translation>O backup de %1 falhou: %2.</translation>
    </message>
    <message>
        <source>Check that the database is not corrupt and the work folder has free space.</source>
        <translation>Verifique se o banco de dados não está corrompido e se a pasta de trabalho tem espaço livre.</translation>
    </message>
    <message>
        <source>No SQLite database file is configured.</source>
        <translation>Nenhum arquivo de banco de dados SQLite está configurado.</translation>
    </message>
    <message>
        <source>Set database.path.</source>
        <translation>Defina database.path.</translation>
    </message>
    <message>
        <source>The backup of %1 failed PRAGMA %2: %3.</source>
        <translation>O backup de %1 falhou no PRAGMA %2: %3.</translation>
    </message>
    <message>
        <source>Nothing was published. Run PRAGMA integrity_check on the live database.</source>
        <translation>Nada foi publicado. Execute PRAGMA integrity_check no banco de dados em uso.</translation>
    </message>
    <message>
        <source>The bundle holds %1 SQLite backups; exactly one was expected.</source>
        <translation>O pacote contém %1 backups SQLite; era esperado exatamente um.</translation>
    </message>
    <message>
        <source>The restored copy failed PRAGMA %1: %2.</source>
        <translation>A cópia restaurada falhou no PRAGMA %1: %2.</translation>
    </message>
    <message>
        <source>The SQLite database %1 cannot be opened: %2.</source>
        <translation>O banco de dados SQLite %1 não pode ser aberto: %2.</translation>
    </message>
    <message>
        <source>Check that the file exists, is a SQLite database and is readable.</source>
        <translation>Verifique se o arquivo existe, é um banco de dados SQLite e pode ser lido.</translation>
    </message>
    <message>
        <source>The restore into %1 failed: %2.</source>
        <translation>A restauração em %1 falhou: %2.</translation>
    </message>
    <message>
        <source>The live database was not changed.</source>
        <translation>O banco de dados em uso não foi alterado.</translation>
    </message>
    <message>
        <source>The backup in the bundle is not a sound SQLite database: %1.</source>
        <translation>O backup do pacote não é um banco de dados SQLite íntegro: %1.</translation>
    </message>
    <message>
        <source>The live database was not changed; it will not be retried.</source>
        <translation>O banco de dados em uso não foi alterado; não será tentado de novo.</translation>
    </message>
    <message>
        <source>The live database %1 is held open by another program.</source>
        <translation>O banco de dados em uso %1 está aberto por outro programa.</translation>
    </message>
    <message>
        <source>Close the application that uses it (on a contingency machine it must stay closed); the live database was not changed.</source>
        <translation>Feche o aplicativo que o usa (numa máquina de contingência ele deve ficar fechado); o banco de dados em uso não foi alterado.</translation>
    </message>
    <message>
        <source>The live database %1 is in use by another program.</source>
        <translation>O banco de dados em uso %1 está sendo usado por outro programa.</translation>
    </message>
    <message>
        <source>Close the application that uses it (on a contingency machine it must stay closed), or set database.busy_policy to wait with a longer database.busy_timeout_s.</source>
        <translation>Feche o aplicativo que o usa (numa máquina de contingência ele deve ficar fechado) ou defina database.busy_policy como wait com um database.busy_timeout_s maior.</translation>
    </message>
    <message>
        <source>No ODBC driver for SQL Server is installed on this machine.</source>
        <translation>Nenhum driver ODBC para SQL Server está instalado nesta máquina.</translation>
    </message>
    <message>
        <source>Install &apos;ODBC Driver 18 for SQL Server&apos; from Microsoft (or 17), or name an installed driver in database.driver.</source>
        <translation>Instale o &apos;ODBC Driver 18 for SQL Server&apos; da Microsoft (ou o 17), ou indique um driver instalado em database.driver.</translation>
    </message>
    <message>
        <source>No SQL Server database name is configured.</source>
        <translation>Nenhum nome de banco de dados SQL Server está configurado.</translation>
    </message>
    <message>
        <source>The SQL Server database name %1 cannot be used.</source>
        <translation>O nome de banco de dados SQL Server %1 não pode ser usado.</translation>
    </message>
    <message>
        <source>Use only letters, digits and _ (at most %1 characters).</source>
        <translation>Use apenas letras, dígitos e _ (no máximo %1 caracteres).</translation>
    </message>
    <message>
        <source>Both sets of staging file names are in use by other databases.</source>
        <translation>Os dois conjuntos de nomes de arquivos de preparação estão em uso por outros bancos de dados.</translation>
    </message>
    <message>
        <source>Drop the database %1 if it is left over, then try again.</source>
        <translation>Exclua o banco de dados %1 se ele tiver sobrado e tente de novo.</translation>
    </message>
    <message>
        <source>This program&apos;s login %1 cannot see the other sessions on %2, so it cannot tell whether %3 is in use.</source>
        <translation>O login %1 deste programa não consegue ver as outras sessões em %2, por isso não sabe dizer se %3 está em uso.</translation>
    </message>
    <message>
        <source>The SQL Server engine needs pyodbc, which cannot be loaded: %1.</source>
        <translation>O motor SQL Server precisa do pyodbc, que não pode ser carregado: %1.</translation>
    </message>
    <message>
        <source>Install pyodbc and the Microsoft ODBC Driver for SQL Server.</source>
        <translation>Instale o pyodbc e o Microsoft ODBC Driver for SQL Server.</translation>
    </message>
    <message>
        <source>This password cannot be passed to the FreeTDS ODBC driver (it holds &apos;};&apos; or ends with &apos;}&apos;).</source>
        <translation>Esta senha não pode ser passada ao driver ODBC FreeTDS (ela contém &apos;};&apos; ou termina com &apos;}&apos;).</translation>
    </message>
    <message>
        <source>Use the Microsoft ODBC Driver 18 for SQL Server, or change the password.</source>
        <translation>Use o Microsoft ODBC Driver 18 for SQL Server ou troque a senha.</translation>
    </message>
    <message>
        <source>The ODBC driver &apos;%1&apos; named in database.driver is not installed on this machine.</source>
        <translation>O driver ODBC &apos;%1&apos; indicado em database.driver não está instalado nesta máquina.</translation>
    </message>
    <message>
        <source>Installed ODBC drivers: %1. Name one of them, or leave database.driver empty to use the newest Microsoft ODBC Driver for SQL Server.</source>
        <translation>Drivers ODBC instalados: %1. Indique um deles ou deixe database.driver vazio para usar o Microsoft ODBC Driver for SQL Server mais novo.</translation>
    </message>
    <message>
        <source>database.login_map: %1 is not user=login.</source>
        <translation>database.login_map: %1 não está no formato usuário=login.</translation>
    </message>
    <message>
        <source>Write the map as user=login, separated by commas.</source>
        <translation>Escreva o mapa como usuário=login, separados por vírgulas.</translation>
    </message>
    <message>
        <source>SQL Server runs on another machine (%1): it writes and reads the .bak there, with its own service account, and this program cannot reach that file.</source>
        <translation>O SQL Server roda em outra máquina (%1): ele grava e lê o .bak lá, com a própria conta de serviço, e este programa não alcança esse arquivo.</translation>
    </message>
    <message>
        <source>Set database.shared_folder to a share both machines reach (for example \\server\backup), give the SQL Server service account Modify rights on it, and database.shared_folder_on_server if the server names it differently.</source>
        <translation>Defina database.shared_folder como um compartilhamento que as duas máquinas alcancem (por exemplo \\servidor\backup), dê à conta de serviço do SQL Server direito de Modificar nele e defina database.shared_folder_on_server se o servidor o chamar de outro nome.</translation>
    </message>
    <message>
        <source>The login %1 may not restore databases on %2.</source>
        <translation>O login %1 não pode restaurar bancos de dados em %2.</translation>
    </message>
    <message>
        <source>Nothing was changed. Give it the dbcreator server role (or sysadmin): RESTORE, DBCC CHECKDB and the renames need it.</source>
        <translation>Nada foi alterado. Dê a ele a função de servidor dbcreator (ou sysadmin): RESTORE, DBCC CHECKDB e as renomeações precisam dela.</translation>
    </message>
    <message>
        <source>The backup&apos;s data files take %1 GB; SQL Server Express allows 10 GB per database.</source>
        <translation>Os arquivos de dados do backup ocupam %1 GB; o SQL Server Express permite 10 GB por banco de dados.</translation>
    </message>
    <message>
        <source>Nothing was changed. Use an edition without that limit on this server.</source>
        <translation>Nada foi alterado. Use neste servidor uma edição sem esse limite.</translation>
    </message>
    <message>
        <source>The backup file %1 holds no backup set.</source>
        <translation>O arquivo de backup %1 não contém nenhum conjunto de backup.</translation>
    </message>
    <message>
        <source>The bundle is damaged; the next bundle will be tried.</source>
        <translation>O pacote está danificado; o próximo pacote será tentado.</translation>
    </message>
    <message>
        <source>The backup file holds the database %1, not %2.</source>
        <translation>O arquivo de backup contém o banco de dados %1, não %2.</translation>
    </message>
    <message>
        <source>The live database was not changed. Configure the same database name (database.name) here as on the official server.</source>
        <translation>O banco de dados em uso não foi alterado. Configure aqui o mesmo nome de banco de dados (database.name) que no servidor oficial.</translation>
    </message>
    <message>
        <source>The backup was written without checksums, so its pages cannot be verified.</source>
        <translation>O backup foi gravado sem checksums, por isso suas páginas não podem ser verificadas.</translation>
    </message>
    <message>
        <source>Nothing was changed. Make the backup with this program (it uses WITH CHECKSUM).</source>
        <translation>Nada foi alterado. Faça o backup com este programa (ele usa WITH CHECKSUM).</translation>
    </message>
    <message>
        <source>The backup was made by SQL Server version %1; this server is version %2 (%3), which cannot read it.</source>
        <translation>O backup foi feito pelo SQL Server versão %1; este servidor é a versão %2 (%3), que não consegue lê-lo.</translation>
    </message>
    <message>
        <source>Nothing was changed. Upgrade this SQL Server to at least the official&apos;s version.</source>
        <translation>Nada foi alterado. Atualize este SQL Server para pelo menos a versão do oficial.</translation>
    </message>
    <message>
        <source>The backup file lists no database files.</source>
        <translation>O arquivo de backup não lista nenhum arquivo de banco de dados.</translation>
    </message>
    <message>
        <source>The owner login %1 (database.owner_login) does not exist on this server.</source>
        <translation>O login proprietário %1 (database.owner_login) não existe neste servidor.</translation>
    </message>
    <message>
        <source>Nothing was changed. Name an existing login, or leave it empty to keep the restoring login as the owner.</source>
        <translation>Nada foi alterado. Indique um login existente ou deixe vazio para manter como proprietário o login que restaura.</translation>
    </message>
    <message>
        <source>No folder is configured for the restored database files.</source>
        <translation>Nenhuma pasta está configurada para os arquivos do banco de dados restaurado.</translation>
    </message>
    <message>
        <source>Set database.data_folder (the SQL Server data folder, for example C:\Program Files\Microsoft SQL Server\MSSQL16.SQLEXPRESS\MSSQL\DATA).</source>
        <translation>Defina database.data_folder (a pasta de dados do SQL Server, por exemplo C:\Program Files\Microsoft SQL Server\MSSQL16.SQLEXPRESS\MSSQL\DATA).</translation>
    </message>
    <message>
        <source>%1 is SINGLE_USER and held by a session this login cannot see.</source>
        <translation>%1 está em SINGLE_USER e preso por uma sessão que este login não consegue ver.</translation>
    </message>
    <message>
        <source>No SQL Server user is configured for SQL authentication.</source>
        <translation>Nenhum usuário do SQL Server está configurado para a autenticação SQL.</translation>
    </message>
    <message>
        <source>Set database.user and its password, or use Windows authentication.</source>
        <translation>Defina database.user e a senha, ou use a autenticação do Windows.</translation>
    </message>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 não existe.</translation>
    </message>
    <message>
        <source>Check database.name.</source>
        <translation>Verifique database.name.</translation>
    </message>
    <message>
        <source>SQL Server reported the backup done but %1 is not visible from here.</source>
        <translation>O SQL Server informou o backup concluído, mas %1 não é visível daqui.</translation>
    </message>
    <message>
        <source>The folder must be the same for this program and for the SQL Server service (database.shared_folder and database.shared_folder_on_server name one folder).</source>
        <translation>A pasta deve ser a mesma para este programa e para o serviço do SQL Server (database.shared_folder e database.shared_folder_on_server indicam uma só pasta).</translation>
    </message>
    <message>
        <source>The restored copy needs %1 MB on %2 (its files at their full allocated size, log included) and %3 MB are free.</source>
        <translation>A cópia restaurada precisa de %1 MB em %2 (seus arquivos no tamanho alocado total, log incluído) e há %3 MB livres.</translation>
    </message>
    <message>
        <source>Nothing was changed. Free space on that disk, or choose another database.data_folder.</source>
        <translation>Nada foi alterado. Libere espaço nesse disco ou escolha outra database.data_folder.</translation>
    </message>
    <message>
        <source>%1 is SINGLE_USER, held by session %2 (%3 on %4), which this login may not end: %5</source>
        <translation>%1 está em SINGLE_USER, preso pela sessão %2 (%3 em %4), que este login não pode encerrar: %5</translation>
    </message>
    <message>
        <source>End it in SQL Server Management Studio (KILL %1) or grant the login ALTER ANY CONNECTION; the next cycle sets the database back to MULTI_USER.</source>
        <translation>Encerre-a no SQL Server Management Studio (KILL %1) ou conceda ao login ALTER ANY CONNECTION; o próximo ciclo volta o banco de dados para MULTI_USER.</translation>
    </message>
    <message>
        <source>The marker %1%2 is incomplete (missing %3).</source>
        <translation>O marcador %1%2 está incompleto (falta %3).</translation>
    </message>
    <message>
        <source>The official may be an older program or still writing; the next check will retry.</source>
        <translation>O oficial pode ser um programa mais antigo ou ainda estar gravando; a próxima verificação tenta de novo.</translation>
    </message>
    <message>
        <source>The marker names %1, which is not a bundle name.</source>
        <translation>O marcador indica %1, que não é um nome de pacote.</translation>
    </message>
    <message>
        <source>%1: %2 says %3 was already promoted at %4 (epoch %5).</source>
        <translation>%1: %2 diz que %3 já foi promovido em %4 (época %5).</translation>
    </message>
    <message>
        <source>Two servers must not both be official: check which one the stores should use before promoting this one.</source>
        <translation>Dois servidores não podem ser oficiais ao mesmo tempo: verifique qual deles as lojas devem usar antes de promover este.</translation>
    </message>
    <message>
        <source>The marker %1%2 has an invalid value.</source>
        <translation>O marcador %1%2 tem um valor inválido.</translation>
    </message>
    <message>
        <source>%1 is unreadable.</source>
        <translation>%1 não pode ser lido.</translation>
    </message>
    <message>
        <source>Remove it only if no promotion happened.</source>
        <translation>Remova-o somente se nenhuma promoção aconteceu.</translation>
    </message>
    <message>
        <source>%1 has no SMTP server.</source>
        <translation>%1 não tem servidor SMTP.</translation>
    </message>
    <message>
        <source>%1 has no recipient.</source>
        <translation>%1 não tem destinatário.</translation>
    </message>
    <message>
        <source>%1 has no sender address.</source>
        <translation>%1 não tem endereço de remetente.</translation>
    </message>
    <message>
        <source>%1 has the user &apos;%2&apos; but no password in the keyring.</source>
        <translation>%1 tem o usuário &apos;%2&apos;, mas nenhuma senha no chaveiro.</translation>
    </message>
    <message>
        <source>%1.%2 [%3] is no longer %4 (the preview&apos;s value); nothing was changed.</source>
        <translation>%1.%2 [%3] não é mais %4 (o valor da prévia); nada foi alterado.</translation>
    </message>
    <message>
        <source>The database changed since the preview (a restore, or someone editing): look at the new preview and apply again.</source>
        <translation>O banco de dados mudou desde a prévia (uma restauração ou alguém editando): veja a nova prévia e aplique de novo.</translation>
    </message>
    <message>
        <source>The undo record %1 is not one this version understands.</source>
        <translation>O registro de desfazer %1 não é de um tipo que esta versão entende.</translation>
    </message>
    <message>
        <source>The promotion cannot be undone: %1 value(s) changed since it: %2.</source>
        <translation>A promoção não pode ser desfeita: %1 valor(es) mudaram desde ela: %2.</translation>
    </message>
    <message>
        <source>Nothing was changed. Put those values back by hand if you really mean to undo.</source>
        <translation>Nada foi alterado. Recoloque esses valores à mão se quiser mesmo desfazer.</translation>
    </message>
    <message>
        <source>Changing the settings in %1 failed: %2. Nothing was changed.</source>
        <translation>A alteração das configurações em %1 falhou: %2. Nada foi alterado.</translation>
    </message>
    <message>
        <source>Check that the database is writable and not locked by the application, then run the promotion again.</source>
        <translation>Verifique se o banco de dados pode ser gravado e não está travado pelo aplicativo e execute a promoção de novo.</translation>
    </message>
    <message>
        <source>There is no promotion to undo (%1 does not exist).</source>
        <translation>Não há promoção para desfazer (%1 não existe).</translation>
    </message>
    <message>
        <source>Undo works once, after a promotion made on this machine.</source>
        <translation>Desfazer funciona uma vez, depois de uma promoção feita nesta máquina.</translation>
    </message>
    <message>
        <source>The undo record %1 cannot be read: %2.</source>
        <translation>O registro de desfazer %1 não pode ser lido: %2.</translation>
    </message>
    <message>
        <source>The application profile %1 does not match the database: %2 not found.</source>
        <translation>O perfil de aplicativo %1 não corresponde ao banco de dados: %2 não encontrado.</translation>
    </message>
    <message>
        <source>Check that the profile is the right one for this application and database (promotion.profile or --profile).</source>
        <translation>Verifique se o perfil é o certo para este aplicativo e banco de dados (promotion.profile ou --profile).</translation>
    </message>
    <message>
        <source>%1: hook %2 has both a service and commands.</source>
        <translation>%1: o gancho %2 tem ao mesmo tempo um serviço e comandos.</translation>
    </message>
    <message>
        <source>Make it either a service hook or a command hook.</source>
        <translation>Faça dele um gancho de serviço ou um gancho de comandos.</translation>
    </message>
    <message>
        <source>%1: hook %2 has neither a service nor a stop or start command.</source>
        <translation>%1: o gancho %2 não tem serviço nem comando de parada ou de partida.</translation>
    </message>
    <message>
        <source>%1: hook %2: enable = %3 is not valid.</source>
        <translation>%1: gancho %2: enable = %3 não é válido.</translation>
    </message>
    <message>
        <source>Use &quot;manual&quot; or &quot;auto&quot;, or leave it out.</source>
        <translation>Use &quot;manual&quot; ou &quot;auto&quot;, ou deixe de fora.</translation>
    </message>
    <message>
        <source>%1: hook %2: enable is only for service hooks.</source>
        <translation>%1: gancho %2: enable vale só para ganchos de serviço.</translation>
    </message>
    <message>
        <source>The service hooks file %1 cannot be read: %2.</source>
        <translation>O arquivo de ganchos de serviço %1 não pode ser lido: %2.</translation>
    </message>
    <message>
        <source>Fix it (docs/promotion.md shows the format) or point promotion.hooks_file elsewhere.</source>
        <translation>Corrija-o (docs/promotion.md mostra o formato) ou aponte promotion.hooks_file para outro lugar.</translation>
    </message>
    <message>
        <source>%1: hook %2 has no name.</source>
        <translation>%1: o gancho %2 não tem nome.</translation>
    </message>
    <message>
        <source>Give every [[hook]] a name.</source>
        <translation>Dê um nome a cada [[hook]].</translation>
    </message>
    <message>
        <source>The path change %1 is not OLD=NEW.</source>
        <translation>A troca de caminho %1 não está no formato ANTIGO=NOVO.</translation>
    </message>
    <message>
        <source>Write it like \\OFICIAL\MGV7=D:\MGV7 (quote it in the shell).</source>
        <translation>Escreva como \\OFICIAL\MGV7=D:\MGV7 (entre aspas no shell).</translation>
    </message>
    <message>
        <source>No application profile is set.</source>
        <translation>Nenhum perfil de aplicativo está definido.</translation>
    </message>
    <message>
        <source>Set promotion.profile (or --profile) to the TOML file that says where the application keeps its hosts and paths (docs/promotion.md).</source>
        <translation>Defina promotion.profile (ou --profile) com o arquivo TOML que diz onde o aplicativo guarda seus hosts e caminhos (docs/promotion.md).</translation>
    </message>
    <message>
        <source>Fix the file; docs/promotion.md shows the format.</source>
        <translation>Corrija o arquivo; docs/promotion.md mostra o formato.</translation>
    </message>
    <message>
        <source>The application profile %1 does not exist.</source>
        <translation>O perfil de aplicativo %1 não existe.</translation>
    </message>
    <message>
        <source>Check promotion.profile (or --profile).</source>
        <translation>Verifique promotion.profile (ou --profile).</translation>
    </message>
    <message>
        <source>The application profile %1 cannot be read: %2.</source>
        <translation>O perfil de aplicativo %1 não pode ser lido: %2.</translation>
    </message>
    <message>
        <source>The application profile %1 is not valid TOML: %2.</source>
        <translation>O perfil de aplicativo %1 não é um TOML válido: %2.</translation>
    </message>
    <message>
        <source>The promotion first repairs what an interrupted restore may have left in %1, and that failed: %2</source>
        <translation>A promoção primeiro repara o que uma restauração interrompida pode ter deixado em %1, e isso falhou: %2</translation>
    </message>
    <message>
        <source>Nothing was promoted. Run one contingency cycle (contingencia restore-now), read its log, then promote again.</source>
        <translation>Nada foi promovido. Execute um ciclo de contingência (contingencia restore-now), leia o log dele e promova de novo.</translation>
    </message>
    <message>
        <source>What an interrupted restore left was repaired first: %1</source>
        <translation>O que uma restauração interrompida deixou foi reparado antes: %1</translation>
    </message>
    <message>
        <source>%1 does not exist: no backup was restored on this machine yet.</source>
        <translation>%1 não existe: nenhum backup foi restaurado nesta máquina ainda.</translation>
    </message>
    <message>
        <source>Restore one first (contingencia restore-now); there is nothing to promote.</source>
        <translation>Restaure um primeiro (contingencia restore-now); não há nada para promover.</translation>
    </message>
    <message>
        <source>The old official&apos;s host name is not known (no restored backup names it and the backup-computer setting does not either).</source>
        <translation>O nome de host do antigo oficial não é conhecido (nenhum backup restaurado o indica, e a configuração do computador de backup também não).</translation>
    </message>
    <message>
        <source>Give it with --old-host (or promotion.old_host).</source>
        <translation>Informe-o com --old-host (ou promotion.old_host).</translation>
    </message>
    <message>
        <source>No new host was given.</source>
        <translation>Nenhum host novo foi informado.</translation>
    </message>
    <message>
        <source>Give the name or IP the stores will use to reach this machine (--new-host).</source>
        <translation>Informe o nome ou o IP que as lojas usarão para chegar a esta máquina (--new-host).</translation>
    </message>
    <message>
        <source>The %1 %2 is not a host name or IP.</source>
        <translation>O %1 %2 não é um nome de host nem um IP.</translation>
    </message>
    <message>
        <source>Give a plain name like CONTINGENCIA or an IP like 10.0.0.20.</source>
        <translation>Informe um nome simples como CONTINGENCIA ou um IP como 10.0.0.20.</translation>
    </message>
    <message>
        <source>The path change %1 -&gt; %2 has an empty side.</source>
        <translation>A troca de caminho %1 -&gt; %2 tem um lado vazio.</translation>
    </message>
    <message>
        <source>Give both the old prefix and the new one.</source>
        <translation>Informe o prefixo antigo e o novo.</translation>
    </message>
    <message>
        <source>%1: %2 shows %3 bytes after the copy, not %4.</source>
        <translation>%1: %2 mostra %3 bytes depois da cópia, não %4.</translation>
    </message>
    <message>
        <source>The marker was not written; the next cycle tries again.</source>
        <translation>O marcador não foi gravado; o próximo ciclo tenta de novo.</translation>
    </message>
    <message>
        <source>%1 is busy%2.</source>
        <translation>%1 está ocupado%2.</translation>
    </message>
    <message>
        <source>Wait for the running cycle to finish, or stop the other worker of this home.</source>
        <translation>Espere o ciclo em andamento terminar ou pare o outro serviço desta instância.</translation>
    </message>
    <message>
        <source>No password was given for %1; nothing was changed.</source>
        <translation>Nenhuma senha foi informada para %1; nada foi alterado.</translation>
    </message>
    <message>
        <source>The password of %1 is needed.</source>
        <translation>A senha de %1 é necessária.</translation>
    </message>
    <message>
        <source>Run on a terminal to be asked, or pass it on standard input with --password-stdin.</source>
        <translation>Execute num terminal para que ela seja pedida, ou passe-a pela entrada padrão com --password-stdin.</translation>
    </message>
    <message>
        <source>The secrets folder %1 cannot be protected (%2).</source>
        <translation>A pasta de segredos %1 não pode ser protegida (%2).</translation>
    </message>
    <message>
        <source>Run the program as an administrator: the passwords are the machine&apos;s, shared with the service.</source>
        <translation>Execute o programa como administrador: as senhas são da máquina, compartilhadas com o serviço.</translation>
    </message>
    <message>
        <source>The secrets file %1 cannot be read (%2).</source>
        <translation>O arquivo de segredos %1 não pode ser lido (%2).</translation>
    </message>
    <message>
        <source>Check its owner and permissions, or remove it and enter the passwords again.</source>
        <translation>Verifique o dono e as permissões dele, ou remova-o e digite as senhas de novo.</translation>
    </message>
    <message>
        <source>A secret in %1 cannot be decrypted (%2).</source>
        <translation>Um segredo em %1 não pode ser descriptografado (%2).</translation>
    </message>
    <message>
        <source>The file was made on another machine: enter the passwords again.</source>
        <translation>O arquivo foi feito em outra máquina: digite as senhas de novo.</translation>
    </message>
    <message>
        <source>The service account %1 is unknown to this machine (%2).</source>
        <translation>A conta de serviço %1 não é conhecida nesta máquina (%2).</translation>
    </message>
    <message>
        <source>Check the service&apos;s account (services.msc).</source>
        <translation>Verifique a conta do serviço (services.msc).</translation>
    </message>
    <message>
        <source>The keyring could not be read for %1 (%2).</source>
        <translation>O chaveiro não pôde ser lido para %1 (%2).</translation>
    </message>
    <message>
        <source>The keyring could not store the passwords (%1).</source>
        <translation>O chaveiro não conseguiu guardar as senhas (%1).</translation>
    </message>
    <message>
        <source>The setting was not saved.</source>
        <translation>A configuração não foi salva.</translation>
    </message>
    <message>
        <source>The secrets could not be written (%1).</source>
        <translation>Os segredos não puderam ser gravados (%1).</translation>
    </message>
    <message>
        <source>The setting was not saved. On Windows, run the program as an administrator.</source>
        <translation>A configuração não foi salva. No Windows, execute o programa como administrador.</translation>
    </message>
    <message>
        <source>The settings could not be written to %1.</source>
        <translation>As configurações não puderam ser gravadas em %1.</translation>
    </message>
    <message>
        <source>The file %1 does not exist.</source>
        <translation>O arquivo %1 não existe.</translation>
    </message>
    <message>
        <source>The file %1 is not valid TOML: %2.</source>
        <translation>O arquivo %1 não é um TOML válido: %2.</translation>
    </message>
    <message>
        <source>Nothing was saved.</source>
        <translation>Nada foi salvo.</translation>
    </message>
    <message>
        <source>%1: the kind &apos;%2&apos; is not supported.</source>
        <translation>%1: o tipo &apos;%2&apos; não é suportado.</translation>
    </message>
    <message>
        <source>%1: %2 in %3 is not a regular file.</source>
        <translation>%1: %2 em %3 não é um arquivo comum.</translation>
    </message>
    <message>
        <source>Remove it; only the official writes in this folder.</source>
        <translation>Remova-o; só o oficial grava nesta pasta.</translation>
    </message>
    <message>
        <source>%1: %2 failed: the FTP server %3 answered %4.</source>
        <translation>%1: %2 falhou: o servidor FTP %3 respondeu %4.</translation>
    </message>
    <message>
        <source>the FTPS server %1:%2 did not present a certificate (%3: %4).</source>
        <translation>o servidor FTPS %1:%2 não apresentou um certificado (%3: %4).</translation>
    </message>
    <message>
        <source>Check host and port, and that the server offers explicit TLS (AUTH TLS).</source>
        <translation>Verifique o host e a porta, e se o servidor oferece TLS explícito (AUTH TLS).</translation>
    </message>
    <message>
        <source>%1: the data connection of the FTPS server %2 presented a certificate with fingerprint %3, not the pinned one.</source>
        <translation>%1: a conexão de dados do servidor FTPS %2 apresentou um certificado com a impressão digital %3, não a fixada.</translation>
    </message>
    <message>
        <source>Another machine may be intercepting the transfers; check the network.</source>
        <translation>Outra máquina pode estar interceptando as transferências; verifique a rede.</translation>
    </message>
    <message>
        <source>%1: %2 failed: the disk of %3 is full (%4).</source>
        <translation>%1: %2 falhou: o disco de %3 está cheio (%4).</translation>
    </message>
    <message>
        <source>Free space on the server or lower the number of bundles kept.</source>
        <translation>Libere espaço no servidor ou diminua o número de pacotes mantidos.</translation>
    </message>
    <message>
        <source>%1: %2 failed: permission denied or file not found in %3 (%4).</source>
        <translation>%1: %2 falhou: permissão negada ou arquivo não encontrado em %3 (%4).</translation>
    </message>
    <message>
        <source>Give the FTP user read and write rights to the folder.</source>
        <translation>Dê ao usuário FTP direitos de leitura e gravação na pasta.</translation>
    </message>
    <message>
        <source>%1: the FTP server %2 accepted renaming %3 to %4 but did not do it.</source>
        <translation>%1: o servidor FTP %2 aceitou renomear %3 para %4, mas não o fez.</translation>
    </message>
    <message>
        <source>Check the FTP server&apos;s log and the user&apos;s rename rights.</source>
        <translation>Verifique o log do servidor FTP e os direitos de renomear do usuário.</translation>
    </message>
    <message>
        <source>%1: the FTPS server %2 presented a certificate this machine does not trust (%3); its SHA-256 fingerprint is %4.</source>
        <translation>%1: o servidor FTPS %2 apresentou um certificado em que esta máquina não confia (%3); a impressão digital SHA-256 dele é %4.</translation>
    </message>
    <message>
        <source>If the server&apos;s administrator confirms this fingerprint, pin it in &apos;Trusted certificate (FTPS)&apos;.</source>
        <translation>Se o administrador do servidor confirmar essa impressão digital, fixe-a em &apos;Certificado confiável (FTPS)&apos;.</translation>
    </message>
    <message>
        <source>%1: the FTP server %2 does not offer TLS (%3).</source>
        <translation>%1: o servidor FTP %2 não oferece TLS (%3).</translation>
    </message>
    <message>
        <source>Enable explicit TLS (AUTH TLS) on the server, or choose plain FTP.</source>
        <translation>Ative o TLS explícito (AUTH TLS) no servidor ou escolha FTP simples.</translation>
    </message>
    <message>
        <source>%1: the FTPS server %2 presented a certificate with fingerprint %3, not the pinned one: the certificate changed or another machine answers.</source>
        <translation>%1: o servidor FTPS %2 apresentou um certificado com a impressão digital %3, não a fixada: o certificado mudou ou outra máquina está respondendo.</translation>
    </message>
    <message>
        <source>Ask the server&apos;s administrator whether the certificate was renewed; only then pin the new fingerprint.</source>
        <translation>Pergunte ao administrador do servidor se o certificado foi renovado; só então fixe a nova impressão digital.</translation>
    </message>
    <message>
        <source>%1: the folder %2 does not exist on the FTP server %3, or user %4 cannot enter it (%5).</source>
        <translation>%1: a pasta %2 não existe no servidor FTP %3, ou o usuário %4 não consegue entrar nela (%5).</translation>
    </message>
    <message>
        <source>Create the folder on the server and give the FTP user read and write rights to it.</source>
        <translation>Crie a pasta no servidor e dê ao usuário FTP direitos de leitura e gravação nela.</translation>
    </message>
    <message>
        <source>%1: the FTP server %2 refused the login for user %3.</source>
        <translation>%1: o servidor FTP %2 recusou o login do usuário %3.</translation>
    </message>
    <message>
        <source>Check user and password.</source>
        <translation>Verifique o usuário e a senha.</translation>
    </message>
    <message>
        <source>%1: cannot write %2 on this machine: %3.</source>
        <translation>%1: não é possível gravar %2 nesta máquina: %3.</translation>
    </message>
    <message>
        <source>Check the free space and the rights of the temporary folder.</source>
        <translation>Verifique o espaço livre e os direitos da pasta temporária.</translation>
    </message>
    <message>
        <source>%1: cannot read %2 on this machine: %3.</source>
        <translation>%1: não é possível ler %2 nesta máquina: %3.</translation>
    </message>
    <message>
        <source>The bundle to publish is missing; the next cycle makes a new one.</source>
        <translation>O pacote a publicar não existe; o próximo ciclo faz um novo.</translation>
    </message>
    <message>
        <source>%1: no %2 server is configured.</source>
        <translation>%1: nenhum servidor %2 está configurado.</translation>
    </message>
    <message>
        <source>Fill in the host name or IP of the %1 server.</source>
        <translation>Preencha o nome ou o IP do servidor %1.</translation>
    </message>
    <message>
        <source>%1: %2 arrived on the %3 server %4 with %5 of %6 bytes.</source>
        <translation>%1: %2 chegou ao servidor %3 %4 com %5 de %6 bytes.</translation>
    </message>
    <message>
        <source>Check the free space of the server&apos;s disk.</source>
        <translation>Verifique o espaço livre do disco do servidor.</translation>
    </message>
    <message>
        <source>%1: %2 does not exist in %3 on the %4 server %5.</source>
        <translation>%1: %2 não existe em %3 no servidor %4 %5.</translation>
    </message>
    <message>
        <source>Check that the official server published it and that the folder is right.</source>
        <translation>Verifique se o servidor oficial o publicou e se a pasta está certa.</translation>
    </message>
    <message>
        <source>%1: %2 failed in %3: %4.</source>
        <translation>%1: %2 falhou em %3: %4.</translation>
    </message>
    <message>
        <source>Check the free space and the permissions of the folder on the server.</source>
        <translation>Verifique o espaço livre e as permissões da pasta no servidor.</translation>
    </message>
    <message>
        <source>the SSH server %1:%2 could not be reached (%3: %4).</source>
        <translation>o servidor SSH %1:%2 não pôde ser alcançado (%3: %4).</translation>
    </message>
    <message>
        <source>Check host and port, and that the SSH server is running.</source>
        <translation>Verifique o host e a porta, e se o servidor SSH está em execução.</translation>
    </message>
    <message>
        <source>%1: the SSH server %2 is not known yet; its host key fingerprint is %3 (%4).</source>
        <translation>%1: o servidor SSH %2 ainda não é conhecido; a impressão digital da chave do servidor dele é %3 (%4).</translation>
    </message>
    <message>
        <source>Compare it with the server&apos;s (ssh-keygen -lf on the server) and accept it in &apos;Host key (SFTP)&apos;.</source>
        <translation>Compare-a com a do servidor (ssh-keygen -lf no servidor) e aceite-a em &apos;Chave do servidor (SFTP)&apos;.</translation>
    </message>
    <message>
        <source>%1: the host key of the SSH server %2 CHANGED: it presented %3, not the pinned %4. Another machine may be answering in its place.</source>
        <translation>%1: a chave do servidor do servidor SSH %2 MUDOU: ele apresentou %3, não a fixada %4. Outra máquina pode estar respondendo no lugar dele.</translation>
    </message>
    <message>
        <source>Ask the server&apos;s administrator whether the key was replaced; only then accept the new fingerprint.</source>
        <translation>Pergunte ao administrador do servidor se a chave foi trocada; só então aceite a nova impressão digital.</translation>
    </message>
    <message>
        <source>%1: no password or key file is configured for user %2 on %3.</source>
        <translation>%1: nenhuma senha ou arquivo de chave está configurado para o usuário %2 em %3.</translation>
    </message>
    <message>
        <source>Fill in the password or the private key file.</source>
        <translation>Preencha a senha ou o arquivo de chave privada.</translation>
    </message>
    <message>
        <source>%1: the folder %2 does not exist on the SSH server %3, or user %4 cannot reach it.</source>
        <translation>%1: a pasta %2 não existe no servidor SSH %3, ou o usuário %4 não consegue alcançá-la.</translation>
    </message>
    <message>
        <source>Create the folder and give the user read and write rights to it.</source>
        <translation>Crie a pasta e dê ao usuário direitos de leitura e gravação nela.</translation>
    </message>
    <message>
        <source>%1: %2 failed: permission denied in %3.</source>
        <translation>%1: %2 falhou: permissão negada em %3.</translation>
    </message>
    <message>
        <source>Give user %1 read and write rights to the folder.</source>
        <translation>Dê ao usuário %1 direitos de leitura e gravação na pasta.</translation>
    </message>
    <message>
        <source>%1: %2 failed: not found in %3.</source>
        <translation>%1: %2 falhou: não encontrado em %3.</translation>
    </message>
    <message>
        <source>Check the folder and that the official server published the file.</source>
        <translation>Verifique a pasta e se o servidor oficial publicou o arquivo.</translation>
    </message>
    <message>
        <source>%1: the SSH server %2 refused the login for user %3: it accepts only %4.</source>
        <translation>%1: o servidor SSH %2 recusou o login do usuário %3: ele aceita apenas %4.</translation>
    </message>
    <message>
        <source>Configure a key file, or enable password login on the server.</source>
        <translation>Configure um arquivo de chave ou ative o login por senha no servidor.</translation>
    </message>
    <message>
        <source>%1: the SSH server %2 refused the login for user %3.</source>
        <translation>%1: o servidor SSH %2 recusou o login do usuário %3.</translation>
    </message>
    <message>
        <source>Check user and password (or the key file and its authorized_keys entry).</source>
        <translation>Verifique o usuário e a senha (ou o arquivo de chave e a entrada dele em authorized_keys).</translation>
    </message>
    <message>
        <source>%1: the private key file %2 does not exist.</source>
        <translation>%1: o arquivo de chave privada %2 não existe.</translation>
    </message>
    <message>
        <source>Check the path of the key file.</source>
        <translation>Verifique o caminho do arquivo de chave.</translation>
    </message>
    <message>
        <source>%1: the private key file %2 cannot be read (%3).</source>
        <translation>%1: o arquivo de chave privada %2 não pode ser lido (%3).</translation>
    </message>
    <message>
        <source>Check the file, and its passphrase in the password field.</source>
        <translation>Verifique o arquivo e a frase-senha dele no campo de senha.</translation>
    </message>
    <message>
        <source>the SMB path %1 is not of the form \\server\share\folder.</source>
        <translation>o caminho SMB %1 não está no formato \\servidor\compartilhamento\pasta.</translation>
    </message>
    <message>
        <source>Write it as \\SERVER\Share\Folder (or //SERVER/Share/Folder).</source>
        <translation>Escreva como \\SERVIDOR\Compartilhamento\Pasta (ou //SERVIDOR/Compartilhamento/Pasta).</translation>
    </message>
    <message>
        <source>%1: the SMB server %2 refused the login for user %3.</source>
        <translation>%1: o servidor SMB %2 recusou o login do usuário %3.</translation>
    </message>
    <message>
        <source>Check user and password (and the domain, as DOMAIN\user).</source>
        <translation>Verifique o usuário e a senha (e o domínio, como DOMINIO\usuário).</translation>
    </message>
    <message>
        <source>%1: %2 failed in %3: %4 (NTSTATUS 0x%5).</source>
        <translation>%1: %2 falhou em %3: %4 (NTSTATUS 0x%5).</translation>
    </message>
    <message>
        <source>%1: the folder %2 does not exist on the SMB server %3, or user %4 cannot reach it.</source>
        <translation>%1: a pasta %2 não existe no servidor SMB %3, ou o usuário %4 não consegue alcançá-la.</translation>
    </message>
    <message>
        <source>Check the share and folder names, and that the share grants the user read and write rights.</source>
        <translation>Verifique os nomes do compartilhamento e da pasta, e se o compartilhamento dá ao usuário direitos de leitura e gravação.</translation>
    </message>
    <message>
        <source>%1: %2 failed: the disk of %3 is full.</source>
        <translation>%1: %2 falhou: o disco de %3 está cheio.</translation>
    </message>
    <message>
        <source>Give user %1 read and write rights to the share and folder.</source>
        <translation>Dê ao usuário %1 direitos de leitura e gravação no compartilhamento e na pasta.</translation>
    </message>
    <message>
        <source>%1 (tried %2 times).</source>
        <translation>%1 (%2 tentativas).</translation>
    </message>
    <message>
        <source>%1: a %2 connection has no host key or certificate to accept.</source>
        <translation>%1: uma conexão %2 não tem chave do servidor nem certificado a aceitar.</translation>
    </message>
    <message>
        <source>Only sftp and ftps endpoints are pinned.</source>
        <translation>Só endpoints sftp e ftps são fixados.</translation>
    </message>
    <message>
        <source>Windows services can only be controlled on Windows (pywin32 is missing).</source>
        <translation>Serviços do Windows só podem ser controlados no Windows (o pywin32 não está instalado).</translation>
    </message>
    <message>
        <source>The start type of %1 cannot be set to %2 (%3).</source>
        <translation>O tipo de inicialização de %1 não pode ser definido como %2 (%3).</translation>
    </message>
    <message>
        <source>Run as an administrator.</source>
        <translation>Execute como administrador.</translation>
    </message>
    <message>
        <source>The service %1 stopped while starting (exit code %2).</source>
        <translation>O serviço %1 parou durante a partida (código de saída %2).</translation>
    </message>
    <message>
        <source>Its own log or the Windows Event Log says why.</source>
        <translation>O log dele ou o Visualizador de Eventos do Windows diz por quê.</translation>
    </message>
    <message>
        <source>The service %1 is still %2 after %3 s.</source>
        <translation>O serviço %1 ainda está %2 depois de %3 s.</translation>
    </message>
    <message>
        <source>Raise the hook&apos;s timeout_s, or check the service.</source>
        <translation>Aumente o timeout_s do gancho ou verifique o serviço.</translation>
    </message>
    <message>
        <source>The service manager cannot be opened (%1).</source>
        <translation>O gerenciador de serviços não pode ser aberto (%1).</translation>
    </message>
    <message>
        <source>The service %1 cannot be opened (%2).</source>
        <translation>O serviço %1 não pode ser aberto (%2).</translation>
    </message>
    <message>
        <source>Check its name in services.msc (the service name, not the display name), and run as an administrator.</source>
        <translation>Verifique o nome dele em services.msc (o nome do serviço, não o nome de exibição) e execute como administrador.</translation>
    </message>
    <message>
        <source>The service %1 is disabled.</source>
        <translation>O serviço %1 está desativado.</translation>
    </message>
    <message>
        <source>Set enable = &quot;manual&quot; or &quot;auto&quot; in its hook to enable it first.</source>
        <translation>Defina enable = &quot;manual&quot; ou &quot;auto&quot; no gancho dele para ativá-lo antes.</translation>
    </message>
    <message>
        <source>The service %1 refused to stop (%2).</source>
        <translation>O serviço %1 recusou-se a parar (%2).</translation>
    </message>
    <message>
        <source>The service %1 could not be started (%2).</source>
        <translation>O serviço %1 não pôde ser iniciado (%2).</translation>
    </message>
    <message>
        <source>%1 %2 %3: %4.</source>
        <translation>%1 %2 %3: %4.</translation>
    </message>
    <message>
        <source>%1 %2 cannot be read: %3.</source>
        <translation>%1 %2 não pode ser lido: %3.</translation>
    </message>
    <message>
        <source>The undo record</source>
        <translation>O registro de desfazer</translation>
    </message>
    <message>
        <source>The service hooks file</source>
        <translation>O arquivo de ganchos de serviço</translation>
    </message>
    <message>
        <source>The application profile</source>
        <translation>O perfil de aplicativo</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>não pode ser lido</translation>
    </message>
    <message>
        <source>is not valid TOML</source>
        <translation>não é um TOML válido</translation>
    </message>
    <message>
        <source>The transport %1 does not declare the kind &apos;%2&apos; the registry gives it.</source>
        <translation>O transporte %1 não declara o tipo &apos;%2&apos; que o registro lhe atribui.</translation>
    </message>
    <message>
        <source>Declare it in the class&apos;s kinds or fix REGISTRY.</source>
        <translation>Declare-o nos tipos da classe ou corrija REGISTRY.</translation>
    </message>
    <message>
        <source>larger than %1 bytes</source>
        <translation>maior que %1 bytes</translation>
    </message>
    <message>
        <source>larger than %1 bytes (%2)</source>
        <translation>maior que %1 bytes (%2)</translation>
    </message>
    <message>
        <source>not UTF-8 text</source>
        <translation>não é texto UTF-8</translation>
    </message>
    <message>
        <source>not format %1</source>
        <translation>não é do formato %1</translation>
    </message>
    <message>
        <source>%1 is missing</source>
        <translation>falta %1</translation>
    </message>
    <message>
        <source>its id %1 is not the one in its name</source>
        <translation>o id %1 não é o do nome do arquivo</translation>
    </message>
    <message>
        <source>more than %1 lines</source>
        <translation>mais de %1 linhas</translation>
    </message>
    <message>
        <source>a line is not key=value</source>
        <translation>uma linha não é chave=valor</translation>
    </message>
    <message>
        <source>%1 is given twice</source>
        <translation>%1 aparece duas vezes</translation>
    </message>
    <message>
        <source>%1 has a control character</source>
        <translation>%1 tem um caractere de controle</translation>
    </message>
    <message>
        <source>%1 is not a number</source>
        <translation>%1 não é um número</translation>
    </message>
    <message>
        <source>%1 is not a time</source>
        <translation>%1 não é uma data e hora</translation>
    </message>
    <message>
        <source>id is not 16 hex digits</source>
        <translation>o id não tem 16 dígitos hexadecimais</translation>
    </message>
    <message>
        <source>sha256 is not a sha256</source>
        <translation>sha256 não é um sha256</translation>
    </message>
    <message>
        <source>bundle is not a bundle name</source>
        <translation>bundle não é um nome de pacote</translation>
    </message>
    <message>
        <source>kind is not full or incremental</source>
        <translation>kind não é full nem incremental</translation>
    </message>
    <message>
        <source>result is not one of %1</source>
        <translation>result não é um de %1</translation>
    </message>
    <message>
        <source>%1 is not a plain token</source>
        <translation>%1 não é um identificador simples</translation>
    </message>
    <message>
        <source>%1 is too long</source>
        <translation>%1 é longo demais</translation>
    </message>
    <message>
        <source>%1 was rejected before (%2); waiting for a new one.</source>
        <translation>%1 já foi rejeitado antes (%2); aguardando um novo.</translation>
    </message>
    <message>
        <source>%1 was rejected before; waiting for a new one.</source>
        <translation>%1 já foi rejeitado antes; aguardando um novo.</translation>
    </message>
    <message>
        <source>Contingency mode is off (enabled = false): nothing runs.</source>
        <translation>O Modo Contingência está desligado (enabled = false): nada é executado.</translation>
    </message>
    <message>
        <source>Nothing new: %1 is already restored.</source>
        <translation>Nada de novo: %1 já está restaurado.</translation>
    </message>
    <message>
        <source>The marker names %1 (sequence %2), older than the last restored %3 (sequence %4); it is ignored.</source>
        <translation>O marcador indica %1 (sequência %2), mais antigo do que o último restaurado, %3 (sequência %4); ele é ignorado.</translation>
    </message>
    <message>
        <source>The official&apos;s folder could not be read.</source>
        <translation>A pasta do oficial não pôde ser lida.</translation>
    </message>
    <message>
        <source>The source has no backup yet (no BACKUPOK.TXT).</source>
        <translation>A origem ainda não tem nenhum backup (não há BACKUPOK.TXT).</translation>
    </message>
    <message>
        <source>This machine is in %1 mode, not %2.</source>
        <translation>Esta máquina está no modo %1, não %2.</translation>
    </message>
    <message>
        <source>Unexpected error: %1 (see the log).</source>
        <translation>Erro inesperado: %1 (veja o log).</translation>
    </message>
    <message>
        <source>Worker started (%1).</source>
        <translation>Serviço iniciado (%1).</translation>
    </message>
    <message>
        <source>Worker stopped.</source>
        <translation>Serviço parado.</translation>
    </message>
    <message>
        <source>%1 is not a log backup</source>
        <translation>%1 não é um backup de log</translation>
    </message>
    <message>
        <source>%1 is not a log backup of %2.</source>
        <translation>%1 não é um backup de log de %2.</translation>
    </message>
    <message>
        <source>Database %1 is a read-only standby copy (restored WITH STANDBY): its options cannot change until it is brought online at promotion.</source>
        <translation>O banco %1 é uma cópia em espera somente leitura (restaurada WITH STANDBY): suas opções não podem mudar até ele ser colocado online na promoção.</translation>
    </message>
    <message>
        <source>Database %1 is being restored (a contingency's standby copy left WITH NORECOVERY cannot be read): wait for the restore to finish; at promotion it is brought online.</source>
        <translation>O banco %1 está sendo restaurado (a cópia em espera de uma contingência deixada WITH NORECOVERY não pode ser lida): aguarde o fim da restauração; na promoção ele é colocado online.</translation>
    </message>
    <message>
        <source>Database %1 is in the SIMPLE recovery model, where the log cannot be backed up: allow the change to FULL (database.allow_full_recovery) or turn incremental bundles off.</source>
        <translation>O banco %1 está no modelo de recuperação SIMPLE, em que o log não pode ter backup: permita a mudança para FULL (database.allow_full_recovery) ou desligue os pacotes incrementais.</translation>
    </message>
    <message>
        <source>No full backup of %1 started the log's chain since it was set to FULL: the next bundle is a full backup, which starts it.</source>
        <translation>Nenhum backup completo de %1 iniciou a cadeia do log desde que ele passou para FULL: o próximo pacote é um backup completo, que a inicia.</translation>
    </message>
    <message>
        <source>Nothing was applied; the contingency waits for the next full bundle.</source>
        <translation>Nada foi aplicado; a contingência aguarda o próximo pacote completo.</translation>
    </message>
    <message>
        <source>Nothing was changed: bundles stay full. To ship the log, allow the change (database.allow_full_recovery), or run ALTER DATABASE [%1] SET RECOVERY FULL yourself.</source>
        <translation>Nada foi alterado: os pacotes continuam completos. Para enviar o log, permita a mudança (database.allow_full_recovery) ou execute você mesmo ALTER DATABASE [%1] SET RECOVERY FULL.</translation>
    </message>
    <message>
        <source>The backup file is damaged (its media header cannot be read): it is not applied; the next bundle is tried.</source>
        <translation>O arquivo de backup está danificado (o cabeçalho da mídia não pode ser lido): ele não é aplicado; o próximo pacote será tentado.</translation>
    </message>
    <message>
        <source>The database is no longer restoring (it was brought online WITH RECOVERY), so no further log backup can be applied to it: the contingency waits for the next full bundle.</source>
        <translation>O banco não está mais em restauração (foi colocado online WITH RECOVERY), então nenhum outro backup de log pode ser aplicado: a contingência aguarda o próximo pacote completo.</translation>
    </message>
    <message>
        <source>The log backup begins after the point this copy was restored to: a log backup in between is missing (another program's log backup, or a switch to SIMPLE on the official); the contingency waits for the next full bundle.</source>
        <translation>O backup de log começa depois do ponto até onde esta cópia foi restaurada: falta um backup de log no meio (um backup de log de outro programa, ou uma mudança para SIMPLE no oficial); a contingência aguarda o próximo pacote completo.</translation>
    </message>
    <message>
        <source>The log backup belongs to another recovery path (the official database was restored since): the contingency waits for the next full bundle.</source>
        <translation>O backup de log pertence a outro caminho de recuperação (o banco oficial foi restaurado desde então): a contingência aguarda o próximo pacote completo.</translation>
    </message>
    <message>
        <source>The log backup ends before the point this copy was restored to: it was already applied; the next log backup is needed.</source>
        <translation>O backup de log termina antes do ponto até onde esta cópia foi restaurada: ele já foi aplicado; é preciso o próximo backup de log.</translation>
    </message>
    <message>
        <source>the log backup begins at LSN %1 and the chain ends at LSN %2: another log backup took the log in between (another program's, or a switch to the SIMPLE recovery model)</source>
        <translation>o backup de log começa no LSN %1 e a cadeia termina no LSN %2: outro backup de log levou o log do meio (de outro programa, ou uma mudança para o modelo de recuperação SIMPLE)</translation>
    </message>
    <message>
        <source>the log backup ends at LSN %1, before the chain's LSN %2</source>
        <translation>o backup de log termina no LSN %1, antes do LSN %2 da cadeia</translation>
    </message>
    <message>
        <source>the log is on another recovery path (the database was restored since)</source>
        <translation>o log está em outro caminho de recuperação (o banco foi restaurado desde então)</translation>
    </message>
    <message>
        <source>Log shipping needs the FULL recovery model; %1 is in %2. With FULL, SQL Server keeps every change in the transaction log until a log backup truncates it: this program's log backups, every incremental interval, do; while they stop (the program stopped, a destination unreachable) the log file grows.</source>
        <translation>O envio de log precisa do modelo de recuperação FULL; %1 está em %2. Com FULL, o SQL Server guarda cada alteração no log de transações até um backup de log truncá-lo: os backups de log deste programa, a cada intervalo incremental, fazem isso; enquanto eles param (programa parado, destino inacessível) o arquivo de log cresce.</translation>
    </message>
    <message>
        <source>Check database.server, database.port, database.user and the password, and that the server accepts connections from this machine.</source>
        <translation>Verifique database.server, database.port, database.user e a senha, e se o servidor aceita conexões desta máquina.</translation>
    </message>
    <message>
        <source>Check that the folder is writable. Nothing was saved.</source>
        <translation>Verifique se a pasta pode ser gravada. Nada foi salvo.</translation>
    </message>
    <message>
        <source>Grant the login VIEW SERVER STATE (SQL Server 2019 and older) or VIEW SERVER PERFORMANCE STATE (2022 and newer): GRANT VIEW SERVER STATE TO [%1]. Without it SQL Server shows a login only its own session.</source>
        <translation>Conceda ao login VIEW SERVER STATE (SQL Server 2019 e anteriores) ou VIEW SERVER PERFORMANCE STATE (2022 e posteriores): GRANT VIEW SERVER STATE TO [%1]. Sem isso o SQL Server mostra a um login apenas a própria sessão.</translation>
    </message>
    <message>
        <source>Nothing was changed. %1</source>
        <translation>Nada foi alterado. %1</translation>
    </message>
    <message>
        <source>Nothing was restored and the live database was not changed. %1</source>
        <translation>Nada foi restaurado e o banco de dados em uso não foi alterado. %1</translation>
    </message>
    <message>
        <source>Run the program as an administrator: the settings are shared with the service, in the machine&apos;s registry. Nothing was saved.</source>
        <translation>Execute o programa como administrador: as configurações são compartilhadas com o serviço, no registro da máquina. Nada foi salvo.</translation>
    </message>
    <message>
        <source>The application profile %1 has problems: %2.</source>
        <translation>O perfil de aplicativo %1 tem problemas: %2.</translation>
    </message>
    <message>
        <source>The live database was not changed. %1</source>
        <translation>O banco de dados em uso não foi alterado. %1</translation>
    </message>
    <message>
        <source>The live database was not changed. The database user needs to be a superuser or a member of pg_signal_backend; %1</source>
        <translation>O banco de dados em uso não foi alterado. O usuário do banco precisa ser superusuário ou membro de pg_signal_backend; %1</translation>
    </message>
    <message>
        <source>The live database was not changed; %1</source>
        <translation>O banco de dados em uso não foi alterado; %1</translation>
    </message>
    <message>
        <source>Use %1.</source>
        <translation>Use %1.</translation>
    </message>
    <message>
        <source>close the programs connected to it (on a contingency machine the application must stay closed), or set database.busy_policy to wait.</source>
        <translation>feche os programas conectados a ele (numa máquina de contingência o aplicativo deve ficar fechado) ou defina database.busy_policy como wait.</translation>
    </message>
    <message>
        <source>%1 arrived incomplete (%2)</source>
        <translation>%1 chegou incompleto (%2)</translation>
    </message>
    <message>
        <source>no answer within %1 s</source>
        <translation>nenhuma resposta em %1 s</translation>
    </message>
    <message>
        <source>nothing answers on %1</source>
        <translation>nada responde em %1</translation>
    </message>
    <message>
        <source>the connection failed (%1: %2)</source>
        <translation>a conexão falhou (%1: %2)</translation>
    </message>
    <message>
        <source>the connection was lost (%1: %2)</source>
        <translation>a conexão caiu (%1: %2)</translation>
    </message>
    <message>
        <source>the name %1 could not be resolved</source>
        <translation>o nome %1 não pôde ser resolvido</translation>
    </message>
    <message>
        <source>the server closed the connection</source>
        <translation>o servidor fechou a conexão</translation>
    </message>
    <message>
        <source>the server closed the transfer (%1)</source>
        <translation>o servidor fechou a transferência (%1)</translation>
    </message>
    <message>
        <source>%1 on the FTP server %2</source>
        <translation>%1 no servidor FTP %2</translation>
    </message>
    <message>
        <source>%1 on the SMB server %2</source>
        <translation>%1 no servidor SMB %2</translation>
    </message>
    <message>
        <source>%1 on the SSH server %2</source>
        <translation>%1 no servidor SSH %2</translation>
    </message>
    <message>
        <source>An incremental cycle took %1 s, longer than the interval of %2 s: the data lost if this server fails can be %1 s, not the interval. Make the interval longer or the cycle shorter.</source>
        <translation>Um ciclo incremental levou %1 s, mais que o intervalo de %2 s: os dados perdidos se este servidor falhar podem ser %1 s, não o intervalo. Aumente o intervalo ou encurte o ciclo.</translation>
    </message>
    <message>
        <source>%1 does not hold the segments its manifest names.</source>
        <translation>%1 não contém os segmentos que o seu manifesto indica.</translation>
    </message>
    <message>
        <source>%1 failed: %2 (see %3).</source>
        <translation>%1 falhou: %2 (veja %3).</translation>
    </message>
    <message>
        <source>%1 holds %2, which is not a WAL segment.</source>
        <translation>%1 contém %2, que não é um segmento de WAL.</translation>
    </message>
    <message>
        <source>%1 holds %2, which a base backup may not hold.</source>
        <translation>%1 contém %2, que um backup de base não pode conter.</translation>
    </message>
    <message>
        <source>%1 holds a PostgreSQL base backup (WAL shipping), and no standby data folder is set here.</source>
        <translation>%1 contém um backup base do PostgreSQL (envio de WAL), e nenhuma pasta de dados do standby está definida aqui.</translation>
    </message>
    <message>
        <source>%1 is not in database.pg_bin_dir (%2).</source>
        <translation>%1 não está em database.pg_bin_dir (%2).</translation>
    </message>
    <message>
        <source>Add a replication line to the official&apos;s pg_hba.conf (host replication %1 &lt;this machine&gt; scram-sha-256) and reload.</source>
        <translation>Adicione uma linha de replicação ao pg_hba.conf do oficial (host replication %1 &lt;esta máquina&gt; scram-sha-256) e recarregue.</translation>
    </message>
    <message>
        <source>Give the folder holding database.standby_data_dir to the account that runs PostgreSQL (chown postgres).</source>
        <translation>Dê a pasta que contém database.standby_data_dir à conta que executa o PostgreSQL (chown postgres).</translation>
    </message>
    <message>
        <source>Nothing was changed on the server: bundles stay full (pg_dump) until it is done.</source>
        <translation>Nada foi alterado no servidor: os pacotes continuam completos (pg_dump) até que isso seja feito.</translation>
    </message>
    <message>
        <source>PostgreSQL WAL shipping cannot run on %1: %2.</source>
        <translation>O envio de WAL do PostgreSQL não pode funcionar em %1: %2.</translation>
    </message>
    <message>
        <source>PostgreSQL increments need database.wal_shipping</source>
        <translation>os incrementos do PostgreSQL precisam de database.wal_shipping</translation>
    </message>
    <message>
        <source>Promoting the standby in %1</source>
        <translation>A promoção do standby em %1</translation>
    </message>
    <message>
        <source>Raise max_replication_slots in postgresql.conf and restart PostgreSQL.</source>
        <translation>Aumente max_replication_slots no postgresql.conf e reinicie o PostgreSQL.</translation>
    </message>
    <message>
        <source>Raise max_wal_senders in postgresql.conf and restart PostgreSQL.</source>
        <translation>Aumente max_wal_senders no postgresql.conf e reinicie o PostgreSQL.</translation>
    </message>
    <message>
        <source>Run ALTER ROLE %1 REPLICATION as a superuser, and give it a replication line in pg_hba.conf (host replication %1 &lt;this machine&gt; scram-sha-256), then reload.</source>
        <translation>Execute ALTER ROLE %1 REPLICATION como superusuário e dê a ele uma linha de replicação no pg_hba.conf (host replication %1 &lt;esta máquina&gt; scram-sha-256); depois recarregue.</translation>
    </message>
    <message>
        <source>Set database.pg_bin_dir to the bin folder of the PostgreSQL server installed here.</source>
        <translation>Defina database.pg_bin_dir como a pasta bin do servidor PostgreSQL instalado aqui.</translation>
    </message>
    <message>
        <source>Set database.standby_data_dir (an empty folder this program manages) and database.pg_bin_dir on this contingency.</source>
        <translation>Defina database.standby_data_dir (uma pasta vazia que este programa administra) e database.pg_bin_dir nesta contingência.</translation>
    </message>
    <message>
        <source>Set wal_level = replica in postgresql.conf and restart PostgreSQL.</source>
        <translation>Defina wal_level = replica no postgresql.conf e reinicie o PostgreSQL.</translation>
    </message>
    <message>
        <source>Starting the standby in %1</source>
        <translation>O início do standby em %1</translation>
    </message>
    <message>
        <source>Stopping the standby in %1</source>
        <translation>A parada do standby em %1</translation>
    </message>
    <message>
        <source>Waking the standby in %1</source>
        <translation>O despertar do standby em %1</translation>
    </message>
    <message>
        <source>The base backup does not match its manifest: %1.</source>
        <translation>O backup base não confere com o seu manifesto: %1.</translation>
    </message>
    <message>
        <source>The base backup of %1 spans %2 timelines.</source>
        <translation>O backup base de %1 abrange %2 linhas do tempo (timelines).</translation>
    </message>
    <message>
        <source>The folder %1 belongs to root; PostgreSQL does not run as root.</source>
        <translation>A pasta %1 pertence ao root; o PostgreSQL não roda como root.</translation>
    </message>
    <message>
        <source>The live standby was not changed.</source>
        <translation>O standby em uso não foi alterado.</translation>
    </message>
    <message>
        <source>The live standby was not changed; the next bundle will be tried.</source>
        <translation>O standby em uso não foi alterado; o próximo pacote será tentado.</translation>
    </message>
    <message>
        <source>The official changed timeline during the backup; the next cycle retries.</source>
        <translation>O oficial mudou de linha do tempo durante o backup; o próximo ciclo tenta de novo.</translation>
    </message>
    <message>
        <source>The segments are in %1; see %2. The next check waits again.</source>
        <translation>Os segmentos estão em %1; veja %2. A próxima verificação espera de novo.</translation>
    </message>
    <message>
        <source>The standby in %1 replayed the WAL up to %2, not yet %3, within %4 s.</source>
        <translation>O standby em %1 aplicou o WAL até %2, ainda não %3, em %4 s.</translation>
    </message>
    <message>
        <source>WAL segment %1 is missing (after %2)</source>
        <translation>falta o segmento de WAL %1 (depois de %2)</translation>
    </message>
    <message>
        <source>WAL shipping copies the data folder only; keep the databases in pg_default.</source>
        <translation>O envio de WAL copia só a pasta de dados; mantenha os bancos em pg_default.</translation>
    </message>
    <message>
        <source>WAL shipping needs PostgreSQL 15 or later.</source>
        <translation>O envio de WAL exige PostgreSQL 15 ou posterior.</translation>
    </message>
    <message>
        <source>no free WAL sender (max_wal_senders = %1, %2 in use)</source>
        <translation>nenhum WAL sender livre (max_wal_senders = %1, %2 em uso)</translation>
    </message>
    <message>
        <source>no free replication slot (max_replication_slots = %1)</source>
        <translation>nenhum slot de replicação livre (max_replication_slots = %1)</translation>
    </message>
    <message>
        <source>the WAL begins at segment %1 and the chain needs %2 (the WAL in between is gone: a new timeline, a slot lost or recreated)</source>
        <translation>o WAL começa no segmento %1 e a cadeia precisa de %2 (o WAL entre eles se perdeu: uma nova linha do tempo, um slot perdido ou recriado)</translation>
    </message>
    <message>
        <source>the replication slot %1 is gone or lost WAL</source>
        <translation>o slot de replicação %1 sumiu ou perdeu WAL</translation>
    </message>
    <message>
        <source>the server has %1 tablespace(s) of its own</source>
        <translation>o servidor tem %1 tablespace(s) próprio(s)</translation>
    </message>
    <message>
        <source>the server is another PostgreSQL installation (system %1)</source>
        <translation>o servidor é outra instalação do PostgreSQL (sistema %1)</translation>
    </message>
    <message>
        <source>the server is version %1</source>
        <translation>o servidor é da versão %1</translation>
    </message>
    <message>
        <source>the standby in %1 is no longer in recovery (it was promoted)</source>
        <translation>o standby em %1 não está mais em recuperação (foi promovido)</translation>
    </message>
    <message>
        <source>the standby&apos;s WAL goes on at segment %1; %2 begins at %3</source>
        <translation>o WAL do standby continua no segmento %1; %2 começa em %3</translation>
    </message>
    <message>
        <source>the user %1 has no REPLICATION attribute</source>
        <translation>o usuário %1 não tem o atributo REPLICATION</translation>
    </message>
    <message>
        <source>wal_level is %1</source>
        <translation>wal_level é %1</translation>
    </message>
    <message>
        <source>the WAL since the last bundle (%1 segments) is larger than a base backup</source>
        <translation>o WAL desde o último pacote (%1 segmentos) é maior que um backup base</translation>
    </message>
    <message>
        <source>The bundle holds a pg_dump, and this contingency runs a standby of the official&apos;s WAL in %1, which cannot take one.</source>
        <translation>O pacote contém um pg_dump, e esta contingência mantém em %1 um standby do WAL do oficial, que não pode recebê-lo.</translation>
    </message>
    <message>
        <source>Turn database.wal_shipping on at the official (its next full bundle is a base backup), or clear database.standby_data_dir here.</source>
        <translation>Ligue database.wal_shipping no oficial (o seu próximo pacote completo é um backup base), ou esvazie database.standby_data_dir aqui.</translation>
    </message>
</context>
<context>
    <name>Label</name>
    <message>
        <source>database</source>
        <translation>banco de dados</translation>
    </message>
    <message>
        <source>destination 1</source>
        <translation>destino 1</translation>
    </message>
    <message>
        <source>destination 2</source>
        <translation>destino 2</translation>
    </message>
    <message>
        <source>source</source>
        <translation>origem</translation>
    </message>
</context>
<context>
    <name>ChangedElsewhereBar</name>
    <message>
        <source>Keep my changes</source>
        <translation>Manter minhas alterações</translation>
    </message>
    <message>
        <source>Reload the saved settings</source>
        <translation>Recarregar as configurações salvas</translation>
    </message>
    <message>
        <source>The settings were changed elsewhere (another window, the command line or the Assistente). You edited fields that now differ: %1. Reload the saved settings, or keep your changes and save them.</source>
        <translation>As configurações foram alteradas em outro lugar (outra janela, a linha de comando ou o Assistente). Você editou campos que agora diferem: %1. Recarregue as configurações salvas ou mantenha suas alterações e salve-as.</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <source>Allow</source>
        <translation>Permitir</translation>
    </message>
</context>
<context>
    <name>AccountsRow</name>
    <message>
        <source>(none: no e-mail is sent)</source>
        <translation>(nenhum: nenhum e-mail é enviado)</translation>
    </message>
    <message>
        <source>E-mail account:</source>
        <translation>E-mail cadastrado:</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Editar</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Novo</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remover</translation>
    </message>
    <message>
        <source>Remove e-mail account</source>
        <translation>Remover conta de e-mail</translation>
    </message>
    <message>
        <source>Remove the account {0}? No e-mail is sent until another one is chosen.</source>
        <translation>Remover a conta {0}? Nenhum e-mail será enviado até que outra seja escolhida.</translation>
    </message>
</context>
<context>
    <name>Setting</name>
    <message>
        <source>Refuse a backup that shrank by more than (%)</source>
        <translation>Recusar um backup que encolheu mais de (%)</translation>
    </message>
    <message>
        <source>against the last one published (official) or restored (contingency); 100 turns the check off</source>
        <translation>em relação ao último publicado (oficial) ou restaurado (contingência); 100 desliga a verificação</translation>
    </message>
    <message>
        <source>Users to logins</source>
        <translation>Usuários para logons</translation>
    </message>
    <message>
        <source>SQL Server: the restored database's users mapped to this server's logins, as user=login separated by commas; a user not listed maps to the login of its own name; no login is created</source>
        <translation>SQL Server: os usuários do banco restaurado associados aos logons deste servidor, como usuário=logon separados por vírgulas; um usuário não listado é associado ao logon de mesmo nome; nenhum logon é criado</translation>
    </message>
    <message>
        <source>Database owner</source>
        <translation>Proprietário do banco de dados</translation>
    </message>
    <message>
        <source>SQL Server: the login that owns the restored database; empty keeps the restoring login</source>
        <translation>SQL Server: o logon proprietário do banco restaurado; vazio mantém o logon que restaurou</translation>
    </message>
    <message>
        <source>Shared backup folder</source>
        <translation>Pasta compartilhada do backup</translation>
    </message>
    <message>
        <source>SQL Server on another machine: a folder (share) both the SQL Server service and this program reach; the .bak passes through it</source>
        <translation>SQL Server em outra máquina: uma pasta (compartilhamento) que o serviço do SQL Server e este programa alcançam; o .bak passa por ela</translation>
    </message>
    <message>
        <source>Shared backup folder on the server</source>
        <translation>Pasta compartilhada do backup no servidor</translation>
    </message>
    <message>
        <source>the same folder as the SQL Server machine names it; empty: the same path</source>
        <translation>a mesma pasta, como a máquina do SQL Server a chama; vazio: o mesmo caminho</translation>
    </message>
    <message>
        <source>Enable contingency mode</source>
        <translation>Habilitar Modo Contingência</translation>
    </message>
    <message>
        <source>the general switch: when off, nothing runs (F1)</source>
        <translation>a chave geral: desligada, nada é executado (F1)</translation>
    </message>
    <message>
        <source>Operation mode</source>
        <translation>Modo de Operação</translation>
    </message>
    <message>
        <source>Machine name</source>
        <translation>Nome da máquina</translation>
    </message>
    <message>
        <source>how this machine is named in status and e-mails</source>
        <translation>como esta máquina é chamada no estado e nos e-mails</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>empty follows the system; en or pt_BR</source>
        <translation>vazio segue o sistema; en ou pt_BR</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>Tipo de banco</translation>
    </message>
    <message>
        <source>SQLite database file</source>
        <translation>Arquivo do banco SQLite</translation>
    </message>
    <message>
        <source>Server and instance</source>
        <translation>Servidor e instância</translation>
    </message>
    <message>
        <source>SQL Server: HOST\INSTANCE or host,port; PostgreSQL: host</source>
        <translation>SQL Server: HOST\INSTANCIA ou host,porta; PostgreSQL: host</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Porta</translation>
    </message>
    <message>
        <source>Database name</source>
        <translation>Nome do banco de dados</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>Autenticação</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuário</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Senha</translation>
    </message>
    <message>
        <source>ODBC driver</source>
        <translation>Driver ODBC</translation>
    </message>
    <message>
        <source>empty picks the newest installed</source>
        <translation>vazio escolhe o mais novo instalado</translation>
    </message>
    <message>
        <source>Database storage folder</source>
        <translation>Local de armazenamento do banco de dados</translation>
    </message>
    <message>
        <source>where the restored database files are stored (SQL Server)</source>
        <translation>onde ficam os arquivos do banco restaurado (SQL Server)</translation>
    </message>
    <message>
        <source>When the database is in use</source>
        <translation>Quando o banco de dados está em uso</translation>
    </message>
    <message>
        <source>wait for other clients to leave, or fail at once</source>
        <translation>esperar os outros clientes saírem, ou falhar na hora</translation>
    </message>
    <message>
        <source>Wait at most (seconds)</source>
        <translation>Esperar no máximo (segundos)</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>folder (local, mounted or UNC path), ftp, ftps, sftp, smb; none leaves the second destination unused</source>
        <translation>folder (caminho local, montado ou UNC), ftp, ftps, sftp, smb; none deixa o segundo destino sem uso</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Pasta</translation>
    </message>
    <message>
        <source>folder: local or UNC path; ftp/ftps/sftp: folder on the server; smb: \\server\share\folder</source>
        <translation>folder: caminho local ou UNC; ftp/ftps/sftp: pasta no servidor; smb: \\servidor\compartilhamento\pasta</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host/IP</translation>
    </message>
    <message>
        <source>host name or IP of the FTP/SFTP server</source>
        <translation>nome ou IP do servidor FTP/SFTP</translation>
    </message>
    <message>
        <source>0 uses the usual port of the kind (21, 22, 445)</source>
        <translation>0 usa a porta habitual do tipo (21, 22, 445)</translation>
    </message>
    <message>
        <source>kept in the system keyring, never in the settings file</source>
        <translation>guardada no cofre de senhas do sistema, nunca no arquivo de configurações</translation>
    </message>
    <message>
        <source>Passive mode (FTP)</source>
        <translation>Modo passivo (FTP)</translation>
    </message>
    <message>
        <source>Trusted certificate (FTPS)</source>
        <translation>Certificado confiável (FTPS)</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint of a self-signed certificate to trust</source>
        <translation>impressão digital SHA-256 de um certificado autoassinado a confiar</translation>
    </message>
    <message>
        <source>Host key (SFTP)</source>
        <translation>Chave do servidor (SFTP)</translation>
    </message>
    <message>
        <source>pinned SHA256 fingerprint of the server's host key</source>
        <translation>impressão digital SHA256 fixada da chave do servidor</translation>
    </message>
    <message>
        <source>Private key file (SFTP)</source>
        <translation>Arquivo de chave privada (SFTP)</translation>
    </message>
    <message>
        <source>Timeout (seconds)</source>
        <translation>Tempo limite (segundos)</translation>
    </message>
    <message>
        <source>Bandwidth limit (KiB/s)</source>
        <translation>Limite de banda (KiB/s)</translation>
    </message>
    <message>
        <source>the most this machine sends or receives per second over this link, on average; 0 = no limit (spares a store's slow link)</source>
        <translation>o máximo que esta máquina envia ou recebe por segundo neste link, em média; 0 = sem limite (poupa o link lento de uma loja)</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Periodicidade</translation>
    </message>
    <message>
        <source>fixed: every interval_min minutes; times: at up to three times of day</source>
        <translation>fixed: a cada interval_min minutos; times: em até três horários do dia</translation>
    </message>
    <message>
        <source>Fixed interval (minutes)</source>
        <translation>Intervalo Fixo (minutos)</translation>
    </message>
    <message>
        <source>Times of day</source>
        <translation>Horários do dia</translation>
    </message>
    <message>
        <source>up to three times as HH:MM, separated by commas</source>
        <translation>até três horários como HH:MM, separados por vírgulas</translation>
    </message>
    <message>
        <source>Compression level</source>
        <translation>Grau de compactação</translation>
    </message>
    <message>
        <source>0 stores, 1 fastest ... 9 smallest</source>
        <translation>0 só armazena, 1 mais rápido ... 9 menor</translation>
    </message>
    <message>
        <source>Bundles kept per destination</source>
        <translation>Backups mantidos por pasta</translation>
    </message>
    <message>
        <source>Work folder</source>
        <translation>Pasta de trabalho</translation>
    </message>
    <message>
        <source>where the backup is prepared; empty uses the home's work folder</source>
        <translation>onde o backup é preparado; vazio usa a pasta de trabalho da instância</translation>
    </message>
    <message>
        <source>Encryption passphrase</source>
        <translation>Frase-senha de criptografia</translation>
    </message>
    <message>
        <source>when set, bundles are encrypted (AES-256-GCM, .zip.enc); the contingency needs the same passphrase</source>
        <translation>definida, os backups são criptografados (AES-256-GCM, .zip.enc); a contingência precisa da mesma frase-senha</translation>
    </message>
    <message>
        <source>Temporary folder</source>
        <translation>Pasta temporária</translation>
    </message>
    <message>
        <source>where the bundle is received and extracted; empty uses the home's work folder</source>
        <translation>onde o backup é recebido e extraído; vazio usa a pasta de trabalho da instância</translation>
    </message>
    <message>
        <source>Check for a new backup every (seconds)</source>
        <translation>Procurar um novo backup a cada (segundos)</translation>
    </message>
    <message>
        <source>Official silent after (minutes)</source>
        <translation>Oficial em silêncio após (minutos)</translation>
    </message>
    <message>
        <source>0 follows the schedule the official announces</source>
        <translation>0 segue a periodicidade que o Oficial anuncia</translation>
    </message>
    <message>
        <source>Grace before 'official silent' (minutes)</source>
        <translation>Tolerância antes de 'Oficial em silêncio' (minutos)</translation>
    </message>
    <message>
        <source>the official's passphrase, to open encrypted bundles</source>
        <translation>a frase-senha do Oficial, para abrir backups criptografados</translation>
    </message>
    <message>
        <source>Full integrity check every (hours)</source>
        <translation>Verificação completa de integridade a cada (horas)</translation>
    </message>
    <message>
        <source>other restores run the quick check; 0 runs the full check at every restore</source>
        <translation>as outras restaurações fazem a verificação rápida; 0 faz a completa em toda restauração</translation>
    </message>
    <message>
        <source>E-mail account</source>
        <translation>Conta de e-mail</translation>
    </message>
    <message>
        <source>name of a registered account; empty sends nothing</source>
        <translation>nome de uma conta cadastrada; vazio não envia nada</translation>
    </message>
    <message>
        <source>Events sent</source>
        <translation>Eventos enviados</translation>
    </message>
    <message>
        <source>Reminder while a problem lasts (minutes)</source>
        <translation>Lembrete enquanto um problema durar (minutos)</translation>
    </message>
    <message>
        <source>0 sends no reminder</source>
        <translation>0 não envia lembrete</translation>
    </message>
    <message>
        <source>Daily summary</source>
        <translation>Resumo diário</translation>
    </message>
    <message>
        <source>Daily summary at</source>
        <translation>Resumo diário às</translation>
    </message>
    <message>
        <source>Application profile</source>
        <translation>Perfil do aplicativo</translation>
    </message>
    <message>
        <source>TOML file naming where the application keeps its settings (required to promote; docs/promotion.md)</source>
        <translation>arquivo TOML que diz onde o aplicativo guarda suas configurações (necessário para promover; docs/promotion.md)</translation>
    </message>
    <message>
        <source>New host name or IP</source>
        <translation>Novo nome ou IP do servidor</translation>
    </message>
    <message>
        <source>the name or IP the stores use to reach this machine once promoted; empty uses the machine name</source>
        <translation>o nome ou IP que as lojas usam para chegar a esta máquina depois de promovida; vazio usa o nome da máquina</translation>
    </message>
    <message>
        <source>Old official's host name</source>
        <translation>Nome do antigo servidor Oficial</translation>
    </message>
    <message>
        <source>empty takes it from the last restored backup or the backup computer setting</source>
        <translation>vazio o obtém do último backup restaurado ou da configuração do computador de backup</translation>
    </message>
    <message>
        <source>Path prefix changes</source>
        <translation>Trocas de prefixo de caminho</translation>
    </message>
    <message>
        <source>OLD=NEW items separated by commas, e.g. \\OFICIAL\MGV7=D:\MGV7 (a path with a comma cannot be given here)</source>
        <translation>itens ANTIGO=NOVO separados por vírgulas, por exemplo \\OFICIAL\MGV7=D:\MGV7 (um caminho com vírgula não pode ser dado aqui)</translation>
    </message>
    <message>
        <source>Create the missing local folders (F14)</source>
        <translation>Criar as pastas locais que faltam (F14)</translation>
    </message>
    <message>
        <source>Service hooks file</source>
        <translation>Arquivo de comandos de serviço</translation>
    </message>
    <message>
        <source>TOML file of the commands to stop before and start after the promotion (the LMP license service); empty uses promotion-hooks.toml in the home</source>
        <translation>arquivo TOML dos comandos para parar antes e iniciar depois da promoção (o serviço de licença LMP); vazio usa promotion-hooks.toml da instância</translation>
    </message>
    <message>
        <source>Service hook timeout (seconds)</source>
        <translation>Tempo limite dos comandos de serviço (segundos)</translation>
    </message>
    <message>
        <source>Incremental bundles every (minutes)</source>
        <translation>Pacotes incrementais a cada (minutos)</translation>
    </message>
    <message>
        <source>with incremental bundles: whole chains, each a full bundle and the increments after it</source>
        <translation>com pacotes incrementais: cadeias inteiras, cada uma um pacote completo e os incrementos depois dele</translation>
    </message>
    <message>
        <source>Acknowledgements between the pair</source>
        <translation>Confirmações entre oficial e contingência</translation>
    </message>
    <message>
        <source>contingency: writes what it applied into the folder it reads (ACK_&lt;id&gt;.TXT); official: reads them, shows each contingency and alerts when one falls behind</source>
        <translation>contingência: grava o que aplicou na pasta que lê (ACK_&lt;id&gt;.TXT); oficial: lê essas confirmações, mostra cada contingência e alerta quando uma fica para trás</translation>
    </message>
    <message>
        <source>Contingency behind after (minutes)</source>
        <translation>Contingência atrasada após (minutos)</translation>
    </message>
    <message>
        <source>alert when the first backup a contingency has not applied was published longer ago than this; 0 = two backup intervals, at least 15 minutes</source>
        <translation>alerta quando o primeiro backup que uma contingência não aplicou foi publicado há mais tempo que isto; 0 = dois intervalos de backup, no mínimo 15 minutos</translation>
    </message>
    <message>
        <source>Acknowledgement missing after (minutes)</source>
        <translation>Confirmação ausente após (minutos)</translation>
    </message>
    <message>
        <source>alert when a contingency&apos;s acknowledgement has not changed for this long; 0 = three of its checks, at least 15 minutes</source>
        <translation>alerta quando a confirmação de uma contingência não muda há este tempo; 0 = três das verificações dela, no mínimo 15 minutos</translation>
    </message>
    <message>
        <source>Check of each increment</source>
        <translation>Verificação de cada incremento</translation>
    </message>
    <message>
        <source>SQLite, incremental bundles: quick_check reads the whole copy before it is published; pages checks by sha256 that every page it does not change is the checked copy's and takes the changed ones from SQLite's consistent snapshot, so the increment takes time in proportion to the change; every full bundle still gets integrity_check</source>
        <translation>SQLite, pacotes incrementais: quick_check lê a cópia inteira antes de ela ser publicada; pages verifica pelo sha256 que cada página que ele não muda é a da cópia verificada e toma as alteradas do instantâneo consistente do SQLite, de modo que o incremento leva tempo proporcional à mudança; todo pacote completo continua recebendo integrity_check</translation>
    </message>
    <message>
        <source>SQLite, incremental bundles: quick_check reads the whole patched file before it goes live; pages checks only what the increment changes (the sha256 of the pages it overwrites and writes) and the apply takes time in proportion to the change; the full check still runs on its schedule</source>
        <translation>SQLite, pacotes incrementais: quick_check lê o arquivo atualizado inteiro antes de ele entrar em uso; pages verifica só o que o incremento muda (o sha256 das páginas que ele sobrescreve e escreve) e a aplicação leva tempo proporcional à mudança; a verificação completa continua no seu horário</translation>
    </message>
    <message>
        <source>Allow the FULL recovery model (SQL Server log shipping)</source>
        <translation>Permitir o modelo de recuperação FULL (envio de log do SQL Server)</translation>
    </message>
    <message>
        <source>SQL Server with incremental bundles: this program may set the database to the FULL recovery model, where the transaction log grows until a log backup (this program's, every incremental interval) truncates it; off: a database in SIMPLE gets full bundles only</source>
        <translation>SQL Server com pacotes incrementais: este programa pode passar o banco para o modelo de recuperação FULL, em que o log de transações cresce até um backup de log (deste programa, a cada intervalo incremental) truncá-lo; desligado: um banco em SIMPLE recebe só pacotes completos</translation>
    </message>
    <message>
        <source>SQL Server log shipping needs the FULL recovery model: a database in SIMPLE is changed to FULL (ALTER DATABASE ... SET RECOVERY FULL) at its next backup. SQL Server then keeps every change in the transaction log until a log backup truncates it; this program's log backups do, every incremental interval, and while they stop (the program stopped, a destination unreachable) the log file grows, and with it the disk it is on. Another program's log backups of this database make the next bundle a full one.</source>
        <translation>O envio de log do SQL Server exige o modelo de recuperação FULL: um banco em SIMPLE é mudado para FULL (ALTER DATABASE ... SET RECOVERY FULL) no seu próximo backup. O SQL Server então guarda toda alteração no log de transações até que um backup de log o trunque; os backups de log deste programa fazem isso, a cada intervalo incremental, e enquanto eles param (o programa parado, um destino inacessível) o arquivo de log cresce, e com ele o disco em que está. Backups de log deste banco feitos por outro programa tornam completo o pacote seguinte.</translation>
    </message>
    <message>
        <source>Continuous incremental bundles</source>
        <translation>Pacotes incrementais contínuos</translation>
    </message>
    <message>
        <source>SQLite: the worker watches the database and publishes a small bundle soon after each committed change (an idle database publishes nothing); the incremental interval, when set, still makes one at least that often</source>
        <translation>SQLite: o serviço observa o banco e publica um pacote pequeno logo após cada alteração gravada (um banco parado não publica nada); o intervalo incremental, quando definido, ainda gera um pelo menos nessa frequência</translation>
    </message>
    <message>
        <source>Continuous: at most one bundle every (seconds)</source>
        <translation>Contínuo: no máximo um pacote a cada (segundos)</translation>
    </message>
    <message>
        <source>how long after the start of one continuous bundle the next may start; the data lost when this server fails is about this plus one cycle</source>
        <translation>quanto tempo depois do início de um pacote contínuo o próximo pode começar; os dados perdidos se este servidor falhar são cerca disso mais um ciclo</translation>
    </message>
    <message>
        <source>Ship the WAL (PostgreSQL incremental bundles)</source>
        <translation>Enviar o WAL (pacotes incrementais do PostgreSQL)</translation>
    </message>
    <message>
        <source>PostgreSQL WAL shipping creates on the official server one physical replication slot, contingencia_&lt;database&gt;, and reads the WAL through the replication protocol as the configured user, who needs the REPLICATION attribute and a replication line in pg_hba.conf (wal_level replica, a free WAL sender). The slot keeps every WAL segment this program has not received yet: while its cycles stop (the program stopped, the official unreachable) the server&apos;s pg_wal folder grows, and with it the disk it is on, unless max_slot_wal_keep_size caps it (then the chain breaks and a full bundle starts a new one). Each full bundle is a pg_basebackup of the whole server.</source>
        <translation>O envio de WAL do PostgreSQL cria no servidor oficial um slot de replicação física, contingencia_&lt;banco&gt;, e lê o WAL pelo protocolo de replicação como o usuário configurado, que precisa do atributo REPLICATION e de uma linha de replicação no pg_hba.conf (wal_level replica, um WAL sender livre). O slot guarda todo segmento de WAL que este programa ainda não recebeu: enquanto os seus ciclos param (o programa parado, o oficial inacessível) a pasta pg_wal do servidor cresce, e com ela o disco em que está, a menos que max_slot_wal_keep_size a limite (então a cadeia se rompe e um pacote completo começa outra). Cada pacote completo é um pg_basebackup do servidor inteiro.</translation>
    </message>
    <message>
        <source>PostgreSQL with incremental bundles: each full bundle is a base backup of the server (pg_basebackup) and each increment the WAL since the last one, received through a replication slot; the contingency replays them in a standby (database.standby_data_dir); off: pg_dump bundles</source>
        <translation>PostgreSQL com pacotes incrementais: cada pacote completo é um backup base do servidor (pg_basebackup) e cada incremento o WAL desde o anterior, recebido por um slot de replicação; a contingência os aplica num standby (database.standby_data_dir); desligado: pacotes de pg_dump</translation>
    </message>
    <message>
        <source>Standby data folder (PostgreSQL)</source>
        <translation>Pasta de dados do standby (PostgreSQL)</translation>
    </message>
    <message>
        <source>contingency with WAL shipping: the data folder of the standby this program restores, starts on database.port and promotes; its parent folder holds .staging, .old, .archive and .log beside it</source>
        <translation>contingência com envio de WAL: a pasta de dados do standby que este programa restaura, inicia em database.port e promove; a pasta acima dela guarda .staging, .old, .archive e .log ao lado</translation>
    </message>
    <message>
        <source>PostgreSQL server programs folder</source>
        <translation>Pasta dos programas do servidor PostgreSQL</translation>
    </message>
    <message>
        <source>the bin folder holding pg_ctl and pg_verifybackup for the standby; empty: PATH, then the newest installed version</source>
        <translation>a pasta bin com o pg_ctl e o pg_verifybackup para o standby; vazio: o PATH, depois a versão instalada mais nova</translation>
    </message>
    <message>
        <source>SQLite: between the full bundles of the schedule above, a small bundle of the changed pages every so many minutes (1 at the least); SQL Server: a log backup (log shipping); PostgreSQL: the WAL since the last bundle (database.wal_shipping); 0 = off, every bundle is full</source>
        <translation>SQLite: entre os pacotes completos do agendamento acima, um pacote pequeno só com as páginas alteradas a cada tantos minutos (no mínimo 1); SQL Server: um backup de log (envio de log); PostgreSQL: o WAL desde o último pacote (database.wal_shipping); 0 = desligado, todo pacote é completo</translation>
    </message>
</context>
<context>
    <name>AdvancedGroup</name>
    <message>
        <source>Advanced options</source>
        <translation>Opções avançadas</translation>
    </message>
    <message>
        <source>Full integrity check every:</source>
        <translation>Verificação completa de integridade a cada:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Idioma:</translation>
    </message>
    <message>
        <source>Machine name:</source>
        <translation>Nome da máquina:</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Idioma do sistema</translation>
    </message>
    <message>
        <source>Temporary folder:</source>
        <translation>Pasta temporária:</translation>
    </message>
    <message>
        <source>Work folder (official):</source>
        <translation>Pasta de trabalho (Oficial):</translation>
    </message>
    <message>
        <source>at every restore</source>
        <translation>a cada restauração</translation>
    </message>
    <message>
        <source>empty: the instance's work folder</source>
        <translation>vazio: pasta de trabalho da instância</translation>
    </message>
</context>
<context>
    <name>CommandButtons</name>
    <message>
        <source>A cycle is already running.</source>
        <translation>Já há um ciclo em andamento.</translation>
    </message>
    <message>
        <source>Another process is running a cycle of this instance now; try again when it ends.</source>
        <translation>Outro processo está executando um ciclo desta instância; tente novamente quando terminar.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fechar</translation>
    </message>
    <message>
        <source>Contingency mode is off: tick "Enable contingency mode" and save first.</source>
        <translation>O Modo Contingência está desligado: marque "Habilitar Modo Contingência" e salve antes.</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Banco de dados</translation>
    </message>
    <message>
        <source>Destination 1</source>
        <translation>Pasta 1</translation>
    </message>
    <message>
        <source>Destination 2</source>
        <translation>Pasta 2</translation>
    </message>
    <message>
        <source>Put back the store settings the last promotion changed (hosts, paths).</source>
        <translation>Devolve as configurações das lojas que a última promoção alterou (servidores, caminhos).</translation>
    </message>
    <message>
        <source>Run now</source>
        <translation>Executar agora</translation>
    </message>
    <message>
        <source>Running a cycle now...</source>
        <translation>Executando um ciclo agora...</translation>
    </message>
    <message>
        <source>Running: %1</source>
        <translation>Executando: %1</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Salvar</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origem</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Testar conexão</translation>
    </message>
    <message>
        <source>Testing the connections...</source>
        <translation>Testando as conexões...</translation>
    </message>
    <message>
        <source>The background service runs the cycles here: it was asked to run one now. Follow it in the Status tab.</source>
        <translation>O Serviço de Contingência executa os ciclos nesta máquina: foi solicitado a executar um agora. Acompanhe na aba Estado.</translation>
    </message>
    <message>
        <source>The changes must be saved before running. Save them now?</source>
        <translation>As alterações precisam ser salvas antes de executar. Salvar agora?</translation>
    </message>
    <message>
        <source>The promotion could not be undone: %1</source>
        <translation>A promoção não pôde ser desfeita: %1</translation>
    </message>
    <message>
        <source>The wizard saved the settings: the window shows them.</source>
        <translation>O Assistente salvou as configurações: a janela já as mostra.</translation>
    </message>
    <message>
        <source>Undo promotion</source>
        <translation>Desfazer promoção</translation>
    </message>
    <message>
        <source>Undo the promotion?

Put back: the values the promotion changed in the store database (the communication server of every store and the paths), in one transaction.

Left as they are: the mode (this machine stays Official until you change it to Contingency and save), the fencing mark (PROMOTED.TXT) in the shared folders and the epoch, so the old official does not start publishing again by surprise, and the services the promotion started.</source>
        <translation>Desfazer a promoção?

Será devolvido: os valores que a promoção alterou no banco das lojas (o servidor de comunicação de cada loja e os caminhos), em uma única transação.

Fica como está: o modo (esta máquina continua Oficial até você mudá-lo para Contingência e salvar), a marca de substituição (PROMOTED.TXT) nas pastas compartilhadas e a época, para que o antigo Oficial não volte a publicar de surpresa, e os serviços que a promoção iniciou.</translation>
    </message>
    <message>
        <source>Undoing the promotion...</source>
        <translation>Desfazendo a promoção...</translation>
    </message>
    <message>
        <source>Wizard</source>
        <translation>Assistente</translation>
    </message>
</context>
<context>
    <name>ContingencyGroup</name>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Check for a new backup every:</source>
        <translation>Verificar novo backup a cada:</translation>
    </message>
    <message>
        <source>Communication mode</source>
        <translation>Modo de Comunicação</translation>
    </message>
    <message>
        <source>Contingency mode parameters</source>
        <translation>Parâmetros Modo Contingência</translation>
    </message>
    <message>
        <source>Encryption passphrase (if the official encrypts):</source>
        <translation>Senha de criptografia (se o Oficial criptografar):</translation>
    </message>
    <message>
        <source>Grace before the alert:</source>
        <translation>Tolerância antes do alerta:</translation>
    </message>
    <message>
        <source>Official silent after:</source>
        <translation>Alertar Oficial sem backup após:</translation>
    </message>
    <message>
        <source>follow the official's schedule</source>
        <translation>seguir a periodicidade do Oficial</translation>
    </message>
    <message>
        <source>the whole file (quick_check)</source>
        <translation>o arquivo inteiro (quick_check)</translation>
    </message>
    <message>
        <source>only the pages it changes</source>
        <translation>só as páginas que ele altera</translation>
    </message>
    <message>
        <source>Check of each increment:</source>
        <translation>Verificação de cada incremento:</translation>
    </message>
</context>
<context>
    <name>DatabaseGroup</name>
    <message>
        <source>Authentication:</source>
        <translation>Autenticação:</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Banco de dados</translation>
    </message>
    <message>
        <source>Database name:</source>
        <translation>Nome do banco de dados:</translation>
    </message>
    <message>
        <source>Database storage folder:</source>
        <translation>Local de armazenamento do banco de dados:</translation>
    </message>
    <message>
        <source>Engine:</source>
        <translation>Tipo de banco:</translation>
    </message>
    <message>
        <source>ODBC driver:</source>
        <translation>Driver ODBC:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Senha:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Porta:</translation>
    </message>
    <message>
        <source>SQLite (embedded)</source>
        <translation>SQLite (embutido)</translation>
    </message>
    <message>
        <source>SQLite database file:</source>
        <translation>Arquivo do banco SQLite:</translation>
    </message>
    <message>
        <source>SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)</source>
        <translation>Bancos SQLite (*.db *.sqlite *.sqlite3);;Todos os arquivos (*)</translation>
    </message>
    <message>
        <source>Server and instance:</source>
        <translation>Servidor e instância:</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Servidor:</translation>
    </message>
    <message>
        <source>User and password</source>
        <translation>Usuário e senha</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Usuário:</translation>
    </message>
    <message>
        <source>Wait at most:</source>
        <translation>Aguardar no máximo:</translation>
    </message>
    <message>
        <source>When the database is in use:</source>
        <translation>Quando o banco estiver em uso:</translation>
    </message>
    <message>
        <source>Windows</source>
        <translation>Windows</translation>
    </message>
    <message>
        <source>default</source>
        <translation>padrão</translation>
    </message>
    <message>
        <source>fail at once</source>
        <translation>falhar imediatamente</translation>
    </message>
    <message>
        <source>newest installed</source>
        <translation>o mais recente instalado</translation>
    </message>
    <message>
        <source>wait for the other clients</source>
        <translation>aguardar os outros clientes</translation>
    </message>
    <message>
        <source>Allow the FULL recovery model?</source>
        <translation>Permitir o modelo de recuperação FULL?</translation>
    </message>
    <message>
        <source>Incremental bundles for SQL Server are its log shipping: log backups, which need the database in the FULL recovery model. Allowed, this program sets a database in SIMPLE to FULL at its next backup (nothing changes before Salvar).

In FULL, SQL Server keeps every change in the transaction log (.ldf) until a log backup truncates it. This program's log backups do, every incremental interval; while they stop (the service stopped, a destination unreachable, a failing cycle) the log grows, and with it the disk it is on.

Another program's log backups of this database make the next bundle a full one. Not allowed, a database in SIMPLE gets full bundles only.</source>
        <translation>Os pacotes incrementais do SQL Server são o seu envio de log: backups de log, que exigem o banco de dados no modelo de recuperação FULL. Permitido, este programa muda um banco em SIMPLE para FULL no próximo backup (nada muda antes de Salvar).

Em FULL, o SQL Server guarda toda alteração no log de transações (.ldf) até que um backup de log o trunque. Os backups de log deste programa fazem isso, a cada intervalo incremental; enquanto eles param (o serviço parado, um destino inacessível, um ciclo falhando), o log cresce, e com ele o disco em que está.

Backups de log deste banco feitos por outro programa tornam completo o pacote seguinte. Não permitido, um banco em SIMPLE recebe só pacotes completos.</translation>
    </message>
    <message>
        <source>Allow FULL recovery</source>
        <translation>Permitir recuperação FULL</translation>
    </message>
</context>
<context>
    <name>EmailGroup</name>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Daily summary at</source>
        <translation>Resumo diário às</translation>
    </message>
    <message>
        <source>E-mail notifications</source>
        <translation>Notificações por E-mail</translation>
    </message>
    <message>
        <source>Remind while a problem lasts, every:</source>
        <translation>Lembrar enquanto o problema durar, a cada:</translation>
    </message>
    <message>
        <source>Send an e-mail when:</source>
        <translation>Enviar e-mail quando:</translation>
    </message>
    <message>
        <source>no reminder</source>
        <translation>sem lembrete</translation>
    </message>
</context>
<context>
    <name>GeneralGroup</name>
    <message>
        <source>Enable contingency mode</source>
        <translation>Habilitar Modo Contingência</translation>
    </message>
    <message>
        <source>General parameters</source>
        <translation>Parâmetros Gerais</translation>
    </message>
    <message>
        <source>Off: the settings are kept, but nothing runs until this box is ticked and the settings are saved.</source>
        <translation>Desligado: as configurações são mantidas, mas nada é executado até que esta opção seja marcada e as configurações sejam salvas.</translation>
    </message>
</context>
<context>
    <name>ModeGroup</name>
    <message>
        <source>Contingency</source>
        <translation>Contingência</translation>
    </message>
    <message>
        <source>Official</source>
        <translation>Oficial</translation>
    </message>
    <message>
        <source>Operation mode</source>
        <translation>Modo de Operação</translation>
    </message>
</context>
<context>
    <name>OfficialGroup</name>
    <message>
        <source>Backups kept per destination:</source>
        <translation>Backups mantidos por pasta:</translation>
    </message>
    <message>
        <source>Compression level (0-9):</source>
        <translation>Grau de compactação (0-9):</translation>
    </message>
    <message>
        <source>Destination 1 (contingency server 1)</source>
        <translation>Pasta 1 (servidor de contingência 1)</translation>
    </message>
    <message>
        <source>Destination 2 (contingency server 2)</source>
        <translation>Pasta 2 (servidor de contingência 2)</translation>
    </message>
    <message>
        <source>Encryption passphrase (optional):</source>
        <translation>Senha de criptografia (opcional):</translation>
    </message>
    <message>
        <source>Official mode parameters</source>
        <translation>Parâmetros Modo Oficial</translation>
    </message>
</context>
<context>
    <name>OtherSettingsGroup</name>
    <message>
        <source>More settings</source>
        <translation>Outras configurações</translation>
    </message>
</context>
<context>
    <name>PromotionGroup</name>
    <message>
        <source>Application profile:</source>
        <translation>Perfil da aplicação:</translation>
    </message>
    <message>
        <source>Create the missing local folders</source>
        <translation>Criar as pastas locais que faltam</translation>
    </message>
    <message>
        <source>New host name or IP:</source>
        <translation>Novo nome ou IP do servidor:</translation>
    </message>
    <message>
        <source>Old official's host name:</source>
        <translation>Nome do antigo Servidor Oficial:</translation>
    </message>
    <message>
        <source>Path prefix changes:</source>
        <translation>Troca de prefixos de caminho:</translation>
    </message>
    <message>
        <source>Promotion (used by the wizard)</source>
        <translation>Promoção (usado pelo Assistente)</translation>
    </message>
    <message>
        <source>Service hook timeout:</source>
        <translation>Tempo limite dos comandos de serviços:</translation>
    </message>
    <message>
        <source>Service hooks file:</source>
        <translation>Arquivo de comandos de serviços:</translation>
    </message>
    <message>
        <source>empty: taken from the last backup</source>
        <translation>vazio: obtido do último backup</translation>
    </message>
    <message>
        <source>empty: the machine name</source>
        <translation>vazio: o nome da máquina</translation>
    </message>
</context>
<context>
    <name>ScheduleGroup</name>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Backup schedule</source>
        <translation>Periodicidade do backup</translation>
    </message>
    <message>
        <source>Fixed interval</source>
        <translation>Intervalo Fixo</translation>
    </message>
    <message>
        <source>Time %1:</source>
        <translation>Horário %1:</translation>
    </message>
    <message>
        <source>Variable interval</source>
        <translation>Intervalo Variável</translation>
    </message>
    <message>
        <source>Incremental bundles are built only with: %1.</source>
        <translation>Pacotes incrementais só são gerados com: %1.</translation>
    </message>
    <message>
        <source>off</source>
        <translation>desligado</translation>
    </message>
    <message>
        <source>Incremental bundles between the full ones, every:</source>
        <translation>Incrementais entre os completos, a cada:</translation>
    </message>
    <message>
        <source>Continuous (SQLite): a bundle soon after each change</source>
        <translation>Contínuo (SQLite): um pacote logo após cada alteração</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>at most one every:</source>
        <translation>no máximo um a cada:</translation>
    </message>
    <message>
        <source>the whole copy (quick_check)</source>
        <translation>a cópia inteira (quick_check)</translation>
    </message>
    <message>
        <source>only the pages it changes</source>
        <translation>só as páginas que ele altera</translation>
    </message>
    <message>
        <source>Check of each increment:</source>
        <translation>Verificação de cada incremento:</translation>
    </message>
</context>
<context>
    <name>PairGroup</name>
    <message>
        <source>Pair: acknowledgements</source>
        <translation>Par: confirmações</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Official: contingency behind after:</source>
        <translation>Oficial: contingência atrasada após:</translation>
    </message>
    <message>
        <source>Official: acknowledgement missing after:</source>
        <translation>Oficial: confirmação ausente após:</translation>
    </message>
    <message>
        <source>Exchange acknowledgements with the pair</source>
        <translation>Trocar confirmações entre oficial e contingência</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automático</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <source>Show advanced options</source>
        <translation>Exibir opções avançadas</translation>
    </message>
</context>
<context>
    <name>Pair</name>
    <message>
        <source>in sync</source>
        <translation>em dia</translation>
    </message>
    <message>
        <source>behind</source>
        <translation>atrasada</translation>
    </message>
    <message>
        <source>acknowledgement missing</source>
        <translation>confirmação ausente</translation>
    </message>
    <message>
        <source>reports an error</source>
        <translation>relata um erro</translation>
    </message>
    <message>
        <source>acknowledgement refused</source>
        <translation>confirmação recusada</translation>
    </message>
    <message>
        <source>nothing yet</source>
        <translation>nada ainda</translation>
    </message>
    <message>
        <source>applied %1 at %2</source>
        <translation>aplicou %1 em %2</translation>
    </message>
    <message>
        <source>%1 backup(s) behind</source>
        <translation>%1 backup(s) atrás</translation>
    </message>
    <message>
        <source>data age %1</source>
        <translation>idade dos dados %1</translation>
    </message>
    <message>
        <source>acknowledged at %1</source>
        <translation>confirmou em %1</translation>
    </message>
    <message>
        <source>%1 free</source>
        <translation>%1 livres</translation>
    </message>
    <message>
        <source>version %1</source>
        <translation>versão %1</translation>
    </message>
    <message>
        <source>not read yet (the service reads them every minute)</source>
        <translation>ainda não lidas (o serviço as lê a cada minuto)</translation>
    </message>
    <message>
        <source>%1: not read: %2</source>
        <translation>%1: não lida: %2</translation>
    </message>
    <message>
        <source>no contingency has acknowledged yet</source>
        <translation>nenhuma contingência confirmou ainda</translation>
    </message>
    <message>
        <source>not written yet</source>
        <translation>ainda não gravada</translation>
    </message>
    <message>
        <source>%1 — written as %2</source>
        <translation>%1 — gravada como %2</translation>
    </message>
    <message>
        <source>%1 — not written: %2</source>
        <translation>%1 — não gravada: %2</translation>
    </message>
</context>
</TS>
