"""The domain never knows HTTP: nothing under heritage/ imports the web stack or api/."""

from __future__ import annotations

import ast
from pathlib import Path

import heritage

FORBIDDEN = {"flask", "werkzeug", "marshmallow", "flask_smorest", "webargs", "apispec", "api"}
HERITAGE_DIR = Path(heritage.__file__).parent


def forbidden_imports(source: str) -> list[str]:
    """The forbidden top-level modules `source` imports, as `import X` or `from X import`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.extend(name for name in names if name.split(".")[0] in FORBIDDEN)
    return found


def test_the_checker_catches_every_spelling_of_a_web_import() -> None:
    source = "\n".join(
        [
            "import flask",
            "import werkzeug.exceptions",
            "from marshmallow import Schema",
            "from flask_smorest import Blueprint",
            "import os, webargs",
            "from apispec.ext import marshmallow",
            "from api.errors import problem",
            "import api",
            "def later():\n    import flask as f",
        ]
    )
    assert forbidden_imports(source) == [
        "flask",
        "werkzeug.exceptions",
        "marshmallow",
        "flask_smorest",
        "webargs",
        "apispec.ext",
        "api.errors",
        "api",
        "flask",
    ]


def test_the_checker_lets_lookalike_and_relative_imports_through() -> None:
    source = "import apis\nimport flasky\nfrom .api import x\nfrom heritage.api_like import y"
    assert forbidden_imports(source) == []


def test_no_module_under_heritage_imports_the_web_stack_or_api() -> None:
    files = sorted(HERITAGE_DIR.rglob("*.py"))
    assert len(files) > 10  # the walk really found the package
    violations = {
        str(path.relative_to(HERITAGE_DIR.parent)): found
        for path in files
        if (found := forbidden_imports(path.read_text(encoding="utf-8")))
    }
    assert violations == {}
