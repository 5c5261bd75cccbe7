"""Load: read the briefing's files and parse them; nothing else reads input.

Outside this package only what is named here is imported (the stage's face;
pyproject.toml's import contracts hold every stage to it)."""
from .config import LANGUAGE_CODE
from .dates import parse_date
from .fields import ID_PATTERN, INTERNAL, FieldReader, expected, suggest
from .reader import is_ignored
from .files import (LARGE_STATIC_BYTES, Inputs, load, load_config, load_content, load_optional, load_text,
                    theme_folders)
from .frontmatter import (Document, ParseError, normalise_text, parse_yaml,
                          remove_control_characters, split_front_matter)
from .mapdata import AREA_KINDS, Area, MapData, area_named, fold_name, parse_map

__all__ = ["AREA_KINDS", "Area", "Document", "FieldReader", "ID_PATTERN", "INTERNAL", "Inputs",
           "LANGUAGE_CODE", "LARGE_STATIC_BYTES", "MapData", "ParseError", "area_named", "expected", "fold_name",
           "is_ignored", "load", "load_config", "load_content", "load_optional", "load_text",
           "normalise_text", "parse_date", "parse_map", "parse_yaml", "remove_control_characters",
           "split_front_matter", "suggest", "theme_folders"]
