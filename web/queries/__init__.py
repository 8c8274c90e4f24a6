"""Read-side queries of the web pages (SQLAlchemy 2 select(), aggregated in SQL)."""
