"""Justification quality on realistic prose: extra space between Han characters.

Run with -s to see the distribution.
"""
from __future__ import annotations

from engine_support import make_style

from bulletin_press.model import Run
from bulletin_press.typeset import chars as C
from bulletin_press.typeset.paragraph import layout_paragraph

PROSE = [
    "从近三年的监测数据看，全省数字经济核心产业增加值年均增长11.6%，高于同期GDP增速约5个百分点；"
    "其中，软件和信息技术服务业营业收入突破1,200亿元，集成电路、新型显示等领域的规上企业数量由2021年的"
    "186家增加到2024年的263家。与此同时，我们也注意到，部分地市的“数字化转型”仍停留在“上云用数”的初级阶段，"
    "企业对工业互联网平台（IIoT）的应用深度不够，数据要素的价值远未充分释放。课题组在调研中发现，一家年产值"
    "约3.5亿元的汽车零部件企业，引入MES系统后生产效率提高了18.2%，不良品率下降了2.7个百分点——但这样的"
    "案例在中小企业中还不多见。究其原因，既有资金和人才的约束，也有“不愿转、不敢转、不会转”的观念障碍。",
    "国际经验表明，创新生态的形成往往需要十年以上的持续投入。以德国的“工业4.0”战略为例，自2013年正式提出以来，"
    "联邦政府通过Plattform Industrie 4.0协调企业、高校与行业协会，累计发布标准化路线图、参考架构模型"
    "（RAMI 4.0）等成果数十项。美国则依托NIST与制造业创新网络（Manufacturing USA），形成了“政府引导、"
    "企业主导、大学参与”的格局。对河南而言，关键不在于照搬某一种模式，而在于结合自身的产业基础，找准切入点："
    "一是以郑州、洛阳为核心，建设具有区域影响力的创新策源地；二是以县域特色产业集群为依托，推动“链主”企业带动"
    "上下游协同创新；三是完善科技金融体系，用好天使投资、风险投资和知识产权质押融资等工具，让“耐心资本”真正"
    "发挥作用。",
    "低空经济是近年来兴起的新赛道。据不完全统计，2024年我国低空经济规模已超过5,000亿元，预计到2030年有望"
    "达到2万亿元。无人机物流、城市空中交通（UAM）、农林植保、应急救援等应用场景不断拓展，eVTOL（电动垂直"
    "起降飞行器）的适航审定工作也在稳步推进。河南地处中原，空域资源相对丰富，具备发展通用航空和低空经济的"
    "先天条件；安阳、郑州等地已经开展了无人机产业园和低空飞行服务站的建设试点。下一步，应当在空域管理改革、"
    "基础设施布局、标准体系建设和安全监管等方面先行先试，力争在“低空+物流”“低空+文旅”等细分领域形成一批"
    "可复制、可推广的经验。当然，也要清醒地看到，低空经济的发展还面临法规滞后、商业模式不清晰等问题，"
    "切不可“一哄而上”。",
    "人工智能正在深刻改变知识生产和传播的方式。以大语言模型（LLM）为代表的生成式AI，在文本撰写、代码生成、"
    "数据分析等方面展现出惊人的能力；据某咨询机构测算，到2030年，生成式AI每年可为全球经济贡献2.6万亿至4.4万亿"
    "美元的价值。然而，技术的快速迭代也带来了新的挑战：算力资源高度集中，高质量中文语料相对稀缺，模型的"
    "“幻觉”问题尚未根本解决，数据安全和个人隐私保护面临新的风险。我们建议，一要加快建设区域性智能算力中心，"
    "推动“东数西算”工程在河南落地见效；二要围绕装备制造、现代农业、医疗健康等优势领域，打造一批行业大模型和"
    "典型应用场景；三要加强人工智能伦理治理，建立健全算法备案、安全评估等制度，确保人工智能安全、可靠、可控。",
    "回顾过去，研究会始终把服务决策作为立会之本。2019—2024年，研究会共完成省级以上课题47项，形成研究报告"
    "120余篇，其中32篇获得省领导肯定性批示，一批建议被吸收进《河南省“十四五”科技创新和一流创新生态建设规划》"
    "等政策文件。展望未来，我们将坚持“小切口、深研究、真管用”的原则，聚焦新质生产力、现代化产业体系、区域"
    "协调发展等重大问题，持续推出高质量的研究成果，努力把研究会建设成为全省有影响力的新型智库。",
]


def han_gaps(lines, size):
    """Largest extra space (em) between two adjacent Han characters, per spread line."""
    out = []
    for ln in lines:
        if not ln.justified:
            continue
        glyphs = ln.glyphs
        worst = 0.0
        for a, b in zip(glyphs, glyphs[1:]):
            if C.cls(a.ch) == C.HAN and C.cls(b.ch) == C.HAN:
                extra = (b.x - a.x) / size - a.face.advance(a.ch)
                worst = max(worst, extra)
        out.append(worst)
    return out


def test_han_gap_distribution():
    style, fonts = make_style()
    size = style.body.size
    gaps = []
    for width in (40, 33, 24):
        for p in PROSE:
            lines = layout_paragraph([Run(p)], style.body, style, fonts, width * size, 2)
            gaps += han_gaps(lines, size)
    gaps.sort()
    n = len(gaps)
    under = sum(1 for g in gaps if g <= 0.05 + 1e-6)   # at the limit, up to rounding
    zero = sum(1 for g in gaps if g < 1e-6)
    print(f"\n{n} spread lines: {zero} with no extra Han spacing, {under} under 0.05 em, "
          f"median {gaps[n // 2]:.4f}, p99 {gaps[int(n * 0.99)]:.4f}, max {gaps[-1]:.4f} em")
    assert under >= 0.99 * n
    assert gaps[-1] < 0.1


def test_pure_han_lines_need_no_spreading():
    style, fonts = make_style()
    text = "新质生产力的核心要素是科技创新特别是原创性颠覆性科技创新" * 8
    lines = layout_paragraph([Run(text)], style.body, style, fonts, style.text_width, 2)
    assert max(han_gaps(lines, style.body.size)) < 1e-9
    assert all(len(ln.text) == 40 for ln in lines[1:-1])
