package adapter

import (
	"crypto/rand"
	"encoding/json"
	"maps"

	"github.com/multipay/multipay/pkg/customers"
)

// MarkerKey is the metadata key under which the adapter of a provider that
// allows duplicate customers and stores metadata (Notch Pay) sends a random
// token with every create. When a create's answer is lost, the
// customer is recognised by its own token: a concurrent create with the same
// fields (a twin) carries another, so matching on the fields sent and the
// creation time alone could hand one caller the other's customer. The key
// is left out of Customer.Metadata on read; Customer.Raw keeps it as sent.
const MarkerKey = "multipay_create"

// Marker is the token one create call sends under MarkerKey.
type Marker string

// NewMarker returns a fresh random marker: 26 base32 characters from
// crypto/rand (130 bits), so no two calls share one.
func NewMarker() Marker { return Marker(rand.Text()) }

// Mark returns a copy of p whose metadata also carries m. The caller's own
// use of MarkerKey is refused: a token it chose could match another call.
func (m Marker) Mark(provider string, p *customers.CreateParams) (*customers.CreateParams, error) {
	if _, ok := p.Metadata[MarkerKey]; ok {
		return nil, Refuse(provider, customers.OpCreate, string(customers.FieldMetadata),
			"the key "+MarkerKey+" is reserved for the adapter's create marker")
	}
	marked := *p
	marked.Metadata = maps.Clone(p.Metadata)
	if marked.Metadata == nil {
		marked.Metadata = map[string]string{}
	}
	marked.Metadata[MarkerKey] = string(m)
	return &marked, nil
}

// carriedBy reports whether raw, a customer object as the provider sent it,
// holds m under "metadata". An empty marker is carried by every customer:
// the provider's lookup cannot tell twins apart and needs none.
func (m Marker) carriedBy(raw json.RawMessage) bool {
	return m == "" || MetadataStrings(RawAt(raw, "metadata"))[MarkerKey] == string(m)
}

// Unmarked drops MarkerKey from metadata read back; nil when nothing else
// is left, as for a customer created without metadata.
func Unmarked(md map[string]string) map[string]string {
	if _, ok := md[MarkerKey]; !ok {
		return md
	}
	delete(md, MarkerKey)
	if len(md) == 0 {
		return nil
	}
	return md
}
