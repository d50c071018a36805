# `run`、`coverage`、`indicators` 与 `network info` 的终端文字。
# 时间为“分:秒”，比例为“12.3 %”，均在进入消息前已格式化。

## run
report-replications = 每次模拟 {$years} 年 × {$replications} 次重复模拟，随机种子 {$seed}；可派车辆全部出动时，{$busy}
report-busy-mutual-aid = 接警后 {$delay} 由区外增援力量到场
report-busy-queue = 警情排队等待首辆车辆空出（先到先派）
report-standard = 标准：接到出动指令后 {$limit} 内首车到场（出动准备 {$turnout} + 行驶 {$travel}）；时间均自接到出动指令起算（不计接警处理），以“分:秒”表示
report-network = 道路网：{$note}
report-verdict = 结论：{$verdict}
report-all-incidents = 全部警情：每次模拟 {$incidents} 起，其中无法到达 {$unreachable} 起
report-response-time = 到场时间
report-travel-time = 行驶时间
report-within-standard = 达标率
report-waited = 等待出车
report-mutual-aid = 区外增援
report-full-complement = 力量到齐
report-short-of-units = 力量不足
report-short-of-units-note = 的已出动警情未等到调派规则要求的全部车辆
report-mean = 平均
report-median = 中位数
report-mean-wait = 平均等待
report-by-type = 按警情类型
report-by-setting = 按地域类型
report-by-zone = 按区域（平均到场时间最长者在前）
report-more-zones = …… 另有 {$count} 个到场更快的区域（全部见 JSON 报告）
report-by-year = 各年度警情数
report-by-unit = 按车辆
report-more-units = …… 另有 {$count} 辆车辆（全部见 JSON 报告）
col-type = 类型
col-setting = 地域类型
col-zone = 区域
col-year = 年度
col-incidents = 警情数
col-unreachable = 无法到达
col-mean-response = 平均到场
col-ci95 = 95% 置信区间
col-p90 = 90 分位
col-p95 = 95 分位
col-within-standard = 达标率
col-waited = 等待出车
col-unit = 车辆
col-kind = 车型
col-dispatches = 每次模拟出动次数
col-utilization = 占用率

## 结论句
verdict-every-zone = 全部 {$zones} 个区域中多数警情均达标
verdict-some-zones = {$zones} 个区域中有 {$failing} 个多数警情未达标
verdict-run = {$share} 的警情在接到出动指令后 {$limit} 内首车到场；{$zones_part}
verdict-run-by-standard = {$settings}警情 {$share} 在接到出动指令后 {$limit} 内首车到场（标准口径）；全部警情按各自上限 {$yardstick} 计为 {$mixed}（混合口径）；{$zones_part}
verdict-unreachable = ；每次模拟有 {$unreachable} 起警情完全无法到达

## 指标
indicators-title = 按本情景自身的消防救援站与 {$population} 名常住人口计算的指标
indicators-col-indicator = 指标
indicators-col-scenario = 本情景
indicators-col-from = 依据
indicators-col-plan = 规划 {$label}
indicators-rounding = 规划数值保留 2 位小数（百分比保留 1 位）；末位的差异可能来自规划所用的人口数。

## 道路网信息
network-title = {$scenario} — 道路网
network-size = {$nodes} 个节点，{$edges} 条有向边，道路总长 {$km} km
network-components = {$components} 个强连通分量；最大者含 {$largest} 个节点（{$share} %）
network-by-class = 各等级道路长度
network-col-class = 等级
network-col-km = km
network-col-share = 占比
network-no-circuity = 绕行系数：没有相距足够远的节点对可供测算
network-circuity = 绕行系数（最短道路距离 / 直线距离），基于 {$pairs} 对相距至少 {$km} km 的随机节点：
network-circuity-figures = 最小 {$min}   10 分位 {$p10}   中位数 {$median}   90 分位 {$p90}   最大 {$max}

## 覆盖分析
coverage-cells = 以 {$cell} m 网格覆盖 {$region}：{$km2} km²{$builtup}；道路外路段按 {$speed} km/h 计
coverage-builtup = ，建成区 {$km2} km²
coverage-times = 时间自接到出动指令起算（出动准备 + 行驶），假定全部车辆空闲。
coverage-town-share = 建成区的 {$share}、
coverage-verdict = 结论：{$town}全域的 {$region} 与预计警情的 {$demand} 可在 {$limit} 内到达；{$stations}
coverage-all-within-limit = 各消防救援站辖区面积均未超过其上限
coverage-over-limit = 辖区面积超限：{$stations}
coverage-stations-needed = 仅按辖区面积规定，建成区至少需要 {$count} 个普通消防救援站。
coverage-stations = 消防救援站（辖区 = 该站最先到达的网格）
coverage-col-station = 消防救援站
coverage-col-jurisdiction = 辖区面积 km²
coverage-col-in-builtup = 其中建成区
coverage-col-judged = 考核面积
coverage-col-limit = 上限
coverage-col-meets = 达标
coverage-col-reach = {$limit} 内可达 km²
coverage-col-farthest = 最远
coverage-yes = 是
coverage-no = 否
coverage-judged-note = 考核面积：城区（urban）站取辖区中的建成区部分，其余取全部辖区
coverage-share-within = 在以下时间内可达的比例
coverage-col-within = 时间
coverage-col-region = 全域
coverage-col-builtup = 建成区
coverage-col-residents = 常住人口
coverage-col-alarms = 预计警情
coverage-unreached = {$km2} km² 无任何消防救援站可达
coverage-barriers = 障碍：{$barriers}
coverage-region-builtin = 内置 `{$name}` 区县边界
coverage-region-hull = 道路网凸包外扩 {$margin} m（未给出 [coverage] boundary）
coverage-barriers-rule = 辖区按道路网划分：高速公路、铁路或河流仅在道路网中没有跨越连接处才分隔辖区。
coverage-this-network = 本道路网：{$note}

