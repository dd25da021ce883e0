"""Tests of hrtui.domain."""
