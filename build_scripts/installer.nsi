; NSIS 3 script: the per-user installer of Sổ Dân vận (no administrator rights).
;
; Built by build_scripts/build_windows_wine.sh (Debian's makensis) and
; build_scripts\build_windows.ps1 (makensis on Windows) from the PyInstaller
; folder; every path comes from the command line:
;
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DVERSION4=0.1.0.0 \
;            -DSRCDIR=dist/windows/SoDanVan -DICON=resources/icons/sodanvan.ico \
;            -DOUTFILE=dist/windows/SoDanVan-0.1.0-setup.exe build_scripts/installer.nsi
;
; Installs into %LOCALAPPDATA%\Programs\SoDanVan, Start-menu and desktop
; shortcuts, an uninstaller listed in Settings > Apps (HKCU).  The clerk's data
; is NOT in the program folder: it is in %LOCALAPPDATA%\SoDanVan (or in
; SoDanVanData beside the exe in portable mode) and neither the installer nor
; the uninstaller ever deletes it.  Installing a version over another keeps
; it; the new version backs the book up before migrating it (core.session).
; Silent: setup.exe /S (install or upgrade), uninstall.exe /S.

; A 64-bit installer for a 64-bit program where makensis has the amd64 stubs
; (Debian's nsis does; Wine without wine32 runs only 64-bit programs), else
; the usual 32-bit Unicode one (the official Windows NSIS ships x86 stubs only).
!if /FileExists "${NSISDIR}/Stubs/lzma_solid-amd64-unicode"
  Target amd64-unicode
!else
  Unicode true
!endif
ManifestDPIAware true
ManifestSupportedOS all

!ifndef VERSION
  !error "makensis -DVERSION=x.y.z (core.__version__)"
!endif
!ifndef VERSION4
  !error "makensis -DVERSION4=x.y.z.0 (four numbers for the version resource)"
!endif
!ifndef SRCDIR
  !error "makensis -DSRCDIR=<the PyInstaller folder SoDanVan>"
!endif
!ifndef ICON
  !error "makensis -DICON=<resources/icons/sodanvan.ico>"
!endif
!ifndef OUTFILE
  !define OUTFILE "SoDanVan-${VERSION}-setup.exe"
!endif

!define APPNAME "Sổ Dân vận"
!define APPEXE "SoDanVan.exe"
!define UNINSTEXE "uninstall.exe"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\SoDanVan"
!define DATADIR "$LOCALAPPDATA\SoDanVan"
!define SHORTCUT "${APPNAME}.lnk"
!define SELFTEST_SHORTCUT "${APPNAME} — tự kiểm tra.lnk"

Name "${APPNAME}"
Caption "Cài đặt ${APPNAME} ${VERSION}"
UninstallCaption "Gỡ cài đặt ${APPNAME} ${VERSION}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\SoDanVan"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
SetCompressor /SOLID lzma
SetCompressorDictSize 64
BrandingText "${APPNAME} ${VERSION}"
ShowInstDetails nevershow
ShowUninstDetails nevershow

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING

!define MUI_WELCOMEPAGE_TITLE "Cài đặt ${APPNAME} ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "Sổ theo dõi công tác dân vận chính quyền cấp xã.$\r$\n$\r$\n\
Chương trình được cài cho riêng tài khoản Windows này, không cần quyền quản trị.$\r$\n$\r$\n\
Dữ liệu (sổ, tệp đính kèm, bản sao lưu) nằm riêng tại ${DATADIR}: \
cài phiên bản mới đè lên phiên bản cũ hay gỡ cài đặt đều không xóa dữ liệu. \
Phiên bản mới tự sao lưu sổ trước khi nâng cấp.$\r$\n$\r$\n$_CLICK"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APPEXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Mở ${APPNAME}"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "Chương trình ${APPNAME} sẽ được gỡ khỏi máy. \
Dữ liệu KHÔNG bị xóa: sổ, tệp đính kèm và bản sao lưu vẫn nằm tại ${DATADIR} \
(hoặc thư mục SoDanVanData nếu dùng bản di động)."
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Vietnamese"

; ----------------------------------------------------------- version resource
VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "CompanyName" "${APPNAME}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "FileDescription" "Cài đặt ${APPNAME} — sổ theo dõi công tác dân vận chính quyền cấp xã"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "LegalCopyright" "Phần mềm tự do cho Ủy ban nhân dân cấp xã"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "OriginalFilename" "SoDanVan-${VERSION}-setup.exe"

; The program's files cannot be replaced or removed while it runs (a running
; image cannot be opened for writing): ask to close it; silent: fail (exit 2).
!macro WAIT_CLOSED un
Function ${un}WaitClosed
  retry:
    IfFileExists "$INSTDIR\${APPEXE}" 0 closed
    ClearErrors
    FileOpen $1 "$INSTDIR\${APPEXE}" a
    IfErrors running
    FileClose $1
    Goto closed
  running:
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION \
      "${APPNAME} đang mở. Hãy đóng cửa sổ ${APPNAME} rồi bấm Thử lại (Retry)." /SD IDCANCEL IDRETRY retry
    SetErrorLevel 2
    Abort "${APPNAME} đang mở."
  closed:
FunctionEnd
!macroend
!insertmacro WAIT_CLOSED ""
!insertmacro WAIT_CLOSED "un."

; ------------------------------------------------------------------ install
Section "${APPNAME}" SecApp
  SectionIn RO
  Call WaitClosed
  SetOutPath "$INSTDIR"
  ; an older version's libraries must not linger beside the new ones (never
  ; the data: it is not in the program folder; SoDanVanData is not touched)
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\SoDanVanCLI.exe"  ; the console twin of versions ≤ 0.1.0
  File /r "${SRCDIR}/*"
  WriteUninstaller "$INSTDIR\${UNINSTEXE}"

  CreateShortCut "$SMPROGRAMS\${SHORTCUT}" "$INSTDIR\${APPEXE}" "" "$INSTDIR\${APPEXE}" 0 \
    SW_SHOWNORMAL "" "Sổ theo dõi công tác dân vận chính quyền cấp xã"
  CreateShortCut "$SMPROGRAMS\${SELFTEST_SHORTCUT}" "$SYSDIR\cmd.exe" \
    '/k start "" /wait "$INSTDIR\${APPEXE}" self-test' "$INSTDIR\${APPEXE}" 0 \
    SW_SHOWNORMAL "" "Tự kiểm tra ${APPNAME} (không đụng đến dữ liệu)"
  CreateShortCut "$DESKTOP\${SHORTCUT}" "$INSTDIR\${APPEXE}" "" "$INSTDIR\${APPEXE}" 0 \
    SW_SHOWNORMAL "" "Sổ theo dõi công tác dân vận chính quyền cấp xã"

  ; Settings > Apps (per user)
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${APPEXE},0"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\${UNINSTEXE}"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTEXE}" /S'
  WriteRegStr HKCU "${UNINSTKEY}" "Comments" "Dữ liệu nằm tại ${DATADIR}; gỡ cài đặt không xóa dữ liệu."
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" "$0"
SectionEnd

; ---------------------------------------------------------------- uninstall
; Removes exactly what the installer put there.  The data folder
; (${DATADIR}, or SoDanVanData / portable.txt beside the exe) is never
; deleted: RMDir without /r leaves a program folder that still holds it.
Section "Uninstall"
  Call un.WaitClosed
  Delete "$SMPROGRAMS\${SHORTCUT}"
  Delete "$SMPROGRAMS\${SELFTEST_SHORTCUT}"
  Delete "$DESKTOP\${SHORTCUT}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APPEXE}"
  Delete "$INSTDIR\SoDanVanCLI.exe"
  Delete "$INSTDIR\${UNINSTEXE}"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTKEY}"
  MessageBox MB_OK|MB_ICONINFORMATION "Đã gỡ ${APPNAME}.$\r$\n$\r$\n\
Dữ liệu vẫn được giữ nguyên tại:$\r$\n${DATADIR}$\r$\n$\r$\n\
Cài lại ${APPNAME} (cùng phiên bản hoặc mới hơn) sẽ mở lại đúng sổ này. \
Nếu không cần nữa, có thể tự xóa thư mục đó (nên chép ra nơi khác trước)." /SD IDOK
SectionEnd
