"""The only package that runs SQL: connection, schema, reads and writes, backup, encryption."""
