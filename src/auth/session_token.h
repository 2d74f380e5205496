#pragma once
// Session tokens: 256 random bits, given to the client base64url-encoded. The database keeps
// only their SHA-256 (hex), so a leaked database cannot be replayed as sessions. The CSRF token
// of a session is derived from its token, so no extra state is kept for it.
#include <string>
#include <string_view>

namespace tw::auth {

std::string new_session_token();
std::string token_hash(std::string_view token);
std::string csrf_token_for(std::string_view token);
// True for strings that can be tokens (43 base64url characters): cheap filter before lookups.
bool looks_like_token(std::string_view token);

}  // namespace tw::auth
