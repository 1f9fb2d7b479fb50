"""engine layer of pmo-xl."""
