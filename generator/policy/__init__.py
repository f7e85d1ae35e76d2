"""Procurement policies (docgen policy borg|dala)."""
