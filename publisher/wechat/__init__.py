"""WeChat official-account (公众号) articles: one of the carriers of R-A1.

The build previews each article (`wechat/<key>.html`, `.json`); staff push them from the
bureau's registered machine and record what was published in `content/wechat/ledger.yaml`.
"""
