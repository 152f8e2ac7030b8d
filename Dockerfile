# The service image for `docker compose up` (PostgreSQL comes from its own container there).
FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY matcher ./matcher
COPY seed ./seed
RUN pip install --no-cache-dir .
RUN useradd --create-home matcher
USER matcher
EXPOSE 8000
CMD ["matcher", "serve", "--host", "0.0.0.0", "--port", "8000", "--seed"]
