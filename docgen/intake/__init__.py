"""Reading bundles: opening archives safely, reading each file, classifying and extracting."""
