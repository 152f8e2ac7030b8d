"""/docs served from this service's own files: Swagger UI's assets come from the `swagger-ui-bundle`
package (no CDN, so the docs work offline and under a strict Content-Security-Policy), started by a static
script rather than FastAPI's inline one. `MATCHER_DOCS_ENABLED=false` turns /docs and /openapi.json off.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse
from starlette.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

_INIT = Path(__file__).with_name("docs_static") / "swagger-init.js"

_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title} - API documentation</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
  <link rel="icon" href="/docs/assets/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/swagger-init.js"></script>
</body>
</html>
"""


def install_docs(app: FastAPI) -> None:
    app.mount("/docs/assets", StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(_PAGE.format(title=app.title))

    @app.get("/docs/swagger-init.js", include_in_schema=False)
    async def docs_init() -> FileResponse:
        return FileResponse(_INIT, media_type="text/javascript")
