"""Names the modules of eventkit_codegen share, kept apart so that the few modules a run
imports before forking the generator's child (`_pipeline`, `_child`, `_datamodel`) need none
of the others: the parent imports those while the child imports the generator."""

from __future__ import annotations

__all__ = ["HEADER_MARKER", "MANIFEST"]

MANIFEST = "_manifest.json"  # the output package's record of its inputs (`_package_dir`)
HEADER_MARKER = "# @@eventkit-codegen-header@@"  # where `_render` puts a module's header
