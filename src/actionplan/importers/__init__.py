"""Importing the assignment tables offices already keep (XLSX, CSV, DOCX).

:func:`import_table` reads a table into an :class:`~actionplan.model.ActionPlan`
and reports what it made of every row (:class:`ImportRow`). The Excel and Word
libraries are imported only when a file of their kind is read.
"""

from __future__ import annotations

from actionplan.importers.table import ImportResult, ImportRow, RowOutcome, import_table

__all__ = ["ImportResult", "ImportRow", "RowOutcome", "import_table"]
