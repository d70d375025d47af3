"""docgen CLI: batch commands."""
