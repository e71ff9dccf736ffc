"""Fees: VietQR transfers and cash at the terminal, fee receipts (biên lai), bank-statement reconciliation."""
