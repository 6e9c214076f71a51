"""Writes for petitions: registration, petitioner matching, attachments, reveals.

Every function runs in one transaction, checks the actor's role and scope, and records a timeline event.
"""

import hashlib
import hmac
import json
import secrets
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from audit.models import Act
from audit.services import audit_record
from core import crypto
from core.errors import InvalidInput, NotVisible, PermissionDenied
from core.filecrypt import EncryptingFile
from core.files import clean_filename, validate_upload
from core.text import clean_strings
from core.validators import validate_id_number, validate_phone, validate_registration_time
from deadlines.models import Step
from deadlines.policy import compute_due, rule_for
from deadlines.selectors import calendar_overrides
from organisations.models import Role, Unit
from organisations.selectors import existing_region_codes, staff_context
from petitions.events import record_event
from petitions.models import (
    AccessReason,
    Attachment,
    CourtInstance,
    DueKind,
    EventAction,
    Petition,
    PetitionAccess,
    Petitioner,
    PetitionParty,
    RegistrationCounter,
    RevealField,
    RevealLog,
    State,
    Tag,
)
from petitions.scope import can_see
from petitions.selectors import OTHER_UNIT_RECORD, same_matter_for

REGISTER_ROLES = (Role.RECEPTION, Role.HANDLER, Role.UNIT_HEAD)
REVEAL_ROLES = (Role.RECEPTION, Role.HANDLER, Role.UNIT_HEAD, Role.SUPERVISOR, Role.OWNER_LEADER)
QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
QUERY_CODE_LENGTH = 12  # 32**12 = 2**60 codes


MAX_GROUP_SIZE = 100_000  # the form's limit too: no integer column holds more than the service accepts


@dataclass
class PetitionerData:
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    gender: str = ""
    residence_region: str = ""
    is_representative: bool = False
    is_key_person: bool = False


@dataclass
class InstanceData:
    instance: str
    case_number: str
    court_name: str
    judge: str = ""


@dataclass
class RegistrationData:
    channel: str
    title: str
    demands: str
    facts: str
    problem_region: str
    residence_region: str = ""
    registered_at: object = None
    group_size: int = 1
    agent_kind: str = ""
    agent_name: str = ""
    agent_org: str = ""
    orig_unit: Unit | None = None
    orig_unit_name: str = ""
    case_number: str = ""
    case_category: str = ""
    case_stage: str = ""
    cause_of_action: str = ""
    case_progress: str = ""
    petitioned_before_judgment: bool = False
    flags: dict[str, bool] = field(default_factory=dict)
    tags: list[Tag] = field(default_factory=list)
    responsible_system: str = ""
    problem_category: str = ""
    is_backlog: bool = False


MULTI_LINE = frozenset({"demands", "facts"})
FLAG_FIELDS = (
    "flag_skip_level",
    "flag_to_beijing",
    "flag_to_province",
    "flag_group",
    "flag_repeat",
    "flag_abnormal",
    "flag_key_person",
)


def acceptance_due(petition, *, rule=None, overrides=None):
    """The acceptance clock (受理告知): runs from registration under the policy's ``acceptance`` rule."""
    return compute_due(
        petition.registered_at, petition.responsible_system, Step.ACCEPTANCE, rule=rule, overrides=overrides
    )


def generate_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def next_registration_number(region_code: str, year: int) -> str:
    """Issue the next number for a region and year: ``620602-2026-000123``.

    The counter row is incremented with an UPDATE, which takes its row lock until the surrounding transaction
    ends, so two concurrent registrations can never read the same value.
    """
    connection = transaction.get_connection()
    assert connection.in_atomic_block, "must run inside the registration transaction"
    # one statement increments and reads (PostgreSQL, and SQLite since 3.35, return the updated row)
    increment = (
        'UPDATE "petitions_registrationcounter" SET "last" = "last" + 1 '
        'WHERE "region_code" = %s AND "year" = %s RETURNING "last"'
    )
    with connection.cursor() as cursor:
        cursor.execute(increment, [region_code, year])
        row = cursor.fetchone()
    if row is None:
        try:
            with transaction.atomic():
                RegistrationCounter.objects.create(region_code=region_code, year=year, last=1)
            row = (1,)
        except IntegrityError:  # another registration created the row first
            with connection.cursor() as cursor:
                cursor.execute(increment, [region_code, year])
                row = cursor.fetchone()
    return f"{region_code}-{year}-{row[0]:06d}"


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_columns(model, values: dict, prefix: str, add) -> None:
    """Each text value against its column: one of the field's choices, and no longer than it holds (a value the
    database would refuse or cut is refused here, by field, before anything is written)."""
    for key, value in values.items():
        try:
            column = model._meta.get_field(key)
        except FieldDoesNotExist:
            continue
        if not isinstance(value, str) or not value or not isinstance(column, models.CharField):
            continue
        if column.choices and value not in {str(choice) for choice, _label in column.flatchoices}:
            add(prefix + key, f"无效的选项：{value[:20]}。")
        elif column.max_length and len(value) > column.max_length:
            add(prefix + key, f"最多{column.max_length}字，当前{len(value)}字。")


