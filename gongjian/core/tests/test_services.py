"""The shared services: notices (retried, masked, visible when failed), one-time tokens
(refused when wrong, expired or used up) and persisted background jobs (retried, failed with
the error shown, stale ones queued again by the sweep)."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from gongjian.core import jobs, notices
from gongjian.core.exceptions import ApplicationError
from gongjian.core.models import Job, OneTimeToken
from gongjian.core.tokens import token_issue, token_use

pytestmark = pytest.mark.django_db

# -- notices ----------------------------------------------------------------------------------


@pytest.fixture
def flaky_inapp():
    """An in-app sender that fails on its first call, then works."""
    calls = []

    def send(notice):
        calls.append(notice.pk)
        if len(calls) == 1:
            raise ConnectionError("gateway down")

    notices.register_sender("inapp", send)
    yield calls
    notices.register_sender("inapp", None)


def test_a_notice_that_fails_once_is_retried_and_sent(world, flaky_inapp):
    user = world.users["community"]
    n = notices.notice_send(channel="inapp", recipient_user=user, subject="新任务", body="请查看", obj=world.communities["江滨社区"])
    n.refresh_from_db()
    assert flaky_inapp == [n.pk, n.pk]
    assert (n.status, n.attempts, n.error, n.object) == ("sent", 2, "", world.communities["江滨社区"])


def test_a_notice_failing_every_time_is_failed_and_listed_for_staff(world, login, settings):
    settings.GONGJIAN_NOTICE_MAX_ATTEMPTS = 3
    notices.register_sender("email", lambda notice: (_ for _ in ()).throw(ConnectionError("smtp down")))
    try:
        n = notices.notice_send(channel="email", address="a@example.org", body="您的建议已采纳，电话 13912345678")
    finally:
        notices.register_sender("email", None)
    n.refresh_from_db()
    assert (n.status, n.attempts) == ("failed", 3) and "smtp down" in n.error
    body = login(world.users["district"]).get("/notices/failed/").content.decode()
    assert body.count('data-testid="failed-notice"') == 1 and "smtp down" in body
    assert "13912345678" not in body and "139****5678" in body
    assert login(world.users["community"]).get("/notices/failed/").status_code == 403


def test_email_goes_through_django_mail_masked(world):
    n = notices.notice_send(channel="email", address="a@example.org", subject="通知", body="联系电话 13912345678")
    n.refresh_from_db()
    assert n.status == "sent" and len(mail.outbox) == 1
    assert mail.outbox[0].to == ["a@example.org"] and "139****5678" in mail.outbox[0].body


def test_sms_is_off_by_default_and_waits(world, settings):
    settings.GONGJIAN_SMS_GATEWAY_URL = ""
    n = notices.notice_send(channel="sms", address="13912345678", body="您的建议已议定")
    n.refresh_from_db()
    assert (n.status, n.attempts) == ("queued", 0) and n.error


def test_inbox_masks_unless_allowed_and_counts_unread(world, login):
    user = world.users["resident"]
    notices.notice_send(channel="inapp", recipient_user=user, subject="回复", body="联系人电话 13912345678",
                        reveal_perm="registry.view_person")
    client = login(user)
    body = client.get("/notices/").content.decode()
    assert "139****5678" in body and "13912345678" not in body
    assert 'data-testid="nav-unread">1<' in body
    client.post("/notices/read/")
    assert 'data-testid="nav-unread"' not in client.get("/notices/").content.decode()
    staff = world.users["district"]
    notices.notice_send(channel="inapp", recipient_user=staff, body="联系人电话 13912345678", reveal_perm="registry.view_person")
    assert "13912345678" in login(staff).get("/notices/").content.decode()


# -- tokens -----------------------------------------------------------------------------------


def test_a_token_is_refused_on_second_use_after_expiry_and_when_wrong(world):
    target = world.communities["江滨社区"]
    token, raw = token_issue(purpose="test.sign", target=target, expires_at=timezone.now() + datetime.timedelta(hours=1))
    assert raw not in token.digest and not OneTimeToken.objects.filter(digest=raw).exists()
    used = token_use(purpose="test.sign", raw=raw)
    assert used.target == target and used.uses == 1 and used.used_at is not None
    with pytest.raises(ApplicationError, match="已经使用"):
        token_use(purpose="test.sign", raw=raw)
    with pytest.raises(ApplicationError, match="无效"):
        token_use(purpose="test.sign", raw=raw + "x")
    with pytest.raises(ApplicationError, match="无效"):
        token_use(purpose="other.purpose", raw=raw)
    _old, old_raw = token_issue(purpose="test.sign", target=target, expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(ApplicationError, match="过期"):
        token_use(purpose="test.sign", raw=old_raw)
    _two, two_raw = token_issue(purpose="test.sign", target=None, expires_at=timezone.now() + datetime.timedelta(hours=1), max_uses=2)
    token_use(purpose="test.sign", raw=two_raw)
    assert token_use(purpose="test.sign", raw=two_raw).uses == 2


def test_wrong_tokens_are_rate_limited_per_client(world, settings):
    settings.GONGJIAN_TOKEN_FAILURES_PER_WINDOW = 3
    _token, raw = token_issue(purpose="test.limit", expires_at=timezone.now() + datetime.timedelta(hours=1))
    for _ in range(3):
        with pytest.raises(ApplicationError, match="无效"):
            token_use(purpose="test.limit", raw="guess", client="robot")
    with pytest.raises(ApplicationError, match="过多"):
        token_use(purpose="test.limit", raw=raw, client="robot")
    assert token_use(purpose="test.limit", raw=raw, client="someone-else").uses == 1


# -- jobs -------------------------------------------------------------------------------------

RUNS: list = []


def flaky_job(job, fail_times):
    RUNS.append(job.attempts)
    jobs.job_progress(job, 50, "一半")
    if job.attempts <= fail_times:
        raise ApplicationError("数据源暂时不可用")
    jobs.job_set_result(job, "result.txt", "结果".encode())


def test_a_failing_job_is_retried_then_done(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    RUNS.clear()
    job = jobs.job_submit(func="gongjian.core.tests.test_services.flaky_job", args=[1], user=world.users["district"], label="测试")
    job.refresh_from_db()
    assert RUNS == [1, 2] and (job.status, job.progress, job.error) == ("done", 100, "")
    assert job.result_file.read() == "结果".encode()


def test_a_job_that_keeps_failing_is_shown_failed_with_its_error(world, login):
    RUNS.clear()
    job = jobs.job_submit(func="gongjian.core.tests.test_services.flaky_job", args=[99], user=world.users["district"], max_attempts=2)
    job.refresh_from_db()
    assert RUNS == [1, 2] and job.status == "failed" and job.error == "数据源暂时不可用"
    body = login(world.users["district"]).get(f"/jobs/{job.pk}/").content.decode()
    assert 'data-testid="job-error"' in body and "数据源暂时不可用" in body
    assert login(world.users["community"]).get(f"/jobs/{job.pk}/").status_code == 404


def test_a_stale_pending_job_is_queued_again_by_the_sweep(world, settings):
    RUNS.clear()
    settings.GONGJIAN_JOBS_SYNC = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    # The broker is down: the job is saved, nothing runs.
    from gongjian.core import tasks

    def down(*args):
        raise ConnectionError("broker down")

    tasks.run_job.delay, saved = down, tasks.run_job.delay
    try:
        job = jobs.job_submit(func="gongjian.core.tests.test_services.flaky_job", args=[0], user=world.users["district"])
    finally:
        tasks.run_job.delay = saved
    assert Job.objects.get(pk=job.pk).status == "pending" and RUNS == []
    settings.GONGJIAN_JOBS_SYNC = True
    assert jobs.jobs_sweep() == 0  # not stale yet
    Job.objects.filter(pk=job.pk).update(queued_at=timezone.now() - datetime.timedelta(minutes=30))
    out = io.StringIO()
    call_command("jobs_sweep", stdout=out)
    assert "1" in out.getvalue() and RUNS == [1] and Job.objects.get(pk=job.pk).status == "done"


# -- query counts -----------------------------------------------------------------------------


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_service_pages_have_pinned_query_counts(world, login):
    """The inbox, the failed notices and a job's page: a fixed number of queries whatever the
    number of notices (session, user, roles for the permission and the navigation, unread
    count, the list)."""
    staff = world.users["district"]
    client = login(staff)
    job = jobs.job_submit(func="gongjian.core.tests.test_services.flaky_job", args=[0], user=staff)
    notices.register_sender("email", lambda notice: (_ for _ in ()).throw(ConnectionError("down")))
    try:
        counts = {}
        for n in (1, 12):
            for _i in range(n):
                notices.notice_send(channel="inapp", recipient_user=staff, body="通知")
                notices.notice_send(channel="email", address="a@example.org", body="通知")
            counts[n] = {url.replace(f"/{job.pk}/", "/"): _queries(client, url) for url in ("/notices/", "/notices/failed/", f"/jobs/{job.pk}/")}
    finally:
        notices.register_sender("email", None)
    assert counts[1] == counts[12] == PINNED


# 8 since posts: the navigation asks posts.claim_post, which the district office lacks, so
# Django's model backend loads the user's and groups' permissions (two queries, once a page).
PINNED = {"/notices/": 8, "/notices/failed/": 8, "/jobs/": 8}


def test_sms_posts_to_the_configured_gateway(world, settings):
    """The SMS adapter against a gateway on this machine (no outside host): one JSON POST with
    the masked text and the bearer token; a gateway error is retried."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    received = []

    class Gateway(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            received.append((self.headers["Authorization"], json.loads(self.rfile.read(int(self.headers["Content-Length"])))))
            self.send_response(500 if len(received) == 1 else 200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.GONGJIAN_SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.GONGJIAN_SMS_GATEWAY_TOKEN = "t0ken"
    try:
        n = notices.notice_send(channel="sms", address="13912345678", body="请联系 13812345678")
    finally:
        server.shutdown()
    n.refresh_from_db()
    assert (n.status, n.attempts) == ("sent", 2)
    assert received[-1] == ("Bearer t0ken", {"to": "13912345678", "text": "请联系 138****5678"})
