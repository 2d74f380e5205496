#include "redis/redis_address.h"

#include <charconv>
#include <optional>

namespace tw::redis {
namespace {

std::optional<int> to_int(std::string_view text) {
  int v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace

std::string RedisAddress::url() const {
  return "redis://" + host + ":" + std::to_string(port) + "/" + std::to_string(db) + "?prefix=" +
         prefix.substr(0, prefix.size() - 1);
}

core::Result<RedisAddress> parse_redis_url(std::string_view url) {
  constexpr std::string_view scheme = "redis://";
  auto bad = [&](const std::string& why) { return core::invalid("invalid_redis_url", "Redis URL: " + why); };
  if (!url.starts_with(scheme)) return bad("it must start with redis://");
  url.remove_prefix(scheme.size());
  RedisAddress out;
  if (const auto q = url.find('?'); q != std::string_view::npos) {
    std::string_view query = url.substr(q + 1);
    url = url.substr(0, q);
    constexpr std::string_view key = "prefix=";
    if (!query.starts_with(key) || query.size() == key.size()) return bad("the only option is prefix=NAME");
    out.prefix = std::string(query.substr(key.size())) + ":";
  }
  if (const auto slash = url.find('/'); slash != std::string_view::npos) {
    const auto db = to_int(url.substr(slash + 1));
    if (!db || *db < 0 || *db > 15) return bad("the database must be a number from 0 to 15");
    out.db = *db;
    url = url.substr(0, slash);
  }
  if (const auto colon = url.rfind(':'); colon != std::string_view::npos) {
    const auto port = to_int(url.substr(colon + 1));
    if (!port || *port < 1 || *port > 65535) return bad("the port must be a number from 1 to 65535");
    out.port = *port;
    url = url.substr(0, colon);
  }
  if (!url.empty()) out.host = std::string(url);
  return out;
}

}  // namespace tw::redis
