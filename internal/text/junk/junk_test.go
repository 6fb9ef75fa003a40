package junk

import "testing"

func TestReason(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		// Prose stays.
		{"prose", "Five people were killed and six wounded at the airport on Friday.", ""},
		{"prose with a time", "2:30 p.m. was when the first call came in, police said.", ""},
		{"prose that names a network", "The suspect posted threats on Facebook before the attack.", ""},
		{"prose with a link in it", "Tips can be sent through www.tips.example.org or by phone to the department at any hour.", ""},
		{"prose in lower case", "Police said the gunman acted alone, according to a statement.", ""},
		{"sentence opening with a brand", "iPhone sales rose sharply in the quarter, the company said.", ""},
		{"video described in prose", "The video shows people running away from the gunfire.", ""},
		{"no final stop but complete", "A man was injured in a shooting at a Florida airport", ""},
		{"party marker", "Sen. John Smith (R) said the bill would pass.", ""},
		{"year at the end", "The plant closed in 2016.", ""},
		{"questions", "What happened next?", ""},

		{"bare URL", "https://www.example.org/disaster-response", URL},
		{"URL and a few words", "More at http://example.com/story now", URL},
		{"tweet signature", "pic.twitter.com/abc123 — Jane Roe (@janeroe) January 11, 2017", URL},

		{"playlist entry", "1:56 Protesters march against the order at the airport Pause", Player},
		{"playlist entry without pause", "0:41 Person detained after hotel incident", Player},
		{"player notice", "Media playback is unsupported on your device", Player},
		{"browser notice", "Your browser does not support the video tag.", Player},

		{"posted line", "Posted: 08 / 02 / 2013 11: 10 am EDT", Timestamp},
		{"updated line", "Updated 3:45 PM ET, Sat January 7, 2017", Timestamp},
		{"live blog times", "The latest on the crash (all times local): 12:10 p.m.", Timestamp},

		{"follow prompt", "Follow CBSMIAMI.COM: Facebook | Twitter", Social},
		{"newsletter", "Sign up for our newsletter to get the day's top stories.", Social},
		{"form", "You must enter the characters with black color that stand out", Social},
		{"copyright", "Copyright 2017 The Example Press. All rights reserved.", Social},

		{"wire photo credit", "Officers stand guard outside the terminal. (AP Photo/Jane Roe)", Caption},
		{"gallery counter", "Image 4 of 5 Police at the scene on Saturday night.", Caption},
		{"buy photo", "Buy Photo Investigators remain on scene Wednesday.", Caption},
		{"photo shows", "A photo provided by a witness shows the suspect in custody.", Caption},
		{"caption date", "An armed man patrols a square in front of the airport, Friday, Feb. 28, 2014.", Caption},
		{"left and right", "Jane Roe (l.) was killed and her husband (r.) was hurt.", Caption},

		{"related links", "Related Articles January 9, 2017 Man dead after shootout outside club", Nav},
		{"continue reading", "Photo advertisement continue reading the main story kiev, ukraine — the government said.", Nav},
		{"pipes", "Home | News | Sports | Weather", Nav},

		{"lost start", "and then he drove away from the scene, police said.", Cut},
		{"number from the sentence before", "9, but the survey said it was lower.", Cut},
		{"closing bracket first", "1 rating / 33 share) and women 25 - 54 (19.", Cut},
		{"dangling end", "Officials said the men were taken to the hospital where the", Cut},
		{"cut at an initial", "Lohan bailed on rehab and flew to L.", Cut},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Reason(tc.in); got != tc.want {
				t.Errorf("Reason(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if got := Is(tc.in); got != (tc.want != "") {
				t.Errorf("Is(%q) = %v, want %v", tc.in, got, tc.want != "")
			}
		})
	}
}

func FuzzReason(f *testing.F) {
	for _, s := range []string{"", "1:56 Play", "a", ")", "(", "x.", "Follow us on Twitter", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := Reason(s)
		switch r {
		case "", URL, Player, Timestamp, Social, Caption, Nav, Cut:
		default:
			t.Fatalf("Reason(%q) = %q: not a known reason", s, r)
		}
	})
}

func BenchmarkReason(b *testing.B) {
	s := "Officials say 26-year-old Esteban Santiago, an Army veteran, loaded his weapon in a bathroom stall before opening fire."
	if Is(s) {
		b.Fatal("prose marked as junk")
	}
	b.ReportAllocs()
	for b.Loop() {
		Reason(s)
	}
}
