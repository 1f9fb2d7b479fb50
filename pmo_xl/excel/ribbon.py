"""The entry point of the ribbon: ``dispatch(control_id)`` runs the button's action.

The add-in's VBA procedure ``PmoAction`` calls, through xlwings' RunPython::

    import pmo_xl.excel.ribbon; pmo_xl.excel.ribbon.dispatch('<button id>')

on the workbook that was active when the button was pressed.
"""

from __future__ import annotations

from pmo_xl.excel.actions import ActionOutcome, run_action
from pmo_xl.excel.book_adapter import BookAdapter, XlwingsBookAdapter


def dispatch(control_id: str, book: BookAdapter | None = None) -> ActionOutcome:
    """Runs the action of the ribbon button ``control_id`` on ``book``.

    Without ``book``, the calling workbook in Excel (``xlwings.Book.caller()``).
    """
    if book is None:
        import xlwings

        book = XlwingsBookAdapter(xlwings.Book.caller())
    return run_action(control_id, book)
