"""recipebook: YAML spa recipes in, a safe and beautifully typeset PDF book out."""

__version__ = "0.1.0"
