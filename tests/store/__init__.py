"""Tests of hrtui.store."""
