#pragma once
// The HMAC-SHA256 a waiting room signs with, under its own key (hex, kept with the room and
// never public): the passes of fans let in and the puzzles handed to fans joining.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tw::services {

// The raw 32-byte MAC of `payload`.
std::string room_mac(std::string_view key_hex, std::string_view payload);
// True when `mac` is room_mac(key_hex, payload), compared in constant time.
bool room_mac_matches(std::string_view key_hex, std::string_view payload, std::string_view mac);

// Reading a signed text's fields: `text` cut at every `sep`; a field as a whole non-negative
// number, or -1 when it is not one.
std::vector<std::string_view> split_fields(std::string_view text, char sep);
std::int64_t field_number(std::string_view field);

}  // namespace tw::services
