"""What each kind of record adds to the editor, keyed by kind: petition
intake (đơn thư), reception (tiếp công dân), mediation (hòa giải), models
(mô hình), indicators (chỉ tiêu).  The rules themselves are Qt-free
(``core.records.rules``) and the look-ups are named (``core.records.lookups``);
a behaviour only reads the widgets, asks, and writes the answer back.

The dialog calls the hooks of ``KindBehaviour``; a kind overrides the ones it needs.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from core.records import deadlines, lookups, rules
from core.records.secrecy import secret_fields


class KindBehaviour:
    """A kind with nothing beyond its form (the default)."""

    def __init__(self, dlg):
        self.dlg = dlg

    def add_buttons(self, bar: QHBoxLayout):
        """Buttons of the kind, after "Xóa" in the button bar."""

    def after_build(self):
        """The form is built: extra widgets of the kind."""

    def wire(self):
        """Connect the kind's reactions to its fields (after the dialog's own)."""

    def before_children(self, row: dict):
        """The fields hold ``row``; the sub-row editors are filled next."""

    def loaded(self, row: dict):
        """A record (or a new one's defaults) is in the form."""

    def field_states(self, values: dict) -> dict[str, rules.FieldState]:
        return rules.field_states(self.dlg.kind_key, values)

    def states_updated(self, values: dict):
        """The field states were just applied for these values."""

    def status(self) -> tuple[str, str | None]:
        """(text, colour) of the status line at the top right."""
        return "", None

    def title(self) -> str:
        return rules.editor_title(self.dlg.kind_key, self.dlg.record_id is None)

    def saved_message(self) -> str:
        """The main window's status line after a save."""
        return f"Đã lưu {self.dlg.kind.label}"


class PetitionIntake(KindBehaviour):
    """Đơn thư: the số đến suggestion, the denouncer's identity, links to
    an earlier letter or a visit, and the live status with its deadline."""

    def __init__(self, dlg):
        super().__init__(dlg)
        self.so_den_auto = False  # the suggested số đến follows ngày nhận until typed

    def after_build(self):
        self.dlg._build_reveal_button(self.dlg.group_boxes["nguoi_gui"])
        # "Người này đã gửi 2 đơn: 67/2025 …": the same citizen's earlier
        # letters, found while the name, CCCD and address are typed
        d = self.dlg
        self.repeat_hint = QLabel(d.body)
        self.repeat_hint.setObjectName("repeat_hint")
        self.repeat_hint.setWordWrap(True)
        self.repeat_hint.setStyleSheet("QLabel { background: #fff8e1; color: #5d4200; border: 1px solid #f0d48a;"
                                       " border-radius: 3px; padding: 4px; }")
        self.repeat_hint.setTextFormat(Qt.TextFormat.RichText)
        self.repeat_hint.linkActivated.connect(self._link_earlier)
        self.repeat_hint.hide()
        d.group_boxes["nguoi_gui"].layout().addRow(self.repeat_hint)
        self.repeats: list[dict] = []
        self._repeat_timer = QTimer(d)
        self._repeat_timer.setSingleShot(True)
        self._repeat_timer.setInterval(300)
        self._repeat_timer.timeout.connect(self.find_repeats)
        d.finished.connect(self._repeat_timer.stop)  # no look-up after the editor (and maybe the book) closed

    def wire(self):
        w = self.dlg.widgets
        for name in ("ho_ten", "cccd", "dia_chi", "loai"):
            w[name].changed.connect(self._repeat_timer.start)
        w["so_den"].textEdited.connect(lambda _t: setattr(self, "so_den_auto", False))
        w["ly_do_khong_du"].activated.connect(self._reason_picked)
        w["don_truoc_id"].changed.connect(self._earlier_petition_chosen)
        w["tiep_cong_dan_id"].changed.connect(self._visit_chosen)

    def loaded(self, row: dict):
        d = self.dlg
        self.so_den_auto = False
        d._hide_identity(rules.identity_hidden(d.kind_key, d.record_id is not None, row.get("loai")))
        if d.record_id is None and not row.get("so_den"):
            self._suggest_so_den()
            self.so_den_auto = True
        self.find_repeats()

    def find_repeats(self) -> list[dict]:
        """The citizen's earlier letters (``lookups.earlier_petitions``), said
        under the sender: never for a tố cáo (its denouncer is not matched)."""
        from core.text import fmt_date, fmt_int

        d = self.dlg
        self._repeat_timer.stop()
        w = d.widgets
        n, found = 0, []
        if not d._secret_hidden and w["loai"].value() != "to_cao":
            n, found = lookups.earlier_petitions(d.store, w["ho_ten"].value(), w["cccd"].value(),
                                                 w["dia_chi"].value(), exclude_id=d.record_id)
        self.repeats = found
        if not found:
            self.repeat_hint.hide()
            return found
        names = ", ".join(f"{r['so_den']}/{r['nam']} (nhận {fmt_date(r['ngay_nhan'])})" for r in found)
        more = f" và {fmt_int(n - len(found))} đơn khác" if n > len(found) else ""
        text = f"Người này đã gửi {fmt_int(n)} đơn: {names}{more}."
        if w["don_truoc_id"].value() is None:
            text += f' <a href="{found[0]["id"]}">Đặt đơn {found[0]["so_den"]}/{found[0]["nam"]} làm đơn lần trước</a>'
        self.repeat_hint.setText(text)
        self.repeat_hint.show()
        return found

    def _link_earlier(self, href: str):
        """The hint's link: the newest earlier letter becomes "đơn lần trước"."""
        self.dlg.widgets["don_truoc_id"].set_value(int(href))
        self.find_repeats()

    def states_updated(self, values: dict):
        d = self.dlg
        d.group_boxes["nguoi_gui"].setTitle(rules.sender_group_title(values.get("loai")))
        if self.so_den_auto and not d._loading:
            self._suggest_so_den()

    def status(self) -> tuple[str, str | None]:
        row = self.dlg._current_row()
        if not row.get("ngay_nhan"):
            if self.dlg.widgets["ngay_nhan"].value().strip():  # typed, but not a date
                return "Chưa tính được hạn: ngày nhận chưa đúng", "red"
            return "", None
        try:
            st = self.dlg.store.petition_state(row)
        except Exception:  # half-typed values
            st = None
        return rules.petition_status(st, saved=self.dlg.record_id is not None)

    def title(self) -> str:
        w = self.dlg.widgets
        year = (w["ngay_nhan"].date() or dt.date.today()).year
        return rules.editor_title("don_thu", self.dlg.record_id is None, w["so_den"].value(), year)

    def saved_message(self) -> str:
        """"Đã lưu đơn số 151/2026" (số đến/năm, as the petition is looked up)."""
        d = self.dlg
        row = (d.store.get("don_thu", d.record_id) or {}) if d.record_id is not None else {}
        year = row.get("nam") or (str(row.get("ngay_nhan") or "")[:4])
        if row.get("so_den") and year:
            return f"Đã lưu đơn số {row['so_den']}/{year}"
        return super().saved_message()

    def _suggest_so_den(self):
        d = self.dlg
        day = d.widgets["ngay_nhan"].date() or dt.date.today()
        try:
            n = d.store.next_so_den(d._extra.get("unit_id"), day.year)
        except Exception:  # no current unit yet
            return
        w = d.widgets["so_den"]
        if w.value() != str(n):
            w.blockSignals(True)
            w.set_value(n)
            w.blockSignals(False)

    def _reason_picked(self, _i):
        """Trùng lặp: the original must be linked — open the picker at once."""
        if rules.opens_original_picker(self.dlg.widget_values()):
            self.dlg.widgets["don_goc_id"].pick()

    def _earlier_petition_chosen(self):
        """Đơn lần trước picked: lần gửi becomes its lần + 1 (never lowered)."""
        d = self.dlg
        if d._loading:
            return
        prev = d.widgets["don_truoc_id"].value()
        if prev is None:
            return
        earlier = lookups.earlier_petition(d.store, prev)
        if not earlier:
            return
        for name, v in rules.after_earlier_petition(d.widget_values(), earlier).items():
            d.widgets[name].set_value(v)

    def _visit_chosen(self):
        """Lượt tiếp picked: empty fields are filled from the visit."""
        d = self.dlg
        if d._loading or d._secret_hidden:
            return
        vid = d.widgets["tiep_cong_dan_id"].value()
        if vid is None:
            return
        visit = d.store.get("tiep_cong_dan", vid) or {}
        for name, v in rules.fill_from_visit(d.widget_values(), visit).items():
            d.widgets[name].set_value(v)


class Reception(KindBehaviour):
    """Tiếp công dân: the receiver's name from the leaders list, first visit
    or not, the reply's deadline, "Tiếp nhận đơn…", and the identity of a
    visitor who denounces (phân loại tố cáo) hidden until revealed."""

    def __init__(self, dlg):
        super().__init__(dlg)
        self.auto_receiver = None  # the receiver's name filled from the leaders list

    def after_build(self):
        self.dlg._build_reveal_button(self.dlg.group_boxes["cong_dan"])

    def loaded(self, row: dict):
        d = self.dlg
        d._hide_identity(rules.identity_hidden(d.kind_key, d.record_id is not None, row.get("loai")))

    def add_buttons(self, bar: QHBoxLayout):
        d = self.dlg
        d.receive_button = QPushButton("Tiếp nhận đơn…", d)
        d.receive_button.setToolTip("Lưu lượt tiếp rồi mở đơn thư mới điền sẵn thông tin công dân")
        d.receive_button.setAutoDefault(False)
        d.receive_button.clicked.connect(self.receive_petition)
        bar.addWidget(d.receive_button)

    def wire(self):
        w = self.dlg.widgets
        w["nguoi_tiep"].changed.connect(self._fill_receiver_name)
        w["vu_viec_id"].changed.connect(self._case_chosen)

    def status(self) -> tuple[str, str | None]:
        d = self.dlg
        row = d._current_row()
        if not rules.reception_reply_pending(row):
            return "", None
        try:
            return rules.reception_status(row, d.store.deadlines(), dt.date.today())
        except Exception:
            return "", None

    def _case_chosen(self):
        """A visit about a case already brought here is not a first visit."""
        d = self.dlg
        if d._loading:
            return
        case = d.widgets["vu_viec_id"].value()
        earlier = lookups.case_contacts(d.store, case, d.record_id) if case is not None else 0
        d.widgets["lan_dau"].set_value(rules.first_visit(earlier))

    def _fill_receiver_name(self):
        """Chủ tịch / Phó Chủ tịch chosen: their name from the leaders list
        (only when the name box is empty or was filled this way)."""
        d = self.dlg
        if d._loading:
            return
        role = d.widgets["nguoi_tiep"].value()
        name_w = d.widgets["nguoi_tiep_ten"]
        if rules.keeps_receiver_name(name_w.value(), self.auto_receiver):
            return
        name = lookups.leader_name(d.store, role) if rules.receiver_from_leaders(role) else None
        name_w.set_value(name)
        self.auto_receiver = name

    def receive_petition(self):
        """"Tiếp nhận đơn": save the visit, then open a new petition
        pre-filled from it (or the petition already received)."""
        d = self.dlg
        huong = d.widgets["huong_xu_ly"]
        wanted = rules.visit_handling_on_receive(huong.value())
        if wanted != huong.value():
            huong.set_value(wanted)
        if not d.save():
            return None
        existing = lookups.petition_of_visit(d.store, d.record_id)
        editor = type(d)
        if existing:
            dlg = editor(d.store, "don_thu", existing, parent=d)
        else:
            dlg = editor(d.store, "don_thu", prefill=self.petition_prefill(), parent=d)
        d.child_editor = dlg
        dlg.open()
        return dlg

    def petition_prefill(self) -> dict:
        d = self.dlg
        visit = d.store.get("tiep_cong_dan", d.record_id)
        earlier = (lookups.latest_petition_of_case(d.store, visit["vu_viec_id"])
                   if rules.earlier_petition_wanted(visit) else None)
        pre = rules.petition_prefill(visit, d.record_id, earlier)
        if not d._secret_hidden:  # the identity on screen (typed, or revealed and logged) goes with the letter
            for n in secret_fields(d.kind_key):
                if d.widgets[n].value() not in (None, ""):
                    pre[n] = d.widgets[n].value()
        return pre


class Mediation(KindBehaviour):
    """Hòa giải: the mediators offered are the chosen team's; a land dispute
    at UBND xã shows its session, its council and its legal deadline."""

    def _team_list(self):
        return self.dlg.children["hoa_giai_vien_ids"]

    def states_updated(self, values: dict):
        # the session (biên bản) and the Hội đồng hòa giải: a land dispute at UBND xã only
        land = deadlines.is_land_mediation(values)
        d = self.dlg
        d.group_boxes["hop_hoa_giai"].setVisible(land)
        d.children["hoi_dong"].parentWidget().setVisible(land)
        self._team_list().parentWidget().setVisible(not land)  # grassroots mediators: not the council's case

    def status(self) -> tuple[str, str | None]:
        d = self.dlg
        try:
            st = deadlines.mediation_state(d._current_row(), d.store.deadlines(), dt.date.today())
        except Exception:  # half-typed values
            st = None
        return rules.mediation_status(st)

    def before_children(self, row: dict):
        self._team_list().set_team(row.get("to_hoa_giai_id"), self.dlg.store)

    def wire(self):
        team = self.dlg.widgets["to_hoa_giai_id"]
        team.changed.connect(lambda: self._team_list().set_team(team.value(), self.dlg.store))


class ModelRecord(KindBehaviour):
    """Mô hình: a new model's "đăng ký mới" row follows its registration year."""

    def wire(self):
        self.dlg.widgets["nam_dang_ky"].changed.connect(self._registration_year_changed)

    def _registration_year_changed(self):
        d = self.dlg
        if d._loading or d.record_id is not None:
            return
        grid = d.children["nam"]
        year = d.widgets["nam_dang_ky"].value()
        if rules.follows_registration_year(grid.value(), year):
            grid.table.item(0, 0).setText(str(rules.to_int(year)))


class Indicator(KindBehaviour):
    """Chỉ tiêu: the value's label shows the indicator's unit."""

    def field_states(self, values: dict) -> dict[str, rules.FieldState]:
        units = rules.indicator_units(self.dlg.store.enum_items("chi_tieu", include_hidden=True))
        return rules.field_states("chi_tieu", values, indicator_units=units)


BEHAVIOURS: dict[str, type[KindBehaviour]] = {
    "don_thu": PetitionIntake,
    "tiep_cong_dan": Reception,
    "hoa_giai": Mediation,
    "mo_hinh": ModelRecord,
    "chi_tieu": Indicator,
}


def behaviour_for(dlg) -> KindBehaviour:
    return BEHAVIOURS.get(dlg.kind_key, KindBehaviour)(dlg)


__all__ = ["KindBehaviour", "PetitionIntake", "Reception", "Mediation", "ModelRecord", "Indicator",
           "BEHAVIOURS", "behaviour_for"]
