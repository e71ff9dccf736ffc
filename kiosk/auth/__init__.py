"""Staff accounts and their sessions."""
