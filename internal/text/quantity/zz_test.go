package quantity

import (
	"fmt"
	"testing"
)

func TestZZ(t *testing.T) {
	for _, s := range []string{"1 Dead, 3 Injured In Jersey City Shooting", "A gunman killed one person and wounded five others Wednesday", "Five people were shot during an incident", "15-Year-Old Dead, 6 Shot After Dice Game Goes Bad", "3 Killed, 2 Injured After Shooting", "wounded three teens out", "a shooting that injured five late Saturday night.", "Six others were injured in the shooting", "killing one man and wounding five others"} {
		for _, m := range Extract(s) {
			fmt.Printf("%q: %s\n", s, brief(m))
		}
	}
}
