# 情景文件与输入的检查：校验信息及其格式。
check-warning = 警告：{$message}
check-summary = {$file}：{$count} 处错误；未运行
check-error = 错误：{$message}
check-not-finite = 须为有限数值，而不是 {$value}
check-not-above = 须大于 {$min}，而不是 {$value}
check-not-at-least = 须不小于 {$min}，而不是 {$value}
check-unknown-key = 未知的键
check-unknown-key-suggest = 未知的键；是否应为 `{$key}`？
check-missing-key = 缺少必填的键
check-too-many-type-errors = 已发现 {$count} 处类型错误，检查到此为止；请先改正这些
check-empty = 不能为空
check-at-least-one = 须不小于 1
check-no-station = 至少需要一个消防救援站
check-no-units = 该站没有车辆
check-no-incident-type = 至少需要一种警情类型
check-unknown-node = 未知的路网节点 `{$node}`
check-unknown-node-suggest = 未知的路网节点 `{$node}`；是否应为 {$similar}？
check-snap-too-far = 最近的路网节点 `{$node}` 在 {$distance} 米外，超过 [network] max_snap_m = {$max} 米：请检查坐标（经度或纬度是否写错？）或路网范围
check-snapped-far = 已吸附到 {$distance} 米外的路网节点 `{$node}`
check-extends-too-deep = 继承（extends）链超过 {$depth} 个文件，见 {$file}
check-extends-cycle = 继承（extends）形成循环：{$files}
check-extends-not-a-path = 须为文件路径（字符串）
check-unset-not-an-array = 须为键路径数组，例如 ["coverage.boundary"]
check-unset-not-a-path = 须为键路径（字符串）
check-unset-unknown = `{$key}`：继承的文件中没有这个键
check-replaces-inherited = 替换了从 {$file} 继承的 {$count} 项；若要追加，请用 `{$add}`
check-toml = 不是有效的 TOML：{$detail}
check-toml-integer = 不是有效的 TOML：{$detail}；TOML 整数最大为 9223372036854775807（2^63 − 1）
check-file-missing = 无法读取 {$file}：文件不存在
check-file-denied = 无法读取 {$file}：没有权限
check-cannot-read = 无法读取 {$file}：{$reason}
check-not-regular = {$file} 不是普通文件（而是文件夹、设备、管道或套接字）
check-too-large = {$file} 有 {$size} MB；{ $kind ->
        [scenario] 情景文件
        [geodata] GeoJSON 或 CSV 文件
        [graph] .fcnet 路网文件
        [partial] 分片结果文件（.fcpart）
       *[other] 此类文件
    }最大为 {$limit} MB
check-not-utf8 = {$file}:{$line}：不是有效的 UTF-8（文件第 {$byte} 字节）；请另存为 UTF-8（GBK 或 GB 2312 文件须先转换，例如 `iconv -f GBK -t UTF-8`）
check-control-character = 含有控制字符 {$code}；名称和文字须为可打印字符

check-wrong-type = 类型不对：此处为{ $found_kind ->
        [string] 字符串 {$found}
        [integer] 整数 {$found}
        [float] 数值 {$found}
        [boolean] 布尔值 {$found}
        [table] 表
        [array] 数组
        [date] 日期 {$found}
       *[other] {$found}
    }，应为{ $expected_kind ->
        [count] 不小于 0 的整数
        [whole] 整数
        [number] 数值
        [string] 字符串
        [boolean] true 或 false
        [array] 数组 [ .. ]
        [table] 表 {"{"} .. {"}"}
        [place] 路网节点编号（字符串）或 {"{"} lon = .., lat = .. {"}"}
        [when-busy] "queue" 或 {"{"} mutual_aid_delay_s = 秒数 {"}"}
        [one-of] 以下之一：{$expected}
       *[other] {$expected}
    }
