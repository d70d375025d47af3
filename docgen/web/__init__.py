"""The web door: FastAPI JSON API and Thai HTML pages."""
