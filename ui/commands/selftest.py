"""``self-test``: the smoke test of an installed (frozen) build.

In a temporary data folder (the clerk's own data is never touched): checks the
bundled resources, UTF-8 mode and the native crypto, opens a store, fills demo
data, builds the annual report to DOCX and PDF and checks both files, renders
the PDF with QtPdf and prints two pages through QtPrintSupport (the report
page's own functions), then opens the main window offscreen and closes it.  Prints one line — ``SELF-TEST OK …`` and exit 0, or
``SELF-TEST LỖI …`` with the Vietnamese reason of every failed step and exit 1.

Qt is imported only inside the window step (``core`` never imports Qt at
module level); ``-platform NAME`` chooses the Qt platform of that step
(default ``offscreen``; Wine drops ``QT_*`` variables, hence an argument).
"""
from __future__ import annotations

import datetime as dt
import html
import importlib
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
import unicodedata
import zipfile
from pathlib import Path

DEFAULT_RECORDS = 400
REPORT_YEAR_FALLBACK = 2025


class StepFailed(Exception):
    """A check failed; the message is Vietnamese and shown to the user."""


def register(sub):
    p = sub.add_parser(
        "self-test",
        help="tự kiểm tra bản cài đặt (dữ liệu mẫu, báo cáo DOCX/PDF, cửa sổ chính)",
        description="Tự kiểm tra bản cài đặt trong một thư mục dữ liệu tạm (không đụng tới dữ liệu thật): "
                    "tạo dữ liệu mẫu, lập báo cáo năm ra DOCX và PDF, kiểm tra hai tệp, mở rồi đóng cửa sổ "
                    "chính. In một dòng kết quả; mã thoát 0 khi mọi bước đạt.")
    p.add_argument("--records", type=int, default=DEFAULT_RECORDS, metavar="N",
                   help=f"số hồ sơ mẫu (mặc định {DEFAULT_RECORDS})")
    p.add_argument("--keep", metavar="THƯ_MỤC", type=Path, default=None,
                   help="giữ lại dữ liệu và báo cáo đã tạo trong thư mục này (để xem)")
    p.add_argument("--no-gui", action="store_true", help="bỏ qua bước mở cửa sổ chính")
    p.add_argument("-platform", dest="qt_platform", default="offscreen", metavar="TÊN",
                   help="nền tảng Qt cho bước mở cửa sổ (mặc định offscreen; windows/xcb để thấy cửa sổ)")
    p.add_argument("--log", metavar="TỆP", type=Path, default=None,
                   help="ghi thêm kết quả vào tệp này (hữu ích với SoDanVan.exe không có cửa sổ lệnh)")
    p.add_argument("-v", "--verbose", action="store_true", help="in từng bước")
    p.set_defaults(func=run)


# ------------------------------------------------------------------ helpers
def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def docx_text(path: Path) -> str:
    """Plain text of ``word/document.xml`` (runs concatenated, entities decoded)."""
    try:
        with zipfile.ZipFile(path) as z:
            bad = z.testzip()
            if bad:
                raise StepFailed(f"tệp DOCX hỏng (mục {bad})")
            names = set(z.namelist())
            if "word/document.xml" not in names:
                raise StepFailed("tệp DOCX thiếu word/document.xml")
            xml = z.read("word/document.xml").decode("utf-8")
    except zipfile.BadZipFile:
        raise StepFailed("tệp DOCX không phải tệp zip hợp lệ") from None
    xml = re.sub(r"</w:p>", "\n", xml)
    return _nfc(html.unescape(re.sub(r"<[^>]+>", "", xml)))


def check_docx(path: Path, must_contain: str) -> str:
    if not path.is_file() or path.stat().st_size == 0:
        raise StepFailed("không tạo được tệp DOCX")
    text = docx_text(path)
    if _nfc(must_contain).casefold() not in text.casefold():
        raise StepFailed(f"tệp DOCX không có tên đơn vị “{must_contain}”")
    return f"DOCX {_kb(path)}"


def check_pdf(path: Path) -> str:
    if not path.is_file() or path.stat().st_size == 0:
        raise StepFailed("không tạo được tệp PDF")
    data = path.read_bytes()
    if not data.startswith(b"%PDF"):
        raise StepFailed("tệp PDF không bắt đầu bằng %PDF")
    if b"%%EOF" not in data[-2048:]:
        raise StepFailed("tệp PDF bị cắt cụt (thiếu %%EOF)")
    if b"/Font" not in data:
        raise StepFailed("tệp PDF không có phông chữ")
    if not re.search(rb"/FontFile[23]?\b", data):
        raise StepFailed("tệp PDF không nhúng phông chữ (tiếng Việt cần phông TrueType nhúng)")
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    return f"PDF {_kb(path)}, {pages} trang"