## validate
validate-ok = {$file}：通过 — {$nodes} 个节点，{$stations} 个消防站点，{$units} 辆车辆，{$types} 类警情，{$points} 个需求点分属 {$zones} 个区域
col-station = 消防站点
col-node = 道路节点
col-snapped = 吸附距离
station-named-node = （指定节点）
report-stations = 消防站点在道路网上的位置

## 命令行
cli-json-written = JSON 已写入 {$file}
cli-html-written = HTML 报告已写入 {$file}
cli-wrote = 已写入 {$file}
network-circuity-all = 绕行系数（最短道路距离 / 直线距离），基于全部 {$pairs} 对相距至少 {$km} km 的节点：
network-note-schematic = 示意性的梁平路网（scenarios/liangping/generator.toml）：乡镇为点，主要道路按手工给定的途经点连接，长度 = 直线距离 × 道路等级和所在乡镇的绕行系数；已按在约 2015 年的商业路网上实测的 33 个乡镇驻地之间的道路距离校准（seat_road_km.csv：在驻地位置已知的 435 对之间，路网距离 ÷ 实测距离的中位数 1.00，第 10 百分位 0.87，第 90 百分位 1.05）；高速公路只能在互通处进出，未录入河流和铁路。这不是道路地图。
network-class-mountain = {$class}（山区）
network-class = { $class ->
        [expressway] 高速公路
        [national] 国道
        [provincial] 省道
        [county] 县道
        [village] 村道
        [urban_arterial] 城市主干道
        [urban_street] 城市街道
        [ramp] 匝道
        [motorway] 高速公路
        [motorway_link] 高速公路匝道
        [trunk] 干线公路
        [trunk_link] 干线公路匝道
        [primary] 一级道路
        [primary_link] 一级道路匝道
        [secondary] 二级道路
        [secondary_link] 二级道路匝道
        [tertiary] 三级道路
        [tertiary_link] 三级道路匝道
        [unclassified] 四级道路
        [residential] 居住区道路
        [living_street] 生活街道
        [service] 服务道路
       *[other] {$class}
    }
network-note = 注：{$note}
network-import-read = {$file}：读取 {$nodes} 个 OSM 节点和 {$ways} 条路径，用时 {$seconds} 秒（每秒 {$rate} 百万节点）
network-import-kept = 保留 {$kept} 条可通行道路，排除 {$excluded} 条（等级、通行限制或面状道路），{$missing} 处引用了提取范围外的节点
network-import-clipped = 裁剪后 {$pieces} 段 -> {$nodes} 个节点、{$links} 条路段
network-import-components = 在 {$components} 个强连通分量中保留最大者：去掉 {$nodes} 个节点和 {$links} 条路段
network-import-km = 各等级道路公里数（单向与双向路段各计一次）：{$classes}
network-import-wrote = 已写入 {$file}（{$nodes} 个节点，{$links} 条路段，{$megabytes} MB）
network-export-wrote = 已写入 {$file}（{$source} 的 {$links} 条路段）
report-places-snapped = 内置 `{$builtin}` 的需求点按坐标吸附到本路网：共 {$places} 个，中位距离 {$median} 米，最远 {$max} 米
report-records = 警情记录：{$file} 全部 {$rows} 行（{$first}–{$last} 年）{ $how ->
    [bootstrap] ，每次仿真从记录的年份中有放回地抽取年份
   *[exact] 按原时间、原地点回放
}；其中 {$with_on_scene} 行给出了现场处置时间，其余按分布抽取
report-records-jitter = 每次仿真将每条记录移到其地点 {$jitter} 米以内的某个路网节点
report-by-hour = 按接警时段（每小时）
col-hour = 时段
cli-stdout-failed = 无法写入标准输出：{$reason}
coverage-too-many-cells = 区域（{$width} km × {$height} km）按 {$cell} m 网格需要 {$cells} 个格子，超过 {$max} 个；请用不小于 {$suggested} m 的网格（--cell-m {$suggested}）
coverage-region-too-large = 区域（{$width} km × {$height} km）即使按最大的 {$largest} m 网格也需要超过 {$max} 个格子；请检查其边界、道路和需求点的坐标
coverage-skipped-map = 警告：{$file}：报告中没有覆盖图：{$reason}
coverage-skipped-analysis = 警告：报告中没有覆盖分析：{$reason}
uncertainty-note = 方括号中为 95% 置信区间，仅反映有限次重复模拟的随机误差，不包含各项假设（道路车速、出动准备时间、站址、警情的时间与地点分布）的不确定性；假设变化对结果的影响需用参数扫描查看。
