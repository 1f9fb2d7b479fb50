"""io layer of pmo-xl."""
