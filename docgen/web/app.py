"""The FastAPI application: settings, database, signing secret, templates and routers in one place."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException

from docgen.settings import Settings, get_settings, open_settings_store
from docgen.storage import Store
from docgen.web import views
from docgen.web.auth import LoginThrottle, Signer, load_secret
from docgen.web.uploads import sweep_partial

log = logging.getLogger("docgen.web")

WEB_DIR = Path(__file__).parent
FONTS_DIR = WEB_DIR.parent / "render" / "fonts"


class WebError(Exception):
    """An answer other than success, with a Thai sentence for the person (JSON or HTML page)."""

    def __init__(self, status: int, message_th: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message_th)
        self.status = status
        self.message_th = message_th
        self.headers = headers or {}


class LoginRequired(Exception):
    """A page needs a signed-in officer: send the browser to the sign-in page."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


@dataclass
class WebContext:
    """What every route needs, built once per app."""

    settings: Settings
    data_dir: Path
    engine: Engine
    sessions: sessionmaker[Session]
    reads: sessionmaker[Session]  # for reads only: never takes SQLite's write lock
    signer: Signer
    templates: Jinja2Templates
    storage: Store  # uploads and outputs, by key (the data folder, or S3 for several hosts)
    throttle: LoginThrottle = field(default_factory=LoginThrottle)
    sign_in_limiter: Any = None  # anyio.CapacityLimiter of auth.run_sign_in, made on first use

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def outputs_dir(self) -> Path:
        """This host's own cache (blank forms): derived files only, never a record's file."""
        return self.data_dir / "outputs"

    @property
    def work_dir(self) -> Path:
        """This host's scratch space: each use takes its own folder and removes it."""
        return self.data_dir / "work"

    def session(self) -> Session:
        return self.sessions()

    def render(
        self, request: Request, name: str, status_code: int = 200, **context: Any
    ) -> Response:
        context.setdefault("officer", getattr(request.state, "officer", None))
        response = self.templates.TemplateResponse(request, name, context, status_code=status_code)
        return response


def ctx_of(request: Request) -> WebContext:
    ctx: WebContext = request.app.state.ctx
    return ctx


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/healthz"


_STATUS_TH = {
    400: "คำขอไม่ถูกต้อง",
    401: "กรุณาเข้าสู่ระบบก่อน",
    403: "คุณไม่มีสิทธิ์เข้าถึงรายการนี้",
    404: "ไม่พบหน้าที่ต้องการ",
    405: "ไม่รองรับวิธีการเรียกนี้",
    413: "ไฟล์ใหญ่เกินกำหนด",
    415: "ไม่รองรับรูปแบบข้อมูลนี้",
    429: "มีคำขอมากเกินไป กรุณารอสักครู่แล้วลองใหม่",
    422: "ข้อมูลที่ส่งมาไม่ครบหรือไม่ถูกต้อง",
    500: "เกิดข้อผิดพลาดภายในระบบ",
}


def _error_response(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    ctx = ctx_of(request)
    response = ctx.render(request, "error.html", status_code=status, message=message, status=status)
    for key, value in (headers or {}).items():
        if key.lower() != "www-authenticate":
            response.headers[key] = value
    return response


_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)

_CSP_DOCS = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"
)


