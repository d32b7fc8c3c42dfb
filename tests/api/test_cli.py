"""The `heritage` command: schema management, the demo and the production server."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import inspect

from api.app import create_app
from api.cli import cli
from heritage import migrate
from heritage.db import make_engine
from tests.api.conftest import snapshot


def run(*args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_db_upgrade_current_and_downgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {"HERITAGE_DATABASE_URL": url}
    assert "none (empty)" in run("db", "current", env=env)
    assert migrate.head_revision() in run("db", "upgrade", env=env)
    assert "up to date" in run("db", "current", env=env)
    assert "sites" in inspect(make_engine(url)).get_table_names()
    run("db", "downgrade", "base", env=env)
    assert "sites" not in inspect(make_engine(url)).get_table_names()


def test_demo_loads_once_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    first = run("demo", "--db", str(path), "--no-serve")
    assert "sites" in first and "claims" in first
    engine = make_engine(f"sqlite:///{path}")
    before = snapshot(engine)
    assert "nothing new" in run("demo", "--db", str(path), "--no-serve")
    assert snapshot(engine) == before


def test_serve_refuses_a_database_behind_its_schema(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["serve"], env={"HERITAGE_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}"}
    )
    assert result.exit_code != 0
    assert "heritage db upgrade" in result.output


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def serving(args: list[str], port: int, env: dict[str, str]) -> Iterator[str]:
    """The `heritage` command serving in its own process, once it answers on `port`."""
    process = subprocess.Popen(
        [sys.executable, "-c", "from api.cli import main; main()", *args, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/api/openapi.json", timeout=1).close()
                break
            except OSError:
                if process.poll() is not None:
                    raise AssertionError(process.stdout.read().decode()) from None  # type: ignore[union-attr]
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()  # type: ignore[union-attr]


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[str]:
    """`heritage demo` as the README runs it, in its own process, on a free port."""
    with serving(
        ["demo", "--db", str(tmp_path / "served.db")], free_port(), {**os.environ}
    ) as base:
        yield base


def get_json(url: str):  # type: ignore[no-untyped-def]
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.headers["Server"] == "heritage"  # waitress, not a development server
        return json.load(response)


def test_demo_serves_the_temple_of_bel_history(demo_server: str) -> None:
    found = get_json(f"{demo_server}/api/v1/sites?q=temple%20of%20bel")
    assert [site["name"] for site in found] == ["Temple of Bel"]
    temple = found[0]["id"]
    history = get_json(f"{demo_server}/api/v1/sites/{temple}/history?at=2015-09-01")
    assert history["state_at"]["controlled_by"]["name"].startswith("Islamic State")
    assert history["state_at"]["condition"] == "destroyed"


def status_of(url: str, headers: dict[str, str]) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5):
            return 200
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


def test_serve_behind_a_proxy_counts_failed_sign_ins_per_forwarded_client(
    database_url: str, tokens: dict[str, str]
) -> None:
    """Behind a reverse proxy every request comes from the proxy's address: only the
    X-Forwarded-For it adds tells clients apart, and waitress drops it unless told not to."""
    env = {**os.environ, "HERITAGE_DATABASE_URL": database_url, "HERITAGE_PROXY_COUNT": "1"}
    with serving(["serve"], free_port(), env) as base:

        def attempt(token: str, client: str) -> int:
            headers = {"Authorization": f"Bearer {token}", "X-Forwarded-For": client}
            return status_of(f"{base}/api/v1/sites", headers)

        guesser, colleague = "203.0.113.5", "203.0.113.6"
        assert [attempt(f"htg_guess{n}", guesser) for n in range(10)] == [401] * 10
        assert attempt("htg_guess10", guesser) == 429
        assert attempt("htg_typo", colleague) == 401  # checked: the guesser's count is not theirs
        assert attempt(tokens["editor"], colleague) == 200
        assert attempt(tokens["editor"], guesser) == 200


def test_users_and_tokens_from_the_command_line(tmp_path: Path) -> None:
    env = {"HERITAGE_DATABASE_URL": f"sqlite:///{tmp_path / 'accounts.db'}"}
    run("db", "upgrade", env=env)
    assert "Created user amira" in run("users", "create", "amira", "--role", "editor", env=env)
    assert "amira\teditor" in run("users", "list", env=env)
    result = CliRunner().invoke(cli, ["tokens", "create", "amira", "--name", "laptop"], env=env)
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert token.startswith("htg_")
    assert token not in run("tokens", "list", env=env)
    assert "amira is now reviewer" in run("users", "set-role", "amira", "reviewer", env=env)
    assert "is revoked" in run("tokens", "revoke", "1", env=env)
    assert "revoked" in run("tokens", "list", env=env)
    assert "disabled" in run("users", "disable", "amira", env=env)
    taken = CliRunner().invoke(cli, ["users", "create", "amira", "--role", "viewer"], env=env)
    assert taken.exit_code != 0
    assert "taken" in taken.output


def test_site_kinds_from_the_command_line(tmp_path: Path) -> None:
    env = {"HERITAGE_DATABASE_URL": f"sqlite:///{tmp_path / 'kinds.db'}"}
    run("db", "upgrade", env=env)
    assert "minaret\treligious\tMinaret\tمئذنة" in run("site-kinds", "list", env=env)
    added = (
        "site-kinds",
        "add",
        "ziggurat",
        "--en",
        "Ziggurat",
        "--ar",
        "زقورة",
        "--broader",
        "religious",
    )
    assert "Added the site kind ziggurat." in run(*added, env=env)
    assert "ziggurat\treligious\tZiggurat\tزقورة" in run("site-kinds", "list", env=env)
    again = CliRunner().invoke(cli, list(added), env=env)
    assert again.exit_code != 0 and "exists already" in again.output
    wrong = CliRunner().invoke(
        cli, ["site-kinds", "add", "Zig Gurat", "--en", "Z", "--ar", "ز"], env=env
    )
    assert wrong.exit_code != 0 and "code:" in wrong.output


def test_commands_that_do_not_serve_start_without_the_web_app() -> None:
    """An import or an export is a short command run often (by scripts too): loading Flask
    and every resource for it cost half a second of each run."""
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; import api.cli;"
            " print(sorted(m for m in ('flask', 'marshmallow', 'api.app') if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == "[]"


def test_a_password_set_from_the_command_line_signs_in_to_the_web_app(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'passwords.db'}"
    env = {"HERITAGE_DATABASE_URL": url}
    run("db", "upgrade", env=env)
    run("users", "create", "amira", "--role", "editor", env=env)
    typed = "a long enough password\na long enough password\n"
    result = CliRunner().invoke(cli, ["users", "set-password", "amira"], input=typed, env=env)
    assert result.exit_code == 0 and "amira's password is set." in result.output
    assert "a long enough password" not in result.output
    short = CliRunner().invoke(
        cli, ["users", "set-password", "amira"], input="short\nshort\n", env=env
    )
    assert short.exit_code != 0 and "At least 12 characters." in short.output

    app = create_app({"DATABASE_URL": url, "TESTING": True})
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    data = {"username": "amira", "password": "a long enough password", "csrf_token": token}
    assert client.post("/login", data=data).status_code == 303
    app.extensions["heritage.engine"].dispose()
