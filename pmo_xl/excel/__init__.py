"""The Excel-native layer: the pmo_xl.xlam add-in (ribbon, VBA built from text), the ribbon's
actions over the master workbook, and the pure functions behind the PMO_* worksheet functions."""
