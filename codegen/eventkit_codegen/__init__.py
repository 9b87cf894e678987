"""eventkit codegen: typed Pydantic v2 models and publish/subscribe helpers from a registry.

Build-time only (imports datamodel-code-generator, runs ruff); the runtime never imports it.

Example:
    ```python
    from eventkit_codegen import generate

    result = generate("schemas", "src/myapp_events")           # write what changed
    result = generate("schemas", "src/myapp_events", check=True)  # CI: compare only
    assert result.ok, result.stale
    ```
"""

from __future__ import annotations

from eventkit_codegen._pipeline import CODEGEN_VERSION, MANIFEST, CodegenResult, generate

__all__ = ["CODEGEN_VERSION", "MANIFEST", "CodegenResult", "generate"]
