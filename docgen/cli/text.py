"""docgen CLI: the text command."""
