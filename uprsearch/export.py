"""Tables: a listing as CSV, TSV or an Excel workbook (listings.TABLE_FORMATS), to standard output
or a file.

CSV and TSV are UTF-8 (render.write_records); xlsx is an Office Open XML workbook written by
openpyxl, one sheet, the header row frozen, text cells as they are. xlsx rather than a CSV with a
byte-order mark for Excel: a workbook keeps "’", "–" and the paragraph numbers as they are in
every Excel and locale (a CSV is read by the locale's list separator and code page, and Excel
turns "4.12" into a date or a number), and pandas, R and LibreOffice read it too.
"""
from __future__ import annotations

import sys
from typing import IO, Any


def write_table(rows: list[dict[str, Any]], columns: tuple[str, ...], fmt: str, *, headers: bool = True,
                out: IO | None = None) -> None:
    """Rows as a table: csv or tsv (text, to `out` or standard output), or xlsx (bytes, to `out`,
    a binary stream, or standard output's buffer)."""
    from uprsearch.render import write_records

    if fmt != "xlsx":
        write_records(rows, columns, fmt, out, headers=headers)
        return
    stream = out if out is not None else sys.stdout.buffer
    stream.write(workbook_bytes(rows, columns, headers=headers))
    stream.flush()


def workbook_bytes(rows: list[dict[str, Any]], columns: tuple[str, ...], *, headers: bool = True) -> bytes:
    """An xlsx workbook of the rows: numbers as numbers, lists joined with "; " (as in CSV), no
    formulas (a cell starting with "=" stays text)."""
    import io

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from uprsearch.render import _cell, clean

    book = Workbook(write_only=True)
    sheet = book.create_sheet("uprsearch")
    if headers:
        sheet.freeze_panes = "A2"
        sheet.append(list(columns))
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                value = clean(_cell(value), newlines=True, escape=True)  # (XML has no control characters)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, never a formula
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
