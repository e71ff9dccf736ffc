"""Dossiers: models, the state machine and the services that change them. No views here."""
