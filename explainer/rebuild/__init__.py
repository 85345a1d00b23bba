"""The rebuild layer: a Session remembers each stage's results between builds (see session.py)."""
