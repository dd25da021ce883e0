"""Tests of hrtui.exports."""
