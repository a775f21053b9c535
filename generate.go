// Package multipay is the root of the multipay module: typed Go clients for the
// customer APIs of HitPay, Notch Pay, Soap and UseePay, generated from the
// hand-written specs in specs/, and one facade over them in pkg/customers.
//
// Run `go generate ./...` (or `make generate`) after editing specs/*.yaml: it
// writes the generated clients (gen/<provider>) and the request rules the
// adapters check before sending (pkg/internal/validate/<provider>.gen.go), and
// libphonenumber's possible lengths per calling code (pkg/internal/phone/meta.gen.go,
// from the generator's own module so the library does not require libphonenumber).
package multipay

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen --config gen/hitpay/config.yaml specs/hitpay.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen --config gen/notchpay/config.yaml specs/notchpay.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen --config gen/soap/config.yaml specs/soap.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen --config gen/useepay/config.yaml specs/useepay.yaml
//go:generate go run ./pkg/internal/validate/gen -out pkg/internal/validate hitpay notchpay soap useepay
//go:generate go run -C pkg/internal/phone/phonemeta . -out ../meta.gen.go
