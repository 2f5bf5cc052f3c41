"""Indexes the report statistics (core/stats.py) read through: their own
migration set "sodanvan.stats" (SPEC §8 migrations).  Kept out of
core/stats.py so that opening the store, which runs every migration set,
does not import the statistics module (start-up time)."""
from __future__ import annotations

from sqlite_utils import Migrations

from . import schema

# The "still open at the period start" parts of the working sets are index
# range reads instead of scans of every earlier record; the covering indexes
# let a period's rows be read from the index alone.
stats_migrations = schema.register_migration_set(Migrations("sodanvan.stats"))


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