def _regions_named(data: RegistrationData, petitioners: list[PetitionerData]) -> set[str]:
    return {data.problem_region, data.residence_region} | {p.residence_region for p in petitioners}


def _validate_registration(
    data: RegistrationData,
    petitioners: list[PetitionerData],
    instances: list[InstanceData],
    known: set[str],
) -> dict[str, list[str]]:
    """Field errors of a registration; ``known``: which of its region codes exist (``existing_region_codes``)."""
    errors: dict[str, list[str]] = {}

    def add(key, message):
        errors.setdefault(key, []).append(message)

    _check_columns(Petition, {k: v for k, v in vars(data).items() if k != "title"}, "", add)
    for i, p in enumerate(petitioners):
        _check_columns(Petitioner, vars(p), f"petitioners.{i}.", add)
    for i, instance in enumerate(instances):
        _check_columns(CourtInstance, vars(instance), f"instances.{i}.", add)

    texts = [(key, value) for key, value in vars(data).items()]
    texts += [
        (f"petitioners.{i}.{key}", value) for i, p in enumerate(petitioners) for key, value in vars(p).items()
    ]
    for key, value in texts:
        if isinstance(value, str) and not _is_unicode(value):  # a lone surrogate: no database can store it
            add(key, "含有无法识别的字符，请删除后重新输入。")
    for key in ("title", "demands", "facts"):
        if not str(getattr(data, key) or "").strip():
            add(key, "此项为必填项。")
    if len(data.title) > 200:
        add("title", f"标题最多200字，当前{len(data.title)}字。")
    if not data.problem_region:
        add("problem_region", "请填写问题发生地的行政区划代码。")
    elif data.problem_region not in known:
        add("problem_region", f"未知的行政区划代码：{data.problem_region}。")
    if data.residence_region and data.residence_region not in known:
        add("residence_region", f"未知的行政区划代码：{data.residence_region}。")
    if data.group_size < 1:
        add("group_size", "人数至少为1。")
    elif data.group_size > MAX_GROUP_SIZE:
        add("group_size", f"人数最多为{MAX_GROUP_SIZE}。")
    try:
        validate_registration_time(data.registered_at)
    except ValidationError as exc:
        add("registered_at", exc.messages[0])
    if not petitioners:
        add("petitioners", "至少需要一名信访人。")
    seen_ids = set()
    for i, p in enumerate(petitioners):
        prefix = f"petitioners.{i}."
        if not p.name.strip():
            add(prefix + "name", "请填写信访人姓名。")
        if p.id_number:
            try:
                number = validate_id_number(p.id_number)
            except ValidationError as exc:
                add(prefix + "id_number", exc.messages[0])
            else:
                if number in seen_ids:
                    add(prefix + "id_number", "同一身份证号重复填写。")
                seen_ids.add(number)
        if p.phone:
            try:
                validate_phone(p.phone)
            except ValidationError as exc:
                add(prefix + "phone", exc.messages[0])
        if p.residence_region and p.residence_region not in known:
            add(prefix + "residence_region", f"未知的行政区划代码：{p.residence_region}。")
    return errors


def petitioners_with_id_number(id_number: str):
    """Every unit's record of the person with this identity number, matched by keyed hash: for LINKING petitions
    (重信重访, terminated matters), never for reading or copying what another unit recorded."""
    digest = crypto.keyed_hash(id_number)
    if not digest:
        return Petitioner.objects.none()
    return Petitioner.objects.filter(id_number_hash=digest)


