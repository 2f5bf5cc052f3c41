"""Schema created from an empty file by sqlite-utils migrations, reopened, versioned."""
import hashlib
import sqlite3

import pytest

from core.paths import DB_FILENAME
from core.records import schema
from core.records.store import NewerSchemaError
from core.session import open_session


def test_migrations_from_empty_file_and_reopen(tmp_path):
    s = open_session(tmp_path)
    assert s.pending_migrations() == []
    assert s.schema_version == len(schema.known_migration_names())
    assert s.journal_mode == "wal"
    assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    applied = s.q("SELECT name FROM _sqlite_migrations WHERE migration_set='sodanvan' ORDER BY id")
    assert [r["name"] for r in applied][:3] == ["m001_initial_schema", "m002_search_index", "m003_sort_keys"]
    s.create("unit", {"ten": "Hòa Phong", "is_current": 1})
    s.close()
    s2 = open_session(tmp_path)
    assert s2.current_unit()["ten"] == "Hòa Phong"
    assert s2.pending_migrations() == []
    # default enumerations seeded from SPEC
    assert s2.enum_label("loai_don", "khieu_nai") == "Khiếu nại"
    assert len(s2.enum_items("linh_vuc")) == 8
    s2.close()


def test_every_filtered_date_and_foreign_key_is_indexed(tmp_path):
    s = open_session(tmp_path)
    for table, col in [("don_thu", "ngay_nhan"), ("tiep_cong_dan", "ngay_tiep"), ("hoa_giai", "ngay_nhan"),
                       ("doi_thoai", "ngay"), ("hoat_dong", "ngay"), ("don_thu", "tiep_cong_dan_id"),
                       ("tiep_cong_dan", "vu_viec_id"), ("hoa_giai", "to_hoa_giai_id"), ("don_thu", "don_goc_id")]:
        plan = " ".join(str(r) for r in s.conn.execute(
            f"EXPLAIN QUERY PLAN SELECT count(*) FROM {table} WHERE {col} = ?", ("x",)).fetchall())
        assert "USING" in plan and "INDEX" in plan, (table, col, plan)
    s.close()


def test_newer_schema_refused_and_untouched(tmp_path):
    s = open_session(tmp_path)
    s.close()
    con = sqlite3.connect(tmp_path / DB_FILENAME)
    con.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) VALUES ('sodanvan', 'm999_future', 'x')")
    con.commit()
    con.close()
    path = tmp_path / DB_FILENAME
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(NewerSchemaError) as e:
        open_session(tmp_path)
    assert "phiên bản Sổ Dân vận mới hơn" in str(e.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_new_migration_applies_on_reopen(tmp_path, monkeypatch):
    from sqlite_utils import Migrations

    s = open_session(tmp_path)
    s.close()
    extra = Migrations("test.extra")

    @extra()
    def m001_add_table(db):
        db.execute("CREATE TABLE extra_t (id INTEGER PRIMARY KEY)")

    monkeypatch.setattr(schema, "MIGRATION_SETS", [*schema.MIGRATION_SETS, extra])
    seen = []
    s2 = open_session(tmp_path, migrate=False)
    s2.before_migrate.append(lambda st: seen.append(st.pending_migrations()))
    s2.migrate()
    assert seen == [[("test.extra", "m001_add_table")]]
    assert s2.db["extra_t"].exists()
    assert s2.schema_version == len(schema.known_migration_names())
    s2.close()


def test_cases_found_without_diacritics_also_in_a_book_from_before_m005(tmp_path):
    """m005: vu_viec titles get the folded search every other record has —
    for a book written before it too (its titles indexed by the migration)."""
    from core.records.completion import picker_rows

    s = open_session(tmp_path)
    uid = s.create("unit", {"ten": "Hòa Phong", "is_current": 1})
    old_id = s.create("vu_viec", {"tieu_de": "Tranh chấp ranh giới đất ở thôn Đông Hòa"})
    # the book as an older version left it: no search column, no index, m005 not recorded
    for name in ("vu_viec_fts_ai", "vu_viec_fts_ad", "vu_viec_fts_au"):
        s.conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    s.conn.execute("DROP TABLE IF EXISTS vu_viec_fts")
    s.conn.execute("DROP INDEX IF EXISTS idx_vu_viec_search")
    s.conn.execute("ALTER TABLE vu_viec DROP COLUMN search_text")
    s.conn.execute("DELETE FROM _sqlite_migrations WHERE name='m005_case_search'")
    s.conn.commit()
    s.close()

    s2 = open_session(tmp_path)
    try:
        assert s2.pending_migrations() == []
        assert [r["id"] for r in picker_rows(s2, "vu_viec", "ranh gioi dat")] == [old_id]
        assert [r["id"] for r in picker_rows(s2, "vu_viec", "DONG HOA")] == [old_id]
        new_id = s2.create("vu_viec", {"tieu_de": "Đề nghị cấp giấy chứng nhận quyền sử dụng đất", "unit_id": uid})
        assert [r["id"] for r in picker_rows(s2, "vu_viec", "giay chung nhan")] == [new_id]
        s2.update("vu_viec", new_id, {"tieu_de": "Bồi thường giải phóng mặt bằng"})
        assert picker_rows(s2, "vu_viec", "giay chung nhan") == []
        assert [r["id"] for r in picker_rows(s2, "vu_viec", "boi thuong")] == [new_id]
    finally:
        s2.close()
