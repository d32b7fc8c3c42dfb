"""Moving data in and out in bulk: the JSON Lines interchange format (docs/interchange.md),
CSV layouts for spreadsheets, and GeoJSON for GIS."""
