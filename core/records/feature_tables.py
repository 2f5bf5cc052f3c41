"""The book's tables and indexes that feature areas read and write: the
audit log and merge map (core.safety), saved reports and user outlines
(core.report.saved), and the indexes the report statistics read through
(core.report.stats).

Each area keeps its own migration set name ("sodanvan.safety",
"sodanvan.reports", "sodanvan.stats") so books written before these sets
moved here open unchanged; the DDL lives in the records layer because the
book's schema is one thing the store owns (core.records.schema lists the
sets in the order they apply), and the store never imports the features.
"""
from __future__ import annotations

from sqlite_utils import Migrations

AUDIT_TABLE = "nhat_ky_thay_doi"

# ----------------------------------------------------------- sodanvan.safety
safety_migrations = Migrations("sodanvan.safety")


@safety_migrations()
def m001_audit_log(db):
    db.execute(f"""CREATE TABLE {AUDIT_TABLE} (
        id INTEGER PRIMARY KEY,
        thoi_gian TEXT NOT NULL,
        nguoi TEXT,
        hanh_dong TEXT NOT NULL,
        loai TEXT,
        ban_ghi_id INTEGER,
        thay_doi TEXT,
        ghi_chu TEXT)""")
    db.execute(f"CREATE INDEX idx_nkt_thoi_gian ON {AUDIT_TABLE}(thoi_gian)")
    db.execute(f"CREATE INDEX idx_nkt_ban_ghi ON {AUDIT_TABLE}(loai, ban_ghi_id)")


@safety_migrations()
def m002_merge_map(db):
    """Idempotent merges (core.safety.merge): one row per merged source database
    and one per record copied from it."""
    db.execute("""CREATE TABLE merge_source (
        id INTEGER PRIMARY KEY,
        source_key TEXT NOT NULL UNIQUE,
        duong_dan TEXT,
        unit_id INTEGER REFERENCES unit(id),
        thoi_gian TEXT NOT NULL)""")
    db.execute("""CREATE TABLE merge_map (
        source_id INTEGER NOT NULL REFERENCES merge_source(id),
        bang TEXT NOT NULL,
        old_id INTEGER NOT NULL,
        new_id INTEGER NOT NULL,
        PRIMARY KEY (source_id, bang, old_id))""")


@safety_migrations()
def m003_secret_reception(db):
    """A tố cáo received in person is as secret as one in writing (issue 13):
    ``tiep_cong_dan.bi_mat`` holds the encrypted identity when a password is
    set (``core.safety.secrets`` moves existing identities into it at the
    next unlock); the visitor's name leaves the search text and the name
    sort of those visits now, password or not."""
    from core.records.secrecy import SECRET_SORT_KEY
    from core.text import fold

    db.execute("ALTER TABLE tiep_cong_dan ADD COLUMN bi_mat TEXT")
    rows = db.execute("SELECT id, noi_dung, nguoi_tiep_ten, ghi_chu FROM tiep_cong_dan "
                      "WHERE loai = 'to_cao'").fetchall()
    db.conn.executemany("UPDATE tiep_cong_dan SET search_text=?, sort_key=? WHERE id=?",
                        [(fold(" ".join(str(x) for x in r[1:] if x)), SECRET_SORT_KEY, r[0]) for r in rows])


@safety_migrations()
def m004_trash(db):
    """Thùng rác (issue 15 item 18, core.records.trash): a deleted record's
    rows kept 30 days as one JSON row, restorable under the same ids."""
    db.execute("""CREATE TABLE thung_rac (
        id INTEGER PRIMARY KEY,
        loai TEXT NOT NULL,
        ban_ghi_id INTEGER NOT NULL,
        ngay_xoa TEXT NOT NULL,
        mo_ta TEXT NOT NULL DEFAULT '',
        du_lieu TEXT NOT NULL)""")
    db.execute("CREATE INDEX idx_thung_rac_ban_ghi ON thung_rac(loai, ban_ghi_id)")


# ---------------------------------------------------------- sodanvan.reports
report_migrations = Migrations("sodanvan.reports")

_TS = """
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f','now','localtime')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f','now','localtime'))
"""


