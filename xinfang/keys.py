"""Secrets for the embedded default.

Production passes every secret through the environment. The embedded default (a single office, the demo)
generates them once into ``var/secrets.json`` so a fresh checkout starts without configuration.
"""

import base64
import json
import os
import secrets
from pathlib import Path


def load_or_create(var_dir: Path) -> dict[str, str]:
    path = var_dir / "secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    var_dir.mkdir(parents=True, exist_ok=True)
    data = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "HASH_KEY": secrets.token_hex(32),
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2))
    tmp.chmod(0o600)
    tmp.replace(path)
    return data
