"""The proposal pages (built next)."""
