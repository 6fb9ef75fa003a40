package lang

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDetect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text, code string
		supported        bool
	}{
		{"english", "The town council voted on Tuesday to close the old bridge after engineers found cracks in two of its supports.", "en", true},
		{"german", "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke zu schließen, nachdem Ingenieure Risse in zwei Pfeilern gefunden hatten.", "de", false},
		{"french", "Le conseil municipal a voté mardi la fermeture du vieux pont après que des ingénieurs ont découvert des fissures dans deux piliers.", "fr", false},
		{"spanish", "El ayuntamiento votó el martes cerrar el puente viejo después de que los ingenieros encontraran grietas en dos de sus pilares.", "es", false},
		{"russian", "Городской совет во вторник проголосовал за закрытие старого моста после того, как инженеры обнаружили трещины в двух опорах.", "ru", false},
		{"too short", "Bridge closed", Undetermined, false},
		{"empty", "", Undetermined, false},
		{"digits", "12345 67890 12345 67890 12345 67890 12345", Undetermined, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, sup := Detect(tc.text)
			if code != tc.code || sup != tc.supported {
				t.Errorf("Detect(%q) = %q, %v; want %q, %v", tc.text, code, sup, tc.code, tc.supported)
			}
		})
	}
}

func TestDetect_LongTextUsesHead(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("The harbour authority said the ferry service would resume on Friday. ", 200) + "ü"
	if code, _ := Detect(text); code != "en" {
		t.Errorf("Detect(long English) = %q, want en", code)
	}
}

func TestSupported(t *testing.T) {
	t.Parallel()
	for code, want := range map[string]bool{"en": true, "EN": true, "en-GB": true, "en_US": true, "de": false, "": false, "und": false} {
		if got := Supported(code); got != want {
			t.Errorf("Supported(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestHead(t *testing.T) {
	t.Parallel()
	s := strings.Repeat("é", 1500) // 3000 bytes
	h := head(s, 2001)
	if !utf8.ValidString(h) || len(h) != 2000 {
		t.Errorf("head cut badly: %d bytes, valid %v", len(h), utf8.ValidString(h))
	}
}

func FuzzDetect(f *testing.F) {
	f.Add("The town council voted on Tuesday to close the old bridge.")
	f.Add("Городской совет проголосовал за закрытие старого моста.")
	f.Add(strings.Repeat("é", 1200))
	f.Fuzz(func(t *testing.T, s string) {
		code, sup := Detect(s)
		if code == "" || (code == Undetermined && sup) || sup != Supported(code) {
			t.Fatalf("Detect(%q) = %q, %v", s, code, sup)
		}
	})
}

func TestClearlyEnglish(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"The town council voted on Tuesday to close the old bridge after engineers found cracks in two of its supports, and the mayor said that it was the right decision for the city.", true},
		{"Le conseil municipal a voté mardi la fermeture du vieux pont après que des ingénieurs ont découvert des fissures dans deux piliers, et le maire a dit que la décision était juste pour la ville.", false},
		{"Der Stadtrat hat am Dienstag beschlossen, die alte Brücke zu schließen, nachdem Ingenieure Risse in zwei Pfeilern gefunden hatten, und der Bürgermeister sagte, es sei richtig.", false},
		{"Il consiglio comunale ha votato martedì la chiusura del vecchio ponte dopo che gli ingegneri hanno trovato crepe in due dei suoi pilastri, e il sindaco ha detto che era giusto.", false},
		{"The bridge closed.", false}, // too short to decide
	}
	for _, tc := range tests {
		if got := clearlyEnglish(tc.text); got != tc.want {
			t.Errorf("clearlyEnglish(%.40q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