def _petitioner_create(p: PetitionerData) -> Petitioner:
    """The petition's own record of one petitioner: exactly what the registering clerk collected.

    A person who petitioned before keeps their earlier records untouched (another unit's data is never shown to,
    copied into or overwritten by this registration); the records are linked by the identity number's keyed hash.
    """
    id_number = validate_id_number(p.id_number) if p.id_number else ""
    phone = validate_phone(p.phone) if p.phone else ""
    gender = p.gender or (("M" if int(id_number[16]) % 2 else "F") if id_number else "")
    return Petitioner.objects.create(
        name=p.name.strip(),
        gender=gender,
        id_number=id_number,
        id_number_hash=crypto.keyed_hash(id_number),
        phone=phone,
        phone_hash=crypto.keyed_hash(phone),
        address=p.address.strip(),
        residence_region_id=p.residence_region or None,
        is_key_person=p.is_key_person,
    )


def _scoped_submission_key(actor, submission_key: str) -> str:
    """The stored idempotency key: bound to the submitting user, so another user's replay of the same key
    finds nothing."""
    return _hmac(f"submission:{actor.pk}:{submission_key}")


def _submission_digest(unit, data, petitioners, instances, attachments) -> str:
    """A keyed hash of everything submitted: a replay with different data is not the same submission."""
    payload = {
        "unit": unit.pk,
        "data": {
            **asdict(data),
            "orig_unit": data.orig_unit.pk if data.orig_unit else None,
            "tags": sorted(t.pk for t in data.tags),
        },
        "petitioners": [asdict(p) for p in petitioners],
        "instances": [asdict(i) for i in instances],
        "attachments": [(getattr(f, "name", ""), getattr(f, "size", 0)) for f in attachments],
    }
    return _hmac(json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False))


