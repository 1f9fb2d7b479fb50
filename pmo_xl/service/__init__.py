"""The service layer: where reading, validating, scheduling, computing and writing are put together
for one use case; :func:`~pmo_xl.service.consolidate.consolidate` makes the
:class:`~pmo_xl.model.portfolio.PortfolioSnapshot`."""
