#pragma once
// Text made safe inside XML and HTML, as element content or a quoted attribute: & < > " ' escaped.
#include <string>
#include <string_view>

namespace tw::core {

std::string xml_escaped(std::string_view s);

}  // namespace tw::core
