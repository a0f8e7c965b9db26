"""The benchmark text: an article written for the benchmarks (not from any real issue).

`article(n)` gives the n-th copy with every paragraph made distinct (a numbered
lead-in), so neither engine can reuse a paragraph it has already set.  Each copy
is about 1,000 characters: a title, a byline, three headings, eight paragraphs.
"""
from __future__ import annotations

TITLE = "以数字化转型带动区域创新能力整体提升的几点思考"
AUTHOR = "课题组"
AFFILIATION = "区域发展研究中心"

SECTIONS = [
    ("一、当前区域创新发展的基本态势", [
        "近年来，各地把创新摆在发展全局的核心位置，研发投入持续增加，创新平台数量稳步增长。"
        "2024年，全省研究与试验发展经费投入强度达到2.1%左右，比五年前提高0.6个百分点；"
        "高新技术企业总数突破1.2万家，科技型中小企业超过2.6万家。与此同时，创新要素在空间上"
        "仍然过于集中，省会城市集聚了全省一半以上的研发人员和重点实验室，多数县域的创新基础"
        "相对薄弱，产学研之间的衔接还不够顺畅，成果在本地转化的比例偏低。",
        "从产业结构看，传统产业比重依然较大，装备制造、食品加工、有色金属等行业的数字化水平"
        "参差不齐。一部分龙头企业已经建成覆盖研发、生产、销售全流程的数据平台，而大量中小企业"
        "还停留在单点应用阶段，只在财务、办公等环节使用信息系统，对工业互联网、人工智能等新技术"
        "的认识不足、投入有限，“不想转、不敢转、不会转”的问题比较突出。",
        "从外部环境看，新一轮科技革命和产业变革深入发展，数据成为新的生产要素，算力成为新的"
        "基础设施。谁能更快地把数字技术同实体经济结合起来，谁就能在新的区域竞争格局中赢得主动。"
        "这既是挑战，也是后发地区实现追赶的重要窗口期。",
    ]),
    ("二、制约数字化转型的主要因素", [
        "一是基础设施支撑不均衡。全省5G基站总数已超过15万个，但农村和偏远地区覆盖仍有短板；"
        "数据中心布局分散，算力资源利用率不高，部分园区的网络带宽难以满足工业级应用的需要。",
        "二是数据要素流通不畅。政府部门、公共机构和企业之间的数据标准不统一，共享机制不健全，"
        "“数据孤岛”现象依然存在。数据确权、定价、交易等制度尚在探索之中，企业开放数据的意愿"
        "不强，数据的价值没有得到充分释放。",
        "三是人才和服务供给不足。既懂行业工艺又懂信息技术的复合型人才十分紧缺，本地服务商多以"
        "软件销售和系统集成为主，能够提供诊断咨询、方案设计、长期运维的综合服务机构较少，中小企业"
        "找不到、用不起、用不好的情况较为普遍。",
    ]),
    ("三、推动区域创新能力提升的对策建议", [
        "第一，统筹布局新型基础设施。按照“适度超前、集约共享”的原则，推进千兆光网和5G网络向"
        "县城、乡镇延伸，建设一批面向重点产业集群的算力中心和工业互联网标识解析节点，降低企业"
        "使用网络和算力的门槛。对中小企业上云用数给予一定比例的费用补贴，形成可复制的推广模式。",
        "第二，健全数据要素市场。加快制定公共数据开放目录和分级分类标准，在交通、医疗、能源等"
        "领域率先开展授权运营试点；支持有条件的城市建设数据交易场所，探索“原始数据不出域、数据"
        "可用不可见”的流通方式，让数据在安全可控的前提下用起来、活起来。同时，要加强个人信息"
        "保护和数据安全监管，守住发展的底线。",
    ]),
]


# a table like those a real issue holds: a caption, a two-row header whose year cells
# span two columns, figures by region, a note (the numbers are made up for the benchmark)
TABLE_CAPTION = "2022—2024年部分地区创新投入主要指标"
TABLE_REGIONS = ["甲市", "乙市", "丙市", "丁市", "戊市", "己市"]
TABLE_YEARS = ["2022年", "2023年", "2024年"]
TABLE_NOTE = "资料来源：课题组根据公开资料整理，数据为示例。"


def table_rows(n: int) -> list[list[str]]:
    """The body rows of copy n's table: region, then R&D spending and intensity per year."""
    rows = []
    for i, region in enumerate(TABLE_REGIONS):
        cells = [region]
        for y in range(len(TABLE_YEARS)):
            base = 40 + 13 * i + 7 * y + n
            cells += [f"{base * 3.17:.2f}", f"{1.1 + 0.13 * i + 0.07 * y + 0.01 * n:.2f}"]
        rows.append(cells)
    return rows