check-wrong-value = 取值不对：此处为{ $found_kind ->
        [string] 字符串 {$found}
        [integer] 整数 {$found}
        [float] 数值 {$found}
        [boolean] 布尔值 {$found}
        [table] 表
        [array] 数组
        [date] 日期 {$found}
       *[other] {$found}
    }，应为{ $expected_kind ->
        [count] 不小于 0 的整数
        [whole] 整数
        [number] 数值
        [string] 字符串
        [boolean] true 或 false
        [array] 数组 [ .. ]
        [table] 表 {"{"} .. {"}"}
        [place] 路网节点编号（字符串）或 {"{"} lon = .., lat = .. {"}"}
        [when-busy] "queue" 或 {"{"} mutual_aid_delay_s = 秒数 {"}"}
        [one-of] 以下之一：{$expected}
       *[other] {$expected}
    }
check-unknown-choice = 未知的选项 {$found}，应为{ $expected_kind ->
        [one-of] 以下之一：{$expected}
       *[other] {$expected}
    }
check-output-no-folder = {$file}：文件夹 {$folder} 不存在
check-output-is-folder = 是文件夹；此处需要文件
check-output-not-regular = 不是普通文件（而是设备、管道或套接字）；请给出文件名
check-output-is-file = 是文件；报告是文件夹（index.html 及其表格）
check-output-is-file-not-folder = 是文件；此处需要文件夹
check-output-not-a-report = {$folder}：该文件夹已存在且不是 firecover 报告（没有 {$marker}）；请换一个新的或空的文件夹，以免替换其中的文件
check-output-not-only-a-report = {$folder}：该文件夹是以前的 firecover 报告，但 {$entry} 不是报告写出的文件；请将其移出，或换一个文件夹，以免替换您自己的文件
check-output-overlap = {$first} 与 {$second}：两个输出在同一路径上，或一个在另一个之内；请各给一个路径
check-duplicate-node = 路网节点编号 `{$node}` 重复（首次出现于 {$first}）
check-longitude = 须为 [-180, 180] 内的经度，而不是 {$value}
check-latitude = 须为 [-90, 90] 内的纬度，而不是 {$value}
check-duplicate-station = 消防救援站编号 `{$station}` 重复（首次出现于 stations[{$first}]）
check-at-most-a-day = 最多 {$max} 秒（一天），而不是 {$value}
check-kind-twice = 车辆类型 `{$kind}` 列了两次
check-unknown-kind = 未知的车辆类型 `{$kind}`（{ $has_units ->
        [no] 没有任何消防救援站配有车辆
       *[yes] 各站现有：{$known}
    }）
