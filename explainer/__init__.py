"""The explainer-site generator: content/ (YAML and Markdown) through layouts/ into a static site."""

__version__ = "0.1.0"
