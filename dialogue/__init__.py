"""Dialogue scripts: schema, validation with file:line:column errors, pure IVR flow interpreter."""

from dialogue.exceptions import DialogueError, ScriptValidationError
from dialogue.loader import default_script_path, load_script, load_script_file
from dialogue.schema import ScriptDocument

__all__ = [
    "DialogueError",
    "ScriptDocument",
    "ScriptValidationError",
    "default_script_path",
    "load_script",
    "load_script_file",
]
