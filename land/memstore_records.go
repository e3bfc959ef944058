package land

import (
	"context"
	"time"
)

// The methods below adapt each record kind to the MemoryStore's generic table.

func (p *Plot) storeKey() string            { return string(p.Code) }
func (p *Plot) clone() *Plot                { return p.Clone() }
func (p *Plot) version() int64              { return p.Version }
func (p *Plot) stamp(v int64, at time.Time) { p.Version, p.UpdatedAt = v, at }

func (i *Issuer) storeKey() string            { return string(i.Code) }
func (i *Issuer) clone() *Issuer              { c := *i; return &c }
func (i *Issuer) version() int64              { return i.Version }
func (i *Issuer) stamp(v int64, at time.Time) { i.Version, i.UpdatedAt = v, at }

func (c *Contractor) storeKey() string            { return string(c.Code) }
func (c *Contractor) clone() *Contractor          { return c.Clone() }
func (c *Contractor) version() int64              { return c.Version }
func (c *Contractor) stamp(v int64, at time.Time) { c.Version, c.UpdatedAt = v, at }

func (c *Contract) storeKey() string            { return string(c.Code) }
func (c *Contract) clone() *Contract            { return c.Clone() }
func (c *Contract) version() int64              { return c.Version }
func (c *Contract) stamp(v int64, at time.Time) { c.Version, c.UpdatedAt = v, at }

func (t *Transfer) storeKey() string            { return string(t.Code) }
func (t *Transfer) clone() *Transfer            { return t.Clone() }
func (t *Transfer) version() int64              { return t.Version }
func (t *Transfer) stamp(v int64, at time.Time) { t.Version, t.UpdatedAt = v, at }

func (p *Planting) storeKey() string            { return plantingStoreKey(p.Key()) }
func (p *Planting) clone() *Planting            { c := *p; return &c }
func (p *Planting) version() int64              { return p.Version }
func (p *Planting) stamp(v int64, at time.Time) { p.Version, p.UpdatedAt = v, at }

// PutPlot stores p as [Store] describes.
func (s *MemoryStore) PutPlot(ctx context.Context, p *Plot) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	return put(s, &s.plots, "plot", p)
}

// Plot returns a copy of the plot with the code, or an error wrapping [ErrNotFound].
func (s *MemoryStore) Plot(ctx context.Context, code PlotCode) (*Plot, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	return get(s, &s.plots, "plot", string(code))
}

// DeletePlot removes the plot with the code, or returns an error wrapping [ErrNotFound].
func (s *MemoryStore) DeletePlot(ctx context.Context, code PlotCode) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	return remove(s, &s.plots, "plot", string(code))
}

// Plots lists the plots that pass f in code order.
func (s *MemoryStore) Plots(ctx context.Context, f PlotFilter) ([]*Plot, string, error) {
	if err := checkContext(ctx); err != nil {
		return nil, "", err
	}
	return list(s, &s.plots, f.Page, f.Match)
}

// PutIssuer stores i as [Store] describes.
func (s *MemoryStore) PutIssuer(ctx context.Context, i *Issuer) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	return put(s, &s.issuers, "issuer", i)
}

// Issuer returns a copy of the issuer with the code, or an error wrapping [ErrNotFound].
func (s *MemoryStore) Issuer(ctx context.Context, code IssuerCode) (*Issuer, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	return get(s, &s.issuers, "issuer", string(code))
}

// DeleteIssuer removes the issuer with the code, or returns an error wrapping [ErrNotFound].
func (s *MemoryStore) DeleteIssuer(ctx context.Context, code IssuerCode) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	return remove(s, &s.issuers, "issuer", string(code))
}

// Issuers lists the issuers that pass f in code order.
func (s *MemoryStore) Issuers(ctx context.Context, f IssuerFilter) ([]*Issuer, string, error) {
	if err := checkContext(ctx); err != nil {
		return nil, "", err
	}
	return list(s, &s.issuers, f.Page, f.Match)
}

