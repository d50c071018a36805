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
check-output-not-a-report = {$folder}：该文件夹已存在且不是 firecover 报告（没有 {$marker}）；请换一个新的或空的文件夹，以免替换其中的文件
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
