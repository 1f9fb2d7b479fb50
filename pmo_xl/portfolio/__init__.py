"""Portfolio consolidation: the master workbook, its managed tables and the
aggregation of every project workbook into one :class:`PortfolioSnapshot`."""

from .snapshot import PortfolioSnapshot, read_snapshot  # noqa: F401
