r"""The Chinese catalogue of ``symnn lint``: the verdict words, the summary line and the usual
messages of a judged step (:mod:`symnn.documents`), for ``symnn lint --annotate OUT.pdf --lang zh``.

A message is translated piece by piece (its pieces are joined by ``": "``); a piece that is not
in the catalogue (a formula, a value) is kept as it is.  Merged into :mod:`symnn.latex.zh`.
"""

from __future__ import annotations

__all__ = ["EXACT", "TEMPLATES"]

EXACT: dict[str, str] = {
    "ok": "正确", "wrong": "错误", "rounding": "舍入", "unchecked": "未检验", "unreadable": "无法读取",
    "symnn lint: %s": "symnn lint：%s", "line %d": "第 %d 行",
    "%(file)s: %(ok)d ok, %(wrong)d wrong, %(rounding)d rounding, %(unchecked)d unchecked (%(steps)d steps)":
        "%(file)s：%(ok)d 步正确，%(wrong)d 步错误，%(rounding)d 步舍入，%(unchecked)d 步未检验（共 %(steps)d 步）",
    "the equation is false": "等式不成立", "arithmetic": "算术", "substitution": "代入", "exact": "精确",
    "the numbers are the values of the quantities": "这些数就是各量的值",
    "the two sides are the same expression once the definitions are substituted": "代入定义后两边是同一个表达式",
    "not read": "未能读取", "a derivative operator without a parenthesized operand": "求导算子后没有带括号的被求导式",
    "premature rounding": "过早舍入",
}

TEMPLATES: dict[str, str] = {
    "the left side is {} but the right side is {} (confirmed with {}-digit arithmetic)":
        "左边为 {0}，右边却为 {1}（经 {2} 位精度运算确认）",
    "the left side is {} but the right side is {}": "左边为 {0}，右边却为 {1}",
    "the value is {}, which is {} at the printed precision, not {}": "值为 {0}，按所印精度为 {1}，而不是 {2}",
    "{} rounded to the printed digits": "{0} 舍入到所印的位数",
    "differs at x = {}": "在 x = {0} 处不相等",
}
