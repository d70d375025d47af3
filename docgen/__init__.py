"""docgen: checks application bundles and issues certificates for Thai farmers' groups."""

__version__ = "0.1.0"
