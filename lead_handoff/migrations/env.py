"""Alembic environment: the URL comes from the caller (lead_handoff.db.migrate)."""

from alembic import context
from sqlalchemy import create_engine

from lead_handoff.models import Base

url = context.config.get_main_option("sqlalchemy.url")
engine = create_engine(url)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=url.startswith("sqlite"))
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
