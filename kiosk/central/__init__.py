"""The central dossier service: the terminals' JSON API and the officers' back office."""
