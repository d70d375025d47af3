"""docgen CLI: check commands."""
