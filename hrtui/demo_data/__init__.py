"""Demo data per area: ``populate(vault, client_ids, today)`` fills in the fictional clients."""
