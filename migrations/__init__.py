"""Alembic migrations: the only way a heritage database schema is created or changed."""
