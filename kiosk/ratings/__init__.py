"""Anonymous satisfaction ratings: tied to the procedure, ward and channel, never to the person."""
