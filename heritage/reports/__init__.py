"""Periodic reports: built from the data (heritage.reports.build), drawn as HTML, PDF and CSV
(heritage.reports.render), issued and kept immutably (heritage.services.reports). No Flask:
`heritage reports` works without the web app."""
