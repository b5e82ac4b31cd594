"""Every read of the responsibilities app, one module per subject."""
