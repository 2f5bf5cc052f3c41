; Inno Setup 6 script: per-user installer of Sổ Dân vận (no administrator rights).
; Built by build_scripts\build_windows.ps1 (ISCC /DAppVersion=x.y.z build_scripts\installer.iss)
; from the PyInstaller folder dist\windows\SoDanVan.  The clerk's data is NOT in
; the program folder (it is in %LOCALAPPDATA%\SoDanVan, or SoDanVanData beside
; the exe in portable mode) and is never removed by the uninstaller.
; Saved as UTF-8 with BOM (Inno Setup 6 reads Unicode scripts that way).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Sổ Dân vận"
#define AppExe "SoDanVan.exe"

[Setup]
AppId={{6B1D7C52-3E0A-4C1F-9A57-5D3F8E2B9A10}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Sổ Dân vận
VersionInfoVersion={#AppVersion}
; per user, no UAC prompt: {autopf} = %LOCALAPPDATA%\Programs
PrivilegesRequired=lowest
DefaultDirName={autopf}\SoDanVan
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 1809 or later
MinVersion=10.0.17763
OutputDir=..\dist\windows
OutputBaseFilename=SoDanVan-{#AppVersion}-setup
SetupIconFile=..\resources\icons\sodanvan.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/ultra64
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "Tạo biểu tượng trên màn hình (Desktop)"; GroupDescription: "Biểu tượng:"

[Files]
Source: "..\dist\windows\SoDanVan\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an older version's bundled libraries must not linger beside the new ones
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Sổ theo dõi công tác dân vận chính quyền cấp xã"
Name: "{autoprograms}\{#AppName} — tự kiểm tra"; Filename: "{cmd}"; Parameters: "/k ""{app}\SoDanVanCLI.exe"" self-test"; WorkingDirectory: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "Mở {#AppName}"; Flags: nowait postinstall skipifsilent
