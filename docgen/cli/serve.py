"""docgen CLI: serve commands."""
