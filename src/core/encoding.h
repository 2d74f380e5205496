#pragma once
// Bytes as text and back: hex; base64 (RFC 4648 §4: mail bodies, CSP hashes); and base64url
// without padding (§5: session tokens, ticket codes, queue passes, page cursors). One codec for
// all of them, libsodium's (constant-time, so secrets are safe to encode), instead of a private
// copy in each module that needed one.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace tw::core {

std::string hex(std::span<const unsigned char> bytes);
// Empty when `text` is not whole bytes of hex.
std::optional<std::string> from_hex(std::string_view text);
std::string base64(std::string_view bytes);
std::string base64url(std::span<const unsigned char> bytes);
std::string base64url(std::string_view bytes);
// Empty when `text` is not unpadded base64url.
std::optional<std::string> from_base64url(std::string_view text);
// `bytes` random bytes (the operating system's generator), as hex.
std::string random_hex(std::size_t bytes);

}  // namespace tw::core
