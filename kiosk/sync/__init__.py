"""Terminal to centre: a transactional outbox sent in order, and a feed of status changes polled back."""
