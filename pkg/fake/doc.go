// Package fake runs stateful stand-ins for the customer APIs of HitPay,
// Notch Pay, Soap and UseePay, for tests, demos and laptops without
// credentials. Like stripe-mock, but they remember: a customer you create can
// be read, updated, listed and deleted, with each provider's ids, timestamps,
// paging, rules and error bodies.
//
// Every request and every response passes through request and response
// validation against the provider's spec in specs/, so a fake can never drift
// from the contract the generated clients are built from: an answer outside
// the spec is recorded as a violation, and Start fails the test that caused it.
//
// # In a test
//
//	srv := fake.Start(t, "hitpay")            // closed when the test ends
//	svc, _ := hitpay.New(srv.Credentials.APIKey, customers.WithBaseURL(srv.URL))
//
// Start returns a running server with its URL and the credentials it accepts
// (DefaultCredentials unless WithCredentials says otherwise). Other
// credentials get the provider's own 401 answer.
//
// # Seeding and inspecting
//
// Seed stores realistic customers without going through the API; Put stores
// one in the provider's wire JSON (for odd data); Customer, IDs and Count
// look inside. Created counts only customers created through the API, and
// Journal lists every request with its operation, status, whether it was
// applied and which fault hit it, so a test can prove that a retried call
// created nothing twice.
//
// # Scripted faults
//
// Faults queues misbehaviour for the next requests, optionally for one
// operation only and for several requests in a row:
//
//	srv.Faults.Add(fake.Fault{Operation: "createCustomer", Status: 429, RetryAfter: "2"})
//	srv.Faults.Add(fake.Fault{Drop: fake.DropAfter})          // applied, then the connection drops
//	srv.Faults.Add(fake.Fault{Body: fake.HTMLPage, Times: 3}) // a gateway's error page, thrice
//	srv.Faults.Add(fake.Fault{Delay: 2 * time.Second})
//
// Status faults answer in the provider's error shape without applying the
// request; DropBefore closes the connection before applying it, DropAfter
// after; body faults (TruncatedBody, MalformedJSON, HTMLPage, EmptyBody,
// HugeBody) replace the answer of an applied request.
//
// A request can also carry its own fault in the X-Multipay-Fault header
// ("status=503;retry-after=1", see FaultHeader), which any HTTP client can
// send; ControlHandler serves the queue, the journal and seeding over HTTP.
//
// # Limits
//
// WithMaxCustomers and WithMaxBodyBytes bound the fake (a bound <= 0 means
// none); going past them gets the provider's validation error. A body over
// the limit is refused before any fault is taken, so the fault waits for the
// next request. A request without the provider's key has its body ignored,
// and WithMaxConcurrentRequests answers the provider's 503 beyond that many
// requests at once. FaultSpec bounds delays, uses and statuses
// (MaxFaultDelay, MaxFaultTimes, MinFaultStatus to MaxFaultStatus).
//
// The journal is a ring of the last DefaultJournalSize requests
// (WithJournalSize changes it), so a long-running fake stays bounded. Each
// entry has its time, route, status, duration and the request id the fake
// sent in RequestIDHeader.
//
// # Readings
//
// Where a provider's sources document two behaviours and the spec accepts
// both (Notch Pay's update answers 202 in its reference and 200 in its guide;
// UseePay's list pages hold items in the docs and data in the PHP SDK), the
// fake plays the first of the reading's values unless WithReading picks the
// other; Readings lists them, and multipay serve --reading sets them.
//
// # Outside tests
//
// Snapshot and Restore save and reload the stored customers. New starts a fake on a loopback port (close it yourself), and NewHandler
// builds one without listening, to mount its Handler on your own server. The
// multipay CLI uses New when no credentials are configured, and multipay
// serve mounts each fake's Handler and ControlHandler under a path prefix.
//
// # What each fake enforces, and what was guessed
//
// The provider files (hitpay.go, notchpay.go, soap.go, useepay.go) open with
// the rules each fake applies and the behaviour it had to guess where the
// provider's documentation is silent. All four ignore a trailing slash in the
// path (GET /v1/customers/ is the list), as the Laravel and Rails servers
// behind three of them do.
package fake
