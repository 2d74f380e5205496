#pragma once
// The HMAC-SHA256 a waiting room signs with, under its own key (hex, kept with the room and
// never public): the passes of fans let in and the puzzles handed to fans joining.
#include <string>
#include <string_view>

namespace tw::services {

// The raw 32-byte MAC of `payload`.
std::string room_mac(std::string_view key_hex, std::string_view payload);
// True when `mac` is room_mac(key_hex, payload), compared in constant time.
bool room_mac_matches(std::string_view key_hex, std::string_view payload, std::string_view mac);

}  // namespace tw::services
