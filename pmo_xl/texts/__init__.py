"""User-facing words, in French and English, for the facts the engine returns as codes."""
