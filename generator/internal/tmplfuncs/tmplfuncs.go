// Package tmplfuncs is the one set of template functions every template of
// endpointgen gets, the module's templates and the repo defaults' naming and
// backend key templates alike: sprig's, without those whose output changes
// from run to run.
package tmplfuncs

import (
	"text/template"

	"github.com/Masterminds/sprig/v3"
)

// nonReproducible are sprig functions whose output changes from run to run
// or machine to machine (randomness, keys, certificates, salted hashes; the
// time since a date, and dates parsed in the machine's time zone).
// HermeticTxtFuncMap keeps them, so we drop them: the same manifest must
// give the same bytes. With now, date and toDate gone, no template has a
// time to give the remaining date functions.
var nonReproducible = []string{
	"randInt", "randBytes", "randAlpha", "randAlphaNum", "randAscii", "randNumeric", "shuffle", "uuidv4",
	"genPrivateKey", "derivePassword", "buildCustomCert", "genCA", "genCAWithKey",
	"genSelfSignedCert", "genSelfSignedCertWithKey", "genSignedCert", "genSignedCertWithKey",
	"encryptAES", "decryptAES", "bcrypt", "htpasswd",
	"ago", "toDate", "mustToDate",
}

// Map returns a fresh map of sprig's reproducible functions, for a
// template.Template's Funcs; the caller may add its own.
func Map() template.FuncMap {
	fm := sprig.HermeticTxtFuncMap()
	for _, name := range nonReproducible {
		delete(fm, name)
	}
	return fm
}
