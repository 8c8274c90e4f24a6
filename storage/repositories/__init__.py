"""Repositories: one module per entity group; each takes the unit of work's Session."""
