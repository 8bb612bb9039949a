"""EFE English → Spanish translation and localization pipeline."""

__version__ = "0.1.0"
