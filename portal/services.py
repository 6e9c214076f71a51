"""Writes of the public portal: online submission, the petitioner's evaluation and review request.

The petitioner is not a user. Submissions go through the one registration service (``petition_register`` with
``online=True``) under the portal's system account, which holds no role and can log in nowhere; they wait as
网上待审核 for the receiving unit's screening (``handling.services.petition_screen_online``). The portal's
other actions are taken with the registration number and the query code, checked by ``find_by_code``.
"""

import hashlib
import hmac
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from core import reference_cache
from core.errors import DomainError, InvalidInput
from core.text import clean_strings, clean_text
from deadlines import calendar
from handling import selectors as handling_selectors
from handling.models import Satisfaction
from handling.services import petition_request_review
from organisations.models import Region, Unit, UnitType
from petitions.events import record_event
from petitions.models import Channel, Petition
from petitions.services import (
    QUERY_CODE_ALPHABET,
    QUERY_CODE_LENGTH,
    PetitionerData,
    RegistrationData,
    petition_register,
)
from portal.models import Evaluation
from portal.senders import get_sender

SYSTEM_USERNAME = "portal-system"
# Reference data every submission reads: who receives a region's submissions, and the portal's account. Kept in
# the shared cache (Redis in production) outside transactions; any change to a unit, a region or the account drops
# it at once and again after the commit (as ``deadlines.selectors`` does for the calendar).
RECEIVERS_KEY = "portal:receiving-units:v2"
ACCOUNT_KEY = "portal:system-account:v1"
REFERENCE_SECONDS = 300
_DUMMY_CODE = QUERY_CODE_ALPHABET[0] * QUERY_CODE_LENGTH


@dataclass
class OnlineSubmission:
    name: str
    id_number: str
    phone: str
    problem_region: str
    title: str
    facts: str
    demands: str
    email: str = ""
    address: str = ""
    orig_unit_name: str = ""
    case_number: str = ""
    case_category: str = ""


def portal_account():
    """The portal's system account: the registering "user" of online submissions. Inactive, no password."""
    cacheable = not connection.in_atomic_block  # inside a transaction: read afresh, nothing cached
    if cacheable and (user := cache.get(ACCOUNT_KEY)) is not None:
        return user
    User = get_user_model()
    user = User.objects.filter(username=SYSTEM_USERNAME).first()
    if user is None:
        user = User(username=SYSTEM_USERNAME, full_name="网上信访", is_active=False)
        user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # created by a concurrent submission
            user = User.objects.get(username=SYSTEM_USERNAME)
    if cacheable:
        cache.set(ACCOUNT_KEY, user, REFERENCE_SECONDS)
    return user


def receiving_unit(region_code: str) -> Unit | None:
    """Who screens an online submission: the 联合接访中心 of the place where the problem arose, else its 政法委,
    else the same one level up."""
    if connection.in_atomic_block:
        return _receiving_unit(region_code)
    # one small entry per region under the current generation (a map of every region would be unpickled whole
    # on each submission); dropping the generation key retires them all at once
    generation = reference_cache.generation(RECEIVERS_KEY, REFERENCE_SECONDS)
    key = f"{RECEIVERS_KEY}:{generation}:{region_code}"
    unit = cache.get(key)
    if unit is None:
        unit = _receiving_unit(region_code)
        if unit is not None:  # only real answers: unknown codes typed by anyone are not cached
            cache.set(key, unit, REFERENCE_SECONDS)
    return unit


def _receiving_unit(region_code: str) -> Unit | None:
    region = Region.objects.filter(code=region_code).first()
    while region is not None:
        units = {
            u.type: u
            for u in Unit.objects.filter(
                region=region, type__in=(UnitType.RECEPTION_CENTER, UnitType.COMMITTEE), is_active=True
            ).order_by("-path")
        }
        unit = units.get(UnitType.RECEPTION_CENTER) or units.get(UnitType.COMMITTEE)
        if unit is not None:
            return unit
        region = region.parent
    return None


def forget_reference_data(sender=None, **kwargs) -> None:
    """Drop what a change makes stale (a unit or a region: the receivers; the portal's account: the account), now
    and after the commit (a reader in between may have cached the rows as they were)."""
    if sender is get_user_model():
        if getattr(kwargs.get("instance"), "username", None) != SYSTEM_USERNAME:
            return
        key = ACCOUNT_KEY
    else:
        key = RECEIVERS_KEY
    reference_cache.forget(key)


def connect_cache_invalidation() -> None:
    for model in (Unit, Region, get_user_model()):
        for signal in (post_save, post_delete):
            signal.connect(
                forget_reference_data, sender=model, dispatch_uid=f"portal_reference_{model.__name__}"
            )


