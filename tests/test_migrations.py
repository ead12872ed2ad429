"""The migrations create exactly what the models describe, on both backends."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from crm_core import migrate
from crm_core.db import Base


def test_migrated_schema_matches_the_models(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": migrate.ours})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_database_is_at_the_newest_revision(engine):
    assert migrate.current_revision(engine) == ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()


def test_upgrade_is_idempotent(engine):
    migrate.upgrade(engine)
    assert "deals" in inspect(engine).get_table_names()
