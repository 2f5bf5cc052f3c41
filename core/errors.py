"""The one base class of the errors a clerk is shown.

Every problem the program can explain — a book that cannot be opened, a
value that does not validate, a wrong password, a backup or Excel file that
cannot be read, a merge refused, a folder held by the window — raises a
subclass of :class:`UserError` whose ``message()`` is a Vietnamese sentence
saying what happened and what to do.  The window's error handler
(``ui.safety.errors``) and the command line (``cli``) show ``message()``
for any ``UserError`` and treat everything else as unexpected (logged, with
a general apology).
"""
from __future__ import annotations


class UserError(Exception):
    """A problem explained to the clerk in Vietnamese."""

    def message(self) -> str:
        return str(self)
