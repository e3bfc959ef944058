package land

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Use2007 is a land-use class of GB/T 21010-2007, the edition that GB/T 21010-2017 replaced
// and that the second national land survey and many contract registers use: a two-digit
// first-level class or a three-digit second-level class such as "012" (irrigated land).
type Use2007 string

// use2007Class is one row of the GB/T 21010-2007 table with the 2017 classes that took over
// its land, the main successor first.
type use2007Class struct {
	code    Use2007
	chinese string
	uses    []Use
}

// ParseUse2007 returns the GB/T 21010-2007 class with code s.
func ParseUse2007(s string) (Use2007, error) {
	u := Use2007(strings.TrimSpace(s))
	if _, ok := lookupUse2007(u); !ok {
		return "", fmt.Errorf("land: invalid GB/T 21010-2007 land use %q, "+
			"want a class such as 01 or 012", s)
	}
	return u, nil
}

// String returns the code.
func (u Use2007) String() string { return string(u) }

// Name returns the Chinese name of the 2007 class, or "" for an unknown code.
func (u Use2007) Name() string {
	c, _ := lookupUse2007(u)
	return c.chinese
}

// Use returns the main GB/T 21010-2017 successor of the 2007 class, such as 0102 for 012,
// or "" for an unknown code. See [Use2007.Uses] for classes that were split.
func (u Use2007) Use() Use {
	c, ok := lookupUse2007(u)
	if !ok {
		return ""
	}
	return c.uses[0]
}

// Uses returns every GB/T 21010-2017 class that took over part of the 2007 class, the main
// one first. The 2007 class 031 (有林地, forested land), for example, became 0301 arbor,
// 0302 bamboo and 0303 mangrove forest land. It returns nil for an unknown code.
func (u Use2007) Uses() []Use {
	c, ok := lookupUse2007(u)
	if !ok {
		return nil
	}
	return slices.Clone(c.uses)
}

// Exact reports whether the 2007 class maps to exactly one 2017 class.
func (u Use2007) Exact() bool {
	c, ok := lookupUse2007(u)
	return ok && len(c.uses) == 1
}

// Uses2007 returns every GB/T 21010-2007 class in code order.
func Uses2007() []Use2007 {
	codes := make([]Use2007, len(use2007Table))
	for i, c := range use2007Table {
		codes[i] = c.code
	}
	return codes
}

func lookupUse2007(u Use2007) (use2007Class, bool) {
	i := sort.Search(len(use2007Table), func(i int) bool { return use2007Table[i].code >= u })
	if i < len(use2007Table) && use2007Table[i].code == u {
		return use2007Table[i], true
	}
	return use2007Class{}, false
}

// use2007Table lists the GB/T 21010-2007 classes in code order. Where the 2017 edition split
// a class, the class list names each successor. The 2017 edition moved the wetland classes
// (swamps under forest and grass land) out of 125 沼泽地, salt pans out of 062 采矿用地 and
// entertainment land out of 085 文体娱乐用地.
//
// NOTE: the main successor of a split class is the class that continues its name or its
// typical land, not one chosen by measured share. Recode such plots from the survey.
var use2007Table = []use2007Class{
	{"01", "耕地", []Use{"01"}},
	{"011", "水田", []Use{"0101"}},
	{"012", "水浇地", []Use{"0102"}},
	{"013", "旱地", []Use{"0103"}},
	{"02", "园地", []Use{"02"}},
	{"021", "果园", []Use{"0201"}},
	{"022", "茶园", []Use{"0202"}},
	{"023", "其他园地", []Use{"0204", "0203"}},
	{"03", "林地", []Use{"03"}},
	{"031", "有林地", []Use{"0301", "0302", "0303"}},
	{"032", "灌木林地", []Use{"0305"}},
	{"033", "其他林地", []Use{"0307"}},
	{"04", "草地", []Use{"04"}},
	{"041", "天然牧草地", []Use{"0401"}},
	{"042", "人工牧草地", []Use{"0403"}},
	{"043", "其他草地", []Use{"0404"}},
	{"05", "商服用地", []Use{"05"}},
	{"051", "批发零售用地", []Use{"0501", "0502"}},
	{"052", "住宿餐饮用地", []Use{"0504", "0503"}},
	{"053", "商务金融用地", []Use{"0505"}},
	{"054", "其他商服用地", []Use{"0507"}},
	{"06", "工矿仓储用地", []Use{"06"}},
	{"061", "工业用地", []Use{"0601"}},
	{"062", "采矿用地", []Use{"0602", "0603"}},
	{"063", "仓储用地", []Use{"0604"}},
	{"07", "住宅用地", []Use{"07"}},
	{"071", "城镇住宅用地", []Use{"0701"}},
	{"072", "农村宅基地", []Use{"0702"}},
	{"08", "公共管理与公共服务用地", []Use{"08"}},
	{"081", "机关团体用地", []Use{"0801"}},
	{"082", "新闻出版用地", []Use{"0802"}},
	{"083", "科教用地", []Use{"0803", "0804"}},
	{"084", "医卫慈善用地", []Use{"0805", "0806"}},
	{"085", "文体娱乐用地", []Use{"0807", "0808", "0506"}},
	{"086", "公共设施用地", []Use{"0809"}},
	{"087", "公园与绿地", []Use{"0810"}},
	{"088", "风景名胜设施用地", []Use{"0906"}},
	{"09", "特殊用地", []Use{"09"}},
	{"091", "军事设施用地", []Use{"0901"}},
	{"092", "使领馆用地", []Use{"0902"}},
	{"093", "监教场所用地", []Use{"0903"}},
	{"094", "宗教用地", []Use{"0904"}},
	{"095", "殡葬用地", []Use{"0905"}},
	{"10", "交通运输用地", []Use{"10"}},
	{"101", "铁路用地", []Use{"1001", "1002"}},
	{"102", "公路用地", []Use{"1003"}},
	{"103", "街巷用地", []Use{"1004", "1005"}},
	{"104", "农村道路", []Use{"1006"}},
	{"105", "机场用地", []Use{"1007"}},
	{"106", "港口码头用地", []Use{"1008"}},
	{"107", "管道运输用地", []Use{"1009"}},
	{"11", "水域及水利设施用地", []Use{"11"}},
	{"111", "河流水面", []Use{"1101"}},
	{"112", "湖泊水面", []Use{"1102"}},
	{"113", "水库水面", []Use{"1103"}},
	{"114", "坑塘水面", []Use{"1104"}},
	{"115", "沿海滩涂", []Use{"1105"}},
	{"116", "内陆滩涂", []Use{"1106"}},
	{"117", "沟渠", []Use{"1107"}},
	{"118", "水工建筑用地", []Use{"1109"}},
	{"119", "冰川及永久积雪", []Use{"1110"}},
	{"12", "其他土地", []Use{"12"}},
	{"121", "空闲地", []Use{"1201"}},
	{"122", "设施农用地", []Use{"1202"}},
	{"123", "田坎", []Use{"1203"}},
	{"124", "盐碱地", []Use{"1204"}},
	{"125", "沼泽地", []Use{"1108", "0304", "0306", "0402"}},
	{"126", "沙地", []Use{"1205"}},
	{"127", "裸地", []Use{"1206", "1207"}},
}
