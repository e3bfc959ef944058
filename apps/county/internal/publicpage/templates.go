package publicpage

// The parts of the page around the story, in the order AppendPage writes
// them. Only the code, the scan count and the first scan time vary between
// lookups; they are escaped and placed between these parts.
const (
	pageHead = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>产品溯源查询</title>
<style>` + styleCSS + `</style>
</head>
<body>
<header><h1>产品溯源查询</h1><p class="code">追溯码 <span>`
	pageMain = "</span></p></header>\n<main>\n"

	warnMalformed = `<section class="warn critical"><h2>无法识别的追溯码</h2><p>您查询的内容不是有效的追溯码。请核对标签上的号码后重新输入，或直接扫描标签上的二维码。</p></section>` + "\n"
	warnUnknown   = `<section class="warn critical"><h2>查无此码</h2><p>本县未签发此追溯码。该标签可能是伪造或复制的，请谨慎购买，并可向当地农业农村部门举报。</p></section>` + "\n"
	warnVoided    = `<section class="warn critical"><h2>此码已停用</h2><p>该追溯码已被暂停或作废，对应产品不应在市场上销售。</p></section>` + "\n"
	warnNotActive = `<section class="warn critical"><h2>此码尚未启用</h2><p>该追溯码已签发但尚未投入流通，市场上出现此码的产品可能来源异常。</p></section>` + "\n"
	warnFlagged   = `<section class="warn"><h2>异常提示</h2><p>系统发现此追溯码的查询记录存在异常（如查询次数过多或异地同时查询），可能存在标签被复制的情况。请核对产品包装与下方信息是否一致。</p></section>` + "\n"

	scansHead  = `<section class="scans"><h2>查询记录</h2><dl><dt>查询次数</dt><dd class="count">第 `
	scansFirst = ` 次查询</dd><dt>首次查询</dt><dd class="first">`
	scansEnd   = `</dd></dl>`
	scansNote  = `<p class="note">如果您是第一次查询此码，而此处显示已被查询多次，请留意产品是否为正品。</p>`
	scansClose = "</section>\n"

	pageFoot = `</main>
<footer><p>本页面由县级农产品质量安全追溯平台提供。承诺达标合格证为生产者的自我承诺。</p></footer>
</body>
</html>
`
)

// storyHTML is the story of a code: product, origin, steps and documents.
const storyHTML = `<section class="product"><h2>{{.Product}}</h2>
<dl>{{if .Variety}}<dt>品种</dt><dd>{{.Variety}}</dd>{{end}}{{if .Category}}<dt>类别</dt><dd>{{.Category}}</dd>{{end}}{{if .Standard}}<dt>执行标准</dt><dd>{{.Standard}}</dd>{{end}}{{if .Batch}}<dt>批次</dt><dd class="batch">{{.Batch}}</dd>{{end}}{{if .Harvested}}<dt>采收日期</dt><dd>{{.Harvested}}</dd>{{end}}{{if .Quantity}}<dt>批次数量</dt><dd>{{.Quantity}}</dd>{{end}}</dl></section>
{{if .Producer}}<section class="producer"><h2>生产者</h2><dl><dt>名称</dt><dd>{{.Producer}}</dd>{{if .ProducerKind}}<dt>类型</dt><dd>{{.ProducerKind}}</dd>{{end}}{{if .Phone}}<dt>联系电话</dt><dd>{{.Phone}}</dd>{{end}}</dl></section>{{end}}
{{if .Plot}}<section class="origin"><h2>产地</h2><dl><dt>村</dt><dd class="village">{{.Plot.Village}}</dd><dt>地块编码</dt><dd class="plot">{{.Plot.Code}}</dd>{{if .Plot.Name}}<dt>地块名称</dt><dd>{{.Plot.Name}}</dd>{{end}}{{if .Plot.Area}}<dt>面积</dt><dd>{{.Plot.Area}}</dd>{{end}}</dl>
{{with .Planting}}<h3>种植记录</h3><dl><dt>年份</dt><dd>{{.Year}}年{{if .Season}} {{.Season}}{{end}}</dd><dt>作物</dt><dd>{{.Crop}}</dd>{{if .Variety}}<dt>品种</dt><dd>{{.Variety}}</dd>{{end}}</dl>{{end}}</section>{{end}}
{{if .Steps}}<section class="steps"><h2>流通环节</h2><ol>{{range .Steps}}<li><span class="step">{{.Name}}</span> <time>{{.When}}</time>{{if .Place}}<span class="place">{{.Place}}</span>{{end}}{{if .Detail}}<span class="detail">{{.Detail}}</span>{{end}}</li>{{end}}</ol></section>{{end}}
{{with .Certificate}}<section class="certificate"><h2>承诺达标合格证</h2><dl><dt>编号</dt><dd>{{.Number}}</dd><dt>开具人</dt><dd>{{.Issuer}}</dd><dt>开具日期</dt><dd>{{.IssuedOn}}</dd><dt>承诺依据</dt><dd>{{.Bases}}</dd></dl><p class="promise">{{.Promise}}</p></section>{{end}}
{{with .Report}}<section class="report"><h2>检测报告</h2><p class="result {{if .Pass}}pass{{else}}fail{{end}}">检测结果：{{.Result}}</p><dl><dt>报告编号</dt><dd>{{.Number}}</dd><dt>检测机构</dt><dd>{{.Lab}}</dd><dt>报告日期</dt><dd>{{.IssuedOn}}</dd></dl>{{if .Items}}<table><thead><tr><th>检测项目</th><th>结果</th><th>限量</th><th>判定</th></tr></thead><tbody>{{range .Items}}<tr><td>{{.Name}}</td><td>{{if .NotDetected}}未检出{{else}}{{.Value}} {{.Unit}}{{end}}</td><td>{{.Limit}}</td><td>{{.Result}}</td></tr>{{end}}</tbody></table>{{end}}{{if .URL}}<p><a href="{{.URL}}" rel="noopener">查看检测报告原件</a></p>{{end}}</section>{{end}}
`

// styleCSS is the page's style sheet: one column on a phone, wider cards on
// larger screens.
const styleCSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.6 -apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1f2933;background:#f2f5f3}
header{background:#2f6f4f;color:#fff;padding:16px}
header h1{margin:0;font-size:1.3em}
.code{margin:4px 0 0;font-size:.9em;word-break:break-all;opacity:.9}
main{padding:8px}
section{background:#fff;border-radius:8px;margin:8px 0;padding:12px 14px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h2{font-size:1.1em;margin:0 0 8px;color:#2f6f4f}
h3{font-size:1em;margin:12px 0 4px}
dl{display:grid;grid-template-columns:6em 1fr;gap:4px 8px;margin:0}
dt{color:#61707d}
dd{margin:0;word-break:break-all}
ol{margin:0;padding-left:1.4em}
li{margin:6px 0}
.step{font-weight:600}
time,.place,.detail{display:block;font-size:.9em;color:#52606d;overflow-wrap:anywhere}
.warn{border-left:6px solid #d9822b;background:#fff8ec}
.warn.critical{border-left-color:#c23030;background:#fdeeee}
.warn h2{color:#a3470c}
.warn.critical h2{color:#a82a2a}
.result{font-weight:700;font-size:1.1em}
.result.pass{color:#1d7a46}
.result.fail{color:#c23030}
table{width:100%;border-collapse:collapse;margin-top:8px;font-size:.9em}
th,td{border-bottom:1px solid #e4e7eb;padding:4px;text-align:left}
.promise{font-size:.9em;color:#3e4c59}
.count{font-weight:700}
.note{font-size:.85em;color:#8a4b08}
a{color:#1f5fa8}
footer{font-size:.8em;color:#7b8794;padding:8px 16px 24px}
@media (min-width:720px){main{max-width:720px;margin:0 auto}}
`
