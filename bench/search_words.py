"""The keyword-search queries the benchmarks ask (``search_bench.py`` in process, ``run.py`` over HTTP): five each
of one, two and three words, common in petitions and in their combinations."""

QUERIES = {
    1: ["执行", "工程款", "民警", "赔偿", "征收"],
    2: ["执行款 不到位", "拆迁 补偿", "借款 纠纷", "法院 判决", "派出所 不立案"],
    3: ["判决 再审 证据", "土地 征收 补偿", "工资 拖欠 农民工", "执行 法院 拖欠", "民警 态度 恶劣"],
}
