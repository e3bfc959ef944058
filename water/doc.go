// Package water models water abstraction in a Chinese county under well
// water-electricity dual control (井电双控). It covers the register of wells, intakes,
// reservoirs, canals, gates and village supply meters, and water-use plans (用水计划).
// It converts electricity to water (以电折水), prices use with water-resource fees and
// progressive over-plan surcharges, and runs the rules that watch each well.
//
// The package does no I/O. Its values are plain structs with decimal quantities
// (shopspring/decimal) and string codes, so a store can keep them as they are. Metered
// readings and their rollups live in water/metering; this package reads those rollups
// only to build reports, and metering imports nothing from it.
//
// # Register
//
// A [Well] is a pumped well or a surface-water intake with its location (lon, lat on
// CGCS2000), division code (a village or township, [land.DivisionCode]), irrigation
// district, source, use, abstraction permit, holder, plots served ([land.PlotCode]),
// irrigated area in mu, pump rating and attached meters. [Reservoir], [Canal] and [Gate]
// carry their [MeasuringPoint] values, and [VillageMeter] is the supply meter of a
// village. Each type has a Validate method that returns every bad field as a
// [FieldError], joined.
//
// # Plans
//
// A [Plan] holds a well's annual volume in m³, split by month so that the months sum to
// the year exactly ([SplitAnnual] makes such a split), the households' shares (quota per
// mu × area), the warning percentages and the action at 100% ([LimitAction]).
//
// # Water from electricity
//
// A [Coefficient] Tc converts kWh to m³ as Q = Tc × ΔkWh. [Calibrate] computes Tc from
// flow-meter runs as Σ water / Σ energy and rejects a value above the lift a kWh can
// give, 367.1 · η / H m³/kWh ([MaxCoefficient] derives the constant). A
// [CoefficientHistory] keeps a well's coefficients with their validity, without
// overlap, so that a new pump or water level starts a new coefficient and lookups go by
// time.
//
// # Fees
//
// A [RateTable] holds the water-resource fee or tax per source and use in yuan/m³ by
// day. A [Ladder] is a progressive over-plan surcharge kept as data, with the
// inclusiveness of every band edge explicit as Chinese regulations state it (以上, 以下
// and 以内 include the number, 超过 and 不满 exclude it), and [ParseLadder] reads one from
// a config string. [Ladder.Charge] prices a year's use, [Bill] and [Payment] record what
// is owed and paid, and [Statement] works out balances and arrears. Money is decimal
// yuan, rounded half away from zero to the fen on each bill line.
//
// # Detection rules
//
// Each rule is a pure function of typed inputs and the caller's current time, and
// returns [Alarm] values with the rule, well, time window, observed values and the
// threshold crossed: [DetectOverPlan], [DetectUnauthorised], [DetectMismatch],
// [DetectTamper], [DetectUnpaidPumping] and [DetectSilent]. [Options] holds their
// thresholds; its zero value gives the defaults.
//
// # Reports and stores
//
// A [ReportBuilder] turns metering rollups and the register into a [ReportIndex] that
// answers [ReportQuery] values: water drawn per well, village, township, irrigation
// district or county, by source and use, per day, month or year, with year-on-year and
// month-on-month [Change] values that stay undefined when the base is zero or missing.
// Wells without a flow meter are converted from kWh through their coefficient history.
// [Store] persists the register, plans, coefficients, bills and alarms; [MemoryStore]
// keeps them in memory, and water/watersql on SQLite and PostgreSQL.
//
// Every type is safe for concurrent reads. Only [CoefficientHistory.Start] mutates a
// value in place, and a history must not be read while Start runs.
package water
