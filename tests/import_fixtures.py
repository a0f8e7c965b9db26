"""Word files as contributors send them, written with python-docx for the import tests.

Everything Word does that python-docx has no API for (footnotes, automatic
numbering, tracked changes, fields, text boxes, merged cells by XML) is
written as the WordprocessingML Word itself writes.
"""
from __future__ import annotations

import copy
import io
import struct
import zlib
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt

WNS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def png_bytes(w: int = 960, h: int = 720, rgb=(200, 60, 60)) -> bytes:
    """A real PNG (no Pillow needed to make it), large enough for print at the size it is
    placed (a 40×30 px picture would be 13 ppi: the print PDF would refuse it)."""
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def add_runs(p, *parts):
    """parts: text, or (text, 'b'|'i'|'bi')."""
    for part in parts:
        text, fmt = (part, "") if isinstance(part, str) else part
        r = p.add_run(text)
        r.bold = "b" in fmt or None
        r.italic = "i" in fmt or None
    return p


def add_footnotes(doc, notes: dict[int, str]) -> None:
    """A footnotes part with w:footnote elements (ids from 1), as Word writes it."""
    body = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        for i, text in notes.items())
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {WNS}>'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
           f'</w:p></w:footnote>{body}</w:footnotes>').encode("utf-8")
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", xml,
                doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)


