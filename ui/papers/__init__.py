"""The clerk's side of the papers made from one record (issue 14): the
editor's "In…" menu and "Lưu và in biên nhận" (``editor_menu``), the issue
dialog with its print preview (``issue_dialog``), the "Giấy tờ đã phát hành"
list (``issued_list``) and what the papers' and books' dialogs share
(``preview``: the rendered PDF preview, the save question, printing)."""
