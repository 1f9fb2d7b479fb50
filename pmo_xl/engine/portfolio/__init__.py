"""Portfolio computation: the tables of a :class:`~pmo_xl.model.portfolio.PortfolioSnapshot`
worked out from the projects' data (overview, schedule tables, budget roll-up,
registers, governance, compliance, alerts, KPI history).  Nothing here reads or
writes a file: the service layer (:mod:`pmo_xl.service.consolidate`) reads the
workbooks through :mod:`pmo_xl.io` and hands the results over.
"""
