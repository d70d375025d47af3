"""Realistic sample bundles for docgen, and the seeded generator that writes them."""
