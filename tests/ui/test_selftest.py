"""``main.py self-test``: the smoke test that a frozen build runs; here run
from source, plus the file checks it relies on."""
import argparse
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ui.commands import selftest

ROOT = Path(__file__).resolve().parents[2]


def test_self_test_passes_from_source(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    env.pop("SODANVAN_DATA_DIR", None)
    env.pop("XDG_CONFIG_HOME", None)
    p = subprocess.run([sys.executable, str(ROOT / "main.py"), "self-test", "-platform", "offscreen",
                        "--records", "200"], capture_output=True, text=True, encoding="utf-8",
                       env=env, cwd=tmp_path, stdin=subprocess.DEVNULL, timeout=300)
    lines = [ln for ln in p.stdout.splitlines() if ln.strip()]
    assert p.returncode == 0, p.stdout + p.stderr
    assert len(lines) == 1 and lines[0].startswith("SELF-TEST OK"), p.stdout
    assert "DOCX" in lines[0] and "PDF" in lines[0] and "cửa sổ chính" in lines[0]
    # never touched the per-user data folder, nor the clerk's window settings
    assert not (tmp_path / ".local" / "share" / "SoDanVan").exists()
    assert not (tmp_path / ".config" / "SoDanVan").exists()


def _args(tmp_path, **kw):
    ns = dict(records=60, keep=tmp_path / "keep", no_gui=True, qt_platform="offscreen", log=None, verbose=False)
    ns.update(kw)
    return argparse.Namespace(**ns)


def test_failed_step_gives_vietnamese_reason_and_exit_1(tmp_path, monkeypatch, capsys):
    def broken(self):
        raise selftest.StepFailed("không lập được báo cáo")

    monkeypatch.setattr(selftest.SelfTest, "build_report", broken)
    log = tmp_path / "kq.txt"
    rc = selftest.SelfTest(_args(tmp_path, log=log)).run()
    out = capsys.readouterr().out.strip()
    assert rc == 1
    assert out.startswith("SELF-TEST LỖI")
    assert "Lập báo cáo: không lập được báo cáo" in out
    # the steps after it say why they could not run
    assert "Báo cáo DOCX: chưa lập được báo cáo" in out
    assert log.read_text(encoding="utf-8").strip() == out


def test_keep_leaves_the_reports_for_inspection(tmp_path, capsys):
    rc = selftest.SelfTest(_args(tmp_path)).run()
    assert rc == 0, capsys.readouterr().out
    keep = tmp_path / "keep"
    assert (keep / "bao_cao_tu_kiem_tra.docx").is_file()
    assert (keep / "bao_cao_tu_kiem_tra.pdf").read_bytes().startswith(b"%PDF")
    assert list((keep / "data").glob("*.db"))


def test_check_docx(tmp_path):
    good = tmp_path / "a.docx"
    with zipfile.ZipFile(good, "w") as z:
        z.writestr("word/document.xml", "<w:document><w:p><w:r><w:t>UBND XÃ HÒA </w:t></w:r>"
                                         "<w:r><w:t>PHONG</w:t></w:r></w:p></w:document>")
    assert selftest.check_docx(good, "Hòa Phong").startswith("DOCX")
    with pytest.raises(selftest.StepFailed, match="không có tên đơn vị"):
        selftest.check_docx(good, "Nghĩa Phương")
    bad = tmp_path / "b.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(selftest.StepFailed, match="không phải tệp zip"):
        selftest.check_docx(bad, "Hòa Phong")
    nodoc = tmp_path / "c.docx"
    with zipfile.ZipFile(nodoc, "w") as z:
        z.writestr("x.xml", "<x/>")
    with pytest.raises(selftest.StepFailed, match="thiếu word/document.xml"):
        selftest.check_docx(nodoc, "Hòa Phong")


def test_check_pdf(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from core.paths import resource_path

    pdfmetrics.registerFont(TTFont("LibSerif", str(resource_path("fonts", "LiberationSerif-Regular.ttf"))))
    good = tmp_path / "a.pdf"
    c = canvas.Canvas(str(good), pagesize=A4)
    c.setFont("LibSerif", 13)
    c.drawString(72, 720, "Ủy ban nhân dân xã Hòa Phong")
    c.save()
    assert "1 trang" in selftest.check_pdf(good)

    type1 = tmp_path / "b.pdf"
    c = canvas.Canvas(str(type1), pagesize=A4)
    c.setFont("Helvetica", 13)
    c.drawString(72, 720, "Hoa Phong")
    c.save()
    with pytest.raises(selftest.StepFailed, match="không nhúng phông"):
        selftest.check_pdf(type1)
    notpdf = tmp_path / "c.pdf"
    notpdf.write_bytes(b"<html>")
    with pytest.raises(selftest.StepFailed, match="%PDF"):
        selftest.check_pdf(notpdf)


# ------------------------------------------- one windowed exe, console attached
def _main_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("sodanvan_main", ROOT / "main.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class _Kernel32:
    def __init__(self, ok=True):
        self.ok, self.calls = ok, []

    def AttachConsole(self, pid):  # noqa: N802  (the Win32 name)
        self.calls.append(pid)
        return 1 if self.ok else 0


def _console_opener(opened):
    import io

    def opener(name, mode, **kw):
        opened.append((name, mode, kw.get("encoding")))
        return io.StringIO()
    return opener


@pytest.mark.parametrize("argv, console", [
    ([], False), (["--data-dir", "D"], False), (["-platform", "offscreen"], False),
    (["--data-dir", "D", "-style", "fusion"], False),
    (["self-test"], True), (["--data-dir", "D", "demo", "--records", "5"], True), (["--version"], True),
    (["-h"], True), (["backup", "--list"], True), (["--data-dir"], True),
])
def test_the_windowed_exe_wants_a_console_for_subcommands_only(argv, console):
    assert _main_module().wants_console(argv) is console


def _no_streams(monkeypatch):
    """A windowed process started from cmd: no usable standard streams.
    (Inside the test: pytest's capture re-sets sys.stdout between phases.)"""
    for name in ("stdin", "stdout", "stderr", "__stdin__", "__stdout__", "__stderr__"):
        monkeypatch.setattr(sys, name, None)


def test_subcommand_attaches_to_the_parent_console_utf8(monkeypatch):
    main, k, opened = _main_module(), _Kernel32(), []
    _no_streams(monkeypatch)
    assert main.attach_parent_console(["self-test"], kernel32=k, opener=_console_opener(opened)) is True
    assert k.calls == [main.ATTACH_PARENT_PROCESS] == [-1]
    assert opened == [("CONIN$", "r", "utf-8"), ("CONOUT$", "w", "utf-8"), ("CONOUT$", "w", "utf-8")]
    assert sys.stdout is not None and sys.stderr is not None and sys.__stdout__ is sys.stdout
    print("SELF-TEST OK", file=sys.stdout)
    assert sys.stdout.getvalue() == "SELF-TEST OK\n"


def test_plain_start_or_no_parent_console_changes_nothing(monkeypatch):
    main, opened = _main_module(), []
    _no_streams(monkeypatch)
    k = _Kernel32()
    assert main.attach_parent_console(["--data-dir", "D"], kernel32=k, opener=_console_opener(opened)) is False
    assert k.calls == [] and opened == []
    k = _Kernel32(ok=False)  # started from Explorer: no console to attach to
    assert main.attach_parent_console(["self-test"], kernel32=k, opener=_console_opener(opened)) is False
    assert k.calls == [-1] and opened == [] and sys.stdout is None


def test_streams_redirected_by_the_parent_are_kept(monkeypatch, tmp_path):
    main, k, opened = _main_module(), _Kernel32(), []
    files = {n: open(tmp_path / n, "w+", encoding="utf-8") for n in ("stdin", "stdout", "stderr")}
    try:
        for n, f in files.items():
            monkeypatch.setattr(sys, n, f)
        assert main.attach_parent_console(["self-test"], kernel32=k, opener=_console_opener(opened)) is False
        assert k.calls == [] and sys.stdout is files["stdout"]
        monkeypatch.setattr(sys, "stderr", None)  # only stderr missing: only stderr goes to the console
        assert main.attach_parent_console(["self-test"], kernel32=k, opener=_console_opener(opened)) is True
        assert opened == [("CONOUT$", "w", "utf-8")] and sys.stdout is files["stdout"]
    finally:
        for f in files.values():
            f.close()
