# 选址研究（`firecover site`）：终端文字、JSON 中的文字及其 HTML 章节。
site-title = 选址研究：{$scenario}
site-objective = 目标：{$name}——{$unit}
site-static-model = 静态模型：首车到场 = 出动准备 + 道路行驶，所有车辆均空闲；到场时间上限 {$limit}
site-setting-limits = （各类区域按各自上限：{$limits}）
site-radius = 半径：{$radius}
site-candidates = 候选站址：{$kept} 个新址（{$source}）；共考察 {$considered} 个，{$excluded} 个位于禁建区，{$set_back} 个因退让距离剔除，{$thinned} 个因间距剔除，{$disconnected} 个不在主路网上
site-candidates-removable = ；另加 {$stations} 的现址
site-candidates-count = 候选站址：{$count} 个
site-demand = 需求：{$places} 个地点，合计 {$total}
site-demand-unservable = ；{$count} 个地点任何消防救援站都无法到达
site-stay = 保留的消防救援站：{$stations}
site-new-station = 新建站：{$template}
site-col-new = 新建
site-col-objective = 静态目标值
site-col-solver = 求解方法
site-col-within = 仿真达标率
site-col-diff = 较研究情景变化（百分点）
site-col-mean = 平均到场时间
site-no-station = （无站）
site-now = （研究情景）
site-alternatives = 新建 {$count} 个站时，按静态目标次优的其他方案：
site-findings = 结论：
site-jurisdiction-title = 辖区面积核查（标准面积上限，静态，200 米网格）：
site-jurisdiction-line = 新建 {$count} 个：{$stations}
site-jurisdiction-ok = 达标
site-jurisdiction-over = 超限
site-jurisdiction-all-meet = 各站均未超过其上限
site-jurisdiction-some-over = {$count} 个站超限
site-closes = 撤并 {$station}（不另建）
site-moves = {$station} 迁建 {$km} 公里，至 {$site}
site-place-township = 位于{$township}
site-place-near = ，距 {$station} {$km} 公里
site-solver-milp = 整数规划
site-solver-exact = 精确求解
site-solver-heuristic = 启发式
site-gap-optimal = 最优
site-gap-ties-best = 与 #1 并列
site-gap-behind-best = 较 #1 差 {$gap} %
site-gap = 差距 {$gap} %
site-gap-unknown = 差距未知
site-time-limit = （达到时限）
site-objective-cover = 最大覆盖
site-objective-lscp = 集合覆盖
site-objective-median = 中位（平均到场最短）
site-objective-center = 中心（最长到场最短）
site-objective-backup = 双重覆盖
site-demand-alarms = 年预期警情数
site-demand-plain = 需求量
site-cost-limit = 到场时间上限
site-cost-radius = 半径
site-unit-cover = 在{$cost}内到达的{$demand}
site-unit-lscp = 使 {$share} % 的{$demand}在{$cost}内到达所需的新站址数
site-unit-median-scenario = 按预期警情加权的平均首车到场时间（出动准备 + 行驶）
site-unit-median-matrix = 按需求加权的总成本（以均值显示）
site-unit-center = 有需求地点中最长的首车到场成本
site-unit-backup = 在{$cost}内至少到达一次的{$demand}，加上至少到达两次的
site-value-mean = 平均 {$value}
site-value-max = 最长 {$value}
site-value-total-mean = {$total}（均值 {$mean}）
site-template = {$category}，{$units}，出动准备 {$turnout}（{$source}）
site-category-station = 消防救援站
site-category-township-team = 乡镇专职消防队
site-category-other = 其他
site-template-table = `[siting.station]` 表
site-template-copy = 仿照消防救援站 {$station}
site-template-units = `--units` 参数
site-source-list = {$file} 所列站址
site-source-within = {$polygon} 范围内的路网节点
site-source-within-given = 所给多边形内的路网节点
site-source-region = 区域（{$region}）内的路网节点
site-source-region-builtin = 内置的{$name}区界
site-source-region-given = 情景文件给出的边界
site-source-everywhere = 全部路网节点
site-source-spacing = {$source}，相互间距不小于 {$spacing} 米
site-finding-agree = 新建 {$count} 个站时，仿真与静态目标一致：方案 #1 在车辆繁忙时的达标率也最高。
site-finding-disagree = 新建 {$count} 个站时，两种排序不一致：静态目标以方案 #1 为最优，仿真（计入车辆繁忙与多车调派）以方案 #{$rank} 为最优，达标率相差 {$diff} 个百分点{$ci}（配对比较）。
site-wrote = 已将 {$files} 个情景文件和 {$maps} 幅地图写入 {$dir}（每个情景均继承 {$input}；可直接用于 `firecover run` 和 `compare`）
site-html-title = 选址研究
site-html-intro = 目标为{$name}，即{$unit}。候选站址 {$candidates} 个；保留的消防救援站：{$stations}。
site-new-station-name = 新建站 {$number}
site-sentence-gap = {""}
site-html-new-station = 新建站：{$template}。
site-html-col-scenario = 情景
site-html-col-count = 新建站数
site-html-col-solution = 方案
site-html-col-objective = 静态目标值
site-html-col-gap = 差距
site-html-col-within = 仿真达标率
site-html-col-ci = 95% 置信区间
site-html-col-diff = 较研究情景变化（百分点）
site-html-col-rank = 仿真排名
site-html-col-sites = 新站址
site-html-col-file = 文件
site-html-letters = 情景 A 为所研究的输入情景（按其文件，不一定是现状）；B、C…… 为本表中的方案，报告其余部分均与 A 对比。
site-html-jurisdictions = 辖区面积与上限对比
site-html-col-station = 消防救援站
site-html-col-area = 辖区面积 km²
site-html-col-limit = 上限 km²
site-html-col-meets = 是否达标
site-html-yes = 是
site-html-no = 否
site-too-few-candidates = 要求新建 {$asked} 个站址，但候选站址只有 {$candidates} 个
site-needs-input = 需要情景文件或 --costs
site-html-needs-simulation = --html 需要仿真核验（请去掉 --no-simulate）
site-time-limit-invalid = --time-limit 须为正的秒数，而不是 {$value}
site-no-such-station = {$option} {$station}：没有这个消防救援站
site-nothing-stays = 所有消防救援站都可撤并且不新建：将一个站都不剩
site-no-template = 没有新建站模板：请添加 [siting.station] 或 --units（没有可仿照的消防救援站）
site-not-negative = {$option} 须不小于 0，而不是 {$value}
site-turnout-over-a-day = --turnout-s {$value}：出动准备时间超过一天（{$max} 秒），不是消防站的实际情况；这样写出的方案无法通过校验
site-units-count = --units：`{$part}`：应为 类型:数量，数量为 1 到 10000
site-units-kind = --units：`{$part}`：缺少车辆类型
site-costs-need-radius = 此目标下 --costs 需要 --radius（覆盖半径，单位与矩阵相同）
site-infeasible = 无可行解：{$reason}
site-matrix-not-a-number = {$file}:{$line}：列 `{$column}`：`{$text}` 不是数值
site-matrix-nan = {$file}:{$line}：列 `{$column}`：NaN（非数值）
site-matrix-negative = {$file}:{$line}：列 `{$column}`：{$value} 为负数
site-matrix-header = {$file}:{$line}：表头需要 `demand` 和至少一个候选站址编号
site-matrix-ragged = {$file}:{$line}：有 {$values} 个值，但表头列出 {$candidates} 个候选站址（行长度不一）
site-matrix-demand-again = {$file}:{$line}：需求点 `{$demand}` 重复（首次在第 {$first} 行）
site-matrix-no-rows = {$file}:{$line}：没有需求点行
site-weights-columns = {$file}:{$line}：应为 `demand,weight`，却有 {$values} 个值
site-weights-unknown = {$file}:{$line}：需求点 `{$demand}` 不在成本矩阵中
site-weights-again = {$file}:{$line}：需求点 `{$demand}` 重复
site-weights-infinite = {$file}:{$line}：权重为无穷大
site-weights-missing = {$file}：需求点 {$demand} 没有权重（成本矩阵的每一行都需要）
site-no-nodes = 路网没有节点
site-list-too-far = {$file}:{$line}：站址 `{$site}` 距最近的路网节点 {$distance} 米（最多 {$max} 米）
site-too-many-candidates = 候选站址超过 {$max} 个：请加大 [siting.candidates] spacing_m（现为 {$spacing} 米）或给出更小的 `within` 多边形
site-list-coordinates = {$file}:{$line}：({$lon}, {$lat}) 不是经纬度
site-list-geometry = {$file}：应为带 `id` 属性的点（Point）要素
site-list-not-a-point = {$file}：第 {$feature} 个要素不是点（Point）
site-list-position = {$file}：第 {$feature} 个要素：坐标需要经度和纬度
site-list-columns = {$file}:{$line}：应为 id,lon,lat[,name]，却有 {$values} 个值
site-list-not-a-number = {$file}:{$line}：{$column} `{$text}` 不是数值
site-list-again = {$file}:{$line}：站址 `{$site}` 重复（首次在第 {$first} 行）
site-list-control = {$file}:{$line}：`{$value}` 含有控制字符（如转义序列或换行），会原样送到终端和地图；请删除
site-list-empty = {$file}：没有站址
site-no-further-solution = 在已找到的方案附近没有其他不同的方案
site-cannot-reach-all = 任选 {$count} 个站址都无法到达所有可到达的地点
site-share-uncoverable = 即使启用全部候选站址，也覆盖不到 {$share} % 的需求
site-model-infeasible = 任选 {$count} 个站址都无法满足 {$model} 模型的约束
site-no-candidates = 没有候选站址（{$source}；共考察 {$considered} 个，{$excluded} 个位于禁建区，{$set_back} 个因退让距离剔除，{$disconnected} 个不在主路网上）
site-bad-radius = 半径 {$value} 不是不小于 0 的有限数值
site-uncoverable = {$count} 个需求点（占需求的 {$share} %）在 {$radius}{ $own ->
        [yes] （或其区域类型自己的上限）
       *[no] {""}
    } 内任何候选站址或保留的站都无法到达：{$places}{ $any_more ->
        [yes] {" "}等，另有 {$more} 个
       *[no] {""}
    }
