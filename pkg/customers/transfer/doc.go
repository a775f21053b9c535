// Package transfer moves a customer base from one provider to another:
// from a customers.Service's List, or from a JSON Lines export, into a
// target Service's Create, with bounded concurrency, an optional rate, a
// ledger that makes a run resumable at any instant, and nothing created
// twice or dropped silently.
//
//	led, err := transfer.OpenLedger("run.ledger", dst.Provider())
//	…
//	rep, err := transfer.Run(ctx, transfer.FromService(src, nil), dst, transfer.Options{Ledger: led})
//
// Copy yields one Result per source customer as they complete (unordered
// when Concurrency > 1); Run drains it into a Report.
//
// # No silent loss
//
// Each customer is compared with dst.Capabilities() before anything is
// written: a customer with a field the target cannot store (Address.Line2
// and Notch Pay's Blocked flag count as fields) is Refused, listing those
// fields, unless Options.DropFields names them or DropUnsupported is set. A
// customer missing a field the target requires is Refused too, listing it.
// Nothing is guessed: no name is split, no phone country invented. Ids and
// timestamps are the target's own.
//
// # Carrying the source id
//
// The copy carries "<provider>:<source id>" (Result.Key) where the target
// can hold it, so that an earlier copy is recognised even without the
// ledger:
//
//	target     carried in
//	HitPay     nothing (HitPay keeps one customer per e-mail: create-or-get by e-mail)
//	Notch Pay  Metadata["multipay_source"] (SourceKey)
//	Soap       ExternalID (internal_id) when the customer has none; else nothing (e-mail is unique)
//	UseePay    Metadata["multipay_source"], and ExternalID (merchant_customer_id, which UseePay
//	           requires) when the customer has none
//
// A source customer's own Metadata["multipay_source"] is replaced by the
// current source.
//
// # The ledger
//
// The ledger is an append-only file of JSON lines: a header naming the
// target, then one entry per step: started, done (with the target id),
// refused (with the fields) or failed (with the error's kind). Sync rhythm:
// a "started" entry is written and fsynced before its create is sent
// (concurrent workers share one fsync); every other entry is written to the
// file at once and fsynced every SyncEvery entries and at Close. A kill at
// any instant therefore loses at most entries whose effect is recovered:
// a create whose "done" was lost still has its "started".
//
// On open the ledger is replayed. A customer whose last entry is done is
// skipped without a request. One whose last entry is started, or failed
// with an unknown outcome, is looked up at the target (by the carried id,
// else by the target's unique e-mail or phone, through customers.Searcher)
// before any new create, and marked done when found. Refused and failed
// customers are tried again. A truncated last line (a kill mid-write) is
// dropped.
//
// # Memory
//
// The run holds a 16-byte digest and a byte per customer seen (the
// ledger's replay and this run's customers, so that a source repeating an
// id copies it once), in a map: about 30 bytes a customer. Everything else
// is bounded by the page size and the concurrency.
package transfer
