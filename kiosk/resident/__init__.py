"""The resident's kiosk pages: home, catalogue, form wizard, receipt, lookup."""
