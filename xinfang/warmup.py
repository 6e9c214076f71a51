"""What a web worker loads before it serves: jieba's dictionary and TF-IDF table (about two seconds) and the
current text model. Without it the first petition page, search or registration each worker serves waits for
them — at two workers, one request in twenty of a short run. Called from gunicorn's ``post_worker_init``
(``xinfang/gunicorn_conf.py``); a failure is logged and the worker serves anyway (loading then happens on first
use, as before)."""

import logging

logger = logging.getLogger(__name__)


def warm_up() -> None:
    from search import text

    text.warm_up()
    try:
        from textmodels.selectors import current_model
        from textmodels.store import bundle_of

        model = current_model()
        if model is not None:
            bundle_of(model)
    except Exception:  # the database may not be up yet: /readyz reports that, the worker still starts
        logger.warning("text model not loaded at worker start", exc_info=True)