check-rule-unsatisfiable = 任何消防救援站都无法满足此调派规则：需要 {$count} 辆 {$kinds}，而全部车辆只有 {$fleet} 辆
check-unknown-type-list = 未知的警情类型 `{$name}`（已有类型：{$types}）
check-unknown-type = 未知的警情类型 `{$name}`
check-incident-count = 须为警情数（整数），而不是 {$value}
check-unknown-setting = 没有需求点属于区域类型 `{$setting}`（已有：{$settings}）
check-shares-sum = 各份额之和须为 1，而不是 {$value}
check-station-cut-off = 消防救援站 `{$station}`（节点 `{$node}`）与主路网（{$size} 个节点）不连通；只能出动到其所在的局部路网
check-sends-nothing = 至少须调派一辆车
check-key-control-character = 键名含有控制字符
check-travel-table-too-large = {$stations} 个消防救援站 × {$places} 个需求点 × {$windows} 个时段 = {$entries} 项行驶时间表，超过可容纳的 {$max} 项（每个方向 {$megabytes} MB）；请合并需求点、减少车速时段或班次，或拆分研究区域
check-candidate-lists-too-large = {$units} 个作战单元 × {$places} 个需求点 × {$windows} 个时段 = {$entries} 项候选单元表，超过可容纳的 {$max} 项（{$megabytes} MB）；请合并需求点、减少车速时段或班次，或拆分研究区域
check-unknown-jurisdiction-list = [standard] jurisdiction_km2 中没有 `{$key}`（已有：{$keys}）
check-no-such-station = 没有编号为 `{$station}` 的消防救援站
check-share-range = 须在 (0, 1] 内，而不是 {$value}
check-count-range = 须为 {$min} 到 {$max} 之间的整数，而不是 {$value}
check-template-no-units = 新建站至少需要一辆车
check-milp-not-built = "milp" 需要 HiGHS 求解器，而此版本的 firecover 未包含它：请用 `cargo build --release --features highs` 构建，或改用 "auto" 或 "heuristic"
check-template-unknown-kind = 没有消防救援站配有 `{$kind}`：任何调派规则都不会派出它（已有车辆类型：{$kinds}）
check-whole-number = 须为不小于 0 的整数，而不是 {$value}
check-unknown-jurisdiction = [standard] jurisdiction_km2 中没有 `{$key}`
check-builtin-or-file = `builtin` 与 `file` 只能给出一个
check-network-empty = 路网需要节点：在文件中写 `nodes = [...]`，或用 `builtin = "<区县>"`
check-edge-needs-time = 需要 time_s 或 speed_kmh，或在 [network.speeds] 中给出道路等级 `{$class}` 的车速（或给出 [network] default_speed_kmh）
check-too-many-classes = 道路等级超过 65,536 种：等级是道路的类别，请为每类给出车速
check-missing-speeds = {$file} 的道路等级 {$classes} 没有消防车车速：请在 [network.speeds] 中加上 `<等级> = <公里/小时>`
check-road-file-type = {$file}：未知的路网文件类型；请用 .fcnet、.osm.pbf 或 .geojson
check-unknown-builtin = 未知的内置区县 `{$name}`（现有：{$known}）
check-units-per-line = 每行最多 {$max} 辆，而不是 {$value}
check-too-many-units = 情景的车辆将超过 {$max} 辆；每辆车都是每个地点的候选，行驶时间表和候选表将无法容纳
check-vehicles = {$vehicles} 辆车不足以组成其 {$units} 个作战单元
check-dist-needs = dist = "{$dist}" 需要 {$key}
check-dist-unused = dist = "{$dist}" 不使用此项
check-cv-range = sd_s / mean_s = {$value}，超出可构造分布的范围（1e-6 到 1e6）
check-empirical-needs-quantiles = dist = "empirical" 需要 quantiles = [[p, 秒数], ...]
check-quantiles-rows = 至少需要两行，从 p = 0 到 p = 1
check-probability = 概率须在 [0, 1] 内，而不是 {$value}
check-probabilities-increase = 概率须逐行递增
check-seconds-increase = 秒数不得逐行减少
check-quantiles-ends = 表须从 p = 0 开始、到 p = 1 结束
check-only-replay = 仅用于 mode = "counts"
check-poisson-needs-rates = mode = "poisson" 需要 per_year = {"{"} <类型> = <每年警情数>, ... {"}"}
check-rates-zero = 所有警情率均为零：不会发生任何警情
check-only-poisson = 仅用于 mode = "poisson"
check-replay-needs-years = mode = "counts" 需要 years = [ {"{"} year = 2016, <类型> = <警情数>, ... {"}"}, ... ]
check-no-year = 至少需要一年
check-not-a-year = 不是公历年份：{$value}
check-years-increase = 年份须递增（{$year} 排在 {$previous} 之后）
check-no-demand-point = 至少需要一个需求点（points = [...] 或 builtin = "<区县>"）
check-weight-max = 相对权重最大为 {$max}，而不是 {$value}
check-place-not-in-network = 节点 `{$node}` 上的需求点不在路网中：请用同一区县的 [network] builtin
check-places-snap-too-far = {$total} 个内置需求点中有 {$count} 个离本路网最近的节点超过 [network] max_snap_m = {$max} 米（由远及近）：{$places}。路网是否覆盖了整个区县？请导入更大范围的数据，或调大 max_snap_m
check-settings-partial = {$total} 个需求点中有 {$with} 个写了区域类型：请全部写上，或全都不写
check-weights-zero = 权重不能全为零
check-years-max = 每次仿真最多模拟 {$max} 年，而不是 {$value}；请改为增加仿真次数
check-poisson-needs-years = mode = "poisson" 需要 years = <每次仿真模拟的年数>
check-years-ignored = 按年警情数或警情记录模式下不使用：模拟期即其年份
check-place-cut-off = 节点 `{$node}` 上的需求点与主路网不连通；{ $answered ->
        [part] 只有其所在局部路网中的消防救援站能够出动
       *[none] 任何消防救援站都无法到达，其警情计为无法到达
    }
