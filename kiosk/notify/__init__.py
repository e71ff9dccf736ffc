"""Text messages to residents: queued with the change that causes them, delivered by a gateway."""
