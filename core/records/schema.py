"""Database schema, created and evolved by sqlite-utils' built-in migrations.

Each migration is a named function; the ``_sqlite_migrations`` table records
which ones ran.  Feature areas keep their own migration *set* (one
``Migrations`` object each, registered in ``MIGRATION_SETS`` in the order they
apply), so a feature can add tables without touching another's list.

Version rule: ``PRAGMA user_version`` holds the number of migrations this app
knows once they are all applied.  A database that records a migration this
app does not know comes from a newer version and is refused untouched
(``core.records.store.NewerSchemaError``).

Dates are stored as ISO text (``YYYY-MM-DD``); enumerations as codes (see
``core.records.enums``); booleans as 0/1; every record table has ``unit_id``,
``ghi_chu``, ``created_at``, ``updated_at`` and, where lists search it, a
folded ``search_text`` column indexed by FTS5.
"""
from __future__ import annotations

import json

from sqlite_utils import Migrations

from core.records import feature_tables
from core.records.enums import CHI_TIEU_DON_VI, DEFAULT_ENUMS
from core.records.secrecy import SECRET_SORT_KEY, is_secret

core_migrations = Migrations("sodanvan")

# Tables with a folded search_text column mirrored into an FTS5 index
# (m002 for the first seven, m005 for vu_viec).
_M002_FTS_TABLES = (
    "don_thu",
    "tiep_cong_dan",
    "doi_thoai",
    "hoa_giai",
    "mo_hinh",
    "van_ban",
    "hoat_dong",
)
FTS_TABLES = _M002_FTS_TABLES + ("vu_viec",)

_TS = """
    ghi_chu TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f','now','localtime')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f','now','localtime'))
"""

