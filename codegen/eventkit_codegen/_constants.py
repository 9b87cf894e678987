"""Names the modules of eventkit_codegen share, kept apart so that the few modules a run
imports before forking the generator's child (`_pipeline`, `_child`, `_datamodel`) need none
of the others: the parent imports those while the child imports the generator."""

from __future__ import annotations

import os

__all__ = ["DEF_MARK", "HEADER_MARKER", "MANIFEST", "ROOT_MARK"]

MANIFEST = "_manifest.json"  # the output package's record of its inputs (`_package_dir`)
HEADER_MARKER = "# @@eventkit-codegen-header@@"  # where `_render` puts a module's header
# Appended to each event root's description in the generator's input, so that `_render` finds
# the root class by this mark (and then removes it) rather than by its name: a nested class
# named after a property can take the event's class name. Random per run, so no schema text
# can hold it.
ROOT_MARK = f"eventkit-root-{os.urandom(16).hex()}"
# Appended, with "-<index>", to the description of each definition a shared file's module
# re-exports (`Prepared.document`), so that `_render.strip_def_marks` finds its class by the
# mark: the generator may name it otherwise than its key (an import or a nested class took the
# name: `AlphaModel`) or make no class of it (a definition used where it is referred to, such as
# a string: the mark then lands in that field's docstring and is removed there).
DEF_MARK = f"eventkit-def-{os.urandom(16).hex()}"
