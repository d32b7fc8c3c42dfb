"""The HTTP side of heritage: the Flask application (api.app) and the `heritage` console
script (api.cli). The package itself loads nothing, so a command that does not serve
(an import, an export) starts without Flask and the app's modules."""
