package land

// useTable lists the classes of GB/T 21010-2017 in code order (lookupUse searches it).
var useTable = []useClass{
	{"01", "耕地", "cultivated land"},
	{"0101", "水田", "paddy field"},
	{"0102", "水浇地", "irrigated land"},
	{"0103", "旱地", "dry land"},
}
