package validate

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"

	_ "github.com/multipay/multipay/internal/specs" // registers kin-openapi's email and uuid validators, as the specs are checked with
)

var formatSeeds = []string{
	"", "a@b", "a@b.c", "@b.c", "a@", "a@@b", "a@b@c", "a b@c.d", "a@b c", "a@b,c", "a@<b>", `a"@b`, "a@b\r", "a\n@b", "a@b\x0b", "ä@ü.de", "\xff@x",
	"2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29", "2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32", "2024-1-01", "24-01-01",
	"2024-01-01T00:00:00Z", "2024/01/01", "0000-01-01", "+024-01-01", "2024-01-0a", "2024-04-31",
	"9b2ada28-be3c-47ab-883f-ba72e5d8305d", "9B2ADA28-BE3C-47AB-883F-BA72E5D8305D", "9b2ada28-be3c-07ab-883f-ba72e5d8305d",
	"9b2ada28-be3c-97ab-883f-ba72e5d8305d", "9b2ada28-be3c-47ab-783f-ba72e5d8305d", "00000000-0000-0000-0000-000000000000",
	"ffffffff-ffff-ffff-ffff-ffffffffffff", "FFFFFFFF-ffff-FFFF-ffff-FFFFFFFFFFFF", "9b2ada28be3c47ab883fba72e5d8305d", "9b2ada28-be3c-47ab-883f-ba72e5d8305g",
	"{9b2ada28-be3c-47ab-883f-ba72e5d8305d}", "9b2ada28-be3c-47ab-883f-ba72e5d8305d ",
}

// kinAccepts is kin-openapi's verdict on s in format name.
func kinAccepts(name, s string) bool {
	return openapi3.SchemaStringFormats[name].Validate(s) == nil
}

func TestFormatsMatchKinOpenAPI(t *testing.T) {
	t.Parallel()
	for f, name := range map[Format]string{Email: "email", Date: "date", UUID: "uuid"} {
		for _, s := range formatSeeds {
			assert.Equal(t, kinAccepts(name, s), f.accepts(s), "%s %q", name, s)
		}
	}
}

// Our formats accept exactly what kin-openapi's accept.
func FuzzFormatsMatchKinOpenAPI(f *testing.F) {
	for _, s := range formatSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for f, name := range map[Format]string{Email: "email", Date: "date", UUID: "uuid"} {
			if kinAccepts(name, s) != f.accepts(s) {
				t.Fatalf("%s %q: kin-openapi %v, ours %v", name, s, kinAccepts(name, s), f.accepts(s))
			}
		}
	})
}
