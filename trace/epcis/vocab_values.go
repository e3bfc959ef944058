// The CBV 2.0 standard vocabulary values (CBV 2.0): a constant for each
// value and the list of bare names that the parsers in vocab.go accept.

package epcis

// The CBV 2.0 standard business steps.
const (
	BizStepAccepting             BizStep = "accepting"
	BizStepArriving              BizStep = "arriving"
	BizStepAssembling            BizStep = "assembling"
	BizStepCollecting            BizStep = "collecting"
	BizStepCommissioning         BizStep = "commissioning"
	BizStepConsigning            BizStep = "consigning"
	BizStepCreatingClassInstance BizStep = "creating_class_instance"
	BizStepCycleCounting         BizStep = "cycle_counting"
	BizStepDecommissioning       BizStep = "decommissioning"
	BizStepDeparting             BizStep = "departing"
	BizStepDestroying            BizStep = "destroying"
	BizStepDisassembling         BizStep = "disassembling"
	BizStepDispensing            BizStep = "dispensing"
	BizStepEncoding              BizStep = "encoding"
	BizStepEnteringExiting       BizStep = "entering_exiting"
	BizStepHolding               BizStep = "holding"
	BizStepInspecting            BizStep = "inspecting"
	BizStepInstalling            BizStep = "installing"
	BizStepKilling               BizStep = "killing"
	BizStepLoading               BizStep = "loading"
	BizStepOther                 BizStep = "other"
	BizStepPacking               BizStep = "packing"
	BizStepPicking               BizStep = "picking"
	BizStepReceiving             BizStep = "receiving"
	BizStepRemoving              BizStep = "removing"
	BizStepRepackaging           BizStep = "repackaging"
	BizStepRepairing             BizStep = "repairing"
	BizStepReplacing             BizStep = "replacing"
	BizStepReserving             BizStep = "reserving"
	BizStepRetailSelling         BizStep = "retail_selling"
	BizStepShipping              BizStep = "shipping"
	BizStepStagingOutbound       BizStep = "staging_outbound"
	BizStepStockTaking           BizStep = "stock_taking"
	BizStepStocking              BizStep = "stocking"
	BizStepStoring               BizStep = "storing"
	BizStepTransporting          BizStep = "transporting"
	BizStepUnloading             BizStep = "unloading"
	BizStepUnpacking             BizStep = "unpacking"
	BizStepVoidShipping          BizStep = "void_shipping"
	BizStepSensorReporting       BizStep = "sensor_reporting"
	BizStepSampling              BizStep = "sampling"
)

var bizStepsNames = []string{
	"accepting",
	"arriving",
	"assembling",
	"collecting",
	"commissioning",
	"consigning",
	"creating_class_instance",
	"cycle_counting",
	"decommissioning",
	"departing",
	"destroying",
	"disassembling",
	"dispensing",
	"encoding",
	"entering_exiting",
	"holding",
	"inspecting",
	"installing",
	"killing",
	"loading",
	"other",
	"packing",
	"picking",
	"receiving",
	"removing",
	"repackaging",
	"repairing",
	"replacing",
	"reserving",
	"retail_selling",
	"shipping",
	"staging_outbound",
	"stock_taking",
	"stocking",
	"storing",
	"transporting",
	"unloading",
	"unpacking",
	"void_shipping",
	"sensor_reporting",
	"sampling",
}