site-shard-needs-simulation = --shard 用于分片运行模拟检验，不能与 --no-simulate 同时使用
site-merge-differs = {$file}：合并时重新求解的方案与各分片模拟的方案不同（求解时间限制，或输入已改变）；请重新运行全部分片
site-milp-not-built = --solver milp 需要 HiGHS 求解器，而此版本的 firecover 未包含它：请用 `cargo build --release --features highs` 构建（需要 cmake、C++ 编译器和 libclang），或改用 --solver auto 或 heuristic
site-unproven = 未证明最优：启发式解与最优值之差不超过所示差距（相对拉格朗日界），但并未证明它就是最优解。{ $milp ->
    [yes] 模型规模不大时，`--solver milp` 可以证明。
   *[other] 用 HiGHS 构建（`cargo build --release --features highs`）后，`--solver milp` 可以证明。
}
site-matrix-unreadable = {$file}:{$line}：不是一行逗号分隔的值
site-matrix-control = {$file}:{$line}：编号 `{$id}` 含有控制字符（如转义序列或换行），会原样送到终端；请删除
site-matrix-candidate-again = {$file}:{$line}：候选站址 `{$candidate}` 在表头中出现两次（第 {$first} 列和第 {$second} 列）；每个候选站址须有自己的编号
site-option = {$option} {$reason}
site-add-form = `{$text}`：应为一个数目（`3`）或一个范围（`1..4`）
site-add-backwards = `{$text}`：范围的起点大于终点
site-add-too-many = `{$text}`：新建站最多 {$max} 个
site-proposal-invalid = 建议方案情景 {$file} 未通过校验；这是 firecover 的缺陷，请连同情景文件一并报告
site-jurisdiction-as-above = 其余 {$count} 个站同上
site-html-page-title = 选址研究：{$scenario}
site-objective-why = { $objective ->
    [cover] 本目标即标准的“接到出动指令后在上限内首车到场”要求：统计能按时到达的警情。
    [median] 本目标衡量全部警情的平均到场时间，并非标准的按时到场要求；所选站址可能与最大覆盖不同（`--objective cover` 为标准口径）。
    [center] 本目标衡量最远地点的到场时间，并非标准的按时到场要求；`--objective cover` 为标准口径。
    [backup] 本目标另计第二个站也能按时到达的警情，以便一个站出警时另一个站补位；标准本身只要求一个站按时到达。
   *[lscp] 本目标求使指定比例的警情在标准上限内到达所需的最少新建站数。
}
site-team-name = {$township}专职消防队
