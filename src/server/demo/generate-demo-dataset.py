#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Generate the Zoucheng demo dataset for gridwatch-townd --demo.

Deterministic: the same script always writes the same bytes. The county is a
jittered lattice of cells inside an irregular outline; towns and communities
are Voronoi regions over those cells, and every polygon is traced from the
shared cell edges, so the unit grids tile their community, the communities
their town and the towns the county, without gaps or overlaps.

The same county is also written as the files a real county would import
(beside OUTPUT.json): demo-grids.geojson, demo-departments.csv (UTF-8 with
a byte order mark, as Excel saves it), demo-categories.csv (GBK, as older
systems export) and demo-workers.csv (UTF-8); gridwatch-townd --demo loads
those through its importers.

Usage: generate-demo-dataset.py OUTPUT.json
"""

import csv
import io
import json
import os
import math
import random
import sys

SEED = 370883
COUNTY_CODE = "370883"
COUNTY_NAME = "邹城市"
CENTER_LON, CENTER_LAT = 116.97, 35.40
NX, NY = 26, 22                 # lattice cells west-east, north-south
CELL_LON, CELL_LAT = 0.0175, 0.0150   # about 1.6 km x 1.7 km

TOWNS = [
    # name, kind (street or town), seed position in lattice units
    ("钢山街道", "street", (12.0, 10.0)),
    ("千泉街道", "street", (15.5, 12.5)),
    ("凫山街道", "street", (10.5, 14.0)),
    ("峄山镇", "town", (19.0, 5.5)),
    ("太平镇", "town", (5.0, 5.0)),
    ("香城镇", "town", (21.0, 16.5)),
    ("北宿镇", "town", (12.5, 3.0)),
    ("中心店镇", "town", (5.0, 15.0)),
]
COMMUNITIES_PER_TOWN = 5

PLACE_NAMES = [
    "北关", "南关", "东关", "西关", "岗山", "平阳", "千泉", "凫峄", "香城", "城前",
    "大束", "石墙", "田黄", "郭里", "看庄", "张庄", "唐村", "上营", "中和", "兴隆",
    "永和", "光明", "新华", "和平", "幸福", "安居", "康宁", "绿园", "龙泉", "泉山",
    "钢城", "秀山", "桃园", "杏坛", "柳园", "槐荫", "荷花", "凤凰", "麒麟", "崇义",
    "尚贤", "东滩", "西苇", "南屯", "北庄", "前洼", "后营", "白马", "黄路", "石门",
]
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志宏海燕文斌鹏飞春梅晓东雪琳浩宇"
DUTIES = ["safety", "environment", "petitions", "public_security", "sanitation"]

DEPARTMENTS = [
    ("urban", "城市管理局", "Urban Management Bureau"),
    ("housing", "住房和城乡建设局", "Housing and Urban-Rural Development Bureau"),
    ("resources", "自然资源和规划局", "Natural Resources and Planning Bureau"),
    ("ecology", "生态环境分局", "Ecology and Environment Branch"),
    ("market", "市场监督管理局", "Market Supervision Administration"),
    ("transport", "交通运输局", "Transport Bureau"),
    ("traffic", "公安局交警大队", "Traffic Police Brigade"),
    ("water", "水务局", "Water Affairs Bureau"),
    ("emergency", "应急管理局", "Emergency Management Bureau"),
    ("agriculture", "农业农村局", "Agriculture and Rural Affairs Bureau"),
    ("health", "卫生健康局", "Health Bureau"),
    ("fire", "消防救援大队", "Fire and Rescue Brigade"),
    ("power", "供电公司", "Power Supply Company"),
    ("greening", "园林绿化服务中心", "Landscaping Service Centre"),
    ("civil", "民政局", "Civil Affairs Bureau"),
    ("petitions", "信访局", "Petitions Bureau"),
]

# Components (部件) and events (事件), after GB/T 30428.2: major and minor
# codes, names, the handling time limit and the responsible department.
CATEGORY_MAJORS = {
    ("component", "01"): ("公用设施", "Public utilities"),
    ("component", "02"): ("道路交通", "Traffic facilities"),
    ("component", "03"): ("市容环境", "City appearance"),
    ("component", "04"): ("园林绿化", "Greening"),
    ("component", "05"): ("房屋土地", "Housing and land"),
    ("event", "01"): ("市容环境", "City appearance and environment"),
    ("event", "02"): ("宣传广告", "Advertising"),
    ("event", "03"): ("施工管理", "Construction"),
    ("event", "04"): ("街面秩序", "Street order"),
    ("event", "05"): ("突发事件", "Emergencies"),
    ("event", "06"): ("其他事件", "Other events"),
}
# Towns that handle a category themselves (the territorial list's
# 乡镇自办): 峄山镇 took over the county's enforcement powers on illegal
# building and street order.
TOWN_HANDLES = {"E0301": ["峄山镇"], "E0401": ["峄山镇"], "E0402": ["峄山镇"]}

CATEGORIES = [
    ("component", "01", "01", "上水井盖", "Water main manhole cover", 4, "working_hours", "water"),
    ("component", "01", "02", "污水井盖", "Sewer manhole cover", 4, "working_hours", "water"),
    ("component", "01", "03", "雨水箅子", "Storm drain grate", 8, "working_hours", "water"),
    ("component", "01", "04", "电力井盖", "Power manhole cover", 4, "working_hours", "power"),
    ("component", "01", "05", "路灯", "Street lamp", 2, "working_days", "urban"),
    ("component", "01", "06", "消防栓", "Fire hydrant", 1, "working_days", "fire"),
    ("component", "02", "01", "交通信号灯", "Traffic signal", 4, "working_hours", "traffic"),
    ("component", "02", "02", "交通标志牌", "Traffic sign", 3, "working_days", "traffic"),
    ("component", "02", "03", "道路护栏", "Road guardrail", 3, "working_days", "transport"),
    ("component", "02", "04", "公交站亭", "Bus shelter", 3, "working_days", "transport"),
    ("component", "02", "05", "人行道板", "Pavement slabs", 5, "working_days", "housing"),
    ("component", "03", "01", "公共厕所", "Public toilet", 1, "working_days", "urban"),
    ("component", "03", "02", "垃圾箱", "Litter bin", 1, "working_days", "urban"),
    ("component", "04", "01", "行道树", "Street tree", 2, "working_days", "greening"),
    ("component", "04", "02", "绿地", "Green space", 3, "working_days", "greening"),
    ("component", "05", "01", "危房", "Dangerous building", 5, "working_days", "housing"),
    ("event", "01", "01", "暴露垃圾", "Exposed garbage", 4, "working_hours", "urban"),
    ("event", "01", "02", "积存垃圾渣土", "Accumulated garbage and muck", 1, "working_days", "urban"),
    ("event", "01", "03", "道路不洁", "Dirty road", 3, "working_hours", "urban"),
    ("event", "01", "04", "焚烧垃圾树叶", "Burning waste or leaves", 2, "working_hours", "ecology"),
    ("event", "01", "05", "乱涂乱画", "Graffiti", 1, "working_days", "urban"),
    ("event", "01", "06", "噪声扰民", "Noise nuisance", 1, "working_days", "ecology"),
    ("event", "01", "07", "油烟污染", "Cooking fume pollution", 3, "working_days", "ecology"),
    ("event", "02", "01", "非法小广告", "Illegal flyers", 1, "working_days", "urban"),
    ("event", "02", "02", "违规户外广告", "Unauthorised billboard", 5, "working_days", "urban"),
    ("event", "03", "01", "违法建设", "Illegal construction", 15, "working_days", "resources"),
    ("event", "03", "02", "施工扰民", "Construction nuisance", 1, "working_days", "housing"),
    ("event", "03", "03", "工地扬尘", "Construction dust", 1, "working_days", "ecology"),
    ("event", "03", "04", "道路破损", "Damaged road surface", 5, "working_days", "transport"),
    ("event", "04", "01", "占道经营", "Street vending on the roadway", 2, "working_hours", "urban"),
    ("event", "04", "02", "店外经营", "Trading outside the shop", 4, "working_hours", "urban"),
    ("event", "04", "03", "乱堆物料", "Materials piled in public space", 1, "working_days", "urban"),
    ("event", "04", "04", "机动车乱停放", "Illegal car parking", 2, "working_hours", "traffic"),
    ("event", "04", "05", "非机动车乱停放", "Illegal bicycle parking", 4, "working_hours", "urban"),
    ("event", "05", "01", "道路积水", "Flooded road", 2, "working_hours", "water"),
    ("event", "05", "02", "燃气泄漏", "Gas leak", 1, "working_hours", "emergency"),
    ("event", "05", "03", "路面塌陷", "Road collapse", 4, "working_hours", "housing"),
    ("event", "05", "04", "火灾隐患", "Fire hazard", 4, "working_hours", "fire"),
    ("event", "06", "01", "食品安全", "Food safety", 3, "working_days", "market"),
    ("event", "06", "02", "邻里纠纷", "Neighbour dispute", 5, "working_days", "civil"),
    ("event", "06", "03", "信访诉求", "Petition request", 10, "working_days", "petitions"),
    ("event", "06", "04", "农田水利", "Farmland irrigation", 5, "working_days", "agriculture"),
]


def unit_hash(*key):
    """A deterministic pseudo-random number in [0, 1) for a lattice key."""
    h = 2166136261
    for part in key:
        for byte in str(part).encode():
            h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return ((h * 2654435761) & 0xFFFFFFFF) / 2 ** 32


def lattice_vertex(i, j):
    jx = (unit_hash("vx", i, j) - 0.5) * 0.35 if 0 < i < NX else 0
    jy = (unit_hash("vy", i, j) - 0.5) * 0.35 if 0 < j < NY else 0
    lon = CENTER_LON + (i + jx - NX / 2) * CELL_LON
    lat = CENTER_LAT - (j + jy - NY / 2) * CELL_LAT
    return (round(lon, 6), round(lat, 6))


def edge_midpoint(a, b):
    """The midpoint of a lattice edge, nudged sideways so borders wiggle.
    Keyed by the unordered edge, so both neighbours get the same point."""
    key = tuple(sorted([a, b]))
    (ax, ay), (bx, by) = lattice_vertex(*key[0]), lattice_vertex(*key[1])
    nudge = (unit_hash("mid", *key) - 0.5) * 0.22
    mx, my = (ax + bx) / 2, (ay + by) / 2
    # Perpendicular in lattice units.
    px, py = -(by - ay) / CELL_LAT * CELL_LON, (bx - ax) / CELL_LON * CELL_LAT
    return (round(mx + px * nudge, 6), round(my + py * nudge, 6))


def inside_outline(i, j):
    """The county outline: a lumpy oval over the lattice."""
    x = (i + 0.5 - NX / 2) / (NX / 2)
    y = (j + 0.5 - NY / 2) / (NY / 2)
    angle = math.atan2(y, x)
    radius = 1.0 + 0.12 * math.sin(3 * angle + 0.7) + 0.07 * math.cos(5 * angle)
    return math.hypot(x, y) <= radius * 0.98


def cell_edges(i, j):
    """The cell's outline as lattice-vertex ids, counter-clockwise in
    lon/lat (south-west, south-east, north-east, north-west); j grows south."""
    corners = [(i, j + 1), (i + 1, j + 1), (i + 1, j), (i, j)]
    return [(corners[k], corners[(k + 1) % 4]) for k in range(4)]


def trace(cells):
    """Outline of a set of cells as GeoJSON MultiPolygon coordinates."""
    edges = {}
    for (i, j) in cells:
        for a, b in cell_edges(i, j):
            if (b, a) in edges:
                del edges[(b, a)]
            else:
                edges[(a, b)] = True
    outgoing = {}
    for a, b in edges:
        outgoing.setdefault(a, []).append(b)
    loops = []
    while outgoing:
        start = min(outgoing)
        ring = [start]
        current = start
        while True:
            nexts = outgoing[current]
            nxt = nexts.pop(0)
            if not nexts:
                del outgoing[current]
            if nxt == start:
                break
            ring.append(nxt)
            current = nxt
        loops.append(ring)

    def coords(ring):
        out = []
        for k, v in enumerate(ring):
            out.append(list(lattice_vertex(*v)))
            out.append(list(edge_midpoint(v, ring[(k + 1) % len(ring)])))
        out.append(out[0])
        return out

    def signed_area(pts):
        return sum(pts[k][0] * pts[k + 1][1] - pts[k + 1][0] * pts[k][1] for k in range(len(pts) - 1)) / 2

    def contains(pts, x, y):
        inside = False
        for k in range(len(pts) - 1):
            (xi, yi), (xj, yj) = pts[k], pts[k + 1]
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                inside = not inside
        return inside

    rings = [coords(r) for r in loops]
    outers = [[r] for r in rings if signed_area(r) > 0]
    for r in rings:
        if signed_area(r) < 0:
            for poly in outers:
                if contains(poly[0], *r[0]):
                    poly.append(r)
                    break
    return outers


def farthest_point_seeds(cells, count, rng):
    cells = sorted(cells)
    seeds = [cells[int(rng.random() * len(cells))]]
    while len(seeds) < min(count, len(cells)):
        best = max(cells, key=lambda c: min((c[0] - s[0]) ** 2 + (c[1] - s[1]) ** 2 for s in seeds))
        seeds.append(best)
    return seeds


def nearest(cell, seeds, jitter_key):
    def dist(s):
        sx, sy = s
        noise = 1.0 + 0.25 * (unit_hash(jitter_key, cell, s) - 0.5)
        return ((cell[0] + 0.5 - sx) ** 2 + (cell[1] + 0.5 - sy) ** 2) * noise
    return min(range(len(seeds)), key=lambda k: dist(seeds[k]))


def merge_fragments(regions):
    """Give every piece of a region but its largest to the neighbouring
    region it touches most, so that each region is one polygon."""
    owner = {c: r for r, members in enumerate(regions) for c in members}
    for r, members in enumerate(regions):
        remaining, parts = set(members), []
        while remaining:
            stack, part = [remaining.pop()], []
            while stack:
                c = stack.pop()
                part.append(c)
                for n in ((c[0] + 1, c[1]), (c[0] - 1, c[1]), (c[0], c[1] + 1), (c[0], c[1] - 1)):
                    if n in remaining:
                        remaining.remove(n)
                        stack.append(n)
            parts.append(part)
        parts.sort(key=len, reverse=True)
        for part in parts[1:]:
            votes = {}
            for c in part:
                for n in ((c[0] + 1, c[1]), (c[0] - 1, c[1]), (c[0], c[1] + 1), (c[0], c[1] - 1)):
                    if owner.get(n, r) != r:
                        votes[owner[n]] = votes.get(owner[n], 0) + 1
            if votes:
                target = max(sorted(votes), key=lambda k: votes[k])
                for c in part:
                    owner[c] = target
    return [sorted(c for c in owner if owner[c] == r) for r in range(len(regions))]


def person_name(rng):
    surname = SURNAMES[int(rng.random() * len(SURNAMES))]
    given = "".join(GIVEN[int(rng.random() * len(GIVEN))] for _ in range(1 + int(rng.random() * 2)))
    return surname + given


def main(output):
    rng = random.Random(SEED)
    cells = [(i, j) for j in range(NY) for i in range(NX) if inside_outline(i, j)]

    town_cells = [[] for _ in TOWNS]
    for c in cells:
        town_cells[nearest(c, [t[2] for t in TOWNS], "town")].append(c)
    town_cells = merge_fragments(town_cells)

    grids, workers = [], []
    county = {"code": COUNTY_CODE, "name": COUNTY_NAME, "level": "county", "parent": None,
              "leader": None, "workers": [],
              "geometry": {"type": "MultiPolygon", "coordinates": trace(cells)}}
    grids.append(county)

    names = iter(PLACE_NAMES)
    worker_seq = 0

    def new_worker(full_time=True):
        nonlocal worker_seq
        worker_seq += 1
        wid = "w%04d" % worker_seq
        duty_count = 1 + int(rng.random() * 3)
        duties = sorted({DUTIES[int(rng.random() * len(DUTIES))] for _ in range(duty_count)})
        workers.append({"id": wid, "name": person_name(rng),
                        "phone": "139%08d" % int(rng.random() * 10 ** 8),
                        "full_time": full_time, "duties": duties})
        return wid

    for t, (town_name, kind, _) in enumerate(TOWNS):
        town_code = COUNTY_CODE + "%03d" % (t + 1)
        grids.append({"code": town_code, "name": town_name, "level": "town", "parent": COUNTY_CODE,
                      "leader": None, "workers": [],
                      "geometry": {"type": "MultiPolygon", "coordinates": trace(town_cells[t])}})

        seeds = farthest_point_seeds(town_cells[t], COMMUNITIES_PER_TOWN, rng)
        seeds = [(s[0] + 0.5, s[1] + 0.5) for s in seeds]
        # Number communities west to east, then north to south, like grids.
        seeds.sort(key=lambda s: (round(s[1] / 3), s[0]))
        community_cells = [[] for _ in seeds]
        for c in town_cells[t]:
            community_cells[nearest(c, seeds, "community")].append(c)
        community_cells = merge_fragments(community_cells)

        for k, members in enumerate(c for c in community_cells if c):
            community_code = town_code + "%03d" % (k + 1)
            suffix = "社区" if kind == "street" else "村"
            community_name = next(names) + suffix
            chief = new_worker()
            grids.append({"code": community_code, "name": community_name, "level": "community",
                          "parent": town_code, "leader": chief, "workers": [],
                          "geometry": {"type": "MultiPolygon", "coordinates": trace(members)}})

            previous_workers = []
            for n, cell in enumerate(sorted(members, key=lambda c: (c[1], c[0]))):
                staff = []
                # "One member, many uses": now and then a worker of the
                # neighbouring grid covers this one as well.
                if previous_workers and rng.random() < 0.18:
                    staff.append(previous_workers[0])
                while len(staff) < 1 + int(rng.random() * 3):
                    staff.append(new_worker(full_time=rng.random() < 0.7))
                previous_workers = staff
                grids.append({"code": community_code + "%03d" % (n + 1),
                              "name": "%s第%d网格" % (community_name, n + 1),
                              "level": "grid", "parent": community_code,
                              "leader": chief, "workers": staff,
                              "geometry": {"type": "MultiPolygon", "coordinates": trace([cell])}})

    departments = [{"id": i, "name": zh, "name_en": en, "phone": "0537-5%06d" % (k * 1111 + 1000)}
                   for k, (i, zh, en) in enumerate(DEPARTMENTS)]
    categories = []
    town_codes = {g["name"]: g["code"] for g in grids if g["level"] == "town"}
    for kind, major, minor, zh, en, value, unit, dept in CATEGORIES:
        major_zh, major_en = CATEGORY_MAJORS[(kind, major)]
        code = ("C" if kind == "component" else "E") + major + minor
        categories.append({"code": code,
                           "kind": kind, "major_code": major, "major_name": major_zh,
                           "major_name_en": major_en, "name": zh, "name_en": en,
                           "time_limit": {"value": value, "unit": unit}, "department": dept,
                           "town_handles": [town_codes[t] for t in TOWN_HANDLES.get(code, [])]})

    dataset = {"grids": grids, "workers": workers, "departments": departments,
               "categories": categories}
    with open(output, "w", encoding="utf-8") as f:
        json.dump(dataset, f, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    write_import_files(os.path.dirname(os.path.abspath(output)), grids, workers, departments, categories)

    levels = {}
    for g in grids:
        levels[g["level"]] = levels.get(g["level"], 0) + 1
    print("demo dataset: %s, %d workers, %d departments, %d categories" %
          (", ".join("%d %s" % (n, l) for l, n in sorted(levels.items())), len(workers),
           len(departments), len(categories)), file=sys.stderr)


DUTY_NAMES = {"safety": "安全", "environment": "环境", "petitions": "信访",
              "public_security": "治安", "sanitation": "环卫"}
UNIT_NAMES = {"working_hours": "工作时", "working_days": "工作日"}


def write_csv(path, header, rows, encoding):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write(out.getvalue())


def write_import_files(folder, grids, workers, departments, categories):
    features = [{"type": "Feature",
                 "properties": {k: g[k] for k in ("code", "name", "level", "parent") if g[k] is not None},
                 "geometry": g["geometry"]} for g in grids]
    with open(os.path.join(folder, "demo-grids.geojson"), "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False,
                  separators=(",", ":"))

    write_csv(os.path.join(folder, "demo-departments.csv"), ["编码", "名称", "英文名称", "联系电话"],
              [[d["id"], d["name"], d["name_en"], d["phone"]] for d in departments], "utf-8-sig")

    write_csv(os.path.join(folder, "demo-categories.csv"),
              ["编码", "名称", "大类编码", "大类名称", "类型", "处置时限", "牵头部门", "英文名称", "大类英文名称",
               "乡镇自办"],
              [[c["code"], c["name"], c["major_code"], c["major_name"],
                "部件" if c["kind"] == "component" else "事件",
                "%d%s" % (c["time_limit"]["value"], UNIT_NAMES[c["time_limit"]["unit"]]),
                c["department"], c["name_en"], c["major_name_en"], ";".join(c["town_handles"])]
               for c in categories], "gbk")

    # A worker's grids, from the grids' staff: a chief leads a community
    # and its unit grids, the others work in theirs.
    staffed, leads = {}, set()
    for g in grids:
        if g["leader"]:
            staffed.setdefault(g["leader"], []).append(g["code"])
            leads.add(g["leader"])
        for w in g["workers"]:
            staffed.setdefault(w, []).append(g["code"])
    write_csv(os.path.join(folder, "demo-workers.csv"),
              ["工号", "姓名", "手机", "网格编码", "专职", "职责", "角色"],
              [[w["id"], w["name"], w["phone"], ";".join(staffed.get(w["id"], [])),
                "是" if w["full_time"] else "否", ";".join(DUTY_NAMES[d] for d in w["duties"]),
                "网格长" if w["id"] in leads else "网格员"] for w in workers], "utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
