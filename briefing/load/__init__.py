"""Load: read the briefing's files and parse them; nothing else reads input."""
from .files import (Inputs, is_ignored, load, load_config, load_content, load_optional, load_text,
                    theme_folders)

__all__ = ["Inputs", "is_ignored", "load", "load_config", "load_content", "load_optional",
           "load_text", "theme_folders"]
