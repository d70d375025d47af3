"""docgen CLI: report commands."""
