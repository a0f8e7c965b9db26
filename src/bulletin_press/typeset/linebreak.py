"""Total-fit line breaking for Chinese text with punctuation compression.

The paragraph is a sequence of units (see shaping).  A line from unit i to
unit j-1 has a natural width that uses the blanks a mark keeps at the line
edges (a closing mark at line end may be half width, an opening mark at line
start may be), some punctuation blank it may give up (push-in, 推入), and a
gap count over which missing width is spread (push-out, 推出, leaves the line
short by the characters moved down).

Breaks are chosen over the whole paragraph by dynamic programming over break
positions (Knuth–Plass without fitness classes; the text block is a whole
number of ems, so most lines fit exactly and only a handful of candidate ends
per start are ever feasible).  Which lines are acceptable, and what each costs,
does not depend on the page engine's line penalty: they are found once per
segment and measure (`_candidates`, kept on the Prefix) and the tighter and
looser settings only choose among them again.  Line cost, in the order the
rules prefer:

  exact fit                                  0
  push-in: compress punctuation blank s     10·(s/shr)² + 2·s     (shr: compressible)
  spread, g em per gap between characters   100·(g/max_han_gap)²  (push-out)
    … beyond max_han_gap                     + 1500·(g/max_han_gap − 1)
  shrink Latin spaces / Han–Latin gaps      12 + … (only after punctuation)
  a break the shaper prices (pen)           + pen                 (8387|家, a title's phrase)
  last line with fewer than two characters  +6000 (孤字)
  every line of ragged text                 +100

A spread line's slack goes to all its gaps at once (see `spread`): a gap between
characters takes g, a Han–Latin gap 1.5·g up to its stretch limit (3/8 em in
all), a Latin word space 2·g.  So a line is never loosened in its Han–Latin gaps
alone: 0.02 em between Han characters is invisible, 0.5 em beside a digit is not.

A gap wider than 2·max_han_gap is infeasible unless no other choice exists
(4·max_han_gap in the last two lines' worth of text, where a wider line can
save the paragraph from a lonely last character).
"""
from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate
from operator import add

from .shaping import G_HL, G_TIGHT, GAP_WEIGHT, Shaped

INF = float("inf")
LONELY_PENALTY = 6000.0
# a gap wider than max_han_gap costs this much more per max_han_gap beyond it
OVER_LIMIT = 1500.0
# ragged text (titles, headings, cells) pays this per line, so that it prefers
# fewer lines to a break at a better phrase boundary
RAGGED_LINE = 100.0
EPS = 1e-6
assert GAP_WEIGHT[G_TIGHT] == 0.0    # Prefix adds a tight gap's weight: it must change nothing


def spread(d: float, sw: float, hw: float, hc: float) -> float:
    """The extra width g of a gap between characters when a line is `d` em short:
    gaps of total weight `sw`, of which Han–Latin gaps weigh `hw` and may take
    `hc` em at most (all Han–Latin gaps of a paragraph have the same limit)."""
    if d <= EPS:
        return 0.0
    if sw <= 0:
        return INF
    g = d / sw
    if hw > 0 and g * hw > hc + EPS:
        rest = sw - hw
        return (d - hc) / rest if rest > EPS else INF
    return g


class Prefix:
    """Prefix sums over a shaped paragraph, shared by the breaker and justifier;
    `cand` keeps the breaker's candidate lines of each segment and measure."""

    __slots__ = ("P", "PS", "Q", "SW", "HW", "HC", "N", "CH", "cand")

    def __init__(self, sh: Shaped):
        n = sh.n
        # running sums (accumulate adds in order, as a loop over the units would)
        gkind = sh.gkind[:n]
        wt = GAP_WEIGHT                 # a tight gap weighs 0.0: adding it changes no sum
        hl = wt[G_HL]
        self.P = list(accumulate(map(add, sh.gnat[:n], sh.w[:n]), initial=0.0))
        self.PS = list(accumulate(map(add, sh.lb[:n], sh.rb[:n]), initial=0.0))
        self.Q = list(accumulate(sh.gsh2[:n], initial=0.0))
        self.SW = list(accumulate(map(wt.__getitem__, gkind), initial=0.0))
        self.HW = list(accumulate([hl if g == G_HL else 0.0 for g in gkind], initial=0.0))
        self.HC = list(accumulate([x if g == G_HL else 0.0 for g, x in zip(gkind, sh.gst1)],
                                  initial=0.0))
        self.N = list(accumulate(map(G_TIGHT.__ne__, gkind), initial=0))
        self.CH = list(accumulate(sh.nch[:n], initial=0))
        self.cand = {}


