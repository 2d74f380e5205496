#include "auth/device_name.h"

#include <array>
#include <utility>

namespace tw::auth {
namespace {

using Pair = std::pair<std::string_view, std::string_view>;  // what the User-Agent says, what we say

// Order matters: Chromium-based browsers also say "Chrome" and "Safari"; Chrome says "Safari";
// Android says "Linux"; iOS says "Mac OS X".
constexpr std::array kBrowsers{
    Pair{"Edg/", "Edge"},        Pair{"OPR/", "Opera"},     Pair{"SamsungBrowser/", "Samsung Internet"},
    Pair{"Firefox/", "Firefox"}, Pair{"FxiOS/", "Firefox"}, Pair{"CriOS/", "Chrome"},
    Pair{"Chromium/", "Chromium"}, Pair{"Chrome/", "Chrome"}, Pair{"Safari/", "Safari"},
    Pair{"curl/", "curl"},       Pair{"node", "a Node.js program"}};

constexpr std::array kSystems{
    Pair{"iPhone", "iPhone"}, Pair{"iPad", "iPad"},     Pair{"Android", "Android"}, Pair{"CrOS", "ChromeOS"},
    Pair{"Windows", "Windows"}, Pair{"Mac OS X", "macOS"}, Pair{"Macintosh", "macOS"}, Pair{"Linux", "Linux"}};

template <std::size_t N>
std::string_view first_named(std::string_view ua, const std::array<Pair, N>& table) {
  for (const auto& [mark, name] : table) {
    if (ua.find(mark) != std::string_view::npos) return name;
  }
  return {};
}

}  // namespace

std::string device_name(std::string_view user_agent) {
  const auto browser = first_named(user_agent, kBrowsers);
  const auto system = first_named(user_agent, kSystems);
  if (browser.empty() && system.empty()) return "Unknown browser";
  if (browser.empty()) return "A browser on " + std::string(system);
  if (system.empty()) return std::string(browser) + " on an unknown system";
  return std::string(browser) + " on " + std::string(system);
}

}  // namespace tw::auth
