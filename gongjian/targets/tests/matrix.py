"""Target management's and the public board's share of the permission matrix
(accounts/tests/test_permission_matrix.py): who holds each permission, what each role reaches,
and a case for every URL. Written by hand from the roles' definitions (targets/README.md)."""

from __future__ import annotations

import datetime
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

STAFF = {"district", "street", "street_west", "community"}

HOLDERS = {
    "targets.view_plan": STAFF | {"liaison"},
    "targets.add_plan": {"community"},
    "targets.change_plan": {"community"},
    "targets.view_task": STAFF | {"liaison"},
    "targets.change_task": {"community"},
    "targets.report_progress": {"community", "liaison"},
    "targets.comment_task": set(STAFF),
    "targets.moderate_feedback": set(STAFF),
    "targets.view_ledger": STAFF | {"liaison"},
    "targets.change_ledger": {"community"},
    "targets.record_contribution": {"community", "liaison"},
    "targets.import_plan": {"community"},
    "targets.export_plan": STAFF | {"liaison"},
    "targets.manage_categories": {"district"},
}

_JB = {"pl:jiangbin", "t:jiangbin", "fb:jiangbin", "ev:jiangbin", "it:jiangbin"}
_FX = {"pl:fuxing", "t:fuxing", "fb:fuxing", "ev:fuxing", "it:fuxing"}
IN = {
    "district": _JB | _FX,
    "street": set(_JB),
    "street_west": set(_FX),
    "community": set(_JB),
    # The liaison of 江滨单位 leads the 江滨 task: it sees that plan, task and evidence, and the
    # ledger of the community it reaches; moderating feedback is staff work.
    "liaison": {"pl:jiangbin", "t:jiangbin", "ev:jiangbin", "it:jiangbin"},
}

_PLAN_CHANGE = {"community": {"pl:jiangbin"}}
CHANGE = {
    "targets:plan_edit": _PLAN_CHANGE,
    "targets:plan_publish": _PLAN_CHANGE,
    "targets:task_create": _PLAN_CHANGE,
    "targets:plan_template": _PLAN_CHANGE,
    "targets:plan_import": _PLAN_CHANGE,
    "targets:task_edit": {"community": {"t:jiangbin"}},
    "targets:milestones": {"community": {"t:jiangbin"}, "liaison": {"t:jiangbin"}},
    "targets:report": {"community": {"t:jiangbin"}, "liaison": {"t:jiangbin"}},
    "targets:task_delete": {"community": {"t:jiangbin"}},
    "targets:evidence_delete": {"community": {"ev:jiangbin"}, "liaison": {"ev:jiangbin"}},
    "targets:item_edit": {"community": {"it:jiangbin"}},
    "targets:contribution_delete": {"community": {"it:jiangbin"}},
}

MATRIX_PHOTO = "evidence/permission-matrix.png"


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 20, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def objects(world) -> dict:
    """A published plan with one task, a report with a photo, a resident's note and a
    community-building item in 江滨 (led by 江滨单位) and in 富兴 (led by 富兴单位)."""
    from gongjian.targets import services
    from gongjian.targets.models import Evidence

    if not default_storage.exists(MATRIX_PHOTO):
        default_storage.save(MATRIX_PHOTO, ContentFile(_png()))
    objs = {}
    for key, cname, short in (("jiangbin", "江滨社区", "江滨"), ("fuxing", "富兴社区", "富兴")):
        community = world.communities[cname]
        plan = services.plan_create(actor=None, community=community, year=2010)
        category = plan.community.street.district.work_categories.order_by("order").first()
        unit = world.orgs[f"{short}单位"]
        task = services.task_create(
            actor=None, plan=plan, category=category, title=f"{short}老旧下水道改造", target_what="改造破损下水管道",
            target_quantity=800, target_unit="米", deadline=datetime.date(2010, 9, 30), lead_organisation=unit,
            leader_name="王建国", leader_title="所长", co_organisers=[world.orgs[f"{short}团支部"]],
        )
        services.plan_publish(actor=None, plan=plan)
        services.milestones_save(actor=None, task=task, rows=[{"title": "管网勘察", "due": datetime.date(2010, 6, 30), "weight": 1, "percent": 0}])
        report = services.report_submit(actor=None, task=task, month=datetime.date(2010, 5, 1), percent=40, done_text="完成管网勘察", status="on_track")
        evidence = Evidence(report=report, kind=Evidence.Kind.PHOTO, file=MATRIX_PHOTO, content_type="image/png", size=default_storage.size(MATRIX_PHOTO))
        evidence.full_clean()
        evidence.save()
        feedback = services.feedback_submit(task=task, body="希望尽快完工")
        item = services.item_create(actor=None, community=community, year=2010, title=f"{short}下水道改造", task=task, category=category)
        contribution = services.contribution_set(actor=None, item=item, organisation=unit, role="lead", amount=20000)
        objs.update({f"pl:{key}": plan, f"t:{key}": task, f"fb:{key}": feedback, f"ev:{key}": evidence, f"it:{key}": item})
        objs.update({f"ctb:{key}": contribution, f"rp:{key}": report, f"ms:{key}": task.milestones.get()})
    return objs