def line_metrics(sh: Shaped, pre: Prefix, i: int, j: int):
    """(natural width, punctuation shrink, other shrink, gap weight, Han–Latin
    weight, Han–Latin stretch limit, gaps) of line i..j-1."""
    P, PS, Q, N = pre.P, pre.PS, pre.Q, pre.N
    nat = P[j] - P[i] - sh.gnat[i] + (sh.slb[i] - sh.lb[i]) + (sh.erb[j - 1] - sh.rb[j - 1])
    shr = PS[j] - PS[i] - sh.lb[i] - sh.rb[j - 1]
    sh2 = Q[j] - Q[i] - sh.gsh2[i]
    gk = sh.gkind[i]
    w0 = GAP_WEIGHT[gk]
    sw = pre.SW[j] - pre.SW[i] - w0
    hw = pre.HW[j] - pre.HW[i] - (w0 if gk == G_HL else 0.0)
    hc = pre.HC[j] - pre.HC[i] - (sh.gst1[i] if gk == G_HL else 0.0)
    gaps = N[j] - N[i] - (1 if gk != G_TIGHT else 0)
    return nat, shr, sh2, sw, hw, hc, gaps


def break_lines(sh: Shaped, width_first: float, width: float, *, justify: bool = True,
                max_gap: float = 0.05, lonely: bool = True, pre: Prefix | None = None,
                line_penalty: float = 0.0, costs: list | None = None):
    """Choose line breaks.  Widths in em.  Returns [(i, j, segment_end)] unit ranges.

    `line_penalty` is added to every line's cost (the page engine's 伸缩行: a
    positive one asks for fewer lines, a negative one for more); `costs`, when
    given, receives the cost of each segment's breaks without that penalty."""
    n = sh.n
    if n == 0:
        return []
    if pre is None:
        pre = Prefix(sh)
    if not line_penalty and costs is None and one_line(sh, pre, width_first):
        return [(0, n, True)]
    bounds = [0] + [f for f in sh.forced if 0 < f < n] + [n]
    out = []
    for a, b in zip(bounds, bounds[1:]):
        if a >= b:
            continue
        lines = _segment(sh, pre, a, b, width_first if a == 0 else width, width, justify,
                         max_gap, lonely and b == n, line_penalty, costs)
        for (i, j) in lines:
            out.append((i, j, j == b))
    return out


def one_line(sh: Shaped, pre: Prefix, width_first: float) -> bool:
    """Does the whole text fit the first line at its natural width, so that the
    breaker's answer is one line, known without running it?  (A table cell, a short
    heading.)  It is when `_candidates` would find the line 0..n short of the measure
    (the same test: no unit end at or past the measure) and nothing forces a break:
    that line costs 0 (+ RAGGED_LINE), and every other way costs at least as much
    (all costs are >= 0 when no break's price `pen` is negative) and is found after it,
    so the dynamic programming keeps it."""
    n = sh.n
    P = pre.P
    base = P[0] + sh.gnat[0] - (sh.slb[0] - sh.lb[0])
    if bisect_left(P, base + width_first - 1e-9, 1, n + 1) <= n:
        return False
    return not any(0 < f < n for f in sh.forced) and min(sh.pen) >= 0.0


def _segment(sh, pre, a, b, W1, W, justify, maxg, lonely, lpen=0.0, costs=None):
    """The best breaks of units a..b-1: the candidate lines (`_candidates`, kept on
    `pre` for the page engine's tighter and looser settings of the same text) chosen
    from by dynamic programming."""
    key = (a, b, W1, W, justify, maxg, lonely)
    cand = pre.cand.get(key)
    if cand is None:
        cand = pre.cand[key] = _candidates(sh, pre, a, b, W1, W, justify, maxg, lonely)
    per_line = 0.0 if justify else RAGGED_LINE
    best = [INF] * (b + 1)
    prev = [a] * (b + 1)
    best[a] = 0.0
    # every start comes after all the lines that reach it: relax in order
    edges = iter(cand)
    for i, j, cost in zip(edges, edges, edges):
        c = best[i] + cost + per_line + lpen
        if c < best[j]:
            best[j] = c
            prev[j] = i
    if costs is not None:
        costs.append(best[b] - lpen * _count(prev, a, b))
    # walk back
    lines = []
    j = b
    while j != a:
        i = prev[j]
        lines.append((i, j))
        j = i
    lines.reverse()
    return lines


