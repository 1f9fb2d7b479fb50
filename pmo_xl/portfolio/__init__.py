"""Portfolio consolidation: the master workbook, its managed tables and the
aggregation of every project workbook into one :class:`PortfolioSnapshot`.

Entry points::

    from pmo_xl.portfolio.master_template import write_master_template
    from pmo_xl.portfolio.consolidate import consolidate
    from pmo_xl.portfolio.snapshot import read_snapshot

    write_master_template("portefeuille_maitre.xlsx")
    result = consolidate("portefeuille_maitre.xlsx", projects_dir="projets", status_date=date(2026, 10, 30))
    snapshot = read_snapshot("portefeuille_maitre.xlsx")
"""

from .snapshot import PortfolioSnapshot, read_snapshot  # noqa: F401

__all__ = ["PortfolioSnapshot", "read_snapshot"]
