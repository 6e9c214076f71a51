"""A trained bundle (kind → fitted pipeline) to bytes and back, and the process-wide copy of the current one.

The bytes are sealed with an HMAC under the installation's field hash key: a row that was not written by this
installation's ``textmodel train`` (or was altered in the database) is refused before anything is unpickled.
The current model is loaded once per process and replaced when a newer version appears, so a suggestion costs
one small query (which version is current) and the prediction itself.
"""

import hashlib
import hmac
import io
import threading

import joblib
from django.conf import settings

from textmodels.models import TextModel


class ModelUnavailable(Exception):
    pass


def _seal(payload: bytes) -> str:
    key = ("textmodels:" + settings.FIELD_HASH_KEY).encode()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def dumps(bundle: dict) -> tuple[bytes, str]:
    buffer = io.BytesIO()
    joblib.dump(bundle, buffer, compress=3)
    payload = buffer.getvalue()
    return payload, _seal(payload)


def loads(payload: bytes, digest: str) -> dict:
    if not hmac.compare_digest(_seal(bytes(payload)), digest or ""):
        raise ModelUnavailable("模型数据校验失败（不是本系统训练的模型或已被改动），请重新训练。")
    # sealed above with this installation's key: only bytes this installation wrote are unpickled
    return joblib.load(io.BytesIO(bytes(payload)))  # noqa: S301


_lock = threading.Lock()
_loaded: dict = {"pk": None, "bundle": None}


def bundle_of(model: TextModel) -> dict:
    """The fitted pipelines of ``model`` (a row loaded without its payload is fine), loaded once per process."""
    if _loaded["pk"] == model.pk:
        return _loaded["bundle"]
    with _lock:
        if _loaded["pk"] != model.pk:
            row = TextModel.objects.only("payload", "digest").get(pk=model.pk)
            _loaded["bundle"] = loads(row.payload, row.digest)
            _loaded["pk"] = model.pk
        return _loaded["bundle"]


def forget() -> None:
    with _lock:
        _loaded["pk"], _loaded["bundle"] = None, None