INITIAL_DDL = [
    # ------------------------------------------------------------ units
    f"""CREATE TABLE unit (
        id INTEGER PRIMARY KEY,
        ten TEXT NOT NULL,
        ma TEXT,
        loai TEXT NOT NULL DEFAULT 'xa',
        tinh TEXT,
        is_current INTEGER NOT NULL DEFAULT 0,
        merged_into_id INTEGER REFERENCES unit(id),
        ngay_sap_nhap TEXT,
        co_quan_chu_quan TEXT,
        dia_danh TEXT,
        kinh_gui TEXT,
        dien_tich_ha REAL,
        dan_so INTEGER,
        so_ho INTEGER,
        dan_toc_ton_giao TEXT,
        vung_kho_khan INTEGER NOT NULL DEFAULT 0,
        {_TS})""",
    "CREATE INDEX idx_unit_merged ON unit(merged_into_id)",
    f"""CREATE TABLE thon (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES unit(id),
        ten TEXT NOT NULL,
        loai TEXT NOT NULL DEFAULT 'thon',
        thu_tu INTEGER NOT NULL DEFAULT 0,
        an INTEGER NOT NULL DEFAULT 0,
        {_TS})""",
    "CREATE INDEX idx_thon_unit ON thon(unit_id)",
    f"""CREATE TABLE lanh_dao (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES unit(id),
        ho_ten TEXT NOT NULL,
        chuc_vu TEXT NOT NULL,
        dang_cong_tac INTEGER NOT NULL DEFAULT 1,
        thu_tu INTEGER NOT NULL DEFAULT 0,
        {_TS})""",
    "CREATE INDEX idx_lanh_dao_unit ON lanh_dao(unit_id)",
    f"""CREATE TABLE noi_nhan (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES unit(id),
        ten TEXT NOT NULL,
        thu_tu INTEGER NOT NULL DEFAULT 0,
        mac_dinh INTEGER NOT NULL DEFAULT 1,
        {_TS})""",
    "CREATE INDEX idx_noi_nhan_unit ON noi_nhan(unit_id)",
    # -------------------------------------------------- enums, settings
    """CREATE TABLE enum_item (
        id INTEGER PRIMARY KEY,
        enum_key TEXT NOT NULL,
        code TEXT NOT NULL,
        label TEXT NOT NULL,
        thu_tu INTEGER NOT NULL DEFAULT 0,
        an INTEGER NOT NULL DEFAULT 0,
        builtin INTEGER NOT NULL DEFAULT 0,
        extra TEXT,
        UNIQUE (enum_key, code))""",
    """CREATE TABLE setting (
        key TEXT PRIMARY KEY,
        value TEXT)""",
    """CREATE TABLE ngay_nghi (
        ngay TEXT PRIMARY KEY,
        lam_viec INTEGER NOT NULL DEFAULT 0,
        ly_do TEXT)""",
    # ------------------------------------------------------------ cases
    f"""CREATE TABLE vu_viec (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES unit(id),
        tieu_de TEXT NOT NULL,
        linh_vuc TEXT,
        {_TS})""",
    "CREATE INDEX idx_vu_viec_unit ON vu_viec(unit_id)",
    # -------------------------------------------------- tiếp công dân
    f"""CREATE TABLE tiep_cong_dan (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES unit(id),
        ngay_tiep TEXT NOT NULL,
        hinh_thuc TEXT NOT NULL DEFAULT 'thuong_xuyen',
        nguoi_tiep TEXT NOT NULL DEFAULT 'cong_chuc',
        nguoi_tiep_ten TEXT,
        ho_ten TEXT NOT NULL,
        dia_chi TEXT,
        thon_id INTEGER REFERENCES thon(id),
        cccd TEXT,
        dien_thoai TEXT,
        so_nguoi INTEGER NOT NULL DEFAULT 1 CHECK (so_nguoi >= 1),
        so_dai_dien INTEGER,
        vu_viec_id INTEGER REFERENCES vu_viec(id),
        lan_dau INTEGER NOT NULL DEFAULT 1,
        loai TEXT,
        linh_vuc TEXT,
        noi_dung TEXT NOT NULL,
        co_quan_da_giai_quyet TEXT,
        huong_xu_ly TEXT,
        ket_qua TEXT,
        ngay_ket_qua TEXT,
        search_text TEXT NOT NULL DEFAULT '',
        {_TS})""",
    "CREATE INDEX idx_tcd_ngay ON tiep_cong_dan(ngay_tiep)",
    "CREATE INDEX idx_tcd_unit_ngay ON tiep_cong_dan(unit_id, ngay_tiep)",
    "CREATE INDEX idx_tcd_vu_viec ON tiep_cong_dan(vu_viec_id)",
    "CREATE INDEX idx_tcd_thon ON tiep_cong_dan(thon_id)",
    # ------------------------------------------------------- đơn thư
    f"""CREATE TABLE don_thu (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES unit(id),
        so_den INTEGER NOT NULL CHECK (so_den >= 1),
        nam INTEGER NOT NULL,
        ngay_nhan TEXT NOT NULL,
        ngay_viet TEXT,
        nguon TEXT NOT NULL DEFAULT 'truc_tiep',
        nguon_chi_tiet TEXT,
        tiep_cong_dan_id INTEGER REFERENCES tiep_cong_dan(id) ON DELETE SET NULL,
        vu_viec_id INTEGER REFERENCES vu_viec(id),
        ho_ten TEXT,
        dia_chi TEXT,
        thon_id INTEGER REFERENCES thon(id),
        cccd TEXT,
        dien_thoai TEXT,
        nac_danh INTEGER NOT NULL DEFAULT 0,
        so_nguoi_ky INTEGER NOT NULL DEFAULT 1 CHECK (so_nguoi_ky >= 1),
        loai TEXT NOT NULL,
        linh_vuc TEXT NOT NULL DEFAULT 'khac',
        noi_dung TEXT NOT NULL,
        du_dieu_kien INTEGER,
        ly_do_khong_du TEXT,
        don_goc_id INTEGER REFERENCES don_thu(id),
        huong_xu_ly TEXT,
        ngay_xu_ly TEXT,
        co_quan_nhan TEXT,
        so_van_ban_chuyen TEXT,
        phuc_tap INTEGER NOT NULL DEFAULT 0,
        dong_nguoi INTEGER NOT NULL DEFAULT 0,
        keo_dai INTEGER NOT NULL DEFAULT 0,
        lan INTEGER NOT NULL DEFAULT 1 CHECK (lan >= 1),
        don_truoc_id INTEGER REFERENCES don_thu(id),
        ngay_thu_ly TEXT,
        han_giai_quyet TEXT,
        ly_do_dieu_chinh_han TEXT,
        gia_han INTEGER NOT NULL DEFAULT 0 CHECK (gia_han BETWEEN 0 AND 2),
        ngay_giai_quyet TEXT,
        ket_qua TEXT,
        so_van_ban_ket_qua TEXT,
        bi_mat TEXT,
        search_text TEXT NOT NULL DEFAULT '',
        {_TS},
        UNIQUE (unit_id, nam, so_den))""",
    "CREATE INDEX idx_don_ngay_nhan ON don_thu(ngay_nhan, loai)",
    "CREATE INDEX idx_don_unit_ngay ON don_thu(unit_id, ngay_nhan)",
    "CREATE INDEX idx_don_tcd ON don_thu(tiep_cong_dan_id)",
    "CREATE INDEX idx_don_vu_viec ON don_thu(vu_viec_id)",
    "CREATE INDEX idx_don_goc ON don_thu(don_goc_id)",
    "CREATE INDEX idx_don_truoc ON don_thu(don_truoc_id)",
    "CREATE INDEX idx_don_thon ON don_thu(thon_id)",
    "CREATE INDEX idx_don_ngay_giai_quyet ON don_thu(ngay_giai_quyet)",
    "CREATE INDEX idx_don_open ON don_thu(huong_xu_ly, ngay_giai_quyet)",
    # ------------------------------------------------------- đối thoại
    f"""CREATE TABLE doi_thoai (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES unit(id),
        ngay TEXT NOT NULL,
        hinh_thuc TEXT NOT NULL DEFAULT 'doi_thoai',
        chu_tri TEXT,
        chu_de TEXT NOT NULL,
        dia_diem TEXT,
        so_nguoi_du INTEGER NOT NULL DEFAULT 0 CHECK (so_nguoi_du >= 0),
        so_tra_loi_tai_cho INTEGER NOT NULL DEFAULT 0 CHECK (so_tra_loi_tai_cho >= 0),
        so_giao_xu_ly INTEGER NOT NULL DEFAULT 0 CHECK (so_giao_xu_ly >= 0),
        search_text TEXT NOT NULL DEFAULT '',
        {_TS})""",
    "CREATE INDEX idx_doi_thoai_ngay ON doi_thoai(ngay)",
    "CREATE INDEX idx_doi_thoai_unit_ngay ON doi_thoai(unit_id, ngay)",
    """CREATE TABLE doi_thoai_y_kien (
        id INTEGER PRIMARY KEY,
        doi_thoai_id INTEGER NOT NULL REFERENCES doi_thoai(id) ON DELETE CASCADE,
        linh_vuc TEXT NOT NULL,
        so_luong INTEGER NOT NULL CHECK (so_luong >= 0),
        UNIQUE (doi_thoai_id, linh_vuc))""",
    # --------------------------------------------------------- hòa giải
    f"""CREATE TABLE to_hoa_giai (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES unit(id),
        ten TEXT NOT NULL,
        thon_id INTEGER REFERENCES thon(id),
        an INTEGER NOT NULL DEFAULT 0,
        {_TS})""",
    "CREATE INDEX idx_to_hg_unit ON to_hoa_giai(unit_id)",
    f"""CREATE TABLE hoa_giai_vien (
        id INTEGER PRIMARY KEY,
        to_hoa_giai_id INTEGER NOT NULL REFERENCES to_hoa_giai(id),
        ho_ten TEXT NOT NULL,
        vai_tro TEXT NOT NULL DEFAULT 'thanh_vien',
        dien_thoai TEXT,
        an INTEGER NOT NULL DEFAULT 0,
        {_TS})""",
    "CREATE INDEX idx_hgv_to ON hoa_giai_vien(to_hoa_giai_id)",
    f"""CREATE TABLE hoa_giai (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES unit(id),
        kind TEXT NOT NULL DEFAULT 'co_so',
        to_hoa_giai_id INTEGER REFERENCES to_hoa_giai(id),
        ngay_nhan TEXT NOT NULL,
        nguon TEXT NOT NULL DEFAULT 'ben_yeu_cau',
        ben_a TEXT NOT NULL,
        ben_a_dia_chi TEXT,
        ben_b TEXT,
        ben_b_dia_chi TEXT,
        so_nguoi_lien_quan INTEGER NOT NULL DEFAULT 2 CHECK (so_nguoi_lien_quan >= 1),
        linh_vuc TEXT NOT NULL DEFAULT 'khac',
        noi_dung TEXT NOT NULL,
        ket_qua TEXT NOT NULL DEFAULT 'dang',
        huong_dan TEXT,
        ngay_ket_thuc TEXT,
        search_text TEXT NOT NULL DEFAULT '',
        {_TS})""",
    "CREATE INDEX idx_hg_ngay ON hoa_giai(ngay_nhan)",
    "CREATE INDEX idx_hg_unit_ngay ON hoa_giai(unit_id, ngay_nhan)",
    "CREATE INDEX idx_hg_to ON hoa_giai(to_hoa_giai_id)",
    "CREATE INDEX idx_hg_ket_thuc ON hoa_giai(ngay_ket_thuc)",
    """CREATE TABLE hoa_giai_hgv (
        hoa_giai_id INTEGER NOT NULL REFERENCES hoa_giai(id) ON DELETE CASCADE,
        hoa_giai_vien_id INTEGER NOT NULL REFERENCES hoa_giai_vien(id),
        PRIMARY KEY (hoa_giai_id, hoa_giai_vien_id))""",
    "CREATE INDEX idx_hg_hgv_vien ON hoa_giai_hgv(hoa_giai_vien_id)",
    # --------------------------------------------------------- mô hình
    f"""CREATE TABLE mo_hinh (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES unit(id),
        ten TEXT NOT NULL,
        linh_vuc TEXT NOT NULL,
        don_vi TEXT NOT NULL DEFAULT 'ubnd',
        dia_ban TEXT,
        loai TEXT NOT NULL DEFAULT 'mo_hinh',
        nam_dang_ky INTEGER NOT NULL,
        mo_ta TEXT,
        hieu_qua TEXT,
        search_text TEXT NOT NULL DEFAULT '',
        {_TS})""",
    "CREATE INDEX idx_mo_hinh_unit ON mo_hinh(unit_id)",
    "CREATE INDEX idx_mo_hinh_nam ON mo_hinh(nam_dang_ky)",
    """CREATE TABLE mo_hinh_nam (
        id INTEGER PRIMARY KEY,
        mo_hinh_id INTEGER NOT NULL REFERENCES mo_hinh(id) ON DELETE CASCADE,
        nam INTEGER NOT NULL,
        trang_thai TEXT NOT NULL,
        cong_nhan TEXT,
        tieu_bieu INTEGER NOT NULL DEFAULT 0,
        UNIQUE (mo_hinh_id, nam))""",
    "CREATE INDEX idx_mo_hinh_nam_nam ON mo_hinh_nam(nam, trang_thai)",
    # ----------------------------------------------- văn bản, hoạt động
    f"""CREATE TABLE van_ban (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES unit(id),
        cap TEXT NOT NULL DEFAULT 'chi_dao' CHECK (cap IN ('chi_dao', 'cap_tren')),
        so_ky_hieu TEXT NOT NULL,
        loai TEXT NOT NULL DEFAULT 'ke_hoach',
        ngay_ban_hanh TEXT NOT NULL,
        co_quan_ban_hanh TEXT,
        trich_yeu TEXT NOT NULL,
        phoi_hop TEXT,
        search_text TEXT NOT NULL DEFAULT '',
        {_TS})""",
    "CREATE INDEX idx_van_ban_ngay ON van_ban(cap, ngay_ban_hanh)",
    "CREATE INDEX idx_van_ban_unit ON van_ban(unit_id, ngay_ban_hanh)",
    f"""CREATE TABLE hoat_dong (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES unit(id),
        ngay TEXT NOT NULL,
        loai TEXT NOT NULL DEFAULT 'tuyen_truyen',
        chu_de TEXT NOT NULL,
        so_cuoc INTEGER NOT NULL DEFAULT 1 CHECK (so_cuoc >= 1),
        so_nguoi INTEGER NOT NULL DEFAULT 0 CHECK (so_nguoi >= 0),
        search_text TEXT NOT NULL DEFAULT '',
        {_TS})""",
    "CREATE INDEX idx_hoat_dong_ngay ON hoat_dong(ngay, loai)",
    "CREATE INDEX idx_hoat_dong_unit ON hoat_dong(unit_id, ngay)",
    # ------------------------------------------------- chỉ tiêu theo kỳ
    f"""CREATE TABLE chi_tieu (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES unit(id),
        tu_ngay TEXT NOT NULL,
        den_ngay TEXT NOT NULL,
        ma TEXT NOT NULL,
        gia_tri REAL NOT NULL CHECK (gia_tri >= 0),
        {_TS},
        UNIQUE (unit_id, tu_ngay, den_ngay, ma))""",
    "CREATE INDEX idx_chi_tieu_ky ON chi_tieu(tu_ngay, den_ngay)",
    # ------------------------------------------------------ attachments
    """CREATE TABLE dinh_kem (
        id INTEGER PRIMARY KEY,
        record_kind TEXT NOT NULL,
        record_id INTEGER NOT NULL,
        ten_goc TEXT NOT NULL,
        duong_dan TEXT NOT NULL,
        kich_thuoc INTEGER NOT NULL DEFAULT 0,
        sha256 TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f','now','localtime')))""",
    "CREATE INDEX idx_dinh_kem_record ON dinh_kem(record_kind, record_id)",
]


