// The phone metadata generator is its own module so that libphonenumber stays
// out of the library's go.mod: `go generate` in the repository root runs it.
module github.com/multipay/multipay/pkg/internal/phone/phonemeta

go 1.25.0

require (
	github.com/multipay/multipay v0.0.0-00010101000000-000000000000
	github.com/nyaruka/phonenumbers v1.8.1
	github.com/stretchr/testify v1.12.1
)

require (
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/text v0.40.0 // indirect
	google.golang.org/protobuf v1.36.11 // indirect
)

replace github.com/multipay/multipay => ../../../..
