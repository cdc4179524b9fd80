"""Getting data in and out: CSV import and export, SQLite backup and restore."""
