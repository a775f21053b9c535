// Package flex holds the tolerant wire types that the generated clients use for
// fields whose providers are sloppy about formats: a timestamp in one of several
// layouts, a birth date that arrives as a full date-time, a phone number that
// arrives as a JSON number, and the habits of PHP backends (a boolean sent as 0
// or "1", an amount sent as a string, an empty object sent as []). One odd value
// must never fail the decoding of a whole response, so these types accept every
// layout seen in the wild. Text fields (String, Time, Date) keep a value that
// matches no layout as raw text instead of returning an error; Bool, Number and
// Object have no raw form, so they fail only on a value of another kind
// altogether (an object where a boolean belongs), which is a changed API rather
// than a sloppy one.
//
// The package is referenced from the specs (type-mapping and x-go-type) and must
// never import gen/.
package flex
