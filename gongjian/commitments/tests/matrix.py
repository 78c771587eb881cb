"""The annual conference's share of the permission matrix (accounts/tests/test_permission_matrix.py),
written by hand from the roles (README.md): staff see the conferences of their scope and build
their packs, a liaison sees its community's; the community Party organisation records them."""

from __future__ import annotations

import datetime

from django.urls import reverse

STAFF = {"district", "street", "street_west", "community"}

HOLDERS = {
    "commitments.view_conference": STAFF | {"liaison"},
    "commitments.manage_conference": {"community"},
    "commitments.build_pack": set(STAFF),
}

_JB = {"cf:jiangbin", "ph:jiangbin", "pj:jiangbin"}
_FX = {"cf:fuxing", "ph:fuxing", "pj:fuxing"}
IN = {"district": _JB | _FX, "street": set(_JB), "street_west": set(_FX), "community": set(_JB), "liaison": set(_JB)}
CHANGE = {"commitments:conference_edit": {"community": {"cf:jiangbin"}}}



def objects(world) -> dict:
    """A 2013 conference in 江滨 and in 富兴, each with a photo and a finished pack."""
    from django.core.files.base import ContentFile

    from gongjian.commitments import services
    from gongjian.commitments.models import ConferencePhoto, PackJob

    objs = {}
    for key, cname, short in (("jiangbin", "江滨社区", "江滨"), ("fuxing", "富兴社区", "富兴")):
        conference = services.conference_create(actor=None, community=world.communities[cname], year=2013, date=datetime.date(2013, 2, 3),
                                                organisations=[world.orgs[f"{short}单位"]])
        photo = ConferencePhoto(conference=conference, content_type="image/png", size=8, original_name="p.png")
        photo.file.save("photo", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
        photo.save()
        job = PackJob(conference=conference, status=PackJob.Status.DONE, progress=100, documents=1)
        job.result_file.save("pack.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=False)
        job.save()
        objs.update({f"cf:{key}": conference, f"ph:{key}": photo, f"pj:{key}": job})
    return objs


def cases(world, objs) -> list[tuple[str, str, str | None]]:
    result = []
    for key in ("jiangbin", "fuxing"):
        cf = objs[f"cf:{key}"]
        for name in ("commitments:conference_detail", "commitments:conference_edit", "commitments:pack_build"):
            result.append((name, reverse(name, args=[cf.pk]), f"cf:{key}"))
        result.append(("commitments:photo_file", reverse("commitments:photo_file", args=[objs[f"ph:{key}"].pk]), f"ph:{key}"))
        for name in ("commitments:pack_job", "commitments:pack_download"):
            result.append((name, reverse(name, args=[objs[f"pj:{key}"].pk]), f"pj:{key}"))
    for name in ("commitments:home", "commitments:conference_create"):
        result.append((name, reverse(name), None))
    return result
