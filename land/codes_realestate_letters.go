package land

import "strconv"

// ParcelOwnership is the first parcel letter of a [RealEstateUnitCode] (position 13):
// who owns the land or sea of the parcel. The zero value is no valid letter.
type ParcelOwnership byte

// The ownership letters of GB/T 37346-2019.
const (
	OwnershipState      ParcelOwnership = 'G' // 国家土地(海域)所有权, state-owned
	OwnershipCollective ParcelOwnership = 'J' // 集体土地所有权, collectively owned
	OwnershipDisputed   ParcelOwnership = 'Z' // 土地所有权争议, ownership disputed
)

func (o ParcelOwnership) valid() bool {
	return o == OwnershipState || o == OwnershipCollective || o == OwnershipDisputed
}

// String returns the ownership in words, such as "state-owned".
func (o ParcelOwnership) String() string {
	switch o {
	case OwnershipState:
		return "state-owned"
	case OwnershipCollective:
		return "collectively owned"
	case OwnershipDisputed:
		return "ownership disputed"
	}
	return unknownLetter("ParcelOwnership", byte(o))
}

// ParcelRight is the second parcel letter of a [RealEstateUnitCode] (position 14): the
// right registered on the parcel. The zero value is no valid letter.
type ParcelRight byte

// The right letters of GB/T 37346-2019.
const (
	RightCollectiveOwnership ParcelRight = 'A' // 集体土地所有权宗地
	RightConstructionSurface ParcelRight = 'B' // 建设用地使用权宗地(地表)
	RightConstructionAbove   ParcelRight = 'S' // 建设用地使用权宗地(地上)
	RightConstructionBelow   ParcelRight = 'X' // 建设用地使用权宗地(地下)
	RightHomestead           ParcelRight = 'C' // 宅基地使用权宗地
	RightContractedCropland  ParcelRight = 'D' // 土地承包经营权宗地(耕地)
	RightContractedForest    ParcelRight = 'E' // 土地承包经营权宗地(林地)
	RightContractedGrassland ParcelRight = 'F' // 土地承包经营权宗地(草地)
	RightForestUse           ParcelRight = 'L' // 林地使用权宗地(承包经营以外)
	RightFarmlandUse         ParcelRight = 'N' // 农用地使用权宗地(承包经营以外、非林地)
	RightSeaArea             ParcelRight = 'H' // 海域使用权宗海
	RightIsland              ParcelRight = 'G' // 无居民海岛使用权海岛
	RightUndetermined        ParcelRight = 'W' // 使用权未确定或有争议的土地
	RightOther               ParcelRight = 'Y' // 其他土地使用权宗地
)

func (r ParcelRight) valid() bool {
	switch r {
	case RightCollectiveOwnership, RightConstructionSurface, RightConstructionAbove,
		RightConstructionBelow, RightHomestead, RightContractedCropland,
		RightContractedForest, RightContractedGrassland, RightForestUse, RightFarmlandUse,
		RightSeaArea, RightIsland, RightUndetermined, RightOther:
		return true
	}
	return false
}

// String returns the right in words, such as "homestead use right".
func (r ParcelRight) String() string {
	switch r {
	case RightCollectiveOwnership:
		return "collective land ownership"
	case RightConstructionSurface:
		return "construction land use right, surface"
	case RightConstructionAbove:
		return "construction land use right, above ground"
	case RightConstructionBelow:
		return "construction land use right, below ground"
	case RightHomestead:
		return "homestead use right"
	case RightContractedCropland:
		return "land contracting right, cultivated land"
	case RightContractedForest:
		return "land contracting right, forest land"
	case RightContractedGrassland:
		return "land contracting right, grassland"
	case RightForestUse:
		return "forest land use right"
	case RightFarmlandUse:
		return "agricultural land use right"
	case RightSeaArea:
		return "sea area use right"
	case RightIsland:
		return "uninhabited island use right"
	case RightUndetermined:
		return "use right undetermined or disputed"
	case RightOther:
		return "other land use right"
	}
	return unknownLetter("ParcelRight", byte(r))
}

// FixtureKind is the fixture letter of a [RealEstateUnitCode] (position 20): the kind of
// fixture (定着物) on the parcel that is registered as a unit. The zero value is no valid
// letter.
type FixtureKind byte

// The fixture letters of GB/T 37346-2019.
const (
	FixtureBuilding FixtureKind = 'F' // 房屋等建筑物、构筑物
	FixtureForest   FixtureKind = 'L' // 森林、林木
	FixtureOther    FixtureKind = 'Q' // 其他类型定着物
	FixtureNone     FixtureKind = 'W' // 无定着物
)

// String returns "building", "forest", "other fixture" or "no fixture".
func (k FixtureKind) String() string {
	switch k {
	case FixtureBuilding:
		return "building"
	case FixtureForest:
		return "forest"
	case FixtureOther:
		return "other fixture"
	case FixtureNone:
		return "no fixture"
	}
	return unknownLetter("FixtureKind", byte(k))
}

// unknownLetter returns the String of a letter type for a letter that is not valid.
func unknownLetter(typeName string, letter byte) string {
	return typeName + "(" + strconv.QuoteRune(rune(letter)) + ")"
}
