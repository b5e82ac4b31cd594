"""Every write of the responsibilities app, one module per use case."""
