"""Property-based tests (Hypothesis): what the store keeps is exactly what was validated."""
