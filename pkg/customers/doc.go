// Package customers is one interface over the customer APIs of HitPay,
// Notch Pay, Soap and UseePay.
//
// # Getting a Service
//
// Each provider has an adapter package that implements Service over a client
// generated from that provider's OpenAPI spec:
//
//	svc, err := hitpay.New(apiKey)                                   // pkg/customers/hitpay
//	svc, err := notchpay.New(notchpay.Credentials{APIKey: key})      // pkg/customers/notchpay
//	svc, err := soap.New(apiKey, customers.WithEnvironment(customers.Sandbox))
//	svc, err := useepay.New(useepay.Credentials{MerchantNo: no, APIKey: key, AppID: app})
//	svc, err := providers.New("hitpay", providers.Config{APIKey: key}) // by name
//
// Options (WithEnvironment, WithBaseURL, WithHTTPClient, WithUserAgent,
// WithLogger, WithMaxRetries, WithRetryBackoff, WithInsecurePlaintextHTTP)
// apply to every adapter. For tests, point an adapter at a
// built-in fake provider (package fake) with WithBaseURL.
//
// # Honest about differences
//
// The providers store different fields and offer different operations.
// Capabilities says which, and the facade never guesses: a field the provider
// cannot store, or an operation it lacks, fails before any network call with
// an error matching ErrNotSupported that names the provider, the operation and
// the fields. A transformation that would lose information (splitting a full
// name into first and last, dropping a phone's country) is refused, not
// guessed. Each adapter's package documentation holds its mapping table.
//
//	           HitPay        Notch Pay      Soap               UseePay
//	Name       name          name           first+" "+last (read only)  name
//	FirstName  -             -              first_name         first_name
//	LastName   -             -              last_name          last_name
//	Email      email         email          email              email
//	Phone      phone_number  phone          phone_number       phone
//	           + country     (digits with   (NANP, 10 digits)  (E.164)
//	           code          country code)
//	BirthDate  birth_date    -              date_of_birth      -
//	Gender     gender        -              -                  -
//	Company    -             company_name   -                  -
//	Description remark       -              -                  description
//	ExternalID -             -              internal_id        merchant_customer_id
//	                                                           (set on create only)
//	Address    address       address        -                  address
//	           (no Line2)
//	Billing    -             billing        -                  -
//	Shipping   -             -              -                  shipping
//	Metadata   -             metadata       -                  metadata
//	Blocked    -             blocked        -                  -
//	Get/Delete yes/yes       yes/yes        -/-                yes/-
//	List       cursor        page/limit     - (Search only)    page_num/page_size
//
// Phones are E.164 ("+6591234567") in; each adapter converts to the
// provider's form with libphonenumber's metadata and refuses numbers the
// provider cannot hold (Soap documents North American numbers only: +1 and
// ten digits). One rule decides what a number is, at every provider, written
// and read: libphonenumber must call it possible (a length its country's
// numbers have, not all zeros: "+10000000000" is refused), with the digits
// kept exactly as written ("+44 07911 123456", a trunk 0 after the country
// code, is refused rather than rewritten). Validity (an
// assigned prefix) is not asked, since providers document and store numbers
// that are not assigned (Soap's 123-456-7890), and a value a provider
// returned is accepted back in Update and Search. Read back, a phone is
// E.164 only where its country is known without guessing: HitPay's separate
// country code, Notch Pay's documented international digits, Soap's single
// region. UseePay's bare digits (its docs show national numbers) come back
// exactly as stored, as do HitPay's digits without a usable country code and
// Soap's digits that make no possible number.
//
// A phone written without "+" is accepted where the provider itself stores
// phones without a country code, in exactly that stored form, and sent
// unchanged (no country is guessed), so such a phone read back is accepted
// back: HitPay 8 to 15 digits (phone_number alone, no country code sent),
// Soap ten digits, UseePay any text of at most 32 characters (its field is
// free format). Notch Pay stores international digits only, so there a
// phone must have "+". Anything else is refused with ErrInvalidRequest
// naming the field and the forms accepted. A phone with "+" always follows
// the E.164 rule above.
//
// Lengths: every free-text field, search criterion and id has the maximum
// length of the provider's spec (specs/<provider>.yaml, maxLength; the
// adapter package docs list them), and e-mails RFC 5321's (at most 254
// characters, 64 before the @, no white space) at every provider. Longer
// values are refused before sending with ErrInvalidRequest naming the field.
//
// # Updates: unchanged, set or clear
//
// Every UpdateParams field is an Optional built only through Set or Clear; the
// zero value leaves the field unchanged, so an update never sends a zero value
// by accident. Clearing works where the provider accepts an explicit null
// (Capabilities().Clear); elsewhere it fails with ErrNotSupported.
//
// # Security
//
// Credentials and customer data go to the configured host only. A base URL
// must be https unless its host is loopback (127.0.0.0/8, ::1, localhost);
// WithInsecurePlaintextHTTP opts out for a proxy that cannot speak TLS. The
// default client follows no redirect; a caller's *http.Client is used
// through a copy that refuses a redirect to another scheme or host. The
// credentials types print, log and encode (JSON, text) as [REDACTED], and so
// do Lookup's search values. Every string field of *Error, and every text of
// its wrapped chain, is redacted of the credentials and of the customer data
// the request sent, in the forms providers echo them (any case, JSON
// escapes, a name's words, a reformatted phone number, an encoded or cut
// key); Error.Raw never keeps a 2xx body. Input that no provider should store as given (invalid UTF-8,
// control characters, bidi overrides in names, countries outside ISO 3166-1,
// birth dates before 1900 or in the future, page sizes out of range) is
// refused with ErrInvalidRequest naming the field: nothing the caller sent
// is altered silently. An id that fails a provider's documented id format is
// ErrNotFound at every adapter, without a request.
//
// # Errors
//
// Every failure is a *Error carrying the provider, operation, HTTP status,
// provider code, message, per-field messages, request id, the number of
// attempts and, for error answers, the raw body (capped, credentials removed). Match it with
// errors.Is against ErrNotFound, ErrUnauthorized, ErrInvalidRequest,
// ErrConflict, ErrRateLimited, ErrUnavailable (connection failures too, the
// net/http error wrapped), ErrNotSupported, ErrInvalidResponse and
// ErrOutcomeUnknown. A call ended by its context wraps the context's error,
// so errors.Is(err, context.DeadlineExceeded) works. Input that the
// provider's spec can reject (required fields, formats, patterns, lengths) is
// checked before sending and fails with ErrInvalidRequest, naming the fields.
//
// Answers are read as sent or refused, never altered without a word: a
// successful answer whose bytes are not UTF-8, or with an object holding a
// key twice or in two cases ("email" and "EMAIL"), is ErrInvalidResponse
// (a decoder would silently pick one reading); a lone key in another case
// is read as the field, as encoding/json matches keys. A listed item
// without an id, or a page with more items than were asked for, is
// ErrInvalidResponse too.
//
// # Retries, and creates that never happen twice
//
// Calls are repeated after connection failures, 408, 429, 500, 502, 503, 504
// and unreadable 2xx answers: twice by default, with capped exponential
// backoff and full jitter (0.5 s base, 8 s cap), or after the delay the
// provider asks for (Retry-After; Notch Pay's X-RateLimit-Reset and "try
// again in N seconds"). A provider asking for longer than the cap, or than
// the context has left, gets no wait: the error comes back at once with
// RetryAfter set. Change the policy per client, or per call with trailing
// options (which apply to that call only):
//
//	svc, _ := hitpay.New(key, customers.WithMaxRetries(4))
//	c, err := svc.Get(ctx, id, customers.WithMaxRetries(0))
//
// The decision is by operation, not HTTP method. Get, list pages, search,
// delete and update (absolute values) are safe to repeat. None of the four
// providers offers idempotency keys, so a create is repeated only when the
// request never left (or after 408 and 429); after any other failure the
// adapter looks the customer up by what was sent and returns it when every
// field it carries matches and it was created no earlier than the call; when
// the lookup proves it absent the create is repeated; when the lookup fails
// too, the error matches ErrOutcomeUnknown and its Lookup says what to search
// for. Each adapter's package doc gives its lookup.
//
// # Listing
//
// List returns an iter.Seq2 that fetches one provider page at a time as the
// loop reaches it, stops without another request on break, and yields an
// error once before ending. It never modifies the caller's ListParams. An
// item shifted onto the next page by a create during the walk (offset paging
// newest-first) is yielded once; memory stays bounded by about one page.
//
// # Extras
//
// Provider-specific operations are small interfaces found by type assertion:
// Searcher (all four, with different criteria), Blocker and PaymentLister
// (Notch Pay). Each adapter's Generated method hands out the generated client
// for anything the facade does not model.
package customers
