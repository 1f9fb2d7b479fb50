"""The PMO_* worksheet functions exposed to Excel through xlwings."""
