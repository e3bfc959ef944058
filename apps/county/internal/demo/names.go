package demo

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// Syllables of the fictional names. Han names are a surname and one or two given
// syllables. Uyghur-style names are written as Chinese transliterations do it: a given
// name built from two or three syllables, a middle dot and the father's given name.
var (
	hanSurnames = []string{
		"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
		"马", "孙", "胡", "朱", "高", "林", "何", "郭", "罗", "韩",
	}
	hanGivenMale   = []string{"建", "国", "军", "明", "文", "海", "强", "伟", "刚", "勇", "新", "平", "春", "志", "林", "成"}
	hanGivenFemale = []string{"红", "霞", "丽", "芳", "玉", "英", "秀", "兰", "梅", "华", "燕", "萍", "娟", "静", "春", "敏"}

	uyghurStarts      = []string{"阿", "艾", "买", "吐", "依", "热", "库", "努", "帕", "沙", "玉", "阿不"}
	uyghurMiddles     = []string{"力", "尔", "合", "孜", "克", "米", "都", "地", "斯", "拉"}
	uyghurMaleEnds    = []string{"提", "江", "曼", "逊", "明", "拜", "尔", "木", "汗"}
	uyghurFemaleEnds  = []string{"古丽", "罕", "尼莎", "汗", "曼", "拉"}
	placeHanFirst     = []string{"红", "团", "光", "新", "丰", "和", "东", "前", "胜", "幸", "永", "向"}
	placeHanSecond    = []string{"星", "结", "明", "渠", "收", "平", "风", "进", "利", "福", "安", "阳"}
	placeUyghurFirst  = []string{"阿克", "喀拉", "库木", "托格", "英", "巴什", "阔什", "苏"}
	placeUyghurSecond = []string{"布拉克", "巴格", "阿热勒", "托格拉克", "苏", "吾斯塘", "艾日克"}
	townshipFirst     = []string{"沙", "柳", "白", "红", "清", "苇", "榆", "双", "石", "芦"}
	townshipSecond    = []string{"泉", "湾", "杨", "柳", "水", "湖", "树", "井", "滩", "草"}
	groupNumerals     = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
)

func pick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

// person is a generated person's name with the parts a child's name is built from.
type person struct {
	name   string
	given  string // Uyghur-style given name, which a child carries as its second part
	han    bool
	female bool
}

func hanName(r *rand.Rand, surname string, female bool) person {
	given := hanGivenMale
	if female {
		given = hanGivenFemale
	}
	var b strings.Builder
	b.WriteString(surname)
	b.WriteString(pick(r, given))
	if r.IntN(3) > 0 {
		b.WriteString(pick(r, given))
	}
	return person{name: b.String(), han: true, female: female}
}

func uyghurGiven(r *rand.Rand, female bool) string {
	var b strings.Builder
	b.WriteString(pick(r, uyghurStarts))
	if r.IntN(2) == 0 {
		b.WriteString(pick(r, uyghurMiddles))
	}
	if female {
		b.WriteString(pick(r, uyghurFemaleEnds))
	} else {
		b.WriteString(pick(r, uyghurMaleEnds))
	}
	return b.String()
}

// uyghurName returns a name whose second part is father, or a new given name when father
// is empty.
func uyghurName(r *rand.Rand, father string, female bool) person {
	given := uyghurGiven(r, female)
	if father == "" {
		father = uyghurGiven(r, false)
	}
	return person{name: given + "·" + father, given: given, female: female}
}

func townshipName(r *rand.Rand, town bool) string {
	suffix := "乡"
	if town {
		suffix = "镇"
	}
	return pick(r, townshipFirst) + pick(r, townshipSecond) + suffix
}

func villageName(r *rand.Rand) string {
	if r.IntN(2) == 0 {
		return pick(r, placeUyghurFirst) + pick(r, placeUyghurSecond) + "村"
	}
	return pick(r, placeHanFirst) + pick(r, placeHanSecond) + "村"
}

// groupName returns the name of villager group n (1-based), such as 第三村民小组.
func groupName(n int) string {
	if n <= len(groupNumerals) {
		return "第" + groupNumerals[n-1] + "村民小组"
	}
	return "第" + strconv.Itoa(n) + "村民小组"
}
