"""A resident's visit at a terminal: shared by the resident's pages, the guide's and the purge."""