def footnote_ref(p, note_id: int) -> None:
    p._p.append(parse_xml(f'<w:r {WNS}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                          f'<w:footnoteReference w:id="{note_id}"/></w:r>'))


def add_numbering(doc) -> dict[str, int]:
    """Two automatic lists: 二、 (chineseCounting, starting at 2) with （一） under it, and 1. (decimal)."""
    numbering = doc.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {WNS} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="2"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(
        f'<w:abstractNum {WNS} w:abstractNumId="91"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'))
    # w:num elements must follow every w:abstractNum
    numbering.append(parse_xml(f'<w:num {WNS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(parse_xml(f'<w:num {WNS} w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))
    return {"cn": 90, "dec": 91}


def numbered(p, num_id: int, level: int = 0):
    ppr = p._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {WNS}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return p


def merge_cells(table, spec):
    """spec: (row, col, 'span', n) or (row, col, 'restart'|'continue')."""
    for r, c, kind, *n in spec:
        tc = table.rows[r].cells[c]._tc
        tcpr = tc.get_or_add_tcPr()
        if kind == "span":
            tcpr.append(parse_xml(f'<w:gridSpan {WNS} w:val="{n[0]}"/>'))
        elif kind == "restart":
            tcpr.append(parse_xml(f'<w:vMerge {WNS} w:val="restart"/>'))
        else:
            tcpr.append(parse_xml(f'<w:vMerge {WNS}/>'))


def raw_table(doc, rows_xml: str):
    """A table written as Word's XML (rows of w:tc with gridSpan / vMerge)."""
    tbl = parse_xml(f'<w:tbl {WNS}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
                    f'</w:tblPr>{rows_xml}</w:tbl>')
    doc.element.body.insert(len(doc.element.body) - 1, tbl)


def tc(text: str, span: int = 1, vmerge: str | None = None, bold: bool = False) -> str:
    pr = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + (
        '<w:vMerge w:val="restart"/>' if vmerge == "restart" else "<w:vMerge/>" if vmerge else "")
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    run = f'<w:r>{rpr}<w:t xml:space="preserve">{xml_escape(text)}</w:t></w:r>' if text else ""
    return f"<w:tc><w:tcPr>{pr}</w:tcPr><w:p>{run}</w:p></w:tc>"


def speech_docx(path: Path) -> Path:
    """A speech: Title style, 'affiliation　name' byline, typed and styled headings,
    bold run-ins split over runs, full-width indents, a merged-header table with a
    caption and a source line, a picture with its caption, footnotes, Word's
    automatic numbering, a tracked change, a comment and a hyperlink field."""
    doc = Document()
    doc.styles["Normal"].font.size = Pt(12)
    nums = add_numbering(doc)
    doc.add_paragraph("以数字化转型推动县域经济高质量发展", style="Title")
    p = doc.add_paragraph("河南中原创新发展研究院副院长　张明远")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_runs(doc.add_paragraph(), "　　县域是国家治理的基本单元，也是", ("数 字 化", ""),
             "转型的主战场。\n近年来，全省县域经济总量持续扩大", )
    fp = add_runs(doc.add_paragraph(), "\t2023年，全省县域生产总值占全省的比重接近六成")
    footnote_ref(fp, 1)
    add_runs(fp, "，县域数字经济增速高于全省平均水平。")
    add_runs(doc.add_paragraph(), ("一、县域数字化转型的主要进展", "b"))
    doc.add_paragraph("（一）数字基础设施加快完善", style="Heading 2")
    add_runs(doc.add_paragraph(), ("光纤网络", "b"), (" ", "b"), ("覆盖所有行政村。", "b"),
             "截至2023年底，全省县域5G基站数量较上年增长", ("三成", "b"), "以上，",
             ("智慧城市", "i"), "建设稳步推进。")
    add_runs(doc.add_paragraph(), "1.智能工厂建设提速")
    add_runs(doc.add_paragraph(), "2.加强组织领导。各县（市）要建立工作专班，明确责任分工。")
    add_runs(doc.add_paragraph(), "【典型案例】某县依托产业园区建设数字化车间，产品不良率下降两成。")
    add_runs(doc.add_paragraph(), "表1 2023年部分县（市）数字经济主要指标")
    raw_table(doc,
              "<w:tr><w:trPr><w:tblHeader/></w:trPr>" + tc("县（市）", vmerge="restart", bold=True)
              + tc("数字经济规模", span=2, bold=True) + tc("区号", vmerge="restart", bold=True) + "</w:tr>"
              "<w:tr><w:trPr><w:tblHeader/></w:trPr>" + tc("", vmerge="continue") + tc("总量（亿元）")
              + tc("增速（%）") + tc("", vmerge="continue") + "</w:tr>"
              "<w:tr>" + tc("巩义市") + tc("186.40") + tc("12.30") + tc("0371") + "</w:tr>"
              "<w:tr>" + tc("长垣市") + tc("152.75") + tc("9.8") + tc("0373") + "</w:tr>")
    add_runs(doc.add_paragraph(), "资料来源：课题组根据各县（市）统计公报整理。")
    numbered(add_runs(doc.add_paragraph(), ("存在的主要问题", "b")), nums["cn"], 0)
    numbered(add_runs(doc.add_paragraph(), "人才支撑不足"), nums["cn"], 1)
    add_runs(doc.add_paragraph(), "县域普遍面临数字人才“引不进、留不住”的难题")
    footnote_ref(doc.paragraphs[-1], 2)
    add_runs(doc.paragraphs[-1], "。")
    numbered(add_runs(doc.add_paragraph(), "培训体系还不健全"), nums["dec"], 0)
    numbered(add_runs(doc.add_paragraph(), "企业参与培训的积极性不高，课程与岗位需求脱节。"), nums["dec"], 0)
    pic = doc.add_paragraph()
    pic.add_run().add_picture(io.BytesIO(png_bytes()), width=Pt(120))
    doc.add_paragraph("图1 某县数字经济产业园一角")
    tp = add_runs(doc.add_paragraph(), "下一步，要")
    tp._p.append(parse_xml(f'<w:del {WNS} w:id="1" w:author="编辑" w:date="2025-01-01T00:00:00Z"><w:r>'
                           '<w:delText>尽快</w:delText></w:r></w:del>'))
    tp._p.append(parse_xml(f'<w:ins {WNS} w:id="2" w:author="编辑" w:date="2025-01-01T00:00:00Z"><w:r>'
                           '<w:t>持续</w:t></w:r></w:ins>'))
    add_runs(tp, "完善政策体系，详见")
    tp._p.append(parse_xml(
        f'<w:r {WNS}><w:fldChar w:fldCharType="begin"/></w:r>'))
    tp._p.append(parse_xml(
        f'<w:r {WNS}><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/plan" </w:instrText></w:r>'))
    tp._p.append(parse_xml(f'<w:r {WNS}><w:fldChar w:fldCharType="separate"/></w:r>'))
    tp._p.append(parse_xml(f'<w:r {WNS}><w:t>省级行动方案</w:t></w:r>'))
    tp._p.append(parse_xml(f'<w:r {WNS}><w:fldChar w:fldCharType="end"/></w:r>'))
    add_runs(tp, "。")
    doc.add_comment(tp.runs[0], text="这里的提法请再核实", author="审稿人")
    doc.add_paragraph("")
    add_footnotes(doc, {1: "数据来源于省统计局2024年发布的统计年鉴。",
                        2: "课题组2024年对10个县（市）的问卷调查。"})
    doc.save(path)
    return path


def report_docx(path: Path) -> Path:
    """A report: bold centred title (no Title style), a names byline, Word heading
    styles without typed numbers, a plain table, and a closing （作者：…）."""
    doc = Document()
    t = add_runs(doc.add_paragraph(), ("县域商业体系建设的调查与思考", "b"))
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    t.runs[0].font.size = Pt(18)
    add_runs(doc.add_paragraph(), "李晓东　王芳").alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_runs(doc.add_paragraph(), "　　县域商业是畅通国内大循环的重要节点。")
    doc.add_paragraph("发展现状", style="Heading 1")
    add_runs(doc.add_paragraph(), "　　", ("网点布局持续优化。", "b"), "乡镇商贸中心覆盖率稳步提高。")
    doc.add_paragraph("流通网络", style="Heading 2")
    add_runs(doc.add_paragraph(), "物流配送体系逐步健全，快递进村比例明显上升。")
    table = doc.add_table(rows=3, cols=3)
    for r, row in enumerate([["项目", "2022年", "2023年"], ["乡镇商贸中心（个）", "412", "468"],
                             ["村级物流站点（个）", "8,260", "9,315"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    add_runs(doc.add_paragraph(), "（作者：河南省商务研究所研究员）")
    doc.save(path)
    return path


NS_ALL = (f'{WNS} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:v="urn:schemas-microsoft-com:vml"')


def messy_docx(path: Path) -> Path:
    """Word's real-world mess: empty paragraphs and a small label above a large
    (not bold, not centred) title, a —— subtitle, a text box (DrawingML with its
    VML fallback), a hyperlink element, a content control, hidden text, a
    Wingdings symbol, a page break, a bullet list, an endnote."""
    doc = Document()
    doc.add_paragraph("")
    doc.add_paragraph("专报")
    t = doc.add_paragraph("")
    t.add_run("扎实推进县域经济高质量发展").font.size = Pt(22)
    doc.add_paragraph("——在全省县域经济工作会议上的讲话")
    doc.add_paragraph("王建国")
    doc.add_paragraph("")
    doc.add_paragraph("一、总体要求", style="Heading 1")
    p = add_runs(doc.add_paragraph(), "详细情况可查阅")
    p._p.append(parse_xml(f'<w:hyperlink {WNS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                          'relationships" w:history="1"><w:r><w:t>省政府网站</w:t></w:r></w:hyperlink>'))
    p._p.append(parse_xml(f'<w:r {WNS}><w:rPr><w:vanish/></w:rPr><w:t>隐藏的批注文字</w:t></w:r>'))
    p._p.append(parse_xml(f'<w:r {WNS}><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>'))
    p._p.append(parse_xml(f'<w:r {WNS}><w:t>。</w:t><w:br w:type="page"/></w:r>'))
    p._p.append(parse_xml(f'<w:r {WNS}><w:endnoteReference w:id="1"/></w:r>'))
    fp = add_runs(doc.add_paragraph(), "编号")
    for xml in ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
                '<w:r><w:instrText xml:space="preserve"> REF _Ref1 \\h </w:instrText></w:r>',
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', '<w:r><w:t>表2</w:t></w:r>',
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
                '<w:fldSimple w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple>'):
        fp._p.append(parse_xml(xml.replace("<w:r>", f"<w:r {WNS}>", 1).replace(
            "<w:fldSimple ", f"<w:fldSimple {WNS} ")))
    add_runs(fp, "见上文。")
    box = ('<w:txbxContent><w:p><w:r><w:t>文本框里的说明文字。</w:t></w:r></w:p></w:txbxContent>')
    anchor = add_runs(doc.add_paragraph(), "正文段落带一个文本框。")
    anchor._p.append(parse_xml(
        f'<w:r {NS_ALL}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
        f'<a:graphic><a:graphicData><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData>'
        f'</a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box}'
        '</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    sdt = parse_xml(f'<w:sdt {WNS}><w:sdtPr><w:alias w:val="正文"/></w:sdtPr><w:sdtContent><w:p><w:r>'
                    '<w:t>内容控件里的一段话。</w:t></w:r></w:p></w:sdtContent></w:sdt>')
    doc.element.body.insert(len(doc.element.body) - 1, sdt)
    bullets = doc.add_paragraph("第一项要点", style="List Bullet")
    doc.add_paragraph("第二项要点", style="List Bullet")
    assert bullets.style.name == "List Bullet"
    doc.add_paragraph("")
    doc.add_paragraph("")
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:endnotes {WNS}>'
           '<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>'
           '<w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t xml:space="preserve"> 尾注的内容。'
           '</w:t></w:r></w:p></w:endnote></w:endnotes>').encode("utf-8")
    part = Part(PackURI("/word/endnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml", xml,
                doc.part.package)
    doc.part.relate_to(part, RT.ENDNOTES)
    doc.save(path)
    return path


def docx_from_article(article, path: Path, *, styled_headings: bool = False) -> Path:
    """An article of the model written back as a contributor's Word file: the title
    bold and centred, the byline, paragraphs indented with full-width spaces, bold
    runs, headings typed as bold lines (or in heading styles), tables with merged
    cells, figures with their captions under them."""
    from bulletin_press import model as m
    doc = Document()
    t = add_runs(doc.add_paragraph(), (article.title, "b"))
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    byline = "　".join(article.authors)
    if article.affiliation_at == "byline" and article.affiliation:
        byline = f"{article.affiliation}　{byline}"
    doc.add_paragraph(byline).alignment = WD_ALIGN_PARAGRAPH.CENTER

    def runs(p, rs):
        for r in rs:
            add_runs(p, (r.text, ("b" if r.bold else "") + ("i" if r.italic else "")))

    for b in article.blocks:
        if isinstance(b, m.Paragraph):
            p = doc.add_paragraph("　　")
            runs(p, b.runs)
        elif isinstance(b, m.Heading):
            if styled_headings:
                runs(doc.add_paragraph(style=f"Heading {b.level}"), b.runs)
            else:
                runs(doc.add_paragraph(), [m.Run(r.text, bold=True) for r in b.runs])
        elif isinstance(b, m.Table):
            if b.caption:
                cap = doc.add_paragraph()
                cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
                runs(cap, b.caption)
            grid = b.header + b.rows
            rows_xml, taken = "", set()
            for r, row in enumerate(grid):
                cells, c = "", 0
                it = iter(row)
                width = sum(x.cols for x in grid[0])
                while c < width:
                    if (r, c) in taken:
                        cells += tc("", vmerge="continue")
                        c += 1
                        continue
                    cell = next(it)
                    for dr in range(1, cell.rows):
                        taken.add((r + dr, c))
                    cells += tc("".join(x.text for x in cell.runs), span=cell.cols,
                                vmerge="restart" if cell.rows > 1 else None)
                    c += cell.cols
                head = "<w:trPr><w:tblHeader/></w:trPr>" if r < len(b.header) else ""
                rows_xml += f"<w:tr>{head}{cells}</w:tr>"
            raw_table(doc, rows_xml)
            if b.note:
                runs(doc.add_paragraph(), b.note)
        elif isinstance(b, m.Figure):
            doc.add_paragraph().add_run().add_picture(str(b.path), width=Pt(200))
            cap = doc.add_paragraph()
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
            runs(cap, b.caption)
    if article.affiliation_at != "byline" and article.affiliation:
        doc.add_paragraph(f"（作者：{article.affiliation}）")
    doc.save(path)
    return path
