# firecover sweep：在假设的变化范围内运行同一情景

sweep-title = {$scenario} 的敏感性分析：{$runs} 次变动运行 × {$replications} 次重复，随机种子 {$seed}，共用随机数（每次运行面对相同的警情）
sweep-against = 每次运行都与同样变动后的 {$baseline} 比较。
sweep-not-in-against = 仅在本情景中变动（基准情景没有这些键）：{$keys}
sweep-measure = 排序依据：{$measure}
sweep-measure-all = 达标警情比例
sweep-measure-setting = {$setting}警情达标比例
sweep-measure-gain = 相对 {$baseline} 的{$measure}提升（百分点）
sweep-col-run = 运行
sweep-col-within = 达标比例
sweep-col-change = 变化（百分点）[95% 置信区间]
sweep-col-mean = 平均到场时间
sweep-col-mean-change = 变化
sweep-col-gain = 提升（百分点）[95% 置信区间]
sweep-as-written = 原始设定
sweep-influence = 对{$measure}的影响，由大到小（所试取值中的最低 … 最高）：
sweep-influence-line = {"  "}{$rank}. {$key}：{$low_value} 时 {$low} … {$high_value} 时 {$high}（幅度 {$spread} 个百分点）
sweep-verdict = 在所试的全部假设下（{$runs} 次运行），{$scenario}：{$measure}在 {$low} 至 {$high} 个百分点之间；{$runs} 个置信区间中有 {$significant} 个不含零。
sweep-tornado-title = 哪项假设对结果影响最大
sweep-html-title = 敏感性分析：{$scenario}
sweep-html-runs = 全部运行
sweep-err-form = --vary {$spec}：格式应为 KEY=LO..HI[:STEPS]、KEY=V1,V2,... 或 station.ID.site=RADIUS_M
sweep-err-number = --vary {$spec}：`{$value}` 不是数字
sweep-err-steps = --vary {$spec}：STEPS 须为 1 到 {$max} 的整数
sweep-err-radius = --vary {$spec}：半径须大于 0 且不超过 {$max} 米
sweep-err-values = --vary {$spec}：最多 {$max} 个取值
sweep-err-unknown-key = --vary {$spec}：情景中没有键 `{$key}`
sweep-err-not-numeric = --vary {$spec}：`{$key}` 是{$kind ->
    [string] 字符串
    [boolean] 布尔值
    [date] 日期
    [list] 列表
   *[table] 表
}，不是数字：只能变动数值型的键（站点位置请用 station.ID.site=RADIUS_M）
sweep-err-nearest = ；最接近的数值键：{$keys}
sweep-err-station = --vary {$spec}：没有消防站 `{$station}`（现有：{$known}）
sweep-err-no-nodes = --vary {$spec}：消防站 `{$station}` 周围 {$radius} 米内没有车辆可往返的道路节点
sweep-err-duplicate = --vary {$key} 重复给出
sweep-err-run-setting = --vary {$spec}：扫描的每次运行都使用相同的随机种子和重复次数（公共随机数，使差异只来自所变化的参数）；请用 --seed 和 --replications 为整个扫描设定，或用 `firecover run` 比较不同种子的结果
sweep-err-too-many = 本次分析需要 {$runs} 次运行，超过上限 {$max}：请减少取值，或不用 --grid 而逐项变动
sweep-err-setting = --setting {$setting}：情景中没有该区域类型（现有：{$known}）
sweep-err-variation = 设为 {$settings} 后情景无效：
sweep-default = 默认值
sweep-default-value = {$value}（默认值）
sweep-site-unmoved = 原址
sweep-site-moved = 向{$direction} {$metres} 米
sweep-dir-n = 北
sweep-dir-ne = 东北
sweep-dir-e = 东
sweep-dir-se = 东南
sweep-dir-s = 南
sweep-dir-sw = 西南
sweep-dir-w = 西
sweep-dir-nw = 西北
sweep-err-generator = --vary {$spec}：{$reason}
sweep-err-regenerate = 设为 {$settings} 后无法生成路网：{$reason}
sweep-pp = {$pp} 个百分点
sweep-unit-pp = 个百分点
sweep-key-speed = {$class}车速
sweep-key-standard-turnout = 标准出动准备时间
sweep-key-standard-travel = 标准行驶时间
sweep-key-travel-cv = 行驶时间变异系数
sweep-key-station-turnout = {$station} 出动准备时间