def petition_submit_online(
    *, submission: OnlineSubmission, attachments=(), token: str
) -> tuple[Petition, bool]:
    """Register an online submission (网上信访) as 网上待审核. Returns the petition and whether this call created
    it: the same ``token`` with the same content (a double click, a resent form) returns the first petition;
    the same token with other content is refused. The query code is sent to the petitioner on creation."""
    submission = clean_strings(submission, multiline=frozenset({"facts", "demands"}))
    errors: dict[str, list[str]] = {}
    if not submission.id_number.strip():
        errors["id_number"] = [_("请填写身份证号：网上信访实行实名制，用于核对是否为同一事项。")]
    if not submission.phone.strip():
        errors["phone"] = [_("请填写联系电话：办理情况和查询码将发送到该号码。")]
    unit = receiving_unit(submission.problem_region) if submission.problem_region else None
    if not submission.problem_region:
        errors["problem_region"] = [_("请选择问题发生地。")]
    elif unit is None:
        errors["problem_region"] = [_("该地区暂未开通网上信访，请选择上一级地区或到当地联合接访中心反映。")]
    if errors:
        raise InvalidInput(errors)
    data = RegistrationData(
        channel=Channel.ONLINE,
        title=submission.title,
        demands=submission.demands,
        facts=submission.facts,
        problem_region=submission.problem_region,
        orig_unit_name=submission.orig_unit_name,
        case_number=submission.case_number,
        case_category=submission.case_category,
    )
    people = [
        PetitionerData(
            name=submission.name,
            id_number=submission.id_number,
            phone=submission.phone,
            address=submission.address,
        )
    ]
    actor = portal_account()
    started = timezone.now()
    # a resent form, or a concurrent request with the same token that stored it first: that petition returns
    petition = petition_register(
        actor=actor, unit=unit, online=True, data=data, petitioners=people, attachments=attachments,
        submission_key=token,
    )  # fmt: skip
    created = petition.created_at >= started
    if created:
        message = _(
            "您的网上信访事项已提交。登记编号：%(number)s，查询码：%(code)s。请妥善保存，凭二者查询办理进展。"
        ) % {
            "number": petition.number,
            "code": petition.query_code,
        }
        phone, email = submission.phone, submission.email
        transaction.on_commit(lambda: get_sender().send(phone=phone, email=email, message=message))
    return petition, created


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode()).digest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:32]


def find_by_code(number: str, code: str) -> Petition | None:
    """The petition with this registration number and query code, or None.

    A wrong code and an unknown number take the same path: one indexed query, two hashes and a constant-time
    comparison, so neither the answer nor its timing tells them apart.
    """
    number = (number or "").strip()[:32]
    row = Petition.objects.filter(number=number).values_list("pk", "query_code").first()
    stored = row[1] if row is not None else _DUMMY_CODE
    matches = hmac.compare_digest(_digest(stored), _digest(normalise_code(code)))
    if row is not None and matches:
        return Petition.objects.get(pk=row[0])
    return None


@transaction.atomic
def petition_evaluate_online(
    *, petition: Petition, satisfaction_office: str, satisfaction_unit: str, unsatisfied_reason: str = ""
) -> Evaluation:
    """The petitioner rates the latest reply: the receiving office and the handling unit separately. The rating
    of the handling unit is the petition's 群众满意度 (``Petition.satisfaction``, read by the satisfaction figures
    in ``analytics.metrics``), as a staff follow-up's is."""
    locked = Petition.objects.select_for_update().get(pk=petition.pk)
    reply = handling_selectors.latest_reply(locked)
    if reply is None:
        raise DomainError(_("答复意见书作出后才能评价。"))
    if Evaluation.objects.filter(reply=reply).exists():
        raise DomainError(_("您已经评价过这份答复，谢谢。"))
    unsatisfied_reason = clean_text(unsatisfied_reason or "", multiline=True)
    errors: dict[str, list[str]] = {}
    for key, value in (
        ("satisfaction_office", satisfaction_office),
        ("satisfaction_unit", satisfaction_unit),
    ):
        if value not in Satisfaction.values:
            errors[key] = [_("请选择满意、基本满意或不满意。")]
    if (
        Satisfaction.UNSATISFIED in (satisfaction_office, satisfaction_unit)
        and not unsatisfied_reason.strip()
    ):
        errors["unsatisfied_reason"] = [_("选择不满意时，请写明不满意的原因。")]
    if errors:
        raise InvalidInput(errors)
    now = timezone.now()
    evaluation = Evaluation.objects.create(
        petition=locked,
        reply=reply,
        satisfaction_office=satisfaction_office,
        satisfaction_unit=satisfaction_unit,
        unsatisfied_reason=unsatisfied_reason.strip(),
        at=now,
    )
    locked.satisfaction = satisfaction_unit
    locked.version += 1
    locked.save(update_fields=["satisfaction", "version", "updated_at"])
    record_event(
        locked,
        "portal_evaluated",
        at=now,
        note=evaluation.unsatisfied_reason,
        data={
            "satisfaction_office": evaluation.get_satisfaction_office_display(),
            "satisfaction_unit": evaluation.get_satisfaction_unit_display(),
            "reply": reply.document_number,
        },
    )
    return evaluation


def petition_request_review_online(*, petition: Petition, reason: str):
    """The petitioner asks for 复查 (or 复核, after a 复查 reply) today, through the lifecycle's own action and
    guards (``handling.services.petition_request_review``); after the window it is refused with the reason."""
    return petition_request_review(
        actor=portal_account(),
        petition=petition,
        requested_on=calendar.local_date(timezone.now()),
        reason=reason,
        via_portal=True,
    )
