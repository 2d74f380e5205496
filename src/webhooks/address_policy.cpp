#include "webhooks/address_policy.h"

#include <arpa/inet.h>

#include <array>
#include <cstdint>
#include <cstring>

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

bool public_v6(const unsigned char* b) {
  static const unsigned char kV4Mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(b, kV4Mapped, 12) == 0) {
    return public_v4(std::uint32_t{b[12]} << 24 | std::uint32_t{b[13]} << 16 | std::uint32_t{b[14]} << 8 | b[15]);
  }
  const bool unspecified_or_loopback = std::all_of(b, b + 15, [](unsigned char c) { return c == 0; });
  if (unspecified_or_loopback) return false;           // :: and ::1
  if ((b[0] & 0xfe) == 0xfc) return false;              // fc00::/7 unique local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return false;  // fe80::/10 link-local
  if (b[0] == 0xff) return false;                       // multicast
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return false;  // documentation
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) return false;  // NAT64
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
