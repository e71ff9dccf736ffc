"""Response headers and throttling shared by every blueprint."""
