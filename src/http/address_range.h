#pragma once
// An IP address range in CIDR form ("127.0.0.1/32", "10.0.0.0/8", "::1/128"): which peers are
// trusted proxies. IPv4 and IPv6; an IPv4-mapped IPv6 address (::ffff:a.b.c.d) matches as the
// IPv4 address it carries.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tw::http {

class AddressRange {
 public:
  // "ADDR" (a single address) or "ADDR/BITS"; empty when malformed.
  static std::optional<AddressRange> parse(std::string_view text);
  // A comma-separated list; empty optional when any part is malformed.
  static std::optional<std::vector<AddressRange>> parse_list(std::string_view text);
  bool contains(std::string_view address) const;

 private:
  std::array<std::uint8_t, 16> bytes_{};  // IPv4 as ::ffff:a.b.c.d
  int bits_ = 0;                          // prefix length over the 128-bit form
};

// The address as 16 bytes (IPv4 mapped into IPv6); empty when it is not an IP address.
std::optional<std::array<std::uint8_t, 16>> parse_ip(std::string_view address);

}  // namespace tw::http
