package fetch

import (
	"fmt"
	"net/netip"
	"syscall"
)

// blockedPrefixes are the networks that are not the public internet; a
// fetch reaches them only where the configuration opens them.
var blockedPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this" network
	netip.MustParsePrefix("10.0.0.0/8"),      // private
	netip.MustParsePrefix("100.64.0.0/10"),   // CGNAT (also Alibaba's metadata 100.100.100.200)
	netip.MustParsePrefix("127.0.0.0/8"),     // loopback
	netip.MustParsePrefix("169.254.0.0/16"),  // link-local, cloud metadata 169.254.169.254
	netip.MustParsePrefix("172.16.0.0/12"),   // private
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("192.168.0.0/16"),  // private
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("224.0.0.0/4"),     // multicast
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, broadcast
	netip.MustParsePrefix("::/128"),          // unspecified
	netip.MustParsePrefix("::1/128"),         // loopback
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("100::/64"),        // discard
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("fc00::/7"),        // unique local (also AWS metadata fd00:ec2::254)
	netip.MustParsePrefix("fe80::/10"),       // link-local
	netip.MustParsePrefix("ff00::/8"),        // multicast
}

// refusedPrefixes are never reached, whatever the configuration allows:
// link-local networks, where the cloud metadata services answer
// (169.254.169.254, fd00:ec2::254; Alibaba's 100.100.100.200), hand out
// credentials to whoever asks.
var refusedPrefixes = []netip.Prefix{
	netip.MustParsePrefix("169.254.0.0/16"),     // link-local, cloud metadata 169.254.169.254
	netip.MustParsePrefix("fe80::/10"),          // link-local
	netip.MustParsePrefix("fd00:ec2::254/128"),  // AWS metadata over IPv6
	netip.MustParsePrefix("100.100.100.200/32"), // Alibaba Cloud metadata
	netip.MustParsePrefix("0.0.0.0/8"),          // "this" network: 0.0.0.0 reaches the local host
	netip.MustParsePrefix("::/128"),             // unspecified
}

// PrivatePrefixes are the networks a bare --allow-private opens: loopback
// and the private ranges (RFC 1918, CGNAT, unique local), for local
// testing. The always refused ones stay closed.
var PrivatePrefixes = []netip.Prefix{
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("::1/128"),
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("fc00::/7"),
}

// canonical returns the address a connection to addr reaches: IPv4-mapped
// and NAT64 (64:ff9b::/96) IPv6 addresses are the IPv4 address they carry.
func canonical(addr netip.Addr) netip.Addr {
	addr = addr.Unmap()
	if addr.Is6() && netip.MustParsePrefix("64:ff9b::/96").Contains(addr) {
		b := addr.As16()
		addr = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	}
	return addr
}

// IsPublic tells whether addr is on the public internet. IPv4-mapped and
// NAT64 (64:ff9b::/96) IPv6 addresses are judged by the IPv4 address
// they carry.
func IsPublic(addr netip.Addr) bool {
	addr = canonical(addr)
	if !addr.IsValid() || IsRefused(addr) {
		return false
	}
	for _, p := range blockedPrefixes {
		if p.Contains(addr) {
			return false
		}
	}
	return true
}

// IsRefused tells whether addr is one that is never reached, whatever the
// configuration allows: link-local and cloud-metadata addresses, the
// unspecified and "this network" ones, IPv4-mapped and NAT64 forms
// included.
func IsRefused(addr netip.Addr) bool {
	addr = canonical(addr)
	if !addr.IsValid() {
		return true
	}
	for _, p := range refusedPrefixes {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// OverlapsRefused tells whether prefix p holds an address that is always
// refused, so that opening it would be a mistake.
func OverlapsRefused(p netip.Prefix) bool {
	if a := p.Addr(); a.Is6() && p.Bits() >= 96 && canonical(a).Is4() {
		p = netip.PrefixFrom(canonical(a), p.Bits()-96).Masked()
	}
	for _, r := range refusedPrefixes {
		if r.Overlaps(p) {
			return true
		}
	}
	// A wide IPv6 network may hold the IPv4-mapped or NAT64 forms.
	for _, a := range []string{"::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe"} {
		if p.Contains(netip.MustParseAddr(a)) {
			return true
		}
	}
	return false
}

// Allowed tells whether the fetcher may connect to addr: a public address,
// or one in the networks the configuration opens (AllowPrivate,
// AllowedPrefixes), never an always refused one (see [IsRefused]).
func (c Config) Allowed(addr netip.Addr) bool {
	addr = canonical(addr)
	if IsRefused(addr) {
		return false
	}
	if IsPublic(addr) {
		return true
	}
	if c.AllowPrivate {
		for _, p := range PrivatePrefixes {
			if p.Contains(addr) {
				return true
			}
		}
	}
	for _, p := range c.AllowedPrefixes {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// allowed tells whether the fetcher may connect to addr.
func (f *Fetcher) allowed(addr netip.Addr) bool { return f.cfg.Allowed(addr) }

// control runs after DNS resolution, just before each connection is made,
// so neither a hostname that resolves to a private address nor a redirect
// to one gets through.
func (f *Fetcher) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: unparsable address %q", ErrPrivateAddress, address)
	}
	if !f.allowed(ap.Addr()) {
		return fmt.Errorf("%w: %s", ErrPrivateAddress, ap.Addr())
	}
	return nil
}
