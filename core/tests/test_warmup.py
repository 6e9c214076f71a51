"""A web worker loads jieba's dictionary and the current text model before it serves (gunicorn's
``post_worker_init``), so no visitor's request waits for them."""

import gc
import runpy
from pathlib import Path

import jieba
import pytest

from textmodels import store
from textmodels.tests.helpers import make_model

CONF = Path(__file__).resolve().parents[2] / "xinfang" / "gunicorn_conf.py"


@pytest.fixture(autouse=True)
def _unfreeze():
    yield
    gc.unfreeze()  # the warm-up freezes what it loaded; the test process goes on collecting as before


@pytest.mark.django_db
def test_a_worker_loads_jieba_and_the_text_model_before_serving():
    model = make_model()
    store.forget()
    conf = runpy.run_path(str(CONF))
    conf["post_worker_init"](None)
    assert store._loaded["pk"] == model.pk  # loaded: the first suggestion panel reads no payload
    assert jieba.dt.initialized


@pytest.mark.django_db
def test_a_worker_starts_without_a_text_model():
    store.forget()
    runpy.run_path(str(CONF))["post_worker_init"](None)
    assert store._loaded["pk"] is None


@pytest.mark.django_db
def test_after_warm_up_the_first_page_builds_no_url_map_and_compiles_no_template(
    client, province, monkeypatch
):
    from django.template import base, engines
    from django.urls import clear_url_caches, resolvers

    clear_url_caches()
    for engine in engines.all():
        for loader in engine.engine.template_loaders:
            loader.reset()
    store.forget()
    runpy.run_path(str(CONF))["post_worker_init"](None)
    built, compiled = [], []
    populate, parse = resolvers.URLResolver._populate, base.Template.compile_nodelist
    monkeypatch.setattr(resolvers.URLResolver, "_populate", lambda self: built.append(self) or populate(self))
    monkeypatch.setattr(base.Template, "compile_nodelist", lambda self: compiled.append(self) or parse(self))
    client.force_login(province.liangzhou_clerk)
    for path in ("/petitions/", "/handling/worklists/mine/", "/"):
        assert client.get(path).status_code == 200
    assert built == [] and compiled == []


@pytest.mark.django_db
def test_a_worker_says_when_it_is_ready():
    from types import SimpleNamespace
    from unittest import mock

    worker = SimpleNamespace(pid=4242, log=mock.Mock())
    runpy.run_path(str(CONF))["post_worker_init"](worker)
    message, pid, _seconds = worker.log.info.call_args.args
    assert "warmed up" in message and pid == 4242  # bench/run.py waits for one such line per worker


@pytest.mark.django_db
def test_what_a_worker_loaded_is_left_out_of_full_garbage_collections():
    gc.unfreeze()
    runpy.run_path(str(CONF))["post_worker_init"](None)
    assert gc.get_freeze_count() > 100_000  # jieba's dictionary, the templates, the URL maps …
    assert not any(isinstance(o, dict) and len(o) > 300_000 for o in gc.get_objects())  # … not walked again
