"""Export sections, one module per area: ``build(vault, client)`` and ``markdown(value)``."""
