"""What a web worker loads before it serves: jieba's dictionary and TF-IDF table (about two seconds), the
current text model, the URL configuration, every template compiled and both languages' message catalogues;
then what it loaded is frozen out of the garbage collector's full collections.
Without it the first request each worker serves waits for them — about a second for the URLs and templates of
a list page alone, after every start and every recycling (``max_requests``), and at a few workers one request in
twenty of a short run. Called from gunicorn's ``post_worker_init`` (``xinfang/gunicorn_conf.py``); a failure is
logged and the worker serves anyway (loading then happens on first use, as before)."""

import gc
import logging
from contextlib import suppress
from pathlib import Path

logger = logging.getLogger(__name__)


def warm_up() -> None:
    from search import text

    text.warm_up()
    for step in (_urls, _templates, _catalogues, _text_model):
        try:
            step()
        except Exception:  # the database may not be up yet: /readyz reports that, the worker still starts
            logger.warning("%s not loaded at worker start", step.__name__.strip("_"), exc_info=True)
    # What is loaded now lives as long as the worker: about 330,000 objects (jieba's dictionary most of them),
    # which every full garbage collection would walk again — a 250 ms pause of every request in the worker,
    # every few dozen requests. Frozen, the collector leaves them out.
    gc.collect()
    gc.freeze()


def _urls() -> None:
    """Import every URL module and build the reverse maps, in each language (``reverse`` builds them lazily, one
    per language, and one resolver per namespace it is asked for)."""
    from django.conf import settings
    from django.urls import NoReverseMatch, get_resolver, reverse
    from django.utils import translation

    def namespaces(resolver, prefix=""):
        for name, (_pattern, sub) in resolver.namespace_dict.items():
            yield prefix + name
            yield from namespaces(sub, f"{prefix}{name}:")

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for namespace in ["", *namespaces(get_resolver())]:
                # no such name: the look-up still builds the namespace's resolver and maps
                with suppress(NoReverseMatch):
                    reverse(f"{namespace}:-warm-up-" if namespace else "-warm-up-")


def template_names() -> list[str]:
    """Every template of the project and its apps, by the name a view asks for."""
    from django.template import engines

    names = set()
    for engine in engines.all():
        for directory in engine.template_dirs:
            root = Path(directory)
            names.update(str(p.relative_to(root)) for p in root.rglob("*.html"))
    return sorted(names)


def _templates() -> None:
    """Compile every template once: the cached loader keeps them for the worker's life."""
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template

    for name in template_names():
        try:
            get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):  # a third-party file that is not a template
            continue


def _catalogues() -> None:
    from django.conf import settings
    from django.utils import translation

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("登记")


def _text_model() -> None:
    from textmodels.selectors import current_model
    from textmodels.store import bundle_of

    model = current_model()
    if model is not None:
        bundle_of(model)