def _exec_all(db, statements):
    for sql in statements:
        db.execute(sql)


@core_migrations()
def m001_initial_schema(db):
    _exec_all(db, INITIAL_DDL)
    rows = []
    for key, items in DEFAULT_ENUMS.items():
        for i, (code, label) in enumerate(items):
            extra = None
            if key == "chi_tieu" and code in CHI_TIEU_DON_VI:
                extra = json.dumps({"don_vi_tinh": CHI_TIEU_DON_VI[code]}, ensure_ascii=False)
            rows.append((key, code, label, i, extra))
    db.conn.executemany(
        "INSERT INTO enum_item (enum_key, code, label, thu_tu, builtin, extra) VALUES (?, ?, ?, ?, 1, ?)",
        rows,
    )


@core_migrations()
def m002_search_index(db):
    """FTS5 over the folded ``search_text`` (a plain index fallback when the
    SQLite build lacks FTS5; search then uses ``LIKE``)."""
    fts = fts5_available(db)
    for table in _M002_FTS_TABLES:
        _search_index(db, table, fts)


def _search_index(db, table: str, fts: bool):
    if not fts:
        db.execute(f"CREATE INDEX idx_{table}_search ON {table}(search_text)")
        return
    db.execute(
        f"CREATE VIRTUAL TABLE {table}_fts USING fts5(search_text, content='{table}', "
        f"content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    db.execute(
        f"CREATE TRIGGER {table}_fts_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {table}_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
    )
    db.execute(
        f"CREATE TRIGGER {table}_fts_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {table}_fts({table}_fts, rowid, search_text) "
        f"VALUES ('delete', old.id, old.search_text); END"
    )
    db.execute(
        f"CREATE TRIGGER {table}_fts_au AFTER UPDATE OF search_text ON {table} BEGIN "
        f"INSERT INTO {table}_fts({table}_fts, rowid, search_text) "
        f"VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {table}_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
    )


