# 在集群上分片运行并精确合并

shard-syntax = --shard {$text}：格式应为 K/N（N 片中的第 K 片，从 0 起）、auto（Slurm 作业数组任务）或 auto/N（N 个任务的 Kubernetes Indexed Job）
shard-range = --shard {$index}/{$count}：须 0 ≤ K < N，且 N 不超过重复次数（{$replications}）
shard-environment = --shard auto：未设置 {$variable}；请作为 Slurm 作业数组任务运行，或在 Kubernetes Indexed Job 中使用 auto/N
shard-environment-value = --shard auto：{$variable} = `{$value}` 不是整数
shard-written = 第 {$index} 片（共 {$count} 片）：{$replications} 次重复中的第 {$from}–{$to} 次已写入 {$file}；请用 `firecover merge` 合并全部分片
shard-no-reports = --shard 只写出分片结果；--json 和 --html 请在 `firecover merge` 中给出
part-magic = {$file}：不是 firecover 分片结果文件（.fcpart）：文件标识不符
part-format = {$file}：分片结果格式为 {$found}，本程序读取格式 {$format}；请用本版本重新运行该分片
part-damaged = {$file}：分片结果已损坏：{$why}；请重新运行该分片
part-mismatch = {$file}：与 {$first} 不属于同一次运行：{ $what ->
    [program] 程序版本
    [command] 命令
    [files] 情景文件
    [content] 情景内容
    [seed] 随机种子
    [replications] 重复次数
    [arguments] 命令行参数
   *[count] 分片数
}不同
part-mismatch-argument = {$file}：与 {$first} 不属于同一次运行：命令行参数不同：此处为 `{$theirs}`，彼处为 `{$ours}`（线程数与输出路径可以不同）
part-scenario-not-found = {$part} 所记录的 {$path} 不在原处，也不在 {$folders} 中；请用 --scenario-dir 指明其所在文件夹
slurm-too-many-tasks = --tasks {$tasks}：每个阵列任务至少运行一次重复，而本次运行只有 {$replications} 次重复；请用 --tasks {$replications} 或更少，或增加 --replications
part-why-truncated-header = 文件在文件头内即已结束
part-why-length = 文件头声明有 {$announced} 字节数据，文件实有 {$holds} 字节（复制时被截断？）
part-why-checksum = 校验和不符
part-why-sections = 分段长度有误
part-why-undecodable = 数据无法解码（{$detail}）
part-why-shard = 文件自称为 {$count} 个分片中的第 {$index} 个，而 {$replications} 次重复的运行不可能如此分片
part-why-arguments = 其 {$command} 命令行参数无法解析：{$detail}
part-why-changed = 合并过程中文件发生了变化
part-why-fewer-runs = 所含的运行少于其命令应产生的数量
part-why-blocks = 其数据块与其分片不符
part-why-histograms = 其直方图与情景不符
part-why-implausible = 其数值不可能来自一次运行（{$what}）
part-duplicate = 第 {$index} 片给出了两次：{$first} 和 {$second}；请保留需要的一个
part-missing = 共 {$count} 片中缺少 {$missing} 片：{$list}；只需重新运行这些分片（Slurm：sbatch --array={$list} ...）后再合并
part-changed = 分片运行之后 {$path} 已被修改（内容不同）；请恢复该文件，或重新运行全部分片
part-none = 未给出分片结果
slurm-written = 已写出 {$array}（{$tasks} 个分片的作业数组，共 {$replications} 次重复）和 {$merge}（合并作业）
slurm-dynamic-binary = 注意：脚本运行的是 {$exe}，它链接本机的 C 库（glibc），在 C 库较旧的计算节点（RHEL 8、CentOS 7）上无法启动；请先用 `cargo build-static` 构建静态链接版本，再用它写出脚本（见 docs/cluster.md）
slurm-how = 提交：jid=$(sbatch --parsable {$array}) && sbatch --dependency=afterok:$jid --kill-on-invalid-dep=yes {$merge}（或运行 `firecover slurm ... --submit`）
slurm-submitted = 分片已作为作业 {$array} 提交，合并作业为 {$merge}（全部分片成功后运行）；结果将写入 {$result}。查看进度：
slurm-path-not-utf8 = {$option} {$path}：路径不是 UTF-8 文本，脚本无法安全地写出它；请换一个文件夹
slurm-control-character = {$option} `{$value}`：含有控制字符（如换行），会变成作业中的一条命令；拒绝执行
slurm-path-directive = {$option} {$path}：此文件夹路径中的反斜杠或双引号无法写入 #SBATCH 指令（Slurm 会自行解释它们）；请换一个不含它们的文件夹
slurm-bad-partition = --partition `{$value}`：不是 Slurm 分区名（字母、数字、_ . -，多个分区用逗号分隔）
slurm-bad-time = --time `{$value}`：不是 Slurm 的时间限制（分钟、M:S、H:M:S、D-H、D-H:M、D-H:M:S 或 UNLIMITED）