// PutContractor stores c as [Store] describes.
func (s *MemoryStore) PutContractor(ctx context.Context, c *Contractor) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	return put(s, &s.contractors, "contractor", c)
}

// Contractor returns a copy of the contractor with the code, or an error wrapping
// [ErrNotFound].
func (s *MemoryStore) Contractor(ctx context.Context, code ContractorCode) (*Contractor, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	return get(s, &s.contractors, "contractor", string(code))
}

// DeleteContractor removes the contractor with the code, or returns an error wrapping
// [ErrNotFound].
func (s *MemoryStore) DeleteContractor(ctx context.Context, code ContractorCode) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	return remove(s, &s.contractors, "contractor", string(code))
}

// Contractors lists the contractors that pass f in code order.
func (s *MemoryStore) Contractors(ctx context.Context, f ContractorFilter) ([]*Contractor, string, error) {
	if err := checkContext(ctx); err != nil {
		return nil, "", err
	}
	return list(s, &s.contractors, f.Page, f.Match)
}

// PutContract stores c as [Store] describes.
func (s *MemoryStore) PutContract(ctx context.Context, c *Contract) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	return put(s, &s.contracts, "contract", c)
}

// Contract returns a copy of the contract with the code, or an error wrapping [ErrNotFound].
func (s *MemoryStore) Contract(ctx context.Context, code ContractCode) (*Contract, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	return get(s, &s.contracts, "contract", string(code))
}

// DeleteContract removes the contract with the code, or returns an error wrapping
// [ErrNotFound].
func (s *MemoryStore) DeleteContract(ctx context.Context, code ContractCode) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	return remove(s, &s.contracts, "contract", string(code))
}

// Contracts lists the contracts that pass f in code order.
func (s *MemoryStore) Contracts(ctx context.Context, f ContractFilter) ([]*Contract, string, error) {
	if err := checkContext(ctx); err != nil {
		return nil, "", err
	}
	return list(s, &s.contracts, f.Page, f.Match)
}

// PutTransfer stores t as [Store] describes.
func (s *MemoryStore) PutTransfer(ctx context.Context, t *Transfer) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	return put(s, &s.transfers, "transfer", t)
}

// Transfer returns a copy of the transfer with the code, or an error wrapping [ErrNotFound].
func (s *MemoryStore) Transfer(ctx context.Context, code TransferContractCode) (*Transfer, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	return get(s, &s.transfers, "transfer", string(code))
}

// DeleteTransfer removes the transfer with the code, or returns an error wrapping
// [ErrNotFound].
func (s *MemoryStore) DeleteTransfer(ctx context.Context, code TransferContractCode) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	return remove(s, &s.transfers, "transfer", string(code))
}

// Transfers lists the transfers that pass f in code order.
func (s *MemoryStore) Transfers(ctx context.Context, f TransferFilter) ([]*Transfer, string, error) {
	if err := checkContext(ctx); err != nil {
		return nil, "", err
	}
	return list(s, &s.transfers, f.Page, f.Match)
}

// PutPlanting stores p as [Store] describes.
func (s *MemoryStore) PutPlanting(ctx context.Context, p *Planting) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	return put(s, &s.plantings, "planting", p)
}

// Planting returns a copy of the planting record with the key, or an error wrapping
// [ErrNotFound].
func (s *MemoryStore) Planting(ctx context.Context, key PlantingKey) (*Planting, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	return get(s, &s.plantings, "planting", plantingStoreKey(key))
}

// DeletePlanting removes the planting record with the key, or returns an error wrapping
// [ErrNotFound].
func (s *MemoryStore) DeletePlanting(ctx context.Context, key PlantingKey) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	return remove(s, &s.plantings, "planting", plantingStoreKey(key))
}

// Plantings lists the planting records that pass f in key order.
func (s *MemoryStore) Plantings(ctx context.Context, f PlantingFilter) ([]*Planting, string, error) {
	if err := checkContext(ctx); err != nil {
		return nil, "", err
	}
	return list(s, &s.plantings, f.Page, f.Match)
}
