package epcis

import (
	"time"

	"github.com/shopspring/decimal"
)

// SensorElement is one group of sensor readings with the metadata they share (EPCIS
// 2.0): how an event's objects were observed, for example the temperature of a
// cold-chain pallet.
type SensorElement struct {
	// Metadata is nil when the element has none.
	Metadata   *SensorMetadata
	Reports    []SensorReport
	Extensions []Extension
}

// SensorMetadata describes the device and the time of a group of sensor reports. Zero times
// and empty strings are absent.
type SensorMetadata struct {
	Time      time.Time
	StartTime time.Time
	EndTime   time.Time
	// DeviceID identifies the sensor device, for example a GIAI.
	DeviceID string
	// DeviceMetadata, RawData, DataProcessingMethod and BizRules are URIs of documents.
	DeviceMetadata       string
	RawData              string
	DataProcessingMethod string
	BizRules             string
	Extensions           []Extension
}

// SensorReport is one reading. Type, Exception and Component hold full IRIs: a bare GS1
// measurement type such as "Temperature" or the CURIE "gs1:Temperature" is stored as
// "https://gs1.org/voc/Temperature", and "cbv:Comp-latitude" as
// "https://ref.gs1.org/cbv/Comp-latitude". Nil numbers, nil BooleanValue and empty strings
// are absent.
type SensorReport struct {
	// Type is the measurement type, such as https://gs1.org/voc/Temperature.
	Type string
	// Exception is a condition instead of a measurement, such as
	// https://gs1.org/voc/ALARM_CONDITION.
	Exception            string
	DeviceID             string
	DeviceMetadata       string
	RawData              string
	DataProcessingMethod string
	Time                 time.Time
	// Microorganism and ChemicalSubstance identify what a concentration is of.
	Microorganism     string
	ChemicalSubstance string
	Value             *decimal.Decimal
	// Component is the part of a compound value, such as a coordinate axis.
	Component      string
	StringValue    string
	BooleanValue   *bool
	HexBinaryValue string
	URIValue       string
	MinValue       *decimal.Decimal
	MaxValue       *decimal.Decimal
	MeanValue      *decimal.Decimal
	SDev           *decimal.Decimal
	PercRank       *decimal.Decimal
	PercValue      *decimal.Decimal
	// UOM is a UN/ECE Recommendation 20 unit code, such as CEL for degree Celsius.
	UOM string
	// CoordinateReferenceSystem is the IRI of the coordinate reference system of a
	// location reading.
	CoordinateReferenceSystem string
	Extensions                []Extension
}
