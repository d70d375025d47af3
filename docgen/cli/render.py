"""docgen CLI: render commands."""
