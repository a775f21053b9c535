package fake

import "net/http"

// closeBody closes r's body if there is one. The generated Parse functions
// read and close the body already; the tests still close every response they
// get, so none leaks when a test stops early or skips the Parse call.
func closeBody(r *http.Response) {
	if r != nil && r.Body != nil {
		_ = r.Body.Close()
	}
}
