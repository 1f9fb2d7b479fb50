"""The demo portfolio: a realistic, reproducible set of project workbooks to try pmo-xl on."""
