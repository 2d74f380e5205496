#pragma once
// Event slugs are the public, URL-safe names of events: lower-case letters and digits in words
// joined by single hyphens, 1 to 80 characters.
#include <string>
#include <string_view>

namespace tw::core {

inline constexpr std::size_t kMaxSlugLength = 80;

bool is_valid_slug(std::string_view s);

// A best-effort slug from a title ("The Weeknd: After Hours" -> "the-weeknd-after-hours");
// empty when nothing usable remains.
std::string slugify(std::string_view title);

}  // namespace tw::core
