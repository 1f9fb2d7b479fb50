"""The master portfolio workbook: its template, its Config, its managed sheets
(written by the one writer, :func:`pmo_xl.io.master.writer.write_master`) and
reading a consolidated master back into a snapshot."""
