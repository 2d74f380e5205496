#include "http/address_range.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace tw::http {

std::optional<std::array<std::uint8_t, 16>> parse_ip(std::string_view address) {
  if (address.size() > 45) return std::nullopt;
  const std::string text(address);
  std::array<std::uint8_t, 16> out{};
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, &v4, 4);
    return out;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    std::memcpy(out.data(), &v6, 16);
    return out;
  }
  return std::nullopt;
}

std::optional<AddressRange> AddressRange::parse(std::string_view text) {
  const auto slash = text.find('/');
  auto ip = parse_ip(text.substr(0, slash));
  if (!ip) return std::nullopt;
  const bool v4 = (*ip)[10] == 0xff && (*ip)[11] == 0xff && std::all_of(ip->begin(), ip->begin() + 10, [](auto b) {
    return b == 0;
  });
  int bits = v4 ? 32 : 128;
  if (slash != std::string_view::npos) {
    const auto digits = text.substr(slash + 1);
    const auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
    if (ec != std::errc() || p != digits.data() + digits.size() || bits < 0 || bits > (v4 ? 32 : 128)) {
      return std::nullopt;
    }
  }
  AddressRange r;
  r.bytes_ = *ip;
  r.bits_ = v4 ? bits + 96 : bits;
  return r;
}

std::optional<std::vector<AddressRange>> AddressRange::parse_list(std::string_view text) {
  std::vector<AddressRange> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    auto part = text.substr(0, comma);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    auto r = parse(part);
    if (!r) return std::nullopt;
    out.push_back(*r);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}

bool AddressRange::contains(std::string_view address) const {
  const auto ip = parse_ip(address);
  if (!ip) return false;
  int left = bits_;
  for (std::size_t i = 0; i < 16 && left > 0; ++i, left -= 8) {
    const std::uint8_t mask = left >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - left));
    if (((*ip)[i] & mask) != (bytes_[i] & mask)) return false;
  }
  return true;
}

}  // namespace tw::http
