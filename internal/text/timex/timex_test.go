package timex

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestResolve(t *testing.T) {
	t.Parallel()
	fri := day(2017, 1, 6) // Friday 6 January 2017
	sun := day(1998, 3, 1) // Sunday 1 March 1998
	tests := []struct {
		text string // the expression is the part in [brackets]
		dct  time.Time
		want string // TimeML value; "" means unresolved
	}{
		// Weekdays by tense and modifier.
		{"Santiago, 26, should face a judge on [Monday] in Fort Lauderdale.", fri, "2017-01-09"},
		{"Santiago will appear in federal court on [Monday].", fri, "2017-01-09"},
		{"Santiago was arrested on [Monday] after the shooting.", fri, "2017-01-02"},
		{"Police said [Friday] that five people died.", fri, "2017-01-06"},
		{"The airport reopened [last Monday].", fri, "2017-01-02"},
		{"Talks resume [next Monday].", fri, "2017-01-09"},
		{"The officials met [last Friday].", fri, "2016-12-30"},
		{"Officials are meeting [this coming Sunday].", fri, "2017-01-08"},
		{"Concern may have been responsible for a drop on [Wednesday].", fri, "2017-01-04"},
		{"The plan was announced on [Tuesday].", fri, "2017-01-03"},
		// Deictic days.
		{"The market closed higher [yesterday].", fri, "2017-01-05"},
		{"Shares rose [late yesterday].", fri, "2017-01-05"},
		{"The court rules [tomorrow].", fri, "2017-01-07"},
		{"Polls closed [today].", fri, "2017-01-06"},
		// Weeks, months and years relative to the DCT.
		{"Prices fell [last week].", sun, "1998-W08"},
		{"Talks open [next week].", sun, "1998-W10"},
		{"It happened [this week].", sun, "1998-W09"},
		{"The law passed [two weeks ago].", sun, "1998-W07"},
		{"Sales rose [this year].", sun, "1998"},
		{"Sales rose [last year].", sun, "1997"},
		{"Sales will rise [next year].", sun, "1999"},
		{"Profit was $5 million [a year earlier].", sun, "1997"},
		{"compared with [year-earlier] net income", sun, "1997"},
		{"The war ended [nearly four years ago].", sun, "1994"},
		{"[Earlier this year], the firm said no.", sun, "1998"},
		{"[Earlier this month], the firm said no.", sun, "1998-03"},
		{"It fell [last month].", sun, "1998-02"},
		{"Use was delayed [earlier in the year] by rain.", sun, "1998"},
		{"It closed [five months ago].", sun, "1997-10"},
		{"He left [10 days ago].", sun, "1998-02-19"},
		// Months without a year.
		{"Prices fell [last April].", day(1998, 4, 10), "1997-04"},
		{"Prices fell [last April].", day(1998, 7, 10), "1998-04"},
		{"The vote is due [next June].", day(1998, 7, 10), "1999-06"},
		{"The group overran Tadmur in [May].", day(2015, 11, 1), "2015-05"},
		{"The talks resume in [December].", day(2015, 11, 1), "2015-12"},
		{"Repairs were planned for [April].", day(2026, 3, 10), "2026-04"},
		{"Repairs were made in [April].", day(2026, 3, 10), "2025-04"},
		{"Guidelines to be published in [early November] will decide.", day(1989, 10, 30), "1989-11"},
		{"The firm was founded in [June last year].", sun, "1997-06"},
		{"[January this year] was warm.", sun, "1998-01"},
		// Days of a month.
		{"The deal closes [Jan. 5].", day(1989, 12, 28), "1990-01-05"},
		{"For the quarter ended [Sept. 30], net rose.", day(1989, 11, 2), "1989-09-30"},
		{"In the year ended [March 31], it earned $5.", day(1989, 10, 31), "1989-03-31"},
		{"He will be there [this coming Sunday, March eighth].", day(1998, 3, 5), "1998-03-08"},
		{"It opens on [Saturday, April 25].", day(1998, 4, 24), "1998-04-25"},
		{"It happened on [the 5th of May].", day(1998, 6, 24), "1998-05-05"},
		{"Due on [Oct. 15, 1999].", sun, "1999-10-15"},
		{"Not a day: [February 30].", sun, ""},
		// Written years, decades, anaphora.
		{"Earnings for [fiscal 1989] rose.", sun, "1989"},
		{"In [mid-1996] it failed.", sun, "1996"},
		{"Born in [nineteen ninety-six].", sun, "1996"},
		{"By [the year two thousand], all will change.", sun, "2000"},
		{"Imports in [August 1988] fell.", sun, "1988-08"},
		{"Music of [the 1990s].", sun, "199"},
		{"On May 22, 1995, he was promoted, and [the following year] he left.", sun, "1996"},
		{"Sales were $37 million in 1988, a small share of imports [that year].", sun, "1988"},
		{"Rights terminate on Nov. 30. Until [then], the stock converts.", day(1989, 10, 30), "1989-11-30"},
		{"He was charged on Monday and freed [the following day].", fri, "2017-01-03"},
		{"Nothing dated comes before [then].", fri, ""},
		// Not dates.
		{"Profit rose in [the third quarter].", sun, ""},
		{"They left for [the weekend].", sun, ""},
	}
	for _, tc := range tests {
		i, j := strings.IndexByte(tc.text, '['), strings.IndexByte(tc.text, ']')
		text := tc.text[:i] + tc.text[i+1:j] + tc.text[j+1:]
		v, ok := Resolve(text, i, j-1, tc.dct)
		got := v.String()
		if !ok {
			got = ""
		}
		if got != tc.want {
			t.Errorf("Resolve(%q, dct %s) = %q, want %q", tc.text, tc.dct.Format(time.DateOnly), got, tc.want)
		}
	}
}

