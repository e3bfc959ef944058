package trace

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace/gs1"
)

// Category is the kind of a farm product.
type Category uint8

// The product categories.
const (
	CategoryUnknown Category = iota
	Fruit                    // 水果: red dates, pears, grapes, apricots
	Vegetable                // 蔬菜, edible fungi included
	Grain                    // 粮食
	Nut                      // 坚果: walnuts, almonds
	Flower                   // 花卉 and their products: rose petals, rose tea
	Tea                      // 茶鲜叶 and tea
	Livestock                // 活畜禽: live animals
	Meat                     // 畜禽肉: carcasses and cuts
	Egg                      // 禽蛋
	Dairy                    // 生鲜乳 and dairy products
	Aquatic                  // 养殖水产品
	Cotton                   // 棉花
	OtherCategory            // anything else
)

var categoryNames = []string{"unknown", "fruit", "vegetable", "grain", "nut", "flower", "tea",
	"livestock", "meat", "egg", "dairy", "aquatic", "cotton", "other"}

// ParseCategory returns the category named s.
func ParseCategory(s string) (Category, error) {
	return parseEnum[Category]("category", categoryNames, s)
}

// String returns the name used by [ParseCategory].
func (c Category) String() string { return enumName("Category", categoryNames, c) }

// Validate reports an error unless c is a known category.
func (c Category) Validate() error { return validateEnum("category", categoryNames, c) }

// MarshalText encodes c as its name.
func (c Category) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText decodes a category name.
func (c *Category) UnmarshalText(text []byte) error {
	v, err := ParseCategory(string(text))
	*c = v
	return err
}

// ProductID identifies a product in the county's register: 1 to 40 characters of
// letters, digits, '.', '-' and '_', such as HT-JUJUBE-JUNZAO. Identifiers compare as
// bytes.
type ProductID string

// BatchID identifies a batch (lot) county-wide: 1 to 20 characters of letters, digits,
// '.', '-' and '_', which fit GS1 Application Identifier 10 (batch or lot number), such
// as 2024-HT-0001.
type BatchID string

