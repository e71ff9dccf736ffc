"""WTForms built from procedure definitions, with Vietnamese validators."""
