"""Personal API tokens: created on the account page and shown once, stored hashed, used by
scripts in the Authorization header, last-used time kept, revoked after a confirmation step;
HTTP Basic authentication is no longer accepted."""

import base64
import hashlib

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from gongjian.accounts.models import ApiToken
from gongjian.accounts.tokens import token_create
from gongjian.core.models import ObjectChange

pytestmark = pytest.mark.django_db


def test_token_created_on_the_page_is_shown_once_and_stored_hashed(world, login):
    client = login(world.users["liaison"])
    me = client.get(reverse("accounts:me"))
    assert reverse("accounts:tokens") in me.content.decode()
    response = client.post(reverse("accounts:tokens"), {"name": "月报脚本"})
    assert response.status_code == 200
    plain = response.context["plain"]
    assert plain.startswith("gj_") and plain in response.content.decode()
    token = ApiToken.objects.get(user=world.users["liaison"])
    assert token.key_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert plain not in str(ObjectChange.objects.filter(object_id=token.pk).values_list("after", flat=True)[0])
    # Shown once: the list afterwards names it by its prefix only.
    again = client.get(reverse("accounts:tokens")).content.decode()
    assert plain not in again and token.prefix in again


def test_a_token_without_a_name_is_refused_in_chinese(world, client, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client.force_login(world.users["liaison"])
    response = client.post(reverse("accounts:tokens"), {"name": "  "}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "请为令牌命名" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_token_authenticates_as_its_user_and_records_last_use(world):
    token, plain = token_create(actor=world.users["district"], name="统计脚本")
    api = APIClient()
    assert api.get("/api/v1/plans/").status_code in (401, 403)
    response = api.get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Token {plain}")
    assert response.status_code == 200
    assert APIClient().get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Bearer {plain}").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    refused = APIClient().get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Token {plain}x")
    assert refused.status_code == 403 and refused.json()["detail"] == "API 令牌无效或已被吊销。"


def test_revoking_needs_confirmation_and_then_refuses_the_token(world, login):
    token, plain = token_create(actor=world.users["liaison"], name="脚本")
    client = login(world.users["liaison"])
    url = reverse("accounts:token_revoke", args=[token.pk])
    assert client.get(url).status_code == 200  # the confirmation step
    token.refresh_from_db()
    assert token.revoked_at is None
    client.post(url)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ObjectChange.objects.filter(object_id=token.pk, action="update").exists()
    assert APIClient().get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Token {plain}").status_code == 403


def test_only_ones_own_tokens_can_be_revoked(world, login):
    token, _plain = token_create(actor=world.users["district"], name="统计脚本")
    client = login(world.users["liaison"])
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_basic_authentication_is_not_accepted(world, password):
    credentials = base64.b64encode(f"district:{password}".encode()).decode()
    response = APIClient().get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert response.status_code in (401, 403)
