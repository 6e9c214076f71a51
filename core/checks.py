"""System checks for where files with personal data live (run by ``manage.py check`` and at start-up)."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register


def _inside(child: Path, parent: Path) -> bool:
    child, parent = child.resolve(), parent.resolve()
    return child == parent or parent in child.parents or child in parent.parents


@register(Tags.security)
def media_root_is_not_public(app_configs=None, **kwargs):
    """Attachments and uploaded ledgers (``MEDIA_ROOT``) must never be under a directory served as static files."""
    media = Path(settings.MEDIA_ROOT)
    public = [Path(settings.STATIC_ROOT)] if settings.STATIC_ROOT else []
    public += [Path(d[1] if isinstance(d, (tuple, list)) else d) for d in settings.STATICFILES_DIRS]
    return [
        Error(
            f"MEDIA_ROOT（{media}）与静态文件目录（{folder}）重叠：附件和台账文件会被当作静态文件公开。",
            hint="把 XINFANG_MEDIA_ROOT 设到静态文件目录之外。",
            id="core.E001",
        )
        for folder in public
        if _inside(media, folder)
    ]
