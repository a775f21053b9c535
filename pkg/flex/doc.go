// Package flex holds the tolerant wire types that the generated clients use for
// fields whose providers are sloppy about formats: a timestamp in one of several
// layouts, a birth date that arrives as a full date-time, a phone number that
// arrives as a JSON number. One odd value must never fail the decoding of a
// whole response, so these types accept every layout seen in the wild and, when a
// value matches none, keep the raw text instead of returning an error.
//
// The package is referenced from the specs (type-mapping and x-go-type) and must
// never import gen/.
package flex
