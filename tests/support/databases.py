"""Test databases: a fresh PostgreSQL database per use when DATABASE_URL is set, else SQLite."""

from bench.support import POSTGRES_URL, backend_name, fresh_database

__all__ = ["POSTGRES_URL", "backend_name", "fresh_database"]
