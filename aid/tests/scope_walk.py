"""司法救助 in the scope walk (core/testing/scope_walk.py): 民勤县's application and its document."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from aid.models import AidBudget, AidDocument
from aid.services import aid_apply

PK_OF = {
    "aid:apply": "petitions",
    "aid:detail": "aid_applications",
    "aid:review": "aid_applications",
    "aid:approve": "aid_applications",
    "aid:pay": "aid_applications",
    "aid:document": "aid_documents",
    "aid-application-detail": "aid_applications",
    "aid-application-review": "aid_applications",
    "aid-application-approve": "aid_applications",
    "aid-application-pay": "aid_applications",
}


def build(world) -> dict[str, list[int]]:
    from core.testing.world import MARK

    p = world.province
    AidBudget.objects.create(unit=p.minqin_center, year=_year(), amount=Decimal("100000.00"))
    application = aid_apply(
        actor=world.insider,
        petition=world.petition,
        unit=p.minqin_center,
        applicant_name=f"钱{MARK}",
        relation="self",
        harm=f"损害{MARK}",
        hardship=f"困难{MARK}",
        amount="12000.50",
        documents=[
            SimpleUploadedFile(f"低保证明{MARK}.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
        ],
    )
    return {
        "aid_applications": [application.pk],
        "aid_documents": list(
            AidDocument.objects.filter(application=application).values_list("pk", flat=True)
        ),
    }


def _year() -> int:
    from django.utils import timezone

    return timezone.localdate().year