check-alarms-max = 每次仿真 {$expected} 起警情，超过一次仿真可容纳的 {$max} 起（每个工作线程保存一次仿真的全部警情，达到上限时约 {$megabytes} MB）；请改为更多、更短的仿真
check-share-without-places = 区域类型 `{$setting}` 的份额为 {$share}，但其需求点权重全为 0：这些警情无处发生
geo-not-geojson = {$file}：不是 GeoJSON 文档：{$detail}
geo-not-collection = {$file}：应为由 LineString 组成的 GeoJSON FeatureCollection
geo-linestring = {$file}：{$at}：几何类型须为 LineString
geo-linestring-short = {$file}：{$at}：LineString 至少需要两个坐标
geo-property-string = {$file}：{$at}：属性 `{$key}` 须为字符串，而不是 {$value}
geo-property-control = {$file}：{$at}：属性 `{$key}`：`{$value}` 含有控制字符（如转义序列或换行），会原样送到终端；请删除
geo-node-moved = {$file}：{$at}：节点 `{$node}` 与之前要素给出的位置相距 {$distance} 米
geo-property-positive = {$file}：{$at}：属性 `{$key}` 须为正数，而不是 {$value}
geo-property-boolean = {$file}：{$at}：属性 `{$key}` 须为 true 或 false，而不是 {$value}
geo-expected-polygon = {$file}：应为多边形（Polygon）
geo-ring-open = {$file}：{$at}：环须闭合（首尾坐标相同）且至少有 3 个角点
geo-empty-polygon = {$file}：多边形为空
geo-position-short = {$file}：{$at}：坐标需要经度和纬度，而不是 {$count} 个数
geo-position-range = {$file}：{$at}：无效坐标 [{$lon}, {$lat}]：应为 WGS84 经纬度（度，EPSG:4326）
net-fcnet-magic = {$file}：不是 firecover 路网文件（.fcnet）：文件头标识不对
net-fcnet-version = {$file}：格式版本为 {$found}，本版 firecover 读取版本 {$version}；请重新导入 OpenStreetMap 数据
net-fcnet-damaged = {$file}：文件已损坏：{$why}
net-pbf = {$file}：不是可读取的 OpenStreetMap PBF 文件：{$why}
net-osm-xml = {$file}：这是 OpenStreetMap XML 而不是 PBF；请用 `osmium cat {$file} -o extract.osm.pbf` 转换
net-osm-empty = {$file}：裁剪范围内没有可通行的道路
net-osm-no-roads = {$file}：该数据中没有可通行的道路
check-not-with-records = mode = "records" 不使用此项：时间、地点和类型都由警情记录给出
check-only-records = 仅用于 mode = "records"
check-replay-renamed = mode = "replay" 已更名为 "counts"（按年警情数，时间和地点随机，并非逐条回放警情记录）：请写 mode = "counts"；"replay" 仍可使用
check-records-needs-file = mode = "records" 需要 records = "<文件>.csv" 或 "<文件>.geojson"（时间、类型、经纬度或地点）
check-records-empty = {$file} 中没有警情记录
check-records-offsets = {$file}：有 {$count} 条记录的 UTC 偏移与第一行的 {$offset} 不同（第 {$row} 行：{$other}）；每起警情按其实际时刻排列，一天中的小时按 {$offset} 计
check-record-missing = {$file} 第 {$row} 行：`{$column}` 列为空
check-record-time = {$file} 第 {$row} 行：`time` 列：`{$value}` 不是带时区偏移的 ISO 8601 时间（例如 2019-03-04T21:17:05+08:00）
check-record-number = {$file} 第 {$row} 行：`{$column}` 列：`{$value}` 不是数字
check-record-control = {$file} 第 {$row} 行：`{$column}` 列：`{$value}` 含有控制字符（如转义序列或换行），会原样送到终端；请删除
check-record-coordinate = {$file} 第 {$row} 行：`lon`、`lat` 列：({$lon}, {$lat}) 不是有效坐标（经度 -180..180，纬度 -90..90；是否写反了？）
check-record-no-place = {$file} 第 {$row} 行：没有地点：请给出 `lon` 和 `lat`，或 `place`
check-record-on-scene = {$file} 第 {$row} 行：`on_scene_min` 列：{$value} 分钟不在 0 到 1440 之间
check-record-csv = {$file} 第 {$row} 行：{$detail}
check-record-no-column = {$file}：表头中没有 `{$column}` 列（可用的列：id、time、type、lon、lat 或 place、on_scene_min、zone、setting）
check-record-geojson = {$file}：{$detail}
check-record-not-point = {$file} 第 {$row} 个要素：几何必须是 Point（或没有几何而给出 `place` 属性）
check-record-duplicate-id = {$file} 第 {$row} 行：`id` 列：`{$id}` 已是第 {$first} 行的编号
check-record-type = {$file} 第 {$row} 行：`type` 列：未知的警情类型 `{$value}`（可用类型：{$types}）
check-record-outside = {$file} 第 {$row} 行：`lon`、`lat` 列：({$lon}, {$lat}) 在区域之外：最近的路网节点在 {$distance} 米外，超过 [network] max_snap_m = {$max} 米
check-record-place = {$file} 第 {$row} 行：`place` 列：`{$value}` 既不是路网节点，也不是本区县的乡镇驻地
check-record-more = {$file}：另有 {$more} 行有误（共 {$total} 行）；请改正后重新运行
check-jitter-max = jitter_m 最大为 {$max} 米，而不是 {$value}：移得更远的记录已不在其发生地
check-cv-max = 变异系数最大为 {$max}，而不是 {$value}
check-profile-hours = 需要 24 个小时权重（第 0 小时 = 00:00–01:00），而不是 {$count} 个
check-profile-zero = 小时权重不能全为零
check-window-hours = from_hour = {$from}，to_hour = {$to}：时段须满足 0 ≤ from_hour < to_hour ≤ 24
check-window-factor-max = 车速系数最大为 2，而不是 {$value}
check-window-class = 本路网中没有道路等级 `{$class}`（可用等级：{$classes}；"*" 表示所有等级）
check-window-overlap = {$from}–{$to} 时与 network.speed_windows[{$other}]（{$other_from}–{$other_to} 时）重叠：时段不能重叠
check-shift-hours = from_hour = {$from}，to_hour = {$to}：班次须满足 0 ≤ from_hour ≤ 23、1 ≤ to_hour ≤ 24 且两者不等（to_hour 小于 from_hour 表示跨过午夜）
check-shift-staffed = staffed = {$value}：该站共有 {$units} 辆车；一个班次在岗的车辆数须在 0 到全部之间
check-shift-overlap = {$from}–{$to} 时与本站 shifts[{$other}]（{$other_from}–{$other_to} 时）重叠：同一站的班次不能重叠
# 系统拒绝文件操作的原因（std::io::ErrorKind）
io-not-found = 文件或文件夹不存在
io-permission-denied = 没有权限
io-already-exists = 已存在
io-closed = 运行开始前已被关闭
io-storage-full = 磁盘已满
io-quota = 磁盘配额已用完
io-read-only = 文件系统为只读
io-is-a-folder = 这是一个文件夹
io-not-a-folder = 路径中有一部分不是文件夹
io-file-too-large = 文件超出了文件系统允许的大小
io-busy = 文件正被占用
io-other = 系统提示：{$reason}
output-write-failed = 无法写入 {$file}：{$reason}
output-interrupted = 写入输出时被中断（信号 {$signal}），原有文件保留不变
output-folder-failed = 无法创建文件夹 {$folder}：{$reason}
args-unknown = 未知参数 {$arg}
args-unknown-command = 未知命令 {$arg}
args-invalid-value = {$arg}：取值 {$value} 无效
args-missing = 缺少 {$arg}
args-conflict = {$arg} 不能与 {$other} 同时使用
args-missing-command = 需要指定命令
args-value-count = {$arg}：取值个数不对
args-valid-values = （可选：{$values}）
args-did-you-mean = ；是否想用 {$nearest}？
args-help = 查看全部选项请运行：firecover --help（或 firecover <命令> --help）
check-label-unknown-id = “{$id}”不是本情景中的标识（已有：{$known}）
