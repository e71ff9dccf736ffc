"""Pages for the on-site guide: sign-in, today's dossiers, reprints, assisted filing."""
