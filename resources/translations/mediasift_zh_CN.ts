<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>AppSettings</name>
        <message>
            <source>the command line</source>
            <translation>命令行</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>the environment ({name})</source>
            <translation>环境变量（{name}）</translation>
        </message>
        <message>
            <source>the default, or the model the library was last indexed with</source>
            <translation>默认值，或媒体库上次建立索引所用的模型</translation>
        </message>
        <message>
            <source>the default</source>
            <translation>默认值</translation>
        </message>
    </context>
    <context>
        <name>ColorScheme</name>
        <message>
            <source>As the system</source>
            <translation>跟随系统</translation>
        </message>
        <message>
            <source>Light</source>
            <translation>浅色</translation>
        </message>
        <message>
            <source>Dark</source>
            <translation>深色</translation>
        </message>
    </context>
    <context>
        <name>DateField</name>
        <message>
            <source>YYYY-MM-DD</source>
            <translation>年-月-日</translation>
        </message>
        <message>
            <source>{field}: calendar</source>
            <translation>{field}：日历</translation>
        </message>
        <message>
            <source>Pick the date from a calendar</source>
            <translation>从日历中选择日期</translation>
        </message>
        <message>
            <source>Type a date like 2023-05-01</source>
            <translation>请输入日期，例如 2023-05-01</translation>
        </message>
    </context>
    <context>
        <name>DateFilter</name>
        <message>
            <source>Any time</source>
            <translation>任何时间</translation>
        </message>
        <message>
            <source>Custom range…</source>
            <translation>自定义范围…</translation>
        </message>
        <message>
            <source>This year</source>
            <translation>今年</translation>
        </message>
        <message>
            <source>Last year</source>
            <translation>去年</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>When the photos, videos and recordings were taken</source>
            <translation>照片、视频和录音的拍摄或录制时间</translation>
        </message>
        <message>
            <source>From date</source>
            <translation>开始日期</translation>
        </message>
        <message>
            <source>To date</source>
            <translation>结束日期</translation>
        </message>
        <message>
            <source>to</source>
            <translation>至</translation>
        </message>
    </context>
    <context>
        <name>Dropped</name>
        <message>
            <source>dropped image</source>
            <translation>拖入的图片</translation>
        </message>
        <message>
            <source>pasted image</source>
            <translation>粘贴的图片</translation>
        </message>
    </context>
    <context>
        <name>EngineClient</name>
        <message>
            <source>The MediaSift engine stopped unexpectedly; restart the app.</source>
            <translation>MediaSift 引擎意外停止，请重新启动应用。</translation>
        </message>
    </context>
    <context>
        <name>EngineReasons</name>
        <message>
            <source>file disappeared before it could be read</source>
            <translation>文件在读取前已消失</translation>
        </message>
        <message>
            <source>permission denied</source>
            <translation>没有权限</translation>
        </message>
        <message>
            <source>cannot read: {detail}</source>
            <translation>无法读取：{detail}</translation>
        </message>
        <message>
            <source>empty file</source>
            <translation>空文件</translation>
        </message>
        <message>
            <source>not a photo, video or recording (content is {format})</source>
            <translation>不是照片、视频或录音（内容为 {format}）</translation>
        </message>
        <message>
            <source>internal error: {detail}</source>
            <translation>内部错误：{detail}</translation>
        </message>
        <message>
            <source>failed</source>
            <translation>失败</translation>
        </message>
        <message>
            <source>image has no pixels</source>
            <translation>图片没有像素</translation>
        </message>
        <message>
            <source>image too large to decode safely ({detail})</source>
            <translation>图片过大，无法安全解码（{detail}）</translation>
        </message>
        <message>
            <source>image too large to decode safely ({width}x{height}, {megapixels} megapixels)</source>
            <translation>图片过大，无法安全解码（{width}x{height}，{megapixels} 百万像素）</translation>
        </message>
        <message>
            <source>HEIC/AVIF photo: install the optional pillow-heif plugin to index it</source>
            <translation>HEIC/AVIF 照片：请安装可选的 pillow-heif 插件以便索引</translation>
        </message>
        <message>
            <source>corrupt image: the {format} data cannot be decoded</source>
            <translation>图片已损坏：无法解码 {format} 数据</translation>
        </message>
        <message>
            <source>not a decodable image (content is {format})</source>
            <translation>不是可解码的图片（内容为 {format}）</translation>
        </message>
        <message>
            <source>truncated image (the file ends early)</source>
            <translation>图片不完整（文件提前结束）</translation>
        </message>
        <message>
            <source>corrupt image: {detail}</source>
            <translation>图片已损坏：{detail}</translation>
        </message>
        <message>
            <source>corrupt or truncated {what} (FFmpeg cannot parse it)</source>
            <translation>{what}已损坏或不完整（FFmpeg 无法解析）</translation>
        </message>
        <message>
            <source>truncated {what} (it ends early)</source>
            <translation>{what}不完整（提前结束）</translation>
        </message>
        <message>
            <source>unsupported codec in this {what}</source>
            <translation>此{what}的编解码器不受支持</translation>
        </message>
        <message>
            <source>cannot decode this {what}: {detail}</source>
            <translation>无法解码此{what}：{detail}</translation>
        </message>
        <message>
            <source>unsupported video codec (FFmpeg has no decoder for it)</source>
            <translation>视频编解码器不受支持（FFmpeg 没有相应的解码器）</translation>
        </message>
        <message>
            <source>unsupported audio codec (FFmpeg has no decoder for it)</source>
            <translation>音频编解码器不受支持（FFmpeg 没有相应的解码器）</translation>
        </message>
        <message>
            <source>no decodable video frames</source>
            <translation>没有可解码的视频帧</translation>
        </message>
        <message>
            <source>no audio track</source>
            <translation>没有音轨</translation>
        </message>
        <message>
            <source>no speech found</source>
            <translation>未发现语音</translation>
        </message>
        <message>
            <source>audio ends early (truncated or damaged after {at} s); transcribed what is there</source>
            <translation>音频提前结束（在 {at} 秒后截断或损坏）；已转写现有部分</translation>
        </message>
        <message>
            <source>audio ends early (truncated or damaged after {at} s of {duration} s); transcribed what is there</source>
            <translation>音频提前结束（共 {duration} 秒，在 {at} 秒后截断或损坏）；已转写现有部分</translation>
        </message>
        <message>
            <source>no text-tower folder {folder}</source>
            <translation>没有文本编码器文件夹 {folder}</translation>
        </message>
        <message>
            <source>{file} is missing</source>
            <translation>缺少 {file}</translation>
        </message>
        <message>
            <source>{files} are missing</source>
            <translation>缺少 {files}</translation>
        </message>
        <message>
            <source>{file} is not valid JSON ({detail})</source>
            <translation>{file} 不是有效的 JSON（{detail}）</translation>
        </message>
        <message>
            <source>{file} is not a tokenizer ({detail})</source>
            <translation>{file} 不是分词器（{detail}）</translation>
        </message>
        <message>
            <source>symlink loop</source>
            <translation>符号链接循环</translation>
        </message>
        <message>
            <source>symlink loop (links back to a folder above it)</source>
            <translation>符号链接循环（指回上层文件夹）</translation>
        </message>
        <message>
            <source>broken symlink (its target is missing)</source>
            <translation>符号链接已失效（目标不存在）</translation>
        </message>
        <message>
            <source>not a regular file (device, pipe or socket)</source>
            <translation>不是普通文件（设备、管道或套接字）</translation>
        </message>
        <message>
            <source>folder skipped: {cause}</source>
            <translation>已跳过文件夹：{cause}</translation>
        </message>
        <message>
            <source>its folder cannot be listed</source>
            <translation>无法列出其所在文件夹</translation>
        </message>
        <message>
            <source>{cause}; its files are kept</source>
            <translation>{cause}；其文件的索引会保留</translation>
        </message>
        <message>
            <source>folder not found (an unplugged drive?)</source>
            <translation>找不到文件夹（驱动器已拔出？）</translation>
        </message>
        <message>
            <source>its link points to a folder that is not there</source>
            <translation>其链接指向的文件夹不存在</translation>
        </message>
        <message>
            <source>no longer a folder</source>
            <translation>已不再是文件夹</translation>
        </message>
        <message>
            <source>the drive mounted here is not mounted</source>
            <translation>挂载在此处的驱动器未挂载</translation>
        </message>
        <message>
            <source>looks empty where it held files (an unmounted drive?)</source>
            <translation>原有文件的位置现在是空的（驱动器未挂载？）</translation>
        </message>
        <message>
            <source>another drive is mounted here</source>
            <translation>此处挂载的是另一个驱动器</translation>
        </message>
        <message>
            <source>no files found where it held files (an unmounted drive?)</source>
            <translation>原有文件的位置找不到任何文件（驱动器未挂载？）</translation>
        </message>
        <message>
            <source>{path} cannot be used as {what}: {detail}</source>
            <translation>{path} 不能用作 {what}：{detail}</translation>
        </message>
        <message>
            <source>{path} cannot be used as {what}: {cause}</source>
            <translation>{path} 不能用作 {what}：{cause}</translation>
        </message>
        <message>
            <source>{folder} is not a complete {name}: {cause}</source>
            <translation>{folder} 不是完整的 {name}：{cause}</translation>
        </message>
        <message>
            <source>the speech model {model} is English only; recordings set to &apos;{language}&apos; need a multilingual one (tiny, base, small)</source>
            <translation>语音模型 {model} 只懂英语；设为“{language}”的录音需要多语言模型（tiny、base、small）</translation>
        </message>
        <message>
            <source>&apos;{language}&apos; is not a language Whisper knows; use a code such as zh, en, ja, de, or auto to detect it per file</source>
            <translation>“{language}”不是 Whisper 认识的语言；请使用 zh、en、ja、de 等代码，或用 auto 逐个文件自动检测</translation>
        </message>
        <message>
            <source>to import it, copy the files of {page} ({files}, vocabulary.*) into a folder and run mediasift models import FOLDER --as {name} (or pass --whisper-model /path/to/folder)</source>
            <translation>要导入它，请把 {page} 的文件（{files}、vocabulary.*）复制到一个文件夹，然后运行 mediasift models import FOLDER --as {name}（或传入 --whisper-model /path/to/folder）</translation>
        </message>
        <message>
            <source>{model} is not on this machine (looked in {folder}) and downloads are off; {cause}</source>
            <translation>{model} 不在这台电脑上（已在 {folder} 中查找），且下载已关闭；{cause}</translation>
        </message>
        <message>
            <source>{model} is not on this machine (looked in {folder}) and cannot be downloaded: {detail}; {cause}</source>
            <translation>{model} 不在这台电脑上（已在 {folder} 中查找），且无法下载：{detail}；{cause}</translation>
        </message>
        <message>
            <source>to import it, download {url} on a machine with internet, then run mediasift models import FILE --as {name} (or pass --clip-weights /path/to/file)</source>
            <translation>要导入它，请在能上网的电脑上下载 {url}，然后运行 mediasift models import FILE --as {name}（或传入 --clip-weights /path/to/file）</translation>
        </message>
        <message>
            <source>CLIP weights {model} are not on this machine (looked for {target}) and downloads are off; {cause}</source>
            <translation>CLIP 权重 {model} 不在这台电脑上（已查找 {target}），且下载已关闭；{cause}</translation>
        </message>
        <message>
            <source>CLIP weights {model} are not on this machine (looked for {target}) and cannot be downloaded: {detail}; {cause}</source>
            <translation>CLIP 权重 {model} 不在这台电脑上（已查找 {target}），且无法下载：{detail}；{cause}</translation>
        </message>
        <message>
            <source>the disk holding {where} is full; what was done so far is kept: free some space, then run the same command again to resume</source>
            <translation>存放 {where} 的磁盘已满；已完成的部分都已保留：请腾出一些空间，然后再次运行同一命令继续</translation>
        </message>
        <message>
            <source>cannot write in the data dir {where} ({detail}): indexing needs to write there; search, similar, status and show still work, or choose another --data-dir</source>
            <translation>无法写入数据目录 {where}（{detail}）：建立索引需要写入该目录；搜索、相似、状态和显示仍可使用，或选择另一个 --data-dir</translation>
        </message>
        <message>
            <source>folder {path} does not exist</source>
            <translation>文件夹 {path} 不存在</translation>
        </message>
        <message>
            <source>{path} is not a folder</source>
            <translation>{path} 不是文件夹</translation>
        </message>
        <message>
            <source>the data dir {data_dir} is inside {path}; MediaSift never writes into library folders, so choose another --data-dir</source>
            <translation>数据目录 {data_dir} 位于 {path} 之内；MediaSift 从不写入媒体库文件夹，请选择另一个 --data-dir</translation>
        </message>
        <message>
            <source>{path} is inside the data dir; add your media folders</source>
            <translation>{path} 位于数据目录之内；请添加你的媒体文件夹</translation>
        </message>
        <message>
            <source>data dir {path} exists but is not a folder</source>
            <translation>数据目录 {path} 已存在，但不是文件夹</translation>
        </message>
        <message>
            <source>cannot create the data dir {path}: {detail}</source>
            <translation>无法创建数据目录 {path}：{detail}</translation>
        </message>
        <message>
            <source>another MediaSift (process {pid}) is already indexing the library in {path}; search and status work meanwhile, or use another --data-dir</source>
            <translation>另一个 MediaSift（进程 {pid}）正在为 {path} 中的媒体库建立索引；其间搜索和状态仍可使用，或使用另一个 --data-dir</translation>
        </message>
        <message>
            <source>this library was made by an older MediaSift (schema {found}, now {latest}): run  mediasift index  once to update it</source>
            <translation>此媒体库由较旧版本的 MediaSift 创建（结构版本 {found}，当前为 {latest}）：请运行一次  mediasift index  以更新它</translation>
        </message>
        <message>
            <source>this library was written by a newer MediaSift (schema {found}, this version knows up to {latest}); upgrade MediaSift or use another --data-dir</source>
            <translation>此媒体库由较新版本的 MediaSift 写入（结构版本 {found}，本版本最高支持 {latest}）；请升级 MediaSift 或使用另一个 --data-dir</translation>
        </message>
        <message>
            <source>the library database {path} is damaged ({detail}): run  mediasift repair  to set it aside and rebuild the index from your folders (downloaded models and thumbnails are kept)</source>
            <translation>媒体库数据库 {path} 已损坏（{detail}）：请运行  mediasift repair  将其移到一旁，并从你的文件夹重建索引（已下载的模型和缩略图会保留）</translation>
        </message>
        <message>
            <source>file</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>audio</source>
            <translation>音频</translation>
        </message>
        <message>
            <source>video</source>
            <translation>视频</translation>
        </message>
        <message>
            <source>cannot reach {host} ({detail})</source>
            <translation>无法连接 {host}（{detail}）</translation>
        </message>
        <message>
            <source>{url} does not exist (HTTP 404)</source>
            <translation>{url} 不存在（HTTP 404）</translation>
        </message>
        <message>
            <source>download of {url} failed: HTTP {status}</source>
            <translation>下载 {url} 失败：HTTP {status}</translation>
        </message>
        <message>
            <source>download of {url} failed: {detail}</source>
            <translation>下载 {url} 失败：{detail}</translation>
        </message>
        <message>
            <source>download of {url} failed: [Errno {errno}] {detail}</source>
            <translation>下载 {url} 失败：磁盘已满（[Errno {errno}] {detail}）</translation>
        </message>
        <message>
            <source>download of {url} is damaged (checksum mismatch); try again</source>
            <translation>下载的 {url} 已损坏（校验和不符）；请重试</translation>
        </message>
        <message>
            <source>{cause}; {how_to}</source>
            <translation>{cause}；{how_to}</translation>
        </message>
        <message>
            <source>the text tower of {model} from {hub} is unusable: {cause}</source>
            <translation>从 {hub} 下载的 {model} 文本编码器无法使用：{cause}</translation>
        </message>
        <message>
            <source>copy the model from a machine with internet: mediasift models export {name} FILE there, then mediasift models import FILE --as {name} here</source>
            <translation>请从能上网的电脑复制该模型：在那台电脑上运行 mediasift models export {name} FILE，然后在这台电脑上运行 mediasift models import FILE --as {name}</translation>
        </message>
        <message>
            <source>the text tower of {model} is not on this machine ({cause}) and downloads are off; {how_to}</source>
            <translation>{model} 的文本编码器不在这台电脑上（{cause}），且下载已关闭；{how_to}</translation>
        </message>
        <message>
            <source>the text tower of {model} is not on this machine ({cause}) and cannot be downloaded: {detail}; {how_to}</source>
            <translation>{model} 的文本编码器不在这台电脑上（{cause}），且无法下载：{detail}；{how_to}</translation>
        </message>
        <message>
            <source>cannot load CLIP weights {weights} into {arch}: {detail}</source>
            <translation>无法把 CLIP 权重 {weights} 载入 {arch}：{detail}</translation>
        </message>
        <message>
            <source>unknown CLIP model &apos;{arch}&apos;: use one of open_clip&apos;s architectures (for example ViT-B-32) or the path of a model-config JSON</source>
            <translation>未知的 CLIP 模型“{arch}”：请使用 open_clip 的某个架构（例如 ViT-B-32），或模型配置 JSON 文件的路径</translation>
        </message>
        <message>
            <source>&apos;{tag}&apos; is not a pretrained tag of CLIP model {arch} (known tags: {known}); or pass a weights file with --clip-weights</source>
            <translation>“{tag}”不是 CLIP 模型 {arch} 的预训练标签（已知标签：{known}）；也可以用 --clip-weights 传入权重文件</translation>
        </message>
        <message>
            <source>CLIP weights for {model} are missing</source>
            <translation>缺少 {model} 的 CLIP 权重</translation>
        </message>
        <message>
            <source>CLIP model config {path} does not exist</source>
            <translation>CLIP 模型配置 {path} 不存在</translation>
        </message>
        <message>
            <source>CLIP model config {path} is not valid JSON: {detail}</source>
            <translation>CLIP 模型配置 {path} 不是有效的 JSON：{detail}</translation>
        </message>
        <message>
            <source>CLIP model config {path} is not an open_clip model config (it needs embed_dim, vision_cfg and text_cfg)</source>
            <translation>CLIP 模型配置 {path} 不是 open_clip 模型配置（需要 embed_dim、vision_cfg 和 text_cfg）</translation>
        </message>
        <message>
            <source>CLIP model config {path} needs weights: pass --clip-weights FILE (or set MEDIASIFT_CLIP_WEIGHTS)</source>
            <translation>CLIP 模型配置 {path} 需要权重：请传入 --clip-weights FILE（或设置 MEDIASIFT_CLIP_WEIGHTS）</translation>
        </message>
        <message>
            <source>CLIP weights file {path} for {arch} does not exist; pass the path of a downloaded open_clip checkpoint with --clip-weights</source>
            <translation>{arch} 的 CLIP 权重文件 {path} 不存在；请用 --clip-weights 传入已下载的 open_clip 检查点的路径</translation>
        </message>
        <message>
            <source>&apos;{weights}&apos; is not a weights file; a custom model config needs --clip-weights FILE</source>
            <translation>“{weights}”不是权重文件；自定义模型配置需要 --clip-weights FILE</translation>
        </message>
        <message>
            <source>CLIP model {arch} has no known pretrained weights; pass --clip-weights FILE</source>
            <translation>CLIP 模型 {arch} 没有已知的预训练权重；请传入 --clip-weights FILE</translation>
        </message>
        <message>
            <source>{folder} is not a faster-whisper (CTranslate2) model folder: no model.bin</source>
            <translation>{folder} 不是 faster-whisper（CTranslate2）模型文件夹：没有 model.bin</translation>
        </message>
        <message>
            <source>unknown Whisper model &apos;{name}&apos;: use a size ({sizes}) or the path of a CTranslate2 model folder</source>
            <translation>未知的 Whisper 模型“{name}”：请使用一个尺寸（{sizes}）或 CTranslate2 模型文件夹的路径</translation>
        </message>
        <message>
            <source>cannot load {model} from {folder}: {detail}</source>
            <translation>无法从 {folder} 载入 {model}：{detail}</translation>
        </message>
        <message>
            <source>{model}: {folder} lacks model files</source>
            <translation>{model}：{folder} 缺少模型文件</translation>
        </message>
        <message>
            <source>cannot write {path}: {detail}</source>
            <translation>无法写入 {path}：{detail}</translation>
        </message>
        <message>
            <source>{path} is not a MediaSift model archive</source>
            <translation>{path} 不是 MediaSift 模型包</translation>
        </message>
        <message>
            <source>{path} has no valid manifest</source>
            <translation>{path} 没有有效的清单</translation>
        </message>
        <message>
            <source>{path} is damaged: its files do not match its manifest (missing {missing}, extra {extra})</source>
            <translation>{path} 已损坏：其中的文件与清单不符（缺少 {missing}，多出 {extra}）</translation>
        </message>
        <message>
            <source>{path} is damaged or not a model archive ({detail})</source>
            <translation>{path} 已损坏或不是模型包（{detail}）</translation>
        </message>
        <message>
            <source>cannot unpack {path}: {detail}</source>
            <translation>无法解包 {path}：{detail}</translation>
        </message>
        <message>
            <source>{path} holds {held}, not {name}; import it --as {held}</source>
            <translation>{path} 装的是 {held}，不是 {name}；请用 --as {held} 导入</translation>
        </message>
        <message>
            <source>{path} is damaged: {file} is missing</source>
            <translation>{path} 已损坏：缺少 {file}</translation>
        </message>
        <message>
            <source>{path} is damaged: {file} does not match the SHA-256 in its manifest</source>
            <translation>{path} 已损坏：{file} 与清单中的 SHA-256 不符</translation>
        </message>
        <message>
            <source>{manifest} is damaged ({detail})</source>
            <translation>{manifest} 已损坏（{detail}）</translation>
        </message>
        <message>
            <source>{manifest} is not the manifest of {name}</source>
            <translation>{manifest} 不是 {name} 的清单</translation>
        </message>
        <message>
            <source>{path} is not a CLIP checkpoint file ({suffixes})</source>
            <translation>{path} 不是 CLIP 检查点文件（{suffixes}）</translation>
        </message>
        <message>
            <source>{path} is not a CLIP checkpoint file ({suffixes}) nor a folder holding one</source>
            <translation>{path} 既不是 CLIP 检查点文件（{suffixes}），也不是包含它的文件夹</translation>
        </message>
        <message>
            <source>cannot install {name} into {path}: {detail}</source>
            <translation>无法把 {name} 安装到 {path}：{detail}</translation>
        </message>
        <message>
            <source>expected {file} of {size} with SHA-256 {checksum}, got {got}</source>
            <translation>应为 {file}，大小 {size}，SHA-256 为 {checksum}；实际大小为 {got}</translation>
        </message>
        <message>
            <source>expected {file} of {size} with SHA-256 {checksum}, got the same size with SHA-256 {found} (damaged or another file)</source>
            <translation>应为 {file}，大小 {size}，SHA-256 为 {checksum}；实际大小相同，但 SHA-256 为 {found}（已损坏或是另一个文件）</translation>
        </message>
        <message>
            <source>{name} is a Whisper model: copy its folder {path} and import that instead</source>
            <translation>{name} 是 Whisper 模型：请复制它的文件夹 {path}，再导入该文件夹</translation>
        </message>
        <message>
            <source>{name} is not installed ({path}); run mediasift models download {name} first</source>
            <translation>{name} 尚未安装（{path}）；请先运行 mediasift models download {name}</translation>
        </message>
        <message>
            <source>{name} is not complete ({cause}); run mediasift models download {name} first</source>
            <translation>{name} 不完整（{cause}）；请先运行 mediasift models download {name}</translation>
        </message>
        <message>
            <source>{path} is a folder; give a file name</source>
            <translation>{path} 是文件夹；请给出文件名</translation>
        </message>
        <message>
            <source>{name} is not installed ({path})</source>
            <translation>{name} 尚未安装（{path}）</translation>
        </message>
        <message>
            <source>unknown model &apos;{name}&apos;; choose one of: {known}</source>
            <translation>未知的模型“{name}”；请从以下选择：{known}</translation>
        </message>
        <message>
            <source>give a description to search for, or an example image</source>
            <translation>请输入要搜索的描述，或给出示例图片</translation>
        </message>
        <message>
            <source>--limit must be between 1 and {most}</source>
            <translation>--limit 必须在 1 到 {most} 之间</translation>
        </message>
        <message>
            <source>--after must be earlier than --before</source>
            <translation>--after 必须早于 --before</translation>
        </message>
        <message>
            <source>{option} must be a number from 0 to {most}, not {weight}</source>
            <translation>{option} 必须是 0 到 {most} 之间的数，而不是 {weight}</translation>
        </message>
        <message>
            <source>--min-score must be a number, not {value}</source>
            <translation>--min-score 必须是数字，而不是 {value}</translation>
        </message>
        <message>
            <source>{option} expects a date like 2024-05-01 or 2024-05-01T18:30, not {value}</source>
            <translation>{option} 需要 2024-05-01 或 2024-05-01T18:30 这样的日期，而不是 {value}</translation>
        </message>
        <message>
            <source>the query weights cancel out; give a positive weight</source>
            <translation>查询的权重互相抵消；请给出正的权重</translation>
        </message>
        <message>
            <source>cannot read the example image {path}: {detail}</source>
            <translation>无法读取示例图片 {path}：{detail}</translation>
        </message>
        <message>
            <source>cannot use {path} as an example: {cause}</source>
            <translation>无法用 {path} 作为示例：{cause}</translation>
        </message>
        <message>
            <source>cannot use the example image as an example: {cause}</source>
            <translation>无法用这张示例图片搜索：{cause}</translation>
        </message>
        <message>
            <source>cannot read it: {detail}</source>
            <translation>无法读取它：{detail}</translation>
        </message>
        <message>
            <source>the file is empty</source>
            <translation>文件是空的</translation>
        </message>
        <message>
            <source>it is not a complete safetensors file ({detail})</source>
            <translation>它不是完整的 safetensors 文件（{detail}）</translation>
        </message>
        <message>
            <source>it holds Python objects besides tensors, which MediaSift does not load</source>
            <translation>它除张量外还包含 Python 对象，MediaSift 不会载入这类文件</translation>
        </message>
        <message>
            <source>it is damaged or truncated (its PyTorch zip archive is incomplete)</source>
            <translation>它已损坏或不完整（其 PyTorch zip 包不完整）</translation>
        </message>
        <message>
            <source>it is damaged or truncated (the file ends too early)</source>
            <translation>它已损坏或不完整（文件提前结束）</translation>
        </message>
        <message>
            <source>it is not a PyTorch or safetensors checkpoint</source>
            <translation>它不是 PyTorch 或 safetensors 检查点</translation>
        </message>
        <message>
            <source>it holds a {type}, not a model&apos;s weights (a state dict)</source>
            <translation>它装的是 {type}，不是模型权重（state dict）</translation>
        </message>
        <message>
            <source>it holds no tensors, so no model weights</source>
            <translation>它不含任何张量，因此没有模型权重</translation>
        </message>
        <message>
            <source>it lacks {count} of {arch}&apos;s tensors ({keys})</source>
            <translation>它缺少 {arch} 的 {count} 个张量（{keys}）</translation>
        </message>
        <message>
            <source>it has {count} tensors {arch} does not have ({keys})</source>
            <translation>它有 {count} 个 {arch} 没有的张量（{keys}）</translation>
        </message>
        <message>
            <source>its {key} is {have}, {arch} needs {need}</source>
            <translation>它的 {key} 是 {have}，而 {arch} 需要 {need}</translation>
        </message>
        <message>
            <source>it does not fit {arch}: its tensors differ</source>
            <translation>它与 {arch} 不符：张量不同</translation>
        </message>
        <message>
            <source>it does not fit {arch}: {detail}</source>
            <translation>它与 {arch} 不符：{detail}</translation>
        </message>
        <message>
            <source>it has no {tower} text tower, which {arch} has</source>
            <translation>它没有 {tower} 文本编码器，而 {arch} 有</translation>
        </message>
        <message>
            <source>it does not hold CLIP weights (its first tensors: {sample}), not {arch}&apos;s</source>
            <translation>它不含 CLIP 权重（前几个张量：{sample}），不是 {arch} 的权重</translation>
        </message>
        <message>
            <source>this file holds a {holds} checkpoint ({found}), not {arch} ({wanted})</source>
            <translation>这个文件装的是 {holds} 检查点（{found}），不是 {arch}（{wanted}）</translation>
        </message>
        <message>
            <source>this file holds a different CLIP model ({found}), not {arch} ({wanted})</source>
            <translation>这个文件装的是另一个 CLIP 模型（{found}），不是 {arch}（{wanted}）</translation>
        </message>
        <message>
            <source>cannot read {file}: {detail}</source>
            <translation>无法读取 {file}：{detail}</translation>
        </message>
        <message>
            <source>it is not a folder (import the model&apos;s folder, not a file in it)</source>
            <translation>它不是文件夹（请导入模型的文件夹，而不是其中的某个文件）</translation>
        </message>
        <message>
            <source>it lacks {files}</source>
            <translation>它缺少 {files}</translation>
        </message>
        <message>
            <source>its {file} is not a JSON document (damaged or truncated?)</source>
            <translation>它的 {file} 不是 JSON 文档（已损坏或不完整？）</translation>
        </message>
        <message>
            <source>its model.bin {cause}</source>
            <translation>它的 model.bin {cause}</translation>
        </message>
        <message>
            <source>its vocabulary has {words} entries but model.bin has {vocabulary} (files of two different models?)</source>
            <translation>它的词表有 {words} 项，而 model.bin 有 {vocabulary} 项（两个不同模型的文件？）</translation>
        </message>
        <message>
            <source>this folder holds {holds} ({found}), not {name} ({wanted})</source>
            <translation>这个文件夹装的是 {holds}（{found}），不是 {name}（{wanted}）</translation>
        </message>
        <message>
            <source>is not a CTranslate2 model file</source>
            <translation>不是 CTranslate2 模型文件</translation>
        </message>
        <message>
            <source>holds a CTranslate2 {spec} model, not Whisper</source>
            <translation>装的是 CTranslate2 {spec} 模型，不是 Whisper</translation>
        </message>
        <message>
            <source>is truncated (its tensors end past the file&apos;s end)</source>
            <translation>不完整（其张量超出了文件末尾）</translation>
        </message>
        <message>
            <source>is damaged or truncated (its tensor headers are cut)</source>
            <translation>已损坏或不完整（其张量头被截断）</translation>
        </message>
        <message>
            <source>lacks the tensors of a Whisper model</source>
            <translation>缺少 Whisper 模型的张量</translation>
        </message>
    </context>
    <context>
        <name>EngineWords</name>
        <message>
            <source>fast, the default</source>
            <translation>速度快，默认模型</translation>
        </message>
        <message>
            <source>35 ms per photo, ~19 photos/s indexing 12 MP JPEGs; 35 ms per typed query</source>
            <translation>每张照片 35 毫秒，索引 1200 万像素 JPEG 约每秒 19 张；每次输入查询 35 毫秒</translation>
        </message>
        <message>
            <source>ImageNet zero-shot 66.6%, MSCOCO text-to-image 47.8%</source>
            <translation>ImageNet 零样本 66.6%，MSCOCO 以文搜图 47.8%</translation>
        </message>
        <message>
            <source>more accurate, 4x slower to index</source>
            <translation>更准确，索引慢 4 倍</translation>
        </message>
        <message>
            <source>138 ms per photo (~6 photos/s indexing); 36 ms per typed query</source>
            <translation>每张照片 138 毫秒（索引约每秒 6 张）；每次输入查询 36 毫秒</translation>
        </message>
        <message>
            <source>ImageNet zero-shot 70.2%, MSCOCO text-to-image 50.9%</source>
            <translation>ImageNet 零样本 70.2%，MSCOCO 以文搜图 50.9%</translation>
        </message>
        <message>
            <source>multilingual queries (Chinese and 100 other languages)</source>
            <translation>多语言描述（中文及其他 100 种语言）</translation>
        </message>
        <message>
            <source>35 ms per photo (the ViT-B-32 image tower); queries use a larger text tower</source>
            <translation>每张照片 35 毫秒（ViT-B-32 图像塔）；查询使用更大的文本塔</translation>
        </message>
        <message>
            <source>ImageNet zero-shot 62.4%, MSCOCO text-to-image 45.7% (English)</source>
            <translation>ImageNet 零样本 62.4%，MSCOCO 以文搜图 45.7%（英文）</translation>
        </message>
        <message>
            <source>fast, multilingual, the default</source>
            <translation>速度快，多语言，默认模型</translation>
        </message>
        <message>
            <source>18-27x real time on 2 cores (tiny.en, same architecture)</source>
            <translation>双核上为实时速度的 18–27 倍（tiny.en，架构相同）</translation>
        </message>
        <message>
            <source>good on clear speech; misses names and noisy rooms</source>
            <translation>清晰语音效果好；人名和嘈杂环境容易出错</translation>
        </message>
        <message>
            <source>more accurate, multilingual</source>
            <translation>更准确，多语言</translation>
        </message>
        <message>
            <source>about half tiny&apos;s speed (roughly 9-13x real time; estimated, not measurable here)</source>
            <translation>速度约为 tiny 的一半（约实时速度的 9–13 倍；估计值，本机无法测量）</translation>
        </message>
        <message>
            <source>noticeably fewer errors than tiny</source>
            <translation>错误明显少于 tiny</translation>
        </message>
        <message>
            <source>accurate, slow on a laptop</source>
            <translation>准确，在笔记本电脑上较慢</translation>
        </message>
        <message>
            <source>about a sixth of tiny&apos;s speed (estimated)</source>
            <translation>速度约为 tiny 的六分之一（估计值）</translation>
        </message>
        <message>
            <source>good on accents and noise</source>
            <translation>能较好地应对口音和噪音</translation>
        </message>
        <message>
            <source>English only, fastest</source>
            <translation>仅英语，速度最快</translation>
        </message>
        <message>
            <source>18-27x real time on 2 cores (measured)</source>
            <translation>双核上为实时速度的 18–27 倍（实测）</translation>
        </message>
        <message>
            <source>slightly better than tiny on English</source>
            <translation>英语效果略好于 tiny</translation>
        </message>
        <message>
            <source>Chinese</source>
            <translation>中文</translation>
        </message>
        <message>
            <source>Japanese</source>
            <translation>日语</translation>
        </message>
        <message>
            <source>Korean</source>
            <translation>韩语</translation>
        </message>
        <message>
            <source>Cyrillic script</source>
            <translation>西里尔字母</translation>
        </message>
        <message>
            <source>Arabic script</source>
            <translation>阿拉伯字母</translation>
        </message>
        <message>
            <source>Hebrew</source>
            <translation>希伯来语</translation>
        </message>
        <message>
            <source>Greek</source>
            <translation>希腊语</translation>
        </message>
        <message>
            <source>Thai</source>
            <translation>泰语</translation>
        </message>
        <message>
            <source>Devanagari script</source>
            <translation>天城文</translation>
        </message>
        <message>
            <source>Bengali script</source>
            <translation>孟加拉文</translation>
        </message>
        <message>
            <source>Tamil</source>
            <translation>泰米尔语</translation>
        </message>
        <message>
            <source>Telugu</source>
            <translation>泰卢固语</translation>
        </message>
        <message>
            <source>Georgian</source>
            <translation>格鲁吉亚语</translation>
        </message>
        <message>
            <source>Armenian</source>
            <translation>亚美尼亚语</translation>
        </message>
        <message>
            <source>Ethiopic script</source>
            <translation>埃塞俄比亚文</translation>
        </message>
        <message>
            <source>Khmer</source>
            <translation>高棉语</translation>
        </message>
        <message>
            <source>not known</source>
            <translation>未知</translation>
        </message>
        <message>
            <source>Chinese, English and ~100 more languages</source>
            <translation>中文、英语等约 100 种语言</translation>
        </message>
        <message>
            <source>English only</source>
            <translation>仅英语</translation>
        </message>
        <message>
            <source>Chinese only</source>
            <translation>仅中文</translation>
        </message>
        <message>
            <source>Japanese only</source>
            <translation>仅日语</translation>
        </message>
        <message>
            <source>Korean only</source>
            <translation>仅韩语</translation>
        </message>
    </context>
    <context>
        <name>ExampleChip</name>
        <message>
            <source>Searching by example: {label}. Click to remove.</source>
            <translation>以图搜索：{label}。点击移除。</translation>
        </message>
    </context>
    <context>
        <name>FileActions</name>
        <message>
            <source>{name} is offline: its folder is not reachable</source>
            <translation>{name} 已离线：无法访问其所在文件夹</translation>
        </message>
        <message>
            <source>{name} is no longer in its folder</source>
            <translation>{name} 已不在原文件夹中</translation>
        </message>
        <message>
            <source>Opening {name}…</source>
            <translation>正在打开 {name}…</translation>
        </message>
        <message>
            <source>No app could open {name}</source>
            <translation>没有可以打开 {name} 的应用</translation>
        </message>
        <message>
            <source>{problem}; showing its folder</source>
            <translation>{problem}；显示其所在文件夹</translation>
        </message>
        <message>
            <source>Showing {name} in its folder…</source>
            <translation>正在文件夹中显示 {name}…</translation>
        </message>
        <message>
            <source>Path copied</source>
            <translation>路径已复制</translation>
        </message>
    </context>
    <context>
        <name>FilterBar</name>
        <message>
            <source>Relevance</source>
            <translation>相关度</translation>
        </message>
        <message>
            <source>Newest first</source>
            <translation>最新优先</translation>
        </message>
        <message>
            <source>Oldest first</source>
            <translation>最早优先</translation>
        </message>
        <message>
            <source>All folders</source>
            <translation>所有文件夹</translation>
        </message>
        <message>
            <source>Min. score</source>
            <translation>最低分数</translation>
        </message>
        <message>
            <source>off</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Hide weak matches: 3 = clearly above a typical item, 5 = strong</source>
            <translation>隐藏较弱的匹配：3 = 明显高于一般项目，5 = 强匹配</translation>
        </message>
    </context>
    <context>
        <name>FoldersDialog</name>
        <message>
            <source>Add a folder to the library</source>
            <translation>向媒体库添加文件夹</translation>
        </message>
        <message>
            <source>Library folders</source>
            <translation>媒体库文件夹</translation>
        </message>
        <message>
            <source>Add folder…</source>
            <translation>添加文件夹…</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>移除</translation>
        </message>
        <message>
            <source>MediaSift only reads these folders; removing one forgets its index and never touches your files.</source>
            <translation>MediaSift 只读取这些文件夹；移除文件夹只会删除它的索引，绝不会改动您的文件。</translation>
        </message>
        <message>
            <source>just added · indexing…</source>
            <translation>刚刚添加 · 正在索引…</translation>
        </message>
        <message>
            <source>online</source>
            <translation>在线</translation>
        </message>
        <message>
            <source>{state}: {reason}; its files are kept</source>
            <translation>{state}：{reason}；其文件的索引会保留</translation>
        </message>
        <message numerus="yes">
            <source>%Ln indexed · {state}</source>
            <translation>
                <numerusform>已索引 %Ln 个 · {state}</numerusform>
            </translation>
        </message>
        <message>
            <source> · indexing…</source>
            <translation> · 正在索引…</translation>
        </message>
        <message>
            <source>Remove folder</source>
            <translation>移除文件夹</translation>
        </message>
        <message>
            <source>Forget {folder} and its index? Your files stay where they are.</source>
            <translation>要移除 {folder} 及其索引吗？您的文件会原样保留。</translation>
        </message>
        <message>
            <source>Offline</source>
            <translation>离线</translation>
        </message>
        <message>
            <source>Unreadable</source>
            <translation>无法读取</translation>
        </message>
    </context>
    <context>
        <name>KindChips</name>
        <message>
            <source>Photos</source>
            <translation>照片</translation>
        </message>
        <message>
            <source>Videos</source>
            <translation>视频</translation>
        </message>
        <message>
            <source>Recordings</source>
            <translation>录音</translation>
        </message>
        <message>
            <source>Only photos (choose several to combine them)</source>
            <translation>只看照片（可多选组合）</translation>
        </message>
        <message>
            <source>Only videos (choose several to combine them)</source>
            <translation>只看视频（可多选组合）</translation>
        </message>
        <message>
            <source>Only recordings (choose several to combine them)</source>
            <translation>只看录音（可多选组合）</translation>
        </message>
        <message>
            <source>All</source>
            <translation>全部</translation>
        </message>
        <message>
            <source>Every kind of media</source>
            <translation>所有类型的媒体</translation>
        </message>
    </context>
    <context>
        <name>LanguageBanner</name>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Descriptions in {language} need a multilingual model: the search model {model} understands {understood}.</source>
            <translation>用{language}描述需要多语言模型（搜索模型 {model} 能理解：{understood}）。</translation>
        </message>
        <message>
            <source>Words in transcripts, pictures and names are still found.</source>
            <translation>转写文字、图片中的文字和文件名仍然可以搜到。</translation>
        </message>
        <message>
            <source>No model MediaSift offers reads {language} yet.</source>
            <translation>MediaSift 目前提供的模型都还不能理解{language}。</translation>
        </message>
        <message>
            <source>{model} takes over once it has embedded your library.</source>
            <translation>{model} 处理完您的媒体库后即会接替。</translation>
        </message>
        <message>
            <source>{sentence} {next}</source>
            <translation>{sentence}{next}</translation>
        </message>
        <message>
            <source>Downloading…</source>
            <translation>正在下载…</translation>
        </message>
        <message>
            <source>Use the multilingual model</source>
            <translation>使用多语言模型</translation>
        </message>
        <message>
            <source> ({mb} MB)</source>
            <translation>（{mb} MB）</translation>
        </message>
        <message>
            <source>Download the multilingual model</source>
            <translation>下载多语言模型</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Folders…</source>
            <translation>文件夹…</translation>
        </message>
        <message>
            <source>Models…</source>
            <translation>模型…</translation>
        </message>
        <message>
            <source>Settings…</source>
            <translation>设置…</translation>
        </message>
        <message>
            <source>Describe what you are looking for, or drop an image here.</source>
            <translation>描述您要找的内容，或将图片拖到这里。</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Add folder…</source>
            <translation>添加文件夹(&amp;A)…</translation>
        </message>
        <message>
            <source>&amp;Folders…</source>
            <translation>文件夹(&amp;O)…</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>编辑(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;Find</source>
            <translation>查找(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Settings…</source>
            <translation>设置(&amp;S)…</translation>
        </message>
        <message>
            <source>&amp;Models…</source>
            <translation>模型(&amp;M)…</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <source>&amp;Preview (Space)</source>
            <translation>预览(&amp;P)（空格键）</translation>
        </message>
        <message>
            <source>&amp;Full screen</source>
            <translation>全屏(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Colours</source>
            <translation>颜色(&amp;C)</translation>
        </message>
        <message>
            <source>The search model is not on this computer yet</source>
            <translation>本机还没有搜索模型</translation>
        </message>
        <message>
            <source>Preparing the search model; results appear as soon as it is ready…</source>
            <translation>正在准备搜索模型，就绪后即显示结果…</translation>
        </message>
        <message numerus="yes">
            <source>%Ln result(s)</source>
            <translation>
                <numerusform>%Ln 个结果</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln newest item(s)</source>
            <translation>
                <numerusform>最新 %Ln 项</numerusform>
            </translation>
        </message>
        <message>
            <source>Nothing found. Try other words, or fewer filters.</source>
            <translation>没有找到结果。请换个说法，或减少筛选条件。</translation>
        </message>
        <message>
            <source>Nothing indexed here yet: items appear as soon as they are ready.</source>
            <translation>这里还没有已索引的内容：项目处理好后会立即显示。</translation>
        </message>
        <message>
            <source>{words} + like {example}</source>
            <translation>{words} + 类似 {example}</translation>
        </message>
        <message>
            <source>like {example}</source>
            <translation>类似 {example}</translation>
        </message>
        <message>
            <source>newest items</source>
            <translation>最新项目</translation>
        </message>
        <message>
            <source>MediaSift — {shown}</source>
            <translation>MediaSift — {shown}</translation>
        </message>
        <message>
            <source>Cannot read {name} to search like it</source>
            <translation>无法读取 {name}，不能搜索类似内容</translation>
        </message>
        <message>
            <source>{name} at {time}</source>
            <translation>{name}（{time}）</translation>
        </message>
        <message>
            <source>The search failed unexpectedly; try again.</source>
            <translation>搜索意外失败，请重试。</translation>
        </message>
        <message>
            <source>Fetching {address}…</source>
            <translation>正在获取 {address}…</translation>
        </message>
        <message>
            <source>Could not fetch the image: {error}</source>
            <translation>无法获取图片：{error}</translation>
        </message>
        <message>
            <source>web image</source>
            <translation>网络图片</translation>
        </message>
        <message>
            <source>Indexing; items appear here as soon as they are ready…</source>
            <translation>正在索引，项目处理好后会立即显示在这里…</translation>
        </message>
        <message>
            <source>Retrying {name}…</source>
            <translation>正在重试 {name}…</translation>
        </message>
        <message>
            <source>The new language takes effect the next time MediaSift starts.</source>
            <translation>新的界面语言将在下次启动 MediaSift 时生效。</translation>
        </message>
        <message>
            <source>default weights</source>
            <translation>默认权重</translation>
        </message>
        <message>
            <source>Search model in use: {model}, from {origin}.</source>
            <translation>正在使用的搜索模型：{model}，来自{origin}。</translation>
        </message>
        <message>
            <source>Speech model in use: {model}, from {origin}.</source>
            <translation>正在使用的语音模型：{model}，来自{origin}。</translation>
        </message>
    </context>
    <context>
        <name>ModelMissingPanel</name>
        <message>
            <source>The search model is not on this computer yet.</source>
            <translation>本机还没有搜索模型。</translation>
        </message>
        <message>
            <source>Download</source>
            <translation>下载</translation>
        </message>
        <message>
            <source>Import file…</source>
            <translation>导入文件…</translation>
        </message>
        <message>
            <source>Use the model file copied from another computer</source>
            <translation>使用从另一台电脑复制来的模型文件</translation>
        </message>
        <message>
            <source>Details</source>
            <translation>详细信息</translation>
        </message>
        <message>
            <source>Download address</source>
            <translation>下载地址</translation>
        </message>
        <message>
            <source>No details.</source>
            <translation>没有详细信息。</translation>
        </message>
        <message>
            <source>The model chosen in Settings is not where it was; choose another there.</source>
            <translation>在设置中选择的模型已不在原位置，请在设置中另选一个。</translation>
        </message>
        <message>
            <source>Download it once ({mb} MB), or import the file copied from another computer.</source>
            <translation>下载一次即可（{mb} MB），也可以导入从另一台电脑复制来的文件。</translation>
        </message>
        <message>
            <source>Downloading: {done} of {total} MB…</source>
            <translation>正在下载：{done} / {total} MB…</translation>
        </message>
        <message>
            <source>Downloading: {done} MB…</source>
            <translation>正在下载：{done} MB…</translation>
        </message>
        <message>
            <source>Done; loading the model…</source>
            <translation>完成，正在加载模型…</translation>
        </message>
        <message>
            <source>It could not be imported; see Details.</source>
            <translation>无法导入，请查看详细信息。</translation>
        </message>
        <message>
            <source>It could not be downloaded; see Details.</source>
            <translation>无法下载，请查看详细信息。</translation>
        </message>
    </context>
    <context>
        <name>ModelsDialog</name>
        <message>
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>For</source>
            <translation>用途</translation>
        </message>
        <message>
            <source>Languages</source>
            <translation>语言</translation>
        </message>
        <message>
            <source>Download</source>
            <translation>下载</translation>
        </message>
        <message>
            <source>Speed here</source>
            <translation>本机速度</translation>
        </message>
        <message>
            <source>Quality</source>
            <translation>质量</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Models</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>Import from this computer…</source>
            <translation>从本机导入…</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Use this model</source>
            <translation>使用此模型</translation>
        </message>
        <message>
            <source>Downloads happen once; after that MediaSift works offline. On a computer without internet, copy the model from another one and import it here.</source>
            <translation>模型只需下载一次，之后 MediaSift 可完全离线使用。没有网络的电脑可以从另一台电脑复制模型，再在这里导入。</translation>
        </message>
        <message>
            <source>search: {role}</source>
            <translation>搜索：{role}</translation>
        </message>
        <message>
            <source>speech: {role}</source>
            <translation>语音：{role}</translation>
        </message>
        <message>
            <source>in use</source>
            <translation>使用中</translation>
        </message>
        <message>
            <source>here</source>
            <translation>已在本机</translation>
        </message>
        <message>
            <source>incomplete: {missing} (Download fetches it)</source>
            <translation>不完整：{missing}（点“下载”即可补齐）</translation>
        </message>
        <message>
            <source>not here</source>
            <translation>不在本机</translation>
        </message>
        <message>
            <source>{mb} MB</source>
            <translation>{mb} MB</translation>
        </message>
        <message>
            <source>, </source>
            <translation>，</translation>
        </message>
        <message>
            <source>Not imported: {error}</source>
            <translation>未导入：{error}</translation>
        </message>
        <message>
            <source>Downloading {model}: {done} of {total} MB…</source>
            <translation>正在下载 {model}：{done} / {total} MB…</translation>
        </message>
        <message>
            <source>Downloading {model}: {done} MB…</source>
            <translation>正在下载 {model}：{done} MB…</translation>
        </message>
        <message>
            <source>Delete {model} from this computer? It can be downloaded again.</source>
            <translation>要从本机删除 {model} 吗？之后可以重新下载。</translation>
        </message>
        <message>
            <source>Delete model</source>
            <translation>删除模型</translation>
        </message>
        <message>
            <source>Switch search to {model}? The library is re-indexed with it in the background; search keeps using the current model until that is complete.</source>
            <translation>要将搜索切换到 {model} 吗？媒体库会在后台用它重新建立索引；完成之前，搜索仍使用当前模型。</translation>
        </message>
        <message>
            <source>Transcribe new recordings with Whisper {model}?</source>
            <translation>要用 Whisper {model} 转写新的录音吗？</translation>
        </message>
        <message>
            <source>Use model</source>
            <translation>使用模型</translation>
        </message>
        <message>
            <source>Weights of {model}</source>
            <translation>{model} 的权重文件</translation>
        </message>
        <message>
            <source>Checkpoints ({patterns})</source>
            <translation>检查点文件（{patterns}）</translation>
        </message>
        <message>
            <source>Folder of Whisper {model}</source>
            <translation>Whisper {model} 的文件夹</translation>
        </message>
        <message>
            <source>{model}: downloaded.</source>
            <translation>{model}：已下载。</translation>
        </message>
        <message>
            <source>{model}: imported.</source>
            <translation>{model}：已导入。</translation>
        </message>
        <message>
            <source>{model}: removed.</source>
            <translation>{model}：已删除。</translation>
        </message>
    </context>
    <context>
        <name>MultilingualOffer</name>
        <message>
            <source>The search model {model} understands descriptions in English only. To describe your photos in Chinese, use the multilingual model {offered} ({languages}).</source>
            <translation>搜索模型 {model} 只能理解英文描述。若要用中文描述查找照片，请使用多语言模型 {offered}（{languages}）。</translation>
        </message>
        <message>
            <source>Download: {mb} MB, once. Cost here: {speed}.</source>
            <translation>下载：{mb} MB，只需一次。本机开销：{speed}。</translation>
        </message>
        <message>
            <source>{done} of {total} MB</source>
            <translation>{done} / {total} MB</translation>
        </message>
        <message>
            <source>{done} MB</source>
            <translation>{done} MB</translation>
        </message>
        <message>
            <source>The download failed: {error}</source>
            <translation>下载失败：{error}</translation>
        </message>
        <message>
            <source>Use the multilingual model</source>
            <translation>使用多语言模型</translation>
        </message>
        <message>
            <source>Download and use it</source>
            <translation>下载并使用</translation>
        </message>
    </context>
    <context>
        <name>PreviewPane</name>
        <message>
            <source>Pause</source>
            <translation>暂停</translation>
        </message>
        <message>
            <source>Position and duration</source>
            <translation>播放位置和时长</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>打开</translation>
        </message>
        <message>
            <source>Show in folder</source>
            <translation>在文件夹中显示</translation>
        </message>
        <message>
            <source>Copy path</source>
            <translation>复制路径</translation>
        </message>
        <message>
            <source>Nothing selected</source>
            <translation>未选择任何项目</translation>
        </message>
        <message>
            <source>Select a result to preview it here.</source>
            <translation>选择一个结果，即可在这里预览。</translation>
        </message>
        <message>
            <source>Offline: its folder is not reachable now (an unplugged drive?). What was indexed is kept; open or play it once the folder is back.</source>
            <translation>离线：当前无法访问其所在文件夹（硬盘已拔出？）。已建立的索引会保留；文件夹恢复后即可打开或播放。</translation>
        </message>
        <message>
            <source>Play</source>
            <translation>播放</translation>
        </message>
        <message>
            <source>Loading transcript…</source>
            <translation>正在加载转写文字…</translation>
        </message>
        <message>
            <source>No speech in this file.</source>
            <translation>此文件中没有语音。</translation>
        </message>
    </context>
    <context>
        <name>ProblemList</name>
        <message>
            <source>Show in folder</source>
            <translation>在文件夹中显示</translation>
        </message>
        <message>
            <source>Copy path</source>
            <translation>复制路径</translation>
        </message>
        <message>
            <source>Retry</source>
            <translation>重试</translation>
        </message>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
    </context>
    <context>
        <name>ProblemsDialog</name>
        <message>
            <source>Files not indexed, and notes</source>
            <translation>未索引的文件和备注</translation>
        </message>
        <message>
            <source>Every file was indexed.</source>
            <translation>所有文件都已索引。</translation>
        </message>
        <message>
            <source>No notes.</source>
            <translation>没有备注。</translation>
        </message>
        <message>
            <source>Not indexed ({count})</source>
            <translation>未索引（{count}）</translation>
        </message>
        <message>
            <source>Notes ({count})</source>
            <translation>备注（{count}）</translation>
        </message>
    </context>
    <context>
        <name>Relevance</name>
        <message>
            <source>Strong match</source>
            <translation>强匹配</translation>
        </message>
        <message>
            <source>Good match</source>
            <translation>较好匹配</translation>
        </message>
        <message>
            <source>Weak match</source>
            <translation>弱匹配</translation>
        </message>
    </context>
    <context>
        <name>ResultDelegate</name>
        <message>
            <source>PHOTO</source>
            <translation>照片</translation>
        </message>
        <message>
            <source>VIDEO</source>
            <translation>视频</translation>
        </message>
        <message>
            <source>AUDIO</source>
            <translation>录音</translation>
        </message>
        <message>
            <source>recording</source>
            <translation>录音</translation>
        </message>
        <message>
            <source>OFFLINE</source>
            <translation>离线</translation>
        </message>
    </context>
    <context>
        <name>Results</name>
        <message>
            <source>“{line}”</source>
            <translation>“{line}”</translation>
        </message>
        <message>
            <source>Reads “{words}”</source>
            <translation>图中文字“{words}”</translation>
        </message>
        <message>
            <source>Named “{words}”</source>
            <translation>文件名“{words}”</translation>
        </message>
        <message>
            <source>Tagged “{words}”</source>
            <translation>标签“{words}”</translation>
        </message>
        <message>
            <source>Photo</source>
            <translation>照片</translation>
        </message>
        <message>
            <source>Video</source>
            <translation>视频</translation>
        </message>
        <message>
            <source>Recording</source>
            <translation>录音</translation>
        </message>
        <message>
            <source>Video at {time}</source>
            <translation>视频 {time} 处</translation>
        </message>
        <message>
            <source>Recording at {time}</source>
            <translation>录音 {time} 处</translation>
        </message>
        <message>
            <source>text in image</source>
            <translation>图中文字</translation>
        </message>
        <message>
            <source>name</source>
            <translation>文件名</translation>
        </message>
        <message>
            <source>keywords</source>
            <translation>关键词</translation>
        </message>
        <message>
            <source>{kind} · {match}</source>
            <translation>{kind} · {match}</translation>
        </message>
        <message>
            <source>at {time}</source>
            <translation>{time} 处</translation>
        </message>
    </context>
    <context>
        <name>ResultsGrid</name>
        <message>
            <source>More like this</source>
            <translation>查找类似内容</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>打开</translation>
        </message>
        <message>
            <source>Show in folder</source>
            <translation>在文件夹中显示</translation>
        </message>
        <message>
            <source>Copy path</source>
            <translation>复制路径</translation>
        </message>
    </context>
    <context>
        <name>SearchBar</name>
        <message>
            <source>Describe what you are looking for, or drop an image here…</source>
            <translation>描述您要找的内容，或将图片拖到这里…</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>Custom model (config + weights)…</source>
            <translation>自定义模型（配置 + 权重）…</translation>
        </message>
        <message>
            <source>Fast (default), 600 MB</source>
            <translation>速度快（默认），600 MB</translation>
        </message>
        <message>
            <source>More accurate, 2-3x slower, 600 MB</source>
            <translation>更准确，慢 2–3 倍，600 MB</translation>
        </message>
        <message>
            <source>Multilingual (Chinese and ~100 more), 1.4 GB</source>
            <translation>多语言（中文等约 100 种），1.4 GB</translation>
        </message>
        <message>
            <source>Fast (default), multilingual, 75 MB</source>
            <translation>速度快（默认），多语言，75 MB</translation>
        </message>
        <message>
            <source>More accurate, about half the speed, 145 MB</source>
            <translation>更准确，速度约为一半，145 MB</translation>
        </message>
        <message>
            <source>Accurate, slow on a laptop CPU, 480 MB</source>
            <translation>准确，在笔记本 CPU 上较慢，480 MB</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>model: an architecture (ViT-B-32) or a config JSON</source>
            <translation>模型：架构名（ViT-B-32）或配置 JSON 文件</translation>
        </message>
        <message>
            <source>Custom model config</source>
            <translation>自定义模型配置</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>Browse for the model config</source>
            <translation>浏览模型配置文件</translation>
        </message>
        <message>
            <source>weights: an open_clip checkpoint file</source>
            <translation>权重：open_clip 检查点文件</translation>
        </message>
        <message>
            <source>Custom model weights</source>
            <translation>自定义模型权重</translation>
        </message>
        <message>
            <source>Browse for the weights</source>
            <translation>浏览权重文件</translation>
        </message>
        <message>
            <source>Model folder…</source>
            <translation>模型文件夹…</translation>
        </message>
        <message>
            <source>faster-whisper (CTranslate2) model folder</source>
            <translation>faster-whisper（CTranslate2）模型文件夹</translation>
        </message>
        <message>
            <source>Detect automatically per file</source>
            <translation>按文件自动检测</translation>
        </message>
        <message>
            <source>The language the recordings are spoken in; detected for each file unless one is chosen here</source>
            <translation>录音所用的语言；除非在这里指定，否则会为每个文件自动检测</translation>
        </message>
        <message>
            <source>all cores</source>
            <translation>所有核心</translation>
        </message>
        <message>
            <source>default: the user data folder</source>
            <translation>默认：用户数据文件夹</translation>
        </message>
        <message>
            <source>Start MediaSift when I log in</source>
            <translation>登录时启动 MediaSift</translation>
        </message>
        <message>
            <source>Light or dark; As the system follows the desktop&apos;s choice</source>
            <translation>浅色或深色；“跟随系统”会采用桌面的设置</translation>
        </message>
        <message>
            <source>As the system</source>
            <translation>跟随系统</translation>
        </message>
        <message>
            <source>Takes effect the next time MediaSift starts</source>
            <translation>下次启动 MediaSift 时生效</translation>
        </message>
        <message>
            <source>Read the text in photos and video frames</source>
            <translation>识别照片和视频画面中的文字</translation>
        </message>
        <message>
            <source>Find screenshots, receipts and signs by the words in them (Chinese and English).</source>
            <translation>按其中的文字查找截图、收据和标牌（支持中文和英文）。</translation>
        </message>
        <message>
            <source>Search model (CLIP)</source>
            <translation>搜索模型（CLIP）</translation>
        </message>
        <message>
            <source>Speech model (Whisper)</source>
            <translation>语音模型（Whisper）</translation>
        </message>
        <message>
            <source>Speech language</source>
            <translation>语音语言</translation>
        </message>
        <message>
            <source>CPU threads</source>
            <translation>CPU 线程数</translation>
        </message>
        <message>
            <source>Data folder</source>
            <translation>数据文件夹</translation>
        </message>
        <message>
            <source>Colours</source>
            <translation>颜色</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>界面语言</translation>
        </message>
        <message>
            <source>Changing a model re-indexes the library in the background.</source>
            <translation>更换模型后，媒体库会在后台重新建立索引。</translation>
        </message>
        <message>
            <source>open_clip model config</source>
            <translation>open_clip 模型配置</translation>
        </message>
        <message>
            <source>Model configs (*.json)</source>
            <translation>模型配置（*.json）</translation>
        </message>
        <message>
            <source>CLIP weights</source>
            <translation>CLIP 权重</translation>
        </message>
        <message>
            <source>Checkpoints ({patterns})</source>
            <translation>检查点文件（{patterns}）</translation>
        </message>
        <message>
            <source>Whisper model folder</source>
            <translation>Whisper 模型文件夹</translation>
        </message>
    </context>
    <context>
        <name>StatusPanel</name>
        <message>
            <source>Indexing</source>
            <translation>正在索引</translation>
        </message>
        <message>
            <source>Video frames</source>
            <translation>视频画面</translation>
        </message>
        <message>
            <source>Reading text</source>
            <translation>识别文字</translation>
        </message>
        <message>
            <source>Transcribing</source>
            <translation>正在转写</translation>
        </message>
        <message>
            <source>Pausing after this line…</source>
            <translation>将在这一句之后暂停…</translation>
        </message>
        <message>
            <source>Pausing after this file…</source>
            <translation>将在这个文件之后暂停…</translation>
        </message>
        <message>
            <source>Stopping…</source>
            <translation>正在停止…</translation>
        </message>
        <message>
            <source>Paused</source>
            <translation>已暂停</translation>
        </message>
        <message>
            <source>Starting…</source>
            <translation>正在启动…</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>暂停</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Ready</source>
            <translation>就绪</translation>
        </message>
        <message>
            <source>Resume</source>
            <translation>继续</translation>
        </message>
        <message>
            <source>speech recognition</source>
            <translation>语音识别</translation>
        </message>
        <message>
            <source>the search model</source>
            <translation>搜索模型</translation>
        </message>
        <message>
            <source>Indexing stopped by an unexpected problem</source>
            <translation>索引因意外问题而停止</translation>
        </message>
        <message numerus="yes">
            <source>%Ln not indexed</source>
            <translation>
                <numerusform>%Ln 个文件未索引</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln note(s)</source>
            <translation>
                <numerusform>%Ln 条备注</numerusform>
            </translation>
        </message>
        <message>
            <source>Show the files that could not be indexed and the notes, and why</source>
            <translation>显示无法索引的文件和备注，以及原因</translation>
        </message>
        <message numerus="yes">
            <source>Scanning {folder}: %Ln file(s)</source>
            <translation>
                <numerusform>正在扫描 {folder}：%Ln 个文件</numerusform>
            </translation>
        </message>
        <message>
            <source>Preparing {model}…</source>
            <translation>正在准备{model}…</translation>
        </message>
        <message>
            <source>Downloading {model}: {done} of {total} MB</source>
            <translation>正在下载{model}：{done} / {total} MB</translation>
        </message>
        <message>
            <source>Downloading {model}: {done} MB</source>
            <translation>正在下载{model}：{done} MB</translation>
        </message>
        <message>
            <source>{folder} is offline; its files are kept</source>
            <translation>{folder} 已离线；其文件的索引会保留</translation>
        </message>
        <message numerus="yes">
            <source>Speech recognition is not available yet: %Ln recording(s) wait (see Models…)</source>
            <translation>
                <numerusform>语音识别尚不可用：%Ln 个录音在等待（见“模型…”）</numerusform>
            </translation>
        </message>
        <message>
            <source>{rate}x real time</source>
            <translation>实时速度的 {rate} 倍</translation>
        </message>
        <message>
            <source>{rate}/s</source>
            <translation>每秒 {rate} 个</translation>
        </message>
        <message>
            <source>{phase} {done} of {total} · {speed}</source>
            <translation>{phase} {done} / {total} · {speed}</translation>
        </message>
        <message>
            <source>Indexing stopped; it goes on from there next time</source>
            <translation>索引已停止，下次会从中断处继续</translation>
        </message>
        <message numerus="yes">
            <source>%Ln new or changed</source>
            <translation>
                <numerusform>%Ln 个新增或更改</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln moved or copied</source>
            <translation>
                <numerusform>%Ln 个移动或复制</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln removed</source>
            <translation>
                <numerusform>%Ln 个已移除</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln failed</source>
            <translation>
                <numerusform>%Ln 个失败</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln waiting for the speech model</source>
            <translation>
                <numerusform>%Ln 个等待语音模型</numerusform>
            </translation>
        </message>
        <message>
            <source>Library up to date</source>
            <translation>媒体库已是最新</translation>
        </message>
        <message>
            <source>Library up to date: {news}</source>
            <translation>媒体库已是最新：{news}</translation>
        </message>
        <message>
            <source>, </source>
            <translation>，</translation>
        </message>
    </context>
    <context>
        <name>WaveformView</name>
        <message>
            <source>Waveform</source>
            <translation>波形</translation>
        </message>
        <message>
            <source>Click to play from there; Left and Right move by 5 seconds</source>
            <translation>点击即从该处播放；左右方向键每次移动 5 秒</translation>
        </message>
        <message>
            <source>Reading the sound…</source>
            <translation>正在读取声音…</translation>
        </message>
        <message>
            <source>{position} of {duration}</source>
            <translation>{position} / {duration}</translation>
        </message>
    </context>
    <context>
        <name>WelcomePage</name>
        <message>
            <source>Find anything in your photos, videos and recordings</source>
            <translation>在照片、视频和录音中找到任何内容</translation>
        </message>
        <message>
            <source>Add the folders where you keep them: Pictures, Videos, voice memos. MediaSift looks at every photo and video frame and listens to every recording, on this computer only, and keeps the index up to date. Then describe what you are looking for (“my dog on the beach at sunset”, “the call about the budget”) or drop an example image.</source>
            <translation>添加存放它们的文件夹：图片、视频、语音备忘录。MediaSift 会查看每张照片和每个视频画面，聆听每段录音——全部只在本机上进行——并让索引保持最新。然后描述您要找的内容（“日落时海滩上我的狗”“关于预算的那通电话”），或拖入一张示例图片。</translation>
        </message>
        <message>
            <source>Add a folder…</source>
            <translation>添加文件夹…</translation>
        </message>
        <message>
            <source>Preparing the search model…</source>
            <translation>正在准备搜索模型…</translation>
        </message>
        <message>
            <source>The search model is ready.</source>
            <translation>搜索模型已就绪。</translation>
        </message>
        <message>
            <source>Downloading the search model (once, then everything is offline)…</source>
            <translation>正在下载搜索模型（只需一次，之后完全离线）…</translation>
        </message>
    </context>
</TS>
