"""uprsearch: search UN Universal Periodic Review documents by paragraph, organisation and theme."""

__version__ = "0.1.0"