// The CBV 2.0 standard dispositions.
const (
	DispositionActive                Disposition = "active"
	DispositionContainerClosed       Disposition = "container_closed"
	DispositionDamaged               Disposition = "damaged"
	DispositionDestroyed             Disposition = "destroyed"
	DispositionDispensed             Disposition = "dispensed"
	DispositionDisposed              Disposition = "disposed"
	DispositionEncoded               Disposition = "encoded"
	DispositionExpired               Disposition = "expired"
	DispositionInProgress            Disposition = "in_progress"
	DispositionInTransit             Disposition = "in_transit"
	DispositionInactive              Disposition = "inactive"
	DispositionNoPedigreeMatch       Disposition = "no_pedigree_match"
	DispositionNonSellableOther      Disposition = "non_sellable_other"
	DispositionPartiallyDispensed    Disposition = "partially_dispensed"
	DispositionRecalled              Disposition = "recalled"
	DispositionReserved              Disposition = "reserved"
	DispositionRetailSold            Disposition = "retail_sold"
	DispositionReturned              Disposition = "returned"
	DispositionSellableAccessible    Disposition = "sellable_accessible"
	DispositionSellableNotAccessible Disposition = "sellable_not_accessible"
	DispositionStolen                Disposition = "stolen"
	DispositionUnknown               Disposition = "unknown"
	DispositionAvailable             Disposition = "available"
	DispositionCompletenessVerified  Disposition = "completeness_verified"
	DispositionCompletenessInferred  Disposition = "completeness_inferred"
	DispositionConformant            Disposition = "conformant"
	DispositionContainerOpen         Disposition = "container_open"
	DispositionMismatchInstance      Disposition = "mismatch_instance"
	DispositionMismatchClass         Disposition = "mismatch_class"
	DispositionMismatchQuantity      Disposition = "mismatch_quantity"
	DispositionNeedsReplacement      Disposition = "needs_replacement"
	DispositionNonConformant         Disposition = "non_conformant"
	DispositionUnavailable           Disposition = "unavailable"
)

var dispositionsNames = []string{
	"active",
	"container_closed",
	"damaged",
	"destroyed",
	"dispensed",
	"disposed",
	"encoded",
	"expired",
	"in_progress",
	"in_transit",
	"inactive",
	"no_pedigree_match",
	"non_sellable_other",
	"partially_dispensed",
	"recalled",
	"reserved",
	"retail_sold",
	"returned",
	"sellable_accessible",
	"sellable_not_accessible",
	"stolen",
	"unknown",
	"available",
	"completeness_verified",
	"completeness_inferred",
	"conformant",
	"container_open",
	"mismatch_instance",
	"mismatch_class",
	"mismatch_quantity",
	"needs_replacement",
	"non_conformant",
	"unavailable",
}

// The CBV 2.0 standard business transaction types.
const (
	BizTransactionTypeBOL       BizTransactionType = "bol"
	BizTransactionTypeCert      BizTransactionType = "cert"
	BizTransactionTypeDESADV    BizTransactionType = "desadv"
	BizTransactionTypeInv       BizTransactionType = "inv"
	BizTransactionTypePedigree  BizTransactionType = "pedigree"
	BizTransactionTypePO        BizTransactionType = "po"
	BizTransactionTypePOC       BizTransactionType = "poc"
	BizTransactionTypeProdOrder BizTransactionType = "prodorder"
	BizTransactionTypeRECADV    BizTransactionType = "recadv"
	BizTransactionTypeRMA       BizTransactionType = "rma"
	BizTransactionTypeTestPrd   BizTransactionType = "testprd"
	BizTransactionTypeTestRes   BizTransactionType = "testres"
	BizTransactionTypeUpEvt     BizTransactionType = "upevt"
)

var bizTransactionTypesNames = []string{
	"bol",
	"cert",
	"desadv",
	"inv",
	"pedigree",
	"po",
	"poc",
	"prodorder",
	"recadv",
	"rma",
	"testprd",
	"testres",
	"upevt",
}

// The CBV 2.0 standard source and destination types.
const (
	SourceDestTypeOwningParty     SourceDestType = "owning_party"
	SourceDestTypePossessingParty SourceDestType = "possessing_party"
	SourceDestTypeLocation        SourceDestType = "location"
)

var sourceDestTypesNames = []string{
	"owning_party",
	"possessing_party",
	"location",
}

// The CBV 2.0 standard error reasons.
const (
	ErrorReasonDidNotOccur   ErrorReason = "did_not_occur"
	ErrorReasonIncorrectData ErrorReason = "incorrect_data"
)

var errorReasonsNames = []string{
	"did_not_occur",
	"incorrect_data",
}
