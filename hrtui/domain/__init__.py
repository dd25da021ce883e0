"""Pure logic with no I/O and no Textual: validation, scoring, progress figures, vocabularies."""