# Name columns that lists sort by: a ``sort_key`` column (core.text.sort_key)
# with an index keeps Vietnamese alphabetical order in SQL.
SORT_FIELDS = {
    "don_thu": "ho_ten",
    "tiep_cong_dan": "ho_ten",
    "hoa_giai": "ben_a",
    "mo_hinh": "ten",
}


def row_sort_key(table: str, row: dict) -> str:
    """The stored ``sort_key`` of a row of ``table`` (see SORT_FIELDS); a
    denunciation's rows all share ``SECRET_SORT_KEY`` (core.records.secrecy)."""
    from core.text import sort_key

    if is_secret(table, row):
        return SECRET_SORT_KEY
    return sort_key(row.get(SORT_FIELDS[table]))


@core_migrations()
def m003_sort_keys(db):
    from core.text import sort_key

    for table, col in SORT_FIELDS.items():
        db.execute(f"ALTER TABLE {table} ADD COLUMN sort_key TEXT NOT NULL DEFAULT ''")
        for rid, value in db.execute(f"SELECT id, {col} FROM {table}").fetchall():
            db.execute(f"UPDATE {table} SET sort_key=? WHERE id=?", (sort_key(value), rid))
        db.execute(f"CREATE INDEX idx_{table}_sort ON {table}(sort_key)")


