; Contingencia-Setup-<version>.exe: the Windows installer (NSIS 3, made on Linux by
; scripts/build-windows.sh with -DVERSION, -DSOURCE (the one-folder build), -DICON, -DOUTFILE).
;
; Program Files\Contingencia: the program. ProgramData\Contingencia: the machine's journal, logs,
; work folder and secrets (Modify for Administrators, SYSTEM, Users and the service's account).
; The service "Contingencia" is registered by the program itself (contingencia-service.exe
; install: automatic start, recovery actions, the secrets folder's ACL), with the account chosen
; on the "Service account" page. The uninstaller stops and removes the service and keeps the
; data unless its "Remove the data too" component is ticked.
; Silent: Setup.exe /S [/ACCOUNT=DOMAIN\user] (the password in CONTINGENCIA_SERVICE_PASSWORD).

Unicode true
Target amd64-unicode   ; a 64-bit installer for a 64-bit program (and Wine without its 32-bit part)
!include "MUI2.nsh"
!include "nsDialogs.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"

!define PRODUCT "Contingência"
!define SERVICE "Contingencia"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Contingencia"
!define PASSWORD_ENV "CONTINGENCIA_SERVICE_PASSWORD"

Name "${PRODUCT} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\Contingencia"
RequestExecutionLevel admin
!ifndef COMPRESSOR
  !define COMPRESSOR lzma
!endif
!if "${COMPRESSOR}" == "lzma"
  SetCompressor /SOLID lzma
!else
  SetCompressor ${COMPRESSOR}
!endif
ShowInstDetails show
BrandingText "${PRODUCT} ${VERSION}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING

Var Account
Var Password
Var AccountField
Var PasswordField
Var SystemRadio

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
Page custom AccountPage AccountPageLeave
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "PortugueseBR"
!insertmacro MUI_LANGUAGE "English"

LangString AccountTitle ${LANG_PORTUGUESEBR} "Conta do serviço"
LangString AccountTitle ${LANG_ENGLISH} "Service account"
LangString AccountText ${LANG_PORTUGUESEBR} "O serviço Contingência roda sem ninguém conectado. Escolha a conta dele: a conta precisa ler e gravar as pastas compartilhadas e acessar o banco de dados."
LangString AccountText ${LANG_ENGLISH} "The Contingência service runs with no one logged in. Choose its account: it needs to read and write the shared folders and reach the database."
LangString SystemChoice ${LANG_PORTUGUESEBR} "Sistema local (LocalSystem)"
LangString SystemChoice ${LANG_ENGLISH} "Local System (LocalSystem)"
LangString UserChoice ${LANG_PORTUGUESEBR} "Esta conta (DOMINIO\usuario):"
LangString UserChoice ${LANG_ENGLISH} "This account (DOMAIN\user):"
LangString PasswordLabel ${LANG_PORTUGUESEBR} "Senha:"
LangString PasswordLabel ${LANG_ENGLISH} "Password:"
LangString NeedAccount ${LANG_PORTUGUESEBR} "Informe a conta e a senha, ou escolha Sistema local."
LangString NeedAccount ${LANG_ENGLISH} "Enter the account and its password, or choose Local System."
LangString ServiceFailed ${LANG_PORTUGUESEBR} "O serviço não pôde ser registrado (código $0). Confira a conta e a senha e rode o instalador de novo, ou use contingencia-service install num prompt de administrador."
LangString ServiceFailed ${LANG_ENGLISH} "The service could not be registered (code $0). Check the account and password and run the installer again, or use contingencia-service install from an elevated prompt."
LangString StartFailed ${LANG_PORTUGUESEBR} "O serviço foi registrado mas não iniciou (código $0): configure-o na janela Contingência e inicie-o depois."
LangString StartFailed ${LANG_ENGLISH} "The service was registered but did not start (code $0): configure it in the Contingência window and start it then."
LangString ShortcutWindow ${LANG_PORTUGUESEBR} "Contingência"
LangString ShortcutWindow ${LANG_ENGLISH} "Contingência"
LangString ShortcutPrompt ${LANG_PORTUGUESEBR} "Contingência - Prompt de comando"
LangString ShortcutPrompt ${LANG_ENGLISH} "Contingência - Command prompt"
LangString ShortcutUninstall ${LANG_PORTUGUESEBR} "Desinstalar Contingência"
LangString ShortcutUninstall ${LANG_ENGLISH} "Uninstall Contingência"
LangString SectionProgram ${LANG_PORTUGUESEBR} "Programa e serviço"
LangString SectionProgram ${LANG_ENGLISH} "Program and service"
LangString SectionData ${LANG_PORTUGUESEBR} "Remover também os dados (configurações, senhas, histórico e logs)"
LangString SectionData ${LANG_ENGLISH} "Remove the data too (settings, passwords, history and logs)"

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
  ${If} ${RunningX64}
    SetRegView 64
  ${EndIf}
  StrCpy $Account "LocalSystem"
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/ACCOUNT=" $R1
  ${IfNot} ${Errors}
    StrCpy $Account $R1
  ${EndIf}
  ReadEnvStr $Password ${PASSWORD_ENV}
FunctionEnd

Function AccountPage
  !insertmacro MUI_HEADER_TEXT "$(AccountTitle)" ""
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateLabel} 0 0 100% 24u "$(AccountText)"
  Pop $0
  ${NSD_CreateRadioButton} 0 30u 100% 12u "$(SystemChoice)"
  Pop $SystemRadio
  ${NSD_CreateRadioButton} 0 46u 100% 12u "$(UserChoice)"
  Pop $1
  ${NSD_CreateText} 12u 60u 60% 12u ""
  Pop $AccountField
  ${NSD_CreateLabel} 12u 78u 60% 10u "$(PasswordLabel)"
  Pop $0
  ${NSD_CreatePassword} 12u 90u 60% 12u ""
  Pop $PasswordField
  ${If} $Account == "LocalSystem"
    ${NSD_Check} $SystemRadio
  ${Else}
    ${NSD_Check} $1
    ${NSD_SetText} $AccountField $Account
  ${EndIf}
  nsDialogs::Show
FunctionEnd

Function AccountPageLeave
  ${NSD_GetState} $SystemRadio $0
  ${If} $0 == ${BST_CHECKED}
    StrCpy $Account "LocalSystem"
    StrCpy $Password ""
    Return
  ${EndIf}
  ${NSD_GetText} $AccountField $Account
  ${NSD_GetText} $PasswordField $Password
  ${If} $Account == ""
  ${OrIf} $Password == ""
    MessageBox MB_ICONEXCLAMATION "$(NeedAccount)"
    Abort
  ${EndIf}
FunctionEnd

Section "!$(SectionProgram)" SecProgram
  SectionIn RO
  SetShellVarContext all
  ; an upgrade: the running service holds its files
  ${If} ${FileExists} "$INSTDIR\contingencia-service.exe"
    nsExec::ExecToLog '"$INSTDIR\contingencia-service.exe" stop --wait 120'
    Pop $0
  ${EndIf}
  SetOutPath "$INSTDIR"
  File /r "${SOURCE}\*.*"
  WriteUninstaller "$INSTDIR\Uninstall.exe"

  ; the machine's data folder: the window (operators) and the service share the journal and logs
  CreateDirectory "$APPDATA\Contingencia"
  nsExec::ExecToLog 'icacls "$APPDATA\Contingencia" /inheritance:r /grant *S-1-5-32-544:(OI)(CI)F /grant *S-1-5-18:(OI)(CI)F /grant *S-1-5-32-545:(OI)(CI)M'
  Pop $0
  ${If} $Account != "LocalSystem"
    nsExec::ExecToLog 'icacls "$APPDATA\Contingencia" /grant "$Account:(OI)(CI)M"'
    Pop $0
  ${EndIf}

  ; the service: the password reaches the program through its environment, never its command line
  System::Call 'Kernel32::SetEnvironmentVariable(t "${PASSWORD_ENV}", t "$Password")'
  ${If} ${FileExists} "$INSTDIR\.service-installed"
    nsExec::ExecToLog '"$INSTDIR\contingencia-service.exe" update --account "$Account" --password-env ${PASSWORD_ENV}'
  ${Else}
    nsExec::ExecToLog '"$INSTDIR\contingencia-service.exe" install --account "$Account" --password-env ${PASSWORD_ENV}'
  ${EndIf}
  Pop $0
  System::Call 'Kernel32::SetEnvironmentVariable(t "${PASSWORD_ENV}", p 0)'
  StrCpy $Password ""
  ${If} $0 != "0"
    MessageBox MB_ICONSTOP "$(ServiceFailed)" /SD IDOK
    Abort
  ${EndIf}
  FileOpen $1 "$INSTDIR\.service-installed" w
  FileClose $1
  nsExec::ExecToLog '"$INSTDIR\contingencia-service.exe" start --wait 60'
  Pop $0
  ${If} $0 != "0"
    MessageBox MB_ICONINFORMATION "$(StartFailed)" /SD IDOK
  ${EndIf}

  ; shortcuts: the window (elevated, since the settings and the secrets are the machine's) and a console
  CreateDirectory "$SMPROGRAMS\${PRODUCT}"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\$(ShortcutWindow).lnk" "$INSTDIR\contingenciaw.exe" "" "$INSTDIR\contingenciaw.exe" 0
  Push "$SMPROGRAMS\${PRODUCT}\$(ShortcutWindow).lnk"
  Call RunAsAdministrator
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\$(ShortcutPrompt).lnk" "$SYSDIR\cmd.exe" '/k "cd /d "$INSTDIR" && contingencia.exe --help"' "$INSTDIR\contingencia.exe" 0
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\$(ShortcutUninstall).lnk" "$INSTDIR\Uninstall.exe"

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\contingenciaw.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "Contingência"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

; Sets the "Run as administrator" flag of a shortcut (SLDF_RUNAS_USER, byte 0x15 bit 0x20).
Function RunAsAdministrator
  Exch $0
  FileOpen $1 $0 a
  FileSeek $1 0x15 SET
  FileReadByte $1 $2
  IntOp $2 $2 | 0x20
  FileSeek $1 0x15 SET
  FileWriteByte $1 $2
  FileClose $1
  Pop $0
FunctionEnd

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
  ${If} ${RunningX64}
    SetRegView 64
  ${EndIf}
FunctionEnd

Section "un.$(SectionProgram)" UnSecProgram
  SectionIn RO
  SetShellVarContext all
  nsExec::ExecToLog '"$INSTDIR\contingencia-service.exe" remove'
  Pop $0
  RMDir /r "$SMPROGRAMS\${PRODUCT}"
  RMDir /r "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd

Section /o "un.$(SectionData)" UnSecData
  SetShellVarContext all
  RMDir /r "$APPDATA\Contingencia"
  DeleteRegKey HKLM "Software\Contingencia"
SectionEnd
