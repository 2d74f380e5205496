#pragma once
// How the account page names a signed-in device: "Firefox on Windows", "Safari on iPhone".
// A User-Agent is the client's to write, so this is a hint for the fan, never a fact to rely on.
#include <string>
#include <string_view>

namespace tw::auth {

// "Unknown browser" when nothing is recognised; "… on an unknown system" for a known browser
// on a system it does not name.
std::string device_name(std::string_view user_agent);

}  // namespace tw::auth
