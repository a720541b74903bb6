package shopserver

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strings"
)

// product is one item of the catalog, as every product endpoint shows it.
type product struct {
	ID       string  `json:"id"`
	Name     string  `json:"name"`
	Price    float64 `json:"price"`
	Category string  `json:"category"`
}

// catalog is the shop's fixed assortment: 8 categories × 5 kinds × 4 editions = 160 products,
// the same on every run so tests can rely on it. Names include the search terms the example
// locustfiles use (laptop, phone, camera, headphones, monitor), so their searches find items.
type catalog struct {
	products []product
	lower    []string          // lower-cased names, for search
	byID     map[string]int    // index into products
	category map[string][]byte // pre-encoded GET /category/{name} bodies
	listing  []byte            // pre-encoded GET /products body
}

// listingSize is how many products GET /products shows, like a shop's first page.
const listingSize = 20

func newCatalog() (*catalog, error) {
	kinds := []struct {
		category string
		names    []string
	}{
		{"electronics", []string{"Laptop", "Phone", "Camera", "Headphones", "Monitor"}},
		{"books", []string{"Novel", "Cookbook", "Atlas", "Biography", "Poetry Collection"}},
		{"games", []string{"Board Game", "Puzzle", "Card Game", "Video Game", "Strategy Game"}},
		{"home", []string{"Lamp", "Chair", "Rug", "Kettle", "Clock"}},
		{"garden", []string{"Hose", "Planter", "Shovel", "Bench", "Sprinkler"}},
		{"toys", []string{"Robot", "Kite", "Train Set", "Doll", "Building Blocks"}},
		{"sports", []string{"Football", "Racket", "Yoga Mat", "Helmet", "Running Shoes"}},
		{"fashion", []string{"Jacket", "Scarf", "Backpack", "Sunglasses", "Watch"}},
	}
	editions := []string{"Basic", "Plus", "Pro", "Max"}
	c := &catalog{byID: make(map[string]int), category: make(map[string][]byte)}
	for _, k := range kinds {
		var inCategory []product
		for _, name := range k.names {
			for _, ed := range editions {
				id := fmt.Sprintf("P-%d", 1001+len(c.products))
				p := product{ID: id, Name: name + " " + ed, Price: priceOf(id), Category: k.category}
				c.byID[id] = len(c.products)
				c.products = append(c.products, p)
				c.lower = append(c.lower, strings.ToLower(p.Name))
				inCategory = append(inCategory, p)
			}
		}
		body, err := json.Marshal(categoryPage{Category: k.category, Items: inCategory})
		if err != nil {
			return nil, fmt.Errorf("encode category %s: %w", k.category, err)
		}
		c.category[k.category] = body
	}
	listing, err := json.Marshal(listPage{Items: c.products[:listingSize], Total: len(c.products)})
	if err != nil {
		return nil, fmt.Errorf("encode product listing: %w", err)
	}
	c.listing = listing
	return c, nil
}

// categoryPage is the body of GET /category/{name}.
type categoryPage struct {
	Category string    `json:"category"`
	Items    []product `json:"items"`
}

// listPage is the body of GET /products.
type listPage struct {
	Items []product `json:"items"`
	Total int       `json:"total"`
}

// lookup returns the product with id. An id outside the catalog still names a product (the
// example locustfiles ask for ids such as B09XYZ123), made up from the id so that it is stable.
func (c *catalog) lookup(id string) product {
	if i, ok := c.byID[id]; ok {
		return c.products[i]
	}
	return product{ID: id, Name: "Product " + id, Price: priceOf(id), Category: "misc"}
}

// search returns the products whose name contains q (case-insensitively) and whose category is
// category (an empty q or category matches all), skipping the first skip matches and returning at
// most limit of them, with the number of all matches. It allocates only the page it returns.
func (c *catalog) search(q, category string, skip, limit int) (page []product, total int) {
	q = strings.ToLower(q)
	page = []product{}
	for i, p := range c.products {
		if category != "" && !strings.EqualFold(p.Category, category) {
			continue
		}
		if q != "" && !strings.Contains(c.lower[i], q) {
			continue
		}
		if total >= skip && len(page) < limit {
			page = append(page, p)
		}
		total++
	}
	return page, total
}

// priceOf gives an id a stable price between 4.99 and 999.99.
func priceOf(id string) float64 {
	h := fnv.New32a()
	h.Write([]byte(id))
	cents := 499 + int(h.Sum32()%99501)
	return float64(cents) / 100
}

// validID reports whether id can name a product: 1 to 64 letters, digits, '-' or '_'.
func validID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_'
		if !ok {
			return false
		}
	}
	return true
}
