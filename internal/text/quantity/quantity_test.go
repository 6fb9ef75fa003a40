package quantity

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

// brief renders a mention as kind/subject/unit=value with its hedge and
// update mark, for comparing in tables.
func brief(m Mention) string {
	s := fmt.Sprintf("%s/%s/%s=%s", m.Kind, m.Subject, m.Unit, Format(m.Value))
	if m.Hedge != "" {
		s += " " + m.Hedge
	}
	if m.Update {
		s += " update"
	}
	return s
}

func TestExtract(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"Two people are dead after a shooting.", []string{"killed//=2"}},
		{"At least 12 people were killed when the bridge fell.", []string{"killed//=12 at least"}},
		{"The number of people killed has risen to 15, police said.", []string{"killed//=15 update"}},
		{"The death toll rose to 15 on Wednesday.", []string{"killed//=15 update"}},
		{"Divers recovered three more bodies.", nil},
		{"A gunman opened fire, killing four people and wounding two others.", []string{"killed//=4", "injured//=2"}},
		{"Three men were shot, one fatally.", []string{"shot//=3"}},
		{"Two people were shot and killed.", []string{"killed//=2"}},
		{"Two officers were wounded.", []string{"injured/officers/=2"}},
		{"Two of the wounded are in critical condition.", nil},
		{"Police arrested two suspects on Friday.", []string{"arrested/suspects/=2"}},
		{"Miami man killed 2 daughters in car before shooting himself", []string{"killed//=2"}},
		{"His two sons were killed in the crash.", []string{"killed//=2"}},
		{"More than 20 people were injured.", []string{"injured//=20 more than"}},
		{"Twenty-two people were hurt.", []string{"injured//=22"}},
		{"A 24-year-old man was shot in the leg.", []string{"age/man/=24"}},
		{"John Smith, 43, of Tulsa was arrested.", []string{"age/smith/=43"}},
		{"The victim, identified as Maria Lopez, 19, died at the scene.", []string{"age/lopez/=19"}},
		{"Smith, a 31-year-old father of two, was killed.", []string{"age/smith/=31"}},
		{"24-year-old Jamal Brown died.", []string{"age/brown/=24"}},
		{"It left 18-year-old Anthony D. Ray dead.", []string{"age/ray/=18"}},
		{"The gunfire killed an 18-year-old Tuesday night.", []string{"age//=18"}},
		{"The boy, aged 12, was hurt.", []string{"age//=12"}},
		{"He was shot 3 times in the chest.", nil},
		{"The shooting happened at 2:30 a.m. on Jan. 5, 2016.", nil},
		{"The Red Sox offered Teixeira an eight-year, $200 million contract.", []string{"duration/contract/year=8", "money/contract/USD=200000000"}},
		{"Bail was set at $50,000.", []string{"money/bail/USD=50000"}},
		{"He was freed after meeting the $3 million bond requirements.", []string{"money/bail/USD=3000000"}},
		{"A 6.1-magnitude earthquake struck.", []string{"magnitude//magnitude=6.1"}},
		{"The quake measured magnitude 5.8 on Sunday.", []string{"magnitude//magnitude=5.8"}},
		{"Maheen lies 20 km from Damascus.", []string{"measure/from/km=20"}},
		{"Some 250,000 people have been killed in the war.", []string{"killed//=250000 some"}},
		{"A dozen people were evacuated.", []string{"evacuated//=12"}},
		{"Jones, 30; and Jerry Coleman, 31 all died.", []string{"age/jones/=30"}},
		{"In Chicago, 12 people were shot.", []string{"shot//=12"}},
		{"5-Year-Old Shot, Teen Killed In Separate Incidents", []string{"age//=5"}},
		{"Police: 6 killed, 2 injured", []string{"killed//=6", "injured//=2"}},
		{"Five shot at Southern Pines billiards bar", []string{"shot//=5"}},
		{"Navy forces captured 23 suspected Somali pirates.", []string{"arrested/suspects/=23"}},
		{"He was sentenced to 10 years in prison.", []string{"duration/sentence/year=10"}},
		{"an eight-year, $200 million contract", []string{"duration/contract/year=8", "money/contract/USD=200000000"}},
		{"Two years ago he moved to Tulsa.", nil},
		{"The mother of a 9 or 10 year old boy arrived.", []string{"age/boy/=10 9 or"}},
		{"Between 20 and 25 people were hurt.", []string{"injured//=25 20 and"}},
		{"It went from 20 to 25 people hurt.", []string{"injured//=25"}},
		{"Five people remain missing.", []string{"missing//=5"}},
		{"1 Dead, 3 Injured In Jersey City Shooting", []string{"killed//=1", "injured//=3"}},
		{"15-Year-Old Dead, 6 Shot After Dice Game Goes Bad", []string{"age//=15", "shot//=6"}},
		{"It happened on Sunday. Five people were shot during an incident there.", []string{"shot//=5"}},
		{"Police are investigating a shooting that injured five late Saturday night.", []string{"injured//=5"}},
		{"The spray of gunfire wounded three teens out celebrating.", []string{"injured//=3"}},
		{"The shooting killed a girl and wounded three other teens.", []string{"injured//=3"}},
		{"The shooting killed 21-year-old Juwan Boykin and injured eight other people.", []string{"age/boykin/=21", "injured//=8"}},
		{"Police found two other bodies on Tuesday.", nil},
		{"He shot his wife, then shot three other people in the apartment.", nil},
		{"The flood was on Jan. 5 and the bridge fell on 7 March.", nil},
		{"He had been missing for two days.", nil},
		{"Five people were missing after the flood.", []string{"missing//=5"}},
	}
	for _, tc := range tests {
		var got []string
		for _, m := range Extract(tc.in) {
			got = append(got, brief(m))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Extract(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCompatible(t *testing.T) {
	t.Parallel()
	one := func(s string) Mention {
		ms := Extract(s)
		if len(ms) != 1 {
			t.Fatalf("Extract(%q) = %v, want one mention", s, ms)
		}
		return ms[0]
	}
	tests := []struct {
		a, b string
		want bool
	}{
		{"At least 12 people were killed.", "15 people were killed.", true},
		{"More than 20 people were injured.", "20 people were injured.", false},
		{"Two people were killed.", "Four people were killed.", false},
		{"About 30 people were evacuated.", "32 people were evacuated.", true},
		{"Up to 10 people were missing.", "12 people were missing.", false},
		{"Twenty to 25 people were hurt.", "22 people were hurt.", true},
		{"Twenty to 25 people were hurt.", "30 people were hurt.", false},
	}
	for _, tc := range tests {
		if got := Compatible(one(tc.a), one(tc.b)); got != tc.want {
			t.Errorf("Compatible(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
	if m := one("At least 12 people were killed."); !math.IsInf(m.Max, 1) || m.Min != 12 {
		t.Errorf("at least 12: range %v..%v", m.Min, m.Max)
	}
}

func TestExtract_Offsets(t *testing.T) {
	t.Parallel()
	s := "Police said at least 12 people were killed."
	ms := Extract(s)
	if len(ms) != 1 || s[ms[0].Start:ms[0].End] != "at least 12 people were killed" {
		t.Fatalf("Extract(%q) = %+v, want the span \"at least 12 people were killed\"", s, ms)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("At least 12 people were killed and 20-year-old Smith, 43, was hurt; $5 million bail.")
	f.Add("twenty-")
	f.Fuzz(func(t *testing.T, s string) {
		for _, m := range Extract(s) {
			if m.Start < 0 || m.End > len(s) || m.Start > m.End {
				t.Fatalf("bad span %d..%d in %q", m.Start, m.End, s)
			}
			if m.Min > m.Value+1e-6 && m.Hedge == "" {
				t.Fatalf("range %v..%v excludes the value %v", m.Min, m.Max, m.Value)
			}
		}
	})
}
