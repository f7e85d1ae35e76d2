"""docgen: Swedish procurement documents from a lawyer-maintained clause library."""

__version__ = "0.1.0"
