package cjt188

import "strconv"

// DI is a data identifier (数据标识) of CJ/T 188-2004, such as 0x901F for the
// metering data. The standard writes it high byte first, and most meters send
// it in that order (90 1F). Some send the low byte first (1F 90), so
// [Message] accepts both orders for the identifiers of this package.
type DI uint16

// Data identifiers of CJ/T 188-2004.
const (
	DIReading            DI = 0x901F // metering data (计量数据)
	DIHistory1           DI = 0xD120 // metering data of the last month (上1月历史计量数据); D121-D12B go back to 12 months
	DIPriceTable         DI = 0x8102 // price table (价格表)
	DISettlementDay      DI = 0x8103 // settlement day (结算日)
	DIReadingDay         DI = 0x8104 // meter-reading day (抄表日)
	DIPurchase           DI = 0x8105 // purchased amount (购入金额)
	DIKeyVersion         DI = 0x8106 // key version (密钥版本号)
	DIAddress            DI = 0x810A // address (地址)
	DIWritePriceTable    DI = 0xA010 // write price table (写价格表)
	DIWriteSettlementDay DI = 0xA011 // write settlement day (写结算日)
	DIWriteReadingDay    DI = 0xA012 // write meter-reading day (写抄表日)
	DIWritePurchase      DI = 0xA013 // write purchased amount (写购入金额)
	DIWriteKey           DI = 0xA014 // write new key (写新密钥)
	DIWriteTime          DI = 0xA015 // write standard time (写标准时间)
	DIWriteSync          DI = 0xA016 // write mechanical-electronic sync data (写机电同步数据)
	DIValve              DI = 0xA017 // valve control (写阀门控制)
	DIWriteAddress       DI = 0xA018 // write address (写地址)
	DIFactoryStart       DI = 0xA019 // leave factory mode (出厂启用)
)

// History returns the identifier of the metering data n months back, 1-12.
func History(n int) DI { return DIHistory1 + DI(n-1) }

// String returns the four hex digits, high byte first: "901F".
func (d DI) String() string {
	const digits = "0123456789ABCDEF"
	b := [4]byte{digits[d>>12], digits[d>>8&0xF], digits[d>>4&0xF], digits[d&0xF]}
	return string(b[:])
}

// Name returns what d identifies, such as "metering data", or "" when
// CJ/T 188-2004 does not define it.
func (d DI) Name() string {
	if d >= DIHistory1 && d < DIHistory1+12 {
		return "metering data " + strconv.Itoa(int(d-DIHistory1)+1) + " months back"
	}
	switch d {
	case DIReading:
		return "metering data"
	case DIPriceTable:
		return "price table"
	case DISettlementDay:
		return "settlement day"
	case DIReadingDay:
		return "meter-reading day"
	case DIPurchase:
		return "purchased amount"
	case DIKeyVersion:
		return "key version"
	case DIAddress:
		return "address"
	case DIWritePriceTable:
		return "write price table"
	case DIWriteSettlementDay:
		return "write settlement day"
	case DIWriteReadingDay:
		return "write meter-reading day"
	case DIWritePurchase:
		return "write purchased amount"
	case DIWriteKey:
		return "write key"
	case DIWriteTime:
		return "write time"
	case DIWriteSync:
		return "write sync data"
	case DIValve:
		return "valve control"
	case DIWriteAddress:
		return "write address"
	case DIFactoryStart:
		return "factory start"
	}
	return ""
}

// isHistory reports whether d is one of the twelve history identifiers.
func (d DI) isHistory() bool { return d >= DIHistory1 && d < DIHistory1+12 }

// diFromWire reads the two identifier bytes, trying the high byte first, and
// reports whether the known identifier was sent low byte first.
func diFromWire(b0, b1 byte) (DI, bool) {
	hi := DI(b0)<<8 | DI(b1)
	if hi.known() {
		return hi, false
	}
	if lo := DI(b1)<<8 | DI(b0); lo.known() {
		return lo, true
	}
	return hi, false
}

// known reports whether CJ/T 188-2004 defines d, without building its name.
func (d DI) known() bool {
	return d.isHistory() || d.Name() != ""
}