def cases(world, objs) -> list[tuple[str, str, str | None]]:
    result = []
    for key in ("jiangbin", "fuxing"):
        plan, task = objs[f"pl:{key}"], objs[f"t:{key}"]
        for name in (
            "targets:plan_detail", "targets:plan_edit", "targets:plan_publish", "targets:task_create", "targets:plan_export",
            "targets:plan_template", "targets:plan_import",
        ):
            result.append((name, reverse(name, args=[plan.pk]), f"pl:{key}"))
        for name in ("targets:task_detail", "targets:task_edit", "targets:milestones", "targets:report", "targets:task_delete", "api-task-detail"):
            result.append((name, reverse(name, args=[task.pk]), f"t:{key}"))
        result.append(("api-plan-detail", reverse("api-plan-detail", args=[plan.pk]), f"pl:{key}"))
        # A task's milestones and reports are reached with the task.
        result.append(("api-milestone-detail", reverse("api-milestone-detail", args=[objs[f"ms:{key}"].pk]), f"t:{key}"))
        result.append(("api-report-detail", reverse("api-report-detail", args=[objs[f"rp:{key}"].pk]), f"t:{key}"))
        for name in ("targets:evidence_file", "targets:evidence_delete"):
            result.append((name, reverse(name, args=[objs[f"ev:{key}"].pk]), f"ev:{key}"))
        result.append(("targets:item_edit", reverse("targets:item_edit", args=[objs[f"it:{key}"].pk]), f"it:{key}"))
        # A contribution is reached with its item.
        for name in ("targets:contribution_delete", "api-contribution-detail"):
            result.append((name, reverse(name, args=[objs[f"ctb:{key}"].pk]), f"it:{key}"))
        result.append(("targets:feedback_moderate", reverse("targets:feedback_moderate", args=[objs[f"fb:{key}"].pk]), f"fb:{key}"))
        result.append(("targets:item_detail", reverse("targets:item_detail", args=[objs[f"it:{key}"].pk]), f"it:{key}"))
        # The public board: open to everyone, logged in or not.
        slug = plan.community.slug
        result.append(("public:board", reverse("public:board", args=[slug]), None))
        result.append(("public:print", reverse("public:print", args=[slug]), None))
        result.append(("public:feedback", reverse("public:feedback", args=[slug, task.pk]), None))
        result.append(("public:photo", reverse("public:photo", args=[slug, objs[f"ev:{key}"].pk]), None))
    for name in (
        "targets:home", "targets:plan_create", "targets:bulk_update", "targets:progress_export", "targets:progress_import", "targets:feedback_queue",
        "targets:ledger", "targets:item_create", "targets:categories", "public:index",
        "api-plan-list", "api-task-list", "api-milestone-list", "api-report-list", "api-contribution-list",
    ):
        result.append((name, reverse(name), None))
    return result
