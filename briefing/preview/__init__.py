"""The live preview: `python build.py serve`."""
from .serve import serve

__all__ = ["serve"]
