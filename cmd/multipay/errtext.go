package main

import (
	"errors"
	"regexp"
	"strings"

	"github.com/multipay/multipay/pkg/customers"
)

// facadeErrorText is err's text with the *customers.Error inside it rendered
// for the command line: fields by their flag names, and each fact once. It
// replaces text because wrapping (fmt.Errorf) has already formatted it.
func facadeErrorText(err error) string {
	text := err.Error()
	var ce *customers.Error
	if errors.As(err, &ce) {
		text = strings.Replace(text, ce.Error(), cliError(ce).Error(), 1)
	}
	return text
}

// cliError is e with its fields named as the flags are, and without a
// Message that repeats the rest. A refusal made before sending states each
// field's reason in Fields and sums them up in a Message that names them too
// ("notchpay cannot search by the field(s) Email"), or says again what the
// provider, operation and kind say ("soap does not support get").
func cliError(e *customers.Error) *customers.Error {
	c := *e
	c.Fields = make(map[string][]string, len(e.Fields))
	for k, msgs := range e.Fields {
		c.Fields[flagField(customers.Field(k))] = msgs
	}
	restated := e.Message == customers.NotSupported(e.Provider, e.Operation).Message
	if e.StatusCode == 0 && (restated || namesAField(e.Message, e.Fields)) {
		c.Message = ""
	}
	return &c
}

// namesAField reports whether msg names one of fields' keys as a word.
func namesAField(msg string, fields map[string][]string) bool {
	for k := range fields {
		if regexp.MustCompile(`\b` + regexp.QuoteMeta(k) + `\b`).MatchString(msg) {
			return true
		}
	}
	return false
}
