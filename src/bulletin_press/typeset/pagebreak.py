"""Where is a page broken?  Total-fit page breaking over the issue's vertical list.

Dynamic programming over page starts, like total-fit line breaking over a
paragraph: a state is (first box of a page, float carried to its top); from each
state every feasible page end is tried, and for each page count the cheapest way
to reach a state is kept.  A page's cost, in the order the objectives rank:

  a page that continues an article short of the last line   BAD per line (last resort)
  a page that ends an article early (next one on a fresh page) SHORT per line
  a paragraph one line tighter or looser (伸缩行)              FLEX + its breaking cost
    (one run on from the page before may be set tighter too: the line is lost on the page
    that holds its end, the page before keeps its line count and shows the tighter setting)
  space stretched or shrunk within the style's bounds         the glue's cost per line
  a float carried to the next page                            FLOAT

Then the page count: the natural count (the cheapest solution) when it is a
multiple of the style's `page.multiple_of`, else the nearest multiple at or
below it when the freedoms can reach it, else the next one up; when neither can
be reached, `NoFit` says how much to cut or add.

The 报尾 sits at the foot of the last text page, on a page of its own only
when that page is full.  `forced` box indices must begin a page, and up to the
last of them a page ends only where the next one begins, wherever such a page can
be made (an archived issue's page breaks pinned by its lock file).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter

from .vlist import Box, Glue, VList

BAD = 1e5
SHORT = 30.0
FLEX = 40.0
FLOAT = 8.0
BACK_GAP = 1          # lines between the last text and the 报尾
BACK_PAGE = 2e4       # the 报尾 on a page of its own: only when no other way gives that count
NEAR_EMPTY = 5e3      # a page in the middle of the issue less than a third full: a last resort


_unit_cost = itemgetter(0)     # of a pool (unit cost, lines, tag): the cheapest first


def short_cost(d: int, L: int) -> float:
    """The cost of a page that ends an article `d` lines short of the foot: convex, so the
    white of a spread issue is shared out over many article ends rather than a few
    big holes, and a page less than a third full only when nothing else will do."""
    if d <= 0:
        return 0.0
    c = SHORT * d * (1.0 + d / L)
    if (L - d) * 3 < L:
        c += NEAR_EMPTY
    return c


@dataclass
class PageSpec:
    """One planned page: boxes s..e (inclusive), `pend` a float set at its top,
    `defer` a float of this page moved to the next; the flex chosen."""

    s: int
    e: int
    pend: int = -1
    defer: int = -1
    glue: dict[int, int] = field(default_factory=dict)    # box k → lines added to the glue above it;
    #                                                        -(k+1) → lines a figure k is set smaller
    paras: dict[int, int] = field(default_factory=dict)   # para index → line delta
    used: int = 0            # grid lines filled
    short: int = 0           # lines left empty
    ends_article: bool = False
    cost: float = 0.0
    back: bool = False       # the 报尾 at this page's foot
    back_only: bool = False  # a page of its own for the 报尾


@dataclass
class Breaks:
    """The page breaker's answer: each page's boxes and the page counts it could reach."""
    pages: list[PageSpec]
    natural: int             # the cheapest page count
    natural_lines: int       # text lines on the natural solution's last page
    target: int
    reachable: dict[int, float]
    breaker: "_Breaker | None" = None   # its boxes and the glue above each, for the composer


class NoFit(Exception):
    def __init__(self, natural: int, last_lines: int, lo: int, hi: int, cut: int, add: int):
        super().__init__(natural, last_lines, lo, hi, cut, add)
        self.natural, self.last_lines, self.lo, self.hi = natural, last_lines, lo, hi
        self.cut, self.add = cut, add


class _Breaker:
    def __init__(self, vl: VList, L: int, forced: set[int]):
        self.vl, self.L, self.forced = vl, L, forced
        self.boxes: list[Box] = []
        self.glue: list[Glue | None] = []      # glue above each box
        pending: Glue | None = None
        for it in vl.items:
            if isinstance(it, Glue):
                pending = it if pending is None else pending.merge(it)
            else:
                self.glue.append(pending if self.boxes else None)
                self.boxes.append(it)
                pending = None
        self.N = len(self.boxes)
        self.last_of_para = {p.first + p.n - 1: i for i, p in enumerate(vl.paras)}

    # ------------------------------------------------------------ one page
    def _walk(self, s: int, pend: int, defer: int, out: list) -> list[int]:
        """Try the pages that start at box s (after float `pend`); append candidates
        (e, nat, stretch, shrink, paras, ends, stretch lines, shrink lines) to out: the
        pools are the first n items of lists that grow along the walk, as (list, n).
        Returns the floats met (for deferral)."""
        L, boxes, glue = self.L, self.boxes, self.glue
        nat = 0
        st_have = sh_have = 0   # lines the stretch and shrink pools hold
        stretch: list = []      # (unit cost, lines, ('g', box))
        shrink: list = []
        paras: list[int] = []
        maybe_shrink = 0
        floats: list[int] = []
        first = True
        prev = -1
        if pend >= 0:
            nat += boxes[pend].h
            first = False
            prev = pend
        t_key = None
        t_r0 = 0
        t_lines = 0
        art = boxes[s].article if s < self.N else -1
        k = s
        while k < self.N:
            b = boxes[k]
            if k != s and k in self.forced:
                break
            if k == defer:
                k += 1
                continue
            if not first:
                g = glue[k]
                if k == s and pend >= 0 and pend + 1 < self.N:
                    g = glue[pend + 1]
                if g is not None and not (b.table is not None and t_key == b.table.key and prev == k - 1):
                    nat += g.ideal
                    if g.hi > g.ideal:
                        stretch.append((g.cost, g.hi - g.ideal, ("g", k)))
                        st_have += g.hi - g.ideal
                    if g.ideal > g.lo:
                        shrink.append((g.cost, g.ideal - g.lo, ("g", k)))
                        sh_have += g.ideal - g.lo
            first = False
            if b.table is not None:
                tr = b.table
                if t_key == tr.key and prev == k - 1:
                    nat -= t_lines
                else:
                    t_key, t_r0 = tr.key, tr.r0
                t_lines = tr.lines(t_r0, tr.r1, t_r0 == 0, tr.r1 == tr.rows)
                nat += t_lines
            else:
                t_key = None
                nat += b.h
                if b.shrink:
                    shrink.append((b.shrink_cost, b.shrink, ("g", -k - 1)))   # a figure set smaller
                    sh_have += b.shrink
            if b.float_ok and k != s and defer < 0 and nat > L:   # it does not fit here
                floats.append(k)
            pi = self.last_of_para.get(k)
            if pi is not None:
                para = self.vl.paras[pi]
                if para.first >= s:
                    paras.append(pi)
                    if para.likely[0]:
                        maybe_shrink += 1
                elif para.likely[0] and para.first + para.n - s >= 3:
                    # a paragraph run on from the page before: it may be set one line
                    # tighter, the lost line counted here (its head keeps its line count,
                    # and its tail here still has two lines); never looser
                    paras.append(-pi - 1)
                    maybe_shrink += 1
            prev = k
            if nat - sh_have - maybe_shrink > L:
                if k == s:       # one box taller than the page: it stands alone
                    out.append((k, nat, (stretch, len(stretch)), (shrink, len(shrink)),
                                (paras, len(paras)), True, st_have, sh_have))
                break
            nxt = k + 1
            while nxt == defer:
                nxt += 1
            last = nxt >= self.N
            if b.brk is not None or last:
                if b.table is not None and not last and boxes[nxt].table is not None \
                        and boxes[nxt].table.key == b.table.key:
                    # a split inside the table: this part ends with its bottom rule
                    tl = b.table.lines(t_r0, b.table.r1, t_r0 == 0, False)
                    cand_nat = nat - t_lines + tl
                else:
                    cand_nat = nat
                ends = (last or boxes[nxt].opens is not None
                        or (b.article == -1 and boxes[nxt].article != -1))
                if defer >= 0:
                    # a float carried on: plain text of the same article fills in behind it
                    # (never a heading, another float or the notes), and goes on after the break
                    if k < defer or last or boxes[nxt].article != art or boxes[nxt].opens is not None:
                        k += 1
                        continue
                if defer >= 0 and any(boxes[j].kind != "line" or boxes[j].heading
                                      for j in range(defer + 1, k + 1)):
                    break
                out.append((k, cand_nat, (stretch, len(stretch)), (shrink, len(shrink)),
                            (paras, len(paras)), ends, st_have, sh_have))
            k += 1
        return floats

    def _fit(self, nat, stretch, shrink, paras, ends, last, use_paras):
        """(cost, glue alloc, para alloc, used, short) of a page, or None."""
        L = self.L
        d = L - nat
        galloc: dict[int, int] = {}
        palloc: dict[int, int] = {}
        if d == 0:
            return 0.0, galloc, palloc, L, 0
        if last and d > 0:
            return 0.0, galloc, palloc, nat, d
        pools = list(stretch if d > 0 else shrink)
        if use_paras:
            delta = 1 if d > 0 else -1
            side = 0 if delta < 0 else 1
            # a paragraph run on from the page before (-pi - 1) may only be set tighter
            likely = [pi if pi >= 0 else -pi - 1 for pi in paras
                      if (pi >= 0 or delta < 0) and self.vl.paras[pi if pi >= 0 else -pi - 1].likely[side]]
            have = sum(c[1] for c in pools)
            if have + len(likely) < abs(d) and not (ends or last):
                return None           # not even every paragraph flexed would do
            found = 0
            for pi in likely:         # the lines the glue cannot give, and one to spare
                if found >= abs(d) - have + 1:
                    break
                v = self.vl.paras[pi].variant(delta)
                if v is not None:
                    pools.append((FLEX + v[1] / 20.0, 1, ("p", pi)))
                    found += 1
        pools.sort(key=_unit_cost)
        need = abs(d)
        sign = 1 if d > 0 else -1
        spread = ends and d > 0          # an article end: white at the foot, or some of it spread
        cost = 0.0
        best = (short_cost(d, L), 0, 0, 0) if spread else None   # (cost, pools used, of the last, lines)
        used = 0
        for i, (unit, cap, _) in enumerate(pools):
            if need <= 0:
                break
            for t in range(1, min(cap, need) + 1):
                cost += unit
                used += 1
                total = cost + short_cost(d - used, L)
                if spread and total < best[0]:
                    best = (total, i, t, used)
            need -= min(cap, need)
        if need == 0 and not spread:
            best = (cost, len(pools), 0, abs(d))
        if best is None:
            return None
        total, upto, last_take, taken = best
        for i, (unit, cap, tag) in enumerate(pools[:upto + 1] if spread else pools):
            if spread and i == upto:
                take = last_take
            elif spread:
                take = cap
            else:
                take = min(cap, abs(d) - sum(abs(v) for v in galloc.values()) - len(palloc))
            if take <= 0:
                continue
            if tag[0] == "g":
                galloc[tag[1]] = galloc.get(tag[1], 0) + sign * take
            else:
                palloc[tag[1]] = sign * take
        if spread and taken == 0:
            galloc, palloc = {}, {}
        return total, galloc, palloc, nat + sign * taken, abs(d) - taken

    def page_options(self, s: int, pend: int):
        """[(PageSpec, next state)] for the pages that can start at (s, pend)."""
        out: list = []
        floats = self._walk(s, pend, -1, out)
        cands = [(c, -1) for c in out]
        for f in floats:
            more: list = []
            self._walk(s, pend, f, more)
            cands += [(c, f) for c in more]
        # up to the last forced start, a page ends where the next forced one begins (when it can)
        nf = min((f for f in self.forced if f > s), default=None)
        exact = [c for c in cands if nf is not None and nf in (c[0][0] + 1, c[1])]
        cands = exact or cands
        opts = []
        fallback = None
        L = self.L
        for (e, nat, st, sh, pa, ends, st_have, sh_have), defer in cands:
            last = e + 1 >= self.N or (defer >= 0 and e + 1 == defer and defer + 1 >= self.N)
            d = L - nat
            if (d > 0 and not (ends or last) and st_have + pa[1] < d) or (d < 0 and sh_have + pa[1] < -d):
                got = None        # not even every space and paragraph flexed would fill it
            else:
                stretch, shrink, paras = st[0][:st[1]], sh[0][:sh[1]], pa[0][:pa[1]]
                got = self._fit(nat, stretch, shrink, paras, ends, last, False)
                if got is None or (got[0] > 0 and not last):
                    alt = self._fit(nat, stretch, shrink, paras, ends, last, True)
                    if alt is not None and (got is None or alt[0] < got[0]):
                        got = alt
            brk = self.boxes[e].brk or 0.0
            if got is None:
                if nat <= self.L and (fallback is None or nat > fallback[1]):
                    fallback = ((e, nat, defer), nat)
                continue
            cost, galloc, palloc, used, short = got
            spec = PageSpec(s, e, pend, defer, galloc, palloc, used, short, ends,
                            cost + brk + (FLOAT if defer >= 0 else 0.0))
            opts.append((spec, (e + 1, defer)))
        if not opts:
            if fallback is not None:
                e, nat, defer = fallback[0]
                spec = PageSpec(s, e, pend, defer, {}, {}, nat, self.L - nat, False,
                                BAD * (self.L - nat + 1))
                opts.append((spec, (e + 1, defer)))
            else:   # nothing fits at all: the first box alone
                spec = PageSpec(s, s, pend, -1, {}, {}, self.L, 0, False, BAD * self.L)
                opts.append((spec, (s + 1, -1)))
        return opts

    # ------------------------------------------------------------ the issue
    def run(self):
        L = self.L
        back = self.vl.back
        hb = back.h if back is not None else 0
        best: dict[tuple[int, int], dict[int, tuple[float, object]]] = {(0, -1): {0: (0.0, None)}}
        ends: dict[int, tuple[float, object]] = {}
        todo = [(0, -1)]
        seen = {(0, -1)}
        import heapq
        while todo:
            state = heapq.heappop(todo)
            table = best[state]
            s, pend = state
            if s >= self.N:
                continue
            for spec, nxt in self.page_options(s, pend):
                done = nxt[0] >= self.N and nxt[1] < 0
                for npages, (cost, _) in table.items():
                    c = cost + spec.cost
                    if done:
                        fits = back is None or spec.used + BACK_GAP + hb <= L
                        total = npages + (1 if fits else 2)
                        if not fits:
                            # a page of its own for the 报尾 only when nothing else gives the
                            # count, and never under a text page with room left
                            c += BACK_PAGE + (BAD if spec.used < L - 1 else 0.0)
                        if c < ends.get(total, (float("inf"),))[0]:
                            ends[total] = (c, (state, npages, spec, fits))
                        continue
                    t = best.setdefault(nxt, {})
                    if c < t.get(npages + 1, (float("inf"),))[0]:
                        t[npages + 1] = (c, (state, npages, spec))
                        if nxt not in seen:
                            seen.add(nxt)
                            heapq.heappush(todo, nxt)
        return best, ends

    def trace(self, best, end) -> list[PageSpec]:
        _, (state, npages, spec, fits) = end
        pages = [spec]
        spec.back = fits
        while True:
            entry = best[state][npages][1]
            if entry is None:
                break
            state, npages, spec = entry
            pages.append(spec)
        pages.reverse()
        if not fits:
            pages.append(PageSpec(self.N, self.N - 1, back_only=True, back=True))
        return pages


def break_pages(vl: VList, lines_per_page: int, *, multiple_of: int = 1, pad: str = "fit",
                forced: set[int] | None = None) -> Breaks:
    """Plan the page breaks of the issue (see the module text)."""
    br = _Breaker(vl, lines_per_page, forced or set())
    best, ends = br.run()
    if not ends:
        raise RuntimeError("the page breaker found no way through the issue")
    natural = min(ends, key=lambda k: (ends[k][0], k))
    nat_pages = br.trace(best, ends[natural])
    last_lines = nat_pages[-1].used if not nat_pages[-1].back_only else lines_per_page
    m = max(1, multiple_of)
    # page counts reachable without more short pages than the keep rules force anyway
    least_bad = int(min(v[0] for v in ends.values()) // BAD)
    reach = {k: v[0] for k, v in ends.items() if v[0] < (least_bad + 1) * BAD}
    target = natural
    if natural % m:
        lo = natural // m * m
        hi = lo + m
        if lo in reach and lo > 0:
            target = lo
        elif hi in reach:
            target = hi
        elif pad in ("blank",):
            target = natural
        else:
            # how far the freedoms reach either way: the fewest and the most pages the text
            # can be set in, and the lines on their last pages
            L = lines_per_page
            hb = vl.back.h + BACK_GAP if vl.back else 0

            def last_used(k):
                pages = br.trace(best, ends[k])
                return L if pages[-1].back_only else pages[-1].used
            few, most = min(reach), max(reach)
            # fewer: the text of the fewest pages' last page and the 报尾 must go, and whole
            # pages between; more: the most pages' last page filled, one line on, whole pages
            # (at most: the freedoms move lines too); then measured: the 报尾 set that many
            # lines shorter or taller stands for text cut or added at the end
            cut = max(1, (few - lo - 1) * L + last_used(few) + hb)
            add = max(1, (hi - most - 1) * L + L - last_used(most) + 1)
            if vl.back is not None:
                cut = _least(lambda x: _reaches(vl, L, br.forced, lo, vl.back.h - x),
                             min(cut, vl.back.h)) or cut
                add = _least(lambda x: _reaches(vl, L, br.forced, hi, vl.back.h + x), add) or add
            raise NoFit(natural, last_lines, lo, hi, cut * vl.chars_per_line,
                        add * vl.chars_per_line)
    pages = nat_pages if target == natural else br.trace(best, ends[target])
    return Breaks(pages, natural, last_lines, target, reach, br)


def _reaches(vl: VList, L: int, forced: set[int], count: int, back_h: int) -> bool:
    """Can the issue be set in `count` pages with a 报尾 `back_h` lines high?"""
    from dataclasses import replace
    br = _Breaker(replace(vl, back=replace(vl.back, h=back_h)), L, forced)
    _, ends = br.run()
    if count not in ends:
        return False
    least_bad = int(min(v[0] for v in ends.values()) // BAD)
    return ends[count][0] < (least_bad + 1) * BAD


def _least(ok, hi: int) -> int | None:
    """The least x in 1..hi with ok(x) (ok is monotone), or None when ok(hi) fails."""
    if hi < 1 or not ok(hi):
        return None
    lo = 1
    while lo < hi:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def box_index(vl: VList, src: tuple[int, int, int]) -> int | None:
    """The box where source position (article, block, line) begins, if any."""
    k = 0
    for it in vl.items:
        if isinstance(it, Glue):
            continue
        if it.src == tuple(src):
            return k
        k += 1
    return None