@core_migrations()
def m004_secret_sort_key(db):
    db.execute("UPDATE don_thu SET sort_key = ? WHERE loai = 'to_cao'", (SECRET_SORT_KEY,))


@core_migrations()
def m005_case_search(db):
    """Cases (vu_viec) found by their title without diacritics, like every
    other record: a folded ``search_text`` (title + note) and its index."""
    from core.text import fold

    db.execute("ALTER TABLE vu_viec ADD COLUMN search_text TEXT NOT NULL DEFAULT ''")
    rows = db.execute("SELECT id, tieu_de, ghi_chu FROM vu_viec").fetchall()
    db.conn.executemany("UPDATE vu_viec SET search_text=? WHERE id=?",
                        [(fold(" ".join(x for x in (t, g) if x)), i) for i, t, g in rows])
    _search_index(db, "vu_viec", fts5_available(db))
    if fts5_available(db):
        db.execute("INSERT INTO vu_viec_fts(vu_viec_fts) VALUES ('rebuild')")


@core_migrations()
def m006_report_context(db):
    """What the report cites besides figures (issue 12): the resolution that
    merged the commune (``unit.nghi_quyet_sap_nhap``, free text such as
    "Nghị quyết số 1656/NQ-UBTVQH15 ngày 16/06/2025 của Ủy ban Thường vụ Quốc
    hội") and documents still in force (``van_ban.con_hieu_luc``: a programme
    or regulation of an earlier year the report says it "tiếp tục triển khai")."""
    db.execute("ALTER TABLE unit ADD COLUMN nghi_quyet_sap_nhap TEXT")
    db.execute("ALTER TABLE van_ban ADD COLUMN con_hieu_luc INTEGER NOT NULL DEFAULT 0")


