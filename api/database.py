"""One database session per request; the view that writes commits it once."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from heritage.db import make_engine, make_session_factory
from heritage.services.changes import CommitMarks

COMMIT_MARKS = "heritage.commit_marks"


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["heritage.engine"] = engine
    app.extensions["heritage.sessions"] = make_session_factory(engine)
    app.extensions[COMMIT_MARKS] = CommitMarks(engine)
    app.teardown_appcontext(_close_session)


def db_session() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions["heritage.sessions"]()
    session: Session = g.db_session
    return session


def _close_session(_error: BaseException | None) -> None:
    # Closing rolls back whatever a failed request left uncommitted: it stores nothing.
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
