"""Small pure helpers shared by every domain: no Flask, no database."""