func TestResolve_Undated(t *testing.T) {
	t.Parallel()
	tests := []struct{ text, want string }{
		{"Talks were held on 30 October 2015 in Vienna.", "2015-10-30"},
		{"The attack began late on Saturday.", ""},
		{"Prices fell last week.", ""},
		{"Sales rose in 1995.", "1995"},
	}
	for _, tc := range tests {
		sp := Find(tc.text)
		if len(sp) != 1 {
			t.Errorf("Find(%q) = %v, want one expression", tc.text, sp)
			continue
		}
		v, ok := Resolve(tc.text, sp[0].Start, sp[0].End, time.Time{})
		if got := v.String(); ok != (tc.want != "") || got != tc.want {
			t.Errorf("Resolve(%q, no dct) = %q, %v; want %q", tc.text, got, ok, tc.want)
		}
	}
}

func TestResolve_BadSpan(t *testing.T) {
	t.Parallel()
	for _, sp := range [][2]int{{-1, 3}, {3, 3}, {5, 2}, {0, 99}} {
		if v, ok := Resolve("Monday", sp[0], sp[1], day(2017, 1, 6)); ok {
			t.Errorf("Resolve(span %v) = %v, want no value", sp, v)
		}
	}
}

func TestFind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want []string
	}{
		{"Santiago, 26, should face a judge on Monday, police said on Friday.", []string{"Monday", "Friday"}},
		{"Theresa May said in May that $1990 was paid in 1990.", []string{"May", "1990"}},
		{"The deal, announced Sept. 30, 1989, closes early next year.", []string{"Sept. 30, 1989", "early next year"}},
		{"He left two years ago and returned last week; yesterday he spoke.", []string{"two years ago", "last week", "yesterday"}},
		{"Rain fell late on Saturday, after a dry March 2015 and the 1990s.", []string{"Saturday", "March 2015", "the 1990s"}},
		{"Today's vote follows the 1987 crash and a June agreement.", []string{"Today", "1987", "June"}},
		{"It will close by year-end, after the end of the month; in nineteen seventy-nine it was not.", []string{"year-end", "the end of the month", "nineteen seventy-nine"}},
		{"It sold 2015 cars and paid $1990 for the fiscal year.", []string{"the fiscal year"}},
		{"We will march on.", nil},
		{"He worked in Marketing in Mayfield, then in Jan. and on'Monday.", []string{"Jan.", "Monday"}},
	}
	for _, tc := range tests {
		var got []string
		for _, sp := range Find(tc.text) {
			got = append(got, tc.text[sp.Start:sp.End])
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("Find(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestValueString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    Value
		want string
	}{
		{Value{day(2017, 1, 9), Day}, "2017-01-09"},
		{weekValue(day(1998, 3, 1)), "1998-W09"},
		{weekValue(day(2021, 1, 3)), "2020-W53"},
		{Value{day(1998, 3, 1), Month}, "1998-03"},
		{Value{day(1998, 1, 1), Year}, "1998"},
		{Value{day(1990, 1, 1), Decade}, "199"},
		{Value{}, ""},
	}
	for _, tc := range tests {
		if got := tc.v.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func FuzzResolve(f *testing.F) {
	f.Add("Santiago should face a judge on Monday.", 32, 38)
	f.Add("last week", 0, 9)
	f.Add("the year two thousand and", 0, 25)
	f.Add("March twenty", 0, 12)
	f.Add("Theresa May said in May, more than twenty years ago, that on Saturday, April 25, 2015 the 1990s ended.", 0, 5)
	f.Fuzz(func(t *testing.T, text string, start, end int) {
		if got, want := Find(text), findAll(text); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("Find(%q) = %v, but over the whole text %v", text, got, want)
		}
		v, ok := Resolve(text, start, end, day(2017, 1, 6))
		if ok && v.String() == "" {
			t.Fatalf("Resolve(%q, %d, %d) = %+v, true with an empty value", text, start, end, v)
		}
		for _, sp := range Find(text) {
			if sp.Start < 0 || sp.End > len(text) || sp.Start >= sp.End {
				t.Fatalf("Find(%q) gave span %v", text, sp)
			}
			Resolve(text, sp.Start, sp.End, day(2017, 1, 6))
		}
	})
}

func BenchmarkFind(b *testing.B) {
	var sb strings.Builder
	for i := range 200 {
		sb.WriteString("The mayor said the bridge supports were corroded and the inspection report was late. ")
		if i%10 == 0 {
			sb.WriteString("Divers searched the river on Tuesday and will resume next week, police said in May 2015. ")
		}
	}
	text := sb.String()
	if n := len(Find(text)); n != 60 {
		b.Fatalf("Find found %d expressions, want 60", n)
	}
	b.ReportAllocs()
	for b.Loop() {
		Find(text)
	}
}
