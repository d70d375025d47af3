"""District and province reports: figures from the registry, charts and exports."""