var (
	productIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,40}$`)
	batchIDPattern   = regexp.MustCompile(`^[A-Za-z0-9._-]{1,20}$`)
)

// Validate reports an error unless id is well formed.
func (id ProductID) Validate() error {
	if !productIDPattern.MatchString(string(id)) {
		return fmt.Errorf("trace: invalid product id %q, want 1 to 40 letters, digits, '.', '-' or '_'", string(id))
	}
	return nil
}

// Validate reports an error unless id is well formed.
func (id BatchID) Validate() error {
	if !batchIDPattern.MatchString(string(id)) {
		return fmt.Errorf("trace: invalid batch id %q, want 1 to 20 letters, digits, '.', '-' or '_'", string(id))
	}
	return nil
}

// Product is a kind of farm product of one producer, such as the Junzao red dates of one
// cooperative.
type Product struct {
	ID       ProductID  `json:"id"`
	Producer CreditCode `json:"producer"`
	// Name is the product name shown to consumers, such as 和田骏枣; required.
	Name string `json:"name"`
	// Variety is the cultivar or breed, such as 骏枣 or 库尔勒香梨; it may be empty.
	Variety  string   `json:"variety,omitempty"`
	Category Category `json:"category"`
	// GTIN is the 14-digit Global Trade Item Number when the producer has a GS1 company
	// prefix. A GTIN-8, -12 or -13 is stored padded with zeros to 14 digits. Empty means
	// the product's items carry county-minted codes.
	GTIN string `json:"gtin,omitempty"`
	// Unit is the unit its quantities are counted in.
	Unit Unit `json:"unit"`
	// Standard names the product or grading standard it is sold under, such as GB/T
	// 32714-2016; it may be empty.
	Standard string `json:"standard,omitempty"`
	Revision
}

// Scheme returns the code scheme of the product's items: [SchemeGS1] when it has a GTIN,
// [SchemeMinted] otherwise.
func (p *Product) Scheme() Scheme {
	if p.GTIN != "" {
		return SchemeGS1
	}
	return SchemeMinted
}

// Validate reports every invalid field. The id, producer, name, category and unit are
// required, and a GTIN must have 14 digits with a valid check digit.
func (p *Product) Validate() error {
	var c fieldChecker
	c.check("id", string(p.ID), p.ID.Validate())
	c.check("producer", string(p.Producer), p.Producer.Validate())
	c.require("name", p.Name)
	c.maxLen("name", p.Name, 100)
	c.maxLen("variety", p.Variety, 100)
	c.check("category", p.Category.String(), p.Category.Validate())
	if p.GTIN != "" {
		c.check("gtin", p.GTIN, ValidateGTIN(p.GTIN))
	}
	c.check("unit", string(p.Unit), p.Unit.Validate())
	return c.err("product", string(p.ID))
}

// ValidateGTIN reports an error unless gtin has 14 digits and a valid GS1 mod-10 check
// digit, as package trace/gs1 computes it.
func ValidateGTIN(gtin string) error {
	if len(gtin) != 14 || strings.Trim(gtin, "0123456789") != "" {
		return fmt.Errorf("trace: invalid GTIN %q: want 14 digits", gtin)
	}
	if err := gs1.ValidateCheckDigit(gtin); err != nil {
		return fmt.Errorf("trace: invalid GTIN %q: %w", gtin, err)
	}
	return nil
}

// Batch is a lot of one product: what was harvested from one plot on one day, or packed
// together. A batch links the product to the land register through its plot code and
// planting record.
type Batch struct {
	ID      BatchID   `json:"id"`
	Product ProductID `json:"product"`
	// Plot is the rural land code of the plot it grew on. It is empty for a batch that did
	// not grow on a registered plot, such as livestock.
	Plot land.PlotCode `json:"plot,omitempty"`
	// Planting is the key of the plot's planting record for the crop; its zero value
	// means none is linked. When set, its plot must be Plot.
	Planting land.PlantingKey `json:"planting,omitzero"`
	// HarvestedOn is the day of harvest (or slaughter for meat); required.
	HarvestedOn land.Date `json:"harvestedOn"`
	Quantity    Quantity  `json:"quantity"`
	// Origin is the division code where the batch was produced: the plot's village, or
	// the farm's township or village.
	Origin land.DivisionCode `json:"origin"`
	Note   string            `json:"note,omitempty"`
	Revision
}

// Validate reports every invalid field. The id, product, harvest day, quantity and origin
// are required. A plot code must be valid, and a planting key must name that plot and
// be a valid planting record key.
func (b *Batch) Validate() error {
	var c fieldChecker
	c.check("id", string(b.ID), b.ID.Validate())
	c.check("product", string(b.Product), b.Product.Validate())
	if b.Plot != "" {
		c.check("plot", string(b.Plot), b.Plot.Validate())
	}
	if b.Planting != (land.PlantingKey{}) {
		checkPlanting(&c, b.Plot, b.Planting)
	}
	if b.HarvestedOn.IsZero() {
		c.add("harvestedOn", "", "is required")
	} else {
		c.check("harvestedOn", b.HarvestedOn.String(), b.HarvestedOn.Validate())
	}
	c.check("quantity", b.Quantity.String(), b.Quantity.Validate())
	c.check("origin", string(b.Origin), b.Origin.Validate())
	c.maxLen("note", b.Note, 1000)
	return c.err("batch", string(b.ID))
}

func checkPlanting(c *fieldChecker, plot land.PlotCode, key land.PlantingKey) {
	if key.Plot != plot {
		c.add("planting.plot", string(key.Plot), fmt.Sprintf("want the batch's plot %q", plot))
		return
	}
	probe := land.Planting{Plot: key.Plot, Year: key.Year, Season: key.Season, Crop: key.Crop}
	c.check("planting", key.String(), probe.Validate())
}
