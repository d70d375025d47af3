"""Official templates: registry, field schemas, docxtpl rendering, batch rendering, PDF."""