def _kb(path: Path) -> str:
    from core.text import fmt_int

    return f"{fmt_int(max(1, round(path.stat().st_size / 1024)))} KB"


def _missing(module: str, attr: str | None = None):
    """Import ``module`` (and ``attr``); a StepFailed naming the missing part otherwise."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as e:
        if e.name and module.startswith(e.name) or e.name == module:
            raise StepFailed(f"thiếu mô-đun {module} (chưa có trong bản này)") from None
        raise
    if attr is None:
        return mod
    obj = getattr(mod, attr, None)
    if obj is None:
        raise StepFailed(f"thiếu hàm {module}.{attr} (chưa có trong bản này)")
    return obj


# -------------------------------------------------------------------- steps
class SelfTest:
    def __init__(self, args):
        self.args = args
        self.results: list[tuple[str, bool, str]] = []
        self.records = max(1, int(args.records))
        self.keep: Path | None = args.keep
        if self.keep:
            self.keep.mkdir(parents=True, exist_ok=True)
            self.work = self.keep
        else:
            self.work = Path(tempfile.mkdtemp(prefix="sodanvan-selftest-"))
        self.data_dir = self.work / "data"
        self.store = None
        self.unit_name = ""
        self.report_year = REPORT_YEAR_FALLBACK
        self.doc = None
        self.pdf_path: Path | None = None
        self.summary: list[str] = []

    def say(self, msg: str):
        if self.args.verbose and sys.stderr is not None:
            print(msg, file=sys.stderr, flush=True)

    def step(self, name: str, fn):
        t0 = time.perf_counter()
        try:
            detail = fn() or ""
            ok = True
        except StepFailed as e:
            ok, detail = False, str(e)
        except Exception as e:  # noqa: BLE001 — a smoke test reports, never crashes
            ok = False
            detail = f"lỗi không lường trước: {type(e).__name__}: {e}"
            if self.args.verbose and sys.stderr is not None:
                traceback.print_exc()
        self.results.append((name, ok, detail))
        self.say(f"  [{'đạt' if ok else 'LỖI'}] {name}: {detail} ({time.perf_counter() - t0:.1f} s)")
        return ok

    # 1. the bundle itself
    def check_runtime(self):
        from core.paths import bundle_dir, resource_path

        fonts = resource_path("fonts")
        ttf = sorted(p.name for p in fonts.glob("*.ttf")) if fonts.is_dir() else []
        if not ttf:
            raise StepFailed(f"không thấy phông chữ đi kèm trong {fonts}")
        if not any(p.suffix.lower() in (".txt", ".md") for p in fonts.iterdir()):
            raise StepFailed("thiếu tệp giấy phép của phông chữ đi kèm")
        if not resource_path("icons", "sodanvan.png").is_file():
            raise StepFailed("thiếu biểu tượng chương trình (resources/icons)")
        frozen = bool(getattr(sys, "frozen", False))
        if frozen:
            if not sys.flags.utf8_mode:
                raise StepFailed("trình thông dịch đóng gói không chạy ở chế độ UTF-8")
            if Path(getattr(sys, "_MEIPASS", "")) != bundle_dir():
                raise StepFailed("tài nguyên không được tìm theo thư mục gói (sys._MEIPASS)")
        mode = "đóng gói" if frozen else "mã nguồn"
        return f"{mode}, Python {sys.version.split()[0]}, {len(ttf)} phông, UTF-8={sys.flags.utf8_mode}"

    # 1b. native crypto (password / encrypted identities: pycryptodome's scrypt + AES-GCM)
    def check_crypto(self):
        try:
            from Crypto.Cipher import AES
            from Crypto.Protocol.KDF import scrypt
        except ImportError as e:
            raise StepFailed(f"không nạp được thư viện mã hóa pycryptodome ({e})") from None
        # RFC 7914 §12's second vector: the frozen scrypt derives what the keys of existing books need
        if scrypt(b"password", b"NaCl", 64, N=1024, r=8, p=16)[:8].hex() != "fdbabe1c9d347200":
            raise StepFailed("scrypt cho kết quả sai (RFC 7914)")
        key = scrypt("Sổ Dân vận".encode(), os.urandom(16), 32, N=2 ** 10, r=8, p=1)
        nonce = os.urandom(12)
        text = "Nguyễn Văn Ẩn — tố cáo".encode()
        sealed, tag = AES.new(key, AES.MODE_GCM, nonce=nonce).encrypt_and_digest(text)
        if AES.new(key, AES.MODE_GCM, nonce=nonce).decrypt_and_verify(sealed, tag) != text:
            raise StepFailed("mã hóa AES-GCM cho kết quả sai")
        try:  # a changed byte is refused (what "sai mật khẩu hoặc dữ liệu bị sửa" relies on)
            AES.new(key, AES.MODE_GCM, nonce=nonce).decrypt_and_verify(sealed, bytes([tag[0] ^ 1]) + tag[1:])
            raise StepFailed("AES-GCM không phát hiện dữ liệu bị sửa")
        except ValueError:
            pass
        import hashlib  # the interpreter's own sha256 (no OpenSSL in the bundle): verifier, attachments

        if hashlib.sha256(b"abc").hexdigest()[:16] != "ba7816bf8f01cfea":
            raise StepFailed("hashlib.sha256 cho kết quả sai")
        return "scrypt + AES-GCM"

    # 2. store
    def open_store(self):
        from core.session import open_session

        self.store = open_session(self.data_dir)
        return f"lược đồ phiên bản {self.store.schema_version}"

    # 3. demo data
    def demo(self):
        if self.store is None:
            raise StepFailed("chưa mở được kho dữ liệu")
        generate = _missing("core.io.demo", "generate")
        today = dt.date.today()
        y2 = min(REPORT_YEAR_FALLBACK, today.year) if today.year > REPORT_YEAR_FALLBACK else today.year
        added = generate(self.store, records=self.records, years=(y2 - 4, y2), seed=20251)
        total = sum(added.values()) if isinstance(added, dict) else 0
        unit = self.store.current_unit()
        if not unit:
            raise StepFailed("dữ liệu mẫu không khai báo đơn vị hiện tại")
        self.unit_name = unit.get("ten") or ""
        self.report_year = y2
        n = self.store.count("don_thu")
        if not n:
            raise StepFailed("dữ liệu mẫu không có đơn thư nào")
        from core.text import fmt_int

        self.summary.append(f"{fmt_int(total)} hồ sơ mẫu")
        return f"{fmt_int(total)} hồ sơ, đơn vị {self.store.unit_title(unit)}"

    # 4. report model
    def build_report(self):
        if self.store is None or not self.unit_name:
            raise StepFailed("chưa có dữ liệu mẫu")
        build_for_cli = _missing("core.report.build", "build_for_cli")
        Period = _missing("core.report.periods", "Period")
        period = Period.year(self.report_year)
        self.doc = _call_build(build_for_cli, self.store, period)
        if self.doc is None:
            raise StepFailed("không lập được báo cáo")
        # the deadlines' working days: the bundle keeps Vietnam alone of holidays' countries
        from core.records.deadlines import vn_holiday_name

        if not vn_holiday_name(dt.date(2026, 9, 2)) or vn_holiday_name(dt.date(2026, 9, 8)):
            raise StepFailed("lịch ngày lễ Việt Nam (holidays) cho kết quả sai")
        return f"báo cáo {getattr(period, 'label', self.report_year)}"

    # 5. DOCX
    def write_docx(self):
        if self.doc is None:
            raise StepFailed("chưa lập được báo cáo")
        write_docx = _missing("core.report.docx_writer", "write_docx")
        path = self.work / "bao_cao_tu_kiem_tra.docx"
        write_docx(self.doc, path)
        res = check_docx(path, self.unit_name)
        self.summary.append(res)
        return res

    # 6. PDF
    def write_pdf(self):
        if self.doc is None:
            raise StepFailed("chưa lập được báo cáo")
        write_pdf = _missing("core.report.pdf_writer", "write_pdf")
        path = self.work / "bao_cao_tu_kiem_tra.pdf"
        write_pdf(self.doc, path)
        res = check_pdf(path)
        self.pdf_path = path
        self.summary.append(res.split(",")[0])
        return res

    # 7. report preview + printing (QtPdf, QtPrintSupport: native parts pruning could break)
    def preview_print(self):
        if self.pdf_path is None:
            raise StepFailed("chưa có tệp PDF để xem trước")
        res = preview_and_print(self.pdf_path, self.work / "ban_in_thu.pdf", self.args.qt_platform)
        self.summary.append(res.split(",")[0])
        return res

    # 8. main window
    def main_window(self):
        if self.store is not None:
            self.store.close()
            self.store = None
        if not self.unit_name:
            raise StepFailed("chưa có dữ liệu mẫu để mở cửa sổ chính")
        res = open_main_window(self.data_dir, self.args.qt_platform)
        self.summary.append(res)
        return res

    def run(self) -> int:
        t0 = time.perf_counter()
        self.say(f"Tự kiểm tra trong {self.work}")
        try:
            self.step("Chương trình và tài nguyên", self.check_runtime)
            self.step("Thư viện mã hóa", self.check_crypto)
            self.step("Kho dữ liệu", self.open_store)
            self.step("Dữ liệu mẫu", self.demo)
            self.step("Lập báo cáo", self.build_report)
            self.step("Báo cáo DOCX", self.write_docx)
            self.step("Báo cáo PDF", self.write_pdf)
            if not self.args.no_gui:
                self.step("Xem trước và in", self.preview_print)
                self.step("Cửa sổ chính", self.main_window)
        finally:
            if self.store is not None:
                self.store.close()
            if not self.keep:
                shutil.rmtree(self.work, ignore_errors=True)
        secs = time.perf_counter() - t0
        failed = [(n, d) for n, ok, d in self.results if not ok]
        n_ok = len(self.results) - len(failed)
        from core import __version__

        if failed:
            line = (f"SELF-TEST LỖI — {n_ok}/{len(self.results)} bước đạt; "
                    + "; ".join(f"{n}: {d}" for n, d in failed))
        else:
            line = (f"SELF-TEST OK — {n_ok}/{len(self.results)} bước · Sổ Dân vận {__version__} · "
                    + " · ".join(self.summary) + f" · {secs:.1f} s")
        if sys.stdout is not None:
            print(line, flush=True)
        if self.args.log:
            with open(self.args.log, "a", encoding="utf-8") as f:
                f.write(line + "\n")
        return 1 if failed else 0


def _call_build(build_for_cli, store, period):
    """Calls ``build_for_cli(store, period, outline_key, compare)`` with the
    default outline (the parameter's default if it has one)."""
    import inspect

    params = inspect.signature(build_for_cli).parameters
    kwargs = {}
    if "outline_key" in params and params["outline_key"].default is inspect.Parameter.empty:
        mod = sys.modules[build_for_cli.__module__]
        key = getattr(mod, "DEFAULT_OUTLINE", None)
        if key is None:
            outlines = getattr(mod, "OUTLINES", None)
            key = next(iter(outlines)) if outlines else None
        kwargs["outline_key"] = key
    if "compare" in params and params["compare"].default is inspect.Parameter.empty:
        kwargs["compare"] = True
    return build_for_cli(store, period, **kwargs)


# ------------------------------------------------------------ Qt steps
def _qt_app(platform: str = "offscreen"):
    from PySide6.QtWidgets import QApplication

    qt_args = ["-platform", platform] if platform else []
    return QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "SoDanVan", *qt_args])