@core_migrations()
def m007_issued_papers(db):
    """Papers issued from a record (issue 14: receipts, transfer slips,
    notices), kept as issued: ``noi_dung`` is the JSON snapshot of the
    document, so a reprint years later is the same even after the record or
    the letterhead changed.  ``so`` is numbered per ``loai`` and ``nam``."""
    db.execute("""CREATE TABLE giay_to (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER REFERENCES unit(id),
        loai TEXT NOT NULL,
        ban_ghi_loai TEXT NOT NULL,
        ban_ghi_id INTEGER NOT NULL,
        so INTEGER NOT NULL,
        nam INTEGER NOT NULL,
        ky_hieu TEXT NOT NULL DEFAULT '',
        ngay TEXT NOT NULL,
        noi_dung TEXT NOT NULL,
        nguoi_phat_hanh TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')))""")
    db.execute("CREATE INDEX idx_giay_to_record ON giay_to(ban_ghi_loai, ban_ghi_id)")
    db.execute("CREATE UNIQUE INDEX idx_giay_to_so ON giay_to(unit_id, loai, nam, so)")


@core_migrations()
def m008_land_mediation(db):
    """Land-dispute mediation at UBND xã (issue 14; Luật Đất đai 2024 Điều 235):
    the session and what its biên bản records on ``hoa_giai`` (date, place, the
    parties' opinions, the agreement or the points not agreed), the Hội đồng
    hòa giải as a child list (``hoa_giai_hoi_dong``: name, position, role) and
    the roles' enumeration (seeded by m001 in a new book, hence OR IGNORE)."""
    for col in ("ngay_hoa_giai", "dia_diem_hoa_giai", "y_kien_cac_ben", "ket_luan"):
        db.execute(f"ALTER TABLE hoa_giai ADD COLUMN {col} TEXT")
    db.execute("""CREATE TABLE hoa_giai_hoi_dong (
        id INTEGER PRIMARY KEY,
        hoa_giai_id INTEGER NOT NULL REFERENCES hoa_giai(id) ON DELETE CASCADE,
        ho_ten TEXT NOT NULL,
        chuc_vu TEXT,
        vai_tro TEXT NOT NULL DEFAULT 'thanh_vien')""")
    db.execute("CREATE INDEX idx_hg_hoi_dong ON hoa_giai_hoi_dong(hoa_giai_id)")
    db.conn.executemany(
        "INSERT OR IGNORE INTO enum_item (enum_key, code, label, thu_tu, builtin) VALUES (?, ?, ?, ?, 1)",
        [("vai_tro_hoi_dong", code, label, i) for i, (code, label) in enumerate(DEFAULT_ENUMS["vai_tro_hoi_dong"])])