def _candidates(sh, pre, a, b, W1, W, justify, maxg, lonely):
    """The acceptable lines of units a..b-1 from every start reachable from a, as one
    flat list i, j, cost, i, j, cost …: the line i..j-1 and the cost of its breaks
    (the line penalty not included), in increasing order of i.  (One list: lists
    per start, kept alive by the thousand, cost the cyclic garbage collector.)"""
    P, PS, Q, CH = pre.P, pre.PS, pre.Q, pre.CH
    SW, HW, HC = pre.SW, pre.HW, pre.HC
    # the blanks of the unit before position j: right at a line end, and mid-line
    E1 = [0.0] + sh.erb
    R1 = [0.0] + sh.rb
    gnat, slb, lb, gsh2, gst1, gkind, brk = (sh.gnat, sh.slb, sh.lb, sh.gsh2, sh.gst1,
                                             sh.gkind, sh.brk)
    # break allowed at j (the segment's end always), and its price (the end's: 孤字, set per start)
    okb = brk[:b] + [True]
    penb = sh.pen[:b] + [0.0]
    wt = GAP_WEIGHT
    glimit = 2.0 * maxg
    glimit2 = 4.0 * maxg      # near the end of a paragraph, to avoid a lonely last line
    tail = 2.0 * W
    inv_maxg2 = 100.0 / (maxg * maxg)
    over = OVER_LIMIT / maxg
    Pb = P[b]
    CHb = CH[b]
    reached = bytearray(b + 1)
    reached[a] = 1
    out = []
    for i in range(a, b):
        if not reached[i]:
            continue
        Wt = W1 if i == a else W
        WtE = Wt + EPS
        base = P[i] + gnat[i] - (slb[i] - lb[i])
        PSi = PS[i] + lb[i]
        Qi = Q[i] + gsh2[i]
        gki = gkind[i]
        SWi = SW[i] + wt[gki]
        HWi = HW[i] + (wt[gki] if gki == G_HL else 0.0)
        HCi = HC[i] + (gst1[i] if gki == G_HL else 0.0)
        # a last line of fewer than two characters (adding 0.0 to a cost leaves it as it is)
        penb[b] = LONELY_PENALTY if (lonely and i > a and CHb - CH[i] < 2) else 0.0
        found = len(out)
        jm = bisect_left(P, base + Wt - 1e-9, i + 1, b + 1)
        if jm > b:
            jm = b + 1
        # forward: lines at least as long as the measure (push-in / exact)
        j = jm
        while j <= b:
            r1 = R1[j]
            nat = P[j] - base + E1[j] - r1
            shr = PS[j] - PSi - r1
            sh2 = Q[j] - Qi
            if nat - shr - sh2 > WtE:
                break
            if okb[j]:
                s = nat - Wt
                if s <= EPS:
                    cost = 0.0
                elif s <= shr + EPS:
                    r = s / shr if shr > 0 else 0.0
                    cost = 10.0 * r * r + 2.0 * s
                else:
                    # past the shrink by no more than EPS (the test above): with nothing
                    # else to shrink that is a fit, not a division by zero
                    r = (s - shr) / sh2 if sh2 > 0 else 0.0
                    cost = 12.0 + 2.0 * shr + 50.0 * r * r
                out += i, j, cost + penb[j]
                reached[j] = 1
            j += 1
        # backward: short lines (stretch / push-out, or the last line)
        j = jm - 1 if jm <= b else b
        if j == b and j > i:
            out += i, b, 0.0 + penb[b]
            reached[b] = 1
            j -= 1
            steps = 1
        else:
            steps = 0
        if justify:
            # no Han–Latin gap on any line from i (the sums only grow): the spread is the
            # slack over the gaps' weight
            plain = not HW[b] - HWi > 0
            while j > i:
                d = Wt - (P[j] - base + E1[j] - R1[j])
                if d <= EPS:
                    g = 0.0
                elif plain:
                    sw = SW[j] - SWi
                    g = d / sw if sw > 0 else INF
                else:
                    sw = SW[j] - SWi
                    if sw <= 0:
                        g = INF
                    else:
                        g = d / sw
                        hw = HW[j] - HWi
                        if hw > 0:
                            hc = HC[j] - HCi
                            if g * hw > hc + EPS:
                                g = (d - hc) / (sw - hw) if sw - hw > EPS else INF
                if g > glimit and (g > glimit2 or Pb - P[j] > tail):
                    break
                if brk[j]:
                    cost = inv_maxg2 * g * g + penb[j]
                    if g > maxg:
                        cost += over * (g - maxg)
                    out += i, j, cost
                    reached[j] = 1
                j -= 1
        else:
            short = 0.6 * Wt
            while j > i:
                d = Wt - (P[j] - base + E1[j] - R1[j])
                if d > short or steps > 40:
                    break
                if brk[j]:
                    out += i, j, 0.2 * d * d + penb[j]
                    reached[j] = 1
                steps += 1
                j -= 1
        if len(out) == found:
            # nothing acceptable: the fullest underfull line, else the shortest overfull one
            j = jm - 1 if jm <= b else b
            cand = None
            while j > i:
                if okb[j]:
                    cand = j
                    break
                j -= 1
            if cand is not None:
                nat = P[cand] - base + E1[cand] - R1[cand]
                cost = 1e4 + 1e3 * max(0.0, Wt - nat)
            else:
                j = max(jm, i + 1)
                while j < b and not brk[j]:
                    j += 1
                cand = min(j, b)
                cost = 1e5
            out += i, cand, cost
            reached[cand] = 1
    return out


def _count(prev, a, b) -> int:
    n, j = 0, b
    while j != a:
        j = prev[j]
        n += 1
    return n
