package land_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/shuxiang/shuxiang/land"
)

func ExampleParsePlotCode() {
	plot, err := land.ParsePlotCode("6531301002010300042")
	if err != nil {
		fmt.Println(err)
		return
	}
	issuer := plot.Issuer()
	fmt.Println("issuer:", issuer)
	fmt.Println("village:", issuer.Division(), "group:", issuer.Group())
	fmt.Println("sequence:", plot.Sequence())

	_, err = land.ParsePlotCode("653130100201030004")
	var codeErr *land.CodeError
	if errors.As(err, &codeErr) {
		fmt.Println(codeErr.Kind, "rejected:", codeErr.Reason)
	}
	fmt.Println(err)
	// Output:
	// issuer: 65313010020103
	// village: 653130100201 group: 3
	// sequence: 42
	// plot code rejected: want 19 digits, got 18
	// land: invalid plot code "653130100201030004": want 19 digits, got 18
}

func ExampleAllocator_NextPlotCode() {
	ctx := context.Background()
	issuer, err := land.ParseIssuerCode("65313010020103")
	if err != nil {
		fmt.Println(err)
		return
	}

	// A nil store keeps the marks in memory. A county server passes its Store instead,
	// so that the marks survive a restart.
	alloc := land.NewAllocator(nil)

	// Mark the codes of the imported register so that they are not handed out again.
	imported := []land.PlotCode{"6531301002010300001", "6531301002010300042"}
	if err := alloc.MarkPlotCodesUsed(ctx, imported); err != nil {
		fmt.Println(err)
		return
	}

	plot, err := alloc.NextPlotCode(ctx, issuer)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(plot)

	household, err := alloc.NextContractorCode(ctx, issuer, land.ContractorHousehold)
	if err != nil {
		fmt.Println(err)
		return
	}
	contract, err := land.NewContractCode(household, land.FamilyContracting)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(household, household.Kind())
	fmt.Println(contract, contract.Method())
	// Output:
	// 6531301002010300043
	// 653130100201030001 household
	// 653130100201030001J family contracting
}

func ExampleParseTransferContractCode() {
	for _, s := range []string{"653130100201030012", "653130100201030012J"} {
		code, err := land.ParseTransferContractCode(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(code, code.Form(), code.Contractor())
	}
	// Output:
	// 653130100201030012 contractor form 653130100201030012
	// 653130100201030012J contract form 653130100201030012
}

func ExampleDivisionCode_Contains() {
	county := land.DivisionCode("653130")
	village := land.DivisionCode("653130100201")
	fmt.Println(county.Level(), village.Level(), county.Contains(village))
	fmt.Println(village.Parent(), village.Parent().Parent())
	// Output:
	// county village true
	// 653130100 653130
}

func ExampleParseRealEstateUnitCode() {
	unit, err := land.ParseRealEstateUnitCode("650203001002JC00017F00010001")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(unit.County(), unit.CadastralZone(), unit.CadastralSubzone())
	fmt.Println(unit.Ownership(), "/", unit.Right())
	fmt.Println(unit.Parcel(), unit.Fixture(), unit.FixtureNumber())
	// Output:
	// 650203 001 002
	// collectively owned / homestead use right
	// 650203001002JC00017 building 00010001
}
