"""excel layer of pmo-xl."""
