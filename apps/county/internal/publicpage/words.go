package publicpage

import (
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/epcis"
)

// stepNames are the CBV 2.0 business steps that trace.Steps writes, in Chinese.
var stepNames = map[epcis.BizStep]string{
	epcis.BizStepCommissioning:         "采收赋码",
	epcis.BizStepCreatingClassInstance: "采收",
	epcis.BizStepPacking:               "包装",
	epcis.BizStepUnpacking:             "拆包",
	epcis.BizStepInspecting:            "检验",
	epcis.BizStepStoring:               "冷藏",
	epcis.BizStepShipping:              "发运",
	epcis.BizStepReceiving:             "收货",
	epcis.BizStepRetailSelling:         "零售",
	epcis.BizStepKilling:               "屠宰",
}

// dispositionNames are the CBV 2.0 dispositions that trace.Steps writes, in
// Chinese.
var dispositionNames = map[epcis.Disposition]string{
	epcis.DispositionActive:                "已生成",
	epcis.DispositionInProgress:            "处理中",
	epcis.DispositionConformant:            "检验合格",
	epcis.DispositionNonConformant:         "检验不合格",
	epcis.DispositionSellableNotAccessible: "在库",
	epcis.DispositionInTransit:             "运输中",
	epcis.DispositionRetailSold:            "已售出",
}

var categoryNames = map[trace.Category]string{
	trace.Fruit: "水果", trace.Vegetable: "蔬菜", trace.Grain: "粮食", trace.Nut: "坚果",
	trace.Flower: "花卉", trace.Tea: "茶叶", trace.Livestock: "活畜禽", trace.Meat: "畜禽肉",
	trace.Egg: "禽蛋", trace.Dairy: "乳品", trace.Aquatic: "水产品", trace.Cotton: "棉花",
	trace.OtherCategory: "其他",
}

var producerKinds = map[trace.ProducerKind]string{
	trace.Company: "企业", trace.Cooperative: "农民专业合作社", trace.FamilyFarm: "家庭农场",
	trace.Collective: "农村集体经济组织",
}

var unitNames = map[trace.Unit]string{
	trace.Kilogram: "千克", trace.Gram: "克", trace.Tonne: "吨", trace.Litre: "升", trace.Piece: "件",
}

var basisNames = map[trace.Basis]string{
	trace.QualityControl: "内部质量控制", trace.OwnTesting: "自行检测", trace.CommissionedTesting: "委托检测",
}

var resultNames = map[trace.Result]string{trace.Pass: "合格", trace.Fail: "不合格"}

var seasonNames = map[land.Season]string{
	land.SeasonSpring: "春播", land.SeasonSummer: "夏播", land.SeasonAutumn: "秋播",
	land.SeasonWinter: "冬播", land.SeasonWholeYear: "全年",
}
