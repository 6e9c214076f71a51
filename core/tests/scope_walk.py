"""Core's public routes for the scope walk (core/testing/scope_walk.py)."""

PUBLIC = {
    "healthz": "进程探针：只回答 ok，不含任何数据",
    "readyz": "就绪探针：只回答数据库、缓存和消息队列是否可用",
}
