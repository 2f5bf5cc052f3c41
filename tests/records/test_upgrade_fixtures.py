"""Every release's book opens in this version: one fixture per release
(``tests/fixtures/book-<version>/``: the book written by that release's own
code and the figures that release computed from it, made by
``tests/fixtures/make_fixture.py`` — docs/PACKAGING.md "Upgrades").

For each fixture, on a copy: ``open_session`` opens and migrates it, after a
backup of the unmigrated book (reason ``migrate``); the records, settings and
the saved report are all there; the definitional report figures (received
counts, never carried-over ones) equal what the release computed; and the
saved report builds into a DOCX."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from core.records.fields import KINDS
from core.records.store import open_store
from core.report import saved
from core.report.build import build_document
from core.report.docx_writer import write_docx
from core.report.periods import Period
from core.report.stats import compute
from core.safety.backup import list_backups
from core.session import open_session

FIXTURES = sorted(p for p in (Path(__file__).resolve().parents[1] / "fixtures").glob("book-*") if p.is_dir())

HOW_TO_REVISE = (
    "If this is a deliberate change of a figure's definition (docs/FIGURES.md), write the new value in "
    "{exp} with the reason in its \"revisions\" list; otherwise the upgrade lost or changed the clerk's data.")


def test_there_is_a_fixture_per_release_so_far():
    assert "book-0.1.0" in {p.name for p in FIXTURES}
    for p in FIXTURES:
        assert (p / "sodanvan.db").is_file() and (p / "expected.json").is_file(), p


def _period(spec: dict) -> Period:
    ctor = Period.year if spec["preset"] == "year" else getattr(Period, spec["preset"])
    p = ctor(*spec["args"])
    assert (p.start.isoformat(), p.end.isoformat()) == (spec["start"], spec["end"]), spec
    return p


def _figures(stats) -> dict:
    p, r, m = stats.petitions, stats.reception.total, stats.mediation
    return {
        "petitions_received": p.received,
        "petitions_by_type": {c.code: c.n for c in p.by_type},
        "reception_luot": r.luot,
        "reception_nguoi": r.nguoi,
        "mediation_received": {"co_so": m.co_so.new, "dat_dai": m.dat_dai.new},
        "mediation_thanh": {"co_so": m.co_so.thanh, "dat_dai": m.dat_dai.thanh},
        "documents": {"directive": len(stats.documents.directive), "superior": len(stats.documents.superior)},
        "dialogues": stats.dialogues.count,
    }


@pytest.fixture(params=FIXTURES, ids=lambda p: p.name)
def book(request, tmp_path):
    src: Path = request.param
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy2(src / "sodanvan.db", data / "sodanvan.db")
    expected = json.loads((src / "expected.json").read_text(encoding="utf-8"))
    return data, expected, src


def test_release_book_opens_migrates_after_a_backup_and_keeps_its_figures(book, tmp_path):
    data, exp, src = book
    rel = f"the book written by Sổ Dân vận {exp['release']} ({src.name})"
    old_migrations = {tuple(m) for m in exp["schema"]["migrations"]}

    probe = open_store(data, migrate=False)
    pending = probe.pending_migrations()
    probe.close()

    store = open_session(data)
    try:
        # --- migrated, after a backup of the book as it was
        applied = {(r["migration_set"], r["name"]) for r in store.q("SELECT * FROM _sqlite_migrations")}
        assert old_migrations <= applied, f"{rel}: migrations forgotten: {sorted(old_migrations - applied)}"
        assert store.pending_migrations() == []
        migrate_backups = [b for b in list_backups(data) if b.reason == "migrate"]
        if pending:
            assert len(migrate_backups) == 1, f"{rel}: {len(pending)} migrations ran, backups: {list_backups(data)}"
            with sqlite3.connect(f"file:{migrate_backups[0].path}?mode=ro", uri=True) as bk:
                before = {tuple(r) for r in bk.execute("SELECT migration_set, name FROM _sqlite_migrations")}
                assert before == old_migrations, f"{rel}: the backup is not the book as the release left it"
                assert bk.execute("SELECT count(*) FROM don_thu").fetchone()[0] == exp["counts"]["don_thu"]
        else:  # the fixture of the current release: nothing to migrate, no backup needed
            assert migrate_backups == []

        # --- every record, setting and the saved report
        counts = {k: store.q1(f"SELECT count(*) FROM {KINDS[k].table if k in KINDS else k}") for k in exp["counts"]}
        assert counts == exp["counts"], f"{rel}: record counts differ"
        for key, value in exp["settings"].items():
            assert store.get_setting(key) == value, f"{rel}: setting {key}"
        assert dt.date.fromisoformat(exp["day_off"]) in store.deadlines().calendar.days_off, f"{rel}: day off"
        to_cao = store.get("don_thu", exp["to_cao"]["id"])
        assert to_cao is not None and to_cao["loai"] == "to_cao", f"{rel}: the tố cáo entered by hand"
        assert to_cao["ho_ten"] == exp["to_cao"]["ho_ten"], f"{rel}: the denouncer's name (no password set)"
        rep = saved.get_report(store, exp["report"]["id"])
        assert rep is not None, f"{rel}: saved report missing"
        got = {"id": rep.id, "outline_key": rep.outline_key, "so": rep.so, "tu_ngay": rep.period.start.isoformat(),
               "den_ngay": rep.period.end.isoformat(), "free_text": dict(rep.free_text)}
        assert got == exp["report"], f"{rel}: saved report"

        # --- the definitional report figures, per fixed period
        today = dt.date.fromisoformat(exp["generator"]["today"])
        diffs = []
        for spec in exp["periods"]:
            now = _figures(compute(store, _period(spec), compare=False, today=today))
            for name, then in spec["figures"].items():
                if now[name] != then:
                    diffs.append(f"  {spec['label']}: {name} = {now[name]}, {exp['release']} computed {then}")
        assert not diffs, (f"{rel}: report figures differ from what {exp['release']} computed from the same "
                           f"records:\n" + "\n".join(diffs) + "\n" + HOW_TO_REVISE.format(exp=src / "expected.json"))

        # --- the saved report builds
        doc = build_document(store, rep, today=today)
        out = write_docx(doc, tmp_path / "report.docx")
        with zipfile.ZipFile(out) as z:
            body = z.read("word/document.xml").decode("utf-8")
        assert exp["report"]["free_text"] and all(t in body for t in exp["report"]["free_text"].values())
    finally:
        store.close()
