"""Migration operations shared by the apps' migrations."""

from django.db import migrations, models


class IndexesOnly(migrations.operations.base.Operation):
    """Operations that re-declare a table's indexes (a field's own index or unique flag moved into ``Meta``):
    the state takes them all; PostgreSQL runs them all; SQLite only creates the new indexes.

    SQLite has no LIKE twin indexes to drop, and its ``AlterField``/``AddConstraint`` rebuild the whole table,
    which would drop the triggers other migrations created on it (``analytics`` data versions). Its old indexes
    of unique columns stay beside the new ones until a later rebuild of the table drops them; its plain ones
    are dropped (no rebuild needed)."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, operations):
        self.operations = operations

    def deconstruct(self):
        return self.__class__.__qualname__, [self.operations], {}

    def describe(self):
        return f"Re-declare indexes ({len(self.operations)} operations)"

    def state_forwards(self, app_label, state):
        for operation in self.operations:
            operation.state_forwards(app_label, state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for operation in self.operations:
            state = from_state.clone()
            operation.state_forwards(app_label, state)
            if schema_editor.connection.vendor != "sqlite":
                operation.database_forwards(app_label, schema_editor, from_state, state)
            elif isinstance(operation, migrations.AddIndex | migrations.AddConstraint):
                model = state.apps.get_model(app_label, operation.model_name)
                schema_editor.execute(_sqlite_index_sql(schema_editor, model, operation))
            elif isinstance(operation, migrations.AlterField):  # a plain index the field no longer asks for
                model = from_state.apps.get_model(app_label, operation.model_name)
                if old := _dropped_plain_index(model, operation):
                    name = _plain_index_name(schema_editor, model, old)
                    schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")
            from_state = state

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        states = [to_state]
        for operation in self.operations[:-1]:
            state = states[-1].clone()
            operation.state_forwards(app_label, state)
            states.append(state)
        for operation, before in zip(reversed(self.operations), reversed(states), strict=True):
            after = before.clone()
            operation.state_forwards(app_label, after)
            if schema_editor.connection.vendor != "sqlite":
                operation.database_backwards(app_label, schema_editor, after, before)
            elif isinstance(operation, migrations.AddIndex | migrations.AddConstraint):
                name = (getattr(operation, "index", None) or operation.constraint).name
                schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")
            elif isinstance(operation, migrations.AlterField):
                model = before.apps.get_model(app_label, operation.model_name)
                if old := _dropped_plain_index(model, operation):
                    table, name = model._meta.db_table, _plain_index_name(schema_editor, model, old)
                    schema_editor.execute(
                        f"CREATE INDEX IF NOT EXISTS {schema_editor.quote_name(name)} "
                        f"ON {schema_editor.quote_name(table)} ({schema_editor.quote_name(old.column)})"
                    )


def _dropped_plain_index(model, operation):
    """The field as it was, when the ``AlterField`` takes away its own plain (non-unique) index; else None."""
    old = model._meta.get_field(operation.name)
    return old if old.db_index and not old.unique and not operation.field.db_index else None


def _plain_index_name(schema_editor, model, field) -> str:
    """The name Django gives a field's own (db_index) index."""
    return schema_editor._create_index_name(model._meta.db_table, [field.column], suffix="")


def _sqlite_index_sql(schema_editor, model, operation) -> str:
    declared = getattr(operation, "index", None) or operation.constraint
    assert isinstance(declared, models.Index | models.UniqueConstraint) and not declared.condition
    columns = ", ".join(
        schema_editor.quote_name(model._meta.get_field(name.lstrip("-")).column) for name in declared.fields
    )
    unique = "UNIQUE " if isinstance(declared, models.UniqueConstraint) else ""
    return (
        f"CREATE {unique}INDEX IF NOT EXISTS {schema_editor.quote_name(declared.name)} "
        f"ON {schema_editor.quote_name(model._meta.db_table)} ({columns})"
    )
