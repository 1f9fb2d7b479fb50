"""reports layer of pmo-xl."""
