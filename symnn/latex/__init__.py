"""LaTeX layer: parsing (parser) and printing (printer, proof, document)."""
