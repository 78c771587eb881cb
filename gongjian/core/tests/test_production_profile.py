"""The production profile against the real services of this machine: PostgreSQL, Redis and a
Celery worker process. Nothing here is mocked."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
REDIS = os.environ.get("GONGJIAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
PG = os.environ.get("GONGJIAN_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def _env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({"DJANGO_SETTINGS_MODULE": "gongjian.settings.production", "PYTHONPATH": str(ROOT)})
    env.update(extra)
    return env


def _gongjian(*args, env, timeout=60):
    return subprocess.run([sys.executable, "-m", "gongjian.cli", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def test_production_refuses_to_start_without_secret_and_database():
    out = _gongjian("check", env=_env())
    assert out.returncode != 0
    assert "DJANGO_SECRET_KEY" in out.stderr
    out = _gongjian("check", env=_env(DJANGO_SECRET_KEY="x" * 50))
    assert out.returncode != 0 and "DATABASE_URL" in out.stderr


def test_production_uses_postgresql_and_redis():
    env = _env(DJANGO_SECRET_KEY="x" * 50, DATABASE_URL=PG, REDIS_URL=REDIS)
    key = f"gongjian-test-{uuid.uuid4().hex}"
    code = (
        "from django.core.cache import cache; from django.db import connection; "
        f"cache.set('{key}', '社区', 30); from django.core.cache import caches; print(connection.vendor, cache.get('{key}'), type(caches['default']).__name__)"
    )
    out = _gongjian("shell", "-c", code, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1].split() == ["postgresql", "社区", "RedisCache"]
    import redis

    assert redis.Redis.from_url(REDIS).exists(f":1:{key}") == 1


def test_celery_worker_runs_a_job_sent_through_redis(tmp_path):
    from celery import Celery

    env = _env(DJANGO_SECRET_KEY="x" * 50, DATABASE_URL=PG, REDIS_URL=REDIS)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "gongjian", "worker", "--pool=solo", "-Q", queue, "--without-heartbeat",
         "--without-gossip", "--without-mingle", "-l", "warning"],
        env=env, cwd=ROOT, stdout=open(tmp_path / "worker.log", "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
    )
    try:
        sender = Celery("sender", broker=REDIS, backend=REDIS)
        result = sender.send_task("gongjian.core.run_job", args=["operator.mul", 6, 7], queue=queue)
        deadline = time.time() + 60
        while not result.ready() and time.time() < deadline:
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            time.sleep(0.2)
        assert result.get(timeout=1) == 42
    finally:
        worker.terminate()
        worker.wait(15)


@pytest.fixture(autouse=True)
def _redis_is_there():
    import redis

    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis is needed at {REDIS} (the production profile's cache and broker)")