def table_markdown(n: int) -> str:
    header = (["[{text: 地区, rows: 2}, " + ", ".join(f'{{text: "{y}", cols: 2}}' for y in TABLE_YEARS) + "]",
               "[" + ", ".join(["经费（亿元）", "强度（%）"] * len(TABLE_YEARS)) + "]"])
    rows = ["[" + ", ".join(f'"{c}"' for c in r) + "]" for r in table_rows(n)]
    return "\n".join(["```table", f"caption: {TABLE_CAPTION}（{n}）", "header:"]
                     + [f"  - {h}" for h in header] + ["rows:"] + [f"  - {r}" for r in rows]
                     + [f"note: {TABLE_NOTE}", "```", ""])


def table_typst(n: int, fonts: dict[str, str]) -> str:
    cols = 1 + 2 * len(TABLE_YEARS)
    head = (["table.cell(rowspan: 2)[地区]"] + [f"table.cell(colspan: 2)[{y}]" for y in TABLE_YEARS]
            + ["[经费（亿元）]", "[强度（%）]"] * len(TABLE_YEARS))
    body = [f"[{c}]" for r in table_rows(n) for c in r]
    return (f'#align(center, text(font: "{fonts["hei"]}", size: 9pt)[{TABLE_CAPTION}（{n}）])\n'
            f'#text(size: 9pt, table(columns: {cols}, align: center, stroke: 0.5pt,\n'
            f'  table.header({", ".join(head)}),\n  {", ".join(body)}))\n'
            f'#text(size: 8pt)[{TABLE_NOTE}]\n')


def article(n: int = 1) -> tuple[str, str, list[tuple[str, list[str]]]]:
    """(title, byline, sections) of copy n (1, 2, …), every paragraph distinct."""
    title = TITLE if n == 1 else f"{TITLE}（之{n}）"
    sections, k = [], 0
    for head, paras in SECTIONS:
        out = []
        for p in paras:
            k += 1
            out.append(p if n == 1 else f"第{n}篇第{k}段：{p}")
        sections.append((head, out))
    return title, f"{AUTHOR}（{AFFILIATION}）", sections


def markdown(n: int, tables: bool = False) -> str:
    """Copy n as a bulletin-press article file (`tables`: with its table, after the
    first section)."""
    title, _, sections = article(n)
    lines = ["---", f"title: {title}", f"author: {AUTHOR}", f"affiliation: {AFFILIATION}", "---", ""]
    for k, (head, paras) in enumerate(sections):
        lines += [f"## {head}", ""]
        for p in paras:
            lines += [p, ""]
        if tables and k == 0:
            lines += [table_markdown(n)]
    return "\n".join(lines)


def typst_source(copies: int, fonts: dict[str, str], tables: bool = False) -> str:
    """`copies` copies as a Typst document on the bulletin's page: A4, a text block
    42 characters × 40 lines of 五号 (10.5 pt on a 17.5 pt pitch), centred, 23 mm from
    the top; body in the Song face, headings in Hei, byline in Kai."""
    width, pitch, size = 42 * 10.5, 17.5, 10.5
    side = (595.276 - width) / 2
    bottom = 841.89 - 23 * 72 / 25.4 - 40 * pitch
    out = [
        f'#set page(paper: "a4", margin: (left: {side:.3f}pt, right: {side:.3f}pt, '
        f'top: 23mm, bottom: {bottom:.3f}pt))',
        f'#set text(font: "{fonts["song"]}", size: {size}pt, lang: "zh", region: "cn", '
        f'top-edge: 0.88em, bottom-edge: -0.12em)',
        f'#set par(justify: true, leading: {pitch - size}pt, spacing: {pitch - size}pt, '
        f'first-line-indent: (amount: 2em, all: true))',
        f'#show heading.where(level: 1): it => align(center, text(font: "{fonts["hei"]}", '
        f'size: 18pt, weight: "bold", it.body))',
        f'#show heading.where(level: 2): set text(font: "{fonts["hei"]}", size: 14pt, weight: "regular")',
        "",
    ]
    for n in range(1, copies + 1):
        title, byline, sections = article(n)
        out += [f"= {title}", "", f'#align(center, text(font: "{fonts["kai"]}", [{byline}]))', ""]
        for k, (head, paras) in enumerate(sections):
            out += [f"== {head}", ""]
            for p in paras:
                out += [p, ""]
            if tables and k == 0:
                out += [table_typst(n, fonts), ""]
    return "\n".join(out)
