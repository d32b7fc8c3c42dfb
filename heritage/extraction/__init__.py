"""Article text -> candidate claims: gazetteer linking, relative dates, attribution, stance.

Pure functions over text plus the names the database knows; no Flask, no network, no model.
"""
