# docgen: one image for the web app and the workers (`docgen serve` / `docgen worker`).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DOCGEN_DATA_DIR=/data \
    LANG=C.UTF-8

# LibreOffice (PDF), Thai fonts, poppler: the same script CI and `make system-deps` use.
COPY .ci/system-deps.sh /tmp/system-deps.sh
RUN apt-get update -q \
    && apt-get install -y -q --no-install-recommends ca-certificates \
    && bash /tmp/system-deps.sh \
    && (apt-get purge -y -q chromium redis-server || true) \
    && apt-get autoremove -y -q && rm -rf /var/lib/apt/lists/* /tmp/system-deps.sh

RUN useradd --create-home --uid 10001 docgen && mkdir -p /data && chown docgen /data
WORKDIR /app
COPY pyproject.toml README.md ./
COPY docgen ./docgen
COPY workers ./workers
COPY templates ./templates
COPY samples ./samples
RUN pip install -q . && python -c "import docgen, workers.tasks"

USER docgen
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"
CMD ["docgen", "serve", "--host", "0.0.0.0", "--port", "8000"]