def preview_and_print(pdf: Path, out: Path, platform: str = "offscreen") -> str:
    """Renders page 1 of ``pdf`` with QtPdf (the report page's preview) and
    prints pages 1–2 through QtPrintSupport into ``out`` (a PDF printer),
    with the app's own ``ui.report.pdfview`` functions."""
    _qt_app(platform)
    from PySide6.QtCore import QSize
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    pdfview = _missing("ui.report.pdfview")
    doc = QPdfDocument()
    try:
        err = doc.load(str(pdf))
        if err != QPdfDocument.Error.None_ or doc.pageCount() < 1:
            raise StepFailed(f"QtPdf không mở được tệp PDF của báo cáo ({err})")
        img = pdfview.render_page(doc, 0, 48) if hasattr(pdfview, "render_page") else doc.render(0, QSize(400, 560))
        if img.isNull() or img.width() < 100:
            raise StepFailed("QtPdf không vẽ được trang 1 của báo cáo")
        # some ink on the page: not every sampled pixel is white
        step = max(1, img.width() // 40)
        ink = sum(1 for x in range(0, img.width(), step) for y in range(0, img.height(), step)
                  if img.pixelColor(x, y).lightness() < 200)
        if ink == 0:
            raise StepFailed("trang 1 của báo cáo hiện ra trắng trơn")
        printer = pdfview.make_printer() if hasattr(pdfview, "make_printer") else QPrinter()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        want = min(2, doc.pageCount())  # two pages are enough, and fast
        printer.setFromTo(1, want)
        n = pdfview.paint_pdf(doc, printer) if hasattr(pdfview, "paint_pdf") else 0
        if n != want or not out.is_file() or not out.read_bytes().startswith(b"%PDF"):
            raise StepFailed("in thử (QtPrintSupport) không ra đủ trang")
        return f"xem trước {doc.pageCount()} trang + in thử {n} trang, trang 1 {img.width()}×{img.height()}"
    finally:
        doc.close()


# ------------------------------------------------------------ window step
def open_main_window(data_dir: Path, platform: str = "offscreen", timeout_s: float = 60.0) -> str:
    """Starts the real GUI (``ui.app.run_gui``) on ``data_dir`` with the Qt
    platform ``platform``; once its main window is shown and painted, grabs it,
    closes it and quits.  Modal dialogs opening at start-up fail the step."""
    import argparse

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMainWindow

    qt_args = ["-platform", platform] if platform else []
    app = _qt_app(platform)
    state = {"found": None, "error": None, "ticks": 0, "size": None, "title": ""}
    deadline = time.monotonic() + timeout_s

    def poll():
        state["ticks"] += 1
        modal = app.activeModalWidget()
        if modal is not None:
            state["error"] = f"hộp thoại “{modal.windowTitle() or type(modal).__name__}” chặn khởi động"
            modal.close()
        wins = [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
        if wins and state["found"] is None:
            w = wins[0]
            handle = w.windowHandle()
            if handle is not None and handle.isExposed():
                pix = w.grab()
                state["found"] = True
                state["size"] = (pix.width(), pix.height())
                state["title"] = w.windowTitle()
                if pix.isNull() or pix.width() < 50 or pix.height() < 50:
                    state["error"] = "cửa sổ chính không vẽ được"
                else:
                    state["error"] = _one_window_per_folder(data_dir)
                for tl in app.topLevelWidgets():
                    tl.close()
                timer.stop()
                QTimer.singleShot(0, app.quit)
                return
        if time.monotonic() > deadline:
            state["error"] = state["error"] or f"cửa sổ chính không hiện sau {timeout_s:.0f} giây"
            timer.stop()
            for tl in app.topLevelWidgets():
                tl.close()
            app.quit()

    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(poll)
    timer.start()
    run_gui = _missing("ui.app", "run_gui")
    ns = argparse.Namespace(data_dir=Path(data_dir), command=None)
    t0 = time.perf_counter()
    try:
        rc = run_gui(ns, qt_args, remember=False)  # the clerk's window settings stay as they were
    finally:
        timer.stop()
    if state["error"]:
        raise StepFailed(state["error"])
    if not state["found"]:
        raise StepFailed(f"cửa sổ chính không hiện (mã thoát giao diện {rc})")
    if "Sổ Dân vận" not in _nfc(state["title"]):
        raise StepFailed(f"tiêu đề cửa sổ chính không đúng: “{state['title']}”")
    w, h = state["size"]
    return f"cửa sổ chính {w}×{h} ({app.platformName()}, {time.perf_counter() - t0:.1f} s)"


def _one_window_per_folder(data_dir: Path) -> str | None:
    """None when the open window holds the folder's lock and listens on its
    channel (QtNetwork is in the bundle), else the Vietnamese reason."""
    from PySide6.QtNetwork import QLocalSocket

    from core.safety.instance import FolderBusy, FolderLock, channel_name

    probe = FolderLock(data_dir)
    try:
        if probe.acquire():
            probe.release()
            return "cửa sổ chính không giữ khóa thư mục dữ liệu"
    except FolderBusy:
        pass
    sock = QLocalSocket()
    sock.connectToServer(channel_name(data_dir))
    connected = sock.waitForConnected(2000)
    sock.abort()
    return None if connected else "cửa sổ chính không nghe kênh mở lại (QLocalServer)"


def run(args) -> int:
    os.environ.setdefault("SODANVAN_SELF_TEST", "1")
    return SelfTest(args).run()
