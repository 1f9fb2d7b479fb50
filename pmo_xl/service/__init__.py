"""The service layer: where reading, validating, scheduling and computing are
put together into one :class:`~pmo_xl.model.portfolio.PortfolioSnapshot`."""
