"""The portal in the scope walk: its public pages answer anyone on purpose and hold no record in their URL; a
petition is reached only with its registration number and query code (kept in the session after the check)."""

PUBLIC = {
    "portal:home": "公众门户首页：任何人都可打开，不含任何事项数据",
    "portal:submit": "网上信访提交表单：公众无需登录",
    "portal:captcha": "验证码图片：公众无需登录",
    "portal:submitted": "提交结果：只显示本会话刚提交的编号和查询码（显示一次）",
    "portal:track": "查询表单：凭登记编号和查询码，错误时与不存在的编号回答相同",
    "portal:status": "办理进展：只显示本会话已核对查询码的事项，否则转到查询表单",
    "portal:reply": "答复意见书下载：只限本会话已核对查询码的事项，否则404",
    "portal:evaluate": "评价：只限本会话已核对查询码的事项",
    "portal:review": "申请复查/复核：只限本会话已核对查询码的事项",
    "portal:leave": "退出查询：清除本会话的核对状态",
    "portal-api:captcha": "接口：验证码",
    "portal-api:submit": "接口：网上信访提交（验证码、限流、幂等令牌）",
    "portal-api:track": "接口：凭登记编号和查询码查询",
    "portal-api:evaluate": "接口：凭登记编号和查询码评价",
    "portal-api:review": "接口：凭登记编号和查询码申请复查/复核",
}