@report_migrations()
def m001_reports(db):
    db.execute(f"""CREATE TABLE bao_cao_mau (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        ten TEXT NOT NULL,
        data TEXT NOT NULL,
        {_TS})""")
    db.execute(f"""CREATE TABLE bao_cao (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES unit(id),
        outline_key TEXT NOT NULL,
        outline TEXT NOT NULL,
        ky TEXT NOT NULL,
        tu_ngay TEXT NOT NULL,
        den_ngay TEXT NOT NULL,
        so_sanh INTEGER NOT NULL DEFAULT 1,
        gom_don_vi_cu INTEGER NOT NULL DEFAULT 1,
        so TEXT,
        ky_hieu TEXT NOT NULL DEFAULT 'BC-UBND',
        ngay TEXT,
        dia_danh TEXT,
        kinh_gui TEXT NOT NULL DEFAULT '[]',
        trich_yeu TEXT,
        can_cu TEXT NOT NULL DEFAULT '[]',
        preamble TEXT,
        noi_dung TEXT NOT NULL DEFAULT '{{}}',
        sua_tu_dong TEXT NOT NULL DEFAULT '{{}}',
        noi_nhan TEXT NOT NULL DEFAULT '[]',
        nguoi_ky TEXT NOT NULL DEFAULT '{{}}',
        thap_phan INTEGER NOT NULL DEFAULT 2,
        trang_thai TEXT NOT NULL DEFAULT 'nhap' CHECK (trang_thai IN ('nhap', 'da_ban_hanh')),
        ghi_chu TEXT,
        {_TS})""")
    db.execute("CREATE INDEX idx_bao_cao_outline ON bao_cao(outline_key, den_ngay)")
    db.execute("CREATE INDEX idx_bao_cao_unit ON bao_cao(unit_id, den_ngay)")



# ------------------------------------------------------------ sodanvan.stats
# The "still open at the period start" parts of the working sets are index
# range reads instead of scans of every earlier record; the covering indexes
# let a period's rows be read from the index alone.
stats_migrations = Migrations("sodanvan.stats")


@stats_migrations()
def m001_report_indexes(db):
    db.execute("CREATE INDEX IF NOT EXISTS idx_don_xu_ly_nhan ON don_thu(ngay_xu_ly, ngay_nhan)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_don_open_nhan ON don_thu(huong_xu_ly, ngay_giai_quyet, ngay_nhan)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_hg_ket_thuc_nhan ON hoa_giai(ngay_ket_thuc, ngay_nhan)")


@stats_migrations()
def m002_petition_covering_indexes(db):
    # covering indexes of the petition figures: the period's petitions are
    # read from the index alone (no table row is visited)
    db.execute("""CREATE INDEX IF NOT EXISTS idx_don_rep_nhan ON don_thu(unit_id, ngay_nhan, du_dieu_kien,
                  huong_xu_ly, loai, linh_vuc, ly_do_khong_du, dong_nguoi, keo_dai, vu_viec_id)""")
    db.execute("""CREATE INDEX IF NOT EXISTS idx_don_rep_thu_ly ON don_thu(unit_id, ngay_nhan, du_dieu_kien, loai,
                  phuc_tap, gia_han, ngay_thu_ly, ngay_xu_ly, han_giai_quyet, ngay_giai_quyet, ket_qua, huong_xu_ly)
                  WHERE huong_xu_ly = 'thu_ly'""")


@stats_migrations()
def m003_reception_covering_index(db):
    # the reception figures read the period's entries from this index alone
    db.execute("""CREATE INDEX IF NOT EXISTS idx_tcd_rep ON tiep_cong_dan(unit_id, ngay_tiep, hinh_thuc, nguoi_tiep,
                  so_nguoi, lan_dau, vu_viec_id, linh_vuc, loai)""")


@stats_migrations()
def m004_mediation_covering_index(db):
    # the mediation figures read the period's cases from this index alone
    db.execute("""CREATE INDEX IF NOT EXISTS idx_hg_rep ON hoa_giai(unit_id, ngay_nhan, kind, to_hoa_giai_id,
                  linh_vuc, ngay_ket_thuc, ket_qua)""")
