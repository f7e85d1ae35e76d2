"""`docgen serve`: the case file as a guided web form, generated from the case models and clause front matter."""