@core_migrations()
def m009_reception_documents(db):
    """The papers and documents a citizen hands over at a reception (issue 14:
    the giấy biên nhận of Thông tư 04/2021/TT-TTCP), one per line, on
    ``tiep_cong_dan``; the receipt ``bien_nhan_tai_lieu`` prints them."""
    db.execute("ALTER TABLE tiep_cong_dan ADD COLUMN tai_lieu_nhan TEXT")


def fts5_available(db) -> bool:
    try:
        db.execute("CREATE VIRTUAL TABLE temp._fts5_probe USING fts5(x)")
        db.execute("DROP TABLE temp._fts5_probe")
        return True
    except Exception:
        return False


def has_fts(db, table: str) -> bool:
    return db[f"{table}_fts"].exists()


# Order matters: sets apply one after another.  The feature areas' tables
# and indexes are defined in core.records.feature_tables under their own set
# names; a test may register an extra set (register_migration_set).
MIGRATION_SETS: list[Migrations] = [
    core_migrations,
    feature_tables.safety_migrations,
    feature_tables.report_migrations,
    feature_tables.stats_migrations,
]


def register_migration_set(migrations: Migrations) -> Migrations:
    if all(m.name != migrations.name for m in MIGRATION_SETS):
        MIGRATION_SETS.append(migrations)
    return migrations


def known_migration_names() -> set[tuple[str, str]]:
    return {(s.name, m.name) for s in MIGRATION_SETS for m in s._migrations}