def _hmac(value: str) -> str:
    """HMAC-SHA256 under the hash key, of the value as given (``crypto.keyed_hash`` normalises for matching)."""
    return hmac.new(settings.FIELD_HASH_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def ensure_can_register(actor, unit: Unit) -> None:
    ctx = staff_context(actor)
    if not any(ctx.has_role(role, unit) for role in REGISTER_ROLES):
        raise PermissionDenied("您在该单位没有登记信访事项的权限。")


def grant_access(petition: Petition, *, reason: str, unit: Unit | None = None, user=None) -> None:
    lookup = {"petition": petition, "reason": reason, "unit": unit, "user": user}
    PetitionAccess.objects.get_or_create(**lookup)


def petition_register(
    *,
    actor,
    unit: Unit,
    data: RegistrationData,
    petitioners: list[PetitionerData],
    instances: list[InstanceData] = (),
    attachments=(),
    submission_key: str | None = None,
    online: bool = False,
) -> Petition:
    """Register a petition (登记): number, query code, petitioners, original case, attachments, first event.

    A repeated submission by the same user with the same ``submission_key`` and the same data returns the
    petition the first one created; the key is stored bound to the user, so nobody else can replay it, and the
    same key with different data is refused.

    ``online``: the petitioner submitted it through the public portal (``portal.services``); ``actor`` is the
    portal's system account, which holds no role, and the petition waits as 网上待审核 for the receiving unit's
    screening.
    """
    if not online:
        ensure_can_register(actor, unit)
    data = clean_strings(replace(data), multiline=MULTI_LINE)  # control characters never reach the record
    petitioners = [clean_strings(replace(p)) for p in petitioners]
    instances = [clean_strings(replace(i)) for i in instances]
    # reference data read before the transaction, where the shared cache serves it (inside one it is read afresh)
    clock = (rule_for(data.responsible_system, Step.ACCEPTANCE), calendar_overrides())
    known = existing_region_codes(_regions_named(data, petitioners))
    args = (actor, unit, data, petitioners, instances, attachments, submission_key, online, clock, known)
    try:
        # a key is new almost always: the unique column refuses a replay, so no look-up precedes each INSERT
        with transaction.atomic():
            return _register(*args, replay=False)
    except IntegrityError:
        if not submission_key:
            raise
    # a replay (double click, resent form, concurrent twin): the first one's petition
    with transaction.atomic():
        return _register(*args, replay=True)


def _register(
    actor, unit, data, petitioners, instances, attachments, submission_key, online, clock, known, replay
):
    scoped_key = digest = None
    if submission_key:
        scoped_key = _scoped_submission_key(actor, submission_key)
        digest = _submission_digest(unit, data, petitioners, instances, attachments)
    if replay:
        existing = Petition.objects.filter(submission_key=scoped_key).first()
        if existing is not None:
            if existing.submission_digest != digest:
                raise InvalidInput(
                    {"submission_key": ["该表单已经提交过，内容与前次不同。请重新打开登记页面填写。"]}
                )
            return existing
    errors = _validate_registration(data, petitioners, instances, known)
    checked_files = []
    for upload in attachments:
        try:
            checked_files.append((upload, *validate_upload(upload)))
        except ValidationError as exc:
            errors.setdefault("attachments", []).extend(exc.messages)
    if errors:
        raise InvalidInput(errors)

    now = timezone.now()
    registered_at = data.registered_at or now
    local_year = timezone.localtime(registered_at).year
    flags = {name: bool(data.flags.get(name)) for name in FLAG_FIELDS}
    if data.group_size >= 5:
        flags["flag_group"] = True
    people = [_petitioner_create(p) for p in petitioners]
    if any(p.is_key_person for p in people):
        flags["flag_key_person"] = True
    petition = Petition(
        number="",  # issued last, just before the INSERT: the counter's row lock is held until commit
        query_code=generate_query_code(),
        submission_key=scoped_key,
        submission_digest=digest or "",
        channel=data.channel,
        state=State.ONLINE_PENDING if online else State.REGISTERED,
        registered_at=registered_at,
        registered_unit=unit,
        registered_by=actor,
        group_size=max(data.group_size, len(people)),
        agent_kind=data.agent_kind,
        agent_name=data.agent_name.strip(),
        agent_org=data.agent_org.strip(),
        problem_region_id=data.problem_region,
        residence_region_id=data.residence_region or (people[0].residence_region_id if people else None),
        orig_unit=data.orig_unit,
        orig_unit_name=data.orig_unit_name.strip() or (data.orig_unit.name if data.orig_unit else ""),
        case_number=data.case_number.strip(),
        case_category=data.case_category,
        case_stage=data.case_stage,
        cause_of_action=data.cause_of_action.strip(),
        case_progress=data.case_progress,
        petitioned_before_judgment=data.petitioned_before_judgment,
        title=data.title.strip(),
        demands=data.demands.strip(),
        facts=data.facts.strip(),
        responsible_system=data.responsible_system,
        problem_category=data.problem_category,
        is_backlog=data.is_backlog,
        **flags,
    )
    # the clock and the 重信重访 link are known before the row is written (one INSERT, no UPDATE after)
    due = acceptance_due(petition, rule=clock[0], overrides=clock[1])
    petition.due_at, petition.warn_at, petition.due_kind = due.due_at, due.warn_at, DueKind.ACCEPTANCE
    closed, earlier = same_matter_for(petition, hashes=[p.id_number_hash for p in people])
    if earlier is not None:  # 重信重访: linked to the earlier petition, not counted as a new matter
        petition.related_to = earlier
        petition.flag_repeat = True
    from search.services import (  # the index commits with the petition
        index_new_petition,
        new_petition_document,
    )

    document = new_petition_document(  # segmented before the number is taken (its row lock lasts to commit)
        petition,
        case_numbers=[i.case_number.strip() for i in instances],
        tag_names=sorted(t.name for t in data.tags),
        names=[p.name for p in people],
    )
    petition.number = next_registration_number(unit.region_id, local_year)
    petition.save(force_insert=True)
    for position, (person, p) in enumerate(zip(people, petitioners, strict=True)):
        PetitionParty.objects.create(
            petition=petition, petitioner=person, is_representative=p.is_representative, position=position
        )
    CourtInstance.objects.bulk_create(
        [
            CourtInstance(
                petition=petition,
                instance=i.instance,
                case_number=i.case_number.strip(),
                court_name=i.court_name.strip(),
                judge=i.judge.strip(),
            )
            for i in instances
        ]
    )
    if data.tags:
        petition.tags.set(data.tags)
    # the petition is new: its first access row cannot exist yet (grant_access looks first)
    PetitionAccess.objects.create(petition=petition, reason=AccessReason.REGISTERED, unit=unit)
    data = {"number": petition.number, "channel": petition.channel, "petitioners": len(people)}
    if checked_files:  # the chain seals each file's SHA-256 with the event that brought it
        data["sha256"] = [digest for _upload, _type, digest in checked_files]
    note = ""
    if earlier is not None:
        data["closed_matter"] = closed is not None
        if can_see(actor, earlier):
            data["related_to"] = earlier.number
            note = (
                f"该事项与已依法终结或已复核的事项 {closed.number} 为同一事项，不再受理，请转属地稳控帮扶。"
                if closed is not None
                else f"与前案 {earlier.number} 为同一人同一事项（重信重访），已关联。"
            )
        else:  # outside the clerk's scope: neither its number nor its unit is disclosed
            data["related_elsewhere"] = True
            note = (
                f"{OTHER_UNIT_RECORD}：同一事项已依法终结或已复核，不再受理，请报上级政法委核对并转属地稳控帮扶。"
                if closed is not None
                else f"{OTHER_UNIT_RECORD}（重信重访），请报上级政法委核对。"
            )
    event = record_event(
        petition,
        EventAction.REGISTERED,
        actor=actor,
        unit=unit,
        at=now,
        data=data,
        note=note,
        state_after=petition.state,
        first=True,
    )
    with _files_removed_on_error() as track:
        for upload, content_type, digest in checked_files:
            track(_store_attachment(petition, event, upload, content_type, digest, actor))
    index_new_petition(petition, document)
    return petition


def _store_attachment(petition, event, upload, content_type, digest, actor) -> Attachment:
    """Store an upload encrypted at rest (``core.filecrypt``), under a random name, with its plaintext's
    size and SHA-256. The file is read and encrypted in chunks: never whole in memory, never in clear on disk."""
    attachment = Attachment(
        petition=petition,
        event=event,
        original_name=clean_filename(upload.name),
        content_type=content_type,
        uploaded_by=actor,
    )
    encrypted = EncryptingFile(upload)
    attachment.file.save("attachment", encrypted, save=False)
    attachment.size, attachment.sha256 = encrypted.size, encrypted.sha256
    if digest and digest != encrypted.sha256:  # the upload changed between validation and storage
        attachment.file.delete(save=False)
        raise InvalidInput({"attachments": [f"附件“{attachment.original_name}”读取不完整，请重新上传。"]})
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@contextmanager
def _files_removed_on_error():
    """Stored files whose rows are rolled back would be orphans: remove them when the write fails."""
    stored: list[str] = []

    def track(attachment):
        stored.append(attachment.file.name)

    try:
        yield track
    except Exception:
        for name in stored:
            default_storage.delete(name)
        raise


@transaction.atomic
def petition_add_attachments(*, actor, petition: Petition, uploads, note: str = "") -> list[Attachment]:
    if not can_see(actor, petition):
        raise NotVisible("未找到该信访事项。")
    ctx = staff_context(actor)
    if not (ctx.roles & set(REGISTER_ROLES)):
        raise PermissionDenied("您没有补充材料的权限。")
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append((upload, *validate_upload(upload)))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if not uploads:
        errors.append("请选择要上传的文件。")
    if errors:
        raise InvalidInput({"attachments": errors})
    event = record_event(
        petition,
        EventAction.ATTACHMENT_ADDED,
        actor=actor,
        unit=ctx.primary_unit,
        note=note,
        data={
            "files": [clean_filename(u.name) for u in uploads],
            "sha256": [digest for _u, _t, digest in checked],
        },
    )
    stored = []
    with _files_removed_on_error() as track:
        for upload, content_type, digest in checked:
            stored.append(_store_attachment(petition, event, upload, content_type, digest, actor))
            track(stored[-1])
    return stored


def can_reveal(actor) -> bool:
    return bool(staff_context(actor).roles & set(REVEAL_ROLES))


@transaction.atomic
def petitioner_reveal(
    *, actor, petition: Petition, petitioner: Petitioner, field: str, ip: str | None = None
) -> str:
    """Return one sensitive value in clear, logging who saw it. Refused outside scope or role."""
    if field not in RevealField.values:
        raise InvalidInput({"field": ["未知的字段。"]})
    if not can_see(actor, petition) or not petition.parties.filter(petitioner=petitioner).exists():
        raise NotVisible("未找到该信访人。")
    if not can_reveal(actor):
        raise PermissionDenied("您的角色不能查看完整的个人敏感信息。")
    RevealLog.objects.create(user=actor, petitioner=petitioner, petition=petition, field=field, ip=ip)
    audit_record(
        act=Act.REVEAL,
        actor=actor,
        object_type="petitions.petitioner",
        object_id=petitioner.pk,
        object_repr=petition.number,
        details={"field": field, "petition_id": petition.pk, "petition": petition.number},
    )
    return getattr(petitioner, field)