class SecurityHeaders:
    """Pure ASGI middleware (cheaper than BaseHTTPMiddleware on every status poll): nosniff,
    no framing, same-origin referrers, and a strict CSP on HTML pages."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                ]
                content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if content_type.startswith(b"text/html"):
                    # Swagger UI starts itself with an inline script; our own pages have none.
                    csp = _CSP_DOCS if scope.get("path") == "/docs" else _CSP
                    extra.append((b"content-security-policy", csp.encode()))
                headers.extend((k, v) for k, v in extra if k not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def make_read_engine(engine: Engine) -> Engine:
    """An engine for status reads. On SQLite the registry's engine opens every transaction with
    BEGIN IMMEDIATE (the write lock, for numbering); hundreds of status polls a second must not
    queue for that lock. In WAL mode plain reads see the last commit without any lock, so this
    engine runs each statement on its own (autocommit) and refuses writes (`query_only`).
    """
    if engine.dialect.name != "sqlite":
        return engine
    from sqlalchemy import create_engine, event

    reader = create_engine(
        engine.url, connect_args={"timeout": 30, "check_same_thread": False}, pool_size=10
    )

    @event.listens_for(reader, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA query_only=1")
        cursor.close()

    return reader


# What the request handlers import on first use (uploads, health, sign-in), imported once here
# in the process's own thread. A burst at a fresh web process otherwise has several worker
# threads import the same packages at once, and kombu and celery, which import parts of each
# other, were then seen half-initialized ("cannot import name ... from partially initialized
# module"): a health check answered 503 and an upload 500 in the sign-in burst test.
REQUEST_IMPORTS = (
    "anyio.to_thread",
    "kombu",
    "workers.app",
    "workers.dispatch",
    "docgen.intake.door",
    "docgen.registry.accounts",
    "docgen.registry.store",
    "docgen.storage",
)


def import_request_modules() -> None:
    import importlib

    for name in REQUEST_IMPORTS:
        importlib.import_module(name)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The web app for `settings` (default: from DOCGEN_* variables). Runs migrations first."""
    from docgen.registry.db import make_engine, make_session_factory, migrate

    settings = settings or get_settings()
    import_request_modules()
    data_dir = settings.resolved_data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    read_engine = make_read_engine(engine)
    templates = Jinja2Templates(directory=str(WEB_DIR / "templates"))
    views.install(templates.env)
    ctx = WebContext(
        settings=settings,
        data_dir=data_dir,
        engine=engine,
        sessions=make_session_factory(engine),
        reads=make_session_factory(read_engine),
        signer=Signer(load_secret(data_dir, settings.secret_key)),
        templates=templates,
        storage=open_settings_store(settings),
    )
    ctx.throttle = LoginThrottle(sessions=ctx.sessions, reads=ctx.reads)  # every web process's
    (ctx.uploads_dir).mkdir(parents=True, exist_ok=True)
    swept = sweep_partial(ctx.uploads_dir)
    if swept:
        log.warning("removed %d half-received uploads left by a crash", swept)

    app = FastAPI(
        docs_url=None,  # served below from our own copy of Swagger UI: no CDN, works offline
        redoc_url=None,
        title="docgen",
        description="ตรวจเอกสารและออกใบรับรองกลุ่มส่งเสริมอาชีพการเกษตร / "
        "checks application bundles of farmers' groups and issues certificates.",
        version="0.1.0",
    )
    app.state.ctx = ctx

    @app.exception_handler(WebError)
    async def _web_error(request: Request, exc: WebError) -> Response:
        return _error_response(request, exc.status, exc.message_th, exc.headers)

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired) -> Response:
        from urllib.parse import quote

        return RedirectResponse(f"/login?next={quote(exc.next_url, safe='/')}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) and not exc.detail.isascii() else None
        return _error_response(
            request,
            exc.status_code,
            message or _STATUS_TH.get(exc.status_code, "เกิดข้อผิดพลาด"),
            dict(exc.headers or {}),
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        return _error_response(request, 422, _STATUS_TH[422])

    @app.exception_handler(Exception)
    async def _internal_error(request: Request, exc: Exception) -> Response:
        # The type only: messages of the program's own errors may quote a person's data.
        log.error(
            "internal error on %s %s: %s", request.method, request.url.path, type(exc).__name__
        )
        return _error_response(request, 500, "เกิดข้อผิดพลาดภายในระบบ กรุณาลองใหม่อีกครั้ง")

    app.add_middleware(SecurityHeaders)

    app.mount("/static", StaticFiles(directory=str(WEB_DIR / "static")), name="static")

    @app.get("/fonts/{name}", include_in_schema=False)
    def font(name: str) -> Response:
        # Sarabun (OFL) shipped with the renderer: pages read well offline, no CDN.
        path = FONTS_DIR / name
        if not name.endswith(".ttf") or "/" in name or not path.is_file():
            raise WebError(404, _STATUS_TH[404])
        return FileResponse(path, media_type="font/ttf", headers={"Cache-Control": "max-age=86400"})

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        from fastapi.openapi.docs import get_swagger_ui_html

        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="docgen API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/favicon.ico",
        )

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    from docgen.web import actions, api, officer, pages

    # Seams a test may replace: how a check is queued, and how the queue is asked if it answers.
    app.state.dispatch_check = actions.dispatch_check
    app.state.queue_check = api._queue_ok
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(officer.router)
    from docgen.web import office

    app.include_router(office.router)
    from docgen.web import reports

    app.include_router(reports.router)
    return app
