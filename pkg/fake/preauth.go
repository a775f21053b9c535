package fake

import "net/http"

// The fakes check credentials where their provider does, which can be after
// the body is parsed. These checks run first, in serve, so that a request
// without the right key never has its body read: a stranger cannot make the
// fake buffer anything. Each only reads the headers; the provider's own check
// still answers, in its own shape.

func (f *hitpayFake) knowsKey(r *http.Request) bool { return f.authorized(r) }

// Notch Pay's X-Sync mismatch is a 404 after authentication: only the key counts.
func (f *notchpayFake) knowsKey(r *http.Request) bool {
	return sameSecret(r.Header.Get("Authorization"), f.s.creds.APIKey)
}

func (f *soapFake) knowsKey(r *http.Request) bool { return f.authorized(r) }

func (f *useepayFake) knowsKey(r *http.Request) bool { return f.authError(r) == nil }
