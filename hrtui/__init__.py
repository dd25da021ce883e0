"""hrtui: a keyboard-driven terminal app for harm-reduction counselors."""

__version__ = "0.1.0"
