#include "webhooks/address_policy.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>

namespace tw::webhooks {
namespace {

struct Range4 {
  std::uint32_t network;
  int bits;
};

// Not public (RFC 6890 and friends): this network, private, shared (CGNAT), loopback, link-local,
// IETF, documentation, benchmarking, multicast, reserved, broadcast.
constexpr std::array<Range4, 13> kNonPublic4{{{0x00000000, 8},
                                             {0x0A000000, 8},
                                             {0x64400000, 10},
                                             {0x7F000000, 8},
                                             {0xA9FE0000, 16},
                                             {0xAC100000, 12},
                                             {0xC0000000, 24},
                                             {0xC0000200, 24},
                                             {0xC0A80000, 16},
                                             {0xC6120000, 15},
                                             {0xC6336400, 24},
                                             {0xCB007100, 24},
                                             {0xE0000000, 3}}};

bool public_v4(std::uint32_t a) {
  for (const auto& r : kNonPublic4) {
    const std::uint32_t mask = r.bits == 0 ? 0 : ~std::uint32_t{0} << (32 - r.bits);
    if ((a & mask) == r.network) return false;
  }
  return true;
}

std::uint32_t v4_at(const unsigned char* b) {
  return std::uint32_t{b[0]} << 24 | std::uint32_t{b[1]} << 16 | std::uint32_t{b[2]} << 8 | b[3];
}

bool starts_with(const unsigned char* b, std::initializer_list<unsigned char> prefix) {
  return std::equal(prefix.begin(), prefix.end(), b);
}

// An IPv6 address that carries an IPv4 one reaches that IPv4 address: it is as public as it.
bool public_v6(const unsigned char* b) {
  if (starts_with(b, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff})) return public_v4(v4_at(b + 12));  // ::ffff:a.b.c.d
  if (starts_with(b, {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0})) return public_v4(v4_at(b + 12));  // NAT64 64:ff9b::/96
  if (starts_with(b, {0x20, 0x02})) return public_v4(v4_at(b + 2));  // 6to4 2002::/16
  if (std::all_of(b, b + 12, [](unsigned char c) { return c == 0; })) return false;  // ::, ::1, ::a.b.c.d (old)
  if (starts_with(b, {0, 0x64, 0xff, 0x9b, 0, 1})) return false;  // 64:ff9b:1::/48, local-use NAT64
  if (starts_with(b, {0x20, 0x01, 0, 0})) return false;           // Teredo 2001::/32: a tunnel to anywhere
  if (starts_with(b, {0x01, 0, 0, 0, 0, 0, 0, 0})) return false;  // 100::/64, discard
  if ((b[0] & 0xfe) == 0xfc) return false;                        // fc00::/7 unique local
  if (b[0] == 0xfe && (b[1] & 0x80) == 0x80) return false;        // fe80::/10 link-local, fec0::/10 site-local
  if (b[0] == 0xff) return false;                                 // multicast
  if (starts_with(b, {0x20, 0x01, 0x0d, 0xb8})) return false;     // documentation
  return true;
}

}  // namespace

bool is_public_address(std::string_view ip) {
  const std::string text(ip);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return public_v4(ntohl(v4.s_addr));
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) return public_v6(v6.s6_addr);
  return false;
}

std::string host_of(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "";
  auto rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (rest.starts_with('[')) return std::string(rest.substr(1, rest.find(']') - 1));
  return std::string(rest.substr(0, rest.find(':')));
}

core::Status check_webhook_url(std::string_view url) {
  auto bad = [](std::string why) { return core::invalid("invalid_webhook_url", "The webhook URL " + why); };
  if (url.size() > 2000) return bad("is longer than 2,000 characters");
  if (!url.starts_with("http://") && !url.starts_with("https://")) return bad("must start with http:// or https://");
  const auto authority = url.substr(url.find("://") + 3);
  if (authority.substr(0, authority.find_first_of("/?#")).find('@') != std::string_view::npos) {
    return bad("must not carry a user name or password");
  }
  for (unsigned char c : url) {
    if (c <= 0x20 || c >= 0x7f) return bad("must not contain spaces or control characters");
  }
  if (host_of(url).empty()) return bad("has no host");
  return core::Ok{};
}

}  // namespace tw::webhooks
