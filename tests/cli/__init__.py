"""Tests of the command line (hrtui.cli) and the demo."""
